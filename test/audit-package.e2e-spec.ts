import { ZipArchive } from 'archiver';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { Client } from 'pg';
import * as yauzl from 'yauzl';
import { AuditPackageManifest, verifyAuditPackage } from '@app/statements';
import { expectLedgerSound } from './support/ledger-assertions';
import { seed2004, seed2005, seedMembersAndBudgets } from './support/statements-scenario';
import { binary } from './support/report-files';
import { startTestApp, TestApp } from './support/test-app';

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

async function unzip(zip: Buffer): Promise<Map<string, Buffer>> {
  const file = await yauzl.fromBufferPromise(zip, { lazyEntries: true });
  const out = new Map<string, Buffer>();
  for await (const entry of file.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const chunk of (await file.openReadStreamPromise(entry)) as AsyncIterable<Buffer>) chunks.push(chunk);
    out.set(entry.fileName, Buffer.concat(chunks));
  }
  file.close();
  return out;
}

async function rezip(path: string, files: Map<string, Buffer>): Promise<string> {
  const archive = new ZipArchive();
  const out = createWriteStream(path);
  archive.pipe(out);
  for (const [name, content] of files) archive.append(content, { name });
  await archive.finalize();
  await finished(out);
  return path;
}

/** CSV data rows: lines after the header (no field of the scenario holds a line break). */
const dataRows = (b: Buffer): string[] => b.toString('utf8').split('\n').slice(1, -1);

