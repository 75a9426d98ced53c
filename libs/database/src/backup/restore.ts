import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { abandonConnection } from '../abandon-connection';
import { runMigrations } from '../migrate';
import { BackupManifest, ManifestTable, PG_DUMP_FILE_NAME } from './backup-manifest';
import { BackupError } from './backup-error';
import { BackupFile } from './backup-file';
import { BackupRepository, TableShape } from './backup.repository';
import { HashingStream } from './hashing-stream';
import { migrationNames, runMigrationsUpTo } from './migrations-up-to';
import { findPgTool, runTool, toolConnection } from './pg-tools';

/**
 * Tables whose rows the migrations themselves write (reference data, the chain head row) or the
 * API writes on its first start (the first admin token, the console's first admin and a session
 * of theirs, audit rows): a database holding rows in these only is still empty, and the backup's
 * rows replace them. A migration that seeds a new table adds it here (the restore e2e test into a
 * database the API has started on fails until it does).
 */
export const SET_UP_TABLES: readonly string[] = [
  'policies',
  'accounts',
  'funds',
  'ledger_chain',
  'bank_accounts',
  'reserve_fund_lock',
  'api_tokens',
  'users',
  'sessions',
  'audit_log',
  'idempotency_keys',
];

export type RestorePhase = 'checking' | 'loading';

export interface RestoreOptions {
  onProgress?: (phase: RestorePhase, done: number, total: number) => void;
}

export interface RestoredTable {
  name: string;
  expected: number;
  restored: number;
}

export interface RestoreResult {
  manifest: BackupManifest;
  tables: RestoredTable[];
  rows: number;
  /** This version's migrations that were newer than the backup, applied after the restore. */
  migrationsApplied: string[];
  /** The chain head row as restored (before any newer migration ran). */
  chainHead: { sequence: number; hash: string } | null;
  elapsedMs: number;
}

/**
 * Restores a backup into an empty database: checks the whole file first (every checksum), refuses
 * a database that holds journal entries or other data, rebuilds the schema (the backup's
 * migrations, or pg_restore), loads every table, sets sequences past the restored rows, compares
 * every table's row count and the chain head with the manifest, then applies this version's newer
 * migrations. The caller verifies the hash chain with the ledger's own verification.
 */
export async function restoreBackup(url: string, file: string, options: RestoreOptions = {}): Promise<RestoreResult> {
  const started = process.hrtime.bigint();
  const backup = await BackupFile.open(file);
  try {
    const { manifest } = backup;
    assertKnownMigrations(manifest.migrations);
    await assertEmptyTarget(url, manifest);
    await backup.check((done, total) => options.onProgress?.('checking', done, total));
    const tables =
      manifest.method === 'copy' ? await restoreCopies(url, backup, options) : await restorePgDump(url, backup);
    const chainHead = await withClient(url, (c) => new BackupRepository(c).chainHead());
    if (JSON.stringify(chainHead) !== JSON.stringify(manifest.chainHead)) {
      throw new BackupError(
        `the restored chain head (${describeHead(chainHead)}) is not the backup's (${describeHead(manifest.chainHead)})`,
      );
    }
    const migrationsApplied = await runMigrations(url);
    return {
      manifest,
      tables,
      rows: tables.reduce((s, t) => s + t.restored, 0),
      migrationsApplied,
      chainHead,
      elapsedMs: Number(process.hrtime.bigint() - started) / 1e6,
    };
  } finally {
    backup.close();
  }
}

const describeHead = (head: { sequence: number; hash: string } | null): string =>
  head === null ? 'none' : `sequence ${head.sequence}, ${head.hash}`;

