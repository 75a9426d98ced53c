/**
 * The manifest of a backup file: what is inside, how it was taken, and what a restore must find
 * once it is done (row counts per table, the chain head). Shared by the writer and the reader so
 * the two can never drift apart.
 */
export const BACKUP_FORMAT = 'contributions-ledger-backup';
export const BACKUP_FORMAT_VERSION = 1;
export const BACKUP_MANIFEST_NAME = 'manifest.json';
/** The pg_dump archive inside a backup taken with pg_dump. */
export const PG_DUMP_FILE_NAME = 'database.pgdump';

/**
 * `copy`: every table's rows as PostgreSQL's COPY text, the schema being the migrations listed;
 * restored by running those migrations, then COPY FROM. `pg_dump`: one pg_dump archive (custom
 * format), schema and data; restored by pg_restore.
 */
export type BackupMethod = 'copy' | 'pg_dump';
export const BACKUP_METHODS: readonly BackupMethod[] = ['copy', 'pg_dump'];

export interface ManifestTable {
  name: string;
  /** Columns in the order the COPY file holds them (generated columns are left out). */
  columns: string[];
  rows: number;
  /** The table's COPY file in the zip (`copy` backups only). */
  file: string | null;
  sha256: string | null;
  bytes: number | null;
}

export interface ManifestSequence {
  name: string;
  table: string;
  column: string;
  /** As read during the backup (sequences are not transactional, so it may be ahead of the rows). */
  lastValue: string;
  isCalled: boolean;
}

export interface ManifestFile {
  name: string;
  sha256: string;
  bytes: number;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  method: BackupMethod;
  server: { version: string; versionNum: number };
  /** The pg_dump that wrote the archive (`pg_dump` backups only). */
  pgDump: { version: string; major: number } | null;
  /** Names of the migrations applied to the database backed up, in the order they ran. */
  migrations: string[];
  /** The hash chain's head in the backup (null when the database had no ledger yet). */
  chainHead: { sequence: number; hash: string } | null;
  /** Every table, parents before the tables that reference them. */
  tables: ManifestTable[];
  sequences: ManifestSequence[];
  /** Every file of the zip but the manifest, with its checksum. */
  files: ManifestFile[];
  totals: { tables: number; rows: number };
}

const HEX64 = /^[0-9a-f]{64}$/;
const isCount = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
const isName = (s: unknown): s is string => typeof s === 'string' && /^[a-z_][a-z0-9_]{0,62}$/.test(s);

/** What is wrong with a parsed manifest, or undefined when it is well formed. */
export function manifestProblem(value: unknown): string | undefined {
  const m = value as Partial<BackupManifest> | null;
  if (m === null || typeof m !== 'object' || Array.isArray(m)) return 'is not a JSON object';
  if (m.format !== BACKUP_FORMAT) return `is not the manifest of a ${BACKUP_FORMAT} file`;
  if (m.formatVersion !== BACKUP_FORMAT_VERSION) {
    return `has format version ${String(m.formatVersion)}; this version reads version ${BACKUP_FORMAT_VERSION}`;
  }
  if (typeof m.createdAt !== 'string' || Number.isNaN(Date.parse(m.createdAt))) return 'createdAt is not a time';
  if (!BACKUP_METHODS.includes(m.method as BackupMethod)) return `method is not one of ${BACKUP_METHODS.join(', ')}`;
  if (!m.server || typeof m.server.version !== 'string' || !isCount(m.server.versionNum)) return 'server is missing';
  if (m.method === 'pg_dump' && (!m.pgDump || typeof m.pgDump.version !== 'string' || !isCount(m.pgDump.major))) {
    return 'pgDump is missing';
  }
  if (!Array.isArray(m.migrations) || !m.migrations.every((n) => typeof n === 'string'))
    return 'migrations is not a list of names';
  if (m.chainHead !== null) {
    if (
      !m.chainHead ||
      !isCount(m.chainHead.sequence) ||
      typeof m.chainHead.hash !== 'string' ||
      !HEX64.test(m.chainHead.hash)
    ) {
      return 'chainHead is not a sequence and a sha256';
    }
  }
  if (!Array.isArray(m.tables)) return 'tables is not a list';
  for (const t of m.tables as Partial<ManifestTable>[]) {
    if (!isName(t?.name)) return 'a table has no valid name';
    if (!Array.isArray(t.columns) || t.columns.length === 0 || !t.columns.every(isName))
      return `table ${t.name}: columns are not valid names`;
    if (!isCount(t.rows)) return `table ${t.name}: rows is not a count`;
    if (
      m.method === 'copy' &&
      (typeof t.file !== 'string' || typeof t.sha256 !== 'string' || !HEX64.test(t.sha256) || !isCount(t.bytes))
    ) {
      return `table ${t.name}: its file, sha256 or size is missing`;
    }
  }
  if (!Array.isArray(m.sequences)) return 'sequences is not a list';
  for (const s of m.sequences as Partial<ManifestSequence>[]) {
    if (!isName(s?.name) || !isName(s.table) || !isName(s.column))
      return 'a sequence has no valid name, table or column';
    if (typeof s.lastValue !== 'string' || !/^-?\d{1,19}$/.test(s.lastValue) || typeof s.isCalled !== 'boolean') {
      return `sequence ${s.name}: lastValue or isCalled is missing`;
    }
  }
  if (!Array.isArray(m.files)) return 'files is not a list';
  for (const f of m.files as Partial<ManifestFile>[]) {
    if (typeof f?.name !== 'string' || typeof f.sha256 !== 'string' || !HEX64.test(f.sha256) || !isCount(f.bytes)) {
      return 'a file has no name, sha256 or size';
    }
  }
  if (m.method === 'pg_dump' && !m.files.some((f) => f.name === PG_DUMP_FILE_NAME))
    return `${PG_DUMP_FILE_NAME} is not listed`;
  if (!m.totals || !isCount(m.totals.tables) || !isCount(m.totals.rows)) return 'totals are missing';
  return undefined;
}
