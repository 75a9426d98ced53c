import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { createHash } from 'node:crypto';

/** Limits requests per token (per address when no token is sent). */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const headers = request.headers as Record<string, string | undefined>;
    const auth = headers.authorization;
    if (auth) return `t:${createHash('sha256').update(auth).digest('hex')}`;
    return `ip:${String(request.ip)}`;
  }
}
