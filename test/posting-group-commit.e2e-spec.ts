import { Client } from 'pg';
import { Dec } from '@app/common';
import { GroupCommit } from '@app/database';
import { expectLedgerSound } from './support/ledger-assertions';
import { newKey, startTestApp, TestApp } from './support/test-app';

/**
 * Group commit of postings: requests that post to the ledger while a batch is being written wait
 * for the next one, and a batch commits once. Each request stays all-or-nothing.
 *
 * To put known requests into one batch, a test client holds the chain-head row: the first request
 * blocks on it inside its batch, the others queue behind it and form the next batch together.
 */
const entry = (amount: string, fund = 'GEN', credit = '4900') => ({
  date: '2006-04-03',
  description: `batched ${amount}`,
  lines: [
    { account: '1010', fund, side: 'debit', amount },
    { account: credit, fund, side: 'credit', amount },
  ],
});
const unbalanced = {
  ...entry('3.00'),
  lines: [entry('3.00').lines[0], { account: '4900', fund: 'GEN', side: 'credit', amount: '2.00' }],
};
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const amountOf = (i: number): string => new Dec(i + 1).times('1.01').toFixed(2);

describe('group commit of postings', () => {
  let t: TestApp;
  let db: Client;
  let blocker: Client;
  let group: GroupCommit;

  const head = async (): Promise<number> =>
    Number((await db.query('SELECT last_sequence FROM ledger_chain')).rows[0].last_sequence);
  const sequences = async (): Promise<number[]> =>
    (await db.query('SELECT sequence::int AS s FROM journal_entries ORDER BY sequence')).rows.map(
      (r: { s: number }) => r.s,
    );
  const waitFor = async (what: () => Promise<boolean> | boolean): Promise<void> => {
    for (let i = 0; i < 600; i++) {
      if (await what()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('timed out waiting for the batch to form');
  };
  /** Blocks the chain head, sends `first` (it blocks in its batch), then `rest` (they queue together). */
  const inOneBatch = async <T>(first: () => Promise<T>, rest: (() => Promise<T>)[]): Promise<T[]> => {
    await blocker.query('BEGIN');
    await blocker.query('SELECT 1 FROM ledger_chain WHERE id = 1 FOR UPDATE');
    const firstAnswer = first();
    await waitFor(async () => {
      const rows = await db.query(
        `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> $1`,
        [(blocker as unknown as { processID: number }).processID],
      );
      return rows.rows.length > 0;
    });
    const answers = rest.map((send) => send());
    await waitFor(() => group.waiting === rest.length);
    const largestBefore = group.stats.largestBatch;
    await blocker.query('COMMIT');
    const all = await Promise.all([firstAnswer, ...answers]);
    expect(group.stats.largestBatch).toBeGreaterThanOrEqual(Math.max(largestBefore, rest.length));
    return all;
  };

  beforeAll(async () => {
    // Off by default (ADR 9): these tests are about the batches.
    process.env.GROUP_COMMIT = 'on';
    t = await startTestApp();
    delete process.env.GROUP_COMMIT;
    await t.app.listen(0, '127.0.0.1');
    group = t.app.get(GroupCommit);
    db = new Client({ connectionString: t.databaseUrl });
    blocker = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    await blocker.connect();
  });
  afterAll(async () => {
    await blocker.end();
    await db.end();
    await t.close();
  });

  it('concurrent posts in one batch: the refused ones fail alone, the others commit with gapless sequences', async () => {
    const start = await head();
    const bodies: object[] = [
      entry('1.00'),
      entry('2.00'),
      unbalanced,
      entry('4.00'),
      entry('5.00', 'GEN', 'NOPE'),
      entry('6.00'),
      entry('7.00'),
    ];
    const [firstAnswer, ...answers] = await inOneBatch(
      () =>
        t
          .as('secretariat')
          .post('/v1/journal-entries', entry('0.50'))
          .then((r) => r),
      bodies.map(
        (b) => () =>
          t
            .as('secretariat')
            .post('/v1/journal-entries', b)
            .then((r) => r),
      ),
    );
    expect(firstAnswer.status).toBe(201);
    expect(answers.map((r) => r.status)).toEqual([201, 201, 422, 201, 400, 201, 201]);
    expect(answers[2].body.code).toBe('unbalanced_entry');
    // Every committed entry has its own sequence (in the batch's order) and chains to the one before it.
    const committed = [firstAnswer, ...answers]
      .filter((r) => r.status === 201)
      .map((r) => r.body)
      .sort((a, b) => a.sequence - b.sequence);
    expect(committed.map((b) => b.sequence)).toEqual(range(6).map((i) => start + 1 + i));
    for (let i = 1; i < committed.length; i++) expect(committed[i].prevHash).toBe(committed[i - 1].hash);
    expect(await sequences()).toEqual(range(start + 6).map((i) => i + 1));
    // The refused requests left only their stored answers and audit rows.
    const refused = await db.query(
      `SELECT count(*)::int AS n FROM journal_entries WHERE description IN ('batched 3.00', 'batched 5.00')`,
    );
    expect(refused.rows[0].n).toBe(0);
    const audited = await db.query(
      `SELECT outcome, count(*)::int AS n FROM audit_log WHERE action = 'POST /v1/journal-entries' GROUP BY outcome ORDER BY outcome`,
    );
    expect(audited.rows).toEqual([
      { outcome: 'failure', n: 2 },
      { outcome: 'success', n: 6 },
    ]);
    await expectLedgerSound(t);
  });

  it('an idempotent replay inside a batch answers the first request of the batch; a reused key with another body is refused', async () => {
    const key = newKey();
    const start = await head();
    const [first, original, replay, reused] = await inOneBatch(
      () =>
        t
          .as('secretariat')
          .post('/v1/journal-entries', entry('8.00'))
          .then((r) => r),
      [
        () =>
          t
            .as('secretariat')
            .post('/v1/journal-entries', entry('9.00'), key)
            .then((r) => r),
        () =>
          t
            .as('secretariat')
            .post('/v1/journal-entries', entry('9.00'), key)
            .then((r) => r),
        () =>
          t
            .as('secretariat')
            .post('/v1/journal-entries', entry('9.99'), key)
            .then((r) => r),
      ],
    );
    expect(first.status).toBe(201);
    // Concurrent requests reach the queue in no set order: whichever comes first under the key
    // posts; the same body again is answered that first result (replayed), another body is refused.
    const keyed = [original, replay, reused];
    const posted = keyed.filter((r) => r.status === 201);
    const refused = keyed.filter((r) => r.status !== 201);
    expect(posted.length).toBeGreaterThan(0);
    for (const r of posted) expect(r.body).toEqual(posted[0].body);
    expect(posted.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(posted.length - 1);
    for (const r of refused) {
      expect(r.status).toBe(409);
      expect(r.body.code).toBe('idempotency_key_reused');
    }
    // The 9.00 pair is either both posted (one replayed) or both refused.
    expect([original.status, replay.status]).toEqual(original.status === 201 ? [201, 201] : [409, 409]);
    expect(await head()).toBe(start + 2);
    await expectLedgerSound(t);
  });

  it('many concurrent posts share commits: fewer batches than posts, a gapless chain that verifies', async () => {
    const start = await head();
    const before = { ...group.stats };
    const answers = await Promise.all(
      range(40).map((i) => t.as('secretariat').post('/v1/journal-entries', entry(amountOf(i)))),
    );
    expect(answers.map((r) => r.status)).toEqual(range(40).map(() => 201));
    expect(answers.map((r) => r.body.sequence).sort((a: number, b: number) => a - b)).toEqual(
      range(40).map((i) => start + 1 + i),
    );
    expect(group.stats.units - before.units).toBe(40);
    expect(group.stats.batches - before.batches).toBeLessThan(40);
    expect(await sequences()).toEqual(range(start + 40).map((i) => i + 1));
    await expectLedgerSound(t);
  });

  it('a batch cut off mid-way (its connection killed) keeps nothing; the same requests resent post exactly once', async () => {
    await t
      .as('secretariat')
      .post('/v1/journal-entries', { ...entry('0.07'), date: '2007-01-02' })
      .expect(201);
    const start = await head();
    const keys = range(4).map(() => newKey());
    const bodyOf = (i: number) => ({ ...entry(`1${i}.00`), date: i === 3 ? '2007-01-03' : '2006-04-03' });
    const send = (i: number) =>
      t
        .as('secretariat')
        .post('/v1/journal-entries', bodyOf(i), keys[i])
        .then((r) => r);
    const blockedBackends = async (): Promise<number[]> =>
      (
        await db.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
        )
      ).rows.map((r) => r.pid);

    // Batch 1 = request 0, blocked on the chain head; batch 2 = requests 1, 2, 3 queued behind it.
    await blocker.query('BEGIN');
    await blocker.query('SELECT 1 FROM ledger_chain WHERE id = 1 FOR UPDATE');
    await db.query('BEGIN');
    await db.query('SELECT 1 FROM fiscal_years WHERE year = 2007 FOR UPDATE');
    const first = send(0);
    await waitFor(async () => (await blockedBackends()).length === 1);
    const rest = [send(1), send(2), send(3)];
    await waitFor(() => group.waiting === 3);
    await blocker.query('COMMIT');
    // Batch 2 posts requests 1 and 2, then waits on the fiscal year 2007 that the test holds: cut it off there.
    expect((await first).status).toBe(201);
    await waitFor(async () => (await blockedBackends()).length === 1);
    const [victim] = await blockedBackends();
    await blocker.query('SELECT pg_terminate_backend($1)', [victim]);
    const answers = await Promise.all(rest);
    await db.query('ROLLBACK');
    for (const a of answers) expect(a.status).toBeGreaterThanOrEqual(500);
    expect(await head()).toBe(start + 1);
    expect(await sequences()).toEqual(range(start + 1).map((i) => i + 1));

    const resent = await Promise.all(range(4).map((i) => send(i)));
    expect(resent.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(resent[0].headers['idempotent-replayed']).toBe('true');
    const stored = await db.query(
      `SELECT description, count(*)::int AS n FROM journal_entries WHERE description LIKE 'batched 1_.00' GROUP BY description ORDER BY description`,
    );
    expect(stored.rows).toEqual(range(4).map((i) => ({ description: `batched 1${i}.00`, n: 1 })));
    await expectLedgerSound(t);
  });
});
