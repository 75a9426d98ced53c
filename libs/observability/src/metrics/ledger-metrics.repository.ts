import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** The reads behind the ledger's gauges: index lookups, never a scan of the postings. */
@Injectable()
export class LedgerMetricsRepository {
  /** A scrape gives up rather than queue behind a slow database. */
  async limitStatementTime(m: EntityManager, timeoutMs: number): Promise<void> {
    await m.query(`SELECT set_config('statement_timeout', $1, true)`, [String(Math.trunc(timeoutMs))]);
  }

  async chainHeadSequence(m: EntityManager): Promise<number> {
    const rows: { last_sequence: string }[] = await m.query('SELECT last_sequence FROM ledger_chain WHERE id = 1');
    return Number(rows[0].last_sequence);
  }

  /** Postings of the entries numbered (afterSequence, upToSequence]: a range of postings_sequence. */
  async countPostings(m: EntityManager, afterSequence: number, upToSequence: number): Promise<number> {
    const rows: { n: string }[] = await m.query(
      'SELECT count(*) AS n FROM postings WHERE sequence > $1 AND sequence <= $2',
      [afterSequence, upToSequence],
    );
    return Number(rows[0].n);
  }
}
