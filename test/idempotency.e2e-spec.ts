import { Client } from 'pg';
import type { Response } from 'supertest';
import { expectLedgerSound } from './support/ledger-assertions';
import { newKey, startTestApp, TestApp } from './support/test-app';

const body = (amount: string, extra: Record<string, unknown> = {}) => ({
  date: '2005-04-01',
  description: `idempotent ${amount}`,
  lines: [
    { account: '1010', fund: 'GEN', side: 'debit', amount },
    { account: '4900', fund: 'GEN', side: 'credit', amount },
  ],
  ...extra,
});

/** What a client can observe of an answer. */
const answer = (r: Response) => ({ status: r.status, body: r.body as unknown, type: r.headers['content-type'] });

describe('idempotency of ledger posts (Idempotency-Key)', () => {
  let t: TestApp;
  let db: Client;

  const footprint = async (): Promise<Record<string, string>> => {
    const { rows } = await db.query(`SELECT
        (SELECT count(*) FROM journal_entries)::text AS entries,
        (SELECT count(*) FROM postings)::text AS postings,
        (SELECT last_sequence || ':' || last_hash FROM ledger_chain) AS head`);
    return rows[0];
  };
  const entries = async (): Promise<number> => Number((await footprint()).entries);

  beforeAll(async () => {
    t = await startTestApp();
    // Listening once lets the parallel requests below share one server (supertest would otherwise
    // start one per request on the same http.Server).
    await t.app.listen(0, '127.0.0.1');
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  it('10 parallel requests with one key and one body: exactly one entry, 10 identical 201 answers, 9 marked as replays', async () => {
    const before = await entries();
    const key = newKey();
    const responses = await Promise.all(Array.from({ length: 10 }, () => t.as('secretariat').post('/v1/journal-entries', body('10.00'), key)));
    expect(await entries()).toBe(before + 1);
    const first = answer(responses[0]);
    expect(first.status).toBe(201);
    for (const r of responses) expect(answer(r)).toEqual(first);
    const replayed = responses.filter((r) => r.headers['idempotent-replayed'] === 'true');
    expect(replayed).toHaveLength(9);
    const original = responses.find((r) => r.headers['idempotent-replayed'] === undefined);
    expect(original?.body.id).toBe(first.body && (first.body as { id: string }).id);
    // The one entry is the one every answer names.
    const stored = await db.query('SELECT id FROM journal_entries ORDER BY sequence DESC LIMIT 1');
    expect(stored.rows[0].id).toBe((first.body as { id: string }).id);
  });

  it('a later replay answers the first answer again, even with the keys of the body in another order', async () => {
    const key = newKey();
    const first = await t.as('secretariat').post('/v1/journal-entries', body('11.00', { metadata: { a: '1', b: '2' } }), key).expect(201);
    const before = await footprint();
    const reordered = {
      metadata: { b: '2', a: '1' },
      lines: [
        { amount: '11.00', side: 'debit', fund: 'GEN', account: '1010' },
        { side: 'credit', account: '4900', amount: '11.00', fund: 'GEN' },
      ],
      description: 'idempotent 11.00',
      date: '2005-04-01',
    };
    const again = await t.as('secretariat').post('/v1/journal-entries', reordered, key).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await footprint()).toEqual(before);
  });

  it('the same key with another body is a 409 idempotency_key_reused, and writes nothing', async () => {
    const key = newKey();
    await t.as('secretariat').post('/v1/journal-entries', body('12.00'), key).expect(201);
    const before = await footprint();
    const other = await t.as('secretariat').post('/v1/journal-entries', body('12.01'), key).expect(409);
    expect(other.body.code).toBe('idempotency_key_reused');
    // ...or another route.
    const first = (await db.query('SELECT id FROM journal_entries ORDER BY sequence LIMIT 1')).rows[0].id as string;
    const route = await t.as('secretariat').post(`/v1/journal-entries/${first}/reversal`, { date: '2005-04-02', reason: 'x' }, key).expect(409);
    expect(route.body.code).toBe('idempotency_key_reused');
    expect(await footprint()).toEqual(before);
  });

  it('a replay of a request refused with 422 returns the same 422 body, and still writes nothing', async () => {
    const key = newKey();
    const before = await footprint();
    const unbalanced = body('13.00', { lines: [{ account: '1010', fund: 'GEN', side: 'debit', amount: '13.00' }, { account: '4900', fund: 'RES', side: 'credit', amount: '13.00' }] });
    const first = await t.as('secretariat').post('/v1/journal-entries', unbalanced, key).expect(422);
    expect(first.body.code).toBe('unbalanced_entry');
    const again = await t.as('secretariat').post('/v1/journal-entries', unbalanced, key).expect(422);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(answer(again)).toEqual(answer(first));
    // In parallel, too.
    const parallel = await Promise.all(Array.from({ length: 5 }, () => t.as('secretariat').post('/v1/journal-entries', unbalanced, key)));
    for (const r of parallel) expect(answer(r)).toEqual(answer(first));
    expect(await footprint()).toEqual(before);
  });

  it('10 parallel requests with one key whose first answer is a 422: ten identical 422s', async () => {
    const key = newKey();
    const before = await footprint();
    const bad = body('14.00', { date: '2005-04-01', lines: [{ account: '1010', fund: 'GEN', side: 'debit', amount: '14.00' }, { account: '4900', fund: 'GEN', side: 'credit', amount: '14.01' }] });
    const responses = await Promise.all(Array.from({ length: 10 }, () => t.as('secretariat').post('/v1/journal-entries', bad, key)));
    const first = answer(responses[0]);
    expect(first.status).toBe(422);
    for (const r of responses) expect(answer(r)).toEqual(first);
    expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(9);
    expect(await footprint()).toEqual(before);
  });

  it.each<[string, string | null]>([
    ['no Idempotency-Key', null],
    ['an empty Idempotency-Key', ''],
    ['a key of 129 characters', 'k'.repeat(129)],
    ['a key with a space', 'two words'],
    ['a key with a non-ASCII character', 'clé'],
  ])('refuses a post with %s with 400 naming the header, and writes nothing', async (_case, key) => {
    const before = await footprint();
    const res = await t.as('secretariat').post('/v1/journal-entries', body('15.00'), key).expect(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.errors).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
    expect(await footprint()).toEqual(before);
  });

  it('requires the key on a reversal too', async () => {
    const first = (await db.query('SELECT id FROM journal_entries ORDER BY sequence LIMIT 1')).rows[0].id as string;
    const before = await footprint();
    await t.as('secretariat').post(`/v1/journal-entries/${first}/reversal`, { date: '2005-04-02', reason: 'x' }, null).expect(400);
    expect(await footprint()).toEqual(before);
  });

  it('accepts a key of exactly 128 visible characters', async () => {
    await t.as('secretariat').post('/v1/journal-entries', body('16.00'), `${'k'.repeat(127)}!`).expect(201);
  });

  it('scopes keys per token: the same key and body from another token is a new request', async () => {
    const other = (await t.as('admin').post('/v1/tokens', { name: 'second officer', role: 'secretariat' }).expect(201)).body.token as string;
    const key = newKey();
    const before = await entries();
    const mine = await t.as('secretariat').post('/v1/journal-entries', body('17.00'), key).expect(201);
    const theirs = await t.as({ token: other }).post('/v1/journal-entries', body('17.00'), key).expect(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.body.id).not.toBe(mine.body.id);
    // ...and a different body under that key from the other token is not a conflict with mine.
    const adminAnswer = await t.as('admin').post('/v1/journal-entries', body('17.50'), key).expect(201);
    expect(adminAnswer.body.id).not.toBe(mine.body.id);
    expect(await entries()).toBe(before + 3);
    // Each token's replay is its own first answer.
    const replay = await t.as({ token: other }).post('/v1/journal-entries', body('17.00'), key).expect(201);
    expect(replay.body.id).toBe(theirs.body.id);
  });

  it('a dry run does not use up the key: the real post with the same key is a new request', async () => {
    const key = newKey();
    const before = await entries();
    const dry = await t.as('secretariat').post('/v1/journal-entries?dryRun=true', body('18.00'), key).expect(200);
    expect(dry.body.dryRun).toBe(true);
    expect(await entries()).toBe(before);
    const real = await t.as('secretariat').post('/v1/journal-entries', body('18.00'), key).expect(201);
    expect(real.headers['idempotent-replayed']).toBeUndefined();
    expect(await entries()).toBe(before + 1);
  });

  it('a replay of a 400 (validation) answers the same 400', async () => {
    const key = newKey();
    const bad = body('19.001');
    const first = await t.as('secretariat').post('/v1/journal-entries', bad, key).expect(400);
    const again = await t.as('secretariat').post('/v1/journal-entries', bad, key).expect(400);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(answer(again)).toEqual(answer(first));
  });

  it('leaves the ledger sound', async () => {
    await expectLedgerSound(t);
  });
});
