import { Client } from 'pg';
import { expectLedgerSound } from './support/ledger-assertions';
import { startTestApp, TestApp } from './support/test-app';

const entry = (amount: string, description = `entry ${amount}`) => ({
  date: '2005-07-01',
  description,
  lines: [
    { account: '1010', fund: 'GEN', side: 'debit', amount },
    { account: '4900', fund: 'GEN', side: 'credit', amount },
  ],
});

interface Posted {
  id: string;
  sequence: number;
  hash: string;
}

describe('ledger: tampering behind the API is detected, direct writes are refused', () => {
  let t: TestApp;
  let db: Client;
  const posted: Posted[] = [];

  const verification = async () => (await t.as('auditor').get('/v1/ledger/verification').expect(200)).body;
  const footprint = async (): Promise<Record<string, string>> => {
    const { rows } = await db.query(`SELECT
        (SELECT count(*) FROM journal_entries)::text AS entries,
        (SELECT count(*) FROM postings)::text AS postings,
        (SELECT last_sequence || ':' || last_hash FROM ledger_chain) AS head,
        (SELECT count(*) || ':' || coalesce(sum(debit_base), 0) || ':' || coalesce(sum(credit_base), 0) FROM balance_rollups) AS rollups`);
    return rows[0];
  };

  /** What an attacker with database access does: switch the append-only triggers off, change, switch back. */
  const behindTheApi = async (table: 'postings' | 'journal_entries' | 'ledger_chain', sql: string, params: unknown[] = []): Promise<void> => {
    await db.query('BEGIN');
    try {
      await db.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
      await db.query(sql, params);
      await db.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
      await db.query('COMMIT');
    } catch (error) {
      await db.query('ROLLBACK');
      throw error;
    }
  };

  /** A raw entry row that passes every column check; `sequence` far past the chain. */
  const insertEntrySql = `INSERT INTO journal_entries (id, sequence, entry_date, fiscal_year, period, description, source, posted_at, prev_hash, hash)
    VALUES ($1, $2, '2005-07-02', 2005, 7, 'direct insert', 'manual', now(), repeat('0', 64), $3) RETURNING id`;
  const insertPostingSql = `INSERT INTO postings (entry_id, line_no, sequence, entry_date, fiscal_year, account_code, fund_code, side, amount, currency, rate, amount_base)
    VALUES ($1, $2, $3, '2005-07-02', 2005, $4, $5, $6, $7, 'USD', 1, $7)`;
  let fake = 0;
  const newFakeEntry = async (): Promise<{ id: string; sequence: number }> => {
    fake += 1;
    const id = `00000000-0000-4000-8000-${String(fake).padStart(12, '0')}`;
    await db.query(insertEntrySql, [id, 100_000 + fake, fake.toString(16).padStart(64, 'f')]);
    return { id, sequence: 100_000 + fake };
  };
  /** Runs `work` in one transaction and returns how COMMIT ended. */
  const transaction = async (work: () => Promise<void>): Promise<string> => {
    await db.query('BEGIN');
    try {
      await work();
    } catch (error) {
      await db.query('ROLLBACK');
      return `statement failed: ${(error as Error).message}`;
    }
    try {
      await db.query('COMMIT');
      return 'committed';
    } catch (error) {
      return `commit refused: ${(error as Error).message}`;
    }
  };

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    for (const amount of ['10.00', '20.00', '100.00', '40.00', '50.00']) {
      posted.push((await t.as('secretariat').post('/v1/journal-entries', entry(amount)).expect(201)).body);
    }
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  it('verifies the untouched chain', async () => {
    expect(await verification()).toEqual({ ok: true, entries: 5, head: posted[4].hash });
  });

  describe('a change made with the triggers switched off is found, at the right sequence', () => {
    const third = () => posted[2];

    it.each<[string, 'postings' | 'journal_entries' | 'ledger_chain', string, string, number]>([
      ['a posting amount (100.00 → 1000.00)', 'postings', `UPDATE postings SET amount = 1000.00 WHERE entry_id = $1 AND line_no = 1`, `UPDATE postings SET amount = 100.00 WHERE entry_id = $1 AND line_no = 1`, 3],
      ['a posting amount with more decimals than USD has (100.001)', 'postings', `UPDATE postings SET amount = 100.001 WHERE entry_id = $1 AND line_no = 1`, `UPDATE postings SET amount = 100.00 WHERE entry_id = $1 AND line_no = 1`, 3],
      ['a posting currency (to a code that is no currency)', 'postings', `UPDATE postings SET currency = 'ZZZ' WHERE entry_id = $1 AND line_no = 1`, `UPDATE postings SET currency = 'USD' WHERE entry_id = $1 AND line_no = 1`, 3],
      ['both base amounts, keeping the entry balanced', 'postings', `UPDATE postings SET amount_base = 90.00 WHERE entry_id = $1`, `UPDATE postings SET amount_base = 100.00 WHERE entry_id = $1`, 3],
      ['a side (the entry no longer balances)', 'postings', `UPDATE postings SET side = 'debit' WHERE entry_id = $1 AND line_no = 2`, `UPDATE postings SET side = 'credit' WHERE entry_id = $1 AND line_no = 2`, 3],
      ['an account', 'postings', `UPDATE postings SET account_code = '4100' WHERE entry_id = $1 AND line_no = 2`, `UPDATE postings SET account_code = '4900' WHERE entry_id = $1 AND line_no = 2`, 3],
      ['the description of an entry', 'journal_entries', `UPDATE journal_entries SET description = 'nothing to see' WHERE id = $1`, `UPDATE journal_entries SET description = 'entry 100.00' WHERE id = $1`, 3],
      ['the date of an entry', 'journal_entries', `UPDATE journal_entries SET entry_date = '2005-07-02' WHERE id = $1`, `UPDATE journal_entries SET entry_date = '2005-07-01' WHERE id = $1`, 3],
      ['the metadata of an entry', 'journal_entries', `UPDATE journal_entries SET metadata = '{"a":"b"}' WHERE id = $1`, `UPDATE journal_entries SET metadata = '{}' WHERE id = $1`, 3],
    ])('%s', async (_case, table, change, restore, broken) => {
      await behindTheApi(table, change, [third().id]);
      const result = await verification();
      expect(result).toMatchObject({ ok: false, entries: 5, firstBrokenSequence: broken });
      expect(typeof result.problem).toBe('string');
      await behindTheApi(table, restore, [third().id]);
      expect(await verification()).toEqual({ ok: true, entries: 5, head: posted[4].hash });
    });

    it('a rewritten hash (entry 4): broken at 4, where the next entry no longer chains', async () => {
      const fourth = posted[3];
      await behindTheApi('journal_entries', `UPDATE journal_entries SET hash = repeat('a', 64) WHERE id = $1`, [fourth.id]);
      expect(await verification()).toMatchObject({ ok: false, firstBrokenSequence: 4 });
      await behindTheApi('journal_entries', `UPDATE journal_entries SET hash = $2 WHERE id = $1`, [fourth.id, fourth.hash]);
      expect((await verification()).ok).toBe(true);
    });

    it('a deleted last entry: the chain head no longer matches', async () => {
      const last = posted[4];
      const saved = await db.query('SELECT * FROM postings WHERE entry_id = $1 ORDER BY line_no', [last.id]);
      const savedEntry = await db.query('SELECT * FROM journal_entries WHERE id = $1', [last.id]);
      await behindTheApi('postings', 'DELETE FROM postings WHERE entry_id = $1', [last.id]);
      await behindTheApi('journal_entries', 'DELETE FROM journal_entries WHERE id = $1', [last.id]);
      expect(await verification()).toMatchObject({ ok: false, firstBrokenSequence: 5 });
      // Put it back exactly as it was (the roll-up trigger stays off: the roll-up never lost it).
      const e = savedEntry.rows[0];
      await behindTheApi(
        'journal_entries',
        `INSERT INTO journal_entries (id, sequence, entry_date, fiscal_year, period, description, source, source_id, reverses_entry_id,
           metadata, actor_token_id, posted_at, prev_hash, hash)
         VALUES ($1, $2, $3::date, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [e.id, e.sequence, '2005-07-01', e.fiscal_year, e.period, e.description, e.source, e.source_id, e.reverses_entry_id, e.metadata, e.actor_token_id, e.posted_at, e.prev_hash, e.hash],
      );
      for (const p of saved.rows) {
        await behindTheApi(
          'postings',
          `INSERT INTO postings (entry_id, line_no, sequence, entry_date, fiscal_year, account_code, fund_code, side, amount, currency, rate, amount_base)
           VALUES ($1, $2, $3, '2005-07-01', $4, $5, $6, $7, $8, $9, $10, $11)`,
          [p.entry_id, p.line_no, p.sequence, p.fiscal_year, p.account_code, p.fund_code, p.side, p.amount, p.currency, p.rate, p.amount_base],
        );
      }
      expect(await verification()).toEqual({ ok: true, entries: 5, head: posted[4].hash });
    });

    it('a rewound chain head (the table the API appends through)', async () => {
      await behindTheApi('ledger_chain', 'UPDATE ledger_chain SET last_sequence = 4, last_hash = $1', [posted[3].hash]);
      expect(await verification()).toMatchObject({ ok: false });
      await behindTheApi('ledger_chain', 'UPDATE ledger_chain SET last_sequence = 5, last_hash = $1', [posted[4].hash]);
      expect((await verification()).ok).toBe(true);
    });
  });

  describe('the database refuses changes to posted entries', () => {
    it.each([
      ['UPDATE postings SET amount = 1'],
      ['UPDATE postings SET member_code = NULL WHERE false'],
      ['DELETE FROM postings'],
      ['TRUNCATE postings CASCADE'],
      ["UPDATE journal_entries SET description = 'x'"],
      ['DELETE FROM journal_entries'],
      ['TRUNCATE journal_entries CASCADE'],
    ])('%s', async (sql) => {
      const before = await footprint();
      await expect(db.query(sql)).rejects.toThrow(/append-only/);
      expect(await footprint()).toEqual(before);
    });
  });

  describe('the database refuses, at COMMIT, an entry inserted directly that does not balance', () => {
    it('debit 100.00 / credit 90.00: the statements succeed, the commit is refused', async () => {
      const before = await footprint();
      const outcome = await transaction(async () => {
        const e = await newFakeEntry();
        await db.query(insertPostingSql, [e.id, 1, e.sequence, '1010', 'GEN', 'debit', '100.00']);
        await db.query(insertPostingSql, [e.id, 2, e.sequence, '4900', 'GEN', 'credit', '90.00']);
      });
      expect(outcome).toMatch(/^commit refused: .*does not balance in fund\(s\) GEN/);
      expect(await footprint()).toEqual(before);
    });

    it('a total that balances while two funds do not: refused, naming both', async () => {
      const before = await footprint();
      const outcome = await transaction(async () => {
        const e = await newFakeEntry();
        await db.query(insertPostingSql, [e.id, 1, e.sequence, '1010', 'GEN', 'debit', '100.00']);
        await db.query(insertPostingSql, [e.id, 2, e.sequence, '4300', 'RES', 'credit', '100.00']);
      });
      expect(outcome).toMatch(/^commit refused: .*does not balance in fund\(s\) (GEN, RES|RES, GEN)/);
      expect(await footprint()).toEqual(before);
    });

    it.each([
      [0, /has 0 posting/],
      [1, /has 1 posting/],
    ])('an entry with %i posting(s): refused', async (count, message) => {
      const before = await footprint();
      const outcome = await transaction(async () => {
        const e = await newFakeEntry();
        if (count > 0) await db.query(insertPostingSql, [e.id, 1, e.sequence, '1010', 'GEN', 'debit', '100.00']);
      });
      expect(outcome).toMatch(/^commit refused/);
      expect(outcome).toMatch(message);
      expect(await footprint()).toEqual(before);
    });

    it('a posting added, in the same transaction, after the entry balanced: refused', async () => {
      const before = await footprint();
      const outcome = await transaction(async () => {
        const e = await newFakeEntry();
        await db.query(insertPostingSql, [e.id, 1, e.sequence, '1010', 'GEN', 'debit', '100.00']);
        await db.query(insertPostingSql, [e.id, 2, e.sequence, '4900', 'GEN', 'credit', '100.00']);
        await db.query(insertPostingSql, [e.id, 3, e.sequence, '5900', 'GEN', 'debit', '5.00']);
      });
      expect(outcome).toMatch(/^commit refused: .*does not balance/);
      expect(await footprint()).toEqual(before);
    });

    it('a posting added later, in its own transaction, to an entry already posted: refused at once', async () => {
      const before = await footprint();
      const target = posted[1];
      const outcome = await transaction(async () => {
        await db.query(insertPostingSql.replace("'2005-07-02'", "'2005-07-01'"), [target.id, 3, target.sequence, '5900', 'GEN', 'debit', '5.00']);
      });
      expect(outcome).toMatch(/^statement failed: .*is already posted: no posting can be added to it/);
      expect(await footprint()).toEqual(before);
    });

    it('a balanced direct insert passes the check (checked immediately here, then rolled back)', async () => {
      const before = await footprint();
      await db.query('BEGIN');
      try {
        const e = await newFakeEntry();
        await db.query(insertPostingSql, [e.id, 1, e.sequence, '1010', 'GEN', 'debit', '100.00']);
        await db.query(insertPostingSql, [e.id, 2, e.sequence, '4900', 'GEN', 'credit', '100.00']);
        await expect(db.query('SET CONSTRAINTS ALL IMMEDIATE')).resolves.toBeDefined();
      } finally {
        await db.query('ROLLBACK');
      }
      expect(await footprint()).toEqual(before);
    });

    it.each([
      ['a zero amount', '0.00', 'debit'],
      ['a negative amount', '-1.00', 'debit'],
      ['an unknown side', '1.00', 'left'],
    ])('%s is refused by a column check', async (_case, amount, side) => {
      const outcome = await transaction(async () => {
        const e = await newFakeEntry();
        await db.query(insertPostingSql, [e.id, 1, e.sequence, '1010', 'GEN', side, amount]);
      });
      expect(outcome).toMatch(/^statement failed: .*check constraint/);
    });
  });

  it('leaves the ledger sound', async () => {
    expect(await verification()).toEqual({ ok: true, entries: 5, head: posted[4].hash });
    await expectLedgerSound(t);
  });
});
