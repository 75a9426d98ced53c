import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { APP_CONFIG, AppConfig, DomainError, ErrorCode } from '@app/common';
import { metricsAccess } from '@app/observability';

/** `GET /metrics`: the loopback, or anyone with METRICS_TOKEN when it is set (API tokens do not open it). */
@Injectable()
export class MetricsAccessGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const access = metricsAccess({ remoteAddress: request.socket.remoteAddress, headers: request.headers }, this.config.metricsToken);
    if (!access.allowed) throw new DomainError(ErrorCode.Unauthenticated, access.reason);
    return true;
  }
}
