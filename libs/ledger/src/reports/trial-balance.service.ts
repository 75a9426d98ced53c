import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Dec, formatAmount } from '@app/common';
import { TransactionRunner } from '@app/database';
import { PoliciesRepository } from '../policies/policies.repository';
import { BalanceRow, BalancesRepository } from './balances.repository';

export interface TrialBalance {
  asOf: string;
  currency: string;
  rows: { account: string; fund: string; debit: string; credit: string }[];
  totals: { debit: string; credit: string };
  funds: { fund: string; debit: string; credit: string; balanced: boolean }[];
  balanced: boolean;
}

@Injectable()
export class TrialBalanceService {
  constructor(
    private readonly db: TransactionRunner,
    private readonly balances: BalancesRepository,
    private readonly policies: PoliciesRepository,
  ) {}

  /**
   * The trial balance read by one statement (the balances and the base currency together), which
   * is a consistent snapshot by itself: no transaction, one round trip.
   */
  async get(asOf: string, fund?: string): Promise<TrialBalance> {
    const { currency, rows } = await this.balances.byAccountAndFundWithCurrency(this.db.dataSource.manager, asOf, fund);
    return this.assemble(asOf, currency, rows);
  }

  /** The trial balance inside the caller's transaction (other reports read it in their own snapshot). */
  async build(m: EntityManager, asOf: string, fund?: string): Promise<TrialBalance> {
    const { baseCurrency } = await this.policies.get(m);
    return this.assemble(asOf, baseCurrency, await this.balances.byAccountAndFund(m, asOf, fund));
  }

  /** Each account's net balance on its debit or credit side; per fund, the two columns agree. */
  private assemble(asOf: string, baseCurrency: string, raw: BalanceRow[]): TrialBalance {
    const zero = new Dec(0);
    const perFund = new Map<string, { debit: Dec; credit: Dec }>();
    const rows = raw
      .map((r) => {
        const net = new Dec(r.debitBase).minus(r.creditBase);
        const debit = net.gt(0) ? net : zero;
        const credit = net.lt(0) ? net.negated() : zero;
        const f = perFund.get(r.fund) ?? { debit: zero, credit: zero };
        perFund.set(r.fund, { debit: f.debit.plus(debit), credit: f.credit.plus(credit) });
        return { account: r.account, fund: r.fund, debit, credit };
      })
      .filter((r) => !r.debit.isZero() || !r.credit.isZero());
    const total = (side: 'debit' | 'credit'): Dec => rows.reduce((s, r) => s.plus(r[side]), zero);
    const fmt = (d: Dec): string => formatAmount(d, baseCurrency);
    const funds = [...perFund.entries()].map(([code, t]) => ({
      fund: code,
      debit: fmt(t.debit),
      credit: fmt(t.credit),
      balanced: t.debit.equals(t.credit),
    }));
    return {
      asOf,
      currency: baseCurrency,
      rows: rows.map((r) => ({ account: r.account, fund: r.fund, debit: fmt(r.debit), credit: fmt(r.credit) })),
      totals: { debit: fmt(total('debit')), credit: fmt(total('credit')) },
      funds,
      balanced: funds.every((f) => f.balanced) && total('debit').equals(total('credit')),
    };
  }
}
type Dec = InstanceType<typeof Dec>;
