import ExcelJS from 'exceljs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Pool } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Dec, unguardFormula } from '@app/common';
import { GeneralLedgerService, MAX_CONCURRENT_EXPORTS } from '@app/exports';
import { csvFormatter, GlJsonRecord } from '../libs/exports/src/general-ledger/gl-formats';
import { BulkLoaderService, syntheticLedger } from '@app/ledger';
import { expectLedgerSound } from './support/ledger-assertions';
import { binary, parseCsv, workbookOf } from './support/report-files';
import { startTestApp, TestApp } from './support/test-app';

const HEADER =
  'sequence,entry_id,date,description,account,fund,side,amount,currency,rate,amount_base,member,grant,entry_hash';
const COLUMNS = HEADER.split(',');
const SYNTHETIC_POSTINGS = 20_000;
const TRICKY_DESCRIPTION = 'Contribución "especial", México\nsegunda línea';

describe('general-ledger export (streamed CSV, JSON lines, XLSX)', () => {
  let t: TestApp;
  let db: Client;
  let pool: Pool;

  const download = (path: string, role: 'auditor' | 'admin' = 'auditor') =>
    t
      .as(role)
      .get(path)
      .buffer(true)
      .parse(binary);
  const csvRows = async (query = ''): Promise<string[][]> => {
    const res = await download(`/v1/exports/general-ledger?format=csv${query}`).expect(200);
    return parseCsv((res.body as Buffer).toString('utf8'), '\n');
  };
  const postingsCount = async (from = '0001-01-01', to = '9999-12-31'): Promise<number> =>
    (await db.query('SELECT count(*)::int AS n FROM postings WHERE entry_date BETWEEN $1 AND $2', [from, to])).rows[0]
      .n;
  const poolIsIdle = (): boolean => pool.totalCount === pool.idleCount;
  const until = async (condition: () => boolean | Promise<boolean>, what: string): Promise<void> => {
    for (let i = 0; i < 100; i++) {
      if (await condition()) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`timed out waiting until ${what}`);
  };

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    pool = (t.app.get(DataSource).driver as unknown as { master: Pool }).master;

    // Postings name members and grants that exist (foreign keys): the reference rows, straight in.
    await db.query(`INSERT INTO members (code, name_en, name_es, joined_on) VALUES
      ('MEX', 'Mexico', 'México', '2000-01-01'), ('GTM', 'Guatemala', 'Guatemala', '2000-01-01')`);
    await db.query(`INSERT INTO donors (code, name) VALUES ('USA', 'United States')`);
    await db.query(`INSERT INTO grants (code, donor_code, title, amount, currency, rate, amount_base, signed_on, purpose,
      implementing_partner, kind) VALUES ('USA-2004-TRAFFICKING', 'USA', 'Awareness campaign', 250000.00, 'USD', 1, 250000.00,
      '2004-12-01', 'Risks of migrant smuggling and trafficking in persons', 'IOM', 'restricted')`);
    const post = (date: string, description: string, lines: object[]) =>
      t.as('secretariat').post('/v1/journal-entries', { date, description, lines }).expect(201);
    await post('2005-01-03', TRICKY_DESCRIPTION, [
      { account: '1010', fund: 'GEN', side: 'debit', amount: '400.00', currency: 'BZD', rate: '0.5' },
      { account: '1100', fund: 'GEN', side: 'credit', amount: '200.00', member: 'MEX' },
    ]);
    await post('2005-02-10', 'Yen receipt', [
      { account: '1010', fund: 'RES', side: 'debit', amount: '150000', currency: 'JPY', rate: '0.0091' },
      { account: '4300', fund: 'RES', side: 'credit', amount: '1365.00', grant: 'USA-2004-TRAFFICKING' },
    ]);
    await t.app.get(BulkLoaderService).load(
      syntheticLedger({
        seed: 99,
        postings: SYNTHETIC_POSTINGS,
        members: ['MEX', 'GTM'],
        startDate: '2005-01-01',
        days: 730,
      }),
    );
    await post('2006-12-31', '=SUM(A1) stays text', [
      { account: '5100', fund: 'GEN', side: 'debit', amount: '0.01' },
      { account: '1010', fund: 'GEN', side: 'credit', amount: '0.01' },
    ]);
  }, 120_000);

  afterAll(async () => {
    await db.end();
    await t.close();
  });

  it("the CSV PostgreSQL writes (COPY) is byte for byte what the application's RFC 4180 formatter writes from the same rows", async () => {
    const copied = (await download('/v1/exports/general-ledger?format=csv').expect(200)).body as Buffer;
    const lines = ((await download('/v1/exports/general-ledger?format=jsonl').expect(200)).body as Buffer)
      .toString('utf8')
      .split('\n')
      .filter((l) => l !== '');
    const formatter = csvFormatter();
    const chunks: Buffer[] = [];
    formatter.on('data', (c: Buffer | string) => chunks.push(Buffer.from(c)));
    const ended = new Promise((resolve) => formatter.on('end', resolve));
    for (const line of lines) {
      const r = JSON.parse(line) as GlJsonRecord;
      formatter.write([String(r.sequence), r.entry_id, r.date, r.description, r.account, r.fund, r.side, r.amount, r.currency, r.rate, r.amount_base, r.member, r.grant, r.entry_hash]);
    }
    formatter.end();
    await ended;
    const formatted = Buffer.concat(chunks);
    expect(copied.toString('utf8')).toContain('"Contribución ""especial"", México\nsegunda línea"');
    expect(copied.equals(formatted)).toBe(true);
  });

  it('streams CSV with the exact header, one row per posting by sequence then line, amounts as stored', async () => {
    const res = await download('/v1/exports/general-ledger?from=2005-01-01&to=2006-12-31&format=csv').expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="general-ledger_2005-01-01_2006-12-31.csv"');
    expect(res.headers['cache-control']).toBe('no-store');
    const text = (res.body as Buffer).toString('utf8');
    expect(text.slice(0, text.indexOf('\n'))).toBe(HEADER);
    const [header, ...rows] = parseCsv(text, '\n');
    expect(header).toEqual(COLUMNS);
    expect(rows).toHaveLength(SYNTHETIC_POSTINGS + 6);
    expect(rows).toHaveLength(await postingsCount());

    // Hand-checked rows: the BZD line at its own amount and rate, the base amount beside it.
    expect(rows[0].slice(2)).toEqual([
      '2005-01-03',
      TRICKY_DESCRIPTION,
      '1010',
      'GEN',
      'debit',
      '400.00',
      'BZD',
      '0.5',
      '200.00',
      '',
      '',
      rows[0][13],
    ]);
    expect(rows[1].slice(4, 13)).toEqual(['1100', 'GEN', 'credit', '200.00', 'USD', '1', '200.00', 'MEX', '']);
    expect(rows[2].slice(4, 13)).toEqual(['1010', 'RES', 'debit', '150000', 'JPY', '0.0091', '1365.00', '', '']);
    expect(rows[3].slice(4, 13)).toEqual([
      '4300',
      'RES',
      'credit',
      '1365.00',
      'USD',
      '1',
      '1365.00',
      '',
      'USA-2004-TRAFFICKING',
    ]);
    const last = rows[rows.length - 1];
    // Text a spreadsheet would run gets one apostrophe in front (JSON lines and the sheet keep it raw).
    expect(last.slice(3, 8)).toEqual(["'=SUM(A1) stays text", '1010', 'GEN', 'credit', '0.01']);

    // Order: sequence then line; every row carries its entry's id and hash as stored.
    const stored = await db.query(
      `SELECT p.sequence::text, p.entry_id::text, e.hash FROM postings p JOIN journal_entries e ON e.id = p.entry_id ORDER BY p.sequence, p.line_no`,
    );
    expect(rows.map((r) => [r[0], r[1], r[13]])).toEqual(stored.rows.map((r) => [r.sequence, r.entry_id, r.hash]));
  });

  it('adds up, per account and fund, to the trial balance', async () => {
    const [, ...rows] = await csvRows();
    const net = new Map<string, InstanceType<typeof Dec>>();
    for (const r of rows) {
      const key = `${r[4]}/${r[5]}`;
      const amount = new Dec(r[10]);
      net.set(key, (net.get(key) ?? new Dec(0)).plus(r[6] === 'debit' ? amount : amount.negated()));
    }
    const fromCsv = [...net.entries()]
      .filter(([, n]) => !n.isZero())
      .map(([key, n]) => {
        const [account, fund] = key.split('/');
        return {
          account,
          fund,
          debit: n.gt(0) ? n.toFixed(2) : '0.00',
          credit: n.lt(0) ? n.negated().toFixed(2) : '0.00',
        };
      })
      .sort((a, b) => (a.account === b.account ? a.fund.localeCompare(b.fund) : a.account.localeCompare(b.account)));
    const tb = await t.as('auditor').get('/v1/reports/trial-balance?asOf=2999-12-31').expect(200);
    expect(fromCsv).toEqual(tb.body.rows);
    expect(fromCsv.length).toBeGreaterThan(20);
  });

  it('streams the same rows as JSON lines', async () => {
    const [, ...rows] = await csvRows();
    const res = await download('/v1/exports/general-ledger?format=jsonl').expect(200);
    expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="general-ledger_start_end.jsonl"');
    const text = (res.body as Buffer).toString('utf8');
    expect(text.endsWith('\n')).toBe(true);
    const records = text
      .slice(0, -1)
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(Object.keys(records[0])).toEqual(COLUMNS);
    expect(records[0]).toMatchObject({
      sequence: 1,
      amount: '400.00',
      rate: '0.5',
      amount_base: '200.00',
      member: null,
      grant: null,
    });
    const asCsv = (v: unknown): string =>
      typeof v === 'number' ? String(v) : typeof v === 'string' ? v : v === null ? '' : JSON.stringify(v);
    // The CSV's text fields read back to the raw text by the formula guard's rule.
    expect(records.map((r) => COLUMNS.map((c) => asCsv(r[c])))).toEqual(rows.map((r) => r.map(unguardFormula)));
  });

  it('streams the same rows as XLSX: numbers as numbers with a format, header row frozen', async () => {
    const [, ...rows] = await csvRows();
    const res = await download('/v1/exports/general-ledger?format=xlsx', 'admin').expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe('attachment; filename="general-ledger_start_end.xlsx"');
    const workbook = await workbookOf(res.body as Buffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe('General ledger');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(COLUMNS);
    expect(sheet.rowCount).toBe(rows.length + 1);

    const bzd = sheet.getRow(2);
    expect(bzd.getCell(8).value).toBe(400);
    expect(bzd.getCell(8).numFmt).toBe('#,##0.00');
    expect(bzd.getCell(10).value).toBe(0.5);
    expect(bzd.getCell(11).value).toBe(200);
    expect(bzd.getCell(11).numFmt).toBe('#,##0.00');
    expect(sheet.getRow(4).getCell(8).numFmt).toBe('#,##0'); // JPY has no minor unit
    expect(bzd.getCell(3).value).toEqual(new Date('2005-01-03T00:00:00Z'));

    const asText = (value: ExcelJS.CellValue): string => {
      if (value === null || value === undefined) return '';
      if (value instanceof Date) return value.toISOString().slice(0, 10);
      return typeof value === 'number' || typeof value === 'string' ? String(value) : JSON.stringify(value);
    };
    // Numeric columns compared as decimals (a cell holds 1250.5 for "1250.50"), the rest as text.
    const numeric = new Set([0, 7, 9, 10]);
    const normalise = (cells: string[]): string[] => cells.map((c, i) => (numeric.has(i) ? new Dec(c).toFixed() : c));
    const fromSheet: string[][] = [];
    const notNumbers: string[] = [];
    sheet.eachRow((row, rowNumber) => {
      if (rowNumber === 1) return;
      const values = COLUMNS.map((_, i) => row.getCell(i + 1).value);
      numeric.forEach((i) => typeof values[i] !== 'number' && notNumbers.push(`${rowNumber}:${i + 1}`));
      fromSheet.push(normalise(values.map(asText)));
    });
    expect(notNumbers).toEqual([]);
    expect(fromSheet).toEqual(rows.map((r) => normalise(r.map(unguardFormula))));
  });

  it('filters by value date, both ends included', async () => {
    const [, ...rows] = await csvRows('&from=2006-01-01&to=2006-06-30');
    expect(rows).toHaveLength(await postingsCount('2006-01-01', '2006-06-30'));
    expect(rows.length).toBeGreaterThan(1_000);
    expect(rows.every((r) => r[2] >= '2006-01-01' && r[2] <= '2006-06-30')).toBe(true);
    const sequences = rows.map((r) => Number(r[0]));
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));

    const oneDay = await csvRows('&from=2005-01-03&to=2005-01-03');
    expect(oneDay).toHaveLength((await postingsCount('2005-01-03', '2005-01-03')) + 1);
    expect(await csvRows('&from=1990-01-01&to=1990-12-31')).toEqual([COLUMNS]);
  });

  it('answers an empty range with an XLSX holding only the header', async () => {
    const res = await download('/v1/exports/general-ledger?format=xlsx&from=1990-01-01&to=1990-01-31').expect(200);
    const workbook = await workbookOf(res.body as Buffer);
    expect(workbook.worksheets[0].rowCount).toBe(1);
  });

  it.each(['secretariat', 'viewer'] as const)('refuses %s with 403', async (role) => {
    const res = await t.as(role).get('/v1/exports/general-ledger?format=csv').expect(403);
    expect(res.body.code).toBe('forbidden');
  });

  it('refuses a request without a token with 401', async () => {
    await request(t.http).get('/v1/exports/general-ledger').expect(401);
  });

  it.each([
    ['from=2005-13-01', 'from'],
    ['from=2005-02-30', 'from'],
    ['to=yesterday', 'to'],
    ['from=2006-01-02&to=2006-01-01', 'from'],
    ['format=pdf', 'format'],
    ['format=CSV', 'format'],
    ['from=2005-01-01&from=2005-02-01', 'from'],
    ['limit=10', 'limit'],
  ])('answers ?%s with 400 problem+json naming %s, before streaming', async (query, field) => {
    const res = await t.as('auditor').get(`/v1/exports/general-ledger?${query}`).expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['content-disposition']).toBeUndefined();
    expect(res.body.code).toBe('validation_failed');
    expect((res.body.errors as { field: string }[]).map((e) => e.field)).toContain(field);
  });

  it('releases its connection when the client hangs up mid-download', async () => {
    await until(poolIsIdle, 'the pool is idle before the test');
    const server = t.http as unknown as http.Server;
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve, reject) => {
      const req = http.get(
        {
          host: '127.0.0.1',
          port,
          path: '/v1/exports/general-ledger?format=csv',
          headers: { Authorization: `Bearer ${t.tokens.auditor}` },
        },
        (res) => {
          expect(res.statusCode).toBe(200);
          res.once('data', () => {
            expect(pool.totalCount - pool.idleCount).toBeGreaterThanOrEqual(1);
            req.destroy();
            resolve();
          });
        },
      );
      req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? undefined : reject(error)));
    });
    await until(poolIsIdle, 'the export connection is back in the pool');
    const open = await db.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
          AND (state LIKE 'idle in transaction%' OR (state = 'active' AND query LIKE '%FROM postings p%'))`,
    );
    expect(open.rows[0].n).toBe(0);
    // and the API still exports
    expect((await csvRows('&from=2005-01-03&to=2005-01-03')).length).toBeGreaterThan(1);
  });

  it('releases its connection, and does not end the file as if complete, when the database drops it mid-stream', async () => {
    await until(poolIsIdle, 'the pool is idle before the test');
    const server = t.http as unknown as http.Server;
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const outcome = await new Promise<{ complete: boolean; bytes: number }>((resolve) => {
      const req = http.get(
        {
          host: '127.0.0.1',
          port,
          path: '/v1/exports/general-ledger?format=jsonl',
          headers: { Authorization: `Bearer ${t.tokens.auditor}` },
        },
        (res) => {
          let bytes = 0;
          res.once('data', (chunk: Buffer) => {
            bytes += chunk.length;
            res.pause();
            void db
              .query(
                `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                  WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE '%FROM postings p%'`,
              )
              .then(() => res.resume());
          });
          res.on('data', (chunk: Buffer) => (bytes += chunk.length));
          res.on('end', () => resolve({ complete: res.complete, bytes }));
          res.on('error', () => resolve({ complete: false, bytes }));
          res.on('aborted', () => resolve({ complete: false, bytes }));
        },
      );
      req.on('error', () => resolve({ complete: false, bytes: 0 }));
    });
    expect(outcome.complete).toBe(false);
    await until(poolIsIdle, 'the broken connection has left the pool');
    expect((await csvRows('&from=2005-01-03&to=2005-01-03')).length).toBeGreaterThan(1);
  });

  it(`runs at most ${MAX_CONCURRENT_EXPORTS} exports at once (each pins a connection), answering 429 beyond`, async () => {
    await until(poolIsIdle, 'the pool is idle before the test');
    const service = t.app.get(GeneralLedgerService);
    const open = await Promise.all(Array.from({ length: MAX_CONCURRENT_EXPORTS }, () => service.open({}, 'csv')));
    const refused = await t.as('auditor').get('/v1/exports/general-ledger').expect(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body.code).toBe('rate_limited');
    for (const file of open) file.stream.destroy();
    await Promise.all(open.map((file) => file.done.catch(() => undefined)));
    await until(poolIsIdle, 'the exports released their connections');
    expect((await csvRows('&from=2005-01-03&to=2005-01-03')).length).toBeGreaterThan(1);
  });

  it('leaves the ledger sound', async () => {
    await expectLedgerSound(t);
  });
});
