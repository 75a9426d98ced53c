import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import type { Server } from 'node:http';
import { Logger } from 'nestjs-pino';
import { createValidationPipe, ProblemFilter, TextSanityPipe } from '@app/common';
import { applyHttpSecurity, AuditService } from '@app/auth';
import { HttpMetrics } from '@app/observability';
import { AppModule, ResolvedConfig } from './app.module';
import { openApiDocument } from './openapi';

/** Time a client has to send its request line and headers. */
const HEADERS_TIMEOUT_MS = 20_000;
/** Beyond the upload deadline, so that a statement upload's own 408 (a problem answer) comes first. */
const REQUEST_TIMEOUT_SLACK_MS = 10_000;

/** Builds the HTTP application exactly as production runs it (tests use this too). */
export async function createApp(config: ResolvedConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), {
    bufferLogs: true,
    bodyParser: false,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  // First in the chain: every request is counted and timed, even one refused before routing.
  app.use(app.get(HttpMetrics).middleware);
  app.use(helmet({ contentSecurityPolicy: false }));
  applyHttpSecurity(app);
  app.useBodyParser('json', { limit: config.bodyLimitBytes, strict: true });
  app.useBodyParser('urlencoded', { limit: config.bodyLimitBytes, extended: false });
  app.set('query parser', 'simple');
  app.set('trust proxy', false);
  // No request holds a socket for long: its headers within HEADERS_TIMEOUT_MS, the whole of it
  // (body included) within the upload deadline on top; Node's own defaults allow five minutes.
  const server: Server = app.getHttpServer();
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = HEADERS_TIMEOUT_MS + config.uploadTimeoutMs + REQUEST_TIMEOUT_SLACK_MS;
  app.useGlobalPipes(new TextSanityPipe(), createValidationPipe());
  const audit = app.get(AuditService);
  app.useGlobalFilters(new ProblemFilter((request, status, code) => audit.recordFailedWrite(request, status, code)));
  app.enableShutdownHooks();

  const document = openApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
