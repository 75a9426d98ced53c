import { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';

/**
 * How long a query waits for one of the pool's connections. Postings queue behind the chain lock
 * while they hold their connection, so a burst of writes on a slow machine fills the pool for a
 * few seconds: the requests behind it wait their turn instead of failing with 503. A database that
 * is away still fails at once (a refused connection), and /health pings with a timeout of its own.
 */
export const POOL_WAIT_MS = 30_000;

export function dataSourceOptions(url: string, poolSize = 20): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    entities: [],
    logging: false,
    extra: {
      max: poolSize,
      connectionTimeoutMillis: POOL_WAIT_MS,
      idleTimeoutMillis: 30_000,
      application_name: 'contributions-ledger',
    },
  };
}
