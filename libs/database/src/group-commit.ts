import { Injectable } from '@nestjs/common';
import { EntityManager, QueryRunner } from 'typeorm';
import { TransactionRunner } from './transaction-runner';

/** The most units one batch holds: bounds the work a failed commit sends back to its clients. */
export const MAX_BATCH_UNITS = 64;

/**
 * What a unit of work ends with when its writes are to be kept: a value to answer with, or a
 * failure to answer with (a refused request keeps its stored answer and its audit row). A unit
 * whose writes are to be undone throws instead.
 */
export type UnitOutcome<T> = { value: T } | { failure: unknown };

interface Pending {
  work: (manager: EntityManager) => Promise<UnitOutcome<unknown>>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Settled = { pending: Pending; outcome: UnitOutcome<unknown> } | { pending: Pending; discarded: unknown };

/**
 * Group commit: units of work that arrive while a batch is being written wait for the next batch,
 * and a batch is one database transaction with one commit (one WAL flush) for all of its units.
 *
 * Each unit runs alone inside its own savepoint, one after the other on the batch's connection,
 * so it sees the rows of the units before it and keeps every lock it takes until the commit. A unit
 * that throws is rolled back to its savepoint — its neighbours keep their writes. Before its
 * savepoint is released the unit's deferred constraints are checked (`SET CONSTRAINTS ALL
 * IMMEDIATE`), so no unit can make the batch's commit fail. Nobody hears of a unit before the
 * commit: a batch that fails to commit answers every unit with that failure and keeps nothing.
 */
@Injectable()
export class GroupCommit {
  private readonly queue: Pending[] = [];
  private writing = false;
  /** Batches committed or failed, units run, the largest batch: how much sharing there was. */
  readonly stats = { batches: 0, units: 0, largestBatch: 0 };

  /** Units waiting for the next batch. */
  get waiting(): number {
    return this.queue.length;
  }

  /**
   * `GROUP_COMMIT=on|off`, off by default: the batch's writer is serial, and with requests of
   * ~20 round trips each it posted no faster than a transaction per request (ADR 9).
   */
  readonly enabled: boolean;

  constructor(private readonly db: TransactionRunner) {
    this.enabled = groupCommitSetting(process.env.GROUP_COMMIT);
  }

  /** Runs `work` in the next batch; settles once that batch has committed (or failed to). */
  run<T>(work: (manager: EntityManager) => Promise<UnitOutcome<T>>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        await this.writeBatch(this.queue.splice(0, MAX_BATCH_UNITS));
      }
    } finally {
      this.writing = false;
    }
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    this.stats.batches += 1;
    this.stats.units += batch.length;
    this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
    let runner: QueryRunner | undefined;
    const settled: Settled[] = [];
    try {
      runner = this.db.dataSource.createQueryRunner();
      await runner.connect();
      await runner.query('BEGIN ISOLATION LEVEL READ COMMITTED; SAVEPOINT unit');
      for (const [i, pending] of batch.entries())
        settled.push(await this.runUnit(runner, pending, i === batch.length - 1));
      await runner.query('COMMIT');
    } catch (error) {
      // The connection or the commit failed: nothing of the batch is kept, every unit hears so.
      if (runner && !runner.isReleased) await runner.query('ROLLBACK').catch(() => undefined);
      for (const pending of batch) pending.reject(error);
      return;
    } finally {
      if (runner && !runner.isReleased) await runner.release().catch(() => undefined);
    }
    for (const s of settled) {
      if ('discarded' in s) s.pending.reject(s.discarded);
      else if ('failure' in s.outcome) s.pending.reject(s.outcome.failure);
      else s.pending.resolve(s.outcome.value);
    }
  }

  /**
   * One unit in its savepoint (opened by the statement before it, to save a round trip); throws
   * only when the batch itself cannot go on.
   */
  private async runUnit(runner: QueryRunner, pending: Pending, last: boolean): Promise<Settled> {
    const next = last ? '' : '; SAVEPOINT unit';
    try {
      const outcome = await this.db.within(runner.manager, () => pending.work(runner.manager));
      // Deferred constraint triggers of this unit fire here, inside its savepoint.
      await runner.query(`SET CONSTRAINTS ALL IMMEDIATE; SET CONSTRAINTS ALL DEFERRED; RELEASE SAVEPOINT unit${next}`);
      return { pending, outcome };
    } catch (error) {
      await runner.query(`ROLLBACK TO SAVEPOINT unit; RELEASE SAVEPOINT unit${next}`);
      return { pending, discarded: error };
    }
  }
}

export function groupCommitSetting(raw: string | undefined): boolean {
  if (raw === 'on') return true;
  if (raw === undefined || raw === '' || raw === 'off') return false;
  throw new Error(`GROUP_COMMIT must be 'on' or 'off' (got "${raw}")`);
}
