import type { NextFunction, Request, Response } from 'express';

/**
 * Every /v1 answer may carry money or a secret (a new token is shown once): none may be kept by a
 * browser or proxy cache. Set before the route runs, so a route that sets its own Cache-Control
 * (a download, say) overrides it.
 */
export function noStore(_request: Request, response: Response, next: NextFunction): void {
  response.setHeader('Cache-Control', 'no-store');
  next();
}
