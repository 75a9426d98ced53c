import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { TransactionRunner } from '@app/database';
import { fundImbalances } from '../domain/balance-rule';
import { JournalRepository } from '../entries/journal.repository';
import { PoliciesRepository } from '../policies/policies.repository';
import { CHAIN_PROBLEMS } from './chain-problems';
import { entryHash, GENESIS_HASH } from './entry-hash';

export interface VerificationResult {
  ok: boolean;
  entries: number;
  head: string;
  firstBrokenSequence?: number;
  problem?: string;
}

const PAGE = 2_000;

/**
 * Recomputes the whole chain from the stored rows, page by page (memory stays flat): sequence
 * gapless from 1, each prev_hash equal to the previous hash, each hash equal to the hash of the
 * entry as stored, each entry balanced per fund, and the chain head row agreeing with the last.
 */
@Injectable()
export class VerificationService {
  constructor(
    private readonly db: TransactionRunner,
    private readonly journal: JournalRepository,
    private readonly policies: PoliciesRepository,
  ) {}

  verify(onProgress?: (checked: number, total: number) => void): Promise<VerificationResult> {
    return this.db.snapshot((m) => this.verifyWith(m, onProgress));
  }

  /** The same verification inside a snapshot the caller opened (a report that reads the chain with other figures). */
  async verifyWith(
    m: EntityManager,
    onProgress?: (checked: number, total: number) => void,
  ): Promise<VerificationResult> {
    const { baseCurrency } = await this.policies.get(m);
    const head = await this.journal.readChainHead(m);
    let expectedSequence = 1;
    let prevHash = GENESIS_HASH;
    const broken = (sequence: number, problem: string): VerificationResult => ({
      ok: false,
      entries: head.lastSequence,
      head: head.lastHash,
      firstBrokenSequence: sequence,
      problem,
    });
    for (;;) {
      const page = await this.journal.findBySequenceRange(m, expectedSequence, PAGE);
      for (const entry of page) {
        if (entry.sequence !== expectedSequence)
          return broken(expectedSequence, CHAIN_PROBLEMS.sequenceMissing(expectedSequence));
        if (entry.prevHash !== prevHash) return broken(entry.sequence, CHAIN_PROBLEMS.prevHashMismatch);
        let hash: string;
        try {
          hash = entryHash(prevHash, { ...entry, baseCurrency });
        } catch (error) {
          // A value no API could have written (an amount finer than its currency, an unknown
          // currency code) was put there behind its back: that is a broken chain, not a crash.
          const reason = error instanceof Error ? error.message : String(error);
          return broken(entry.sequence, CHAIN_PROBLEMS.notCanonical(reason));
        }
        if (hash !== entry.hash) return broken(entry.sequence, CHAIN_PROBLEMS.hashMismatch);
        if (entry.lines.length < 2 || fundImbalances(entry.lines).length > 0) {
          return broken(entry.sequence, CHAIN_PROBLEMS.unbalanced);
        }
        prevHash = entry.hash;
        expectedSequence += 1;
      }
      onProgress?.(expectedSequence - 1, head.lastSequence);
      if (page.length < PAGE) break;
    }
    const count = expectedSequence - 1;
    if (count !== head.lastSequence || prevHash !== head.lastHash) {
      return broken(Math.min(count, head.lastSequence) + 1, CHAIN_PROBLEMS.headMismatch);
    }
    return { ok: true, entries: count, head: prevHash };
  }
}
