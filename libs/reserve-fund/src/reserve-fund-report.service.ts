import { Injectable } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import { EntityManager } from 'typeorm';
import { Dec, formatAmount, validationError } from '@app/common';
import { TransactionRunner } from '@app/database';
import { BalancesService, BankAccountsService, fiscalPosition, fiscalYearBounds, PoliciesService } from '@app/ledger';
import { cashAccounts } from './reserve-contributions.service';
import { caseViews } from './reserve-cases.service';
import { BalancePoint, CaseView, ReserveFundPosition, ReserveFundReport } from './reserve-fund-report';
import { CashMovementRow, RESERVE_FUND, ReserveFundRepository } from './reserve-fund.repository';

const dayBefore = (date: string): string => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
};

/** Months from the month of `from` to that of `to`, as YYYY-MM (at most 1200 of them). */
function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, mo] = from.slice(0, 7).split('-').map(Number);
  const last = to.slice(0, 7);
  while (out.length < 1200) {
    const month = `${y}-${String(mo).padStart(2, '0')}`;
    out.push(month);
    if (month >= last) break;
    mo += 1;
    if (mo === 13) [y, mo] = [y + 1, 1];
  }
  return out;
}

/**
 * The reserve fund's position and period report, read in one snapshot. Balance = cash of fund RES
 * (the ledger accounts of the bank accounts); committed = approved − disbursed of cases approved
 * and not closed; available = balance − committed − floor: what can still be approved.
 */
@Injectable()
export class ReserveFundReportService {
  constructor(
    private readonly db: TransactionRunner,
    private readonly repository: ReserveFundRepository,
    private readonly bankAccounts: BankAccountsService,
    private readonly policies: PoliciesService,
    private readonly balances: BalancesService,
  ) {}

  position(asOf: string): Promise<ReserveFundPosition> {
    return this.db.snapshot((m) => this.positionIn(m, asOf));
  }

  /** The position read in the caller's snapshot (another report's, so that its figures agree with it). */
  async positionIn(m: EntityManager, asOf: string): Promise<ReserveFundPosition> {
    const { baseCurrency: base, reserveFund } = await this.policies.get(m);
    const balance = await this.balances.netDebit(m, RESERVE_FUND, await cashAccounts(m, this.bankAccounts), asOf);
    const cases = await this.cases(m, asOf, base);
    return { asOf, currency: base, ...this.headline(balance, cases, new Dec(reserveFund.floor), base), cases };
  }

  report(asOf: string, from?: string): Promise<ReserveFundReport> {
    return this.db.snapshot(async (m) => {
      const { baseCurrency: base, reserveFund, fiscalYearStartMonth } = await this.policies.get(m);
      const start =
        from ?? fiscalYearBounds(fiscalPosition(asOf, fiscalYearStartMonth).fiscalYear, fiscalYearStartMonth).startsOn;
      if (start > asOf) throw validationError('from', `must not be after asOf (${asOf})`);
      const movements = await this.repository.cashMovements(m, await cashAccounts(m, this.bankAccounts), asOf);
      const cases = await this.cases(m, asOf, base);
      const fmt = (d: Decimal): string => formatAmount(d, base);
      const zero = new Dec(0);

      let opening = zero;
      const contributions = { member: zero, general_fund: zero, donor: zero };
      const byCase = new Map<string, Decimal>();
      let other = zero;
      for (const row of movements) {
        const net = new Dec(row.net);
        if (row.date < start) {
          opening = opening.plus(net);
        } else if (row.source === 'reserve_contribution' && row.contributionSource !== null) {
          contributions[row.contributionSource] = contributions[row.contributionSource].plus(net);
        } else if (row.source === 'reserve_disbursement' && row.sourceId !== null) {
          byCase.set(row.sourceId, (byCase.get(row.sourceId) ?? zero).minus(net));
        } else {
          other = other.plus(net);
        }
      }
      const contributed = contributions.member.plus(contributions.general_fund).plus(contributions.donor);
      const disbursed = [...byCase.values()].reduce((s, d) => s.plus(d), zero);
      const closing = opening.plus(contributed).minus(disbursed).plus(other);
      const titles = new Map(cases.map((c) => [c.id, c.title]));
      const headline = this.headline(closing, cases, new Dec(reserveFund.floor), base);
      return {
        from: start,
        asOf,
        currency: base,
        openingBalance: fmt(opening),
        contributions: {
          member: fmt(contributions.member),
          generalFund: fmt(contributions.general_fund),
          donor: fmt(contributions.donor),
          total: fmt(contributed),
        },
        disbursementsByCase: [...byCase.entries()].map(([id, amount]) => ({
          case: id,
          title: titles.get(id) ?? '',
          amount: fmt(amount),
        })),
        disbursements: fmt(disbursed),
        otherMovements: fmt(other),
        closingBalance: fmt(closing),
        committed: headline.committed,
        floor: headline.floor,
        available: headline.available,
        balanceByMonth: this.balanceByMonth(movements, start, asOf, base),
        cases,
      };
    });
  }

  private async cases(m: EntityManager, asOf: string, base: string): Promise<CaseView[]> {
    return caseViews(this.repository, m, await this.repository.listCases(m, asOf), asOf, base);
  }

  private headline(balance: Decimal, cases: readonly CaseView[], floor: Decimal, base: string) {
    const committed = cases.reduce((s, c) => s.plus(c.commitment), new Dec(0));
    return {
      balance: formatAmount(balance, base),
      committed: formatAmount(committed, base),
      floor: formatAmount(floor, base),
      available: formatAmount(balance.minus(committed).minus(floor), base),
    };
  }

  /** The balance at the end of each month of the period (the last one at asOf). */
  private balanceByMonth(
    movements: readonly CashMovementRow[],
    from: string,
    asOf: string,
    base: string,
  ): BalancePoint[] {
    const opening = dayBefore(from);
    let running = movements.filter((r) => r.date <= opening).reduce((s, r) => s.plus(r.net), new Dec(0));
    const inPeriod = movements.filter((r) => r.date > opening);
    let i = 0;
    return monthsBetween(from, asOf).map((month) => {
      while (i < inPeriod.length && inPeriod[i].date.slice(0, 7) <= month) {
        running = running.plus(inPeriod[i].net);
        i += 1;
      }
      return { month, balance: formatAmount(running, base) };
    });
  }
}
