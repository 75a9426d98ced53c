import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { Client } from 'pg';
import { Dec } from '@app/common';
import { expectLedgerSound } from './support/ledger-assertions';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Model-based property test against the real API and database: random sequences of valid and
 * invalid entries and reversals must keep every invariant of the ledger core.
 */

type Side = 'debit' | 'credit';
const FUNDS = ['GEN', 'RES', 'TRF-P'] as const;
const ACCOUNTS = ['1010', '1100', '2300', '4100', '4200', '4900', '5100', '5200', '5900'] as const;
const CURRENCIES: Record<string, { scale: number; rates: string[] }> = {
  USD: { scale: 2, rates: ['1'] },
  EUR: { scale: 2, rates: ['1.1', '1.2345', '0.98765'] },
  JPY: { scale: 0, rates: ['0.0091', '0.00925'] },
  BZD: { scale: 2, rates: ['0.5', '0.4975'] },
};

interface LineSpec {
  account: string;
  side: Side;
  currency: string;
  rateIndex: number;
  /** Amount in minor units of the currency (≥ 100, so its base value is at least one cent). */
  units: number;
  /** USD only: send the currency explicitly, or leave it to the default. */
  explicit: boolean;
}
interface FundSpec {
  fund: string;
  lines: LineSpec[];
}
interface EntrySpec {
  date: string;
  funds: FundSpec[];
}

interface ModelEntry {
  id: string;
  date: string;
  reversed: boolean;
  isReversal: boolean;
}
interface Model {
  entries: ModelEntry[];
}
interface Real {
  t: TestApp;
  db: Client;
}

const amountText = (units: number, scale: number): string => new Dec(units).div(new Dec(10).pow(scale)).toFixed(scale);
/** The base amount, worked out here independently: amount × rate, half-even to the cent. */
const baseOf = (amount: string, rate: string): Decimal => new Dec(amount).times(rate).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN);

interface RequestLine {
  account: string;
  fund: string;
  side: Side;
  amount: string;
  currency?: string;
  rate?: string;
}

/** The request body of a spec, each fund balanced by a final USD line; and the base amounts expected. */
function build(spec: EntrySpec): { body: { date: string; description: string; lines: RequestLine[] }; bases: string[] } {
  const lines: RequestLine[] = [];
  const bases: string[] = [];
  for (const group of spec.funds) {
    let net = new Dec(0);
    for (const l of group.lines) {
      const { scale, rates } = CURRENCIES[l.currency];
      const amount = amountText(l.units, scale);
      const rate = rates[l.rateIndex % rates.length];
      const base = baseOf(amount, rate);
      net = l.side === 'debit' ? net.plus(base) : net.minus(base);
      lines.push({
        account: l.account,
        fund: group.fund,
        side: l.side,
        amount,
        ...(l.currency !== 'USD' ? { currency: l.currency, rate } : l.explicit ? { currency: 'USD', rate: '1' } : {}),
      });
      bases.push(base.toFixed(2));
    }
    if (!net.isZero()) {
      lines.push({ account: net.gt(0) ? '4900' : '5900', fund: group.fund, side: net.gt(0) ? 'credit' : 'debit', amount: net.abs().toFixed(2) });
      bases.push(net.abs().toFixed(2));
    }
  }
  return { body: { date: spec.date, description: 'property test entry', lines }, bases };
}

