import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { reversalJoinSql, REVERSAL_COLUMNS_SQL, SIGNED_BASE_AMOUNT_SQL as SIGNED } from '@app/register-checks';
import type { FundEntryRow, RegisterRowWithReversal } from '@app/register-checks';
import { RESERVE_FUND } from '../reserve-fund.repository';

/** One journal entry's postings in fund RES, summed (base currency). */
export interface ReserveFundEntryRow extends FundEntryRow {
  /** Net debit of the cash (bank ledger) accounts. */
  cash: string;
  /** Net credit of revenue accounts. */
  revenue: string;
  /** Net debit of expense accounts. */
  expense: string;
}

export type ReserveRegister = 'reserve_contributions' | 'reserve_case_disbursements';

/** A contribution or a disbursement with the entry it names and, if any, the entry reversing that one. */
export type ReserveRegisterRow = RegisterRowWithReversal<ReserveRegister>;

/** A case's approval as at a date, with what the register says was disbursed on it. */
export interface CaseRegisterRow {
  id: string;
  title: string;
  registerDisbursed: string;
}

/** The SQL of the reserve-fund register checks (read inside the reconciliation report's snapshot). */
@Injectable()
export class ReserveRegisterChecksRepository {
  /** Every entry with postings in RES up to `asOf`, with its cash, revenue and expense movement there. */
  fundEntries(m: EntityManager, cashAccounts: readonly string[], asOf: string): Promise<ReserveFundEntryRow[]> {
    return m.query(
      `SELECT e.id AS "entryId", e.sequence::text AS sequence, to_char(e.entry_date, 'YYYY-MM-DD') AS date,
              e.description, e.source, e.reverses_entry_id AS reverses, o.sequence::text AS "reversesSequence",
              sum(CASE WHEN p.account_code = ANY($2) THEN ${SIGNED} ELSE 0 END)::text AS cash,
              sum(CASE WHEN a.type = 'revenue' THEN -(${SIGNED}) ELSE 0 END)::text AS revenue,
              sum(CASE WHEN a.type = 'expense' THEN ${SIGNED} ELSE 0 END)::text AS expense
         FROM postings p
         JOIN journal_entries e ON e.id = p.entry_id
         LEFT JOIN journal_entries o ON o.id = e.reverses_entry_id
         JOIN accounts a ON a.code = p.account_code
        WHERE p.fund_code = $3 AND p.entry_date <= $1
        GROUP BY e.id, o.sequence
        ORDER BY e.sequence`,
      [asOf, cashAccounts, RESERVE_FUND],
    );
  }

  /** Contributions and disbursements dated by `asOf`. */
  registerRows(m: EntityManager, asOf: string): Promise<ReserveRegisterRow[]> {
    const reversal = reversalJoinSql('x', '$1');
    return m.query(
      `SELECT 'reserve_contributions' AS register, x.id::text AS id, to_char(x.contributed_on, 'YYYY-MM-DD') AS date,
              COALESCE(x.reference, x.decision, x.member_code, x.donor_code, x.source) AS reference,
              x.entry_id AS "entryId", x.amount_base::text AS "amountBase", ${REVERSAL_COLUMNS_SQL}
         FROM reserve_contributions x ${reversal} WHERE x.contributed_on <= $1
       UNION ALL
       SELECT 'reserve_case_disbursements', x.id::text, to_char(x.disbursed_on, 'YYYY-MM-DD'),
              x.reference, x.entry_id, x.amount::text, ${REVERSAL_COLUMNS_SQL}
         FROM reserve_case_disbursements x ${reversal} WHERE x.disbursed_on <= $1
       ORDER BY 3, 1, 2`,
      [asOf],
    );
  }

  /** Σ disbursed per case according to the register, dated by `asOf`. */
  async registerDisbursedByCase(m: EntityManager, asOf: string): Promise<Map<string, string>> {
    const rows: { caseId: string; disbursed: string }[] = await m.query(
      `SELECT case_id::text AS "caseId", sum(amount)::text AS disbursed
         FROM reserve_case_disbursements WHERE disbursed_on <= $1 GROUP BY case_id`,
      [asOf],
    );
    return new Map(rows.map((r) => [r.caseId, r.disbursed]));
  }
}
