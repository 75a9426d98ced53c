import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AccountFundAmounts, BudgetActual, CashAttribution, MemberBalance, MemberFlow } from './ledger-figures';

/**
 * All SQL of the financial statements: sums over postings in the base currency. Dates bound
 * `entry_date` (inclusive); `from` null means "since the first entry". Closing entries (source
 * 'closing') are left out of every flow of a year: they move that year's revenue and expenses to
 * net assets, and counting them would zero the statement of financial performance.
 */
@Injectable()
export class StatementsRepository {
  /** Debits and credits per account × fund over a period, closing entries excluded. */
  flows(m: EntityManager, from: string | null, to: string): Promise<AccountFundAmounts[]> {
    return m.query(
      `SELECT p.account_code AS account, p.fund_code AS fund,
              sum(CASE p.side WHEN 'debit' THEN p.amount_base ELSE 0 END)::text AS "debitBase",
              sum(CASE p.side WHEN 'credit' THEN p.amount_base ELSE 0 END)::text AS "creditBase"
         FROM postings p JOIN journal_entries e ON e.id = p.entry_id
        WHERE ($1::date IS NULL OR p.entry_date >= $1::date) AND p.entry_date <= $2::date AND e.source <> 'closing'
        GROUP BY 1, 2 ORDER BY 1, 2`,
      [from, to],
    );
  }

  /**
   * The direct method, exactly: within one entry and one fund (each fund balances on its own), the
   * cash that moved equals the sum over the non-cash lines of (credit − debit). Each non-cash line
   * of an entry that touches cash in the same fund is therefore credited with its own share, and
   * the shares add up to the change in cash without any apportioning.
   */
  cashAttribution(m: EntityManager, from: string | null, to: string, cashAccounts: readonly string[]): Promise<CashAttribution[]> {
    return m.query(
      `SELECT p.account_code AS account, p.fund_code AS fund,
              sum(CASE p.side WHEN 'credit' THEN p.amount_base ELSE -p.amount_base END)::text AS "inflowBase"
         FROM postings p
        WHERE ($1::date IS NULL OR p.entry_date >= $1::date) AND p.entry_date <= $2::date
          AND NOT (p.account_code = ANY($3::text[]))
          AND EXISTS (SELECT 1 FROM postings c
                       WHERE c.entry_id = p.entry_id AND c.fund_code = p.fund_code AND c.account_code = ANY($3::text[]))
        GROUP BY 1, 2 ORDER BY 1, 2`,
      [from, to, cashAccounts],
    );
  }

  /**
   * Receivable movements per member, by what the entry did: an entry that also touches assessed
   * revenue is an assessment (or its revision/reversal), one that touches a write-off expense is a
   * write-off, anything else settles the receivable (payments, applied advances).
   */
  memberFlows(
    m: EntityManager,
    from: string,
    to: string,
    accounts: { receivable: readonly string[]; assessedRevenue: readonly string[]; writeOff: readonly string[] },
  ): Promise<MemberFlow[]> {
    return m.query(
      `WITH lines AS (
         SELECT p.member_code AS member,
                CASE p.side WHEN 'debit' THEN p.amount_base ELSE -p.amount_base END AS net,
                CASE WHEN EXISTS (SELECT 1 FROM postings o WHERE o.entry_id = p.entry_id AND o.account_code = ANY($4::text[]))
                       THEN 'assessed'
                     WHEN EXISTS (SELECT 1 FROM postings o WHERE o.entry_id = p.entry_id AND o.account_code = ANY($5::text[]))
                       THEN 'writtenOff'
                     ELSE 'paid' END AS kind
           FROM postings p
          WHERE p.account_code = ANY($3::text[]) AND p.member_code IS NOT NULL
            AND p.entry_date >= $1::date AND p.entry_date <= $2::date)
       SELECT member, kind, sum(net)::text AS "netBase" FROM lines GROUP BY 1, 2 ORDER BY 1, 2`,
      [from, to, accounts.receivable, accounts.assessedRevenue, accounts.writeOff],
    );
  }

  memberBalances(m: EntityManager, asOf: string, accounts: readonly string[]): Promise<MemberBalance[]> {
    return m.query(
      `SELECT member_code AS member, account_code AS account,
              sum(CASE side WHEN 'debit' THEN amount_base ELSE -amount_base END)::text AS "netBase"
         FROM postings
        WHERE account_code = ANY($2::text[]) AND member_code IS NOT NULL AND entry_date <= $1::date
        GROUP BY 1, 2 ORDER BY 1, 2`,
      [asOf, accounts],
    );
  }

  /** Expenses of general funds per budget line (null = untagged), transfers and closing entries excluded. */
  budgetActuals(m: EntityManager, from: string, to: string, transferAccounts: readonly string[]): Promise<BudgetActual[]> {
    return m.query(
      `SELECT p.budget_line AS code,
              sum(CASE p.side WHEN 'debit' THEN p.amount_base ELSE -p.amount_base END)::text AS "netBase"
         FROM postings p
         JOIN journal_entries e ON e.id = p.entry_id
         JOIN accounts a ON a.code = p.account_code
         JOIN funds f ON f.code = p.fund_code
        WHERE f.kind = 'general' AND a.type = 'expense' AND NOT (p.account_code = ANY($3::text[]))
          AND p.entry_date >= $1::date AND p.entry_date <= $2::date AND e.source <> 'closing'
        GROUP BY 1 ORDER BY 1 NULLS LAST`,
      [from, to, transferAccounts],
    );
  }

  /** Change in the net assets of reserve funds per month (credit positive). */
  reserveMonthly(m: EntityManager, from: string, to: string): Promise<{ month: string; changeBase: string }[]> {
    return m.query(
      `SELECT to_char(p.entry_date, 'YYYY-MM') AS month,
              sum(CASE p.side WHEN 'credit' THEN p.amount_base ELSE -p.amount_base END)::text AS "changeBase"
         FROM postings p
         JOIN accounts a ON a.code = p.account_code
         JOIN funds f ON f.code = p.fund_code
        WHERE f.kind = 'reserve' AND a.type IN ('net_assets', 'revenue', 'expense')
          AND p.entry_date >= $1::date AND p.entry_date <= $2::date
        GROUP BY 1 ORDER BY 1`,
      [from, to],
    );
  }

  members(m: EntityManager): Promise<{ code: string; nameEn: string; nameEs: string }[]> {
    return m.query(`SELECT code, name_en AS "nameEn", name_es AS "nameEs" FROM members ORDER BY code`);
  }
}
