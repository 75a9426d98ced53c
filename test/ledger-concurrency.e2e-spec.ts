import { Client } from 'pg';
import { Dec } from '@app/common';
import { expectLedgerSound } from './support/ledger-assertions';
import { startTestApp, TestApp } from './support/test-app';

const entry = (date: string, amount: string, credit = '4900', fund = 'GEN') => ({
  date,
  description: `parallel ${amount}`,
  lines: [
    { account: '1010', fund, side: 'debit', amount },
    { account: credit, fund, side: 'credit', amount },
  ],
});
/** A distinct amount per request: n × 1.01. */
const amountOf = (n: number): string => new Dec(n).times('1.01').toFixed(2);
const range = (from: number, count: number): number[] => Array.from({ length: count }, (_, i) => from + i);

describe('ledger under real parallel requests', () => {
  let t: TestApp;
  let db: Client;

  const head = async (): Promise<number> => Number((await db.query('SELECT last_sequence FROM ledger_chain')).rows[0].last_sequence);
  const sequences = async (): Promise<number[]> =>
    (await db.query('SELECT sequence::int AS s FROM journal_entries ORDER BY sequence')).rows.map((r: { s: number }) => r.s);
  const verification = async () => (await t.as('auditor').get('/v1/ledger/verification').expect(200)).body;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  it('50 parallel posts get 50 distinct, gapless sequences, and the chain verifies', async () => {
    const start = await head();
    const responses = await Promise.all(
      range(1, 50).map((i) => t.as(i % 2 === 0 ? 'secretariat' : 'admin').post('/v1/journal-entries', entry('2005-05-05', amountOf(i)))),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(201));
    const got = responses.map((r) => r.body.sequence as number).sort((a, b) => a - b);
    expect(got).toEqual(range(start + 1, 50));
    // Each answer is the entry its request asked for, and chains to the one before it.
    const bySequence = new Map(responses.map((r) => [r.body.sequence as number, r.body]));
    for (const [i, r] of responses.entries()) expect(r.body.lines[0].amount).toBe(amountOf(i + 1));
    for (let s = start + 2; s <= start + 50; s++) expect(bySequence.get(s).prevHash).toBe(bySequence.get(s - 1).hash);
    expect(await sequences()).toEqual(range(1, start + 50));
    expect(await verification()).toMatchObject({ ok: true, entries: start + 50 });
  });

  it('valid and refused posts in parallel: the refused ones take no sequence', async () => {
    const start = await head();
    const responses = await Promise.all(
      range(0, 30).map((i) =>
        t.as('secretariat').post(
          '/v1/journal-entries',
          i % 3 === 0 ? entry('2005-05-06', '1.00', '4900', i % 2 === 0 ? 'RES' : 'GEN') : { ...entry('2005-05-06', '2.00'), lines: [entry('2005-05-06', '2.00').lines[0], { account: '4900', fund: 'RES', side: 'credit', amount: '2.00' }] },
        ),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(range(0, 30).map((i) => (i % 3 === 0 ? 201 : 422)));
    expect(await sequences()).toEqual(range(1, start + 10));
    expect(await verification()).toMatchObject({ ok: true, entries: start + 10 });
  });

  it('20 parallel reversals of one entry: exactly one succeeds, the others are 409 already_reversed', async () => {
    const original = (await t.as('secretariat').post('/v1/journal-entries', entry('2005-06-01', '500.00')).expect(201)).body;
    const start = await head();
    const responses = await Promise.all(
      range(0, 20).map((i) => t.as('secretariat').post(`/v1/journal-entries/${original.id}/reversal`, { date: '2005-06-02', reason: `attempt ${i}` })),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array(19).fill(409)]);
    for (const r of responses.filter((x) => x.status === 409)) expect(r.body.code).toBe('already_reversed');
    expect(await head()).toBe(start + 1);
    const links = await db.query('SELECT count(*)::int AS n FROM journal_entries WHERE reverses_entry_id = $1', [original.id]);
    expect(links.rows[0].n).toBe(1);
    expect(await verification()).toMatchObject({ ok: true });
  });

  it('posts racing the close of their year either land before the close (and are closed) or get 409; nothing in between', async () => {
    // 2005 closed first, so that as at the end of 2006 only 2006's revenue could remain.
    await t.as('secretariat').post('/v1/fiscal-years/2005/close').expect(200);
    const post = (i: number) =>
      t
        .as('secretariat')
        .post('/v1/journal-entries', entry(`2006-${String(1 + (i % 12)).padStart(2, '0')}-15`, amountOf(i * 1000 + 7), i % 2 ? '4900' : '4400'))
        .then((r) => r);
    // Twelve posts in flight; once the first has landed the close is sent, then twelve more posts.
    // Which of them land before the close varies (posts holding the year FOR SHARE usually make
    // the close wait for all of them); the checks below hold for any interleaving.
    const early = range(1, 12).map(post);
    await Promise.race(early);
    const close = t.as('secretariat').post('/v1/fiscal-years/2006/close').then((r) => r);
    const late = range(13, 12).map(post);
    const [closed, ...answers] = await Promise.all([close, ...early, ...late]);
    expect(closed.status).toBe(200);
    for (const r of answers) expect([201, 409]).toContain(r.status);
    const accepted = answers.filter((r) => r.status === 201).map((r) => r.body);
    const refused = answers.filter((r) => r.status === 409);
    for (const r of refused) expect(r.body.code).toBe('period_closed');

    // The close saw exactly the accepted posts: its GEN entry empties 4400 and 4900 for 2006.
    const closing = closed.body.closingEntries as { sequence: number; lines: { account: string; side: string; amountBase: string }[] }[];
    const sum = (amounts: string[]): string => amounts.reduce((s, a) => s.plus(a), new Dec(0)).toFixed(2);
    const revenue = sum(accepted.map((e: { lines: { amountBase: string }[] }) => e.lines[1].amountBase));
    const closedRevenue = sum(
      closing
        .flatMap((e) => e.lines)
        .filter((l) => l.account === '4400' || l.account === '4900')
        .map((l) => {
          expect(l.side).toBe('debit');
          return l.amountBase;
        }),
    );
    expect(closedRevenue).toBe(revenue);
    for (const e of accepted) for (const c of closing) expect(e.sequence).toBeLessThan(c.sequence);
    const tb = (await t.as('viewer').get('/v1/reports/trial-balance?asOf=2006-12-31&fund=GEN').expect(200)).body;
    expect(tb.rows.filter((r: { account: string }) => r.account === '4400' || r.account === '4900')).toEqual([]);
    expect(await sequences()).toEqual(range(1, await head()));

    // Once the close has answered, parallel posts into the year are all refused.
    const after = await Promise.all(range(30, 8).map(post));
    expect(after.map((r) => [r.status, r.body.code])).toEqual(Array(8).fill([409, 'period_closed']));
  });

  it('leaves the ledger sound', async () => {
    await expectLedgerSound(t);
  });
});
