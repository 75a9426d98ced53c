import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../../../migrations';
import { dataSourceOptions } from '../data-source-options';

/** The names TypeORM records for this version's migrations, in the order they run. */
export function migrationNames(): string[] {
  return MIGRATIONS.map((Migration) => new Migration().name ?? Migration.name);
}

/**
 * Applies the first `count` migrations of this version (those not applied yet); returns the names
 * of those it applied. A restore rebuilds the schema a backup was taken with this way, and the
 * upgrade tests build the databases of earlier versions.
 */
export async function runMigrationsUpTo(url: string, count: number): Promise<string[]> {
  if (!Number.isInteger(count) || count < 0 || count > MIGRATIONS.length) {
    throw new Error(`there are ${MIGRATIONS.length} migrations; cannot run the first ${count}`);
  }
  const dataSource = new DataSource({ ...dataSourceOptions(url, 2), migrations: MIGRATIONS.slice(0, count) });
  await dataSource.initialize();
  try {
    // The same lock as start-up migrations: one process migrates a database at a time.
    await dataSource.query('SELECT pg_advisory_lock(7265001)');
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await dataSource.query('SELECT pg_advisory_unlock(7265001)');
    }
  } finally {
    await dataSource.destroy();
  }
}
