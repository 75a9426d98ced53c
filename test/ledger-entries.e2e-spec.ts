import { Client } from 'pg';
import { expectLedgerSound } from './support/ledger-assertions';
import { startTestApp, TestApp } from './support/test-app';

type Line = Record<string, unknown>;
const line = (account: string, fund: string, side: string, amount: unknown, extra: Line = {}): Line => ({
  account,
  fund,
  side,
  amount,
  ...extra,
});
const entry = (lines: Line[], extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  date: '2005-03-15',
  description: 'test entry',
  lines,
  ...extra,
});
const balanced = (amount = '100.00', extra: Record<string, unknown> = {}): Record<string, unknown> =>
  entry([line('1010', 'GEN', 'debit', amount), line('4900', 'GEN', 'credit', amount)], extra);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HASH = /^[0-9a-f]{64}$/;

/** Postings name members (a foreign key); the members API belongs to another module, so fall back to SQL. */
async function ensureMembers(t: TestApp, db: Client, codes: string[]): Promise<void> {
  for (const code of codes) {
    const res = await t.as('admin').post('/v1/members', { code, name: `Member ${code}`, joinedOn: '2000-01-01' });
    if (res.status === 201 || res.status === 409) continue;
    await db.query(
      `INSERT INTO members (code, name_en, name_es, joined_on) VALUES ($1, $2, $2, '2000-01-01') ON CONFLICT DO NOTHING`,
      [code, `Member ${code}`],
    );
  }
}

