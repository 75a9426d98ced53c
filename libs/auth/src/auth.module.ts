import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuditRepository } from './audit/audit.repository';
import { AuditService } from './audit/audit.service';
import { AuthGuard } from './auth.guard';
import { Clock } from './clock';
import { AUTH_OPTIONS } from './limits/auth-options';
import { AuthFailureLimiter } from './limits/auth-failure-limiter';
import { IdempotencyRepository } from './idempotency/idempotency.repository';
import { RateLimitGuard } from './rate-limit.guard';
import { RequestTransactionInterceptor } from './request-transaction.interceptor';
import { TokensController } from './tokens/tokens.controller';
import { TokensRepository } from './tokens/tokens.repository';
import { TokensService } from './tokens/tokens.service';

@Global()
@Module({})
export class AuthModule {
  static register(options: { rateLimitPerMinute: number }): DynamicModule {
    const limited = options.rateLimitPerMinute > 0;
    return {
      module: AuthModule,
      imports: limited ? [ThrottlerModule.forRoot({ throttlers: [{ ttl: 60_000, limit: options.rateLimitPerMinute }] })] : [],
      controllers: [TokensController],
      providers: [
        { provide: AUTH_OPTIONS, useValue: options },
        Clock,
        AuthFailureLimiter,
        TokensRepository,
        TokensService,
        AuditRepository,
        AuditService,
        IdempotencyRepository,
        { provide: APP_GUARD, useClass: AuthGuard },
        ...(limited ? [{ provide: APP_GUARD, useClass: RateLimitGuard }] : []),
        { provide: APP_INTERCEPTOR, useClass: RequestTransactionInterceptor },
      ],
      exports: [TokensService, AuditService, Clock],
    };
  }
}
