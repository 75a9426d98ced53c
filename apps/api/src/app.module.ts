import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { AuthModule, requestIdFor } from '@app/auth';
import { APP_CONFIG, AppConfig } from '@app/common';
import { DatabaseModule } from '@app/database';
import { ExportsModule } from '@app/exports';
import { GrantsModule } from '@app/grants';
import { LedgerModule } from '@app/ledger';
import { ReserveFundModule } from '@app/reserve-fund';
import { ContributionsModule } from '@app/contributions';
import { ReconciliationModule } from '@app/reconciliation';
import { StatementsModule } from '@app/statements';
import { chooseLogFormat, logTransport } from '@app/observability';
import { HealthController } from './health.controller';
import { OperationsModule } from './operations.module';
import { webConsoleModule } from './web-console';

export type ResolvedConfig = AppConfig & { databaseUrl: string };

@Module({})
export class AppModule {
  static register(config: ResolvedConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            ...logTransport(chooseLogFormat(config.logFormat, process.stdout.isTTY)),
            genReqId: requestIdFor,
            // Tokens and bodies never reach the logs.
            redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["idempotency-key"]'],
            serializers: {
              req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
          },
        }),
        DatabaseModule.forUrl(config.databaseUrl, config.databasePoolSize),
        AuthModule.register({ rateLimitPerMinute: config.rateLimitPerMinute }),
        TerminusModule,
        LedgerModule,
        ContributionsModule,
        GrantsModule,
        ReserveFundModule,
        ExportsModule,
        ReconciliationModule,
        StatementsModule,
        // Lets tests and tools walk the route table (role declarations, authorization matrix).
        DiscoveryModule,
        OperationsModule,
        // The web console at / (a client of the routes above).
        webConsoleModule(),
      ],
      controllers: [HealthController],
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
      global: true,
    };
  }
}
