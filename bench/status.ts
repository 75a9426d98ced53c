/**
 * `status`: time of GET /v1/reports/status-of-contributions on 200 members × 30 fiscal years
 * (`--quick`: 200 × 10).
 *
 *   npm run bench -- status [--quick]      (or standalone: npx ts-node bench/status.ts)
 *
 * Creates a fresh database on BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432), runs the
 * migrations, boots the application in this process and fills it through the domain services
 * (the same code as the API, without HTTP): BENCH_MEMBERS (200) members, BENCH_YEARS (30)
 * budgets assessed one after the other, and for most member-years two or three payments (some
 * members fall into arrears and catch up later, some overpay into an advance). Each fiscal year's
 * payments are recorded inside one transaction (PaymentsService.record joins it), which writes
 * the same rows as one transaction per payment, without one commit per payment.
 * Then the API is started as its own process and the report is timed over HTTP BENCH_RUNS times
 * (after one warm-up) at the last year-end and at a date half-way. The reference is the
 * report's own SQL (ReportsRepository, in one REPEATABLE READ snapshot) run through a bare pg
 * client: the API's time above it is the application's work (JavaScript, JSON, HTTP).
 * The same SQL summed from the register (as the report read it before the member-year figures
 * were maintained) is timed too, and the PDF of the report.
 * Headlines: status_ms = the API's median at the last year-end (JSON), status_pdf_ms = the same
 * for format=pdf. The database is dropped at the end
 * (BENCH_KEEP_DB=1 keeps it; BENCH_DB=<name> times the report on a database kept from an earlier
 * run, without seeding it again).
 */
import * as countries from 'i18n-iso-countries';
import { EntityManager } from 'typeorm';
import { Dec, loadConfig, minorUnits } from '@app/common';
import { AssessmentsService, BudgetsService, MembersService, PaymentsService } from '@app/contributions';
import { runMigrations, TransactionRunner } from '@app/database';
import { fiscalPosition, fiscalYearBounds, Policies } from '@app/ledger';
import { createApp } from '../apps/api/src/app.factory';
import { memberYears, ReportsRepository } from '../libs/contributions/src/reports/reports.repository';
import { issueToken, request, startApi } from './support/api-process';
import {
  BenchOptions,
  cleanUp,
  createDatabase,
  elapsedMs,
  figure,
  fmtMs,
  headline,
  loadLine,
  log,
  median,
  timeRuns,
  urlOf,
  withClient,
} from './support/harness';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 200);
/** Fiscal years: 30 (`--quick`: 10, as seeding 30 through the services takes ~5 min on a busy 2-core machine). */
const yearsOf = (options: BenchOptions): number => Number(process.env.BENCH_YEARS ?? (options.quick ? 10 : 30));
const FIRST_YEAR = 1995;

