import { Injectable } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import { EntityManager } from 'typeorm';
import { Dec } from '@app/common';

export interface BalanceRow {
  account: string;
  fund: string;
  debitBase: string;
  creditBase: string;
}

/** A posting dimension balances can be read by (its column in `postings`). */
export type BalanceDimension = 'member_code' | 'grant_code' | 'budget_line';

/** Debits and credits (base currency) of one value of a dimension. */
export interface DimensionBalanceRow {
  key: string;
  debitBase: string;
  creditBase: string;
}

/** A fund's net of one revenue or expense account over a fiscal year, with the fund's net-assets account. */
export interface YearEndNetRow {
  fund: string;
  account: string;
  type: string;
  net: string;
  netAssets: string;
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
    dimension: BalanceDimension,
    account: string,
    asOf: string,
    fund?: string,
  ): Promise<DimensionBalanceRow[]> {
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

  /** Net debit balance (base currency; negative = credit) of some accounts in a fund up to `asOf` (all dates when absent). */
  async netDebit(m: EntityManager, fund: string, accounts: readonly string[], asOf = '2999-12-31'): Promise<Decimal> {
    const rows: { net: string }[] = await m.query(
      `SELECT COALESCE(sum(CASE side WHEN 'debit' THEN amount_base ELSE -amount_base END), 0)::text AS net
         FROM postings WHERE fund_code = $1 AND account_code = ANY($2) AND entry_date <= $3`,
      [fund, accounts, asOf],
    );
    return new Dec(rows[0].net);
  }

  /**
   * The lowest net debit balance of `accounts` in `fund` on `date` or any later date that has
   * postings: what can be taken out on `date` without the balance going below zero (or a floor)
   * at any time after (a back-dated payment must not spend money that had not yet arrived).
   */
  async lowestNetDebitFrom(m: EntityManager, fund: string, accounts: readonly string[], date: string): Promise<Decimal> {
    const rows: { onDate: string; lowestAfter: string | null }[] = await m.query(
      `WITH daily AS (
         SELECT entry_date, sum(CASE side WHEN 'debit' THEN amount_base ELSE -amount_base END) AS net
           FROM postings WHERE fund_code = $1 AND account_code = ANY($2) GROUP BY entry_date),
       running AS (SELECT entry_date, sum(net) OVER (ORDER BY entry_date) AS balance FROM daily)
       SELECT COALESCE((SELECT balance FROM running WHERE entry_date <= $3 ORDER BY entry_date DESC LIMIT 1), 0)::text AS "onDate",
              (SELECT min(balance) FROM running WHERE entry_date > $3)::text AS "lowestAfter"`,
      [fund, accounts, date],
    );
    const onDate = new Dec(rows[0].onDate);
    return rows[0].lowestAfter === null ? onDate : Dec.min(onDate, rows[0].lowestAfter);
  }

  /** Per fund and account, the year's net (debit positive) of revenue and expense accounts, non-zero only. */
  revenueAndExpenseNets(m: EntityManager, year: number): Promise<YearEndNetRow[]> {
    return m.query(
      `SELECT p.fund_code AS fund, p.account_code AS account, a.type, f.net_assets_account AS "netAssets",
              sum(CASE p.side WHEN 'debit' THEN p.amount_base ELSE -p.amount_base END)::text AS net
         FROM postings p JOIN accounts a ON a.code = p.account_code JOIN funds f ON f.code = p.fund_code
        WHERE p.fiscal_year = $1 AND a.type IN ('revenue', 'expense')
        GROUP BY 1, 2, 3, 4 HAVING sum(CASE p.side WHEN 'debit' THEN p.amount_base ELSE -p.amount_base END) <> 0
        ORDER BY 1, 2`,
      [year],
    );
  }
}
