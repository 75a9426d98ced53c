import { Client } from 'pg';
import { expectLedgerSound } from './support/ledger-assertions';
import { postEntry, postingIdOf, uploadStatement } from './support/reconciliation-fixtures';
import { startTestApp, TestApp } from './support/test-app';

/** A ledger movement on the case's bank account: money in (Dr bank) or out (Cr bank). */
type Movement = [
  date: string,
  flow: 'in' | 'out',
  amount: string,
  description: string,
  metadata?: Record<string, string>,
];
/** A statement line: signed amount (+ money in). */
type BankLine = [date: string, amount: string, reference: string, description: string];
interface Expected {
  rule: string;
  lines: number[];
  postings: number[];
}
interface MatchCase {
  name: string;
  ledger: Movement[];
  statement: BankLine[];
  expected: Expected[];
}

/** The matching window is the default policy: ±5 days. */
const CASES: MatchCase[] = [
  {
    name: 'exact: same amount, same day, the reference is in the entry description',
    ledger: [['2024-03-04', 'in', '1500.00', 'Contribution MEX CONTRIB-MEX-2024']],
    statement: [['2024-03-04', '1500.00', 'CONTRIB-MEX-2024', 'Cuota 2024']],
    expected: [{ rule: 'reference', lines: [0], postings: [0] }],
  },
  {
    name: 'exact the other way: an entry metadata value appears in the bank text',
    ledger: [['2024-03-05', 'out', '1250.50', 'Acme invoice', { invoice: 'PO-7781' }]],
    statement: [['2024-03-04', '-1250.50', 'TRF 000912', 'Payment PO-7781 Acme Inc']],
    expected: [{ rule: 'reference', lines: [0], postings: [0] }],
  },
  {
    name: 'within the window: 5 days apart, amount only',
    ledger: [['2024-03-01', 'in', '250.00', 'Miscellaneous receipt']],
    statement: [['2024-03-06', '250.00', 'XYZ-1', 'Credit']],
    expected: [{ rule: 'amount-date', lines: [0], postings: [0] }],
  },
  {
    name: 'outside the window: 6 days apart, no match',
    ledger: [['2024-03-01', 'in', '250.00', 'Miscellaneous receipt']],
    statement: [['2024-03-07', '250.00', 'XYZ-1', 'Credit']],
    expected: [],
  },
  {
    name: 'opposite direction: money out on the statement never matches a debit of the bank',
    ledger: [['2024-03-01', 'in', '75.00', 'Receipt']],
    statement: [['2024-03-01', '-75.00', 'R-75', 'Debit']],
    expected: [],
  },
  {
    name: 'two candidates tie: no match, left for manual',
    ledger: [
      ['2024-03-03', 'in', '100.00', 'Receipt one'],
      ['2024-03-04', 'in', '100.00', 'Receipt two'],
    ],
    statement: [['2024-03-04', '100.00', 'NOREF', 'Credit']],
    expected: [],
  },
  {
    name: 'two lines want one posting: no match',
    ledger: [['2024-03-04', 'in', '100.00', 'Receipt']],
    statement: [
      ['2024-03-04', '100.00', 'L-1', 'Credit'],
      ['2024-03-05', '100.00', 'L-2', 'Credit'],
    ],
    expected: [],
  },
  {
    name: 'a tie broken by the reference: the referenced posting is taken, the other stays',
    ledger: [
      ['2024-03-03', 'in', '100.00', 'Payment INV-77'],
      ['2024-03-04', 'in', '100.00', 'Another receipt'],
    ],
    statement: [['2024-03-04', '100.00', 'INV-77', 'Credit']],
    expected: [{ rule: 'reference', lines: [0], postings: [0] }],
  },
  {
    name: 'one-to-many: one bank credit is the exact sum of two ledger receipts in the window',
    ledger: [
      ['2024-03-10', 'in', '600.00', 'Grant tranche part 1'],
      ['2024-03-11', 'in', '400.00', 'Grant tranche part 2'],
      ['2024-03-11', 'in', '999.00', 'Unrelated receipt'],
    ],
    statement: [['2024-03-12', '1000.00', 'GR-1', 'Grant instalment']],
    expected: [{ rule: 'one-to-many', lines: [0], postings: [0, 1] }],
  },
  {
    name: 'one-to-many ambiguous: two sets add up (300+700, 400+600): no match',
    ledger: [
      ['2024-03-10', 'in', '300.00', 'a'],
      ['2024-03-10', 'in', '700.00', 'b'],
      ['2024-03-10', 'in', '400.00', 'c'],
      ['2024-03-10', 'in', '600.00', 'd'],
    ],
    statement: [['2024-03-11', '1000.00', 'GR-2', 'Grant instalment']],
    expected: [],
  },
  {
    name: 'several at once: each unique pair is taken, in both directions',
    ledger: [
      ['2024-03-01', 'in', '10.00', 'r1'],
      ['2024-03-02', 'out', '20.00', 'p1'],
      ['2024-03-20', 'in', '30.00', 'r2'],
    ],
    statement: [
      ['2024-03-03', '-20.00', 'P', 'x'],
      ['2024-03-02', '10.00', 'R', 'y'],
      ['2024-03-22', '30.00', 'R2', 'z'],
    ],
    expected: [
      { rule: 'amount-date', lines: [0], postings: [1] },
      { rule: 'amount-date', lines: [1], postings: [0] },
      { rule: 'amount-date', lines: [2], postings: [2] },
    ],
  },
];

