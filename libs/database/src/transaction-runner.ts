import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** SQLSTATEs after which the whole unit of work may simply be run again. */
const RETRYABLE = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 3;

export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE.has(code);
}

/**
 * One use case = one database transaction. A request that writes runs inside a transaction opened
 * for it (so its idempotency record, its audit row and its entries commit together); services
 * call `run()`, which joins that ambient transaction or opens its own when there is none.
 */
@Injectable()
export class TransactionRunner {
  private readonly ambient = new AsyncLocalStorage<EntityManager>();

  constructor(readonly dataSource: DataSource) {}

  current(): EntityManager | undefined {
    return this.ambient.getStore();
  }

  /** Runs `work` with `manager` as the ambient transaction (used by the request interceptor). */
  within<T>(manager: EntityManager, work: () => Promise<T>): Promise<T> {
    return this.ambient.run(manager, work);
  }

  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const joined = this.ambient.getStore();
    if (joined) return work(joined);
    return retrying(() =>
      this.dataSource.transaction('READ COMMITTED', (manager) => this.ambient.run(manager, () => work(manager))),
    );
  }

  /** A consistent snapshot for reports: every total read inside agrees with every other. */
  async snapshot<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        const result = await work(runner.manager);
        await runner.query('COMMIT');
        return result;
      } catch (error) {
        await runner.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    } finally {
      await runner.release();
    }
  }
}

export async function retrying<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isRetryable(error) || tries >= MAX_ATTEMPTS) throw error;
    }
  }
}
