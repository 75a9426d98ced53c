import { Injectable, Logger } from '@nestjs/common';
import type { Pool } from 'pg';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { TransactionRunner } from '@app/database';
import { LedgerMetricsRepository } from './ledger-metrics.repository';
import { MetricsRegistry } from './metrics-registry';

const SCRAPE_QUERY_TIMEOUT_MS = 2_000;

interface Counted {
  chainHeadSequence: number;
  postings: number;
}

/** The pg pool under TypeORM's PostgreSQL driver. */
function poolOf(dataSource: DataSource): Pool | undefined {
  return (dataSource.driver as unknown as { master?: Pool }).master;
}

/**
 * The ledger's size and the database pool, read at each scrape.
 *
 * Postings are counted exactly but incrementally: they are append-only, every posting carries its
 * entry's gapless sequence, and an entry's postings commit with the chain head that covers them.
 * So in one snapshot the postings up to the chain head are all there is, and each scrape counts
 * only those of the entries posted since the previous one (an index range, not a table scan).
 */
@Injectable()
export class LedgerMetrics {
  private readonly logger = new Logger(LedgerMetrics.name);
  private counted: Counted = { chainHeadSequence: 0, postings: 0 };
  /** Logged on a change only: a scraper polling a database that is away must not flood the log. */
  private databaseAnswered: boolean | undefined;
  private readonly chainHead: Gauge;
  private readonly postings: Gauge;
  private readonly databaseUp: Gauge;

  constructor(
    metrics: MetricsRegistry,
    private readonly db: TransactionRunner,
    private readonly repository: LedgerMetricsRepository,
  ) {
    const registers = [metrics.registry];
    this.chainHead = new Gauge({ name: 'ledger_chain_head_sequence', help: 'Sequence of the last journal entry in the hash chain', registers });
    this.postings = new Gauge({ name: 'ledger_postings', help: 'Postings (journal entry lines) in the ledger', registers });
    this.databaseUp = new Gauge({ name: 'ledger_database_up', help: '1 when the last scrape read the ledger from the database, else 0', registers });
    const pool = (name: string, help: string, read: (p: Pool) => number): Gauge =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          const p = poolOf(db.dataSource);
          if (p) this.set(read(p));
        },
      });
    pool('ledger_db_pool_connections', 'Open connections in the database pool (busy and idle)', (p) => p.totalCount);
    pool('ledger_db_pool_idle_connections', 'Idle connections in the database pool', (p) => p.idleCount);
    pool('ledger_db_pool_waiting_requests', 'Queries waiting for a connection from the pool', (p) => p.waitingCount);
    pool('ledger_db_pool_max_connections', 'Size limit of the database pool (DATABASE_POOL_SIZE)', (p) => p.options.max ?? 0);
  }

  async refresh(): Promise<void> {
    try {
      const counted = await this.db.snapshot(async (m) => {
        await this.repository.limitStatementTime(m, SCRAPE_QUERY_TIMEOUT_MS);
        const head = await this.repository.chainHeadSequence(m);
        // A head behind the one counted is another database (restored, or replaced): count afresh.
        const base: Counted = this.counted.chainHeadSequence <= head ? this.counted : { chainHeadSequence: 0, postings: 0 };
        const added = head > base.chainHeadSequence ? await this.repository.countPostings(m, base.chainHeadSequence, head) : 0;
        return { chainHeadSequence: head, postings: base.postings + added };
      });
      this.counted = counted;
      this.chainHead.set(counted.chainHeadSequence);
      this.postings.set(counted.postings);
      if (this.databaseAnswered === false) this.logger.log('metrics: the database answers again');
      this.databaseAnswered = true;
      this.databaseUp.set(1);
    } catch (error) {
      if (this.databaseAnswered !== false) this.logger.warn({ err: error }, 'metrics: the ledger could not be read; ledger_database_up is 0');
      this.databaseAnswered = false;
      this.databaseUp.set(0);
    }
  }
}
