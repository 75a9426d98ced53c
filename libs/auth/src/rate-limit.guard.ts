import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Request } from 'express';
import { createHash } from 'node:crypto';
import { clientAddress } from './limits/client-address';
import { AuthenticatedRequest } from './roles';

/**
 * RATE_LIMIT_PER_MINUTE requests per caller per minute, all routes together. Runs after
 * authentication: an authenticated request counts against its caller (the token or the person,
 * however the header was spelled), any other (public routes) against its client address.
 * Requests that fail authentication never get here: AuthFailureLimiter counts those.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const principal = (request as unknown as AuthenticatedRequest).principal;
    if (principal) return `caller:${principal.tokenId}`;
    return `address:${clientAddress(request as unknown as Request)}`;
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return createHash('sha256').update(`${throttlerName}:${tracker}`).digest('hex');
  }
}
