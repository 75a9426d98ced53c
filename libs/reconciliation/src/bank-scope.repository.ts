import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { CsvProfile } from './statement-parsers';

/**
 * A bank account as reconciliation sees it: its currency, its ledger account, and whether the
 * postings of that ledger account that carry no bank-account dimension belong to it — they do
 * when it is the only bank account on that ledger account (manual journal entries carry no
 * dimension), never when several share it (they could be anyone's).
 */
export interface BankScope {
  code: string;
  name: string;
  currency: string;
  ledgerAccount: string;
  active: boolean;
  includeUntagged: boolean;
  /** The number its bank files name it by, without spaces, in capitals; null when not set. */
  accountNumber: string | null;
  /** How its bank's own CSV/XLSX export is laid out; null when not set. */
  csvProfile: CsvProfile | null;
}

const SCOPE_COLUMNS = `b.code, b.name, b.currency, b.ledger_account AS "ledgerAccount", b.active,
  (SELECT count(*) FROM bank_accounts o WHERE o.ledger_account = b.ledger_account) = 1 AS "includeUntagged",
  b.account_number AS "accountNumber", b.csv_profile AS "csvProfile"`;

/**
 * SQL condition selecting the bank account's postings, alias `p`; parameters $n (ledger account),
 * $n+1 (code), $n+2 (includeUntagged).
 */
export function postingScopeSql(first: number): string {
  return `p.account_code = $${first} AND (p.bank_account = $${first + 1} OR ($${first + 2}::boolean AND p.bank_account IS NULL))`;
}

export const postingScopeParams = (s: BankScope): unknown[] => [s.ledgerAccount, s.code, s.includeUntagged];

@Injectable()
export class BankScopeRepository {
  async find(m: EntityManager, code: string): Promise<BankScope | undefined> {
    const rows: BankScope[] = await m.query(`SELECT ${SCOPE_COLUMNS} FROM bank_accounts b WHERE b.code = $1`, [code]);
    return rows[0];
  }

  /** Changes what is given of name, account number and CSV profile (null clears the last two). */
  async updateSettings(
    m: EntityManager,
    code: string,
    changes: { name?: string; accountNumber?: string | null; csvProfile?: CsvProfile | null },
  ): Promise<void> {
    await m.query(
      `UPDATE bank_accounts SET
         name = CASE WHEN $2 THEN $3 ELSE name END,
         account_number = CASE WHEN $4 THEN $5 ELSE account_number END,
         csv_profile = CASE WHEN $6 THEN $7::jsonb ELSE csv_profile END
       WHERE code = $1`,
      [
        code,
        changes.name !== undefined,
        changes.name ?? null,
        changes.accountNumber !== undefined,
        changes.accountNumber ?? null,
        changes.csvProfile !== undefined,
        changes.csvProfile === undefined || changes.csvProfile === null ? null : JSON.stringify(changes.csvProfile),
      ],
    );
  }

  /**
   * Serialises the writers of one bank account's reconciliation (imports, matching). NO KEY
   * UPDATE: rows that merely reference the account (postings of payments) are not blocked.
   */
  async lock(m: EntityManager, code: string): Promise<void> {
    await m.query('SELECT code FROM bank_accounts WHERE code = $1 FOR NO KEY UPDATE', [code]);
  }

  list(m: EntityManager): Promise<BankScope[]> {
    return m.query(`SELECT ${SCOPE_COLUMNS} FROM bank_accounts b ORDER BY b.code`);
  }
}
