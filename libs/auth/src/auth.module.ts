import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuditLogController } from './audit/audit-log.controller';
import { AuditRepository } from './audit/audit.repository';
import { AuditService } from './audit/audit.service';
import { AuthGuard } from './auth.guard';
import { Clock } from './clock';
import { IdempotencyRepository } from './idempotency/idempotency.repository';
import { AUTH_OPTIONS, AuthOptions } from './limits/auth-options';
import { AuthFailureLimiter } from './limits/auth-failure-limiter';
import { RateLimitGuard } from './rate-limit.guard';
import { RequestTransactionInterceptor } from './request-transaction.interceptor';
import { AuthController } from './sessions/auth.controller';
import { LoginThrottle } from './sessions/login-throttle';
import { SessionsRepository } from './sessions/sessions.repository';
import { SessionsService } from './sessions/sessions.service';
import { SignInService } from './sessions/sign-in.service';
import { TokensController } from './tokens/tokens.controller';
import { TokensRepository } from './tokens/tokens.repository';
import { TokensService } from './tokens/tokens.service';
import { PasswordHasher } from './users/password-hasher';
import { UsersController } from './users/users.controller';
import { UsersRepository } from './users/users.repository';
import { UsersService } from './users/users.service';

@Global()
@Module({})
export class AuthModule {
  static register(options: AuthOptions): DynamicModule {
    const limited = options.rateLimitPerMinute > 0;
    return {
      module: AuthModule,
      imports: limited ? [ThrottlerModule.forRoot({ throttlers: [{ ttl: 60_000, limit: options.rateLimitPerMinute }] })] : [],
      controllers: [TokensController, UsersController, AuthController, AuditLogController],
      providers: [
        { provide: AUTH_OPTIONS, useValue: options },
        Clock,
        AuthFailureLimiter,
        TokensRepository,
        TokensService,
        UsersRepository,
        UsersService,
        PasswordHasher,
        SessionsRepository,
        SessionsService,
        LoginThrottle,
        SignInService,
        AuditRepository,
        AuditService,
        IdempotencyRepository,
        { provide: APP_GUARD, useClass: AuthGuard },
        ...(limited ? [{ provide: APP_GUARD, useClass: RateLimitGuard }] : []),
        { provide: APP_INTERCEPTOR, useClass: RequestTransactionInterceptor },
      ],
      exports: [TokensService, UsersService, AuditService, Clock],
    };
  }
}
