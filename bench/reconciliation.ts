/**
 * Import + auto-match of a 100,000-line CSV bank statement.
 *
 *   npm run bench -- reconciliation [--quick]      (or standalone: npx ts-node bench/reconciliation.ts)
 *
 * On a fresh database on BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432): runs the
 * migrations, boots the real API in this process (same factory as production) on BENCH_PORT, and
 * writes the ledger side with plain service calls — LedgerService.post, no SQL — one multi-line
 * entry per day (≤ 400 bank postings tagged with the bank account, plus one balancing line) and
 * one small entry per split receipt. Then it times, over HTTP:
 *   1. POST /v1/bank-accounts/OPERATING/statements (multipart upload of the generated CSV);
 *   2. POST /v1/bank-accounts/OPERATING/auto-match;
 *   3. the same upload again (every line a duplicate);
 *   4. GET /v1/reports/bank-reconciliation and GET /v1/reports/reconciliation;
 * and, for the CLI path, StatementImportService.importStatementFile from disk into a second bank
 * account (`--quick` stops after step 2). The raw-PostgreSQL reference of the same run: the same
 * CSV copied by `COPY … FROM STDIN (FORMAT csv, HEADER)` into a plain table of the four columns.
 * Headlines: `reconciliation_100k_s` = import + auto-match seconds, then `reconciliation_raw_copy_s`.
 * BENCH_LINES (100000) sets the size; BENCH_KEEP_DB=1 keeps the database.
 *
 * The statement (amounts unique by construction, all within the ±5-day window of their posting):
 *   97% lines with one ledger posting 0–3 days earlier (amount-date matches);
 *   1% lines that are the sum of two ledger postings carrying the line's reference (one-to-many);
 *   0.5% bank-only lines (charges) that stay unmatched; the rest are ordinary lines as above.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { TokensService } from '@app/auth';
import { Dec, loadConfig } from '@app/common';
import { runMigrations } from '@app/database';
import { BankAccountsService, LedgerService, PostingLine } from '@app/ledger';
import { StatementImportService } from '@app/reconciliation';
import { createApp } from '../apps/api/src/app.factory';
import { BenchOptions, cleanUp, createDatabase, figure, headline, loadLine, withClient } from './support/harness';

const LINES = Number(process.env.BENCH_LINES ?? 100_000);
const PORT = Number(process.env.BENCH_PORT ?? 3918);
const MAX_BANK_LINES_PER_ENTRY = 400;
const DAYS = 366; // 2024

const dateOf = (day: number): string => new Date(Date.UTC(2024, 0, 1 + day)).toISOString().slice(0, 10);
/** Cents as a decimal string (the generator counts in integer cents; Dec formats them). */
const money = (cents: number): string => new Dec(cents).div(100).toFixed(2);

type Kind = 'normal' | 'split' | 'bank-only';
interface GeneratedLine {
  i: number;
  day: number;
  out: boolean;
  cents: number;
  kind: Kind;
}

function generate(n: number): GeneratedLine[] {
  const lines: GeneratedLine[] = [];
  for (let i = 0; i < n; i++) {
    const kind: Kind = i % 100 === 7 ? 'split' : i % 200 === 13 ? 'bank-only' : 'normal';
    // Even and unique: no two lines share an amount, and split parts (odd) never equal a line.
    lines.push({ i, day: Math.floor((i * DAYS) / n), out: i % 3 === 0, cents: 1_000 + i * 14, kind });
  }
  return lines;
}