describe('ledger: journal entries through the API', () => {
  let t: TestApp;
  let db: Client;

  /** Everything a post could touch; a refused request must leave all of it as it was. */
  const footprint = async (): Promise<Record<string, string>> => {
    const { rows } = await db.query(`SELECT
        (SELECT count(*) FROM journal_entries)::text AS entries,
        (SELECT count(*) FROM postings)::text AS postings,
        (SELECT last_sequence || ':' || last_hash FROM ledger_chain) AS head,
        (SELECT count(*) || ':' || coalesce(sum(debit_base), 0) || ':' || coalesce(sum(credit_base), 0) FROM balance_rollups) AS rollups,
        (SELECT count(*) FROM fiscal_years)::text AS years`);
    return rows[0];
  };

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    await ensureMembers(t, db, ['BLZ', 'MEX']);
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  describe('posting', () => {
    it('answers 201 with the entry as stored: sequence, hash, lines in the original and the base currency', async () => {
      const before = await footprint();
      const res = await t
        .as('secretariat')
        .post(
          '/v1/journal-entries',
          entry(
            [
              line('1010', 'GEN', 'debit', '400.00', { currency: 'BZD', rate: '0.5', member: 'BLZ', budgetLine: 'MEETINGS' }),
              line('4900', 'GEN', 'credit', '200.00'),
            ],
            { metadata: { decision: 'GRCM-2004-12/21', bankAdvice: 'BA-0001' } },
          ),
        )
        .expect(201);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      const body = res.body;
      expect(body.id).toMatch(UUID);
      expect(body.hash).toMatch(HASH);
      expect(body).toMatchObject({
        sequence: Number(before.head.split(':')[0]) + 1,
        date: '2005-03-15',
        fiscalYear: 2005,
        period: 3,
        description: 'test entry',
        source: 'manual',
        sourceId: null,
        reverses: null,
        reversedBy: null,
        metadata: { decision: 'GRCM-2004-12/21', bankAdvice: 'BA-0001' },
        prevHash: before.head.split(':')[1],
      });
      expect(body.lines).toEqual([
        {
          line: 1,
          account: '1010',
          fund: 'GEN',
          side: 'debit',
          amount: '400.00',
          currency: 'BZD',
          rate: '0.5',
          amountBase: '200.00',
          member: 'BLZ',
          budgetLine: 'MEETINGS',
        },
        { line: 2, account: '4900', fund: 'GEN', side: 'credit', amount: '200.00', currency: 'USD', rate: '1', amountBase: '200.00' },
      ]);

      // Read back: the same entry, the same rows in the database, the chain head advanced to it.
      const again = await t.as('viewer').get(`/v1/journal-entries/${body.id}`).expect(200);
      expect(again.body).toEqual(body);
      const stored = await db.query(
        `SELECT line_no, account_code, fund_code, side, amount::text, currency, rate::text, amount_base::text, member_code
           FROM postings WHERE entry_id = $1 ORDER BY line_no`,
        [body.id],
      );
      expect(stored.rows).toEqual([
        { line_no: 1, account_code: '1010', fund_code: 'GEN', side: 'debit', amount: '400.00', currency: 'BZD', rate: '0.5', amount_base: '200.00', member_code: 'BLZ' },
        { line_no: 2, account_code: '4900', fund_code: 'GEN', side: 'credit', amount: '200.00', currency: 'USD', rate: '1', amount_base: '200.00', member_code: null },
      ]);
      const head = await db.query('SELECT last_sequence::int AS seq, last_hash FROM ledger_chain');
      expect(head.rows[0]).toEqual({ seq: body.sequence, last_hash: body.hash });
      const meta = await db.query('SELECT metadata, actor_token_id FROM journal_entries WHERE id = $1', [body.id]);
      expect(meta.rows[0].metadata).toEqual({ decision: 'GRCM-2004-12/21', bankAdvice: 'BA-0001' });
      expect(meta.rows[0].actor_token_id).toMatch(UUID);
    });

    it('refuses an unbalanced entry with 422 unbalanced_entry and writes nothing', async () => {
      const before = await footprint();
      const res = await t
        .as('secretariat')
        .post('/v1/journal-entries', entry([line('1010', 'GEN', 'debit', '100.00'), line('4900', 'GEN', 'credit', '99.99')]))
        .expect(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 422, code: 'unbalanced_entry', imbalances: [{ fund: 'GEN', debit: '100.00', credit: '99.99' }] });
      expect(await footprint()).toEqual(before);
    });

    it('refuses one fund unbalanced while the total balances (GEN debit 100 / RES credit 100) with 422', async () => {
      const before = await footprint();
      const res = await t
        .as('secretariat')
        .post('/v1/journal-entries', entry([line('1010', 'GEN', 'debit', '100.00'), line('4300', 'RES', 'credit', '100.00')]))
        .expect(422);
      expect(res.body.code).toBe('unbalanced_entry');
      expect(res.body.imbalances).toEqual([
        { fund: 'GEN', debit: '100.00', credit: '0.00' },
        { fund: 'RES', debit: '0.00', credit: '100.00' },
      ]);
      expect(await footprint()).toEqual(before);
    });

    it('refuses a foreign line that balances in its own currency but not in the base currency', async () => {
      const before = await footprint();
      // 100.00 EUR at 1.1 = 110.00 USD against 100.00 USD.
      const res = await t
        .as('secretariat')
        .post(
          '/v1/journal-entries',
          entry([line('1010', 'GEN', 'debit', '100.00', { currency: 'EUR', rate: '1.1' }), line('4900', 'GEN', 'credit', '100.00')]),
        )
        .expect(422);
      expect(res.body.imbalances).toEqual([{ fund: 'GEN', debit: '110.00', credit: '100.00' }]);
      expect(await footprint()).toEqual(before);
    });

    it('accepts several funds, each balanced on its own, and foreign lines balanced after half-even rounding', async () => {
      // 1234 JPY at 0.0091 = 11.2294 → 11.23 USD; 150 JPY at 0.0091 = 1.365 → 1.36 (tie to even).
      const res = await t
        .as('secretariat')
        .post(
          '/v1/journal-entries',
          entry([
            line('1010', 'GEN', 'debit', '1234', { currency: 'JPY', rate: '0.0091' }),
            line('4900', 'GEN', 'credit', '11.23'),
            line('1010', 'RES', 'debit', '150', { currency: 'JPY', rate: '0.0091' }),
            line('4300', 'RES', 'credit', '1.36'),
          ]),
        )
        .expect(201);
      expect(res.body.lines.map((l: { amount: string; amountBase: string }) => [l.amount, l.amountBase])).toEqual([
        ['1234', '11.23'],
        ['11.23', '11.23'],
        ['150', '1.36'],
        ['1.36', '1.36'],
      ]);
    });
  });

  describe('bad input is a 400 naming the field, and writes nothing', () => {
    it.each<[string, Line, string]>([
      ['an amount as a JSON number', line('4900', 'GEN', 'credit', 100), 'lines[1].amount'],
      ['an amount as a JSON number with cents', line('4900', 'GEN', 'credit', 10.01), 'lines[1].amount'],
      ['"10.001" USD', line('4900', 'GEN', 'credit', '10.001', { currency: 'USD' }), 'lines[1].amount'],
      ['"10.001" in the default (base) currency', line('4900', 'GEN', 'credit', '10.001'), 'lines[1].amount'],
      ['"10.010" in the default (base) currency (decimals count as written)', line('4900', 'GEN', 'credit', '10.010'), 'lines[1].amount'],
      ['"10.5" JPY', line('4900', 'GEN', 'credit', '10.5', { currency: 'JPY', rate: '0.0091' }), 'lines[1].amount'],
      ['a negative amount', line('4900', 'GEN', 'credit', '-10.01'), 'lines[1].amount'],
      ['a zero amount', line('4900', 'GEN', 'credit', '0'), 'lines[1].amount'],
      ['a zero amount with cents', line('4900', 'GEN', 'credit', '0.00'), 'lines[1].amount'],
      ['an exponent', line('4900', 'GEN', 'credit', '1e3'), 'lines[1].amount'],
      ['thousands separators', line('4900', 'GEN', 'credit', '1,000.00'), 'lines[1].amount'],
      ['surrounding spaces', line('4900', 'GEN', 'credit', ' 10.01'), 'lines[1].amount'],
      ['an empty amount', line('4900', 'GEN', 'credit', ''), 'lines[1].amount'],
      ['no amount', { account: '4900', fund: 'GEN', side: 'credit' }, 'lines[1].amount'],
      ['21 integer digits', line('4900', 'GEN', 'credit', '100000000000000000000.00'), 'lines[1].amount'],
      ['a foreign currency without a rate', line('4900', 'GEN', 'credit', '10.01', { currency: 'EUR' }), 'lines[1].rate'],
      ['a rate other than 1 for the base currency', line('4900', 'GEN', 'credit', '10.01', { rate: '2' }), 'lines[1].rate'],
      ['a rate as a JSON number', line('4900', 'GEN', 'credit', '10.01', { currency: 'EUR', rate: 1.1 }), 'lines[1].rate'],
      ['a zero rate', line('4900', 'GEN', 'credit', '10.01', { currency: 'EUR', rate: '0' }), 'lines[1].rate'],
      ['an unknown currency', line('4900', 'GEN', 'credit', '10.01', { currency: 'ZZZ', rate: '1' }), 'lines[1].currency'],
      ['an unknown side', line('4900', 'GEN', 'both', '10.01'), 'lines[1].side'],
      ['an unknown account', line('4999', 'GEN', 'credit', '10.01'), 'lines[1].account'],
      ['an unknown fund', line('4900', 'NOFUND', 'credit', '10.01'), 'lines[1].fund'],
      ['an unknown member', line('4900', 'GEN', 'credit', '10.01', { member: 'ZZZ' }), 'lines'],
      ['a member code that is not ISO alpha-3', line('4900', 'GEN', 'credit', '10.01', { member: 'mex' }), 'lines[1].member'],
      ['an unknown field in a line', line('4900', 'GEN', 'credit', '10.01', { colour: 'red' }), 'lines[1].colour'],
    ])('%s', async (_case, second, field) => {
      const before = await footprint();
      const res = await t.as('secretariat').post('/v1/journal-entries', entry([line('1010', 'GEN', 'debit', '10.01'), second])).expect(400);
      expect(res.body.code).toBe('validation_failed');
      expect((res.body.errors as { field: string }[]).map((e) => e.field)).toContain(field);
      expect(await footprint()).toEqual(before);
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['an unknown top-level field', balanced('1.00', { foo: 'bar' }), 'foo'],
      ['a client-chosen source', balanced('1.00', { source: 'closing' }), 'source'],
      ['a client-chosen sequence', balanced('1.00', { sequence: 1 }), 'sequence'],
      ['a single line', entry([line('1010', 'GEN', 'debit', '1.00')]), 'lines'],
      ['no lines', entry([]), 'lines'],
      ['lines that are not an array', entry('x' as unknown as Line[]), 'lines'],
      ['an impossible date', balanced('1.00', { date: '2005-02-30' }), 'date'],
      ['a date with a time', balanced('1.00', { date: '2005-03-15T00:00:00Z' }), 'date'],
      ['no date', { description: 'x', lines: [line('1010', 'GEN', 'debit', '1.00'), line('4900', 'GEN', 'credit', '1.00')] }, 'date'],
      ['an empty description', balanced('1.00', { description: '' }), 'description'],
      ['a description of 501 characters', balanced('1.00', { description: 'x'.repeat(501) }), 'description'],
      ['metadata with a number value', balanced('1.00', { metadata: { decision: 21 } }), 'metadata'],
      ['metadata that is an array', balanced('1.00', { metadata: ['a'] }), 'metadata'],
      ['metadata with 33 keys', balanced('1.00', { metadata: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, 'v'])) }), 'metadata'],
    ])('%s', async (_case, body, field) => {
      const before = await footprint();
      const res = await t.as('secretariat').post('/v1/journal-entries', body).expect(400);
      expect(res.body.code).toBe('validation_failed');
      expect((res.body.errors as { field: string }[]).map((e) => e.field)).toContain(field);
      expect(await footprint()).toEqual(before);
    });

    // Text PostgreSQL cannot store would otherwise fail the insert (or the read-back of the hash).
    it.each<[string, Record<string, unknown>]>([
      ['a description holding a NUL character', balanced('1.00', { description: 'bank\u0000interest' })],
      ['a description holding a lone surrogate', balanced('1.00', { description: 'bank \ud800 interest' })],
      ['a metadata value holding a NUL character', balanced('1.00', { metadata: { decision: 'a\u0000b' } })],
      ['a metadata key holding a NUL character', balanced('1.00', { metadata: { 'a\u0000': 'b' } })],
      ['a metadata value holding a lone surrogate', balanced('1.00', { metadata: { decision: '\udc00' } })],
    ])('refuses %s with 400', async (_case, body) => {
      const before = await footprint();
      const res = await t.as('secretariat').post('/v1/journal-entries', body).expect(400);
      expect(res.body.code).toBe('validation_failed');
      expect(await footprint()).toEqual(before);
    });

    it('refuses a body that is not JSON, and a JSON array, with 400', async () => {
      const before = await footprint();
      await t.as('secretariat').post('/v1/journal-entries').set('Content-Type', 'application/json').send('{"date":').expect(400);
      await t.as('secretariat').post('/v1/journal-entries', [balanced()]).expect(400);
      expect(await footprint()).toEqual(before);
    });
  });

  describe('chart of accounts, funds and policies', () => {
    it('adds an account and a restricted fund that can be posted to at once; refuses duplicates and bad codes', async () => {
      const account = await t.as('admin').post('/v1/accounts', { code: '5310', name: 'Awareness campaigns', type: 'expense', parent: '5300' }).expect(201);
      expect(account.body).toMatchObject({ code: '5310', type: 'expense', parent: '5300', active: true });
      const fund = await t.as('admin').post('/v1/funds', { code: 'CAMPAIGN', name: 'Awareness campaign fund', kind: 'restricted' }).expect(201);
      expect(fund.body).toMatchObject({ code: 'CAMPAIGN', kind: 'restricted', netAssetsAccount: '3300', active: true });
      await t
        .as('secretariat')
        .post('/v1/journal-entries', entry([line('5310', 'CAMPAIGN', 'debit', '75.00'), line('1010', 'CAMPAIGN', 'credit', '75.00')]))
        .expect(201);

      const before = await footprint();
      expect((await t.as('admin').post('/v1/accounts', { code: '5310', name: 'again', type: 'expense' }).expect(409)).body.code).toBe('already_exists');
      expect((await t.as('admin').post('/v1/funds', { code: 'CAMPAIGN', name: 'again', kind: 'restricted' }).expect(409)).body.code).toBe('already_exists');
      await t.as('admin').post('/v1/accounts', { code: '5320', name: 'x', type: 'expense', parent: '4100' }).expect(400);
      await t.as('admin').post('/v1/accounts', { code: 'a b', name: 'x', type: 'expense' }).expect(400);
      await t.as('admin').post('/v1/accounts', { code: '5330', name: 'x', type: 'equity' }).expect(400);
      await t.as('admin').post('/v1/funds', { code: 'F2', name: 'x', kind: 'restricted', netAssetsAccount: '1010' }).expect(400);
      await t.as('secretariat').post('/v1/accounts', { code: '5340', name: 'x', type: 'expense' }).expect(403);
      await t.as('secretariat').post('/v1/funds', { code: 'F3', name: 'x', kind: 'general' }).expect(403);
      expect(await footprint()).toEqual(before);
    });

    it('freezes the base currency and the fiscal year start once entries exist (422); other policies may change', async () => {
      const current = (await t.as('viewer').get('/v1/policies').expect(200)).body;
      expect(current).toMatchObject({ baseCurrency: 'USD', fiscalYearStartMonth: 1 });
      const currency = await t.as('admin').put('/v1/policies', { ...current, baseCurrency: 'EUR' }).expect(422);
      expect(currency.body.code).toBe('business_rule_violated');
      await t.as('admin').put('/v1/policies', { ...current, fiscalYearStartMonth: 7 }).expect(422);
      const honour = await t.as('admin').put('/v1/policies', { ...current, honourRollDays: 45 }).expect(200);
      expect(honour.body).toMatchObject({ baseCurrency: 'USD', honourRollDays: 45 });
      await t.as('admin').put('/v1/policies', current).expect(200);
      await t.as('secretariat').put('/v1/policies', current).expect(403);
    });
  });

  describe('metadata', () => {
    it('keeps every key as sent, even keys named like members of Object.prototype, and returns them', async () => {
      // ("__proto__", "constructor" and "prototype" are refused with a 400: test/metadata-keys.e2e-spec.ts.)
      const metadata = { toString: 's', valueOf: 'v', hasOwnProperty: 'h', decision: 'GRCM-2004-12/21', 'bank advice': 'BA 7' };
      const res = await t.as('secretariat').post('/v1/journal-entries', balanced('2.00', { metadata })).expect(201);
      expect(res.body.metadata).toEqual(metadata);
      expect((await t.as('viewer').get(`/v1/journal-entries/${res.body.id}`).expect(200)).body.metadata).toEqual(metadata);
      expect((await db.query('SELECT metadata FROM journal_entries WHERE id = $1', [res.body.id])).rows[0].metadata).toEqual(metadata);
    });
  });

  describe('inactive accounts', () => {
    it('refuses a posting to an inactive account with 422 inactive_account, and accepts it again once reactivated', async () => {
      await t.as('admin').put('/v1/accounts/5900', { active: false }).expect(200);
      const accounts = await t.as('viewer').get('/v1/accounts').expect(200);
      expect(accounts.body.find((a: { code: string }) => a.code === '5900')).toMatchObject({ active: false });
      const before = await footprint();
      const body = entry([line('5900', 'GEN', 'debit', '12.00'), line('1010', 'GEN', 'credit', '12.00')]);
      const res = await t.as('secretariat').post('/v1/journal-entries', body).expect(422);
      expect(res.body.code).toBe('inactive_account');
      expect(res.body.errors).toEqual([{ field: 'lines[0].account', message: "account '5900' is inactive" }]);
      expect(await footprint()).toEqual(before);

      await t.as('admin').put('/v1/accounts/5900', { active: true }).expect(200);
      await t.as('secretariat').post('/v1/journal-entries', body).expect(201);
    });

    it('lets only an admin (de)activate an account, and answers 404 for an unknown one', async () => {
      await t.as('secretariat').put('/v1/accounts/5900', { active: false }).expect(403);
      await t.as('admin').put('/v1/accounts/NOPE', { active: false }).expect(404);
      await t.as('admin').put('/v1/accounts/5900', { active: 'no' }).expect(400);
      await t.as('admin').put('/v1/accounts/5900', { type: 'revenue' }).expect(400);
    });
  });

  describe('reversal', () => {
    it('posts a linked reversing entry, links both ways, and refuses a second reversal with 409', async () => {
      const original = (
        await t
          .as('secretariat')
          .post(
            '/v1/journal-entries',
            entry([line('1010', 'GEN', 'debit', '91.00', { currency: 'EUR', rate: '1.1', member: 'MEX' }), line('4200', 'GEN', 'credit', '100.10')]),
          )
          .expect(201)
      ).body;
      const reversal = (
        await t.as('secretariat').post(`/v1/journal-entries/${original.id}/reversal`, { date: '2005-03-20', reason: 'posted to the wrong member' }).expect(201)
      ).body;
      expect(reversal).toMatchObject({
        sequence: original.sequence + 1,
        date: '2005-03-20',
        source: 'reversal',
        sourceId: original.id,
        reverses: original.id,
        reversedBy: null,
        prevHash: original.hash,
        metadata: { reason: 'posted to the wrong member' },
      });
      expect(reversal.description).toBe(`Reversal of entry ${original.sequence}: posted to the wrong member`);
      expect(reversal.lines).toEqual([
        { line: 1, account: '1010', fund: 'GEN', side: 'credit', amount: '91.00', currency: 'EUR', rate: '1.1', amountBase: '100.10', member: 'MEX' },
        { line: 2, account: '4200', fund: 'GEN', side: 'debit', amount: '100.10', currency: 'USD', rate: '1', amountBase: '100.10' },
      ]);

      const originalNow = (await t.as('viewer').get(`/v1/journal-entries/${original.id}`).expect(200)).body;
      expect(originalNow.reversedBy).toBe(reversal.id);
      expect(originalNow.reverses).toBeNull();
      expect(originalNow.hash).toBe(original.hash);
      const reversalNow = (await t.as('viewer').get(`/v1/journal-entries/${reversal.id}`).expect(200)).body;
      expect(reversalNow.reverses).toBe(original.id);

      const before = await footprint();
      const twice = await t.as('secretariat').post(`/v1/journal-entries/${original.id}/reversal`, { date: '2005-03-21', reason: 'again' }).expect(409);
      expect(twice.body.code).toBe('already_reversed');
      const ofReversal = await t.as('secretariat').post(`/v1/journal-entries/${reversal.id}/reversal`, { date: '2005-03-21', reason: 'undo' }).expect(422);
      expect(ofReversal.body.code).toBe('business_rule_violated');
      expect(await footprint()).toEqual(before);
    });

    it.each<[string, string, Record<string, unknown>, number]>([
      ['an unknown entry', '00000000-0000-4000-8000-000000000000', { date: '2005-03-21', reason: 'x' }, 404],
      ['an id that is not a uuid', 'not-a-uuid', { date: '2005-03-21', reason: 'x' }, 404],
      ['no reason', 'FIRST', { date: '2005-03-21' }, 400],
      ['an impossible date', 'FIRST', { date: '2005-02-29', reason: 'x' }, 400],
      ['an unknown field', 'FIRST', { date: '2005-03-21', reason: 'x', amount: '1.00' }, 400],
      ['a date before the entry it reverses (2005-03-15)', 'FIRST', { date: '2005-03-14', reason: 'x' }, 422],
    ])('refuses a reversal of %s', async (_case, id, body, status) => {
      const first = (await db.query(`SELECT id FROM journal_entries WHERE source = 'manual' ORDER BY sequence LIMIT 1`)).rows[0].id as string;
      const before = await footprint();
      await t.as('secretariat').post(`/v1/journal-entries/${id === 'FIRST' ? first : id}/reversal`, body).expect(status);
      expect(await footprint()).toEqual(before);
    });
  });

  describe('dry run', () => {
    it('answers what would be posted and writes nothing; the next real post takes the same sequence', async () => {
      const before = await footprint();
      const body = balanced('250.00', { metadata: { preview: 'yes' } });
      const res = await t.as('secretariat').post('/v1/journal-entries?dryRun=true', body, null).expect(200);
      expect(res.headers['dry-run']).toBe('true');
      const next = Number(before.head.split(':')[0]) + 1;
      expect(res.body).toMatchObject({
        dryRun: true,
        wouldRespond: {
          status: 201,
          body: {
            sequence: next,
            metadata: { preview: 'yes' },
            lines: [
              { line: 1, account: '1010', side: 'debit', amount: '250.00', amountBase: '250.00' },
              { line: 2, account: '4900', side: 'credit', amount: '250.00', amountBase: '250.00' },
            ],
          },
        },
      });
      expect(await footprint()).toEqual(before);
      expect((await db.query('SELECT count(*)::int AS n FROM journal_entries WHERE id = $1', [res.body.wouldRespond.body.id])).rows[0].n).toBe(0);

      const real = await t.as('secretariat').post('/v1/journal-entries', body).expect(201);
      expect(real.body.sequence).toBe(next);
    });

    it('answers the rule a dry run would break, and writes nothing', async () => {
      const before = await footprint();
      const res = await t
        .as('secretariat')
        .post('/v1/journal-entries?dryRun=true', entry([line('1010', 'GEN', 'debit', '1.00'), line('4900', 'RES', 'credit', '1.00')]))
        .expect(422);
      expect(res.body.code).toBe('unbalanced_entry');
      await t.as('secretariat').post('/v1/journal-entries?dryRun=maybe', balanced()).expect(400);
      expect(await footprint()).toEqual(before);
    });
  });

  describe('roles', () => {
    it.each(['viewer', 'auditor'] as const)('refuses %s posting or reversing with 403, and writes nothing', async (role) => {
      const first = (await db.query('SELECT id FROM journal_entries ORDER BY sequence LIMIT 1')).rows[0].id as string;
      const before = await footprint();
      const res = await t.as(role).post('/v1/journal-entries', balanced()).expect(403);
      expect(res.body.code).toBe('forbidden');
      await t.as(role).post(`/v1/journal-entries/${first}/reversal`, { date: '2005-03-22', reason: 'x' }).expect(403);
      await t.as(role).post('/v1/journal-entries?dryRun=true', balanced()).expect(403);
      await t.as(role).post('/v1/fiscal-years/2005/close').expect(403);
      expect(await footprint()).toEqual(before);
      // ...but may read.
      await t.as(role).get('/v1/journal-entries?limit=1').expect(200);
      await t.as(role).get(`/v1/journal-entries/${first}`).expect(200);
      await t.as(role).get('/v1/reports/trial-balance?asOf=2005-12-31').expect(200);
    });

    it('lets an admin post, and refuses a request without a token with 401', async () => {
      await t.as('admin').post('/v1/journal-entries', balanced('3.00')).expect(201);
      await t.as({ token: 'clg_nobody' }).post('/v1/journal-entries', balanced()).expect(401);
    });
  });

  it('leaves the ledger sound', async () => {
    await expectLedgerSound(t);
    const verification = await t.as('auditor').get('/v1/ledger/verification').expect(200);
    const count = (await db.query('SELECT count(*)::int AS n FROM journal_entries')).rows[0].n;
    expect(verification.body).toEqual({ ok: true, entries: count, head: expect.stringMatching(HASH) });
  });
});
