import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import { DomainError, ErrorCode, validationError } from '@app/common';
import type { ParsedStatementHeader, ParsedStatementLine, StatementEvent } from '../statement-parsers';
import { distinctAccounts, identifierMatches } from './account-identifier';
import {
  balanceAtScale,
  StatementFormat,
  StatementLineRow,
  StatementTally,
  toStatementLineRow,
} from './statement-line';

/** Lines handed to the sink at a time. */
export const STAGE_BATCH = 5_000;

/** A staged line: the statement of the file it belongs to and the row to store. */
export interface StagedLine {
  statementId: string;
  line: StatementLineRow;
}

/** A parser's events, or several lines at once (a CSV's lines come a chunk of the file at a time). */
export type StagingEvent = StatementEvent | { kind: 'lines'; lines: readonly ParsedStatementLine[] };

/** Where staged lines go, a batch at a time (a file the import then copies into PostgreSQL). */
export type StagedLineSink = (batch: readonly StagedLine[]) => Promise<void>;

/** What staging needs of the bank account. */
export interface StagingAccount {
  code: string;
  currency: string;
  /** The number its bank files name it by (normalised); null when not set. */
  accountNumber: string | null;
}

/** A statement of the file that belongs to the account, its lines staged. */
export interface PendingStatement {
  id: string;
  position: number;
  statementRef: string | null;
  accountIdentifier: string | null;
  fromDate: string | undefined;
  toDate: string | undefined;
  opening: Decimal | undefined;
  closing: Decimal | undefined;
  messageId: string | null;
  pageNumber: number | null;
  where: string;
  tally: StatementTally;
}

/** Statements of other accounts found in the file, by account: listed to the user, not stored. */
export interface SkippedAccount {
  accountIdentifier: string;
  statements: number;
  lines: number;
}

export interface StagedFile {
  pending: PendingStatement[];
  skipped: SkippedAccount[];
  warnings: string[];
}

/**
 * Takes a parser's events and stages the lines of the statements that belong to the bank account
 * (by its account number; all of them when it has none and the file names one account only),
 * batch by batch into `sink`, so a file of any size is never held whole. The others are counted as skipped.
 * `finish()` applies the rules that need the whole file: none of the account's → 400 naming the
 * accounts found; several accounts and no account number to choose → 400 asking for it.
 */
export class StatementStager {
  private readonly pending: PendingStatement[] = [];
  private readonly skipped = new Map<string, SkippedAccount>();
  private readonly identifiers: string[] = [];
  private readonly warnings: string[] = [];
  private current: PendingStatement | undefined;
  private currentSkipped: SkippedAccount | undefined;
  private batch: StagedLine[] = [];
  private statements = 0;

  constructor(
    private readonly account: StagingAccount,
    private readonly format: StatementFormat,
    private readonly sink: StagedLineSink,
    private readonly onLine: () => void = () => undefined,
  ) {}

  async consume(events: AsyncIterable<StagingEvent> | Iterable<StagingEvent>): Promise<void> {
    for await (const event of events) {
      if (event.kind === 'start') {
        this.start(event.where, event.header);
      } else if (event.kind === 'line') {
        this.line(event.line);
        if (this.batch.length >= STAGE_BATCH) await this.flush();
      } else if (event.kind === 'lines') {
        for (const line of event.lines) {
          this.line(line);
          if (this.batch.length >= STAGE_BATCH) await this.flush();
        }
      } else {
        this.end(event.header);
      }
    }
    await this.flush();
  }

  finish(): StagedFile {
    const found = distinctAccounts(this.identifiers);
    const number = this.account.accountNumber;
    if (number !== null && this.pending.length === 0 && this.skipped.size > 0) {
      throw validationError(
        'file',
        `the file holds no statement of account ${number} (bank account '${this.account.code}'); it holds statements of ${found.join(', ')}`,
      );
    }
    if (number === null && found.length > 1) {
      throw validationError(
        'accountNumber',
        `the file holds statements of several accounts (${found.join(', ')}): set the account number of bank account ` +
          `'${this.account.code}' (PATCH /v1/bank-accounts/${this.account.code} {accountNumber}) so that only its statements are imported`,
      );
    }
    if (this.pending.length === 0) throw validationError('file', 'the file holds no statement');
    return { pending: this.pending, skipped: [...this.skipped.values()], warnings: this.warnings };
  }

