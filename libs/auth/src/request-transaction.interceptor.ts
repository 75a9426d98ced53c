import { CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import { from, lastValueFrom, Observable } from 'rxjs';
import { EntityManager } from 'typeorm';
import {
  DomainError,
  ERROR_STATUS,
  ErrorCode,
  PreparedAnswer,
  problemFromDomainError,
  requestIdOf,
  validationError,
} from '@app/common';
import { GroupCommit, retrying, TransactionRunner } from '@app/database';
import { AuditRepository } from './audit/audit.repository';
import { IdempotencyRepository } from './idempotency/idempotency.repository';
import { AuthenticatedRequest, IDEMPOTENT_KEY, Principal } from './roles';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const KEY_PATTERN = /^[\x21-\x7e]{1,128}$/;

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function requestHash(request: AuthenticatedRequest): string {
  const query = { ...(request.query as Record<string, unknown>) };
  delete query.dryRun;
  const material = JSON.stringify(
    canonical({ method: request.method, path: request.path, query, body: request.body ?? null }),
  );
  return createHash('sha256').update(material).digest('hex');
}

interface WriteContext {
  request: AuthenticatedRequest;
  principal: Principal;
  action: string;
  idempotencyKey?: string;
  dryRun: boolean;
  successStatus: number;
}

/**
 * Every write request is one database transaction holding, together, its idempotency record, its
 * business writes and its audit row: a crash leaves all of them or none, so a client that never
 * got an answer can resend with the same key and the effect happens exactly once.
 */
@Injectable()
export class RequestTransactionInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly db: TransactionRunner,
    private readonly idempotency: IdempotencyRepository,
    private readonly audit: AuditRepository,
    private readonly group: GroupCommit,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!WRITE_METHODS.has(request.method) || !request.principal) return next.handle();
    const write = this.describe(context, request, request.principal);
    return from(
      retrying(() =>
        write.idempotencyKey !== undefined && this.group.enabled
          ? this.attemptGrouped(write, next)
          : this.attempt(write, next),
      ),
    );
  }

  private describe(context: ExecutionContext, request: AuthenticatedRequest, principal: Principal): WriteContext {
    const idempotent = this.reflector.get<boolean>(IDEMPOTENT_KEY, context.getHandler()) === true;
    const dryRunParam = (request.query as Record<string, unknown>).dryRun;
    if (dryRunParam !== undefined && dryRunParam !== 'true' && dryRunParam !== 'false') {
      throw validationError('dryRun', "must be 'true' or 'false'");
    }
    const dryRun = dryRunParam === 'true';
    if (dryRun && !idempotent) throw validationError('dryRun', 'only routes that post to the ledger accept a dry run');
    const header = request.headers['idempotency-key'];
    const key = Array.isArray(header) ? header[0] : header;
    if (idempotent && !dryRun && key === undefined) {
      throw validationError('Idempotency-Key', 'this route posts to the ledger: send an Idempotency-Key header');
    }
    if (key !== undefined && !KEY_PATTERN.test(key)) {
      throw validationError('Idempotency-Key', 'must be 1 to 128 visible ASCII characters');
    }
    const declared = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler());
    const routePath = (request.route as { path?: string } | undefined)?.path ?? request.path;
    return {
      request,
      principal,
      action: `${request.method} ${routePath}`,
      idempotencyKey: idempotent && !dryRun ? key : undefined,
      dryRun,
      successStatus: declared ?? (request.method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK),
    };
  }

  private async attempt(write: WriteContext, next: CallHandler): Promise<unknown> {
    const runner = this.db.dataSource.createQueryRunner();
    await runner.connect();
    // BEGIN with its isolation level in one round trip (the runner's own startTransaction sends two).
    let open = false;
    const end = async (sql: 'COMMIT' | 'ROLLBACK'): Promise<void> => {
      open = false;
      await runner.query(sql);
    };
    try {
      await runner.query('BEGIN ISOLATION LEVEL READ COMMITTED');
      open = true;
      const replay = await this.claimOrReplay(runner.manager, write);
      if (replay) {
        await end('ROLLBACK');
        throw replay;
      }
      await runner.query('SAVEPOINT handler');
      let result: unknown;
      try {
        result = await this.db.within(runner.manager, () => lastValueFrom(next.handle(), { defaultValue: undefined }));
      } catch (error) {
        if (!(error instanceof DomainError) || ERROR_STATUS[error.code] >= 500) throw error;
        // A refused request leaves no trace but its answer (for replays) and its audit row.
        await runner.query('ROLLBACK TO SAVEPOINT handler');
        const status = ERROR_STATUS[error.code];
        await this.record(
          runner.manager,
          write,
          status,
          problemFromDomainError(error, requestIdOf(write.request)),
          'failure',
        );
        await end('COMMIT');
        throw error;
      }
      const body: unknown = result === undefined ? null : JSON.parse(JSON.stringify(result));
      if (write.dryRun) {
        await end('ROLLBACK');
        throw new PreparedAnswer(
          HttpStatus.OK,
          { dryRun: true, wouldRespond: { status: write.successStatus, body } },
          {
            'Dry-Run': 'true',
          },
        );
      }
      await this.record(runner.manager, write, write.successStatus, body, 'success');
      await end('COMMIT');
      return result;
    } catch (error) {
      if (open) await runner.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /**
   * A request that posts to the ledger joins the next group commit (ADR 9): the steps of `attempt`
   * in a savepoint of the batch's transaction, answered once the batch has committed.
   */
  private async attemptGrouped(write: WriteContext, next: CallHandler): Promise<unknown> {
    let refusal: unknown;
    const audited = (): void => {
      (write.request as AuthenticatedRequest & { audited?: boolean }).audited = true;
    };
    try {
      const result = await this.runGrouped(write, next, (error) => (refusal = error));
      audited();
      return result;
    } catch (error) {
      // Only a refusal whose answer and audit row were committed counts as audited; a unit undone
      // later (its deferred checks, the batch's commit) is audited apart like any other failure.
      if (refusal !== undefined && error === refusal) audited();
      throw error;
    }
  }

  private runGrouped(write: WriteContext, next: CallHandler, refused: (error: unknown) => void): Promise<unknown> {
    return this.group.run(async (m) => {
      const replay = await this.claimOrReplay(m, write);
      if (replay) throw replay;
      await m.query('SAVEPOINT handler');
      let result: unknown;
      try {
        result = await lastValueFrom(next.handle(), { defaultValue: undefined });
      } catch (error) {
        if (!(error instanceof DomainError) || ERROR_STATUS[error.code] >= 500) throw error;
        await m.query('ROLLBACK TO SAVEPOINT handler');
        const status = ERROR_STATUS[error.code];
        await this.record(
          m,
          write,
          status,
          problemFromDomainError(error, requestIdOf(write.request)),
          'failure',
          false,
        );
        refused(error);
        return { failure: error };
      }
      const body: unknown = result === undefined ? null : JSON.parse(JSON.stringify(result));
      await this.record(m, write, write.successStatus, body, 'success', false);
      return { value: result };
    });
  }

  private async claimOrReplay(m: EntityManager, write: WriteContext): Promise<PreparedAnswer | undefined> {
    const key = write.idempotencyKey;
    if (key === undefined) return undefined;
    const hash = requestHash(write.request);
    if (await this.idempotency.claim(m, write.principal.tokenId, key, hash)) return undefined;
    const stored = await this.idempotency.find(m, write.principal.tokenId, key);
    if (!stored || stored.statusCode === null) {
      throw new DomainError(
        ErrorCode.IdempotencyInProgress,
        'a request with this Idempotency-Key is still being processed',
      );
    }
    if (stored.requestHash !== hash) {
      throw new DomainError(
        ErrorCode.IdempotencyKeyReused,
        'this Idempotency-Key was already used with a different request; use a new key for a new request',
      );
    }
    return new PreparedAnswer(stored.statusCode, stored.response, { 'Idempotent-Replayed': 'true' });
  }

  /** The stored answer (for replays) and the audit row, in one statement, with the rest of the request. */
  private async record(
    m: EntityManager,
    write: WriteContext,
    status: number,
    body: unknown,
    outcome: 'success' | 'failure',
    markAudited = true,
  ): Promise<void> {
    const key = write.idempotencyKey;
    await this.audit.append(
      m,
      {
        actorTokenId: write.principal.tokenId,
        actorRole: write.principal.role,
        action: write.action,
        target: targetOf(write.request, body),
        requestId: requestIdOf(write.request),
        outcome,
        statusCode: status,
        detail: write.dryRun ? { dryRun: true } : undefined,
      },
      key === undefined ? undefined : { actorId: write.principal.tokenId, key, statusCode: status, response: body },
    );
    if (markAudited) (write.request as AuthenticatedRequest & { audited?: boolean }).audited = true;
  }
}

function targetOf(request: AuthenticatedRequest, body: unknown): string | undefined {
  const id = (body as { id?: unknown } | null)?.id;
  const parts = Object.entries(request.params ?? {}).map(([k, v]) => `${k}=${String(v)}`);
  if (typeof id === 'string' || typeof id === 'number') parts.push(`id=${String(id)}`);
  return parts.length > 0 ? parts.join(' ') : undefined;
}
