import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { createValidationPipe, ProblemFilter, TextSanityPipe } from '@app/common';
import { applyHttpSecurity, AuditService } from '@app/auth';
import { HttpMetrics } from '@app/observability';
import { AppModule, ResolvedConfig } from './app.module';
import { openApiDocument } from './openapi';

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
  app.useGlobalPipes(new TextSanityPipe(), createValidationPipe());
  const audit = app.get(AuditService);
  app.useGlobalFilters(new ProblemFilter((request, status, code) => audit.recordFailedWrite(request, status, code)));
  app.enableShutdownHooks();

  const document = openApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