  private start(where: string, header: ParsedStatementHeader): void {
    this.statements++;
    const identifier = header.accountIdentifier;
    if (identifier !== undefined) this.identifiers.push(identifier);
    const number = this.account.accountNumber;
    if (number !== null && identifier !== undefined && !identifierMatches(identifier, number, this.account.currency)) {
      const key = identifier.slice(0, 200);
      this.currentSkipped = this.skipped.get(key) ?? { accountIdentifier: key, statements: 0, lines: 0 };
      this.currentSkipped.statements++;
      this.skipped.set(key, this.currentSkipped);
      this.current = undefined;
      return;
    }
    this.currentSkipped = undefined;
    if (header.currency !== undefined && header.currency !== this.account.currency) {
      const field = this.format === 'camt053' ? `${where}/Acct/Ccy` : `${where}/currency`;
      throw new DomainError(
        ErrorCode.BusinessRule,
        `${field}: the statement is of a ${header.currency} account; bank account '${this.account.code}' is in ${this.account.currency}`,
        [{ field, message: `expected ${this.account.currency}` }],
      );
    }
    const statement: PendingStatement = {
      id: randomUUID(),
      position: this.pending.length + 1,
      statementRef: header.statementId ? header.statementId.slice(0, 200) : null,
      accountIdentifier: identifier ? identifier.slice(0, 200) : null,
      fromDate: header.fromDate,
      toDate: header.toDate,
      opening: header.openingBalance,
      closing: header.closingBalance,
      messageId: header.messageId ? header.messageId.slice(0, 200) : null,
      pageNumber: header.pageNumber ?? null,
      where,
      tally: new StatementTally(),
    };
    if (statement.opening) balanceAtScale(statement.opening, this.account.currency, `${where}/Bal (opening)`);
    if (statement.closing) balanceAtScale(statement.closing, this.account.currency, `${where}/Bal (closing)`);
    for (const warning of header.warnings ?? []) this.warnings.push(warning);
    this.pending.push(statement);
    this.current = statement;
  }

  private line(parsed: ParsedStatementLine): void {
    this.onLine();
    if (this.currentSkipped) {
      this.currentSkipped.lines++;
      return;
    }
    const statement = this.current;
    if (statement === undefined) throw new Error('a statement line outside any statement');
    const row = toStatementLineRow(parsed, this.account.currency, this.format);
    statement.tally.add(row, parsed.amount);
    this.batch.push({ statementId: statement.id, line: row });
  }

  /** Facts known at the statement's end (MT940's closing balance, a CSV balance column's balances). */
  private end(header: ParsedStatementHeader): void {
    const statement = this.current;
    this.current = undefined;
    if (this.currentSkipped) {
      this.currentSkipped = undefined;
      return;
    }
    if (statement === undefined) return;
    const where = statement.where;
    if (header.openingBalance !== undefined) {
      if (statement.opening !== undefined && !statement.opening.equals(header.openingBalance)) {
        throw validationError(
          'openingBalance',
          `the file gives the opening balance ${header.openingBalance.toFixed()}; leave openingBalance out`,
        );
      }
      statement.opening = header.openingBalance;
      balanceAtScale(statement.opening, this.account.currency, `${where} (opening balance)`);
    }
    if (header.closingBalance !== undefined) {
      if (statement.closing !== undefined && !statement.closing.equals(header.closingBalance)) {
        throw validationError(
          'closingBalance',
          `the file gives the closing balance ${header.closingBalance.toFixed()}; leave closingBalance out`,
        );
      }
      statement.closing = header.closingBalance;
      balanceAtScale(statement.closing, this.account.currency, `${where} (closing balance)`);
    }
    if (header.toDate !== undefined) statement.toDate = header.toDate;
    if (header.fromDate !== undefined) statement.fromDate = header.fromDate;
    for (const warning of header.warnings ?? []) this.warnings.push(warning);
  }

  private async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const batch = this.batch;
    this.batch = [];
    await this.sink(batch);
  }
}