const dateArb = fc
  .record({ year: fc.constantFrom(2005, 2006), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }) })
  .map(({ year, month, day }) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
const lineArb: fc.Arbitrary<LineSpec> = fc.record({
  account: fc.constantFrom(...ACCOUNTS),
  side: fc.constantFrom<Side>('debit', 'credit'),
  currency: fc.constantFrom(...Object.keys(CURRENCIES)),
  rateIndex: fc.nat({ max: 5 }),
  units: fc.integer({ min: 100, max: 50_000_000 }),
  explicit: fc.boolean(),
});
const entryArb: fc.Arbitrary<EntrySpec> = fc.record({
  date: dateArb,
  funds: fc.uniqueArray(fc.record({ fund: fc.constantFrom(...FUNDS), lines: fc.array(lineArb, { minLength: 1, maxLength: 3 }) }), {
    minLength: 1,
    maxLength: 3,
    selector: (f) => f.fund,
  }),
});

async function footprint(db: Client): Promise<Record<string, string>> {
  const { rows } = await db.query(`SELECT
      (SELECT count(*) FROM journal_entries)::text AS entries,
      (SELECT count(*) FROM postings)::text AS postings,
      (SELECT last_sequence || ':' || last_hash FROM ledger_chain) AS head,
      (SELECT count(*) || ':' || coalesce(sum(debit_base), 0) || ':' || coalesce(sum(credit_base), 0) FROM balance_rollups) AS rollups,
      (SELECT count(*) FROM fiscal_years)::text AS years`);
  return rows[0];
}

/** A command that must be refused: `status`/`code`, and nothing written. */
async function expectRefused(real: Real, send: () => Promise<{ status: number; body: { code?: string } }>, status: number, code: string): Promise<void> {
  const before = await footprint(real.db);
  const res = await send();
  expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
  expect(await footprint(real.db)).toEqual(before);
}

class PostValid implements fc.AsyncCommand<Model, Real> {
  constructor(readonly spec: EntrySpec) {}
  check = (): boolean => true;
  async run(m: Model, real: Real): Promise<void> {
    const { body, bases } = build(this.spec);
    const before = await footprint(real.db);
    const res = await real.t.as('secretariat').post('/v1/journal-entries', body);
    expect(res.status).toBe(201);
    expect(res.body.sequence).toBe(Number(before.entries) + 1);
    expect(res.body.lines.map((l: { amountBase: string }) => l.amountBase)).toEqual(bases);
    const after = await footprint(real.db);
    expect([Number(after.entries), Number(after.postings)]).toEqual([Number(before.entries) + 1, Number(before.postings) + body.lines.length]);
    m.entries.push({ id: res.body.id, date: body.date, reversed: false, isReversal: false });
  }
  toString = (): string => `PostValid(${JSON.stringify(build(this.spec).body)})`;
}

class PostUnbalanced implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly spec: EntrySpec,
    readonly fund: string,
    readonly side: Side,
    readonly cents: number,
  ) {}
  check = (): boolean => true;
  async run(_m: Model, real: Real): Promise<void> {
    const { body } = build(this.spec);
    body.lines.push({ account: '1010', fund: this.fund, side: this.side, amount: amountText(this.cents, 2) });
    await expectRefused(real, () => real.t.as('secretariat').post('/v1/journal-entries', body), 422, 'unbalanced_entry');
  }
  toString = (): string => `PostUnbalanced(+${this.cents} ${this.side} ${this.fund})`;
}

class PostAcrossFunds implements fc.AsyncCommand<Model, Real> {
  constructor(readonly cents: number) {}
  check = (): boolean => true;
  async run(_m: Model, real: Real): Promise<void> {
    const amount = amountText(this.cents, 2);
    const body = {
      date: '2005-05-05',
      description: 'balanced in total, not per fund',
      lines: [
        { account: '1010', fund: 'GEN', side: 'debit', amount },
        { account: '4300', fund: 'RES', side: 'credit', amount },
      ],
    };
    await expectRefused(real, () => real.t.as('secretariat').post('/v1/journal-entries', body), 422, 'unbalanced_entry');
  }
  toString = (): string => `PostAcrossFunds(${this.cents})`;
}

class PostUnknownAccount implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly spec: EntrySpec,
    readonly at: number,
  ) {}
  check = (): boolean => true;
  async run(_m: Model, real: Real): Promise<void> {
    const { body } = build(this.spec);
    body.lines[this.at % body.lines.length].account = '9999';
    await expectRefused(real, () => real.t.as('secretariat').post('/v1/journal-entries', body), 400, 'validation_failed');
  }
  toString = (): string => `PostUnknownAccount(line ${this.at})`;
}

class PostTooManyDecimals implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly spec: EntrySpec,
    readonly at: number,
  ) {}
  check = (): boolean => true;
  async run(_m: Model, real: Real): Promise<void> {
    const { body } = build(this.spec);
    const line = body.lines[this.at % body.lines.length];
    // One more decimal than the currency has ("12.345" USD, "1234.5" JPY).
    line.amount = `${line.amount}${line.amount.includes('.') ? '' : '.'}5`;
    await expectRefused(real, () => real.t.as('secretariat').post('/v1/journal-entries', body), 400, 'validation_failed');
  }
  toString = (): string => `PostTooManyDecimals(line ${this.at})`;
}

class Reverse implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly pick: number,
    readonly date: string,
    readonly twice: boolean,
  ) {}
  check = (m: Readonly<Model>): boolean => m.entries.length > 0;
  async run(m: Model, real: Real): Promise<void> {
    const target = m.entries[this.pick % m.entries.length];
    const reverse = () => real.t.as('secretariat').post(`/v1/journal-entries/${target.id}/reversal`, { date: this.date, reason: 'property test' });
    if (target.isReversal) return expectRefused(real, reverse, 422, 'business_rule_violated');
    if (target.reversed) return expectRefused(real, reverse, 409, 'already_reversed');
    if (this.date < target.date) return expectRefused(real, reverse, 422, 'business_rule_violated');
    const res = await reverse();
    expect(res.status).toBe(201);
    expect(res.body.reverses).toBe(target.id);
    target.reversed = true;
    m.entries.push({ id: res.body.id, date: this.date, reversed: false, isReversal: true });
    if (this.twice) await expectRefused(real, reverse, 409, 'already_reversed');
  }
  toString = (): string => `Reverse(#${this.pick} on ${this.date}${this.twice ? ', twice' : ''})`;
}

