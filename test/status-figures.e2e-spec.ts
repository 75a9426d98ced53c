import { DataSource, EntityManager } from 'typeorm';
import { TransactionRunner } from '@app/database';
import { MemberPosition, memberYears, ReportsRepository } from '../libs/contributions/src/reports/reports.repository';
import { MemberYearFigures1764400800000 } from '../migrations/1764400800000-member-year-figures';
import { assess, createBudget, createMember, pay } from './support/contributions-factory';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The figures the status of contributions reads (member_year_figures, member_receipts), kept by
 * triggers on the register, against the same figures summed from the register joined with the
 * journal — at every date around every event of a history with arrears paid a year late, an
 * advance, a payment received back-dated before an earlier one, a reversal and a waiver.
 */
/** One row per member as `statusFigures` lists them: its total row, then its years (without their arrears and threshold). */
const positionsAsFigures = (positions: MemberPosition[]) =>
  positions.flatMap(({ years, ...total }) => [
    { ...total, fiscalYear: null },
    ...memberYears({ years }).map((y) => ({ member: total.member, ...y, arrears: undefined, threshold: undefined })),
  ]);

describe('status of contributions: the maintained member-year figures', () => {
  let t: TestApp;
  const dates: string[] = [];

  const inSnapshot = <T>(work: (m: EntityManager) => Promise<T>): Promise<T> =>
    t.app.get(TransactionRunner).snapshot(work);
  const reports = (): ReportsRepository => t.app.get(ReportsRepository);
  const sql = <T>(query: string, params: unknown[] = []): Promise<T[]> => t.app.get(DataSource).query(query, params);
  const tables = async () => ({
    figures: await sql(
      `SELECT member_code, fiscal_year, assessed::text, paid::text, written_off::text, first_on::text, last_on::text,
              paid_in_full_on::text, due_from::text FROM member_year_figures ORDER BY 1, 2`,
    ),
    receipts: await sql(`SELECT member_code, fiscal_year, received::text FROM member_receipts ORDER BY 1, 2`),
  });
  const checks = async (asOf: string) =>
    (await t.as('auditor').get(`/v1/reports/reconciliation?asOf=${asOf}`).expect(200)).body as {
      checks: {
        name: string;
        ok: boolean;
        ledger: string;
        register: string;
        difference: string;
        explanation?: unknown[];
      }[];
    };
  const figuresCheck = async (asOf: string) =>
    (await checks(asOf)).checks.find((c) => c.name === 'contributions:status-figures');

  beforeAll(async () => {
    t = await startTestApp();
    for (const code of ['NIC', 'HND', 'GTM']) await createMember(t, code, '1996-03-13');
    await createBudget(t, 2010, { NIC: '600.00', HND: '400.00', GTM: '300.00' });
    await assess(t, 2010);
    await pay(t, 'NIC', '600.00', '2010-01-15');
    await pay(t, 'HND', '150.00', '2010-05-10');
    await pay(t, 'HND', '50.00', '2010-03-01'); // back-dated before the May payment
    await pay(t, 'NIC', '250.00', '2010-11-30'); // an advance
    await createBudget(t, 2011, { NIC: '660.00', HND: '440.00', GTM: '330.00' });
    await assess(t, 2011); // NIC's advance applied
    await pay(t, 'GTM', '630.00', '2011-01-20'); // 2010 in arrears, then 2011
    const reversed = await pay(t, 'HND', '300.00', '2011-02-01');
    await t
      .as('secretariat')
      .post(`/v1/payments/${reversed.id}/reversal`, { date: '2011-03-01', reason: 'cheque returned' })
      .expect(201);
    await t
      .as('secretariat')
      .post('/v1/members/HND/write-offs', {
        fiscalYear: 2010,
        amount: '100.00',
        date: '2011-04-15',
        kind: 'waiver',
        decision: { meeting: 'XVI CRM', date: '2011-04-14', reference: 'CRM-XVI/2011/4' },
      })
      .expect(201);
    await pay(t, 'NIC', '410.00', '2011-06-30');
    const days: { day: string }[] = await sql(
      `SELECT DISTINCT d::date::text AS day FROM journal_entries, LATERAL (VALUES (entry_date - 1), (entry_date), (entry_date + 1)) v(d) ORDER BY 1`,
    );
    dates.push('2009-12-31', ...days.map((d) => d.day), '2012-12-31');
  });
  afterAll(async () => {
    await t.close();
  });

  it('as at every date around every entry, the report reads the same figures, receipts and honour-roll dates as the register summed from the journal', async () => {
    for (const asOf of dates) {
      const year = Number(asOf.slice(0, 4));
      const f = { asOf, scale: 2, currentYear: year, standingYears: 2 };
      await inSnapshot(async (m) => {
        const figures = await reports().statusFigures(m, f);
        expect({ asOf, rows: figures }).toEqual({
          asOf,
          rows: await reports().statusFiguresFromRegister(m, f),
        });
        // The report reads them one row per member: the same totals and the same years.
        expect({ asOf, rows: positionsAsFigures(await reports().memberPositions(m, f)) }).toEqual({
          asOf,
          rows: figures.map((r) => (r.fiscalYear === null ? r : { ...r, arrears: undefined, threshold: undefined })),
        });
        expect({ asOf, rows: await reports().honourRollCandidates(m, asOf) }).toEqual({
          asOf,
          rows: await reports().honourRollCandidatesFromRegister(m, asOf),
        });
        const received = (rows: { member: string; received: string }[]) =>
          rows.filter((r) => Number(r.received) !== 0).map((r) => [r.member, Number(r.received).toFixed(2)]);
        expect({
          asOf,
          rows: received(await reports().received(m, { asOf, fiscalYear: year, startsOn: `${year}-01-01` })),
        }).toEqual({ asOf, rows: received(await reports().receivedFromRegister(m, asOf)) });
      });
    }
  });

  it('the register check contributions:status-figures passes, and names the member-year whose figure was changed behind the register', async () => {
    const before = await figuresCheck('2011-12-31');
    expect(before).toMatchObject({ ok: true, difference: '0.00' });
    expect(before?.register).toEqual(before?.ledger);
    await sql(
      `UPDATE member_year_figures SET assessed = assessed + 1 WHERE member_code = 'GTM' AND fiscal_year = 2011`,
    );
    try {
      const check = await figuresCheck('2011-12-31');
      expect(check).toMatchObject({ ok: false, ledger: before?.ledger, difference: '1.00' });
      expect(check?.explanation).toContainEqual(expect.objectContaining({ what: 'member-year', key: 'GTM 2011' }));
      expect(check?.explanation).toContainEqual(expect.objectContaining({ what: 'member-year', key: 'GTM total' }));
      // Before the changed row's entries it is not read, so the check still passes then.
      expect(await figuresCheck('2010-12-31')).toMatchObject({ ok: true });
    } finally {
      await sql(
        `UPDATE member_year_figures SET assessed = assessed - 1 WHERE member_code = 'GTM' AND fiscal_year = 2011`,
      );
    }
    expect(await figuresCheck('2011-12-31')).toMatchObject({ ok: true });
  });

  it('concurrent payments of one member leave figures and honour-roll dates equal to the register', async () => {
    await createBudget(t, 2012, { NIC: '100.00', HND: '100.00', GTM: '100.00' });
    await assess(t, 2012);
    const results = await Promise.all(
      ['2012-01-10', '2012-01-05', '2012-01-20', '2012-01-02', '2012-01-15', '2012-01-08'].map((day, i) =>
        t
          .as('secretariat')
          .post('/v1/payments', {
            member: 'GTM',
            amount: '20.00',
            currency: 'USD',
            receivedOn: day,
            reference: `C-${i}`,
          }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    for (const asOf of ['2012-01-07', '2012-01-12', '2012-12-31'])
      expect(await figuresCheck(asOf)).toMatchObject({ ok: true });
    // Which payment became an advance depends on the order they arrived in; the year is paid in full either way.
    const [gtm] = await sql<{ paid: string; full: boolean }>(
      `SELECT paid::text, paid_in_full_on IS NOT NULL AS full FROM member_year_figures WHERE member_code = 'GTM' AND fiscal_year = 2012`,
    );
    expect(gtm).toEqual({ paid: '100.00', full: true });
  });

  it("the migration's backfill writes the figures the triggers kept", async () => {
    const kept = await tables();
    expect(kept.figures.length).toBeGreaterThan(0);
    const runner = t.app.get(DataSource).createQueryRunner();
    try {
      const migration = new MemberYearFigures1764400800000();
      await migration.down(runner);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await tables()).toEqual(kept);
  });

  it('a register row whose journal entry is not there is refused', async () => {
    // The foreign key refuses it today; without it, the trigger still refuses to guess a date.
    await expect(
      t.app.get(DataSource).transaction(async (m) => {
        await m.query(`ALTER TABLE allocations DROP CONSTRAINT allocations_entry_id_fkey`);
        await m.query(
          `INSERT INTO allocations (payment_id, member_code, fiscal_year, kind, amount, effective_on, entry_id)
           SELECT id, 'GTM', 2012, 'payment', 1, '2012-02-01', gen_random_uuid() FROM payments LIMIT 1`,
        );
      }),
    ).rejects.toThrow(/is not written yet/);
  });
});
