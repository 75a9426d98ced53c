import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { DomainError, ErrorCode } from '@app/common';
import { assertCookieWriteHeader } from './http/cookie-write-header';
import { AuthFailureLimiter } from './limits/auth-failure-limiter';
import { AuthenticatedRequest, PASSIVE_KEY, Principal, PUBLIC_KEY, Role, ROLES_KEY } from './roles';
import { sessionTokenOf } from './sessions/session-cookie';
import { SessionsService } from './sessions/sessions.service';
import { TokensService } from './tokens/tokens.service';

/**
 * Deny by default: a route opens only to the roles it lists. A route that lists none is closed to
 * everyone (and the route-table test fails), so forgetting a decorator can never expose a route.
 *
 * A caller is a machine (`Authorization: Bearer <token>`) or a person (the session cookie); both
 * become the same kind of principal with a role, so every route answers them alike. When a request
 * sends an Authorization header, that alone decides (a cookie beside it is ignored).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokensService,
    private readonly sessions: SessionsService,
    private readonly failures: AuthFailureLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    // Before anything else, public routes (logout) included: a cookie-borne write needs its header.
    assertCookieWriteHeader(request);
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    this.failures.assertAllowed(request, context.switchToHttp().getResponse<Response>());
    const passive = this.reflector.getAllAndOverride<boolean>(PASSIVE_KEY, targets) === true;
    const principal = await this.authenticate(request, passive);
    request.principal = principal;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!allowed || allowed.length === 0) {
      this.logger.error(`route ${request.method} ${request.path} declares no roles; denied`);
      throw new DomainError(ErrorCode.Forbidden, 'this route is closed');
    }
    if (!allowed.includes(principal.role)) {
      throw new DomainError(ErrorCode.Forbidden, `the role '${principal.role}' may not do this; allowed: ${allowed.join(', ')}`);
    }
    return true;
  }

  private async authenticate(request: AuthenticatedRequest, passive: boolean): Promise<Principal> {
    const header = request.headers.authorization;
    if (header !== undefined) {
      const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
      if (!bearer) this.reject(request, 'send Authorization: Bearer <token>');
      const principal = await this.tokens.authenticate(bearer);
      if (!principal) this.reject(request, 'the token is unknown or revoked');
      return principal;
    }
    const session = sessionTokenOf(request);
    if (!session) this.reject(request, 'send Authorization: Bearer <token>, or sign in with POST /v1/auth/login');
    const principal = await this.sessions.authenticate(session, !passive);
    if (!principal) this.reject(request, 'the session has ended or expired; sign in again');
    return principal;
  }

  private reject(request: AuthenticatedRequest, reason: string): never {
    this.failures.recordFailure(request, reason);
    throw new DomainError(ErrorCode.Unauthenticated, reason);
  }
}
