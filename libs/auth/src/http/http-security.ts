import { INestApplication } from '@nestjs/common';
import type { Request } from 'express';
import { noStore } from './no-store';

/**
 * The HTTP-level protections of the API, applied once by the application factory, before the
 * body parsers:
 * - cross-origin writes refused (NestJS's Fetch-Metadata / Origin check, 403) unless the request
 *   is a bearer caller's (it sends Authorization, which no browser adds on its own);
 * - every /v1 answer `Cache-Control: no-store` unless its route sets its own.
 */
export function applyHttpSecurity(app: INestApplication): void {
  app.enableCsrfProtection({ exclude: (request: Request) => request.headers?.authorization !== undefined });
  app.use('/v1', noStore);
}
