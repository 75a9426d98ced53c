import { DynamicModule } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import type { Response } from 'express';
import * as path from 'node:path';

/**
 * Paths the console never answers: the API, its documentation, health and metrics keep their own
 * answers (an unknown /v1 path stays a JSON 404). Everything else is the console's: a file of the
 * build, or index.html for a deep link such as /estado.
 */
export const NOT_CONSOLE = /^\/(?:(?:v1|health|metrics)(?:\/|$)|docs)/;

/**
 * Where `vite build` writes the console: dist/web beside the compiled API (dist/apps/api/src),
 * or the same folder when the API runs from its TypeScript sources (tests).
 */
export function consoleRoot(): string {
  const projectRoot = path.join(__dirname, '..', '..', '..');
  return __filename.endsWith('.ts') ? path.join(projectRoot, 'dist', 'web') : path.join(projectRoot, 'web');
}

/** Hashed bundles are cached for good; index.html is asked for again each time. */
function cacheHeaders(res: Response, file: string): void {
  const hashed = file.includes(`${path.sep}assets${path.sep}`);
  res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
}

export function webConsoleModule(rootPath = consoleRoot()): DynamicModule {
  return ServeStaticModule.forRoot({
    rootPath,
    exclude: NOT_CONSOLE,
    serveStaticOptions: { index: 'index.html', setHeaders: cacheHeaders, fallthrough: true },
  });
}
