import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, ErrorCode, PreparedAnswer, Problem, PROBLEM_CONTENT_TYPE, problemFromDomainError, problemOf } from '../errors';

const BY_STATUS: Record<number, ErrorCode> = {
  400: ErrorCode.ValidationFailed,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.RouteNotFound,
  409: ErrorCode.Conflict,
  413: ErrorCode.PayloadTooLarge,
  429: ErrorCode.RateLimited,
  503: ErrorCode.ServiceUnavailable,
};

/** Hook for the audit log: called for every failed write that no transaction recorded. */
export type FailedWriteRecorder = (request: Request, status: number, code: ErrorCode) => Promise<void>;

export function requestIdOf(request: Request): string | undefined {
  const id = (request as Request & { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

// Connection-level failures (server restarting, refused, terminated): the request may be retried.
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004']);
const UNAVAILABLE_MESSAGE = /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down)/i;

// TypeORM releases a query runner when its connection emits an error between two queries (the
// server went away); the next query of that transaction then fails with one of these.
const RELEASED_RUNNER = new Set(['QueryRunnerProviderAlreadyReleasedError', 'QueryRunnerAlreadyReleasedError']);

const isReleasedRunner = (error: unknown): boolean => {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' && RELEASED_RUNNER.has(name);
};

export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown; driverError?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (isReleasedRunner(error)) return true;
  if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true;
  return e.driverError !== undefined && e.driverError !== error && isDatabaseUnavailable(e.driverError);
}

/** Turns anything thrown into problem+json; only the unexpected becomes a 500, logged in full. */
export function toProblem(exception: unknown, request: Request, logger: Logger): Problem {
  const requestId = requestIdOf(request);
  if (exception instanceof DomainError) return problemFromDomainError(exception, requestId);
  // Body-parser failures arrive as themselves or wrapped (cause) by the HTTP adapter.
  const raw = exception as { type?: unknown; cause?: { type?: unknown } } | null;
  const parserType = raw?.type ?? raw?.cause?.type;
  if (parserType === 'entity.parse.failed') {
    const reason = exception instanceof Error ? `: ${exception.message}` : '';
    return problemOf(ErrorCode.MalformedJson, `the body could not be parsed as JSON${reason}`, undefined, requestId);
  }
  if (parserType === 'entity.too.large') {
    return problemOf(ErrorCode.PayloadTooLarge, 'the body exceeds the size limit', undefined, requestId);
  }
  if (parserType === 'encoding.unsupported' || parserType === 'charset.unsupported') {
    return problemOf(ErrorCode.ValidationFailed, 'the body encoding is not supported', undefined, requestId);
  }
  // 503 is the health check's honest "the database is away", not a bug.
  if (exception instanceof HttpException && (exception.getStatus() < 500 || exception.getStatus() === 503)) {
    const status = exception.getStatus();
    const code = BY_STATUS[status] ?? ErrorCode.ValidationFailed;
    const problem = problemOf(code, exception.message, undefined, requestId);
    return { ...problem, status };
  }
  if (isDatabaseUnavailable(exception)) {
    // A released runner is also what a bug using a finished transaction would raise: logged as an
    // error so it is seen, though the client is told to retry.
    if (isReleasedRunner(exception)) logger.error({ err: exception, requestId }, 'query on a released query runner (connection lost mid-transaction?)');
    else logger.warn({ err: exception, requestId }, 'database unavailable');
    return problemOf(ErrorCode.ServiceUnavailable, 'the database is not reachable; try again shortly', undefined, requestId);
  }
  // PostgreSQL class 22 (data exception): a value the database could not take. Input-caused, so
  // a 400 — but logged, since validation should have caught it first.
  const sqlState = (exception as { code?: unknown } | null)?.code;
  if (typeof sqlState === 'string' && /^22[0-9A-Z]{3}$/.test(sqlState)) {
    logger.warn({ err: exception, requestId }, 'data exception reached the database');
    return problemOf(ErrorCode.ValidationFailed, 'a value in the request is not acceptable', undefined, requestId);
  }
  logger.error({ err: exception, requestId }, 'unexpected error');
  return problemOf(
    ErrorCode.Internal,
    `an unexpected error occurred; it was logged with request id ${requestId ?? 'unknown'}`,
    undefined,
    requestId,
  );
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  constructor(private readonly recordFailedWrite?: FailedWriteRecorder) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    if (response.headersSent) {
      this.logger.error({ err: exception, requestId: requestIdOf(request) }, 'error after the response started');
      response.destroy();
      return;
    }
    if (exception instanceof PreparedAnswer) {
      response.status(exception.status).set(exception.headers);
      response.type(exception.status >= 400 ? PROBLEM_CONTENT_TYPE : 'application/json');
      response.send(JSON.stringify(exception.body));
      return;
    }
    const problem = toProblem(exception, request, this.logger);
    // The audit row is written before the answer leaves, so a client never sees a refusal the
    // log does not hold yet.
    void this.audit(request, problem).finally(() => {
      if (!response.headersSent) response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
    });
  }

  private async audit(request: Request, problem: Problem): Promise<void> {
    if (!this.recordFailedWrite) return;
    try {
      await this.recordFailedWrite(request, problem.status, problem.code);
    } catch (error) {
      this.logger.error({ err: error }, 'could not append the audit row of a failed write');
    }
  }
}
