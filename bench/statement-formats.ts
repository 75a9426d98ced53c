/**
 * Import of a bank statement of 100,000 lines in every format the reconciliation reads.
 *
 *   node --expose-gc -r ts-node/register -r tsconfig-paths/register bench/statement-formats.ts
 *
 * On a fresh database on BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432): runs the
 * migrations, builds the application in this process (same factory as production, not listening),
 * writes one file per format into a temporary folder, and times
 * StatementImportService.importStatementFile (the CLI's path: the whole file read and checked, its
 * lines staged on disk, then copied into PostgreSQL and stored in one transaction) into a bank
 * account of its own, then the same file again
 * (every line a duplicate). For each import it samples this process's live heap (after a forced
 * GC) and RSS every 250 ms and prints the peak growth over the figures before it, so a parser that
 * held the file whole would show it. The import time includes the check of the whole file that
 * runs before the import's transaction (the one read of the file, as an upload has). MT940 and the
 * CSV read by a profile are also run at a quarter of the size: their memory should not grow with
 * the file.
 *
 * Files (BENCH_LINES, default 100,000 lines each):
 *   csv          the product's layout (date,amount,reference,description)
 *   csv-profile  a Spanish bank's export: ';', decimal commas, Windows-1252, debit/credit, balance
 *   xlsx         the same columns in a workbook (exceljs streaming writer), read by the profile
 *   mt940        statements of 500 :61:/:86: lines each, CRLF, SWIFT blocks
 *   camt053      one statement of minimal entries (the format is parsed whole: 16 MiB at most)
 * BENCH_KEEP_DB=1 keeps the database.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as iconv from 'iconv-lite';
import { Client } from 'pg';
import { Dec, loadConfig } from '@app/common';
import { runMigrations } from '@app/database';
import { BankAccountsService, ChartService } from '@app/ledger';
import { BankAccountSettingsService, CsvProfile, StatementFormat, StatementImportService } from '@app/reconciliation';
import { createApp } from '../apps/api/src/app.factory';

const SERVER = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const LINES = Number(process.env.BENCH_LINES ?? 100_000);

const PROFILE: CsvProfile = {
  delimiter: ';',
  decimalSeparator: ',',
  thousandsSeparator: '.',
  dateFormat: 'DD/MM/YYYY',
  encoding: 'windows-1252',
  skipRows: 2,
  columns: {
    date: 'Fecha',
    description: 'Concepto',
    reference: 'Referencia',
    debit: 'Débito',
    credit: 'Crédito',
    balance: 'Saldo',
  },
};

const urlOf = (database: string): string => {
  const url = new URL(SERVER);
  url.pathname = `/${database}`;
  return url.toString();
};

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: urlOf('postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Line i of every file: its day (500 lines a day), direction and amount in cents (unique by construction). */
const lineOf = (i: number) => ({
  day: Math.floor(i / 500),
  out: i % 3 === 0,
  cents: 1_000 + i * 14,
});
const date = (day: number): Date => new Date(Date.UTC(2024, 0, 1 + day));
const iso = (day: number): string => date(day).toISOString().slice(0, 10);
const dmy = (day: number): string => {
  const d = date(day);
  return `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
};
const yymmdd = (day: number): string => iso(day).slice(2).replace(/-/g, '');
const dot = (cents: number): string => new Dec(cents).div(100).toFixed(2);
const comma = (cents: number): string => dot(cents).replace('.', ',');
/** 1.234,56 */
const grouped = (cents: number): string => {
  const [int, frac] = dot(Math.abs(cents)).split('.');
  return `${cents < 0 ? '-' : ''}${int.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${frac}`;
};

async function writeLines(
  file: string,
  lines: Iterable<string>,
  encode: (s: string) => Buffer = (s) => Buffer.from(s),
): Promise<void> {
  const out = createWriteStream(file);
  let buffer = '';
  for (const line of lines) {
    buffer += line;
    if (buffer.length > 1 << 16) {
      if (!out.write(encode(buffer))) await once(out, 'drain');
      buffer = '';
    }
  }
  out.write(encode(buffer));
  out.end();
  await once(out, 'finish');
}

function* csvLines(n: number): Generator<string> {
  yield 'date,amount,reference,description\n';
  for (let i = 0; i < n; i++) {
    const l = lineOf(i);
    yield `${iso(l.day)},${l.out ? '-' : ''}${dot(l.cents)},TRF-${i},"Transfer ${i}, day ${l.day}"\n`;
  }
}

const OPENING_CENTS = 100_000_000;

function* profileCsvLines(n: number): Generator<string> {
  yield 'Banco Centroamericano de Fomento;;;;;;\r\nMovimientos de la cuenta;;;;;;\r\n';
  yield 'Fecha;Fecha valor;Concepto;Referencia;Débito;Crédito;Saldo\r\n';
  let balance = OPENING_CENTS;
  for (let i = 0; i < n; i++) {
    const l = lineOf(i);
    balance += l.out ? -l.cents : l.cents;
    const amounts = l.out ? `${grouped(l.cents)};` : `;${grouped(l.cents)}`;
    yield `${dmy(l.day)};${dmy(l.day)};Transferencia n.º ${i} — año 2024;TRF-${i};${amounts};${grouped(balance)}\r\n`;
  }
}

function* mt940Lines(n: number): Generator<string> {
  let balance = OPENING_CENTS;
  for (let start = 0; start < n; start += 500) {
    const day = lineOf(start).day;
    yield `{1:F01BISTCRSJAXXX0000000000}{2:I940TSCRMXXXXN}{4:\r\n:20:940-${start}\r\n:25:CR05015202001026284066USD\r\n`;
    yield `:28C:${String(start / 500 + 1).padStart(5, '0')}/1\r\n:60F:C${yymmdd(Math.max(day - 1, 0))}USD${comma(balance)}\r\n`;
    for (let i = start; i < Math.min(start + 500, n); i++) {
      const l = lineOf(i);
      balance += l.out ? -l.cents : l.cents;
      const mmdd = yymmdd(l.day).slice(2);
      yield `:61:${yymmdd(l.day)}${mmdd}${l.out ? 'D' : 'C'}${comma(l.cents)}NTRFTRF-${i}//BI${i}\r\n`;
      yield `:86:/EREF/TRF-${i}/NAME/ORDENANTE ${i}/REMI/TRANSFERENCIA NUMERO ${i} DEL DIA ${l.day}\r\n`;
    }
    yield `:62F:C${yymmdd(day)}USD${comma(balance)}\r\n-}\r\n`;
  }
}

