import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ErrorCode, requestIdOf } from '@app/common';
import { TransactionRunner } from '@app/database';
import { AuthenticatedRequest } from '../roles';
import { AuditFilter, AuditRecord, AuditRepository, AuditRow } from './audit.repository';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

@Injectable()
export class AuditService {
  constructor(
    private readonly db: TransactionRunner,
    private readonly audit: AuditRepository,
  ) {}

  append(record: AuditRecord): Promise<void> {
    return this.db.run((m) => this.audit.append(m, record));
  }

  /** A page of the log, newest first (read outside any write transaction). */
  list(filter: AuditFilter): Promise<AuditRow[]> {
    return this.audit.list(this.db.current() ?? this.db.dataSource.manager, filter);
  }

  /**
   * Writes of an authenticated caller refused before their transaction began (wrong role, bad
   * idempotency header) or failed inside it (rolled back with everything else) still leave an
   * audit row. Requests without valid credentials leave none: anyone can send those, and the
   * audit log is kept forever (AuthFailureLimiter notes them in the application log instead).
   */
  async recordFailedWrite(request: Request, status: number, code: ErrorCode): Promise<void> {
    const req = request as AuthenticatedRequest & { audited?: boolean };
    if (!WRITE_METHODS.has(req.method) || req.audited || !req.principal) return;
    if (code === ErrorCode.RouteNotFound) return;
    await this.append({
      actorTokenId: req.principal.tokenId,
      actorRole: req.principal.role,
      action: `${req.method} ${(req.route as { path?: string } | undefined)?.path ?? req.path}`,
      requestId: requestIdOf(req),
      outcome: status >= 500 ? 'failure' : 'rejected',
      statusCode: status,
      detail: { code },
    });
  }
}
