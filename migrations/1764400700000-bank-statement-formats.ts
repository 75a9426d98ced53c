import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Statements as banks send them.
 * - A bank account carries the number its bank files name it by (`account_number`: the IBAN or the
 *   bank's own number, stored without spaces and in capitals, so files compare against it the same
 *   way) and the description of its bank's own CSV/XLSX export (`csv_profile`, validated by the API).
 * - Imports may be MT940 or XLSX too, and remember the statements of other accounts they skipped.
 * - A statement keeps the camt message it came in and its page, the statement it continues when
 *   it is a later page of a paginated message, and the signed sum of its lines in the account's
 *   currency (so the pages of one statement can be checked against its balances together).
 * - A statement line keeps how many transactions a batch entry stands for.
 * Columns are added only: the append-only triggers of these tables are unchanged.
 */
export class BankStatementFormats1764400700000 implements MigrationInterface {
  name = 'BankStatementFormats1764400700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE bank_accounts
      ADD COLUMN account_number text CHECK (account_number ~ '^[^[:space:]]{1,70}$' AND account_number = upper(account_number)),
      ADD COLUMN csv_profile jsonb CHECK (jsonb_typeof(csv_profile) = 'object')`);
    await q.query(`CREATE INDEX bank_accounts_account_number ON bank_accounts (account_number) WHERE account_number IS NOT NULL`);

    await q.query(`ALTER TABLE statement_imports DROP CONSTRAINT statement_imports_format_check`);
    await q.query(`ALTER TABLE statement_imports
      ADD CONSTRAINT statement_imports_format_check CHECK (format IN ('csv', 'camt053', 'mt940', 'xlsx')),
      ADD COLUMN skipped jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(skipped) = 'array')`);

    await q.query(`ALTER TABLE bank_statements
      ADD COLUMN message_id text CHECK (length(message_id) <= 200),
      ADD COLUMN page_number integer CHECK (page_number >= 1),
      ADD COLUMN continues_statement_id uuid,
      ADD COLUMN lines_net numeric,
      ADD CHECK (continues_statement_id IS DISTINCT FROM id),
      -- A later page continues a statement of the same bank account.
      ADD FOREIGN KEY (continues_statement_id, bank_account) REFERENCES bank_statements (id, bank_account)`);
    await q.query(`CREATE INDEX bank_statements_ref ON bank_statements (bank_account, statement_ref) WHERE statement_ref IS NOT NULL`);

    await q.query(`ALTER TABLE statement_lines ADD COLUMN batch_count integer CHECK (batch_count >= 1)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE statement_lines DROP COLUMN batch_count`);
    await q.query(`DROP INDEX bank_statements_ref`);
    await q.query(`ALTER TABLE bank_statements DROP COLUMN lines_net, DROP COLUMN continues_statement_id,
      DROP COLUMN page_number, DROP COLUMN message_id`);
    await q.query(`ALTER TABLE statement_imports DROP COLUMN skipped, DROP CONSTRAINT statement_imports_format_check`);
    await q.query(`ALTER TABLE statement_imports
      ADD CONSTRAINT statement_imports_format_check CHECK (format IN ('csv', 'camt053'))`);
    await q.query(`DROP INDEX bank_accounts_account_number`);
    await q.query(`ALTER TABLE bank_accounts DROP COLUMN csv_profile, DROP COLUMN account_number`);
  }
}
