export interface AuthOptions {
  /** Requests per caller per minute; 0 turns request limits off (see AuthFailureLimiter). */
  rateLimitPerMinute: number;
}

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');
