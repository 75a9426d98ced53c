import { DataSource, MigrationExecutor } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

/** Applies pending migrations; returns the names of those it applied. */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource({ ...dataSourceOptions(url, 2) });
  await dataSource.initialize();
  try {
    // Several processes may start at once against one database: one migrates, the others wait.
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

export interface MigrationStatus {
  applied: string[];
  pending: string[];
}

/** Which of the code's migrations the database has applied and which it lacks. Reads only. */
export async function migrationStatus(dataSource: DataSource): Promise<MigrationStatus> {
  const pending = (await new MigrationExecutor(dataSource).getPendingMigrations()).map((m) => m.name);
  const known = dataSource.migrations.map((m) => m.name ?? m.constructor.name);
  return { applied: known.filter((name) => !pending.includes(name)), pending };
}
