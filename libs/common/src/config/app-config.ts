import * as path from 'node:path';

/** Settings read once from the environment at start-up; a bad value stops start-up. */
export interface AppConfig {
  port: number;
  /** Unset: an embedded PostgreSQL is started in `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  embeddedPostgresPort: number;
  databasePoolSize: number;
  adminToken?: string;
  rateLimitPerMinute: number;
  bodyLimitBytes: number;
  /** A statement upload's whole body must arrive within this time (a trickling client is answered 408). */
  uploadTimeoutMs: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** `auto`: readable lines on a terminal, JSON lines anywhere else (files, journald, collectors). */
  logFormat: 'auto' | 'json' | 'pretty';
  /** Set: `GET /metrics` asks every caller for it. Unset: only callers on the loopback are served. */
  metricsToken?: string;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Two minutes: a 128 MB statement at about 9 Mbit/s, a usual one in well under a second. */
export const DEFAULT_UPLOAD_TIMEOUT_MS = 120_000;

const LOG_LEVELS: readonly AppConfig['logLevel'][] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const LOG_FORMATS: readonly AppConfig['logFormat'][] = ['auto', 'json', 'pretty'];

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) {
    throw new ConfigError(`${name} must be a whole number between ${min} and ${max} (got "${raw}")`);
  }
  const value = Number(raw.trim());
  if (value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number between ${min} and ${max} (got "${raw}")`);
  }
  return value;
}

function databaseUrl(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.DATABASE_URL;
  if (raw === undefined || raw.trim() === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('DATABASE_URL must be a URL such as postgres://user@127.0.0.1:5432/ledger');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(`DATABASE_URL must start with postgres:// or postgresql:// (got "${url.protocol}//")`);
  }
  if (url.pathname.length <= 1) {
    throw new ConfigError('DATABASE_URL must name a database, e.g. postgres://user@127.0.0.1:5432/ledger');
  }
  return raw;
}

function adminToken(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.ADMIN_TOKEN;
  if (raw === undefined || raw === '') return undefined;
  // A guessable admin token would hand the public purse to anyone who guesses it.
  if (raw.length < 16 || raw.length > 256 || /\s/.test(raw)) {
    throw new ConfigError('ADMIN_TOKEN must be 16 to 256 characters without spaces');
  }
  return raw;
}

/** A secret the scraper sends; held to the same rule as the admin token (it reveals the books' size and traffic). */
function metricsToken(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.METRICS_TOKEN;
  if (raw === undefined || raw === '') return undefined;
  if (raw.length < 16 || raw.length > 256 || /\s/.test(raw)) {
    throw new ConfigError('METRICS_TOKEN must be 16 to 256 characters without spaces');
  }
  return raw;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const logLevel = (env.LOG_LEVEL ?? 'info') as AppConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${env.LOG_LEVEL}")`);
  }
  const logFormat = (env.LOG_FORMAT || 'auto') as AppConfig['logFormat'];
  if (!LOG_FORMATS.includes(logFormat)) {
    throw new ConfigError(`LOG_FORMAT must be one of ${LOG_FORMATS.join(', ')} (got "${env.LOG_FORMAT}")`);
  }
  return {
    port: integer(env, 'PORT', 3000, 1, 65535),
    databaseUrl: databaseUrl(env),
    dataDir: path.resolve(env.DATA_DIR ?? '.data'),
    embeddedPostgresPort: integer(env, 'EMBEDDED_PG_PORT', 54329, 1, 65535),
    databasePoolSize: integer(env, 'DATABASE_POOL_SIZE', 20, 2, 500),
    adminToken: adminToken(env),
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 6000, 0, 10_000_000),
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 1_048_576, 1024, 104_857_600),
    uploadTimeoutMs: integer(env, 'UPLOAD_TIMEOUT_MS', DEFAULT_UPLOAD_TIMEOUT_MS, 1_000, 3_600_000),
    logLevel,
    logFormat,
    metricsToken: metricsToken(env),
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
