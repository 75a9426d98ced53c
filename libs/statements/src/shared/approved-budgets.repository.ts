import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { BudgetLineRow, BudgetVersionRow } from '../financial-statements/ledger-figures';

const VERSION_COLUMNS = `fiscal_year AS "fiscalYear", version, currency, total::text,
  approval_meeting AS "approvalMeeting", to_char(approval_date, 'YYYY-MM-DD') AS "approvalDate",
  approval_reference AS "approvalReference"`;

/**
 * Reads the budgets approved by the meetings (tables of the contributions lib). A revision is a
 * new version; the version in force at a date is the latest one approved on or before it.
 */
@Injectable()
export class ApprovedBudgetsRepository {
  versions(m: EntityManager, fiscalYear: number): Promise<BudgetVersionRow[]> {
    return m.query(`SELECT ${VERSION_COLUMNS} FROM budgets WHERE fiscal_year = $1 ORDER BY version`, [fiscalYear]);
  }

  lines(m: EntityManager, fiscalYear: number, version: number): Promise<BudgetLineRow[]> {
    return m.query(
      `SELECT code, name, amount::text FROM budget_lines WHERE fiscal_year = $1 AND version = $2 ORDER BY line_no`,
      [fiscalYear, version],
    );
  }

  async lineExists(m: EntityManager, fiscalYear: number, version: number, code: string): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `SELECT 1 FROM budget_lines WHERE fiscal_year = $1 AND version = $2 AND code = $3`,
      [fiscalYear, version, code],
    );
    return rows.length > 0;
  }
}
