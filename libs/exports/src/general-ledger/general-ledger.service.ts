import { Injectable, Logger } from '@nestjs/common';
import { finished, pipeline, Readable } from 'node:stream';
import type { PoolClient } from 'pg';
import { DomainError, ErrorCode } from '@app/common';
import { TransactionRunner } from '@app/database';
import { ExportConnection, ReleaseConnection } from './export-connection';
import { GeneralLedgerRepository, GlRange } from './general-ledger.repository';
import { GL_CONTENT_TYPES, glFormatter, GlFormat } from './gl-formats';

export interface GeneralLedgerFile {
  format: GlFormat;
  contentType: string;
  filename: string;
  /** The file's bytes; read it to the end (or destroy it) and the connection goes back to the pool. */
  stream: Readable;
  /** Postings read from the database so far. */
  rows(): number;
  /** Settles once the snapshot transaction has ended and the connection is released. */
  done: Promise<void>;
}

interface PostgresDriverLike {
  obtainMasterConnection(): Promise<[PoolClient, ReleaseConnection]>;
}

/**
 * Each running export pins a pooled connection (and a snapshot) for as long as its reader takes:
 * a few at a time per process, so downloads cannot starve the API of connections.
 */
export const MAX_CONCURRENT_EXPORTS = 4;

/**
 * The general ledger, streamed: one pooled connection is taken for the export and holds a
 * REPEATABLE READ READ ONLY snapshot while a cursor feeds the formatter batch by batch, with
 * back-pressure from the reader, so memory stays flat however large the ledger. The connection is
 * released when the stream ends, fails, or is destroyed (a client that hangs up), never left behind.
 */
@Injectable()
export class GeneralLedgerService {
  private readonly logger = new Logger('GeneralLedgerExport');

  constructor(
    private readonly db: TransactionRunner,
    private readonly repository: GeneralLedgerRepository,
  ) {}

  private running = 0;

  async open(range: GlRange, format: GlFormat): Promise<GeneralLedgerFile> {
    const connection = await this.connect();
    try {
      await this.repository.beginSnapshot(connection.client);
      const file = {
        format,
        contentType: GL_CONTENT_TYPES[format],
        filename: `general-ledger_${range.from ?? 'start'}_${range.to ?? 'end'}.${format}`,
        done: connection.done,
      };
      if (format === 'csv') return { ...file, ...this.streamCsv(connection, range) };
      return { ...file, ...(await this.streamFormatted(connection, range, format)) };
    } catch (error) {
      connection.end(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
  }

  /** A pooled connection of its own for one export, within the limit of exports running at once. */
  private async connect(): Promise<ExportConnection> {
    if (this.running >= MAX_CONCURRENT_EXPORTS) {
      throw new DomainError(
        ErrorCode.RateLimited,
        `${MAX_CONCURRENT_EXPORTS} general-ledger exports are already running; try again when one has finished`,
      );
    }
    this.running += 1;
    let client: PoolClient;
    let release: ReleaseConnection;
    try {
      [client, release] = await this.driver().obtainMasterConnection();
    } catch (error) {
      this.running -= 1;
      throw error;
    }
    return new ExportConnection(client, release, this.repository, this.logger, () => (this.running -= 1));
  }

  /** PostgreSQL writes the CSV itself; this process only passes the bytes on. */
  private streamCsv(connection: ExportConnection, range: GlRange): Pick<GeneralLedgerFile, 'stream' | 'rows'> {
    connection.copyInFlight = true;
    const copy = this.repository.copyPostingsCsv(connection.client, range);
    connection.output = copy;
    finished(copy, (error) => {
      if (!error) connection.copyInFlight = false;
      else if (!isPrematureClose(error)) this.logger.error(`general-ledger export failed: ${error.message}`);
      connection.end(error ?? undefined);
    });
    return { stream: copy, rows: () => copy.rowCount };
  }

  /** JSON lines and XLSX: postings from a cursor through the format's writer. */
  private async streamFormatted(
    connection: ExportConnection,
    range: GlRange,
    format: Exclude<GlFormat, 'csv'>,
  ): Promise<Pick<GeneralLedgerFile, 'stream' | 'rows'>> {
    const baseCurrency = await this.repository.baseCurrency(connection.client);
    const formatter = await glFormatter(format, baseCurrency);
    connection.output = formatter;
    const rows = this.repository.streamPostings(connection.client, range);
    pipeline(rows, formatter, (error) => {
      if (error && !isPrematureClose(error)) this.logger.error(`general-ledger export failed: ${error.message}`);
      connection.end(error ?? undefined);
    });
    let count = 0;
    rows.on('data', () => (count += 1));
    return { stream: formatter, rows: () => count };
  }

  private driver(): PostgresDriverLike {
    const driver = this.db.dataSource.driver as unknown as Partial<PostgresDriverLike>;
    if (typeof driver.obtainMasterConnection !== 'function') {
      throw new Error('the general-ledger export needs the PostgreSQL driver');
    }
    return driver as PostgresDriverLike;
  }
}

function isPrematureClose(error: Error): boolean {
  return (error as Error & { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE';
}
