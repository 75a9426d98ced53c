import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People who sign in to the web console, and their sessions.
 *
 * - `users`: a username unique regardless of case, a display name, a role, an argon2id password
 *   hash (never the password), and `disabled_at` (a disabled user cannot sign in; the row stays, as
 *   the audit log and domain records name it).
 * - `sessions`: only the SHA-256 of a session's 256-bit random token is stored. A session ends
 *   (`ended_at`, `end_reason`) at logout, password change, when its user is disabled, or when a
 *   newer login replaces it; it expires by itself after `expires_at` (absolute) or when
 *   `last_seen_at` is older than the idle timeout (checked by the application's clock).
 * - Actors: every `actor_token_id` column (audit log, journal entries, registers) records who
 *   acted — an API token's id, or a user's id for a person (both random UUIDs, never equal).
 *   Idempotency keys belong to that actor, so the column is renamed `actor_id` and no longer
 *   references api_tokens.
 */
export class PeopleAndSessions1764400600000 implements MigrationInterface {
  name = 'PeopleAndSessions1764400600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL CHECK (username ~ '^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$'),
        display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
        role text NOT NULL CHECK (role IN ('admin', 'secretariat', 'viewer', 'auditor')),
        password_hash text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
        disabled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by uuid,
        updated_at timestamptz NOT NULL DEFAULT now(),
        password_changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE UNIQUE INDEX users_username_key ON users (lower(username))');

    await q.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
        created_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        ended_at timestamptz,
        end_reason text CHECK (end_reason IN ('logout', 'password_changed', 'user_disabled', 'replaced')),
        client_address text CHECK (length(client_address) <= 64),
        CHECK ((ended_at IS NULL) = (end_reason IS NULL)),
        CHECK (expires_at > created_at)
      )`);
    await q.query('CREATE INDEX sessions_active_by_user ON sessions (user_id) WHERE ended_at IS NULL');

    await q.query('ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_token_id_fkey');
    await q.query('ALTER TABLE idempotency_keys RENAME COLUMN token_id TO actor_id');
    await q.query(
      `COMMENT ON COLUMN audit_log.actor_token_id IS 'who acted: an API token''s id, or a user''s id for a person signed in to the console'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('COMMENT ON COLUMN audit_log.actor_token_id IS NULL');
    await q.query('DELETE FROM idempotency_keys WHERE actor_id NOT IN (SELECT id FROM api_tokens)');
    await q.query('ALTER TABLE idempotency_keys RENAME COLUMN actor_id TO token_id');
    await q.query('ALTER TABLE idempotency_keys ADD CONSTRAINT idempotency_keys_token_id_fkey FOREIGN KEY (token_id) REFERENCES api_tokens(id)');
    await q.query('DROP TABLE sessions');
    await q.query('DROP TABLE users');
  }
}
