import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { reversalJoinSql, REVERSAL_COLUMNS_SQL, SIGNED_BASE_AMOUNT_SQL as SIGNED } from '@app/register-checks';
import type { FundEntryRow, RegisterRowWithReversal } from '@app/register-checks';

/** One journal entry's postings in a grant's fund, summed (base currency, debit positive). */
export interface GrantFundEntryRow extends FundEntryRow {
  grant: string;
  /** The source of the entry this one reverses, else its own. */
  effectiveSource: string;
  /** Net debit of the cash (bank ledger) accounts. */
  cash: string;
  /** Net debit of expense accounts. */
  expense: string;
  /** A reversal: the net cash of the entry it reverses in the same fund (its sign says in or out); else null. */
  originalCash: string | null;
}

export type GrantRegister = 'grant_receipts' | 'grant_expenditures' | 'grant_refunds';

/** A row of a grant register with the entry it names and, if any, the entry reversing that one. */
export interface GrantRegisterRow extends RegisterRowWithReversal<GrantRegister> {
  grant: string;
}

/** The SQL of the grant register checks (read inside the reconciliation report's snapshot). */
@Injectable()
export class GrantRegisterChecksRepository {
  /** Grants signed by `asOf` or with anything in their fund or register by then. */
  async grantsAsOf(m: EntityManager, asOf: string): Promise<string[]> {
    const rows: { code: string }[] = await m.query(
      `SELECT code FROM grants g
        WHERE signed_on <= $1
           OR EXISTS (SELECT 1 FROM postings p WHERE p.fund_code = g.code AND p.entry_date <= $1)
        ORDER BY code`,
      [asOf],
    );
    return rows.map((r) => r.code);
  }

  /** Every entry with postings in a grant's fund up to `asOf`, with its cash and expense movement there. */
  fundEntries(m: EntityManager, cashAccounts: readonly string[], asOf: string): Promise<GrantFundEntryRow[]> {
    return m.query(
      `SELECT g.code AS grant, e.id AS "entryId", e.sequence::text AS sequence, to_char(e.entry_date, 'YYYY-MM-DD') AS date,
              e.description, e.source, COALESCE(o.source, e.source) AS "effectiveSource", e.reverses_entry_id AS reverses,
              o.sequence::text AS "reversesSequence",
              sum(CASE WHEN p.account_code = ANY($2) THEN ${SIGNED} ELSE 0 END)::text AS cash,
              sum(CASE WHEN a.type = 'expense' THEN ${SIGNED} ELSE 0 END)::text AS expense,
              CASE WHEN e.reverses_entry_id IS NULL THEN NULL ELSE
                (SELECT COALESCE(sum(${SIGNED}), 0) FROM postings p
                  WHERE p.entry_id = e.reverses_entry_id AND p.fund_code = g.code AND p.account_code = ANY($2))::text
              END AS "originalCash"
         FROM grants g
         JOIN postings p ON p.fund_code = g.code
         JOIN journal_entries e ON e.id = p.entry_id
         LEFT JOIN journal_entries o ON o.id = e.reverses_entry_id
         JOIN accounts a ON a.code = p.account_code
        WHERE p.entry_date <= $1
        GROUP BY g.code, e.id, o.source, o.sequence
        ORDER BY g.code, e.sequence`,
      [asOf, cashAccounts],
    );
  }

  /** Receipts, expenditures and refunds (those that paid something back) dated by `asOf`. */
  registerRows(m: EntityManager, asOf: string): Promise<GrantRegisterRow[]> {
    const reversal = reversalJoinSql('x', '$1');
    return m.query(
      `SELECT 'grant_receipts' AS register, x.id::text AS id, x.grant_code AS grant, to_char(x.received_on, 'YYYY-MM-DD') AS date,
              x.reference, x.entry_id AS "entryId", x.amount_base::text AS "amountBase", ${REVERSAL_COLUMNS_SQL}
         FROM grant_receipts x ${reversal} WHERE x.received_on <= $1
       UNION ALL
       SELECT 'grant_expenditures', x.id::text, x.grant_code, to_char(x.spent_on, 'YYYY-MM-DD'),
              x.description, x.entry_id, x.amount_base::text, ${REVERSAL_COLUMNS_SQL}
         FROM grant_expenditures x ${reversal} WHERE x.spent_on <= $1
       UNION ALL
       SELECT 'grant_refunds', x.grant_code, x.grant_code, to_char(x.refunded_on, 'YYYY-MM-DD'),
              x.reference, x.entry_id, x.amount_base::text, ${REVERSAL_COLUMNS_SQL}
         FROM grant_refunds x ${reversal} WHERE x.refunded_on <= $1 AND x.amount_base > 0
       ORDER BY 3, 4, 1, 2`,
      [asOf],
    );
  }
}
