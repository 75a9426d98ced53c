import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A statement line belongs to a statement of its own bank account. That was a deferred foreign key
 * (the statement row was written after its lines), checked line by line at commit: a 100,000-line
 * import paid 100,000 look-ups there. An import now writes its statements first, then their lines
 * in one statement, and one statement-level check over the new lines refuses any whose statement
 * (of that bank account) does not exist (SQLSTATE 23503, as the foreign key did). Statements are
 * append-only (bank_statements_append_only refuses UPDATE, DELETE and TRUNCATE), so the check at
 * insert keeps the reference true.
 *
 * The index of lines by statement is dropped: nothing reads lines by their statement, and each
 * index is a share of the cost of storing every line.
 */
export class StatementLineStatementCheck1764401800000 implements MigrationInterface {
  name = 'StatementLineStatementCheck1764401800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION statement_lines_statement_check() RETURNS trigger LANGUAGE plpgsql
      SET jit = off
      AS $$
      DECLARE
        bad bigint;
      BEGIN
        SELECT n.id INTO bad FROM new_lines n
         WHERE NOT EXISTS (SELECT 1 FROM bank_statements s WHERE s.id = n.statement_id AND s.bank_account = n.bank_account)
         LIMIT 1;
        IF bad IS NOT NULL THEN
          RAISE EXCEPTION 'statement line %: its statement is not a statement of its bank account', bad
            USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
      END$$`);
    await q.query(`
      CREATE TRIGGER statement_lines_statement_check AFTER INSERT ON statement_lines
      REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION statement_lines_statement_check()`);
    await q.query(`ALTER TABLE statement_lines DROP CONSTRAINT statement_lines_statement_id_bank_account_fkey`);
    await q.query(`DROP INDEX statement_lines_statement`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX statement_lines_statement ON statement_lines (statement_id)`);
    await q.query(`ALTER TABLE statement_lines ADD FOREIGN KEY (statement_id, bank_account)
      REFERENCES bank_statements (id, bank_account) DEFERRABLE INITIALLY DEFERRED`);
    await q.query(`DROP TRIGGER statement_lines_statement_check ON statement_lines`);
    await q.query(`DROP FUNCTION statement_lines_statement_check()`);
  }
}