/** The backup's migrations must be this version's first ones, in the same order. */
function assertKnownMigrations(backedUp: readonly string[]): void {
  const known = migrationNames();
  for (const [i, name] of backedUp.entries()) {
    if (known[i] === name) continue;
    if (!known.includes(name)) {
      throw new BackupError(
        `the backup was taken by a newer version of the application (its migration ${name} is unknown here): restore it with that version or a later one`,
      );
    }
    throw new BackupError(
      `the backup's migrations are not this version's: migration ${i + 1} is ${name} there and ${known[i] ?? 'missing'} here`,
    );
  }
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, application_name: 'contributions-ledger restore' });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * An empty database: no tables at all, or only what this application's migrations (a prefix of
 * the backup's) and its first start wrote. Anything else is refused before a byte is written.
 */
async function assertEmptyTarget(url: string, manifest: BackupManifest): Promise<void> {
  await withClient(url, async (client) => {
    const repository = new BackupRepository(client);
    const applied = await repository.appliedMigrations();
    const tables = (await repository.dataTables()).map((t) => t.name);
    if (tables.includes('journal_entries')) {
      const entries = await repository.rowCount('journal_entries');
      if (entries > 0) {
        throw new BackupError(
          `the database already holds ${entries} journal entries: a backup is restored only into an empty database (create a new one)`,
        );
      }
    }
    if (applied.length === 0 && tables.length > 0) {
      throw new BackupError(
        `the database holds tables this application did not create (${tables.slice(0, 5).join(', ')}${tables.length > 5 ? ', …' : ''}): a backup is restored only into an empty database`,
      );
    }
    const holding = await repository.nonEmpty(tables.filter((t) => !SET_UP_TABLES.includes(t)));
    if (holding.length > 0) {
      throw new BackupError(
        `the database already holds data (in ${holding.slice(0, 5).join(', ')}${holding.length > 5 ? ', …' : ''}): a backup is restored only into an empty database (create a new one)`,
      );
    }
    const ahead = applied.find((name, i) => manifest.migrations[i] !== name);
    if (ahead !== undefined) {
      throw new BackupError(
        `the database was already migrated past the backup (its migration ${ahead} is not among the backup's ${manifest.migrations.length}): restore into a new empty database`,
      );
    }
  });
}

/**
 * `copy` backups: the backup's migrations rebuild its schema, then one transaction empties the
 * tables, loads each file with COPY FROM (checksummed again on the way; indexes that back no
 * constraint are built once the rows are in), sets the sequences and compares the counts; any
 * failure rolls all of it back.
 */
async function restoreCopies(url: string, backup: BackupFile, options: RestoreOptions): Promise<RestoredTable[]> {
  const { manifest } = backup;
  await runMigrationsUpTo(url, manifest.migrations.length);
  return withClient(url, async (client) => {
    const repository = new BackupRepository(client);
    let inCopy = false;
    try {
      await repository.beginRestore();
      const present = await repository.dataTables();
      assertSameSchema(present, manifest.tables);
      const names = present.map((t) => t.name);
      const how = await repository.suspendTriggers(names);
      await repository.truncate(names);
      const indexes = await repository.plainIndexes();
      for (const index of indexes) await repository.dropIndex(index.name);
      for (const [i, table] of manifest.tables.entries()) {
        options.onProgress?.('loading', i, manifest.tables.length);
        const hasher = new HashingStream();
        const copy = repository.copyIn(table);
        inCopy = true;
        await pipeline(await backup.stream(table.file as string), hasher, copy);
        inCopy = false;
        backup.assertIntact(table.file as string, hasher, table);
        if (copy.rowCount !== table.rows) {
          throw new BackupError(`${table.name}: ${copy.rowCount} rows were loaded, the manifest says ${table.rows}`);
        }
      }
      options.onProgress?.('loading', manifest.tables.length, manifest.tables.length);
      await repository.allowIndexBuildMemory();
      for (const index of indexes) await repository.createIndex(index.definition);
      await repository.resumeTriggers(names, how);
      const backedUp = new Map(manifest.sequences.map((s) => [s.name, s]));
      for (const sequence of await repository.ownedSequences()) {
        await repository.setSequence(sequence, backedUp.get(sequence.name) ?? { lastValue: '1', isCalled: false });
      }
      const restored = await countRows(repository, manifest.tables);
      await repository.commit();
      return restored;
    } catch (error) {
      // A COPY cut short cannot be rolled back politely: closing the connection ends the transaction.
      if (inCopy) abandonConnection(client, 'the restore failed while loading a table');
      else await repository.rollback().catch(() => undefined);
      throw error;
    }
  });
}