export async function seed(url: string, codes: string[], years: number): Promise<void> {
  const app = await createApp({ ...loadConfig({}), logLevel: 'silent', rateLimitPerMinute: 0, databaseUrl: url });
  await app.init();
  try {
    const members = app.get(MembersService);
    const budgets = app.get(BudgetsService);
    const assessments = app.get(AssessmentsService);
    const payments = app.get(PaymentsService);
    const db = app.get(TransactionRunner);
    for (const code of codes) await members.create({ code, name: `Member ${code}`, joinedOn: '1990-01-01' });

    // Equal shares would not add up to 100 with 4 decimals for every count; fixed amounts always do.
    const each = new Dec('5000.00');
    const total = each.times(codes.length).toFixed(2);
    const started = process.hrtime.bigint();
    let recorded = 0;
    for (let k = 0; k < years; k++) {
      const year = FIRST_YEAR + k;
      await budgets.create({
        fiscalYear: year,
        total,
        currency: 'USD',
        approval: { meeting: `Meeting ${year - 1}`, date: `${year - 1}-11-30`, reference: `DEC-${year}` },
        lines: [
          { code: 'PERSONNEL', name: 'Personnel', amount: each.times(codes.length).times('0.6').toFixed(2) },
          { code: 'MEETINGS', name: 'Meetings', amount: each.times(codes.length).times('0.4').toFixed(2) },
        ],
        scale: codes.map((member) => ({ member, amount: each.toFixed(2) })),
      });
      await assessments.assess(year, undefined);

      const queue = codes.map((member, i): { member: string; parts: [string, string][] } => {
        // 0: pays nothing this year (arrears); 1: pays double (catches up, or an advance);
        // 2: overpays by 10 %; otherwise 60 % early (within 30 days for a third) and 40 % in September.
        const kind = (i + k) % 10;
        if (kind === 0) return { member, parts: [] };
        if (kind === 1)
          return {
            member,
            parts: [
              [`${year}-01-20`, '6000.00'],
              [`${year}-06-15`, '4000.00'],
            ],
          };
        if (kind === 2)
          return {
            member,
            parts: [
              [`${year}-03-15`, '3000.00'],
              [`${year}-09-15`, '2000.00'],
              [`${year}-12-01`, '500.00'],
            ],
          };
        return {
          member,
          parts: [
            [`${year}-${i % 3 === 0 ? '01-25' : '03-15'}`, '3000.00'],
            [`${year}-09-15`, '2000.00'],
          ],
        };
      });
      await db.run(async () => {
        for (const { member, parts } of queue) {
          for (const [receivedOn, amount] of parts) {
            await payments.record({
              member,
              amount,
              currency: 'USD',
              receivedOn,
              reference: `${member}-${receivedOn}`,
            });
            recorded += 1;
          }
        }
      });
      if ((k + 1) % 5 === 0 || k + 1 === years)
        log(`  seeded FY ${year}: ${recorded} payments in ${(elapsedMs(started) / 1000).toFixed(0)} s`);
    }
  } finally {
    await app.close();
  }
}

/**
 * The report's SQL alone, through a bare pg client, in one snapshot (as the service reads it):
 * from the maintained member-year figures (one row per member, its years in one string), or
 * (`fromRegister`) summed from the register joined with the journal, one row per member-year,
 * as the report read it before the figures were maintained. The rows counted are member totals
 * and member-years either way.
 */
async function rawReport(
  url: string,
  asOf: string,
  runs: number,
  fromRegister = false,
): Promise<{ ms: number[]; rows: number }> {
  const reports = new ReportsRepository();
  return withClient(url, async (c) => {
    const m = {
      query: async (sql: string, params?: unknown[]) => (await c.query(sql, params)).rows,
    } as unknown as EntityManager;
    const once = async (): Promise<number> => {
      await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        const policies = (await c.query<{ document: Policies }>('SELECT document FROM policies WHERE id = 1')).rows[0]
          .document;
        const year = fiscalPosition(asOf, policies.fiscalYearStartMonth).fiscalYear;
        const f = {
          asOf,
          scale: minorUnits(policies.baseCurrency),
          currentYear: year,
          standingYears: policies.standing.years,
        };
        const figures = fromRegister
          ? await reports.statusFiguresFromRegister(m, f)
          : (await reports.memberPositions(m, f)).flatMap((p) => [p, ...memberYears(p)]);
        if (fromRegister) await reports.receivedFromRegister(m, asOf);
        else
          await reports.received(m, {
            asOf,
            fiscalYear: year,
            startsOn: fiscalYearBounds(year, policies.fiscalYearStartMonth).startsOn,
          });
        await reports.members(m);
        await reports.exemptMembers(m, asOf, year);
        if (fromRegister) await reports.honourRollCandidatesFromRegister(m, asOf);
        else await reports.honourRollCandidates(m, asOf, policies.honourRollDays);
        return figures.length;
      } finally {
        await c.query('COMMIT');
      }
    };
    const { ms, last } = await timeRuns(runs, once);
    return { ms, rows: last };
  });
}