async function writeCsv(file: string, lines: GeneratedLine[]): Promise<{ net: number }> {
  const out = createWriteStream(file);
  let net = 0;
  out.write('date,amount,reference,description\n');
  for (const l of lines) {
    net += l.out ? -l.cents : l.cents;
    const reference = l.kind === 'split' ? `SPLIT-${l.i}` : l.kind === 'bank-only' ? `FEE-${l.i}` : `TRF-${l.i}`;
    const description = l.kind === 'bank-only' ? 'Bank charge' : `"Transfer ${l.i}, batch ${l.day}"`;
    if (!out.write(`${dateOf(l.day)},${l.out ? '-' : ''}${money(l.cents)},${reference},${description}\n`))
      await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { net };
}

/** The ledger side, through LedgerService.post only. Returns the number of entries and postings. */
async function postLedger(
  ledger: LedgerService,
  lines: GeneratedLine[],
): Promise<{ entries: number; postings: number }> {
  const bank = (out: boolean, cents: number): PostingLine => ({
    account: '1010',
    fund: 'GEN',
    side: out ? 'credit' : 'debit',
    amount: new Dec(money(cents)),
    bankAccount: 'OPERATING',
  });
  const byDay = new Map<number, GeneratedLine[]>();
  let entries = 0;
  let postings = 0;
  for (const l of lines) {
    if (l.kind === 'bank-only') continue;
    if (l.kind === 'split') {
      const a = Math.floor((l.cents * 2) / 5) | 1; // odd
      const b = l.cents - a; // odd too (even − odd)
      const date = dateOf(Math.max(0, l.day - 1));
      await ledger.post({
        date,
        description: `Split receipt ${l.i}`,
        source: 'manual',
        metadata: { reference: `SPLIT-${l.i}` },
        lines: [
          bank(l.out, a),
          bank(l.out, b),
          { ...bank(!l.out, l.cents), account: l.out ? '5900' : '4900', bankAccount: undefined },
        ],
      });
      entries++;
      postings += 3;
      continue;
    }
    const day = Math.max(0, l.day - (l.i % 4));
    const list = byDay.get(day) ?? [];
    list.push(l);
    byDay.set(day, list);
  }
  for (const [day, dayLines] of [...byDay.entries()].sort((x, y) => x[0] - y[0])) {
    for (let start = 0; start < dayLines.length; start += MAX_BANK_LINES_PER_ENTRY) {
      const chunk = dayLines.slice(start, start + MAX_BANK_LINES_PER_ENTRY);
      const postingLines = chunk.map((l) => bank(l.out, l.cents));
      const netCents = chunk.reduce((s, l) => s + (l.out ? -l.cents : l.cents), 0);
      if (netCents > 0)
        postingLines.push({ account: '4900', fund: 'GEN', side: 'credit', amount: new Dec(money(netCents)) });
      if (netCents < 0)
        postingLines.push({ account: '5900', fund: 'GEN', side: 'debit', amount: new Dec(money(-netCents)) });
      await ledger.post({
        date: dateOf(day),
        description: `Bank movements of ${dateOf(day)}`,
        source: 'manual',
        lines: postingLines,
      });
      entries++;
      postings += postingLines.length;
    }
  }
  return { entries, postings };
}

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = process.hrtime.bigint();
  const result = await work();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  figure(`  ${label.padEnd(48)} ${(ms / 1000).toFixed(2).padStart(8)} s`);
  lastSeconds = ms / 1000;
  return result;
}
let lastSeconds = NaN;