/** The schema the backup's migrations built must be the one the backup was read from, table for table, column for column. */
function assertSameSchema(present: readonly TableShape[], backedUp: readonly ManifestTable[]): void {
  const here = new Map(present.map((t) => [t.name, t.columns.join(', ')]));
  for (const t of backedUp) {
    const columns = here.get(t.name);
    if (columns === undefined)
      throw new BackupError(`the backup holds table ${t.name}, which its migrations do not create here`);
    if (columns !== t.columns.join(', ')) {
      throw new BackupError(
        `table ${t.name} has columns (${columns}) here, and (${t.columns.join(', ')}) in the backup`,
      );
    }
  }
  const extra = present.filter((t) => !backedUp.some((b) => b.name === t.name)).map((t) => t.name);
  if (extra.length > 0)
    throw new BackupError(`the backup's migrations create tables the backup does not hold: ${extra.join(', ')}`);
}

/** Every table's rows counted as restored, refused unless each is the manifest's count. */
async function countRows(repository: BackupRepository, tables: readonly ManifestTable[]): Promise<RestoredTable[]> {
  const counted: RestoredTable[] = [];
  for (const t of tables) counted.push({ name: t.name, expected: t.rows, restored: await repository.rowCount(t.name) });
  const wrong = counted.filter((t) => t.restored !== t.expected);
  if (wrong.length > 0) {
    throw new BackupError(
      `row counts differ from the manifest: ${wrong.map((t) => `${t.name} ${t.restored} (manifest ${t.expected})`).join(', ')}`,
    );
  }
  return counted;
}

/**
 * `pg_dump` backups: pg_restore (as new as the pg_dump that wrote the archive) in one transaction,
 * replacing what migrations alone had created, then the counts compared with the manifest.
 */
async function restorePgDump(url: string, backup: BackupFile): Promise<RestoredTable[]> {
  const { manifest } = backup;
  const needed = manifest.pgDump?.major ?? 0;
  const tool = findPgTool('pg_restore', needed);
  if (!tool) {
    throw new BackupError(
      `this backup was written by pg_dump ${manifest.pgDump?.version ?? '?'}; restoring it needs pg_restore ${needed} or later, and none is installed (back up with --method copy to restore anywhere)`,
    );
  }
  const hasSchema = await withClient(url, async (c) => (await new BackupRepository(c).tables()).length > 0);
  const connection = toolConnection(url);
  const args = [
    '--single-transaction',
    '--exit-on-error',
    '--no-owner',
    '--no-privileges',
    `--dbname=${connection.dbname}`,
  ];
  if (hasSchema) args.push('--clean', '--if-exists');
  const restore = runTool(tool, args, connection.env);
  const hasher = new HashingStream();
  const dumpFile = manifest.files.find((f) => f.name === PG_DUMP_FILE_NAME) ?? null;
  const fed = backup.stream(PG_DUMP_FILE_NAME).then((source) => pipeline(source, hasher, restore.stdin));
  const [feeding, restoring] = await Promise.allSettled([fed, restore.done]);
  // pg_restore's own words first: when it stops early, feeding it fails too (a closed pipe).
  const failure =
    restoring.status === 'rejected' ? restoring.reason : feeding.status === 'rejected' ? feeding.reason : undefined;
  if (failure !== undefined) {
    restore.kill();
    if (failure instanceof BackupError) throw failure;
    throw new BackupError(
      `pg_restore did not restore the backup: ${failure instanceof Error ? failure.message : String(failure)}`,
    );
  }
  backup.assertIntact(PG_DUMP_FILE_NAME, hasher, dumpFile ?? { sha256: null, bytes: null });
  return withClient(url, (c) => countRows(new BackupRepository(c), manifest.tables));
}
