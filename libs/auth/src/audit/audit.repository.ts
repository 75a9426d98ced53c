import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface AuditRecord {
  actorTokenId?: string;
  actorRole?: string;
  action: string;
  target?: string;
  requestId?: string;
  outcome: 'success' | 'failure' | 'rejected';
  statusCode: number;
  detail?: Record<string, unknown>;
}

/** The answer stored under a request's Idempotency-Key. */
export interface StoredAnswer {
  actorId: string;
  key: string;
  statusCode: number;
  response: unknown;
}

export interface AuditFilter {
  fromInclusive?: string;
  toInclusive?: string;
  actorId?: string;
  action?: string;
  beforeId?: string;
  limit: number;
}

export interface AuditRow {
  id: string;
  occurredAt: Date;
  actorId: string | null;
  actorKind: 'token' | 'user' | null;
  actorName: string | null;
  actorRole: string | null;
  action: string;
  target: string | null;
  requestId: string | null;
  outcome: string;
  statusCode: number;
  detail: Record<string, unknown> | null;
}

@Injectable()
export class AuditRepository {
  /** Newest first; dates are whole UTC days. The actor is named from the tokens or users table. */
  list(m: EntityManager, f: AuditFilter): Promise<AuditRow[]> {
    return m.query(
      `SELECT a.id::text, a.occurred_at AS "occurredAt", a.actor_token_id AS "actorId",
              CASE WHEN u.id IS NOT NULL THEN 'user' WHEN t.id IS NOT NULL THEN 'token' END AS "actorKind",
              coalesce(u.username, t.name) AS "actorName", a.actor_role AS "actorRole", a.action, a.target,
              a.request_id AS "requestId", a.outcome, a.status_code AS "statusCode", a.detail
         FROM audit_log a
         LEFT JOIN users u ON u.id = a.actor_token_id
         LEFT JOIN api_tokens t ON t.id = a.actor_token_id
        WHERE ($1::date IS NULL OR a.occurred_at >= ($1::date)::timestamp AT TIME ZONE 'UTC')
          AND ($2::date IS NULL OR a.occurred_at < ($2::date + 1)::timestamp AT TIME ZONE 'UTC')
          AND ($3::uuid IS NULL OR a.actor_token_id = $3::uuid)
          AND ($4::text IS NULL OR a.action = $4)
          AND ($5::bigint IS NULL OR a.id < $5::bigint)
        ORDER BY a.id DESC
        LIMIT $6`,
      [
        f.fromInclusive ?? null,
        f.toInclusive ?? null,
        f.actorId ?? null,
        f.action ?? null,
        f.beforeId ?? null,
        f.limit,
      ],
    );
  }

  /**
   * Appends an audit row; with `answer`, the request's stored answer (for replays of its
   * Idempotency-Key, claimed earlier in the transaction) is written by the same statement.
   */
  async append(m: EntityManager, r: AuditRecord, answer?: StoredAnswer): Promise<void> {
    const params: unknown[] = [
      r.actorTokenId ?? null,
      r.actorRole ?? null,
      r.action,
      r.target ?? null,
      r.requestId ?? null,
      r.outcome,
      r.statusCode,
      r.detail ? JSON.stringify(r.detail) : null,
    ];
    let withAnswer = '';
    if (answer) {
      params.push(answer.actorId, answer.key, answer.statusCode, JSON.stringify(answer.response ?? null));
      withAnswer = `WITH answer AS (
         UPDATE idempotency_keys SET status_code = $11, response = $12 WHERE actor_id = $9 AND key = $10)
       `;
    }
    await m.query(
      `${withAnswer}INSERT INTO audit_log (actor_token_id, actor_role, action, target, request_id, outcome, status_code, detail)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      params,
    );
  }
}
