import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface SequenceRangeTotals {
  entries: number;
  postings: number;
  /** Σ amount_base of every posting in the range, debits and credits alike (numeric text). */
  amountBase: string;
}

/** The SQL the bulk loader needs beyond the journal's own (its post-condition check). */
@Injectable()
export class BulkLoaderRepository {
  /** What is stored for a range of sequences: read back after a batch to check it as written. */
  async totalsForSequences(m: EntityManager, fromSequence: number, toSequence: number): Promise<SequenceRangeTotals> {
    const rows: { entries: string; postings: string; amount_base: string }[] = await m.query(
      `SELECT (SELECT count(*) FROM journal_entries WHERE sequence BETWEEN $1 AND $2)::text AS entries,
              count(*)::text AS postings,
              coalesce(sum(amount_base), 0)::text AS amount_base
         FROM postings WHERE sequence BETWEEN $1 AND $2`,
      [fromSequence, toSequence],
    );
    return { entries: Number(rows[0].entries), postings: Number(rows[0].postings), amountBase: rows[0].amount_base };
  }
}
