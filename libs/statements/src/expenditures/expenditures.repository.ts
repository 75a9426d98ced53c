import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface ExpenditureRow {
  id: string;
  sequence: string;
  date: string;
  fiscalYear: number;
  description: string;
  metadata: Record<string, string>;
  hash: string;
  reversedBy: string | null;
  fund: string;
  account: string;
  budgetLine: string | null;
  amount: string;
  currency: string;
  rate: string;
  amountBase: string;
  bankAccount: string | null;
}

export interface ExpenditureFilter {
  fiscalYear?: number;
  fund?: string;
  budgetLine?: string;
  afterSequence?: number;
  limit: number;
}

/**
 * An expenditure is its journal entry (source 'expenditure'): line 1 debits the expense with the
 * budget line, line 2 credits the bank. There is no second register to keep in step with it.
 */
@Injectable()
export class ExpendituresRepository {
  list(m: EntityManager, f: ExpenditureFilter): Promise<ExpenditureRow[]> {
    return m.query(
      `SELECT e.id, e.sequence::text, to_char(e.entry_date, 'YYYY-MM-DD') AS date, e.fiscal_year AS "fiscalYear",
              e.description, e.metadata, e.hash,
              (SELECT r.id FROM journal_entries r WHERE r.reverses_entry_id = e.id) AS "reversedBy",
              x.fund_code AS fund, x.account_code AS account, x.budget_line AS "budgetLine", x.amount::text,
              x.currency::text, x.rate::text, x.amount_base::text AS "amountBase", b.bank_account AS "bankAccount"
         FROM journal_entries e
         JOIN postings x ON x.entry_id = e.id AND x.line_no = 1
         JOIN postings b ON b.entry_id = e.id AND b.line_no = 2
        WHERE e.source = 'expenditure'
          AND ($1::int IS NULL OR e.fiscal_year = $1)
          AND ($2::text IS NULL OR x.fund_code = $2)
          AND ($3::text IS NULL OR x.budget_line = $3)
          AND ($4::bigint IS NULL OR e.sequence > $4)
        ORDER BY e.sequence LIMIT $5`,
      [f.fiscalYear ?? null, f.fund ?? null, f.budgetLine ?? null, f.afterSequence ?? null, f.limit],
    );
  }
}
