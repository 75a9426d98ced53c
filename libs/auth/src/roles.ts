import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiHeader, ApiQuery } from '@nestjs/swagger';
import type { Request } from 'express';

export const ROLES = ['admin', 'secretariat', 'viewer', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const ROLES_KEY = 'ledger:roles';
export const PUBLIC_KEY = 'ledger:public';
export const IDEMPOTENT_KEY = 'ledger:idempotent';

/** The roles allowed on a route. Every route states its roles (or is @Public): deny by default. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** Read roles: everyone with a valid token. */
export const ANY_ROLE: Role[] = [...ROLES];
export const Public = () => SetMetadata(PUBLIC_KEY, true);
export const PASSIVE_KEY = 'ledger:passive';
/** A request to this route does not count as a signed-in person's activity (idle timeout). */
export const Passive = () => SetMetadata(PASSIVE_KEY, true);
/**
 * The route posts to the ledger: it requires an `Idempotency-Key` header, and accepts
 * `?dryRun=true` (do everything, answer, then roll back).
 */
export const Idempotent = () => SetMetadata(IDEMPOTENT_KEY, true);

/** Who is calling: a machine with an API token, or a person signed in to the console. */
export interface Principal {
  /**
   * The actor's id as records keep it (their `actor_token_id` columns, idempotency keys, rate
   * limit): the token's id for a machine, the user's id for a person.
   */
  tokenId: string;
  kind: 'token' | 'user';
  role: Role;
  /** The token's name, or the person's display name. */
  name: string;
  /** A person's user id and current session (absent for tokens). */
  userId?: string;
  sessionId?: string;
  username?: string;
}

export type AuthenticatedRequest = Request & { principal?: Principal; id?: unknown };

export function principalOf(request: AuthenticatedRequest): Principal {
  if (!request.principal) throw new Error('route reached without an authenticated principal');
  return request.principal;
}

/** Marks a route that posts to the ledger, and documents its header and dry-run flag. */
export const PostsToLedger = () =>
  applyDecorators(
    Idempotent(),
    ApiHeader({
      name: 'Idempotency-Key',
      required: true,
      description: 'Client-chosen key (≤ 128 visible ASCII characters); a replay returns the first answer',
    }),
    ApiQuery({
      name: 'dryRun',
      required: false,
      enum: ['true', 'false'],
      description: 'Answer what would be posted, and write nothing',
    }),
  );
