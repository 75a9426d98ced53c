import { Decimal } from 'decimal.js';
import { Dec, DomainError, isCurrencyCode, minorUnits, parseAmount, parsePositiveAmount, parseRate } from '@app/common';
import { isIsoDate } from '@app/ledger';
import { HUNDRED, SHARE_PATTERN } from '../domain/budget-rules';
import { isIsoAlpha3 } from '../members/iso-countries';
import { MEMBER_CODE } from '../shared/dto';
import { Column, Problem, RECORD_COLUMNS, SourceRow } from './opening-position.model';

const MAX_TEXT = 200;
const YEAR = /^\d{4}$/;

/** Reads the cells of one row, recording each problem against it. */
export class RowReader {
  ok = true;

  constructor(
    private readonly source: SourceRow,
    private readonly problems: Problem[],
  ) {
    const { required, optional } = RECORD_COLUMNS[source.kind];
    for (const column of Object.keys(source.cells) as Column[]) {
      if (!required.includes(column) && !optional.includes(column)) {
        this.fail(column, `not used by a ${source.kind} record; leave it empty`);
      }
    }
    for (const column of required) {
      if (source.cells[column] === undefined) this.fail(column, `required for a ${source.kind} record`);
    }
  }

  fail(field: string, message: string): void {
    this.ok = false;
    this.problems.push({ sheet: this.source.sheet, row: this.source.row, field, message });
  }

  raw(column: Column): string | undefined {
    return this.source.cells[column];
  }

  text(column: Column): string | undefined {
    const value = this.raw(column);
    if (value !== undefined && value.length > MAX_TEXT) {
      this.fail(column, `at most ${MAX_TEXT} characters`);
      return undefined;
    }
    return value;
  }

  date(column: Column): string | undefined {
    const value = this.raw(column);
    if (value === undefined) return undefined;
    if (!isIsoDate(value)) {
      this.fail(column, `'${value}' is not a calendar date YYYY-MM-DD`);
      return undefined;
    }
    return value;
  }

  year(column: Column): number | undefined {
    const value = this.raw(column);
    if (value === undefined) return undefined;
    if (!YEAR.test(value) || Number(value) < 1900 || Number(value) > 2999) {
      this.fail(column, `'${value}' is not a year between 1900 and 2999`);
      return undefined;
    }
    return Number(value);
  }

  memberCode(column: Column): string | undefined {
    const value = this.raw(column);
    if (value === undefined) return undefined;
    if (!MEMBER_CODE.test(value) || !isIsoAlpha3(value)) {
      this.fail(column, `'${value}' is not an assigned ISO 3166-1 alpha-3 country code in capitals, such as MEX`);
      return undefined;
    }
    return value;
  }

  currency(column: Column): string | undefined {
    const value = this.raw(column);
    if (value === undefined) return undefined;
    if (!isCurrencyCode(value)) {
      this.fail(
        column,
        `'${value}' ${messageOf(() => minorUnits(value, column)) ?? 'is not an ISO 4217 currency code'}`,
      );
      return undefined;
    }
    return value;
  }

  amount(
    column: Column,
    currency: string | undefined,
    positive: boolean,
  ): { value: Decimal; text: string } | undefined {
    const value = this.raw(column);
    if (value === undefined || currency === undefined) return undefined;
    try {
      const parsed = positive ? parsePositiveAmount(value, currency, column) : parseAmount(value, currency, column);
      return { value: parsed, text: value };
    } catch (error) {
      this.fail(column, `'${value}' ${describe(error)}`);
      return undefined;
    }
  }

  rate(column: Column): Decimal | undefined {
    const value = this.raw(column);
    if (value === undefined) return undefined;
    try {
      return parseRate(value, column);
    } catch (error) {
      this.fail(column, `'${value}' ${describe(error)}`);
      return undefined;
    }
  }

  share(column: Column): Decimal | undefined {
    const value = this.raw(column);
    if (value === undefined) return undefined;
    if (!SHARE_PATTERN.test(value) || new Dec(value).gt(HUNDRED)) {
      this.fail(column, `'${value}' is not a percentage from 0 to 100 with at most 4 decimals, such as 8.3333`);
      return undefined;
    }
    return new Dec(value);
  }
}

/** The message of the error `work` throws, if it throws one. */
function messageOf(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    return describe(error);
  }
  return undefined;
}

function describe(error: unknown): string {
  if (error instanceof DomainError) return error.errors?.[0]?.message ?? error.message;
  return error instanceof Error ? error.message : String(error);
}
