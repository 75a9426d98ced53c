import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface BalanceRow {
  account: string;
  fund: string;
  debitBase: string;
  creditBase: string;
}

/** Balances per account × fund as at $1 (in fund $2 when not null), unordered. */
const BALANCES_SQL = `WITH month AS (SELECT date_trunc('month', $1::date + 1)::date AS start),
       parts AS (
         SELECT account_code, fund_code, debit_base, credit_base
           FROM balance_rollups, month WHERE balance_rollups.month < month.start AND ($2::text IS NULL OR fund_code = $2)
         UNION ALL
         SELECT account_code, fund_code, debit_base, credit_base
           FROM balance_rollups_daily, month
          WHERE day >= month.start AND day <= $1::date AND ($2::text IS NULL OR fund_code = $2))
       SELECT account_code AS account, fund_code AS fund, sum(debit_base)::text AS "debitBase", sum(credit_base)::text AS "creditBase"
         FROM parts GROUP BY account_code, fund_code`;

/**
 * Balances as at a date from the monthly roll-up (whole months before the date's month) plus the
 * daily roll-up of that month's days up to the date: the work does not grow with the size of the
 * ledger (at most a month of days per account and fund). A month that ends on the date is whole,
 * so a month-end date (the usual reporting date) reads the monthly roll-up only: the cut is the
 * first day of the month of the day after the date.
 */
@Injectable()
export class BalancesRepository {
  async byAccountAndFund(m: EntityManager, asOf: string, fund?: string): Promise<BalanceRow[]> {
    return m.query(`${BALANCES_SQL} ORDER BY account_code, fund_code`, [asOf, fund ?? null]);
  }

  /**
   * The same balances and the installation's base currency in one statement: one statement is
   * one snapshot, so a caller that needs nothing else reads a consistent trial balance without a
   * transaction of its own (the rows, ordered, as a JSON array).
   */
  async byAccountAndFundWithCurrency(
    m: EntityManager,
    asOf: string,
    fund?: string,
  ): Promise<{ currency: string; rows: BalanceRow[] }> {
    const [row]: { currency: string; rows: BalanceRow[] }[] = await m.query(
      `WITH b AS (${BALANCES_SQL})
       SELECT (SELECT document->>'baseCurrency' FROM policies WHERE id = 1) AS currency,
              coalesce((SELECT json_agg(json_build_object('account', account, 'fund', fund, 'debitBase', "debitBase",
                        'creditBase', "creditBase") ORDER BY account, fund) FROM b), '[]') AS rows`,
      [asOf, fund ?? null],
    );
    return row;
  }

  /** Straight from the postings: the reference the roll-up is checked against. */
  async byAccountAndFundFromPostings(m: EntityManager, asOf: string): Promise<BalanceRow[]> {
    return m.query(
      `SELECT account_code AS account, fund_code AS fund,
              sum(CASE side WHEN 'debit' THEN amount_base ELSE 0 END)::text AS "debitBase",
              sum(CASE side WHEN 'credit' THEN amount_base ELSE 0 END)::text AS "creditBase"
         FROM postings WHERE entry_date <= $1::date GROUP BY 1, 2 ORDER BY 1, 2`,
      [asOf],
    );
  }

  /** Balances of one account per dimension value (member, grant, budget line), as at a date. */
  async byDimension(
    m: EntityManager,
    dimension: 'member_code' | 'grant_code' | 'budget_line',
    account: string,
    asOf: string,
    fund?: string,
  ): Promise<{ key: string; debitBase: string; creditBase: string }[]> {
    return m.query(
      `SELECT ${dimension} AS key,
              sum(CASE side WHEN 'debit' THEN amount_base ELSE 0 END)::text AS "debitBase",
              sum(CASE side WHEN 'credit' THEN amount_base ELSE 0 END)::text AS "creditBase"
         FROM postings
        WHERE account_code = $1 AND entry_date <= $2::date AND ${dimension} IS NOT NULL AND ($3::text IS NULL OR fund_code = $3)
        GROUP BY 1 ORDER BY 1`,
      [account, asOf, fund ?? null],
    );
  }
}
