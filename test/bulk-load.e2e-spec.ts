import { Client } from 'pg';
import { Dec, DomainError, ErrorCode } from '@app/common';
import { BulkLoaderService, PostCommand, syntheticLedger } from '@app/ledger';
import { expectLedgerSound } from './support/ledger-assertions';
import { startTestApp, TestApp } from './support/test-app';

const POSTINGS = 50_000;

const entry = (date: string, lines: PostCommand['lines']): PostCommand => ({
  date,
  description: 'bulk test',
  source: 'import',
  lines,
});
const pair = (amount: string, debit = '1010', credit = '4100', fund = 'GEN'): PostCommand['lines'] => [
  { account: debit, fund, side: 'debit', amount: new Dec(amount) },
  { account: credit, fund, side: 'credit', amount: new Dec(amount) },
];

describe('bulk loader: a large ledger as valid as one posted through the API', () => {
  let t: TestApp;
  let db: Client;
  let loader: BulkLoaderService;

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    loader = t.app.get(BulkLoaderService);
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  const chainHead = async (): Promise<{ last_sequence: string; last_hash: string }> =>
    (await db.query('SELECT last_sequence, last_hash FROM ledger_chain WHERE id = 1')).rows[0];

  it(`loads ${POSTINGS} postings between API posts; the chain verifies end to end`, async () => {
    await t
      .as('secretariat')
      .post('/v1/journal-entries', {
        date: '2005-01-03',
        description: 'opening via the API',
        lines: [
          { account: '1010', fund: 'GEN', side: 'debit', amount: '400.00', currency: 'BZD', rate: '0.5' },
          { account: '4100', fund: 'GEN', side: 'credit', amount: '200.00' },
        ],
      })
      .expect(201);

    const progress: number[] = [];
    const result = await loader.load(syntheticLedger({ seed: 2026, postings: POSTINGS }), {
      batchSize: 1_000,
      onProgress: (p) => progress.push(p.postings),
    });
    expect(result.postings).toBe(POSTINGS);
    expect(result.lastSequence).toBe(1 + result.entries);
    expect(result.batches).toBe(Math.ceil(result.entries / 1_000));
    expect(progress[progress.length - 1]).toBe(POSTINGS);

    const after = await t
      .as('secretariat')
      .post('/v1/journal-entries', {
        date: '2007-06-30',
        description: 'after the load, via the API',
        lines: pairJson('75.25'),
      })
      .expect(201);
    expect(after.body.sequence).toBe(result.lastSequence + 1);

    const counts = await db.query(
      'SELECT (SELECT count(*) FROM postings)::int AS postings, (SELECT count(*) FROM journal_entries)::int AS entries',
    );
    expect(counts.rows[0]).toEqual({ postings: POSTINGS + 4, entries: result.entries + 2 });
    const head = await chainHead();
    const verification = await t.as('auditor').get('/v1/ledger/verification').expect(200);
    expect(verification.body).toEqual({ ok: true, entries: result.entries + 2, head: head.last_hash });
  });

  it.each(['2999-12-31', '2006-03-17', '2005-01-31', '2006-02-28', '2007-12-31', '2005-12-30'])(
    'trial balance as at %s is balanced and equals a raw sum of the postings',
    async (asOf) => {
      const tb = await t.as('viewer').get(`/v1/reports/trial-balance?asOf=${asOf}`).expect(200);
      expect(tb.body.balanced).toBe(true);
      expect(tb.body.totals.debit).toBe(tb.body.totals.credit);
      const raw = await db.query<{ account: string; fund: string; net: string }>(
        `SELECT account_code AS account, fund_code AS fund,
              sum(CASE side WHEN 'debit' THEN amount_base ELSE -amount_base END)::text AS net
         FROM postings WHERE entry_date <= $1 GROUP BY 1, 2 HAVING sum(CASE side WHEN 'debit' THEN amount_base ELSE -amount_base END) <> 0
         ORDER BY 1, 2`,
        [asOf],
      );
      const expected = raw.rows.map((r) => {
        const net = new Dec(r.net);
        return {
          account: r.account,
          fund: r.fund,
          debit: net.gt(0) ? net.toFixed(2) : '0.00',
          credit: net.lt(0) ? net.negated().toFixed(2) : '0.00',
        };
      });
      expect(tb.body.rows).toEqual(expected);
      expect(expected.length).toBeGreaterThan(10);
    },
  );

  it('keeps the monthly roll-up equal to the raw postings', async () => {
    const diff = await db.query(
      `WITH raw AS (
         SELECT account_code, fund_code, date_trunc('month', entry_date)::date AS month,
                sum(CASE side WHEN 'debit' THEN amount_base ELSE 0 END) AS debit_base,
                sum(CASE side WHEN 'credit' THEN amount_base ELSE 0 END) AS credit_base
           FROM postings GROUP BY 1, 2, 3)
       SELECT * FROM raw FULL JOIN balance_rollups b USING (account_code, fund_code, month)
        WHERE raw.debit_base IS DISTINCT FROM b.debit_base OR raw.credit_base IS DISTINCT FROM b.credit_base`,
    );
    expect(diff.rows).toEqual([]);
    const months = await db.query('SELECT count(*)::int AS n FROM balance_rollups');
    expect(months.rows[0].n).toBeGreaterThan(36);
  });

  it('stores what the API would: same hash rule, priced lines, fiscal year and period', async () => {
    const rows = await db.query(
      `SELECT e.sequence::int, e.fiscal_year, e.period, to_char(e.entry_date, 'YYYY-MM-DD') AS date, e.source, e.metadata
         FROM journal_entries e WHERE e.sequence = 2`,
    );
    expect(rows.rows[0]).toMatchObject({ sequence: 2, source: 'import', metadata: { synthetic: '2026' } });
    const { date, fiscal_year, period } = rows.rows[0];
    expect(fiscal_year).toBe(Number(date.slice(0, 4)));
    expect(period).toBe(Number(date.slice(5, 7)));
    const fx = await db.query(
      `SELECT amount::text, rate::text, amount_base::text FROM postings WHERE currency = 'MXN' ORDER BY sequence, line_no LIMIT 1`,
    );
    const { amount, rate, amount_base } = fx.rows[0];
    expect(rate).toBe('0.0512');
    expect(new Dec(amount_base).equals(new Dec(amount).times(rate).toDecimalPlaces(2, Dec.ROUND_HALF_EVEN))).toBe(true);
  });

  it.each([
    [
      'an unbalanced entry',
      [
        entry('2005-02-01', pair('10.00')),
        entry('2005-02-01', [...pair('10.00').slice(0, 1), ...pair('9.99').slice(1)]),
      ],
      ErrorCode.UnbalancedEntry,
      'entries[1]',
    ],
    [
      'an unknown account',
      [entry('2005-02-01', pair('10.00', '1010', '9999'))],
      ErrorCode.ValidationFailed,
      'entries[0].lines[1].account',
    ],
    [
      'an unknown fund',
      [entry('2005-02-01', pair('10.00', '1010', '4100', 'NOPE'))],
      ErrorCode.ValidationFailed,
      'entries[0].lines[0].fund',
    ],
    [
      'too many decimals',
      [entry('2005-02-01', pair('10.001'))],
      ErrorCode.ValidationFailed,
      'entries[0].lines[0].amount',
    ],
    [
      'a foreign line without a rate',
      [
        entry('2005-02-01', [
          { account: '1010', fund: 'GEN', side: 'debit', amount: new Dec('5.00'), currency: 'EUR' },
          ...pair('5.00').slice(1),
        ]),
      ],
      ErrorCode.ValidationFailed,
      'entries[0].lines[0].rate',
    ],
    ['a single line', [entry('2005-02-01', pair('1.00').slice(0, 1))], ErrorCode.ValidationFailed, 'entries[0].lines'],
    ['a date that does not exist', [entry('2005-02-30', pair('1.00'))], ErrorCode.ValidationFailed, 'entries[0].date'],
    [
      'a closed fiscal year',
      [entry('2005-02-01', pair('1.00')), entry('1999-05-01', pair('1.00'))],
      ErrorCode.PeriodClosed,
      'entries[1].date',
    ],
  ])('refuses a batch holding %s, names it, and writes nothing', async (_case, batch, code, field) => {
    await db.query(
      `INSERT INTO fiscal_years (year, starts_on, ends_on, status, closed_at) VALUES (1999, '1999-01-01', '1999-12-31', 'closed', now())
       ON CONFLICT (year) DO NOTHING`,
    );
    const before = await chainHead();
    const error: unknown = await loader.loadBatch(batch).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(code);
    expect((error as DomainError).errors?.map((e) => e.field)).toContain(field);
    expect(await chainHead()).toEqual(before);
  });

  it('ends sound', async () => {
    await expectLedgerSound(t);
  });
});

function pairJson(amount: string): object[] {
  return [
    { account: '1010', fund: 'GEN', side: 'debit', amount },
    { account: '4100', fund: 'GEN', side: 'credit', amount },
  ];
}
