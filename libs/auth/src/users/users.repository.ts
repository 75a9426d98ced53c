import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Role } from '../roles';

export interface UserRow {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  disabledAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface UserWithHash extends UserRow {
  passwordHash: string;
}

export interface UserChanges {
  displayName?: string;
  role?: Role;
  disabled?: boolean;
  passwordHash?: string;
}

const COLUMNS = `id, username, display_name AS "displayName", role, disabled_at AS "disabledAt",
  created_at AS "createdAt", updated_at AS "updatedAt"`;

@Injectable()
export class UsersRepository {
  async insert(
    m: EntityManager,
    u: { username: string; displayName: string; role: Role; passwordHash: string; createdBy?: string },
  ): Promise<UserRow | undefined> {
    const rows: UserRow[] = await m.query(
      `INSERT INTO users (username, display_name, role, password_hash, created_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
      [u.username, u.displayName, u.role, u.passwordHash, u.createdBy ?? null],
    );
    return rows[0];
  }

  async findById(m: EntityManager, id: string, forUpdate = false): Promise<UserWithHash | undefined> {
    const rows: UserWithHash[] = await m.query(
      `SELECT ${COLUMNS}, password_hash AS "passwordHash" FROM users WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0];
  }

  /** Usernames are unique regardless of case, and found regardless of case. */
  async findByUsername(m: EntityManager, username: string): Promise<UserWithHash | undefined> {
    const rows: UserWithHash[] = await m.query(
      `SELECT ${COLUMNS}, password_hash AS "passwordHash" FROM users WHERE lower(username) = lower($1)`,
      [username],
    );
    return rows[0];
  }

  list(m: EntityManager): Promise<UserRow[]> {
    return m.query(`SELECT ${COLUMNS} FROM users ORDER BY lower(username)`);
  }

  /** Serialises the first admin's creation (two processes starting at once create one), until commit. */
  async lockFirstAdminBootstrap(m: EntityManager): Promise<void> {
    await m.query('SELECT pg_advisory_xact_lock(7265003)');
  }

  async any(m: EntityManager): Promise<boolean> {
    const rows: unknown[] = await m.query('SELECT 1 FROM users LIMIT 1');
    return rows.length > 0;
  }

  async update(m: EntityManager, id: string, c: UserChanges, now: Date): Promise<UserRow> {
    const rows: [UserRow[], number] = await m.query(
      `UPDATE users SET
         display_name = coalesce($2, display_name),
         role = coalesce($3, role),
         disabled_at = CASE WHEN $4::boolean IS NULL THEN disabled_at
                            WHEN $4::boolean THEN coalesce(disabled_at, $6) ELSE NULL END,
         password_hash = coalesce($5, password_hash),
         password_changed_at = CASE WHEN $5::text IS NULL THEN password_changed_at ELSE $6 END,
         updated_at = $6
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, c.displayName ?? null, c.role ?? null, c.disabled ?? null, c.passwordHash ?? null, now],
    );
    return rows[0][0];
  }
}
