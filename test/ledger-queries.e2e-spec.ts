import { Client } from 'pg';
import { expectLedgerSound } from './support/ledger-assertions';
import { startTestApp, TestApp } from './support/test-app';

/** The 25 entries this file posts, described so each filter's answer can be worked out independently. */
interface Posted {
  seq: number;
  date: string;
  fund: 'GEN' | 'RES';
  credit: '4100' | '4900';
  member?: 'MEX' | 'GTM';
}

const pad = (n: number): string => String(n).padStart(2, '0');
const plan: Omit<Posted, 'seq'>[] = Array.from({ length: 25 }, (_, i) => ({
  date: `${i < 20 ? 2005 : 2006}-${pad(1 + (i % 12))}-${pad(10 + (i % 5))}`,
  fund: i % 3 === 0 ? 'RES' : 'GEN',
  credit: i % 2 === 0 ? '4100' : '4900',
  member: (['MEX', 'GTM', undefined, undefined] as const)[i % 4],
}));

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

describe('ledger: listing journal entries (filters, cursor pagination)', () => {
  let t: TestApp;
  let db: Client;
  const posted: Posted[] = [];

  /** Follows nextCursor to the end; returns the pages' sequences. */
  const pages = async (query: string, limit: number): Promise<number[][]> => {
    const out: number[][] = [];
    let cursor: string | null = null;
    for (let guard = 0; guard < 100; guard++) {
      const q: string = `${query}${query ? '&' : ''}limit=${limit}${cursor === null ? '' : `&cursor=${cursor}`}`;
      const res = await t.as('viewer').get(`/v1/journal-entries?${q}`).expect(200);
      const seqs = (res.body.items as { sequence: number }[]).map((e) => e.sequence);
      out.push(seqs);
      cursor = res.body.nextCursor;
      if (cursor === null) return out;
      expect(cursor).toBe(String(seqs[seqs.length - 1]));
    }
    throw new Error('pagination does not end');
  };

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    await ensureMembers(t, db, ['MEX', 'GTM']);
    for (const [i, p] of plan.entries()) {
      const amount = `${i + 1}.00`;
      const res = await t
        .as('secretariat')
        .post('/v1/journal-entries', {
          date: p.date,
          description: `entry ${i + 1}`,
          lines: [
            { account: '1010', fund: p.fund, side: 'debit', amount },
            { account: p.credit, fund: p.fund, side: 'credit', amount, ...(p.member ? { member: p.member } : {}) },
          ],
        })
        .expect(201);
      posted.push({ ...p, seq: res.body.sequence });
    }
    expect(posted.map((p) => p.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  it('pages 25 entries 10 at a time: 3 pages, in sequence order, no duplicates, no gaps', async () => {
    const result = await pages('', 10);
    expect(result).toEqual([
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      [11, 12, 13, 14, 15, 16, 17, 18, 19, 20],
      [21, 22, 23, 24, 25],
    ]);
  });

  it.each([
    [25, 1],
    [24, 2],
    [1, 25],
    [7, 4],
  ])('with limit %i there are %i pages covering 1..25 exactly', async (limit, count) => {
    const result = await pages('', limit);
    expect(result).toHaveLength(count);
    expect(result.flat()).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it('returns whole entries with their lines, and every entry without a limit (default 100)', async () => {
    const res = await t.as('viewer').get('/v1/journal-entries').expect(200);
    expect(res.body.items).toHaveLength(25);
    expect(res.body.nextCursor).toBeNull();
    const third = res.body.items[2];
    expect(third).toMatchObject({ sequence: 3, date: plan[2].date, description: 'entry 3' });
    expect(third.lines).toEqual([
      { line: 1, account: '1010', fund: 'GEN', side: 'debit', amount: '3.00', currency: 'USD', rate: '1', amountBase: '3.00' },
      { line: 2, account: '4100', fund: 'GEN', side: 'credit', amount: '3.00', currency: 'USD', rate: '1', amountBase: '3.00' },
    ]);
  });

  const expected = (keep: (p: Posted) => boolean): number[] => posted.filter(keep).map((p) => p.seq);

  it.each<[string, (p: Posted) => boolean]>([
    ['from=2005-03-01&to=2005-06-30', (p) => p.date >= '2005-03-01' && p.date <= '2005-06-30'],
    ['from=2006-01-01', (p) => p.date >= '2006-01-01'],
    ['to=2005-01-31', (p) => p.date <= '2005-01-31'],
    ['from=2005-05-12&to=2005-05-12', (p) => p.date === '2005-05-12'],
    ['account=4100', (p) => p.credit === '4100'],
    ['account=1010', () => true],
    ['account=5900', () => false],
    ['fund=RES', (p) => p.fund === 'RES'],
    ['member=MEX', (p) => p.member === 'MEX'],
    ['fund=GEN&member=GTM&from=2005-01-01&to=2005-12-31', (p) => p.fund === 'GEN' && p.member === 'GTM' && p.date <= '2005-12-31'],
    // Account, fund and member are matched on the same posting.
    ['account=4900&fund=RES', (p) => p.credit === '4900' && p.fund === 'RES'],
    ['account=4100&member=MEX', (p) => p.credit === '4100' && p.member === 'MEX'],
    ['account=1010&member=MEX', () => false],
  ])('filters %s', async (query, keep) => {
    const want = expected(keep);
    const all = await t.as('viewer').get(`/v1/journal-entries?${query}`).expect(200);
    expect(all.body.items.map((e: { sequence: number }) => e.sequence)).toEqual(want);
    // And the same answer when paged 3 at a time.
    const paged = await pages(query, 3);
    expect(paged.flat()).toEqual(want);
    expect(paged.length).toBe(Math.max(1, Math.ceil(want.length / 3)));
  });

  it('a cursor keeps its place while entries are appended: no duplicate, the new entry comes last', async () => {
    const first = await t.as('viewer').get('/v1/journal-entries?limit=20').expect(200);
    await t
      .as('secretariat')
      .post('/v1/journal-entries', {
        date: '2005-01-01',
        description: 'appended while paging',
        lines: [
          { account: '1010', fund: 'GEN', side: 'debit', amount: '1.00' },
          { account: '4900', fund: 'GEN', side: 'credit', amount: '1.00' },
        ],
      })
      .expect(201);
    const rest = await t.as('viewer').get(`/v1/journal-entries?limit=20&cursor=${first.body.nextCursor}`).expect(200);
    expect(rest.body.items.map((e: { sequence: number }) => e.sequence)).toEqual([21, 22, 23, 24, 25, 26]);
    expect(rest.body.nextCursor).toBeNull();
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=501', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=1.5', 'limit'],
    ['cursor=-1', 'cursor'],
    ['cursor=abc', 'cursor'],
    ['from=2005-02-30', 'from'],
    ['to=2005-13-01', 'to'],
    ['from=20050101', 'from'],
    ['fund=a%20b', 'fund'],
    ['member=mex', 'member'],
    ['foo=1', 'foo'],
  ])('refuses %s with 400 naming %s', async (query, field) => {
    const res = await t.as('viewer').get(`/v1/journal-entries?${query}`).expect(400);
    expect(res.body.code).toBe('validation_failed');
    expect((res.body.errors as { field: string }[]).map((e) => e.field)).toContain(field);
  });

  it('answers 404 for an unknown entry id, and for an id that is not a uuid', async () => {
    await t.as('viewer').get('/v1/journal-entries/00000000-0000-4000-8000-000000000000').expect(404);
    await t.as('viewer').get('/v1/journal-entries/42').expect(404);
  });

  it('leaves the ledger sound', async () => {
    await expectLedgerSound(t);
  });
});