function* camtLines(n: number): Generator<string> {
  let net = 0;
  for (let i = 0; i < n; i++) net += lineOf(i).out ? -lineOf(i).cents : lineOf(i).cents;
  const bal = (code: string, cents: number) =>
    `<Bal><Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp><Amt Ccy="USD">${dot(Math.abs(cents))}</Amt><CdtDbtInd>${cents < 0 ? 'DBIT' : 'CRDT'}</CdtDbtInd><Dt><Dt>2024-01-01</Dt></Dt></Bal>`;
  yield '<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>';
  yield '<GrpHdr><MsgId>BENCH</MsgId></GrpHdr><Stmt><Id>BENCH-1</Id><Acct><Id><Othr><Id>BENCH</Id></Othr></Id><Ccy>USD</Ccy></Acct>';
  yield bal('OPBD', OPENING_CENTS) + bal('CLBD', OPENING_CENTS + net) + '\n';
  for (let i = 0; i < n; i++) {
    const l = lineOf(i);
    yield `<Ntry><Amt Ccy="USD">${dot(l.cents)}</Amt><CdtDbtInd>${l.out ? 'DBIT' : 'CRDT'}</CdtDbtInd><BookgDt><Dt>${iso(l.day)}</Dt></BookgDt><AcctSvcrRef>B${i}</AcctSvcrRef></Ntry>\n`;
  }
  yield '</Stmt></BkToCstmrStmt></Document>\n';
}

async function writeXlsx(file: string, n: number): Promise<void> {
  const ExcelJS = await import('exceljs');
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: true });
  const sheet = book.addWorksheet('Movimientos');
  sheet.addRow(['Banco Centroamericano de Fomento']).commit();
  sheet.addRow(['Movimientos de la cuenta']).commit();
  sheet.addRow(['Fecha', 'Fecha valor', 'Concepto', 'Referencia', 'Débito', 'Crédito', 'Saldo']).commit();
  let balance = OPENING_CENTS;
  for (let i = 0; i < n; i++) {
    const l = lineOf(i);
    balance += l.out ? -l.cents : l.cents;
    const amount = Number(dot(l.cents));
    const row = sheet.addRow([
      date(l.day),
      date(l.day),
      `Transferencia n.º ${i}`,
      `TRF-${i}`,
      l.out ? amount : null,
      l.out ? null : amount,
      Number(dot(balance)),
    ]);
    row.getCell(1).numFmt = 'dd/mm/yyyy';
    row.getCell(2).numFmt = 'dd/mm/yyyy';
    row.commit();
  }
  sheet.commit();
  await book.commit();
}

interface Measure {
  seconds: number;
  liveHeapPeakMb: number;
  rssPeakMb: number;
  lines: number;
  duplicates: number;
}

/**
 * Runs `work` sampling this process every 250 ms: the live heap (after a forced GC, so garbage
 * not yet collected does not count: what the import holds) and RSS, as peaks over the figures
 * just before it. Needs --expose-gc for the live heap; without it the heap figure includes garbage.
 */