describe("GET /v1/exports/audit-package: the auditors' package, checkable offline", () => {
  let t: TestApp;
  let db: Client;
  let dir: string;
  let zip2005: Buffer;
  let files: Map<string, Buffer>;
  let manifest: AuditPackageManifest;

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    dir = await mkdtemp(join(tmpdir(), 'audit-package-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await db.end();
    await t.close();
  });

  const download = async (year: number): Promise<Buffer> => {
    const res = await t.as('auditor').get(`/v1/exports/audit-package?fiscalYear=${year}`).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="audit-package-${year}.zip"`);
    return res.body as Buffer;
  };

  it('streams a zip whose manifest names the chain and every file with its checksum and row count', async () => {
    await seedMembersAndBudgets(t);
    await seed2004(t);
    await seed2005(t);
    zip2005 = await download(2005);
    files = await unzip(zip2005);
    manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as AuditPackageManifest;

    // 2004: 7 entries + 2 closing entries = sequences 1..9; 2005: 15 entries = 10..24 (35 postings).
    const hashOf = async (sequence: number): Promise<string> =>
      (await db.query('SELECT hash FROM journal_entries WHERE sequence = $1', [sequence])).rows[0].hash;
    expect(manifest).toMatchObject({
      format: 'audit-package/v2',
      fiscalYear: 2005,
      baseCurrency: 'USD',
      startsOn: '2005-01-01',
      endsOn: '2005-12-31',
      yearStatus: 'open',
      firstSequence: 10,
      lastSequence: 24,
      entriesInYear: 15,
      chainHead: await hashOf(24),
      prevHashBeforeYear: await hashOf(9),
    });
    const auditRows = Number((await db.query('SELECT count(*) AS n FROM audit_log')).rows[0].n);
    expect(manifest.files.map((f) => [f.name, f.kind, f.rows])).toEqual([
      ['journal-2005.csv', 'journal', 35],
      ['general-ledger-2005.csv', 'general-ledger', 35],
      ['trial-balance-2005-12-31.csv', 'trial-balance', 21],
      ['balances-2005.csv', 'balances', 21],
      ['financial-statements-2005.es.json', 'financial-statements', null],
      ['financial-statements-2005.en.json', 'financial-statements', null],
      ['audit-log-2005.csv', 'audit-log', auditRows],
    ]);
    expect([...files.keys()].sort()).toEqual([...manifest.files.map((f) => f.name), 'manifest.json'].sort());
    for (const f of manifest.files) {
      const content = files.get(f.name)!;
      expect({ name: f.name, sha256: sha256(content), bytes: content.length }).toEqual({ name: f.name, sha256: f.sha256, bytes: f.bytes });
      if (f.rows !== null) expect({ name: f.name, rows: dataRows(content).length }).toEqual({ name: f.name, rows: f.rows });
    }
    await expectLedgerSound(t);
  });

  it('holds the general ledger with the GL export header, and the journal with everything the hash covers', async () => {
    const gl = files.get('general-ledger-2005.csv')!.toString('utf8').split('\n');
    expect(gl[0]).toBe('sequence,entry_id,date,description,account,fund,side,amount,currency,rate,amount_base,member,grant,entry_hash');
    const journal = files.get('journal-2005.csv')!.toString('utf8').split('\n');
    expect(journal[0]).toBe(
      'sequence,entry_id,date,fiscal_year,period,description,source,source_id,reverses_entry_id,metadata,actor_token_id,' +
        'posted_at,prev_hash,entry_hash,line_no,account,fund,side,amount,currency,rate,amount_base,member,grant,budget_line,bank_account',
    );
    // The meetings expenditure: sequence 18, its budget line, bank account and payee all exported.
    expect(journal.filter((l) => l.startsWith('18,'))).toHaveLength(2);
    expect(journal.find((l) => l.startsWith('18,') && l.includes(',5200,'))).toMatch(/,2005,6,Vice-ministerial meeting,expenditure,,,"\{""payee"": ""Hotel El Panamá""\}",/);
    expect(journal.find((l) => l.startsWith('18,') && l.includes(',5200,'))).toMatch(/,5200,GEN,debit,2800\.00,USD,1,2800\.00,,,MEETINGS,$/);
    const tb = files.get('trial-balance-2005-12-31.csv')!.toString('utf8');
    expect(tb).toContain('\n1010,Bank — operating account,asset,GEN,4040.00,0.00\n');
    expect(tb).toContain('\n2100,Contributions received in advance,liability,GEN,0.00,500.00\n');
    const balances = files.get('balances-2005.csv')!.toString('utf8');
    // opening 2,450 + debits 10,130 − credits 8,540 = closing 4,040
    expect(balances).toContain('\n1010,Bank — operating account,asset,GEN,2450.00,10130.00,8540.00,4040.00\n');
    const statements = JSON.parse(files.get('financial-statements-2005.en.json')!.toString('utf8'));
    expect(statements.financialPosition.totals).toMatchObject({ assets: '28240.00', liabilities: '500.00', netAssets: '27740.00' });
  });

  it('passes verifyAuditPackage offline: checksums, row counts, balance per fund, chain to the head', async () => {
    const path = join(dir, 'audit-package-2005.zip');
    await writeFile(path, zip2005);
    expect(await verifyAuditPackage(path)).toEqual({
      ok: true,
      fiscalYear: 2005,
      chainHead: manifest.chainHead,
      entriesChecked: 15,
      filesChecked: 7,
      problems: [],
    });
  });

  it('a package of the closed year 2004 (its closing entries included) verifies too', async () => {
    const path = join(dir, 'audit-package-2004.zip');
    await writeFile(path, await download(2004));
    const result = await verifyAuditPackage(path);
    expect(result).toMatchObject({ ok: true, fiscalYear: 2004, entriesChecked: 9, problems: [] });
  });

  it('is checked by the command line without any database: `verify-package FILE` (exit 0, and 1 when altered)', () => {
    const cli = (file: string) =>
      spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/cli/src/main.ts', 'verify-package', file], {
        cwd: join(__dirname, '..'),
        // No database at all: an unreachable URL proves the command never connects.
        env: { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
        encoding: 'utf8',
        timeout: 120_000,
      });
    const good = cli(join(dir, 'audit-package-2005.zip'));
    expect({ status: good.status, stderr: good.stderr }).toEqual({ status: 0, stderr: '' });
    expect(good.stdout).toMatch(/^package ok: fiscal year 2005, 7 files, 15 entries recomputed, chain head [0-9a-f]{64}\n$/);
    const tampered = Buffer.from(zip2005);
    writeFileSync(join(dir, 'garbled.zip'), tampered.subarray(0, tampered.length - 10));
    const bad = cli(join(dir, 'garbled.zip'));
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/the package does not verify/);
  }, 150_000);

  it('fails when ONE byte of one file is altered, and names the file', async () => {
    const altered = new Map(files);
    const tb = Buffer.from(files.get('trial-balance-2005-12-31.csv')!);
    const at = tb.indexOf('4040.00');
    tb[at] = '5'.charCodeAt(0); // 4040.00 → 5040.00
    altered.set('trial-balance-2005-12-31.csv', tb);
    const result = await verifyAuditPackage(await rezip(join(dir, 'one-byte.zip'), altered));
    expect(result.ok).toBe(false);
    expect(result.problems).toContainEqual({ file: 'trial-balance-2005-12-31.csv', message: expect.stringMatching(/^sha256 is [0-9a-f]{64}, the manifest says/) });
    expect(result.problems.every((p) => p.file === 'trial-balance-2005-12-31.csv')).toBe(true);
  });

  it('fails on the chain when an amount is altered and its checksum recomputed in the manifest', async () => {
    const altered = new Map(files);
    const journal = files.get('journal-2005.csv')!.toString('utf8').replace(',5200,GEN,debit,2800.00,', ',5200,GEN,debit,2900.00,');
    altered.set('journal-2005.csv', Buffer.from(journal, 'utf8'));
    const forged: AuditPackageManifest = {
      ...manifest,
      files: manifest.files.map((f) => (f.name === 'journal-2005.csv' ? { ...f, sha256: sha256(Buffer.from(journal, 'utf8')), bytes: Buffer.byteLength(journal) } : f)),
    };
    altered.set('manifest.json', Buffer.from(JSON.stringify(forged), 'utf8'));
    const result = await verifyAuditPackage(await rezip(join(dir, 'forged-amount.zip'), altered));
    expect(result.ok).toBe(false);
    expect(result.problems).toContainEqual({ file: 'journal-2005.csv', message: 'chain broken at sequence 18: the entry as exported does not match its hash' });
    expect(result.problems.some((p) => /sha256/.test(p.message))).toBe(false);
  });

  it('fails when the general ledger is altered consistently with its checksum (it must match the journal)', async () => {
    const altered = new Map(files);
    const gl = files.get('general-ledger-2005.csv')!.toString('utf8').replace(',5200,GEN,debit,2800.00,USD,1,2800.00,', ',5200,GEN,debit,2900.00,USD,1,2900.00,');
    altered.set('general-ledger-2005.csv', Buffer.from(gl, 'utf8'));
    altered.set(
      'manifest.json',
      Buffer.from(JSON.stringify({ ...manifest, files: manifest.files.map((f) => (f.name === 'general-ledger-2005.csv' ? { ...f, sha256: sha256(Buffer.from(gl)) } : f)) })),
    );
    const result = await verifyAuditPackage(await rezip(join(dir, 'forged-gl.zip'), altered));
    expect(result.ok).toBe(false);
    expect(result.problems).toContainEqual({ file: 'general-ledger-2005.csv', message: 'entry 18 does not balance per fund' });
    expect(result.problems).toContainEqual({ file: 'general-ledger-2005.csv', message: 'entry 18 differs from the journal (amounts, accounts or hash)' });
  });

  it('fails when a file is missing, an extra file is slipped in, or the row count is wrong', async () => {
    const altered = new Map(files);
    altered.delete('audit-log-2005.csv');
    altered.set('notes.txt', Buffer.from('hello'));
    altered.set(
      'manifest.json',
      Buffer.from(JSON.stringify({ ...manifest, files: manifest.files.map((f) => (f.kind === 'balances' ? { ...f, rows: 20 } : f)) })),
    );
    const result = await verifyAuditPackage(await rezip(join(dir, 'incomplete.zip'), altered));
    expect(result.problems).toEqual(
      expect.arrayContaining([
        { file: 'notes.txt', message: 'is in the zip but not in the manifest' },
        { file: 'audit-log-2005.csv', message: 'is listed in the manifest but missing from the zip' },
        { file: 'balances-2005.csv', message: 'has 21 rows, the manifest says 20' },
      ]),
    );
    const garbage = join(dir, 'garbage.zip');
    await writeFile(garbage, 'not a zip');
    expect(await verifyAuditPackage(garbage)).toMatchObject({ ok: false, problems: [{ file: null }] });
  });

  it('is for auditors and admins only; a year without entries is a 404; a bad year a 400', async () => {
    await t.as('viewer').get('/v1/exports/audit-package?fiscalYear=2005').expect(403);
    await t.as('secretariat').get('/v1/exports/audit-package?fiscalYear=2005').expect(403);
    await t.as('admin').get('/v1/exports/audit-package?fiscalYear=2005').buffer(true).parse(binary).expect(200);
    const none = await t.as('auditor').get('/v1/exports/audit-package?fiscalYear=1999').expect(404);
    expect(none.headers['content-type']).toMatch(/^application\/problem\+json/);
    await t.as('auditor').get('/v1/exports/audit-package?fiscalYear=20x5').expect(400);
    await t.as('auditor').get('/v1/exports/audit-package').expect(400);
  });

  it('downloads again identically (same snapshot content) and leaves no transaction open', async () => {
    const again = await unzip(await download(2005));
    expect(again.get('journal-2005.csv')!.equals(files.get('journal-2005.csv')!)).toBe(true);
    expect(again.get('general-ledger-2005.csv')!.equals(files.get('general-ledger-2005.csv')!)).toBe(true);
    const { rows } = await db.query<{ n: string }>(
      "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'",
    );
    expect(Number(rows[0].n)).toBe(0);
  });
});
