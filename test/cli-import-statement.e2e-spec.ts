import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { expectLedgerSound } from './support/ledger-assertions';
import { RECONCILIATION_FIXTURES } from './support/reconciliation-fixtures';
import { startTestApp, TestApp } from './support/test-app';

const root = path.resolve(__dirname, '..');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `import-statement` as users run it: the compiled CLI as a child process, against the database of
 * an API that recorded the ledger side. The shipped March 2024 CSV (USD, OPERATING):
 *   +15,000.00 CONTRIB-2024-FR  ← two ledger receipts 10,000 + 5,000 the same day: one-to-many
 *   −1,250.50  PO-7781          ← a payment whose description names PO-7781: one-to-one (reference)
 *   −42.10 fee, +3,200.00 GR-0042-T1 ← a receipt of 3,200.00 on 03-12: one-to-one
 *   −15.00, −15.00 wire fees, +0.37 interest: not in the ledger
 * Lines 16,877.77 from an opening of 0.00; ledger 10,000 + 5,000 − 1,250.50 + 3,200 = 16,949.50;
 * unmatched bank items −71.73 → difference 0.00, but not reconciled as at 03-22: the fee of 03-11
 * is older than the 5-day window.
 */
describe('CLI import-statement (compiled, as a child process)', () => {
  let t: TestApp;
  let build: string;
  let db: Client;

  const cli = (args: string[]): Run => {
    const result = spawnSync(
      process.execPath,
      ['-r', 'tsconfig-paths/register', path.join(build, 'apps/cli/src/main.js'), ...args],
      {
        cwd: root,
        encoding: 'utf8',
        timeout: 60_000,
        env: {
          ...process.env,
          DATABASE_URL: t.databaseUrl,
          NODE_PATH: path.join(root, 'node_modules'),
          TS_NODE_BASEURL: build,
          TS_NODE_PROJECT: path.join(root, 'tsconfig.json'),
        },
      },
    );
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const stored = async (): Promise<{ imports: number; lines: number; matches: number }> => {
    const count = async (table: string): Promise<number> =>
      Number((await db.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
    return {
      imports: await count('statement_imports'),
      lines: await count('statement_lines'),
      matches: await count('bank_matches'),
    };
  };
  const parse = (stdout: string): Record<string, string> =>
    Object.fromEntries(
      stdout
        .trim()
        .split('\n')
        .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]),
    );
  const entry = (date: string, description: string, side: 'debit' | 'credit', amount: string, other: string) =>
    t
      .as('secretariat')
      .post('/v1/journal-entries', {
        date,
        description,
        lines: [
          { account: '1010', fund: 'GEN', side, amount },
          { account: other, fund: 'GEN', side: side === 'debit' ? 'credit' : 'debit', amount },
        ],
      })
      .expect(201);

  beforeAll(async () => {
    build = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-cli-build-'));
    const compiled = spawnSync(
      process.execPath,
      [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--noCheck', '--outDir', build],
      { cwd: root, encoding: 'utf8', timeout: 150_000 },
    );
    if (!fs.existsSync(path.join(build, 'apps/cli/src/main.js'))) {
      throw new Error(`the CLI did not compile: ${compiled.stdout}${compiled.stderr}`);
    }
    t = await startTestApp();
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    await entry('2024-03-01', 'France, contribution 2024 (first part)', 'debit', '10000.00', '4100');
    await entry('2024-03-01', 'France, contribution 2024 (second part)', 'debit', '5000.00', '4100');
    await entry('2024-03-04', 'Acme, Inc. invoice 2024/118, PO-7781', 'credit', '1250.50', '5300');
    await entry('2024-03-12', 'Grant instalment received', 'debit', '3200.00', '4200');
  }, 240_000);

  afterAll(async () => {
    await db?.end();
    await t?.close();
    if (build) fs.rmSync(build, { recursive: true, force: true });
  });

  it('imports the CSV, auto-matches it and prints the summary on stdout', async () => {
    const run = cli([
      'import-statement',
      '--bank-account',
      'OPERATING',
      path.join(RECONCILIATION_FIXTURES, 'operating-2024-03.csv'),
      '--opening-balance',
      '0.00',
      '--closing-balance',
      '16877.77',
      '--auto-match',
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(parse(run.stdout)).toEqual({
      'bank account': 'OPERATING',
      format: 'csv',
      'lines read': '7',
      'lines imported': '7',
      duplicates: '0',
      'matched one-to-one': '2',
      'matched one-to-many': '1',
      'reversal pairs': '0',
      'as of': '2024-03-22',
      'unmatched statement lines': '4',
      'unmatched ledger items': '0',
      'statement balance': '16877.77 USD',
      'ledger balance': '16949.50 USD',
      difference: '0.00 USD',
      reconciled: 'no',
    });
    expect(await stored()).toEqual({ imports: 1, lines: 7, matches: 3 });
    const audit = await db.query(
      `SELECT action, actor_role, target, outcome, detail FROM audit_log WHERE action LIKE 'CLI %' ORDER BY id`,
    );
    expect(audit.rows).toEqual([
      {
        action: 'CLI import-statement',
        actor_role: 'cli',
        target: 'OPERATING operating-2024-03.csv',
        outcome: 'success',
        detail: expect.objectContaining({ format: 'csv', lines: 7, duplicates: 0 }),
      },
      {
        action: 'CLI auto-match',
        actor_role: 'cli',
        target: 'OPERATING',
        outcome: 'success',
        detail: expect.objectContaining({ matched: 3 }),
      },
    ]);
  });

  it('the same file again: every line a duplicate, nothing stored twice; without --auto-match none is run', async () => {
    const run = cli([
      'import-statement',
      '--bank-account',
      'OPERATING',
      path.join(RECONCILIATION_FIXTURES, 'operating-2024-03.csv'),
    ]);
    expect(run.status).toBe(0);
    expect(parse(run.stdout)).toMatchObject({
      'lines imported': '0',
      duplicates: '7',
      'auto-match': 'not run (use --auto-match)',
      'unmatched statement lines': '4',
    });
    expect(await stored()).toMatchObject({ lines: 7, matches: 3 });
  });

  it.each([
    ['a CSV with a bad amount', 'malformed/bad-amount-line-4.csv', [], /^error: .*line 4.*\n$/],
    [
      'a camt.053 entry without its booking date',
      'malformed/camt053.missing-booking-date.xml',
      [],
      /^error: .*BookgDt.*\n$/,
    ],
    [
      'a CSV read as camt.053',
      'operating-2024-03.csv',
      ['--format', 'camt053'],
      /^error: line 1, column 1: the file is not well-formed XML.*\n$/,
    ],
  ])('%s: one line naming where, exit 1, nothing stored', async (_case, name, extra, message) => {
    const before = await stored();
    const run = cli([
      'import-statement',
      '--bank-account',
      'OPERATING',
      path.join(RECONCILIATION_FIXTURES, name),
      ...extra,
    ]);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.status).toBe(1);
    expect(await stored()).toEqual(before);
    const audit = await db.query(
      `SELECT outcome, detail->>'error' AS error FROM audit_log WHERE action = 'CLI import-statement' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit.rows[0]).toEqual({ outcome: 'rejected', error: run.stderr.replace(/^error: /, '').trim() });
  });

  it('refuses bad usage with exit 2: no such file, an unknown format, no bank account', () => {
    const csv = path.join(RECONCILIATION_FIXTURES, 'operating-2024-03.csv');
    for (const args of [
      ['import-statement', '--bank-account', 'OPERATING', '/nonexistent/march.csv'],
      ['import-statement', '--bank-account', 'OPERATING', csv, '--format', 'ofx'],
    ]) {
      const run = cli(args);
      expect(run.stderr).toMatch(/^error: /);
      expect(run.status).toBe(2);
    }
    expect(cli(['import-statement', csv]).status).toBe(2);
    const unknown = cli(['import-statement', '--bank-account', 'NOPE', csv]);
    expect(unknown.stderr).toMatch(/NOPE/);
    expect(unknown.status).not.toBe(0);
  });

  it('imports an MT940 file by its .sta extension: the account’s statements, the other account’s listed as skipped', async () => {
    await t
      .as('admin')
      .post('/v1/accounts', { code: '1022', name: 'Bank — Banco Salvadoreño', type: 'asset' })
      .expect(201);
    await t
      .as('secretariat')
      .post('/v1/bank-accounts', {
        code: 'SALVADOR',
        name: 'Banco Salvadoreño',
        currency: 'USD',
        ledgerAccount: '1022',
        accountNumber: '0012-3456-7890',
      })
      .expect(201);
    const file = path.join(RECONCILIATION_FIXTURES, 'mt940.plain-lf-latin1.multi-account.usd.sta');
    const run = cli(['import-statement', '--bank-account', 'SALVADOR', file]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(parse(run.stdout)).toMatchObject({
      'bank account': 'SALVADOR',
      format: 'mt940',
      'lines read': '4',
      'lines imported': '4',
      skipped: '0099-8888-1111: 1 statement(s), 1 line(s) of another account',
      'as of': '2024-05-03',
      'statement balance': '6300.00 USD',
    });
  });

  it('leaves the ledger sound', async () => {
    await expectLedgerSound(t);
  });
});
