import { Injectable, Logger } from '@nestjs/common';
import { finished, pipeline, Readable } from 'node:stream';
import type { PoolClient } from 'pg';
import { DomainError, ErrorCode } from '@app/common';
import { abandonConnection, TransactionRunner } from '@app/database';
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

type ReleaseConnection = (error?: Error) => void;
interface PostgresDriverLike {
  obtainMasterConnection(): Promise<[PoolClient, ReleaseConnection]>;
}

/** Longest wait for COMMIT/ROLLBACK at the end of an export before the connection is discarded. */
const END_TIMEOUT_MS = 10_000;
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
    let output: Readable | undefined;
    let broken = false;
    // A dropped connection fails this export, not the process. The cursor alone would never notice
    // (pg-cursor waits for a ReadyForQuery that a dead connection never sends), so end it here.
    const onConnectionError = (error: Error): void => {
      this.logger.warn(`connection lost during an export: ${error.message}`);
      broken = true;
      output?.destroy(error);
      end(error);
    };
    client.on('error', onConnectionError);

    let settle: { resolve: () => void; reject: (error: Error) => void } | undefined;
    const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    done.catch(() => undefined); // the caller may not await it; the stream reports the failure too
    let ended = false;
    // A COPY cut short leaves the connection in the middle of its output: nothing else can be
    // sent on it, so it is discarded at once rather than rolled back.
    let copyInFlight = false;
    const end = (failure: Error | undefined): void => {
      if (ended) return;
      ended = true;
      if (failure && copyInFlight) {
        // The listener stays: the socket's own failure, which follows, must not reach the process.
        abandonConnection(client, 'the general-ledger export was abandoned during its COPY');
        release(failure);
        this.running -= 1;
        settle?.reject(failure);
        return;
      }
      let released = false;
      const releaseOnce = (problem: Error | undefined): void => {
        if (released) return;
        released = true;
        clearTimeout(timer);
        // A broken connection keeps a listener: late errors from it must not reach the process.
        if (!broken) client.removeListener('error', onConnectionError);
        // A connection that could not end its transaction cleanly is discarded, not pooled.
        release(problem);
        this.running -= 1;
        if (failure ?? problem) settle?.reject(failure ?? (problem as Error));
        else settle?.resolve();
      };
      const timer = setTimeout(() => releaseOnce(new Error('timed out ending the export transaction')), END_TIMEOUT_MS);
      (failure ? this.repository.rollback(client) : this.repository.commit(client)).then(
        () => releaseOnce(undefined),
        (error: unknown) => releaseOnce(error instanceof Error ? error : new Error(String(error))),
      );
    };

    try {
      await this.repository.beginSnapshot(client);
      const file = {
        format,
        contentType: GL_CONTENT_TYPES[format],
        filename: `general-ledger_${range.from ?? 'start'}_${range.to ?? 'end'}.${format}`,
        done,
      };
      if (format === 'csv') {
        // PostgreSQL writes the CSV itself; this process only passes the bytes on.
        copyInFlight = true;
        const copy = this.repository.copyPostingsCsv(client, range);
        output = copy;
        finished(copy, (error) => {
          if (!error) copyInFlight = false;
          else if (!isPrematureClose(error)) this.logger.error(`general-ledger export failed: ${error.message}`);
          end(error ?? undefined);
        });
        return { ...file, stream: copy, rows: () => copy.rowCount };
      }
      const baseCurrency = await this.repository.baseCurrency(client);
      const formatter = await glFormatter(format, baseCurrency);
      output = formatter;
      const rows = this.repository.streamPostings(client, range);
      pipeline(rows, formatter, (error) => {
        if (error && !isPrematureClose(error)) this.logger.error(`general-ledger export failed: ${error.message}`);
        end(error ?? undefined);
      });
      let count = 0;
      rows.on('data', () => (count += 1));
      return { ...file, stream: formatter, rows: () => count };
    } catch (error) {
      end(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
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
