import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bank accounts of the organisation, each linked to a ledger asset account. Payments and receipts
 * name one (or go to the default); reconciliation imports their statements.
 */
export class BankAccounts1764400150000 implements MigrationInterface {
  name = 'BankAccounts1764400150000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE bank_accounts (
        code text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9._-]{1,30}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        ledger_account text NOT NULL REFERENCES accounts(code),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`INSERT INTO bank_accounts (code, name, currency, ledger_account)
      VALUES ('OPERATING', 'Operating account', 'USD', '1010')`);
    await q.query(`UPDATE policies SET document = jsonb_set(document, '{defaultBankAccount}', '"OPERATING"') WHERE id = 1`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE bank_accounts');
  }
}
