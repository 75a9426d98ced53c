import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { BulkLoaderService, syntheticLedger } from '@app/ledger';
import { AuditPackageService, verifyAuditPackage } from '@app/statements';
import { AuditPackageRepository } from '../libs/statements/src/audit-package/audit-package.repository';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A package abandoned while PostgreSQL is writing its general ledger (COPY): the connection, in
 * the middle of the COPY's output, is discarded — not left in the pool, not left hanging — and the
 * next package is whole.
 */
describe('audit package abandoned during its general ledger', () => {
  let t: TestApp;
  let pool: Pool;
  let dir: string;

  beforeAll(async () => {
    t = await startTestApp();
    pool = (t.app.get(DataSource).driver as unknown as { master: Pool }).master;
    dir = await mkdtemp(join(tmpdir(), 'audit-package-abort-'));
    await t.app.get(BulkLoaderService).load(syntheticLedger({ seed: 7, postings: 30_000, startDate: '2005-01-01', days: 365 }));
  }, 120_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await t.close();
  });

  const until = async (condition: () => boolean, what: string): Promise<void> => {
    for (let i = 0; i < 200; i++) {
      if (condition()) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`timed out waiting until ${what}`);
  };

  it('discards the connection mid-COPY, releases everything, and the next package verifies', async () => {
    const repository = t.app.get(AuditPackageRepository);
    const abandon = jest.spyOn(repository, 'abandonCopy');
    const copyGeneralLedger = repository.copyGeneralLedger.bind(repository);
    const client: { hangUp?: (reason: Error) => void } = {};
    // The client hangs up as soon as the first bytes of the general ledger arrive from PostgreSQL.
    const copy = jest.spyOn(repository, 'copyGeneralLedger').mockImplementation((m, from, to) => {
      const stream = copyGeneralLedger(m, from, to);
      stream.once('data', () => client.hangUp?.(new Error('the client closed the connection')));
      return stream;
    });
    const pkg = await t.app.get(AuditPackageService).open(2005);
    client.hangUp = pkg.abort;
    const entries: string[] = [];
    (pkg.stream as unknown as NodeJS.EventEmitter).on('entry', (e: { name: string }) => entries.push(e.name));
    pkg.stream.resume();
    await expect(pkg.done).rejects.toThrow();
    expect(entries).toEqual(['journal-2005.csv']);
    expect(abandon).toHaveBeenCalledTimes(1);
    copy.mockRestore();
    await until(() => pool.totalCount === pool.idleCount, 'the pool is idle');

    const again = await t.app.get(AuditPackageService).open(2005);
    const file = join(dir, 'again.zip');
    await pipeline(again.stream, createWriteStream(file));
    const manifest = await again.done;
    expect(manifest.files.find((f) => f.kind === 'general-ledger')?.rows).toBe(30_000);
    expect(await verifyAuditPackage(file)).toMatchObject({ ok: true, problems: [] });
  }, 120_000);
});
