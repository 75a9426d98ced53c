/**
 * `trial-balance`: GET /v1/reports/trial-balance?asOf= through the API against the raw
 * `SELECT account_code, fund_code, sum(…) FROM postings WHERE entry_date <= $1 GROUP BY 1, 2`
 * on the same database, at 10,000 postings and at 1,000,000 (`--quick`: 200,000).
 * Each figure is the median of several runs after one warm-up, API and raw measured one after the
 * other at the same size. The two answers are compared (same net balance per account × fund).
 * Headlines: trial_balance_ratio = API ÷ raw at the big size (mid-month); trial_balance_growth = API
 * at the big size ÷ API at 10,000; trial_balance_month_end_ratio = API ÷ raw at the big size as at
 * the ledger's last day (a month end). The former query (monthly roll-up plus the postings of the
 * date's month) is timed too.
 */
import { Dec } from '@app/common';
import { request } from './support/api-process';
import { BenchOptions, figure, fmtMs, headline, loadLine, log, median, timeRuns, withClient } from './support/harness';
import { LEDGER_LAST_DAY, ledgerFixture, LedgerFixture } from './support/ledger-fixture';

export const SMALL_LEDGER = 10_000;
export const bigLedger = (quick: boolean): number => (quick ? 200_000 : 1_000_000);

/** Mid-month, near the end: every month but the last comes from the roll-up, plus 15 days of postings. */
const AS_OF = '2007-12-15';
/** A second date, half-way through the ledger (a figure only). */
const AS_OF_MID = '2006-06-15';

const RAW_SQL = `SELECT account_code, fund_code,
       sum(CASE side WHEN 'debit' THEN amount_base ELSE 0 END)::text AS debit,
       sum(CASE side WHEN 'credit' THEN amount_base ELSE 0 END)::text AS credit
  FROM postings WHERE entry_date <= $1 GROUP BY 1, 2`;

/**
 * How balances were read before the daily roll-up (the monthly roll-up plus the postings of the
 * date's month up to the date), run through the bare client for comparison.
 */
const FORMER_SQL = `WITH month AS (SELECT date_trunc('month', $1::date + 1)::date AS start),
       parts AS (
         SELECT account_code, fund_code, debit_base, credit_base FROM balance_rollups, month WHERE balance_rollups.month < month.start
         UNION ALL
         SELECT account_code, fund_code, CASE side WHEN 'debit' THEN amount_base ELSE 0 END, CASE side WHEN 'credit' THEN amount_base ELSE 0 END
           FROM postings, month WHERE entry_date >= month.start AND entry_date <= $1::date)
       SELECT account_code, fund_code, sum(debit_base)::text, sum(credit_base)::text FROM parts GROUP BY 1, 2 ORDER BY 1, 2`;

interface Measured {
  apiMs: number[];
  rawMs: number[];
  formerMs: number[];
  rows: number;
  agrees: boolean;
  balanced: boolean;
}

async function measure(f: LedgerFixture, asOf: string, runs: number): Promise<Measured> {
  const viaApi = await timeRuns(runs, async () => {
    const res = await request(f.api.port, 'GET', `/v1/reports/trial-balance?asOf=${asOf}`, f.auditor);
    if (res.status !== 200) throw new Error(`trial balance answered ${res.status}: ${res.body.slice(0, 500)}`);
    return res.body;
  });
  const raw = await withClient(f.db.url, (c) =>
    timeRuns(
      runs,
      async () =>
        (await c.query<{ account_code: string; fund_code: string; debit: string; credit: string }>(RAW_SQL, [asOf]))
          .rows,
    ),
  );
  const former = await withClient(f.db.url, (c) =>
    timeRuns(runs, async () => (await c.query(FORMER_SQL, [asOf])).rows),
  );
  const tb = JSON.parse(viaApi.last) as {
    rows: { account: string; fund: string; debit: string; credit: string }[];
    balanced: boolean;
  };
  const apiNet = new Map<string, string>(
    tb.rows.map((r) => [`${r.account}/${r.fund}`, new Dec(r.debit).minus(r.credit).toFixed(2)]),
  );
  const rawNet = new Map<string, string>(
    raw.last
      .map((r) => [`${r.account_code}/${r.fund_code}`, new Dec(r.debit).minus(r.credit).toFixed(2)] as const)
      .filter(([, net]) => net !== '0.00'),
  );
  const agrees = apiNet.size === rawNet.size && [...apiNet].every(([k, v]) => rawNet.get(k) === v);
  return { apiMs: viaApi.ms, rawMs: raw.ms, formerMs: former.ms, rows: tb.rows.length, agrees, balanced: tb.balanced };
}

function report(label: string, m: Measured): void {
  figure(
    `  ${label.padEnd(34)} API median ${median(m.apiMs).toFixed(1).padStart(7)} ms [${fmtMs(m.apiMs)}]   ` +
      `raw median ${median(m.rawMs).toFixed(1).padStart(7)} ms [${fmtMs(m.rawMs)}]   ` +
      `${m.rows} rows, balanced ${m.balanced}, agrees with raw ${m.agrees}`,
  );
  figure(
    `  ${''.padEnd(34)} API ÷ raw ${(median(m.apiMs) / median(m.rawMs)).toFixed(3)}   ` +
      `former query (monthly roll-up + the month's postings) median ${median(m.formerMs).toFixed(1)} ms [${fmtMs(m.formerMs)}]`,
  );
  if (!m.agrees || !m.balanced) {
    figure(`  PROBLEM: the API's trial balance ${m.agrees ? 'is not balanced' : 'differs from the raw sums'}`);
    process.exitCode = 1;
  }
}

export async function trialBalanceBenchmark(options: BenchOptions): Promise<void> {
  const big = bigLedger(options.quick);
  const runs = options.quick ? 5 : 9;
  figure(`== trial-balance: GET /v1/reports/trial-balance vs raw GROUP BY, ${SMALL_LEDGER} and ${big} postings ==`);
  figure(`started ${new Date().toISOString()}, ${loadLine()}`);
  const f = await ledgerFixture(options);
  await f.growTo(SMALL_LEDGER);
  log(`timing at ${f.postings} postings`);
  const small = await measure(f, AS_OF, runs);
  await f.growTo(big);
  log(`timing at ${f.postings} postings`);
  const large = await measure(f, AS_OF, runs);
  const largeMid = await measure(f, AS_OF_MID, runs);
  const fullRange = await measure(f, LEDGER_LAST_DAY, runs);

  figure();
  report(`${SMALL_LEDGER} postings, asOf ${AS_OF}`, small);
  report(`${f.postings} postings, asOf ${AS_OF}`, large);
  report(`${f.postings} postings, asOf ${AS_OF_MID}`, largeMid);
  report(`${f.postings} postings, asOf ${LEDGER_LAST_DAY}`, fullRange);
  const ratio = median(large.apiMs) / median(large.rawMs);
  const growth = median(large.apiMs) / median(small.apiMs);
  figure(
    `  raw growth ${(median(large.rawMs) / median(small.rawMs)).toFixed(1)}× for ${(f.postings / SMALL_LEDGER).toFixed(0)}× the postings`,
  );
  figure(`  finished ${new Date().toISOString()}, ${loadLine()}`);
  headline('trial_balance_ratio', ratio);
  headline('trial_balance_growth', growth);
  headline('trial_balance_month_end_ratio', median(fullRange.apiMs) / median(fullRange.rawMs));
}
