/**
 * A ledger of N postings for the read benchmarks (trial balance, export): a fresh database, the
 * API started on it (it applies the migrations), then the synthetic ledger loaded with the bulk
 * loader (libs/ledger/src/bulk: every entry checked by the posting rules, hash chain, roll-ups),
 * run in this process. A ledger can be grown in steps (10,000 postings, then up to 1,000,000) so
 * one database serves both sizes. `all` shares one fixture between trial-balance and export.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DatabaseModule } from '@app/database';
import { BulkLoaderService, LedgerModule, syntheticLedger } from '@app/ledger';
import { ApiProcess, issueToken, startApi } from './api-process';
import { BenchDatabase, BenchOptions, createDatabase, elapsedMs, log, onCleanup, withClient } from './harness';

/** The synthetic ledger's value dates: 2005-01-01 plus 3 × 365 days. */
export const LEDGER_FIRST_DAY = '2005-01-01';
export const LEDGER_LAST_DAY = '2007-12-31';

export interface LedgerFixture {
  db: BenchDatabase;
  api: ApiProcess;
  auditor: string;
  /** Postings loaded so far. */
  postings: number;
  /** Loads more postings (a new seed per step) until the ledger holds `total`. */
  growTo(total: number): Promise<void>;
  release(): Promise<void>;
}

let shared: Promise<LedgerFixture> | undefined;

/** The one ledger fixture of this run (created on first use, released at cleanup or by `release`). */
export function ledgerFixture(options: BenchOptions): Promise<LedgerFixture> {
  shared ??= createLedgerFixture(options);
  return shared;
}

async function createLedgerFixture(options: BenchOptions): Promise<LedgerFixture> {
  const db = await createDatabase('bench_ledger', options);
  const api = await startApi(db.url);
  const auditor = await issueToken(api, 'bench auditor', 'auditor');
  let step = 0;
  let released = false;
  const fixture: LedgerFixture = {
    db,
    api,
    auditor,
    postings: 0,
    growTo: async (total) => {
      if (total <= fixture.postings) return;
      step += 1;
      const loaded = await bulkLoad(db.url, 2026 + step, total - fixture.postings);
      fixture.postings += loaded;
      const t = process.hrtime.bigint();
      await withClient(db.url, async (c) => {
        for (const table of ['postings', 'journal_entries', 'balance_rollups'])
          await c.query(`VACUUM ANALYZE ${table}`);
      });
      log(`  VACUUM ANALYZE in ${(elapsedMs(t) / 1000).toFixed(1)} s`);
    },
    release: async () => {
      if (released) return;
      released = true;
      shared = undefined;
      forget();
      await api.stop();
      await db.drop();
    },
  };
  const forget = onCleanup('release the ledger fixture', fixture.release);
  return fixture;
}

/** Value dates of a bulk load: from `startDate`, spread over `days` (the synthetic ledger's default: 2005–2007). */
export interface LoadSpan {
  startDate?: string;
  days?: number;
}

export async function bulkLoad(url: string, seed: number, postings: number, span: LoadSpan = {}): Promise<number> {
  @Module({ imports: [DatabaseModule.forUrl(url, 4), LedgerModule] })
  class BulkLoadModule {}
  const context = await NestFactory.createApplicationContext(BulkLoadModule, { logger: ['error'] });
  try {
    const loader = context.get(BulkLoaderService);
    const t = process.hrtime.bigint();
    let next = 0.25;
    log(`bulk-loading ${postings} postings (seed ${seed})`);
    const result = await loader.load(syntheticLedger({ seed, postings, ...span }), {
      batchSize: 1_000,
      onProgress: (p) => {
        if (p.postings / postings >= next) {
          log(`  ${p.postings} postings (${Math.round(p.postings / (elapsedMs(t) / 1000))} /s)`);
          next += 0.25;
        }
      },
    });
    log(`  loaded ${result.entries} entries, ${result.postings} postings in ${(elapsedMs(t) / 1000).toFixed(1)} s`);
    return result.postings;
  } finally {
    await context.close();
  }
}
