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

@Injectable()
export class AuditRepository {
  async append(m: EntityManager, r: AuditRecord): Promise<void> {
    await m.query(
      `INSERT INTO audit_log (actor_token_id, actor_role, action, target, request_id, outcome, status_code, detail)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        r.actorTokenId ?? null,
        r.actorRole ?? null,
        r.action,
        r.target ?? null,
        r.requestId ?? null,
        r.outcome,
        r.statusCode,
        r.detail ? JSON.stringify(r.detail) : null,
      ],
    );
  }
}
