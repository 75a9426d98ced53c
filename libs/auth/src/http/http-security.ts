import { INestApplication } from '@nestjs/common';
import { noStore } from './no-store';

/** The HTTP-level protections of the API, applied once by the application factory. */
export function applyHttpSecurity(app: INestApplication): void {
  app.use('/v1', noStore);
}
