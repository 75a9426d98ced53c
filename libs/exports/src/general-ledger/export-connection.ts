import { Logger } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { PoolClient } from 'pg';
import { abandonConnection } from '@app/database';
import { GeneralLedgerRepository } from './general-ledger.repository';

export type ReleaseConnection = (error?: Error) => void;

/** Longest wait for COMMIT/ROLLBACK at the end of an export before the connection is discarded. */
const END_TIMEOUT_MS = 10_000;

/**
 * The pooled connection one export holds, and how it ends, exactly once: COMMIT after a whole
 * file, ROLLBACK after a failure, discarded when a COPY was cut short or the transaction would not
 * end; then released to the pool, `onReleased` told, and `done` settled.
 */
export class ExportConnection {
  /** The stream the reader gets: destroyed when the connection drops. */
  output: Readable | undefined;
  /**
   * A COPY cut short leaves the connection in the middle of its output: nothing else can be sent
   * on it, so it is discarded at once rather than rolled back.
   */
  copyInFlight = false;
  /** Settles once the snapshot transaction has ended and the connection is released. */
  readonly done: Promise<void>;
  private settle: { resolve: () => void; reject: (error: Error) => void } | undefined;
  private broken = false;
  private ended = false;

  constructor(
    readonly client: PoolClient,
    private readonly release: ReleaseConnection,
    private readonly repository: GeneralLedgerRepository,
    private readonly logger: Logger,
    private readonly onReleased: () => void,
  ) {
    client.on('error', this.onConnectionError);
    this.done = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));
    this.done.catch(() => undefined); // the caller may not await it; the stream reports the failure too
  }

  /** Ends the export: with `failure`, the file is not whole. Later calls do nothing. */
  end(failure: Error | undefined): void {
    if (this.ended) return;
    this.ended = true;
    if (failure && this.copyInFlight) this.abandon(failure);
    else this.endTransaction(failure);
  }

  // A dropped connection fails this export, not the process. The cursor alone would never notice
  // (pg-cursor waits for a ReadyForQuery that a dead connection never sends), so end it here.
  private readonly onConnectionError = (error: Error): void => {
    this.logger.warn(`connection lost during an export: ${error.message}`);
    this.broken = true;
    this.output?.destroy(error);
    this.end(error);
  };

  private abandon(failure: Error): void {
    // The listener stays: the socket's own failure, which follows, must not reach the process.
    abandonConnection(this.client, 'the general-ledger export was abandoned during its COPY');
    this.release(failure);
    this.onReleased();
    this.settle?.reject(failure);
  }

  private endTransaction(failure: Error | undefined): void {
    let released = false;
    const releaseOnce = (problem: Error | undefined): void => {
      if (released) return;
      released = true;
      clearTimeout(timer);
      // A broken connection keeps a listener: late errors from it must not reach the process.
      if (!this.broken) this.client.removeListener('error', this.onConnectionError);
      // A connection that could not end its transaction cleanly is discarded, not pooled.
      this.release(problem);
      this.onReleased();
      if (failure ?? problem) this.settle?.reject(failure ?? (problem as Error));
      else this.settle?.resolve();
    };
    const timer = setTimeout(() => releaseOnce(new Error('timed out ending the export transaction')), END_TIMEOUT_MS);
    (failure ? this.repository.rollback(this.client) : this.repository.commit(this.client)).then(
      () => releaseOnce(undefined),
      (error: unknown) => releaseOnce(error instanceof Error ? error : new Error(String(error))),
    );
  }
}