/** The reference: the same CSV copied into a plain table by PostgreSQL alone. Seconds. */
async function rawCopySeconds(url: string, csv: string): Promise<number> {
  return withClient(url, async (client) => {
    await client.query('CREATE TABLE bench_raw_statement (date date, amount numeric, reference text, description text)');
    const started = process.hrtime.bigint();
    await pipeline(
      createReadStream(csv),
      client.query(copyFrom('COPY bench_raw_statement FROM STDIN (FORMAT csv, HEADER)')),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await client.query('DROP TABLE bench_raw_statement');
    return seconds;
  });
}

export async function reconciliationBenchmark(options: BenchOptions): Promise<void> {
  figure(`== reconciliation: import + auto-match of a ${LINES}-line CSV statement ==`);
  figure(`started ${new Date().toISOString()}, ${loadLine()}`);
  const database = await createDatabase('bench_recon', options);
  const url = database.url;
  figure(`database ${url}`);
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-recon-'));
  await runMigrations(url);
  const app = await createApp({ ...loadConfig({}), logLevel: 'warn', rateLimitPerMinute: 0, databaseUrl: url });
  try {
    await app.listen(PORT, '127.0.0.1');
    const token = (await app.get(TokensService).issue('bench', 'secretariat')).token;
    const call = async (method: string, route: string, body?: FormData, headers: Record<string, string> = {}) => {
      const res = await fetch(`http://127.0.0.1:${PORT}${route}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, ...headers },
        body,
      });
      const json: unknown = await res.json();
      if (res.status >= 300) throw new Error(`${method} ${route} → ${res.status} ${JSON.stringify(json)}`);
      return json as Record<string, unknown>;
    };

    const lines = generate(LINES);
    const csv = path.join(dir, 'statement.csv');
    const { net } = await writeCsv(csv, lines);
    const bytes = (await readFile(csv)).length;
    figure(`statement file ${csv}: ${(bytes / 1e6).toFixed(1)} MB`);
    figure('');
    figure('setup (not the measure)');
    const ledger = app.get(LedgerService);
    const posted = await timed('ledger postings via LedgerService.post', () => postLedger(ledger, lines));
    figure(`  ${posted.entries} entries, ${posted.postings} postings`);
    await withClient(url, (c) => c.query('VACUUM ANALYZE'));
    figure('');
    figure('measure');
    const copySeconds = await rawCopySeconds(url, csv);
    figure(`  ${'reference: COPY of the same CSV (plain table)'.padEnd(48)} ${copySeconds.toFixed(2).padStart(8)} s`);

    const upload = async (): Promise<Record<string, unknown>> => {
      const form = new FormData();
      form.set('format', 'csv');
      form.set('openingBalance', '0.00');
      form.set('closingBalance', money(net));
      form.set('file', new Blob([await readFile(csv)]), 'statement.csv');
      return call('POST', '/v1/bank-accounts/OPERATING/statements', form);
    };
    const rssBefore = process.memoryUsage().rss;
    const imported = await timed('import (HTTP upload, streamed parse, dedup)', upload);
    const importSeconds = lastSeconds;
    const rssAfter = process.memoryUsage().rss;
    const matched = await timed('auto-match (HTTP)', () => call('POST', '/v1/bank-accounts/OPERATING/auto-match'));
    const matchSeconds = lastSeconds;
    const total = importSeconds + matchSeconds;
    const pick = (o: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, o[k]]));
    figure('');
    figure(
      `import        ${JSON.stringify(pick(imported, ['lines', 'duplicates', 'linesRead']))}  rss ${(rssBefore / 1e6).toFixed(0)} → ${(rssAfter / 1e6).toFixed(0)} MB`,
    );
    figure(`auto-match    ${JSON.stringify(matched)}`);
    if (options.quick) {
      figure(`finished ${new Date().toISOString()}, ${loadLine()}`);
      figure(`import + auto-match ${total.toFixed(2)} s = ${(total / copySeconds).toFixed(1)} × the raw COPY of the lines`);
      headline('reconciliation_100k_s', total, 2);
      headline('reconciliation_raw_copy_s', copySeconds, 2);
      return;
    }
    const again = await timed('re-import of the same file (all duplicates)', upload);
    const report = await timed('bank reconciliation report', () =>
      call('GET', '/v1/reports/bank-reconciliation?bankAccount=OPERATING&asOf=2024-12-31'),
    );
    const checks = await timed('register checks (incl. hash chain)', () =>
      call('GET', '/v1/reports/reconciliation?asOf=2024-12-31'),
    );

    await app
      .get(BankAccountsService)
      .create({ code: 'CLI', name: 'CLI path', currency: 'USD', ledgerAccount: '1010' });
    let progressCalls = 0;
    const cli = await timed('import via importStatementFile (CLI path)', () =>
      app.get(StatementImportService).importStatementFile('CLI', csv, 'csv', () => progressCalls++),
    );

    figure(`re-import     ${JSON.stringify(pick(again, ['lines', 'duplicates']))}`);
    figure(
      `report        ${JSON.stringify(pick(report, ['statementBalance', 'ledgerBalance', 'unmatchedStatementTotal', 'unmatchedLedgerTotal', 'difference', 'staleItems', 'reconciled', 'counts']))}`,
    );
    figure(
      `checks        ok=${String(checks.ok)} ${JSON.stringify((checks.checks as { name: string; ok: boolean }[]).map((c) => `${c.name}:${c.ok}`))}`,
    );
    figure(`cli import    lines ${cli.lines}, duplicates ${cli.duplicates}, progress callbacks ${progressCalls}`);
    figure(`finished ${new Date().toISOString()}, ${loadLine()}`);
    figure(`import + auto-match ${total.toFixed(2)} s = ${(total / copySeconds).toFixed(1)} × the raw COPY of the lines`);
    headline('reconciliation_100k_s', total, 2);
    headline('reconciliation_raw_copy_s', copySeconds, 2);
  } finally {
    await app.close();
    await rm(dir, { recursive: true, force: true });
    await database.drop();
  }
}

if (require.main === module) {
  const options: BenchOptions = { quick: process.argv.includes('--quick'), keep: process.env.BENCH_KEEP_DB === '1' };
  reconciliationBenchmark(options)
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    })
    .finally(() => void cleanUp());
}