const commandArbs = [
  entryArb.map((s) => new PostValid(s)),
  entryArb.map((s) => new PostValid(s)),
  entryArb.map((s) => new PostValid(s)),
  fc.tuple(entryArb, fc.constantFrom(...FUNDS), fc.constantFrom<Side>('debit', 'credit'), fc.integer({ min: 1, max: 10_000 })).map(([s, f, side, c]) => new PostUnbalanced(s, f, side, c)),
  fc.integer({ min: 1, max: 1_000_000 }).map((c) => new PostAcrossFunds(c)),
  fc.tuple(entryArb, fc.nat()).map(([s, at]) => new PostUnknownAccount(s, at)),
  fc.tuple(entryArb, fc.nat()).map(([s, at]) => new PostTooManyDecimals(s, at)),
  fc.tuple(fc.nat(), dateArb, fc.boolean()).map(([pick, date, twice]) => new Reverse(pick, date, twice)),
  fc.tuple(fc.nat(), dateArb, fc.boolean()).map(([pick, date, twice]) => new Reverse(pick, date, twice)),
];

describe('ledger invariants under random sequences of commands (fast-check, real API and database)', () => {
  let t: TestApp;
  let db: Client;

  /** The model is read back from the database, so that every run (and every shrink) starts true. */
  const loadModel = async (): Promise<Model> => {
    const { rows } = await db.query(
      `SELECT e.id, to_char(e.entry_date, 'YYYY-MM-DD') AS date, e.reverses_entry_id IS NOT NULL AS "isReversal",
              EXISTS (SELECT 1 FROM journal_entries r WHERE r.reverses_entry_id = e.id) AS reversed
         FROM journal_entries e ORDER BY e.sequence`,
    );
    return { entries: rows };
  };

  const expectInvariants = async (model: Model): Promise<void> => {
    // Every fund's trial balance is zero, at the end and at dates in between.
    for (const asOf of ['2005-03-31', '2005-12-31', '2006-06-15', '2999-12-31']) {
      const tb = (await t.as('auditor').get(`/v1/reports/trial-balance?asOf=${asOf}`).expect(200)).body;
      for (const f of tb.funds as { fund: string; debit: string; credit: string }[]) expect([asOf, f.fund, f.debit]).toEqual([asOf, f.fund, f.credit]);
      expect(tb.totals.debit).toBe(tb.totals.credit);
    }
    // The chain verifies; the sequence is gapless 1..N and agrees with the chain head.
    const n = model.entries.length;
    const verification = (await t.as('auditor').get('/v1/ledger/verification').expect(200)).body;
    expect(verification).toMatchObject({ ok: true, entries: n });
    const seq = await db.query('SELECT min(sequence)::int AS lo, max(sequence)::int AS hi, count(*)::int AS n, count(DISTINCT sequence)::int AS d FROM journal_entries');
    expect(seq.rows[0]).toEqual(n === 0 ? { lo: null, hi: null, n: 0, d: 0 } : { lo: 1, hi: n, n, d: n });
    const head = await db.query('SELECT last_sequence::int AS s FROM ledger_chain');
    expect(head.rows[0].s).toBe(n);
    // The monthly roll-up equals the sums computed straight from the postings.
    const drift = await db.query(`
      SELECT coalesce(p.account_code, b.account_code) AS account, coalesce(p.fund_code, b.fund_code) AS fund,
             coalesce(p.month, b.month) AS month, p.debit, b.debit_base, p.credit, b.credit_base
        FROM (SELECT account_code, fund_code, date_trunc('month', entry_date)::date AS month,
                     sum(CASE side WHEN 'debit' THEN amount_base ELSE 0 END) AS debit,
                     sum(CASE side WHEN 'credit' THEN amount_base ELSE 0 END) AS credit
                FROM postings GROUP BY 1, 2, 3) p
        FULL JOIN balance_rollups b ON b.account_code = p.account_code AND b.fund_code = p.fund_code AND b.month = p.month
       WHERE p.debit IS DISTINCT FROM b.debit_base OR p.credit IS DISTINCT FROM b.credit_base`);
    expect(drift.rows).toEqual([]);
    // Reversal links as the model expects them.
    expect(await loadModel()).toEqual(model);
  };

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    await t.as('admin').post('/v1/funds', { code: 'TRF-P', name: 'Restricted fund for the property test', kind: 'restricted' }).expect(201);
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  it('keeps every fund balanced, refused commands write nothing, the chain verifies, sequences are gapless, roll-ups agree', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commandArbs, { maxCommands: 12 }), async (cmds) => {
        const model = await loadModel();
        await fc.asyncModelRun(() => ({ model, real: { t, db } }), cmds);
        await expectInvariants(model);
      }),
      { numRuns: 25 },
    );
  });

  it('leaves the ledger sound', async () => {
    await expectLedgerSound(t);
  });
});
