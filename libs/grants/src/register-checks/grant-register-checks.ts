import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Dec } from '@app/common';
import { BankAccountsService, PoliciesService } from '@app/ledger';
import { compareFundFigures, ZERO } from '@app/register-checks';
import type { FundFigure, RegisterCheck, RegisterCheckResult } from '@app/register-checks';
import { GrantFundEntryRow, GrantRegister, GrantRegisterChecksRepository } from './grant-register-checks.repository';

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

  private static readonly FIGURES: readonly FundFigure<GrantFundEntryRow, GrantRegister>[] = [
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
    private readonly bankAccounts: BankAccountsService,
    private readonly policies: PoliciesService,
  ) {}

  async run(m: EntityManager, asOf: string): Promise<RegisterCheckResult[]> {
    const grants = await this.repository.grantsAsOf(m, asOf);
    if (grants.length === 0) return [];
    const { baseCurrency } = await this.policies.get(m);
    const cash = [...new Set((await this.bankAccounts.list(m)).map((b) => b.ledgerAccount))];
    const entries = groupBy(await this.repository.fundEntries(m, cash, asOf), (e) => e.grant);
    const rows = groupBy(await this.repository.registerRows(m, asOf), (r) => r.grant);
    return grants.flatMap((grant) =>
      compareFundFigures({
        name: `${this.name}:${grant}`,
        currency: baseCurrency,
        figures: GrantRegisterChecks.FIGURES,
        entries: entries.get(grant) ?? [],
        rows: rows.get(grant) ?? [],
      }),
    );
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
