import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A bank reconciliation is signed off by the people signed in, not by names typed in a form:
 * one person prepares it (a preparation keeps its figures as they stood), another reviews that
 * preparation, which writes the sign-off.
 * - `bank_reconciliation_preparations` (append-only) holds each preparation with who made it: the
 *   caller's name as shown and its actor (`user:<id>` for a person, `token:<id>` for a machine).
 * - A sign-off written by a review names its preparation (at most one review per preparation)
 *   and both actors, which must differ. Sign-offs written before this keep their typed names and
 *   their check that the two names differ.
 * Columns and a table are added only: the append-only trigger of the sign-offs is unchanged.
 */
export class SignOffBySignedInPeople1764400900000 implements MigrationInterface {
  name = 'SignOffBySignedInPeople1764400900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE bank_reconciliation_preparations (
        id uuid PRIMARY KEY,
        bank_account text NOT NULL REFERENCES bank_accounts(code),
        as_of date NOT NULL,
        prepared_by text NOT NULL CHECK (length(prepared_by) BETWEEN 1 AND 200),
        prepared_by_actor text NOT NULL CHECK (prepared_by_actor ~ '^(user|token):'),
        reconciled boolean NOT NULL,
        difference numeric NOT NULL,
        figures jsonb NOT NULL,
        prepared_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX bank_reconciliation_preparations_account ON bank_reconciliation_preparations (bank_account, as_of)`,
    );
    await q.query(`
      CREATE TRIGGER bank_reconciliation_preparations_append_only BEFORE UPDATE OR DELETE OR TRUNCATE
      ON bank_reconciliation_preparations FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`);

    await q.query(`ALTER TABLE bank_reconciliation_sign_offs DROP CONSTRAINT bank_reconciliation_sign_offs_check`);
    await q.query(`ALTER TABLE bank_reconciliation_sign_offs
      ADD COLUMN preparation_id uuid UNIQUE REFERENCES bank_reconciliation_preparations(id),
      ADD COLUMN prepared_by_actor text,
      ADD COLUMN reviewed_by_actor text,
      ADD CONSTRAINT bank_reconciliation_sign_offs_two_people CHECK (
        CASE WHEN preparation_id IS NULL THEN lower(btrim(prepared_by)) <> lower(btrim(reviewed_by))
             ELSE prepared_by_actor IS NOT NULL AND reviewed_by_actor IS NOT NULL AND prepared_by_actor <> reviewed_by_actor
        END)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE bank_reconciliation_sign_offs DROP CONSTRAINT bank_reconciliation_sign_offs_two_people`);
    await q.query(`ALTER TABLE bank_reconciliation_sign_offs
      DROP COLUMN preparation_id, DROP COLUMN prepared_by_actor, DROP COLUMN reviewed_by_actor`);
    await q.query(`ALTER TABLE bank_reconciliation_sign_offs
      ADD CONSTRAINT bank_reconciliation_sign_offs_check CHECK (lower(btrim(prepared_by)) <> lower(btrim(reviewed_by)))`);
    await q.query('DROP TABLE bank_reconciliation_preparations');
  }
}
