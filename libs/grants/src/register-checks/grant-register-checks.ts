import { Injectable } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import { EntityManager } from 'typeorm';
import { Dec } from '@app/common';
import { BankAccountsRepository, PoliciesRepository } from '@app/ledger';
import { compareFundToRegister } from '@app/reconciliation';
import type {
  FundEntryFigure,
  RegisterCheck,
  RegisterCheckResult,
  RegisterRowFigure,
  ReversalFacts,
} from '@app/reconciliation';
import {
  GrantFundEntryRow,
  GrantRegister,
  GrantRegisterChecksRepository,
  GrantRegisterRow,
} from './grant-register-checks.repository';

/** What a register row adds to a figure: its sign per register (0 = not part of the figure). */
type RowSigns = Record<GrantRegister, -1 | 0 | 1>;

interface Figure {
  suffix: string;
  /** What an entry of the fund adds to the figure. */
  ofEntry(e: GrantFundEntryRow): Decimal;
  rows: RowSigns;
}

const ZERO = new Dec(0);

/**
 * Each grant's register against its restricted fund, as at asOf (base currency), three checks per
 * grant:
 * - `grant:<code>:received` — Σ receipts in the register vs the cash the fund received: the bank
 *   movement of every entry of the fund that brought cash in (a reversal counts with the entry it
 *   reverses, so a reversed receipt nets to zero in the ledger);
 * - `grant:<code>:spent` — Σ expenditures in the register vs the expenses of the fund (the
 *   donor report's "spent": not the exchange differences of receipts, not the year-end close);
 * - `grant:<code>:available` — receipts − expenditures − refunds in the register vs the fund's
 *   cash (the donor report's "available").
 * A failing check lists the fund's entries no register row names and the rows whose entry is
 * missing, disagrees or has been reversed (see compareFundToRegister).
 */
@Injectable()
export class GrantRegisterChecks implements RegisterCheck {
  readonly name = 'grant';

  private static readonly FIGURES: readonly Figure[] = [
    {
      suffix: 'received',
      ofEntry: (e) => (new Dec(e.originalCash ?? e.cash).gt(0) ? new Dec(e.cash) : ZERO),
      rows: { grant_receipts: 1, grant_expenditures: 0, grant_refunds: 0 },
    },
    {
      suffix: 'spent',
      ofEntry: (e) => (e.effectiveSource === 'grant_receipt' || e.source === 'closing' ? ZERO : new Dec(e.expense)),
      rows: { grant_receipts: 0, grant_expenditures: 1, grant_refunds: 0 },
    },
    {
      suffix: 'available',
      ofEntry: (e) => new Dec(e.cash),
      rows: { grant_receipts: 1, grant_expenditures: -1, grant_refunds: -1 },
    },
  ];

  constructor(
    private readonly repository: GrantRegisterChecksRepository,
    private readonly bankAccounts: BankAccountsRepository,
    private readonly policies: PoliciesRepository,
  ) {}

  async run(m: EntityManager, asOf: string): Promise<RegisterCheckResult[]> {
    const grants = await this.repository.grantsAsOf(m, asOf);
    if (grants.length === 0) return [];
    const { baseCurrency } = await this.policies.get(m);
    const cash = [...new Set((await this.bankAccounts.list(m)).map((b) => b.ledgerAccount))];
    const entries = groupBy(await this.repository.fundEntries(m, cash, asOf), (e) => e.grant);
    const rows = groupBy(await this.repository.registerRows(m, asOf), (r) => r.grant);
    const results: RegisterCheckResult[] = [];
    for (const grant of grants) {
      const fundEntries = entries.get(grant) ?? [];
      const registerRows = rows.get(grant) ?? [];
      const reversals = reversalsOf(registerRows);
      for (const figure of GrantRegisterChecks.FIGURES) {
        results.push(
          compareFundToRegister({
            name: `${this.name}:${grant}:${figure.suffix}`,
            currency: baseCurrency,
            entries: fundEntries.map((e) => entryFigure(e, figure.ofEntry(e))),
            rows: registerRows
              .filter((r) => figure.rows[r.register] !== 0)
              .map((r) => rowFigure(r, new Dec(r.amountBase).times(figure.rows[r.register]))),
            reversals,
          }),
        );
      }
    }
    return results;
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

function entryFigure(e: GrantFundEntryRow, amount: Decimal): FundEntryFigure {
  return {
    entryId: e.entryId,
    sequence: Number(e.sequence),
    date: e.date,
    source: e.source,
    description: e.description,
    reverses: e.reverses,
    amount,
  };
}

function rowFigure(r: GrantRegisterRow, amount: Decimal): RegisterRowFigure {
  return { register: r.register, id: r.id, date: r.date, reference: r.reference, entryId: r.entryId, amount };
}

function reversalsOf(rows: readonly GrantRegisterRow[]): Map<string, ReversalFacts> {
  const out = new Map<string, ReversalFacts>();
  for (const r of rows) {
    if (r.entryId !== null && r.reversedBy !== null && r.reversedOn !== null) {
      out.set(r.entryId, { entryId: r.reversedBy, sequence: Number(r.reversedSequence), date: r.reversedOn });
    }
  }
  return out;
}