async function measured(work: () => Promise<{ lines: number; duplicates: number }>): Promise<Measure> {
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  gc();
  const base = process.memoryUsage();
  let heapPeak = base.heapUsed;
  let rssPeak = base.rss;
  const timer = setInterval(() => {
    gc();
    const m = process.memoryUsage();
    heapPeak = Math.max(heapPeak, m.heapUsed);
    rssPeak = Math.max(rssPeak, m.rss);
  }, 250);
  const started = process.hrtime.bigint();
  try {
    const result = await work();
    return {
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
      liveHeapPeakMb: (heapPeak - base.heapUsed) / 1e6,
      rssPeakMb: (rssPeak - base.rss) / 1e6,
      ...result,
    };
  } finally {
    clearInterval(timer);
  }
}

async function main(): Promise<void> {
  const database = `bench_formats_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE "${database}"`));
  const url = urlOf(database);
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-formats-'));
  process.stdout.write(`database ${url}, ${LINES} lines per file, files in ${dir}\n`);
  if (!(globalThis as { gc?: unknown }).gc)
    process.stdout.write('(run with --expose-gc for steadier memory figures)\n');
  await runMigrations(url);
  const app = await createApp({ ...loadConfig({}), logLevel: 'warn', rateLimitPerMinute: 0, databaseUrl: url });
  try {
    await app.init();
    const chart = app.get(ChartService);
    const accounts = app.get(BankAccountsService);
    const settings = app.get(BankAccountSettingsService);
    const imports = app.get(StatementImportService);

    const quarter = Math.floor(LINES / 4);
    const runs: {
      name: string;
      format: StatementFormat;
      lines: number;
      write: (file: string) => Promise<void>;
      profile?: boolean;
      number?: string;
    }[] = [
      { name: 'csv', format: 'csv', lines: LINES, write: (f) => writeLines(f, csvLines(LINES)) },
      {
        name: 'csv-profile (¼)',
        format: 'csv',
        lines: quarter,
        profile: true,
        write: (f) => writeLines(f, profileCsvLines(quarter), (s) => iconv.encode(s, 'windows-1252')),
      },
      {
        name: 'csv-profile',
        format: 'csv',
        lines: LINES,
        profile: true,
        write: (f) => writeLines(f, profileCsvLines(LINES), (s) => iconv.encode(s, 'windows-1252')),
      },
      { name: 'xlsx', format: 'xlsx', lines: LINES, profile: true, write: (f) => writeXlsx(f, LINES) },
      {
        name: 'mt940 (¼)',
        format: 'mt940',
        lines: quarter,
        number: 'CR05 0152 0200 1026 2840 66',
        write: (f) => writeLines(f, mt940Lines(quarter)),
      },
      {
        name: 'mt940',
        format: 'mt940',
        lines: LINES,
        number: 'CR05 0152 0200 1026 2840 66',
        write: (f) => writeLines(f, mt940Lines(LINES)),
      },
      { name: 'camt053', format: 'camt053', lines: LINES, write: (f) => writeLines(f, camtLines(LINES)) },
    ];

    const rows: string[] = [];
    for (const [k, run] of runs.entries()) {
      const code = `BENCH-${k + 1}`;
      const ledgerAccount = `19${String(k + 1).padStart(2, '0')}`;
      await chart.createAccount({ code: ledgerAccount, name: `Bank — ${run.name}`, type: 'asset' });
      await accounts.create({ code, name: run.name, currency: 'USD', ledgerAccount, accountNumber: run.number });
      if (run.profile) await settings.update(code, { csvProfile: PROFILE });
      const file = path.join(
        dir,
        `${k + 1}.${run.format === 'camt053' ? 'xml' : run.format === 'mt940' ? 'sta' : run.format}`,
      );
      await run.write(file);
      const mb = (await stat(file)).size / 1e6;
      const first = await measured(() => imports.importStatementFile(code, file, run.format));
      const again = await measured(() => imports.importStatementFile(code, file, run.format));
      if (first.lines !== run.lines || again.duplicates !== run.lines) {
        throw new Error(
          `${run.name}: ${first.lines} stored, then ${again.duplicates} duplicates; expected ${run.lines}`,
        );
      }
      rows.push(
        `| ${run.name.padEnd(16)} | ${String(run.lines).padStart(7)} | ${mb.toFixed(1).padStart(5)} | ${first.seconds.toFixed(2).padStart(6)} | ` +
          `${again.seconds.toFixed(2).padStart(6)} | ${first.liveHeapPeakMb.toFixed(0).padStart(5)} | ${first.rssPeakMb.toFixed(0).padStart(5)} |`,
      );
      process.stdout.write(`${rows[rows.length - 1]}\n`);
    }
    process.stdout.write(
      `\n| format           |   lines |    MB | import s | re-import s | live heap peak +MB | RSS peak +MB |\n|---|---|---|---|---|---|---|\n${rows.join('\n')}\n`,
    );
  } finally {
    await app.close();
    await rm(dir, { recursive: true, force: true });
    if (process.env.BENCH_KEEP_DB !== '1')
      await admin((c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
