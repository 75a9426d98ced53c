import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Dec } from '@app/common';
import { LedgerService, PoliciesService, PostingLine } from '@app/ledger';
import { BankScopeRepository } from '../libs/reconciliation/src/bank-scope.repository';
import {
  containsToken,
  MatchableLine,
  MatchablePosting,
  MIN_REFERENCE_LENGTH,
  proposeMatches,
} from '../libs/reconciliation/src/matching/auto-match';
import { MatchesRepository } from '../libs/reconciliation/src/matching/matches.repository';
import {
  agreeingCharacterClass,
  containsTokenSql,
  decidableSql,
  tokenSql,
} from '../libs/reconciliation/src/matching/reference-agreement';
import { expectLedgerSound } from './support/ledger-assertions';
import { uploadStatement } from './support/reconciliation-fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Auto-matching pairs lines and postings in SQL (rules 1 and 2 over all candidate pairs at once)
 * and leaves the rest to the code (rules 3 and 4). These tests hold it to the rules themselves:
 * proposeMatches, the pure function, run on the same open lines and postings must propose exactly
 * the matches the database wrote — on a data set made to be hard: ties, the same amount many
 * times, references that agree only as whole words, in other cases, next to letters the database
 * and JavaScript might read differently, splits, reversals.
 */

/** A deterministic generator (a linear congruential one): the same data set on every run. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const REFERENCES = [
  'INV-7',
  'INV-77',
  'inv-7',
  'CONTRIB-2024-PA',
  'AÑO-2024',
  'Pago²',
  'ΣΑΣ-1',
  'REF-9',
  'ab',
  '€INV-7',
  'ÁNGEL-4',
  'NOREF',
  '',
];
const ENTRY_TEXTS = [
  'Payment INV-7',
  'Payment INV-77',
  'paid inv-7.',
  'XINV-7 received',
  'Cuota AÑO-2024 recibida',
  'pago² recibido',
  'Pagoinv-7',
  'ΣΑΣ-1 ok',
  'Transfer\u00a0REF-9',
  '€ INV-7 €',
  '💶 INV-77',
  'ángel-4 cobro',
  'Contribution CONTRIB-2024-PA',
  'Bank movement',
];
const METADATA: (Record<string, string> | undefined)[] = [
  undefined,
  { reference: 'INV-7' },
  { invoice: ' REF-9\u00a0' },
  { '10': 'x', a: 'ABCD-1', '2': 'Pago²' },
  { note: 'ángel-4' },
  undefined,
  undefined,
];
const AMOUNTS = ['100.00', '100.00', '250.00', '75.50', '1000.00', '600.00', '400.00', '300.00', '700.00', '12.34'];

const dayOf = (n: number): string => `2024-03-${String(n).padStart(2, '0')}`;
const csvField = (s: string): string => `"${s.replace(/"/g, '""')}"`;

describe('reconciliation at scale: auto-matching in SQL gives the rules’ result', () => {
  let t: TestApp;
  let db: Client;
  let ledger: LedgerService;

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    ledger = t.app.get(LedgerService);
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  async function bankAccount(n: number): Promise<{ code: string; ledgerAccount: string }> {
    const ledgerAccount = `BS${n}`;
    const code = `SCALE${n}`;
    await t.as('admin').post('/v1/accounts', { code: ledgerAccount, name: `Bank ${n}`, type: 'asset' }).expect(201);
    await t
      .as('admin')
      .post('/v1/bank-accounts', { code, name: `Scale ${n}`, currency: 'USD', ledgerAccount })
      .expect(201);
    return { code, ledgerAccount };
  }

  /** One entry: the bank side split in `parts`, the other side on 4900 (money in) or 5900 (out). */
  async function post(
    ledgerAccount: string,
    date: string,
    moneyIn: boolean,
    parts: string[],
    description: string,
    metadata?: Record<string, string>,
    sourceId?: string,
  ): Promise<void> {
    const total = parts.reduce((s, p) => s.plus(p), new Dec(0));
    const bank = (amount: string): PostingLine => ({
      account: ledgerAccount,
      fund: 'GEN',
      side: moneyIn ? 'debit' : 'credit',
      amount: new Dec(amount),
    });
    await ledger.post({
      date,
      description,
      source: 'manual',
      sourceId,
      metadata,
      lines: [
        ...parts.map(bank),
        { account: moneyIn ? '4900' : '5900', fund: 'GEN', side: moneyIn ? 'credit' : 'debit', amount: total },
      ],
    });
  }

  /** What the rules propose for the account's open lines and postings, read as the matcher reads them. */
  async function rulesProposal(code: string): Promise<string[]> {
    const repository = t.app.get(MatchesRepository);
    const scopes = t.app.get(BankScopeRepository);
    return t.app.get(DataSource).transaction(async (m) => {
      const { matchingWindowDays } = await t.app.get(PoliciesService).get(m);
      const scope = await scopes.find(m, code);
      if (!scope) throw new Error(`no bank account ${code}`);
      const lines: MatchableLine[] = (await repository.unmatchedLines(m, scope)).map((l) => ({
        id: l.id,
        date: l.bookingDate,
        direction: l.direction,
        amount: new Dec(l.amount),
        currency: l.currency,
        reference: l.reference,
        bankReference: l.bankReference,
        description: l.description,
        reversal: l.reversal,
      }));
      const postings: MatchablePosting[] = (await repository.unmatchedPostings(m, scope)).map((p) => ({
        id: p.id,
        date: p.entryDate,
        side: p.side,
        amount: new Dec(p.amount),
        currency: p.currency,
        description: p.description,
        references: [...Object.values(p.metadata ?? {}), ...(p.sourceId ? [p.sourceId] : [])],
      }));
      return proposeMatches(lines, postings, { windowDays: matchingWindowDays }).map((p) =>
        key(p.rule, p.lineIds, p.postingIds),
      );
    });
  }

  const key = (rule: string, lineIds: string[], postingIds: string[]): string =>
    `${rule} lines ${[...lineIds].sort().join(',')} postings ${[...postingIds].sort().join(',')}`;

  async function autoMatched(code: string): Promise<{ keys: string[]; body: Record<string, unknown> }> {
    const before = new Set(
      (await db.query('SELECT id::text FROM bank_matches WHERE bank_account = $1', [code])).rows.map((r) => r.id),
    );
    const res = await t.as('secretariat').post(`/v1/bank-accounts/${code}/auto-match`, undefined, null).expect(200);
    const { rows } = await db.query(
      `SELECT bm.id::text, bm.rule,
              ARRAY(SELECT i.statement_line_id::text FROM bank_match_items i WHERE i.match_id = bm.id AND i.statement_line_id IS NOT NULL) AS lines,
              ARRAY(SELECT i.posting_id::text FROM bank_match_items i WHERE i.match_id = bm.id AND i.posting_id IS NOT NULL) AS postings
         FROM bank_matches bm WHERE bm.bank_account = $1`,
      [code],
    );
    const keys = rows
      .filter((r: { id: string }) => !before.has(r.id))
      .map((r: { rule: string; lines: string[]; postings: string[] }) => key(r.rule, r.lines, r.postings));
    return { keys: keys.sort(), body: res.body as Record<string, unknown> };
  }

  it('the SQL form of the reference rule reads every text the code reads alike, or leaves it to the code', async () => {
    const { rows: facts } = await db.query(
      `SELECT cp, lower(chr(cp)) AS lower, chr(cp) ~ '[[:alnum:]]' AS alnum
         FROM generate_series(1, 65535) cp WHERE cp NOT BETWEEN 55296 AND 57343`,
    );
    const characterClass = agreeingCharacterClass(facts);
    expect(characterClass).not.toBe('');
    const random = generator(7);
    const alphabet = ['a', 'B', 'ñ', 'Ñ', 'é', '7', '-', '.', ' ', '²', 'Σ', 'ς', 'İ', '\u00a0', '€', '_', '/', '(', '\\', '💶'];
    const word = (n: number): string =>
      Array.from({ length: n }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    const cases: [string, string][] = [
      ['paid inv-7.', 'inv-7'],
      ['inv-77', 'inv-7'],
      ['xinv-7', 'inv-7'],
      ['inv-77 inv-7', 'inv-7'],
      ['pagoinv-7', 'inv-7'],
      ['€inv-7', '€inv-7'],
      ['a€inv-7', '€inv-7'],
      ['año-2024 recibida', 'año-2024'],
      ['xaño-2024', 'año-2024'],
      ['pago² recibido', 'pago²'],
      ['(ref)', '(ref)'],
      ['a.b', 'a.b'],
      ['axb', 'a.b'],
    ];
    for (let i = 0; i < 400; i++) {
      const token = word(1 + Math.floor(random() * 5));
      const text = `${word(Math.floor(random() * 4))}${random() < 0.7 ? token : word(3)}${word(Math.floor(random() * 4))}`;
      cases.push([text, token]);
    }
    const { rows } = await db.query(
      `SELECT c.i, ${decidableSql('(c.text || c.token)', '$3::text')} AS decidable,
              ${tokenSql('c.token', MIN_REFERENCE_LENGTH)} AS usable,
              ${containsTokenSql('lower(c.text)', 'lower(c.token)')} AS contains
         FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS c(text, token, i) ORDER BY c.i`,
      [cases.map((c) => c[0]), cases.map((c) => c[1]), characterClass],
    );
    let decided = 0;
    for (const row of rows as { i: string; decidable: boolean; usable: string | null; contains: boolean }[]) {
      const [text, token] = cases[Number(row.i) - 1];
      if (!row.decidable) continue;
      decided++;
      const trimmed = token.trim().toLowerCase();
      expect({ text, token, usable: row.usable }).toEqual({
        text,
        token,
        usable: trimmed.length >= MIN_REFERENCE_LENGTH ? trimmed : null,
      });
      expect({ text, token, contains: row.contains }).toEqual({
        text,
        token,
        contains: containsToken(text.toLowerCase(), token.toLowerCase()),
      });
    }
    // Both kinds occur: texts the database decides, texts it leaves to the code.
    expect(decided).toBeGreaterThan(100);
    expect(decided).toBeLessThan(rows.length);
  });

  it('hand-made cases: ties, the same amount twice, reference beats date, splits, reversals', async () => {
    const { code, ledgerAccount } = await bankAccount(1);
    // Reference beats date: two postings of 100.00 in the window, one carries the line's reference.
    await post(ledgerAccount, '2024-03-03', true, ['100.00'], 'Payment INV-77');
    await post(ledgerAccount, '2024-03-04', true, ['100.00'], 'Another receipt');
    // The reference taken frees the other for a second line by amount and date.
    // The same amount twice on both sides, no references: a tie, left for manual.
    await post(ledgerAccount, '2024-03-10', true, ['55.00'], 'r1');
    await post(ledgerAccount, '2024-03-11', true, ['55.00'], 'r2');
    // A whole word only: INV-7 is not in INV-77 (no reference agreement: amount and date decide).
    await post(ledgerAccount, '2024-03-12', false, ['42.00'], 'Invoice INV-77');
    // The reference in metadata, in other case, next to a letter JavaScript and SQL may read differently.
    await post(ledgerAccount, '2024-03-13', true, ['19.99'], 'Cobro', { reference: 'pago²' });
    await post(ledgerAccount, '2024-03-14', true, ['19.99'], 'Cobro ΣΑΣ-1');
    // A split: 600 + 400 carry the reference; 300 + 700 too but do not.
    await post(ledgerAccount, '2024-03-15', true, ['600.00', '400.00'], 'Grant tranche GR-1');
    await post(ledgerAccount, '2024-03-15', true, ['300.00', '700.00'], 'Other receipts');
    // A split tie without references.
    await post(ledgerAccount, '2024-03-18', true, ['10.00', '20.00', '15.00', '15.00'], 'Small receipts');
    const csv = [
      'date,amount,reference,description',
      '2024-03-04,100.00,INV-77,Credit',
      '2024-03-05,100.00,NOREF,Credit',
      '2024-03-10,55.00,,Credit one',
      '2024-03-11,55.00,,Credit two',
      '2024-03-12,-42.00,INV-7,Debit',
      '2024-03-13,19.99,PAGO²,Abono',
      '2024-03-14,19.99,σας-1,Abono',
      '2024-03-16,1000.00,GR-1,Grant instalment',
      '2024-03-19,30.00,,Two receipts',
    ].join('\n');
    await uploadStatement(t, code, Buffer.from(csv), 'cases.csv', { format: 'csv' }).expect(201);
    // Reversals (MT940 RC/RD): one with the reference of the line it reverses, one without.
    const mt940 = [
      ':20:REV-1',
      ':25:SCALE1',
      ':28C:1/1',
      ':60F:C240301USD0,00',
      ':61:2403200320C77,00NTRFREV-ONE//B1',
      ':86:Abono',
      ':61:2403210321RC77,00NTRFREV-ONE//B2',
      ':86:Reverso',
      ':61:2403200320D66,00NTRFNONREF//B3',
      ':86:Cargo',
      ':61:2403220322RD66,00NTRFNONREF//B4',
      ':86:Reverso cargo',
      ':62F:C240322USD0,00',
      '-',
    ].join('\r\n');
    await uploadStatement(t, code, Buffer.from(mt940), 'rev.sta', { format: 'mt940' }).expect(201);

    const expected = (await rulesProposal(code)).sort();
    const { keys, body } = await autoMatched(code);
    expect(keys).toEqual(expected);
    expect(body.matched).toBe(expected.length);
    const rules = expected.map((k) => k.split(' ')[0]);
    // The data set reaches every rule.
    expect(new Set(rules)).toEqual(new Set(['reference', 'amount-date', 'one-to-many', 'reversal-pair']));
    expect(body.byRule).toEqual({
      reference: rules.filter((r) => r === 'reference').length,
      'amount-date': rules.filter((r) => r === 'amount-date').length,
      'one-to-many': rules.filter((r) => r === 'one-to-many').length,
      'reversal-pair': rules.filter((r) => r === 'reversal-pair').length,
    });
    const again = await autoMatched(code);
    expect(again.keys).toEqual(await rulesProposal(code));
    expect(again.body.matched).toBe(0);
  });

  it('a generated data set, matched in two steps, gives exactly what the rules give at each step', async () => {
    const { code, ledgerAccount } = await bankAccount(2);
    const random = generator(2024);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
    const statement: string[] = [];
    for (let i = 0; i < 160; i++) {
      const amount = pick(AMOUNTS);
      const moneyIn = random() < 0.6;
      const day = 1 + Math.floor(random() * 20);
      const parts = random() < 0.1 ? [new Dec(amount).div(4).toFixed(2), new Dec(amount).times(3).div(4).toFixed(2)] : [amount];
      if (random() < 0.85) {
        await post(
          ledgerAccount,
          dayOf(Math.max(1, Math.min(28, day + Math.floor(random() * 9) - 4))),
          moneyIn,
          parts,
          pick(ENTRY_TEXTS),
          pick(METADATA),
          random() < 0.1 ? `SRC-${i}` : undefined,
        );
      }
      if (random() < 0.9) {
        const reference = pick(REFERENCES);
        const description = random() < 0.5 ? pick(ENTRY_TEXTS) : `Movimiento ${i}`;
        statement.push([dayOf(day), `${moneyIn ? '' : '-'}${amount}`, csvField(reference), csvField(description)].join(','));
      }
    }
    // Extra postings of amounts already used, to make ties.
    for (let i = 0; i < 30; i++) {
      await post(ledgerAccount, dayOf(1 + Math.floor(random() * 20)), random() < 0.6, [pick(AMOUNTS)], pick(ENTRY_TEXTS));
    }
    const half = Math.floor(statement.length / 2);
    const header = 'date,amount,reference,description';
    const upload = async (rows: string[], name: string): Promise<void> => {
      await uploadStatement(t, code, Buffer.from([header, ...rows].join('\n')), name, { format: 'csv' }).expect(201);
    };

    await upload(statement.slice(0, half), 'first.csv');
    const firstExpected = (await rulesProposal(code)).sort();
    const first = await autoMatched(code);
    expect(first.keys).toEqual(firstExpected);
    expect(firstExpected.length).toBeGreaterThan(10);

    await upload(statement.slice(half), 'second.csv');
    const secondExpected = (await rulesProposal(code)).sort();
    const second = await autoMatched(code);
    expect(second.keys).toEqual(secondExpected);
    expect(secondExpected.length).toBeGreaterThan(10);

    // The data set left ties and undecided texts to the code, and still some open items.
    const open = await db.query(
      `SELECT count(*)::int AS n FROM statement_lines l WHERE l.bank_account = $1
          AND NOT EXISTS (SELECT 1 FROM bank_match_items i WHERE i.statement_line_id = l.id AND i.active)`,
      [code],
    );
    expect(open.rows[0].n).toBeGreaterThan(0);
    await expectLedgerSound(t);
  });

  it('the database checks a bulk insert of match items (over 1,000) as it checks one match', async () => {
    const { code, ledgerAccount } = await bankAccount(3);
    const amounts = Array.from({ length: 600 }, (_, i) => new Dec(1000 + i * 2).div(100).toFixed(2));
    for (let start = 0; start < amounts.length; start += 300) {
      await post(ledgerAccount, '2024-04-02', true, amounts.slice(start, start + 300), 'Receipts');
    }
    const csv = ['date,amount,reference,description', ...amounts.map((a, i) => `2024-04-02,${a},R-${i},Receipt`)];
    await uploadStatement(t, code, Buffer.from(csv.join('\n')), 'bulk.csv', { format: 'csv' }).expect(201);
    const pairs = await db.query(
      `SELECT l.id::text AS line, p.id::text AS posting FROM statement_lines l
         JOIN postings p ON p.account_code = $2 AND p.amount = l.amount WHERE l.bank_account = $1 ORDER BY l.id`,
      [code, ledgerAccount],
    );
    expect(pairs.rows).toHaveLength(600);
    // 600 matches, 1,200 items in one statement; the last pairs a line with the wrong posting.
    const lines = pairs.rows.map((r: { line: string }) => r.line);
    const postings = pairs.rows.map((r: { posting: string }) => r.posting);
    [postings[598], postings[599]] = [postings[599], postings[598]];
    const insertAll = async (): Promise<void> => {
      await db.query(`CREATE TEMP TABLE bulk AS SELECT gen_random_uuid() AS id, l, p FROM unnest($1::bigint[], $2::bigint[]) AS x(l, p)`, [
        lines,
        postings,
      ]);
      await db.query(
        `INSERT INTO bank_matches (id, bank_account, currency, method, rule, settles_on)
         SELECT id, $1, 'USD', 'manual', 'manual', '2024-04-02' FROM bulk`,
        [code],
      );
      await db.query(
        `INSERT INTO bank_match_items (match_id, statement_line_id, posting_id)
         SELECT id, l, NULL FROM bulk UNION ALL SELECT id, NULL, p FROM bulk`,
      );
    };
    await db.query('BEGIN');
    await expect(insertAll()).rejects.toThrow(/does not balance/);
    await db.query('ROLLBACK');
    // The same statement with every pair right passes; auto-matching them takes all 600.
    [postings[598], postings[599]] = [postings[599], postings[598]];
    await db.query('BEGIN');
    await insertAll();
    await db.query('ROLLBACK');
    const { body } = await autoMatched(code);
    expect(body.matched).toBe(600);
  });
});
