import type { components } from './schema';

/** A person signed in to the console (GET /v1/auth/session, POST /v1/auth/login). */
export type SessionUser = components['schemas']['SignedInUserDto'];
