import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface BankAccountRow {
  code: string;
  name: string;
  currency: string;
  ledgerAccount: string;
  active: boolean;
  /** The number the bank's files name the account by, without spaces and in capitals; null if not set. */
  accountNumber: string | null;
}

const COLUMNS = `code, name, currency, ledger_account AS "ledgerAccount", active, account_number AS "accountNumber"`;

@Injectable()
export class BankAccountsRepository {
  list(m: EntityManager): Promise<BankAccountRow[]> {
    return m.query(`SELECT ${COLUMNS} FROM bank_accounts ORDER BY code`);
  }

  async find(m: EntityManager, code: string): Promise<BankAccountRow | undefined> {
    const rows: BankAccountRow[] = await m.query(`SELECT ${COLUMNS} FROM bank_accounts WHERE code = $1`, [code]);
    return rows[0];
  }

  async insert(m: EntityManager, b: BankAccountRow): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO bank_accounts (code, name, currency, ledger_account, active, account_number) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (code) DO NOTHING RETURNING code`,
      [b.code, b.name, b.currency, b.ledgerAccount, b.active, b.accountNumber],
    );
    return rows.length === 1;
  }
}
