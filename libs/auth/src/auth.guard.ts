import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { DomainError, ErrorCode } from '@app/common';
import { AuthFailureLimiter } from './limits/auth-failure-limiter';
import { AuthenticatedRequest, PUBLIC_KEY, Role, ROLES_KEY } from './roles';
import { TokensService } from './tokens/tokens.service';

/**
 * Deny by default: a route opens only to the roles it lists. A route that lists none is closed to
 * everyone (and the route-table test fails), so forgetting a decorator can never expose a route.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokensService,
    private readonly failures: AuthFailureLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    this.failures.assertAllowed(request, context.switchToHttp().getResponse<Response>());
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!bearer) this.reject(request, 'send Authorization: Bearer <token>');
    const principal = await this.tokens.authenticate(bearer);
    if (!principal) this.reject(request, 'the token is unknown or revoked');
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

  private reject(request: AuthenticatedRequest, reason: string): never {
    this.failures.recordFailure(request, reason);
    throw new DomainError(ErrorCode.Unauthenticated, reason);
  }
}
