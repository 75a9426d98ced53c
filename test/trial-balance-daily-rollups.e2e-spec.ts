import { DataSource, EntityManager } from 'typeorm';
import { TransactionRunner } from '@app/database';
import { BalancesService, TrialBalanceService } from '@app/ledger';
import { DailyBalanceRollups1764401000000 } from '../migrations/1764401000000-daily-balance-rollups';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Balances as at a date read from the monthly roll-up and the daily one (never the month's
 * postings) against sums straight from `postings`, at every day of the months entries were posted
 * in — month ends, mid-month, the first of a month, a day with several entries, a day in another
 * fund — and the daily roll-up the migration backfills against the one the trigger kept.
 */
describe('trial balance: balances from the monthly and daily roll-ups', () => {
  let t: TestApp;
  const plan = [
    { date: '2005-01-01', fund: 'GEN', credit: '4900', amount: '10.00' },
    { date: '2005-01-14', fund: 'GEN', credit: '4400', amount: '20.50' },
    { date: '2005-01-14', fund: 'RES', credit: '4900', amount: '3.25' },
    { date: '2005-01-31', fund: 'GEN', credit: '4900', amount: '7.00' },
    { date: '2005-02-01', fund: 'GEN', credit: '4400', amount: '1.10' },
    { date: '2005-02-15', fund: 'RES', credit: '4400', amount: '2.20' },
    { date: '2005-02-28', fund: 'GEN', credit: '4900', amount: '4.40' },
    { date: '2005-01-20', fund: 'GEN', credit: '4900', amount: '0.05' }, // a month already rolled up, posted late
    { date: '2005-03-16', fund: 'GEN', credit: '4400', amount: '8.80' },
  ];

  const sql = <T>(query: string, params: unknown[] = []): Promise<T[]> => t.app.get(DataSource).query(query, params);
  const inSnapshot = <T>(work: (m: EntityManager) => Promise<T>): Promise<T> =>
    t.app.get(TransactionRunner).snapshot(work);
  const daily = () =>
    sql(
      `SELECT day::text, account_code, fund_code, debit_base::text, credit_base::text FROM balance_rollups_daily ORDER BY 1, 2, 3`,
    );

  beforeAll(async () => {
    t = await startTestApp();
    for (const [i, p] of plan.entries()) {
      await t
        .as('secretariat')
        .post('/v1/journal-entries', {
          date: p.date,
          description: `entry ${i + 1}`,
          lines: [
            { account: '1010', fund: p.fund, side: 'debit', amount: p.amount },
            { account: p.credit, fund: p.fund, side: 'credit', amount: p.amount },
          ],
        })
        .expect(201);
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it('equal the sums of the postings at every day from 2004-12-31 to 2005-04-01, for all funds and for each', async () => {
    const days: { day: string }[] = await sql(
      `SELECT d::date::text AS day FROM generate_series('2004-12-31'::date, '2005-04-01'::date, '1 day') d`,
    );
    const balances = t.app.get(BalancesService);
    await inSnapshot(async (m) => {
      for (const { day } of days) {
        const fromPostings = await balances.byAccountAndFundFromPostings(m, day);
        expect({ day, rows: await balances.byAccountAndFund(m, day) }).toEqual({ day, rows: fromPostings });
        for (const fund of ['GEN', 'RES'])
          expect({ day, fund, rows: await balances.byAccountAndFund(m, day, fund) }).toEqual({
            day,
            fund,
            rows: fromPostings.filter((r) => r.fund === fund),
          });
      }
    });
  });

  it('the trial balance mid-month counts the days up to the date only', async () => {
    const tb = (await t.as('auditor').get('/v1/reports/trial-balance?asOf=2005-01-14').expect(200)).body as {
      rows: { account: string; fund: string; debit: string; credit: string }[];
    };
    expect(tb.rows).toEqual([
      { account: '1010', fund: 'GEN', debit: '30.50', credit: '0.00' },
      { account: '1010', fund: 'RES', debit: '3.25', credit: '0.00' },
      { account: '4400', fund: 'GEN', debit: '0.00', credit: '20.50' },
      { account: '4900', fund: 'GEN', debit: '0.00', credit: '10.00' },
      { account: '4900', fund: 'RES', debit: '0.00', credit: '3.25' },
    ]);
  });

  it('the API answers in one statement what the trial balance inside a snapshot reads, for all funds and for each', async () => {
    const service = t.app.get(TrialBalanceService);
    for (const asOf of ['2004-12-31', '2005-01-01', '2005-01-20', '2005-01-31', '2005-02-14', '2005-03-31'])
      for (const fund of [undefined, 'GEN', 'RES']) {
        const res = await t
          .as('auditor')
          .get(`/v1/reports/trial-balance?asOf=${asOf}${fund ? `&fund=${fund}` : ''}`)
          .expect(200);
        expect(res.body).toEqual(await inSnapshot((m) => service.build(m, asOf, fund)));
      }
  });

  it('the register check balance-rollups passes mid-month, and fails when a daily roll-up differs from the postings', async () => {
    const check = async (asOf: string) =>
      (
        (await t.as('auditor').get(`/v1/reports/reconciliation?asOf=${asOf}`).expect(200)).body as {
          checks: { name: string; ok: boolean }[];
        }
      ).checks.find((c) => c.name === 'balance-rollups');
    expect(await check('2005-02-15')).toMatchObject({ ok: true });
    await sql(
      `UPDATE balance_rollups_daily SET debit_base = debit_base + 1 WHERE day = '2005-02-15' AND fund_code = 'RES'`,
    );
    try {
      expect(await check('2005-02-15')).toMatchObject({ ok: false });
      expect(await check('2005-02-28')).toMatchObject({ ok: true }); // a month end reads the monthly roll-up
    } finally {
      await sql(
        `UPDATE balance_rollups_daily SET debit_base = debit_base - 1 WHERE day = '2005-02-15' AND fund_code = 'RES'`,
      );
    }
  });

  it("the migration's backfill writes the daily roll-up the trigger kept", async () => {
    const kept = await daily();
    expect(kept.length).toBeGreaterThan(0);
    const runner = t.app.get(DataSource).createQueryRunner();
    try {
      const migration = new DailyBalanceRollups1764401000000();
      await migration.down(runner);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await daily()).toEqual(kept);
  });
});
