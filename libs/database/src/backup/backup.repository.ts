import type { ClientBase } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { CopyStreamQuery, CopyToStreamQuery } from 'pg-copy-streams';
import type { TableReference } from './table-order';

export interface TableShape {
  name: string;
  columns: string[];
}

export interface OwnedSequence {
  name: string;
  table: string;
  column: string;
}

/** A name as an SQL identifier, always quoted. */
export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

const MIGRATIONS_TABLE = 'schema_migrations';

/**
 * All SQL of backups and restores, on one connection (a backup's snapshot, a restore's
 * transaction). Tables, columns, foreign keys and sequences are read from the catalog of the
 * current schema, so every table a migration adds is backed up without anyone listing it.
 */
export class BackupRepository {
  constructor(private readonly client: ClientBase) {}

  async beginSnapshot(): Promise<void> {
    await this.client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    // A backup of a large ledger runs for a while: no timeout set for API requests applies to it.
    await this.client.query(`SET LOCAL statement_timeout = 0`);
    await this.client.query(`SET LOCAL idle_in_transaction_session_timeout = 0`);
    // Streaming reads: no parallel plan, no JIT for a plain scan.
    await this.client.query('SET LOCAL max_parallel_workers_per_gather = 0');
    await this.client.query('SET LOCAL jit = off');
  }

  /** The snapshot's id, for pg_dump --snapshot (taken first thing, so it is the transaction's snapshot). */
  async exportSnapshot(): Promise<string> {
    const rows = await this.client.query<{ id: string }>('SELECT pg_export_snapshot() AS id');
    return rows.rows[0].id;
  }

  async commit(): Promise<void> {
    await this.client.query('COMMIT');
  }

  async rollback(): Promise<void> {
    await this.client.query('ROLLBACK');
  }

  async serverVersion(): Promise<{ version: string; versionNum: number }> {
    const r = await this.client.query<{ version: string; num: string }>(
      `SELECT current_setting('server_version') AS version, current_setting('server_version_num') AS num`,
    );
    return { version: r.rows[0].version, versionNum: Number(r.rows[0].num) };
  }

  /** Ordinary tables of the current schema and their columns (generated ones left out), in column order. */
  async tables(): Promise<TableShape[]> {
    const r = await this.client.query<{ name: string; columns: string[] }>(
      `SELECT c.relname AS name,
              array_agg(a.attname::text ORDER BY a.attnum) AS columns
         FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
        WHERE n.nspname = current_schema() AND c.relkind = 'r'
        GROUP BY c.relname
        ORDER BY c.relname`,
    );
    return r.rows;
  }

  /** Data tables: every table but the migrations' own record (a restore rebuilds it by running them). */
  async dataTables(): Promise<TableShape[]> {
    return (await this.tables()).filter((t) => t.name !== MIGRATIONS_TABLE);
  }

  async foreignKeys(): Promise<TableReference[]> {
    const r = await this.client.query<TableReference>(
      `SELECT c.relname AS "table", p.relname AS "references"
         FROM pg_constraint k
         JOIN pg_class c ON c.oid = k.conrelid
         JOIN pg_class p ON p.oid = k.confrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE k.contype = 'f' AND n.nspname = current_schema()
        ORDER BY 1, 2`,
    );
    return r.rows;
  }

  /** Sequences that belong to a column (serial and identity columns). */
  async ownedSequences(): Promise<OwnedSequence[]> {
    const r = await this.client.query<OwnedSequence>(
      `SELECT s.relname AS name, t.relname AS "table", a.attname AS "column"
         FROM pg_class s
         JOIN pg_namespace n ON n.oid = s.relnamespace
         JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass
                         AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
         JOIN pg_class t ON t.oid = d.refobjid
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
        WHERE s.relkind = 'S' AND n.nspname = current_schema()
        ORDER BY 1`,
    );
    return r.rows;
  }

  async sequenceValue(sequence: string): Promise<{ lastValue: string; isCalled: boolean }> {
    const r = await this.client.query<{ last_value: string; is_called: boolean }>(
      `SELECT last_value::text AS last_value, is_called FROM ${ident(sequence)}`,
    );
    return { lastValue: r.rows[0].last_value, isCalled: r.rows[0].is_called };
  }

  /** Names of the migrations applied, in the order they ran (empty when none ever ran). */
  async appliedMigrations(): Promise<string[]> {
    if (!(await this.tableExists(MIGRATIONS_TABLE))) return [];
    const r = await this.client.query<{ name: string }>(`SELECT name FROM ${ident(MIGRATIONS_TABLE)} ORDER BY id`);
    return r.rows.map((row) => row.name);
  }

  async tableExists(table: string): Promise<boolean> {
    const r = await this.client.query<{ found: boolean }>(
      `SELECT to_regclass(quote_ident(current_schema()) || '.' || quote_ident($1)) IS NOT NULL AS found`,
      [table],
    );
    return r.rows[0].found;
  }

  /** The ledger's chain head row, or null when the database has no ledger yet. */
  async chainHead(): Promise<{ sequence: number; hash: string } | null> {
    if (!(await this.tableExists('ledger_chain'))) return null;
    const r = await this.client.query<{ last_sequence: string; last_hash: string }>(
      'SELECT last_sequence::text AS last_sequence, last_hash FROM ledger_chain WHERE id = 1',
    );
    if (r.rows.length === 0) return null;
    return { sequence: Number(r.rows[0].last_sequence), hash: r.rows[0].last_hash };
  }