export async function statusBenchmark(options: BenchOptions): Promise<void> {
  const runs = Number(process.env.BENCH_RUNS ?? (options.quick ? 5 : 9));
  const reuse = process.env.BENCH_DB;
  const years = yearsOf(options);
  figure(`== status: GET /v1/reports/status-of-contributions, ${MEMBERS} members × ${years} fiscal years ==`);
  figure(`started ${new Date().toISOString()}, ${loadLine()}`);
  const db = reuse
    ? { name: reuse, url: urlOf(reuse), drop: async () => undefined }
    : await createDatabase('bench_status', options);
  if (!reuse) {
    await runMigrations(db.url);
    const codes = Object.keys(countries.getAlpha3Codes()).sort().slice(0, MEMBERS);
    const t = process.hrtime.bigint();
    log(`seeding ${codes.length} members × ${years} years through the services (one transaction per year's payments)`);
    await seed(db.url, codes, years);
    figure(`seeded in ${(elapsedMs(t) / 1000).toFixed(1)} s`);
    await withClient(db.url, (c) => c.query('VACUUM ANALYZE'));
  }
  const stored = await withClient(db.url, async (c) => {
    const { rows } =
      await c.query(`SELECT (SELECT count(*) FROM payments)::int AS payments, (SELECT count(*) FROM allocations)::int AS allocations,
      (SELECT count(*) FROM assessments)::int AS assessments, (SELECT count(*) FROM journal_entries)::int AS entries,
      (SELECT count(*) FROM postings)::int AS postings`);
    return rows[0] as Record<string, number>;
  });
  figure(`rows ${JSON.stringify(stored)}`);

  const api = await startApi(db.url);
  const viewer = await issueToken(api, 'bench viewer', 'viewer');
  const dates = [`${FIRST_YEAR + years - 1}-12-31`, `${FIRST_YEAR + Math.floor(years / 2)}-06-30`];
  let headlineMs = NaN;
  let pdfMs = NaN;
  figure();
  for (const asOf of dates) {
    let bytes = 0;
    let members = 0;
    const viaApi = await timeRuns(runs, async () => {
      const res = await request(api.port, 'GET', `/v1/reports/status-of-contributions?asOf=${asOf}`, viewer);
      if (res.status !== 200) throw new Error(`status ${res.status}: ${res.body.slice(0, 500)}`);
      bytes = res.body.length;
      members = (JSON.parse(res.body) as { members: unknown[] }).members.length;
    });
    const raw = await rawReport(db.url, asOf, runs);
    const register = await rawReport(db.url, asOf, runs, true);
    figure(
      `  asOf ${asOf}: ${members} members, ${(bytes / 1024).toFixed(0)} KiB   API median ${median(viaApi.ms).toFixed(0)} ms ` +
        `[${fmtMs(viaApi.ms)}]   its SQL alone median ${median(raw.ms).toFixed(0)} ms [${fmtMs(raw.ms)}] ` +
        `(${raw.rows} member/year rows)   API ÷ SQL ${(median(viaApi.ms) / median(raw.ms)).toFixed(2)}`,
    );
    figure(
      `    the same SQL summed from the register (no maintained figures) median ${median(register.ms).toFixed(0)} ms ` +
        `[${fmtMs(register.ms)}]   API ÷ that ${(median(viaApi.ms) / median(register.ms)).toFixed(2)}`,
    );
    let pdfBytes = 0;
    const pdf = await timeRuns(runs, async () => {
      const res = await request(api.port, 'GET', `/v1/reports/status-of-contributions?asOf=${asOf}&format=pdf`, viewer);
      if (res.status !== 200 || !res.body.startsWith('%PDF')) throw new Error(`PDF: status ${res.status}`);
      pdfBytes = res.body.length;
    });
    figure(`    PDF: median ${median(pdf.ms).toFixed(0)} ms [${fmtMs(pdf.ms)}], ${(pdfBytes / 1024).toFixed(0)} KiB`);
    if (Number.isNaN(headlineMs)) {
      headlineMs = median(viaApi.ms);
      pdfMs = median(pdf.ms);
    }
  }
  figure(`  finished ${new Date().toISOString()}, ${loadLine()}`);
  await api.stop();
  await db.drop();
  headline('status_ms', headlineMs, 0);
  headline('status_pdf_ms', pdfMs, 0);
}

if (require.main === module) {
  statusBenchmark({ quick: false, keep: process.env.BENCH_KEEP_DB === '1' })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    })
    .finally(() => void cleanUp());
}
