import { ZipArchive } from 'archiver';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { abandonConnection } from '../abandon-connection';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BACKUP_MANIFEST_NAME,
  BackupManifest,
  BackupMethod,
  ManifestFile,
  ManifestSequence,
  ManifestTable,
  PG_DUMP_FILE_NAME,
} from './backup-manifest';
import { BackupError } from './backup-error';
import { BackupRepository, TableShape } from './backup.repository';
import { HashingStream } from './hashing-stream';
import { findPgTool, PgTool, runTool, toolConnection } from './pg-tools';
import { dependencyOrder } from './table-order';

export type BackupMethodChoice = 'auto' | BackupMethod;

export interface BackupOptions {
  /** `auto` (default): pg_dump when one as new as the server is installed, else `copy`. */
  method?: BackupMethodChoice;
  /** zlib level of the COPY files, and pg_dump's own compression (default 1: fast, about 4× smaller). */
  compressionLevel?: number;
  onProgress?: (progress: BackupProgress) => void;
}

export interface BackupProgress {
  table: string;
  tablesDone: number;
  tables: number;
}

export interface BackupResult {
  file: string;
  bytes: number;
  manifest: BackupManifest;
  elapsedMs: number;
}

/** The folder a data file goes: `data/<table>.copy`. */
export const copyFileName = (table: string): string => `data/${table}.copy`;

/**
 * Writes a consistent backup of the whole database into one zip while the API keeps serving: every
 * table is read in one REPEATABLE READ READ ONLY transaction (one snapshot: what was committed
 * before it began, nothing after), streamed through a checksum into the zip, and described by a
 * manifest written last (migrations applied, row counts, chain head, checksums). The file is
 * written beside its target and renamed once whole, so a failed backup never leaves a file that
 * looks like one.
 */
