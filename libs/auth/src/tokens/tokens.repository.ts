import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Role } from '../roles';

export interface TokenRow {
  id: string;
  name: string;
  role: Role;
  createdAt: Date;
  revokedAt: Date | null;
}

const COLUMNS = 'id, name, role, created_at AS "createdAt", revoked_at AS "revokedAt"';

@Injectable()
export class TokensRepository {
  async insert(m: EntityManager, name: string, role: Role, tokenHash: string, createdBy?: string): Promise<TokenRow> {
    const rows: TokenRow[] = await m.query(
      `INSERT INTO api_tokens (name, role, token_hash, created_by) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
      [name, role, tokenHash, createdBy ?? null],
    );
    return rows[0];
  }

  async findActiveByHash(m: EntityManager, tokenHash: string): Promise<TokenRow | undefined> {
    const rows: TokenRow[] = await m.query(
      `SELECT ${COLUMNS} FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL`,
      [tokenHash],
    );
    return rows[0];
  }

  async existsByHash(m: EntityManager, tokenHash: string): Promise<boolean> {
    const rows: unknown[] = await m.query('SELECT 1 FROM api_tokens WHERE token_hash = $1', [tokenHash]);
    return rows.length > 0;
  }

  /** Is there an admin token at all (revoked ones count: an admin once existed)? */
  async anyAdmin(m: EntityManager): Promise<boolean> {
    const rows: unknown[] = await m.query("SELECT 1 FROM api_tokens WHERE role = 'admin' LIMIT 1");
    return rows.length > 0;
  }

  /** Serialises the first start's admin bootstrap across processes, until the transaction ends. */
  async lockAdminBootstrap(m: EntityManager): Promise<void> {
    await m.query('SELECT pg_advisory_xact_lock(7265002)');
  }

  async revoke(m: EntityManager, id: string): Promise<TokenRow | undefined> {
    const rows: [TokenRow[], number] = await m.query(
      `UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING ${COLUMNS}`,
      [id],
    );
    return rows[0][0];
  }

  async list(m: EntityManager): Promise<TokenRow[]> {
    return m.query(`SELECT ${COLUMNS} FROM api_tokens ORDER BY created_at, id`);
  }
}
