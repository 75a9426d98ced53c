import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Platform tables: API tokens (stored only as hashes), the append-only audit log, and the
 * idempotency records that make a retried POST answer what the first one answered.
 */
export class Platform1764400000000 implements MigrationInterface {
  name = 'Platform1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'table % is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'restrict_violation';
      END $$`);

    await q.query(`
      CREATE TABLE api_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        role text NOT NULL CHECK (role IN ('admin', 'secretariat', 'viewer', 'auditor')),
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by uuid REFERENCES api_tokens(id),
        revoked_at timestamptz
      )`);

    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_token_id uuid,
        actor_role text,
        action text NOT NULL,
        target text,
        request_id text,
        outcome text NOT NULL CHECK (outcome IN ('success', 'failure', 'rejected')),
        status_code integer NOT NULL,
        detail jsonb
      )`);
    await q.query(`CREATE INDEX audit_log_occurred_at ON audit_log (occurred_at)`);
    await q.query(`
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`);

    // The row is claimed at the start of the request's transaction and completed at its end, so
    // a concurrent request with the same key waits on the claim and then replays the answer.
    await q.query(`
      CREATE TABLE idempotency_keys (
        token_id uuid NOT NULL REFERENCES api_tokens(id),
        key text NOT NULL CHECK (length(key) BETWEEN 1 AND 128),
        request_hash text NOT NULL,
        status_code integer,
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (token_id, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE idempotency_keys');
    await q.query('DROP TABLE audit_log');
    await q.query('DROP TABLE api_tokens');
    await q.query('DROP FUNCTION forbid_change()');
  }
}