  async rowCount(table: string): Promise<number> {
    const r = await this.client.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${ident(table)}`);
    return Number(r.rows[0].n);
  }

  /** Tables among `tables` that hold at least one row. */
  async nonEmpty(tables: readonly string[]): Promise<string[]> {
    const found: string[] = [];
    for (const t of tables) {
      const r = await this.client.query(`SELECT 1 FROM ${ident(t)} LIMIT 1`);
      if (r.rows.length > 0) found.push(t);
    }
    return found;
  }

  /** The table's rows as COPY text, in the snapshot (a table's rows in its primary key's order is not needed). */
  copyOut(table: TableShape): CopyToStreamQuery {
    return this.client.query(copyTo(`COPY ${ident(table.name)} (${table.columns.map(ident).join(', ')}) TO STDOUT`));
  }

  copyIn(table: TableShape): CopyStreamQuery {
    return this.client.query(copyFrom(`COPY ${ident(table.name)} (${table.columns.map(ident).join(', ')}) FROM STDIN`));
  }

  /** Waits until every statement sent before it has completed. */
  async barrier(): Promise<void> {
    await this.client.query('SELECT 1');
  }

  async beginRestore(): Promise<void> {
    await this.client.query('BEGIN');
    await this.client.query(`SET LOCAL statement_timeout = 0`);
  }

  /**
   * Rows are loaded as they were stored, so the triggers that guard new writes (append-only,
   * balanced entries, roll-ups, postings only while posting) must not act on them: as a superuser
   * (or a role allowed to set it) the session stops firing triggers and foreign-key checks;
   * otherwise the table owner's triggers are disabled for the transaction, foreign keys still
   * checked. Returns which way it went.
   */
  async suspendTriggers(tables: readonly string[]): Promise<'replica' | 'disabled'> {
    await this.client.query('SAVEPOINT replica_role');
    try {
      await this.client.query(`SET LOCAL session_replication_role = replica`);
      await this.client.query('RELEASE SAVEPOINT replica_role');
      return 'replica';
    } catch (error) {
      if ((error as { code?: string }).code !== '42501') throw error;
      await this.client.query('ROLLBACK TO SAVEPOINT replica_role');
    }
    for (const t of tables) await this.client.query(`ALTER TABLE ${ident(t)} DISABLE TRIGGER USER`);
    return 'disabled';
  }

  async resumeTriggers(tables: readonly string[], how: 'replica' | 'disabled'): Promise<void> {
    if (how === 'replica') {
      await this.client.query(`SET LOCAL session_replication_role = origin`);
      return;
    }
    for (const t of tables) await this.client.query(`ALTER TABLE ${ident(t)} ENABLE TRIGGER USER`);
  }

  /**
   * Indexes that back no constraint (primary keys and unique constraints stay): a restore drops
   * them before loading and builds each once after, as pg_restore does, rather than updating them
   * row by row.
   */
  async plainIndexes(): Promise<{ name: string; definition: string }[]> {
    const r = await this.client.query<{ name: string; definition: string }>(
      `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS definition
         FROM pg_index x
         JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_class t ON t.oid = x.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = current_schema() AND t.relkind = 'r'
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
        ORDER BY 1`,
    );
    return r.rows;
  }

  async dropIndex(name: string): Promise<void> {
    await this.client.query(`DROP INDEX ${ident(name)}`);
  }

  /** Recreates an index from its definition (pg_get_indexdef's own CREATE INDEX statement). */
  async createIndex(definition: string): Promise<void> {
    await this.client.query(definition);
  }

  /** Memory for building indexes in this transaction (the default is sized for small maintenance). */
  async allowIndexBuildMemory(): Promise<void> {
    await this.client.query(`SET LOCAL maintenance_work_mem = '256MB'`);
  }

  /** Empties every data table at once (what migrations seeded is replaced by the backup's rows). */
  async truncate(tables: readonly string[]): Promise<void> {
    if (tables.length === 0) return;
    await this.client.query(`TRUNCATE ${tables.map(ident).join(', ')}`);
  }

  /**
   * Sets a sequence past both the value it had when the backup was taken and the largest value
   * restored, so the next row gets a fresh number.
   */
  async setSequence(sequence: OwnedSequence, backedUp: { lastValue: string; isCalled: boolean }): Promise<string> {
    const r = await this.client.query<{ value: string }>(
      `WITH used AS (
         SELECT greatest((SELECT max(${ident(sequence.column)})::bigint FROM ${ident(sequence.table)}),
                         CASE WHEN $3::boolean THEN $2::bigint END) AS top)
       SELECT CASE WHEN top IS NULL
                   THEN setval($1::regclass, (SELECT min_value FROM pg_sequences
                                               WHERE schemaname = current_schema() AND sequencename = $4), false)
                   ELSE setval($1::regclass, top, true) END::text AS value
         FROM used`,
      [ident(sequence.name), backedUp.lastValue, backedUp.isCalled, sequence.name],
    );
    return r.rows[0].value;
  }
}
