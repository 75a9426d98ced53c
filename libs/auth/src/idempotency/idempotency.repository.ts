import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface StoredResponse {
  requestHash: string;
  statusCode: number | null;
  response: unknown;
}

/** Keys are claimed and read here; the answer is stored with the request's audit row (`AuditRepository.append`). */
@Injectable()
export class IdempotencyRepository {
  /**
   * Claims the key inside the caller's transaction. When another transaction holds an uncommitted
   * claim on the same key, PostgreSQL makes this INSERT wait for it: the second request then sees
   * the committed answer (or, if the first rolled back, claims the key itself).
   */
  async claim(m: EntityManager, actorId: string, key: string, requestHash: string): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO idempotency_keys (actor_id, key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING 1`,
      [actorId, key, requestHash],
    );
    return rows.length === 1;
  }

  async find(m: EntityManager, actorId: string, key: string): Promise<StoredResponse | undefined> {
    const rows: StoredResponse[] = await m.query(
      `SELECT request_hash AS "requestHash", status_code AS "statusCode", response
         FROM idempotency_keys WHERE actor_id = $1 AND key = $2`,
      [actorId, key],
    );
    return rows[0];
  }
}