export async function writeBackup(url: string, outFile: string, options: BackupOptions = {}): Promise<BackupResult> {
  const started = process.hrtime.bigint();
  const { target, partial, level } = backupTarget(outFile, options);
  const client = new Client({ connectionString: url, application_name: 'contributions-ledger backup' });
  client.on('error', () => undefined);
  await client.connect();
  const repository = new BackupRepository(client);
  const copying: CopyState = { inCopy: false };
  let sink: fs.WriteStream | undefined;
  let archive: ZipArchive | undefined;
  try {
    await repository.beginSnapshot();
    const snapshot = await readSnapshot(repository, options.method ?? 'auto');
    sink = fs.createWriteStream(partial, { flags: 'wx', mode: 0o600 });
    await once(sink, 'open');
    archive = new ZipArchive({ zlib: { level } });
    const written = pipeline(archive, sink);
    written.catch(() => undefined);
    const { pgDump, snapshotId } = snapshot;
    const contents =
      pgDump && snapshotId !== undefined
        ? await addTablesByPgDump(archive, repository, snapshot, { tool: pgDump, snapshotId, url, level }, options)
        : await addTablesByCopy(archive, repository, snapshot, copying, options);
    options.onProgress?.({ table: '', tablesDone: snapshot.tables.length, tables: snapshot.tables.length });
    const manifest = backupManifest(snapshot, contents);
    archive.append(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'), {
      name: BACKUP_MANIFEST_NAME,
      date: snapshot.createdAt,
    });
    await archive.finalize();
    await written;
    await repository.commit();
    const bytes = await publish(partial, target);
    return { file: target, bytes, manifest, elapsedMs: Number(process.hrtime.bigint() - started) / 1e6 };
  } catch (error) {
    // A COPY cut short leaves the connection where no ROLLBACK can be sent: close it instead.
    if (copying.inCopy) abandonConnection(client, 'the backup failed while PostgreSQL was writing a table');
    else await repository.rollback().catch(() => undefined);
    archive?.abort();
    sink?.destroy();
    fs.rmSync(partial, { force: true });
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Whether a COPY is under way: a failure then cannot roll back on the connection. */
interface CopyState {
  inCopy: boolean;
}

/** What the snapshot holds, read before any table is written. */
interface Snapshot {
  server: BackupManifest['server'];
  pgDump: PgTool | undefined;
  /** The exported snapshot pg_dump reads in; only with pg_dump. */
  snapshotId: string | undefined;
  tables: TableShape[];
  sequences: ManifestSequence[];
  migrations: BackupManifest['migrations'];
  chainHead: BackupManifest['chainHead'];
  createdAt: Date;
}

/** The tables as the manifest lists them, and the files written for them. */
interface Contents {
  tables: ManifestTable[];
  files: ManifestFile[];
}

/** The file to write (new, in an existing folder), the partial file beside it, and the compression level. */
function backupTarget(outFile: string, options: BackupOptions): { target: string; partial: string; level: number } {
  const target = path.resolve(outFile);
  if (fs.existsSync(target)) throw new BackupError(`${outFile} already exists: name a new file`);
  if (!fs.existsSync(path.dirname(target))) throw new BackupError(`no such folder: ${path.dirname(outFile)}`);
  const partial = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.partial`);
  const level = options.compressionLevel ?? 1;
  if (!Number.isInteger(level) || level < 0 || level > 9) throw new BackupError('the compression level must be 0 to 9');
  return { target, partial, level };
}

/** pg_dump when the method allows it and one as new as the server is installed; refused when it was asked for and is missing. */
function choosePgDump(method: BackupMethodChoice, serverMajor: number): PgTool | undefined {
  if (method === 'copy') return undefined;
  const pgDump = findPgTool('pg_dump', serverMajor);
  if (!pgDump && method === 'pg_dump') {
    throw new BackupError(`no pg_dump of PostgreSQL ${serverMajor} or later is installed: use --method copy`);
  }
  return pgDump;
}

async function readSnapshot(repository: BackupRepository, method: BackupMethodChoice): Promise<Snapshot> {
  const server = await repository.serverVersion();
  const pgDump = choosePgDump(method, Math.floor(server.versionNum / 10_000));
  // First thing in the snapshot, so pg_dump reads exactly what this transaction reads.
  const snapshotId = pgDump ? await repository.exportSnapshot() : undefined;
  return {
    server,
    pgDump,
    snapshotId,
    tables: await readTables(repository),
    sequences: await readSequences(repository),
    migrations: await repository.appliedMigrations(),
    chainHead: await repository.chainHead(),
    createdAt: new Date(),
  };
}

/** pg_dump's archive holds the data; the manifest counts each table's rows in the same snapshot. */
async function addTablesByPgDump(
  archive: ZipArchive,
  repository: BackupRepository,
  snapshot: Snapshot,
  dump: { tool: PgTool; snapshotId: string; url: string; level: number },
  options: BackupOptions,
): Promise<Contents> {
  const file = await addPgDump(archive, dump.tool, dump.url, dump.snapshotId, dump.level, snapshot.createdAt);
  const tables: ManifestTable[] = [];
  for (const [i, table] of snapshot.tables.entries()) {
    options.onProgress?.({ table: table.name, tablesDone: i, tables: snapshot.tables.length });
    tables.push({ ...table, rows: await repository.rowCount(table.name), file: null, sha256: null, bytes: null });
  }
  return { tables, files: [file] };
}

/** Each table in its own file, COPY streamed through a checksum into the zip, in dependency order. */
async function addTablesByCopy(
  archive: ZipArchive,
  repository: BackupRepository,
  snapshot: Snapshot,
  copying: CopyState,
  options: BackupOptions,
): Promise<Contents> {
  const contents: Contents = { tables: [], files: [] };
  for (const [i, table] of snapshot.tables.entries()) {
    options.onProgress?.({ table: table.name, tablesDone: i, tables: snapshot.tables.length });
    const name = copyFileName(table.name);
    const hasher = new HashingStream();
    const entered = once(archive, 'entry');
    entered.catch(() => undefined);
    archive.append(hasher, { name, date: snapshot.createdAt });
    const copy = repository.copyOut(table);
    copying.inCopy = true;
    // The zip failing (the disk full) must end the wait too, not leave the COPY blocked on it.
    await Promise.all([pipeline(copy, hasher), entered]);
    copying.inCopy = false;
    await repository.barrier();
    const file = { name, sha256: hasher.sha256(), bytes: hasher.bytes() };
    contents.tables.push({ ...table, rows: copy.rowCount, file: name, sha256: file.sha256, bytes: file.bytes });
    contents.files.push(file);
  }
  return contents;
}

function backupManifest(snapshot: Snapshot, contents: Contents): BackupManifest {
  return {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    createdAt: snapshot.createdAt.toISOString(),
    method: snapshot.pgDump ? 'pg_dump' : 'copy',
    server: snapshot.server,
    pgDump: snapshot.pgDump ? { version: snapshot.pgDump.version, major: snapshot.pgDump.major } : null,
    migrations: snapshot.migrations,
    chainHead: snapshot.chainHead,
    tables: contents.tables,
    sequences: snapshot.sequences,
    files: contents.files,
    totals: { tables: contents.tables.length, rows: contents.tables.reduce((s, t) => s + t.rows, 0) },
  };
}

/** The whole file synced, renamed to its name and the folder synced: its size. */
async function publish(partial: string, target: string): Promise<number> {
  await fsyncFile(partial);
  fs.renameSync(partial, target);
  fsyncFolder(path.dirname(target));
  return fs.statSync(target).size;
}

async function readTables(repository: BackupRepository): Promise<TableShape[]> {
  const tables = await repository.dataTables();
  const byName = new Map(tables.map((t) => [t.name, t]));
  const order = dependencyOrder(
    tables.map((t) => t.name),
    await repository.foreignKeys(),
  );
  return order.map((name) => byName.get(name) as TableShape);
}

async function readSequences(repository: BackupRepository): Promise<ManifestSequence[]> {
  const sequences: ManifestSequence[] = [];
  for (const s of await repository.ownedSequences())
    sequences.push({ ...s, ...(await repository.sequenceValue(s.name)) });
  return sequences;
}

/** pg_dump's archive (custom format, already compressed: stored as is) in the transaction's snapshot. */
async function addPgDump(
  archive: ZipArchive,
  tool: PgTool,
  url: string,
  snapshotId: string,
  level: number,
  date: Date,
): Promise<ManifestFile> {
  const connection = toolConnection(url);
  const dump = runTool(
    tool,
    ['--format=custom', `--compress=${level}`, `--snapshot=${snapshotId}`, `--dbname=${connection.dbname}`],
    connection.env,
  );
  dump.stdin.end();
  const hasher = new HashingStream();
  const entered = once(archive, 'entry');
  entered.catch(() => undefined);
  archive.append(hasher, { name: PG_DUMP_FILE_NAME, date, store: true });
  try {
    await Promise.all([pipeline(dump.stdout, hasher), dump.done, entered]);
  } catch (error) {
    dump.kill();
    throw error;
  }
  return { name: PG_DUMP_FILE_NAME, sha256: hasher.sha256(), bytes: hasher.bytes() };
}

async function fsyncFile(file: string): Promise<void> {
  const handle = await fs.promises.open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function fsyncFolder(folder: string): void {
  try {
    const fd = fs.openSync(folder, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // some file systems cannot sync a folder; the rename is then as durable as they make it
  }
}
