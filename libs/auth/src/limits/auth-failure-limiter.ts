import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, ErrorCode, requestIdOf } from '@app/common';
import { Clock } from '../clock';
import { AUTH_OPTIONS, AuthOptions } from './auth-options';
import { clientAddress } from './client-address';
import { FixedWindowCounter } from './fixed-window-counter';
import { SampledLog } from './sampled-log';

/** Failed authentications one address may make per minute before it is answered 429. */
export const AUTH_FAILURES_PER_MINUTE = 30;
/** Lines about rejected authentication written to the application log per minute, at most. */
const REJECTION_LINES_PER_MINUTE = 20;
const MINUTE_MS = 60_000;

/**
 * Requests whose credentials fail are counted per client address; past the limit, the address is
 * answered 429 until its minute ends, before any credential is looked at (so guessing learns
 * nothing, and a flood costs no database reads). Rejections go to the application log, sampled,
 * never to the audit log: anyone can send them. Off when RATE_LIMIT_PER_MINUTE is 0.
 */
@Injectable()
export class AuthFailureLimiter {
  private readonly failures = new FixedWindowCounter(MINUTE_MS);
  private readonly logger = new Logger('Authentication');
  private readonly rejections = new SampledLog((fields, message) => this.logger.warn(fields, message), REJECTION_LINES_PER_MINUTE, MINUTE_MS);
  private readonly enabled: boolean;

  constructor(
    @Inject(AUTH_OPTIONS) options: AuthOptions,
    private readonly clock: Clock,
  ) {
    this.enabled = options.rateLimitPerMinute > 0;
  }

  /** Throws 429 (with Retry-After) when the request's address has failed too often this minute. */
  assertAllowed(request: Request, response: Response): void {
    if (!this.enabled) return;
    const address = clientAddress(request);
    const now = this.clock.nowMs();
    if (this.failures.count(address, now) < AUTH_FAILURES_PER_MINUTE) return;
    const retryAfterS = Math.max(1, Math.ceil(this.failures.remainingMs(address, now) / 1000));
    response.setHeader('Retry-After', String(retryAfterS));
    throw new DomainError(ErrorCode.RateLimited, `too many failed authentication attempts from this address; retry in ${retryAfterS} s`);
  }

  /** Counts a failed authentication and notes it in the application log. */
  recordFailure(request: Request, reason: string): void {
    const now = this.clock.nowMs();
    const address = clientAddress(request);
    if (this.enabled) this.failures.add(address, now);
    this.logRejection(request, reason);
  }

  /** Notes a rejected authentication or sign-in in the application log (sampled), naming no secret. */
  logRejection(request: Request, reason: string): void {
    const route = (request.route as { path?: unknown } | undefined)?.path;
    this.rejections.write(
      this.clock.nowMs(),
      { address: clientAddress(request), method: request.method, route: typeof route === 'string' ? route : undefined, requestId: requestIdOf(request), reason },
      'authentication rejected',
    );
  }
}