describe('reconciliation: matching', () => {
  let t: TestApp;
  let db: Client;

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  /** A bank account of its own (own ledger account), so untagged manual entries belong to it alone. */
  async function bankAccount(n: number): Promise<{ code: string; ledger: string }> {
    const ledger = `BK${n}`;
    const code = `CASE${n}`;
    await t
      .as('admin')
      .post('/v1/accounts', { code: ledger, name: `Bank ${n}`, type: 'asset' })
      .expect(201);
    await t
      .as('admin')
      .post('/v1/bank-accounts', { code, name: `Case ${n}`, currency: 'USD', ledgerAccount: ledger })
      .expect(201);
    return { code, ledger };
  }

  async function record(ledger: string, m: Movement): Promise<string> {
    const [date, flow, amount, description, metadata] = m;
    const lines =
      flow === 'in'
        ? [
            { account: ledger, side: 'debit' as const, amount },
            { account: '4900', side: 'credit' as const, amount },
          ]
        : [
            { account: ledger, side: 'credit' as const, amount },
            { account: '5900', side: 'debit' as const, amount },
          ];
    const entry = await postEntry(t, date, description, lines, metadata);
    return postingIdOf(db, entry.id, ledger);
  }

  async function importLines(code: string, lines: BankLine[]): Promise<string[]> {
    const csv = ['date,amount,reference,description', ...lines.map((l) => l.join(','))].join('\n');
    await uploadStatement(t, code, Buffer.from(csv), 'case.csv', { format: 'csv' }).expect(201);
    const res = await t.as('viewer').get(`/v1/bank-accounts/${code}/statement-lines`).expect(200);
    return res.body.items.map((i: { id: string }) => i.id);
  }

  it.each(CASES.map((c, i) => [c.name, i, c] as const))('%s', async (_name, i, c) => {
    const { code, ledger } = await bankAccount(i + 1);
    const postingIds: string[] = [];
    for (const m of c.ledger) postingIds.push(await record(ledger, m));
    const lineIds = await importLines(code, c.statement);

    const res = await t.as('secretariat').post(`/v1/bank-accounts/${code}/auto-match`, undefined, null).expect(200);
    expect(res.body.matched).toBe(c.expected.length);

    const matches = await t.as('viewer').get(`/v1/bank-accounts/${code}/matches`).expect(200);
    const found = matches.body
      .map((x: { rule: string; statementLineIds: string[]; postingIds: string[]; method: string; status: string }) => {
        expect(x).toMatchObject({ method: 'auto', status: 'active' });
        return {
          rule: x.rule,
          lines: x.statementLineIds.map((id) => lineIds.indexOf(id)).sort(),
          postings: x.postingIds.map((id) => postingIds.indexOf(id)).sort(),
        };
      })
      .sort((a: Expected, b: Expected) => a.lines[0] - b.lines[0]);
    expect(found).toEqual(c.expected);

    // Running it again matches nothing more.
    const again = await t.as('secretariat').post(`/v1/bank-accounts/${code}/auto-match`, undefined, null).expect(200);
    expect(again.body.matched).toBe(0);
    await expectLedgerSound(t);
  });

  describe('manual match and unmatch', () => {
    let code: string;
    let ledger: string;
    let lines: string[];
    let postings: string[];
    let otherPosting = '';

    beforeAll(async () => {
      const other = await bankAccount(91);
      otherPosting = await record(other.ledger, ['2024-03-28', 'in', '45.00', 'Receipt elsewhere']);
      ({ code, ledger } = await bankAccount(90));
      postings = [
        await record(ledger, ['2024-03-20', 'out', '30.00', 'Wire fees, two transfers']),
        await record(ledger, ['2024-03-21', 'in', '45.00', 'Receipt']),
      ];
      lines = await importLines(code, [
        ['2024-03-20', '-15.00', '', 'Wire fee'],
        ['2024-03-20', '-15.00', '', 'Wire fee'],
        ['2024-03-28', '45.00', 'LATE', 'Receipt'],
      ]);
    });

    it('refuses amounts that do not add up (422, with both totals)', async () => {
      const res = await t
        .as('secretariat')
        .post(`/v1/bank-accounts/${code}/matches`, { statementLineIds: [lines[0]], postingIds: [postings[0]] }, null)
        .expect(422);
      expect(res.body).toMatchObject({
        code: 'business_rule_violated',
        statementTotal: '-15.00',
        ledgerTotal: '-30.00',
        difference: '15.00',
      });
    });

    it('matches two bank lines with one posting when they add up (many-to-one)', async () => {
      const res = await t
        .as('secretariat')
        .post(
          `/v1/bank-accounts/${code}/matches`,
          { statementLineIds: [lines[0], lines[1]], postingIds: [postings[0]] },
          null,
        )
        .expect(201);
      expect(res.body).toMatchObject({
        method: 'manual',
        rule: 'manual',
        status: 'active',
        statementLineIds: [lines[0], lines[1]],
        postingIds: [postings[0]],
        unmatchedAt: null,
      });
    });

    it.each([
      ['a line already matched', () => ({ statementLineIds: [lines[0]], postingIds: [postings[1]] }), 409, 'conflict'],
      ['an unknown line', () => ({ statementLineIds: ['999999'], postingIds: [postings[1]] }), 404, 'not_found'],
      [
        'a posting of another bank account',
        () => ({ statementLineIds: [lines[2]], postingIds: [otherPosting] }),
        422,
        'business_rule_violated',
      ],
      ['a single item', () => ({ statementLineIds: [lines[2]], postingIds: [] }), 400, 'validation_failed'],
      [
        'an id given twice',
        () => ({ statementLineIds: [lines[2], lines[2]], postingIds: [postings[1]] }),
        400,
        'validation_failed',
      ],
      ['a non-numeric id', () => ({ statementLineIds: ['abc'], postingIds: [postings[1]] }), 400, 'validation_failed'],
    ])('refuses %s', async (_what, body, status, errorCode) => {
      const res = await t.as('secretariat').post(`/v1/bank-accounts/${code}/matches`, body(), null).expect(status);
      expect(res.body.code).toBe(errorCode);
    });

    let matchId = '';
    it('matches a line with a posting 7 days apart by hand (outside the automatic window)', async () => {
      const res = await t
        .as('admin')
        .post(`/v1/bank-accounts/${code}/matches`, { statementLineIds: [lines[2]], postingIds: [postings[1]] }, null)
        .expect(201);
      matchId = res.body.id;
    });

    it('unmatches, keeping the match in the history with who, when and why; a second unmatch is a 409', async () => {
      const res = await t
        .as('secretariat')
        .delete(`/v1/bank-accounts/${code}/matches/${matchId}?reason=${encodeURIComponent('wrong receipt')}`)
        .expect(200);
      expect(res.body).toMatchObject({
        id: matchId,
        status: 'unmatched',
        reason: 'wrong receipt',
        unmatchedBy: expect.any(String),
      });
      await t.as('secretariat').delete(`/v1/bank-accounts/${code}/matches/${matchId}`).expect(409);
      const active = await t.as('viewer').get(`/v1/bank-accounts/${code}/matches`).expect(200);
      expect(active.body.map((m: { id: string }) => m.id)).not.toContain(matchId);
      const all = await t.as('viewer').get(`/v1/bank-accounts/${code}/matches?status=all`).expect(200);
      expect(all.body.find((m: { id: string }) => m.id === matchId)).toMatchObject({
        status: 'unmatched',
        statementLineIds: [lines[2]],
      });
      // The line and the posting are free again.
      await t
        .as('secretariat')
        .post(`/v1/bank-accounts/${code}/matches`, { statementLineIds: [lines[2]], postingIds: [postings[1]] }, null)
        .expect(201);
      await expectLedgerSound(t);
    });

    it('unmatch of an unknown match is a 404; a viewer may not match', async () => {
      await t
        .as('secretariat')
        .delete(`/v1/bank-accounts/${code}/matches/00000000-0000-4000-8000-000000000000`)
        .expect(404);
      await t.as('secretariat').delete(`/v1/bank-accounts/${code}/matches/not-a-uuid`).expect(404);
      await t.as('viewer').post(`/v1/bank-accounts/${code}/auto-match`, undefined, null).expect(403);
    });
  });

  describe('the database keeps matches honest behind the API', () => {
    let lineId = '';
    let postingId = '';
    let matchId = '';
    let freeLine = '';
    let freePosting = '';

    beforeAll(async () => {
      const { code, ledger } = await bankAccount(95);
      postingId = await record(ledger, ['2024-03-04', 'in', '80.00', 'Receipt DB-GUARD']);
      [lineId] = await importLines(code, [['2024-03-04', '80.00', 'DB-GUARD', 'x']]);
      await t.as('secretariat').post(`/v1/bank-accounts/${code}/auto-match`, undefined, null).expect(200);
      matchId = (await t.as('viewer').get(`/v1/bank-accounts/${code}/matches`).expect(200)).body[0].id;
      // A pair left unmatched: posted 03-10, booked 03-11.
      freePosting = await record(ledger, ['2024-03-10', 'in', '55.00', 'Receipt']);
      freeLine = (await importLines(code, [['2024-03-11', '55.00', 'FREE', 'y']]))[1];
    });

    it.each([
      ['deleting a match', () => `DELETE FROM bank_matches WHERE id = '${matchId}'`, /append-only/],
      [
        'changing how a match was made',
        () => `UPDATE bank_matches SET rule = 'manual' WHERE id = '${matchId}'`,
        /only unmatching/,
      ],
      [
        'releasing an item of an active match',
        () => `UPDATE bank_match_items SET active = false WHERE match_id = '${matchId}'`,
        /only when their match is unmatched/,
      ],
      ['deleting a statement line', () => `DELETE FROM statement_lines WHERE id = ${lineId}`, /append-only/],
      ['changing a statement line', () => `UPDATE statement_lines SET amount = 81 WHERE id = ${lineId}`, /append-only/],
      [
        'a match that does not balance',
        () => `WITH m AS (INSERT INTO bank_matches (id, bank_account, currency, method, rule, settles_on)
                 VALUES ('11111111-1111-4111-8111-111111111111', 'CASE95', 'USD', 'manual', 'manual', '2024-03-04') RETURNING id)
               INSERT INTO bank_match_items (match_id, posting_id) SELECT m.id, p.id FROM m, postings p WHERE p.account_code = '4900' LIMIT 2`,
        /does not balance/,
      ],
      [
        'a second active match of the same posting',
        () => `WITH m AS (INSERT INTO bank_matches (id, bank_account, currency, method, rule, settles_on)
                 VALUES ('22222222-2222-4222-8222-222222222222', 'CASE95', 'USD', 'manual', 'manual', '2024-03-04') RETURNING id)
               INSERT INTO bank_match_items (match_id, statement_line_id, posting_id)
               SELECT m.id, x.l, x.p FROM m, (VALUES (${lineId}::bigint, NULL::bigint), (NULL, ${postingId}::bigint)) x(l, p)`,
        /duplicate key/,
      ],
      [
        'a match that misstates the date it is complete on (03-10; its line is booked 03-11)',
        () => `WITH m AS (INSERT INTO bank_matches (id, bank_account, currency, method, rule, settles_on)
                 VALUES ('33333333-3333-4333-8333-333333333333', 'CASE95', 'USD', 'manual', 'manual', '2024-03-10') RETURNING id)
               INSERT INTO bank_match_items (match_id, statement_line_id, posting_id)
               SELECT m.id, x.l, x.p FROM m, (VALUES (${freeLine}::bigint, NULL::bigint), (NULL, ${freePosting}::bigint)) x(l, p)`,
        /misstates its date/,
      ],
      [
        'an item naming a statement line that does not exist',
        () => `WITH m AS (INSERT INTO bank_matches (id, bank_account, currency, method, rule, settles_on)
                 VALUES ('44444444-4444-4444-8444-444444444444', 'CASE95', 'USD', 'manual', 'manual', '2024-03-11') RETURNING id)
               INSERT INTO bank_match_items (match_id, statement_line_id, posting_id)
               SELECT m.id, x.l, x.p FROM m, (VALUES (${freeLine}::bigint + 1000000, NULL::bigint), (NULL, ${freePosting}::bigint)) x(l, p)`,
        /does not exist/,
      ],
      [
        'an item naming a posting that does not exist',
        () => `WITH m AS (INSERT INTO bank_matches (id, bank_account, currency, method, rule, settles_on)
                 VALUES ('55555555-5555-4555-8555-555555555555', 'CASE95', 'USD', 'manual', 'manual', '2024-03-11') RETURNING id)
               INSERT INTO bank_match_items (match_id, statement_line_id, posting_id)
               SELECT m.id, x.l, x.p FROM m, (VALUES (${freeLine}::bigint, NULL::bigint), (NULL, ${freePosting}::bigint + 1000000)) x(l, p)`,
        /does not exist/,
      ],
      [
        'items naming a match that does not exist',
        () => `INSERT INTO bank_match_items (match_id, statement_line_id, posting_id)
               VALUES ('66666666-6666-4666-8666-666666666666', ${freeLine}, NULL), ('66666666-6666-4666-8666-666666666666', NULL, ${freePosting})`,
        /does not exist/,
      ],
      [
        'among more than 1,000 new items (the bulk check), one naming a statement line that does not exist',
        () => `WITH m AS (INSERT INTO bank_matches (id, bank_account, currency, method, rule, settles_on)
                 SELECT gen_random_uuid(), 'CASE95', 'USD', 'auto', 'amount-date', '2024-03-11' FROM generate_series(1, 600)
                 RETURNING id),
               n AS (SELECT id, row_number() OVER (ORDER BY id) AS k FROM m)
               INSERT INTO bank_match_items (match_id, statement_line_id, posting_id)
               SELECT n.id, CASE WHEN n.k = 1 THEN ${freeLine} ELSE ${freeLine}::bigint + 1000000 + n.k END, NULL FROM n
               UNION ALL
               SELECT n.id, NULL, ${freePosting} FROM n WHERE n.k = 1
               UNION ALL
               SELECT n.id, NULL, ${freePosting}::bigint + 1000000 + n.k FROM n WHERE n.k > 1`,
        /does not exist/,
      ],
      [
        'a statement line of a statement that does not exist',
        () => `INSERT INTO statement_lines (bank_account, statement_id, line_number, booking_date, direction, amount, currency,
                 reference, description, reversal, foreign_currency, dedup_reference, occurrence)
               VALUES ('CASE95', '77777777-7777-4777-8777-777777777777', 1, '2024-03-12', 'credit', 1.00, 'USD', 'GHOST', 'x',
                 false, false, 'GHOST', 1)`,
        /not a statement of its bank account/,
      ],
      [
        'a statement line filed under another bank account than its statement',
        () => `INSERT INTO statement_lines (bank_account, statement_id, line_number, booking_date, direction, amount, currency,
                 reference, description, reversal, foreign_currency, dedup_reference, occurrence)
               SELECT 'ELSEWHERE', statement_id, 99, '2024-03-12', 'credit', 1.00, 'USD', 'ASTRAY', 'x', false, false, 'ASTRAY', 1
                 FROM statement_lines WHERE id = ${lineId}`,
        /not a statement of its bank account/,
      ],
      [
        'deleting a statement (its lines would be left without it)',
        () => `DELETE FROM bank_statements WHERE id = (SELECT statement_id FROM statement_lines WHERE id = ${lineId})`,
        /bank_statements is append-only: DELETE is not allowed/,
      ],
    ])('refuses %s', async (_what, sql, message) => {
      await expect(db.query(sql())).rejects.toThrow(message);
    });
  });

  it('finally the ledger is sound', async () => {
    await expectLedgerSound(t);
  });
});
