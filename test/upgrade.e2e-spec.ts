import { INestApplication } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import type { App } from 'supertest/types';
import { hashToken } from '@app/auth';
import { Dec, loadConfig } from '@app/common';
import { migrationNames, restoreBackup, runMigrations, runMigrationsUpTo, writeBackup } from '@app/database';
import { entryHash, EntrySource, GENESIS_HASH, PricedLine } from '@app/ledger';
import { createApp } from '../apps/api/src/app.factory';
import { dropTestDatabase, serverUrl, withAdminClient } from './support/test-database';

/**
 * Upgrades proven on data: for every cut point k, a database built by the first k migrations
 * only, filled through that era's own tables with raw SQL (tokens and audit rows; fiscal years
 * and a hash-chained journal in several currencies with a reversal; members, a budget, its
 * assessment and payments with their allocations — each as far as the era has the tables), then
 * migrated to this version, must keep every row it held, every balance, its trial balance and its
 * chain, and serve the API (old tokens, reports, a new payment). The same era's backup, restored
 * by this version, must hold the same rows. A new migration is covered by this spec as it is; a
 * migration that renames what the filler writes makes it choose the name of the era (see
 * idempotency_keys' actor column).
 */
const MIGRATION_NAMES = migrationNames();
const CUTS = Array.from({ length: MIGRATION_NAMES.length - 1 }, (_, i) => i + 1);
const BASE = 'USD';
const TOKENS = {
  admin: `clg_upgrade-admin-${'a'.repeat(24)}`,
  secretariat: `clg_upgrade-secretariat-${'s'.repeat(24)}`,
  auditor: `clg_upgrade-auditor-${'u'.repeat(24)}`,
};

interface Line {
  account: string;
  fund: string;
  side: 'debit' | 'credit';
  amount: string;
  currency?: string;
  rate?: string;
  amountBase?: string;
  member?: string;
  bankAccount?: string;
}

interface EntrySpec {
  date: string;
  description: string;
  source: EntrySource;
  sourceId?: string;
  reverses?: string;
  metadata?: Record<string, string>;
  lines: Line[];
}

/** What the era's data must still be after the upgrade. */
interface EraFacts {
  /** Tables this spec wrote rows into: not one of those rows may change. */
  filled: string[];
  entries: number;
  head: string;
  /** Member → assessed, paid, outstanding for FY 2005 (contributions era onwards). */
  status: Record<string, { assessed: string; paid: string; outstanding: string }> | undefined;
}

async function connect(url: string): Promise<Client> {
  const c = new Client({ connectionString: url });
  await c.connect();
  return c;
}

async function tableExists(c: Client, table: string): Promise<boolean> {
  return (await c.query<{ found: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS found`, [table])).rows[0].found;
}

async function columnExists(c: Client, table: string, column: string): Promise<boolean> {
  const r = await c.query(
    `SELECT 1 FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND column_name = $2`,
    [table, column],
  );
  return r.rows.length > 0;
}

/** A table and its columns, known by their catalog numbers too: a rename keeps them. */
interface TableShape {
  oid: number;
  name: string;
  columns: { attnum: number; name: string }[];
}

/** Every table and its columns, as they are now. */
async function tablesOf(c: Client): Promise<TableShape[]> {
  return (
    await c.query<TableShape>(
      `SELECT c.oid::int AS oid, c.relname AS name,
              json_agg(json_build_object('attnum', a.attnum, 'name', a.attname) ORDER BY a.attnum) AS columns
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'schema_migrations'
        GROUP BY 1, 2 ORDER BY 2`,
    )
  ).rows;
}

/**
 * What a table of before the upgrade is called now, with the columns it had (a migration may
 * rename a table or a column: the data is the same). A table or a column dropped is data lost.
 */
async function nowCalled(c: Client, was: TableShape): Promise<{ table: string; columns: string[] }> {
  const found = (await tablesOf(c)).find((t) => t.oid === was.oid);
  if (!found) throw new Error(`table ${was.name} was dropped by the upgrade`);
  const columns = was.columns.map((col) => {
    const now = found.columns.find((x) => x.attnum === col.attnum);
    if (!now) throw new Error(`column ${was.name}.${col.name} was dropped by the upgrade`);
    return now.name;
  });
  return { table: found.name, columns };
}

/** A fingerprint of a table's rows over the given columns (columns a later migration adds are not part of it). */
async function fingerprint(
  c: Client,
  table: string,
  columns: readonly string[],
): Promise<{ rows: number; md5: string }> {
  const list = columns.map((col) => `"${col}"`).join(', ');
  const r = await c.query<{ rows: number; md5: string }>(
    `SELECT count(*)::int AS rows, coalesce(md5(string_agg(x::text, E'\\n' ORDER BY x::text)), '') AS md5
       FROM (SELECT ${list} FROM "${table}") x`,
  );
  return r.rows[0];
}

async function balances(c: Client): Promise<Record<string, string>> {
  const rows = (
    await c.query<{ key: string; net: string }>(
      `SELECT account_code || '/' || fund_code AS key,
              sum(CASE side WHEN 'debit' THEN amount_base ELSE -amount_base END)::text AS net
         FROM postings GROUP BY 1 ORDER BY 1`,
    )
  ).rows;
  return Object.fromEntries(rows.map((r) => [r.key, new Dec(r.net).toFixed(2)]));
}

/** Posts one entry the way the ledger does, in raw SQL: hash-chained, postings in, chain head advanced, one transaction. */
async function post(c: Client, e: EntrySpec): Promise<string> {
  const head = (
    await c.query<{ s: string; h: string }>('SELECT last_sequence::text AS s, last_hash AS h FROM ledger_chain')
  ).rows[0];
  const sequence = Number(head.s) + 1;
  const id = randomUUID();
  const fiscalYear = Number(e.date.slice(0, 4));
  const period = Number(e.date.slice(5, 7));
  const postedAt = `${e.date}T10:00:00.${String(sequence % 1000).padStart(3, '0')}Z`;
  const lines: PricedLine[] = e.lines.map((l, i) => ({
    lineNo: i + 1,
    account: l.account,
    fund: l.fund,
    side: l.side,
    amount: new Dec(l.amount),
    currency: l.currency ?? BASE,
    rate: new Dec(l.rate ?? '1'),
    amountBase: new Dec(l.amountBase ?? l.amount),
    ...(l.member ? { member: l.member } : {}),
    ...(l.bankAccount ? { bankAccount: l.bankAccount } : {}),
  }));
  const metadata = e.metadata ?? {};
  const hash = entryHash(head.h, {
    id,
    sequence,
    date: e.date,
    fiscalYear,
    period,
    description: e.description,
    source: e.source,
    sourceId: e.sourceId ?? null,
    reversesEntryId: e.reverses ?? null,
    metadata,
    actorTokenId: null,
    postedAt,
    baseCurrency: BASE,
    lines,
  });
  await c.query('BEGIN');
  try {
    await c.query(
      `INSERT INTO journal_entries (id, sequence, entry_date, fiscal_year, period, description, source, source_id,
         reverses_entry_id, metadata, actor_token_id, posted_at, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL, $11, $12, $13)`,
      [
        id,
        sequence,
        e.date,
        fiscalYear,
        period,
        e.description,
        e.source,
        e.sourceId ?? null,
        e.reverses ?? null,
        metadata,
        postedAt,
        head.h,
        hash,
      ],
    );
    for (const [i, l] of lines.entries()) {
      const given = e.lines[i];
      await c.query(
        `INSERT INTO postings (entry_id, line_no, sequence, entry_date, fiscal_year, account_code, fund_code, side,
           amount, currency, rate, amount_base, member_code, bank_account)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [
          id,
          l.lineNo,
          sequence,
          e.date,
          fiscalYear,
          l.account,
          l.fund,
          l.side,
          given.amount,
          l.currency,
          given.rate ?? '1',
          given.amountBase ?? given.amount,
          l.member ?? null,
          l.bankAccount ?? null,
        ],
      );
    }
    await c.query('UPDATE ledger_chain SET last_sequence = $1, last_hash = $2 WHERE id = 1', [sequence, hash]);
    await c.query('COMMIT');
  } catch (error) {
    await c.query('ROLLBACK');
    throw error;
  }
  return id;
}

/** Fills whatever the era's tables allow, the way the application of that era wrote them. */
async function fillEra(c: Client): Promise<EraFacts> {
  const filled: string[] = [];
  const tokenIds: Record<string, string> = {};
  for (const [role, token] of Object.entries(TOKENS)) {
    const r = await c.query<{ id: string }>(
      `INSERT INTO api_tokens (name, role, token_hash) VALUES ($1, $2, $3) RETURNING id::text AS id`,
      [`upgrade ${role}`, role, hashToken(token)],
    );
    tokenIds[role] = r.rows[0].id;
  }
  await c.query(
    `INSERT INTO audit_log (actor_token_id, actor_role, action, target, request_id, outcome, status_code, detail)
     VALUES ($1, 'admin', 'POST /v1/tokens', 'id=x', 'req-1', 'success', 201, '{"note": "before the upgrade"}'),
            ($1, 'admin', 'POST /v1/members', NULL, 'req-2', 'rejected', 400, NULL)`,
    [tokenIds.admin],
  );
  // Who made the request: an API token's id (a later version calls the column actor_id).
  const actorColumn = (await columnExists(c, 'idempotency_keys', 'actor_id')) ? 'actor_id' : 'token_id';
  await c.query(
    `INSERT INTO idempotency_keys (${actorColumn}, key, request_hash, status_code, response) VALUES ($1, 'k-1', 'h', 201, '{"ok": true}')`,
    [tokenIds.secretariat],
  );
  filled.push('api_tokens', 'audit_log', 'idempotency_keys');
  if (!(await tableExists(c, 'journal_entries'))) return { filled, entries: 0, head: GENESIS_HASH, status: undefined };

  await c.query(
    `INSERT INTO fiscal_years (year, starts_on, ends_on) VALUES (2004, '2004-01-01', '2004-12-31'), (2005, '2005-01-01', '2005-12-31')`,
  );
  const bank = (await tableExists(c, 'bank_accounts')) ? 'OPERATING' : undefined;
  await post(c, {
    date: '2004-12-31',
    description: 'Opening balances',
    source: 'opening',
    lines: [
      { account: '1010', fund: 'GEN', side: 'debit', amount: '50000.00', bankAccount: bank },
      { account: '3100', fund: 'GEN', side: 'credit', amount: '50000.00' },
    ],
  });
  await post(c, {
    date: '2005-02-10',
    description: 'Meeting costs, Panama',
    source: 'manual',
    metadata: { decision: 'GRCM-2004-12', invoice: 'INV-7' },
    lines: [
      { account: '5200', fund: 'GEN', side: 'debit', amount: '1200.50' },
      { account: '1010', fund: 'GEN', side: 'credit', amount: '1200.50', bankAccount: bank },
    ],
  });
  await post(c, {
    date: '2005-03-01',
    description: 'Contribution to the reserve fund, in Belize dollars',
    source: 'reserve_contribution',
    lines: [
      {
        account: '1010',
        fund: 'RES',
        side: 'debit',
        amount: '400.00',
        currency: 'BZD',
        rate: '0.5',
        amountBase: '200.00',
        bankAccount: bank,
      },
      { account: '4300', fund: 'RES', side: 'credit', amount: '200.00' },
    ],
  });
  await post(c, {
    date: '2005-03-05',
    description: 'Interest, in yen',
    source: 'bank',
    lines: [
      {
        account: '1010',
        fund: 'GEN',
        side: 'debit',
        amount: '10000',
        currency: 'JPY',
        rate: '0.009',
        amountBase: '90.00',
      },
      { account: '4400', fund: 'GEN', side: 'credit', amount: '90.00' },
    ],
  });
  const mistaken = await post(c, {
    date: '2005-04-01',
    description: 'Bank charges posted twice',
    source: 'manual',
    lines: [
      { account: '5500', fund: 'GEN', side: 'debit', amount: '35.00' },
      { account: '1010', fund: 'GEN', side: 'credit', amount: '35.00' },
    ],
  });
  await post(c, {
    date: '2005-04-02',
    description: 'Reversal of: Bank charges posted twice',
    source: 'reversal',
    reverses: mistaken,
    lines: [
      { account: '1010', fund: 'GEN', side: 'debit', amount: '35.00' },
      { account: '5500', fund: 'GEN', side: 'credit', amount: '35.00' },
    ],
  });
  filled.push('fiscal_years', 'journal_entries', 'postings');

  let status: EraFacts['status'];
  if (await tableExists(c, 'members')) {
    status = await fillContributions(c);
    filled.push(
      'members',
      'budgets',
      'budget_lines',
      'budget_scales',
      'assessment_runs',
      'member_years',
      'assessments',
      'payments',
      'allocations',
    );
  }
  const head = (
    await c.query<{ s: string; h: string }>('SELECT last_sequence::text AS s, last_hash AS h FROM ledger_chain')
  ).rows[0];
  return { filled, entries: Number(head.s), head: head.h, status };
}

/** Members, the FY 2005 budget (fixed amounts), its assessment, two payments and their allocations. */
async function fillContributions(c: Client): Promise<NonNullable<EraFacts['status']>> {
  const scale: Record<string, string> = { ARG: '1500.00', BRA: '1000.00', MEX: '500.00' };
  for (const [code, name] of [
    ['ARG', 'Argentina'],
    ['BRA', 'Brazil'],
    ['MEX', 'Mexico'],
  ]) {
    await c.query(`INSERT INTO members (code, name_en, name_es, joined_on) VALUES ($1, $2, $2, '1996-03-13')`, [
      code,
      name,
    ]);
  }
  await c.query(
    `INSERT INTO budgets (fiscal_year, version, total, currency, scale_kind, approval_meeting, approval_date, approval_reference)
     VALUES (2005, 1, 3000.00, 'USD', 'amount', 'Vice-ministerial meeting', '2004-12-01', 'DEC-2005')`,
  );
  await c.query(
    `INSERT INTO budget_lines (fiscal_year, version, line_no, code, name, amount) VALUES (2005, 1, 1, 'OPS', 'Operations', 3000.00)`,
  );
  for (const [member, amount] of Object.entries(scale)) {
    await c.query(`INSERT INTO budget_scales (fiscal_year, version, member_code, amount) VALUES (2005, 1, $1, $2)`, [
      member,
      amount,
    ]);
  }
  const assessment = await post(c, {
    date: '2005-01-15',
    description: 'FY 2005 assessment',
    source: 'assessment',
    sourceId: '2005',
    lines: [
      ...Object.entries(scale).map(([member, amount]) => ({
        account: '1100',
        fund: 'GEN',
        side: 'debit' as const,
        amount,
        member,
      })),
      { account: '4100', fund: 'GEN', side: 'credit', amount: '3000.00' },
    ],
  });
  await c.query(
    `INSERT INTO assessment_runs (fiscal_year, version, assessed_on, entry_id) VALUES (2005, 1, '2005-01-15', $1)`,
    [assessment],
  );
  for (const [member, amount] of Object.entries(scale)) {
    await c.query(
      `INSERT INTO member_years (member_code, fiscal_year, first_assessed_on) VALUES ($1, 2005, '2005-01-15')`,
      [member],
    );
    await c.query(
      `INSERT INTO assessments (fiscal_year, version, member_code, amount, delta, assessed_on, entry_id) VALUES (2005, 1, $1, $2, $2, '2005-01-15', $3)`,
      [member, amount, assessment],
    );
  }
  for (const [member, amount, date] of [
    ['ARG', '1500.00', '2005-03-15'],
    ['BRA', '400.00', '2005-05-20'],
  ]) {
    const reference = `${member}-2005-01`;
    const entry = await post(c, {
      date,
      description: `Contribution received from ${member}: ${reference}`,
      source: 'payment',
      metadata: { reference },
      lines: [
        { account: '1010', fund: 'GEN', side: 'debit', amount, bankAccount: 'OPERATING' },
        { account: '1100', fund: 'GEN', side: 'credit', amount, member },
      ],
    });
    const payment = randomUUID();
    await c.query(
      `INSERT INTO payments (id, member_code, received_on, amount, currency, rate, amount_base, reference, bank_account, entry_id, metadata)
       VALUES ($1, $2, $3, $4, 'USD', 1, $4, $5, 'OPERATING', $6, $7)`,
      [payment, member, date, amount, reference, entry, { reference }],
    );
    await c.query(
      `INSERT INTO allocations (payment_id, member_code, fiscal_year, kind, amount, effective_on, entry_id) VALUES ($1, $2, 2005, 'payment', $3, $4, $5)`,
      [payment, member, amount, date, entry],
    );
  }
  return {
    ARG: { assessed: '1500.00', paid: '1500.00', outstanding: '0.00' },
    BRA: { assessed: '1000.00', paid: '400.00', outstanding: '600.00' },
    MEX: { assessed: '500.00', paid: '0.00', outstanding: '500.00' },
  };
}

describe('upgrades: data written by every earlier version survives every later migration', () => {
  const databases: string[] = [];
  let work: string;

  const newDatabase = async (label: string): Promise<string> => {
    const name = `ledger_upgrade_${label}_${process.env.TEST_RUN_ID ?? 'x'}_${randomBytes(3).toString('hex')}`;
    await withAdminClient((admin) => admin.query(`CREATE DATABASE "${name}"`));
    databases.push(name);
    return serverUrl(name);
  };

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-upgrade-'));
  });

  /** Drops the databases made so far (each test drops its own at its end; a failed one's at the end of all). */
  const dropAll = async (): Promise<void> => {
    while (databases.length > 0) await dropTestDatabase(databases.pop() as string);
  };

  afterEach(dropAll, 120_000);

  afterAll(() => {
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('has a cut point after every migration but the last', () => {
    expect(CUTS).toEqual(MIGRATION_NAMES.slice(0, -1).map((_, i) => i + 1));
    expect(CUTS.length).toBeGreaterThanOrEqual(1);
  });

  it.each(CUTS.map((k) => [k, MIGRATION_NAMES[k - 1]] as const))(
    'a database made by the first %i migration(s) (up to %s), filled, then migrated to this version: rows, balances, trial balance, chain, API; its backup restores identically',
    async (k) => {
      const url = await newDatabase(`k${k}`);
      expect(await runMigrationsUpTo(url, k)).toEqual(MIGRATION_NAMES.slice(0, k));
      const c = await connect(url);
      let facts: EraFacts;
      let before: Map<string, { rows: number; md5: string }>;
      let shapesBefore: TableShape[];
      let balancesBefore: Record<string, string>;
      const current = new Map<string, { table: string; columns: string[] }>();
      const backupFile = path.join(work, `era-${k}.zip`);
      try {
        facts = await fillEra(c);
        shapesBefore = await tablesOf(c);
        before = new Map();
        for (const t of shapesBefore)
          before.set(
            t.name,
            await fingerprint(
              c,
              t.name,
              t.columns.map((col) => col.name),
            ),
          );
        balancesBefore = facts.entries > 0 ? await balances(c) : {};
        // The era's own backup, taken before the upgrade.
        const backup = await writeBackup(url, backupFile, { method: 'copy' });
        expect(backup.manifest.migrations).toEqual(MIGRATION_NAMES.slice(0, k));

        expect(await runMigrations(url)).toEqual(MIGRATION_NAMES.slice(k));

        // Every row written before is still there, unchanged in the columns it had; no table lost a row.
        for (const t of shapesBefore) {
          const now = await nowCalled(c, t);
          current.set(t.name, now);
          const after = await fingerprint(c, now.table, now.columns);
          const was = before.get(t.name);
          if (facts.filled.includes(t.name)) expect({ table: t.name, ...after }).toEqual({ table: t.name, ...was });
          else
            expect({ table: t.name, lost: (was?.rows ?? 0) - after.rows > 0 }).toEqual({ table: t.name, lost: false });
        }
        if (facts.entries > 0) {
          expect(await balances(c)).toEqual(balancesBefore);
          // The roll-ups the trial balance reads agree with the postings.
          const rollups = (
            await c.query<{ key: string; net: string }>(
              `SELECT account_code || '/' || fund_code AS key, sum(debit_base - credit_base)::text AS net
                 FROM balance_rollups GROUP BY 1 HAVING sum(debit_base - credit_base) <> 0 ORDER BY 1`,
            )
          ).rows;
          expect(Object.fromEntries(rollups.map((r) => [r.key, new Dec(r.net).toFixed(2)]))).toEqual(
            Object.fromEntries(Object.entries(balancesBefore).filter(([, v]) => !new Dec(v).isZero())),
          );
        }
      } finally {
        await c.end();
      }

      // The same era's backup, restored by this version: its newer migrations run after the load.
      const restoredUrl = await newDatabase(`k${k}_restored`);
      const restored = await restoreBackup(restoredUrl, backupFile);
      expect(restored.migrationsApplied).toEqual(MIGRATION_NAMES.slice(k));
      const r = await connect(restoredUrl);
      const upgraded = await connect(url);
      try {
        for (const table of facts.filled) {
          const now = current.get(table);
          if (!now) throw new Error(`table ${table} was not seen before the upgrade`);
          expect({ table, ...(await fingerprint(r, now.table, now.columns)) }).toEqual({
            table,
            ...(await fingerprint(upgraded, now.table, now.columns)),
          });
        }
      } finally {
        await r.end();
        await upgraded.end();
      }

      // (The restored database holds the same rows as the upgraded one, checked above; the API is checked on the latter.)
      await expectServes(url, facts, balancesBefore);
    },
    180_000,
  );
});

/** The API on the upgraded database: old tokens, health, chain, trial balance, status, and a new payment. */
async function expectServes(
  databaseUrl: string,
  facts: EraFacts,
  balancesBefore: Record<string, string>,
): Promise<void> {
  const app: INestApplication = await createApp({
    ...loadConfig({}),
    logLevel: 'silent',
    rateLimitPerMinute: 0,
    databaseUrl,
  });
  await app.init();
  try {
    const http = app.getHttpServer() as App;
    const as = (role: keyof typeof TOKENS) => ({
      get: (p: string) => request(http).get(p).set('Authorization', `Bearer ${TOKENS[role]}`),
      post: (p: string, body: object) =>
        request(http)
          .post(p)
          .set('Authorization', `Bearer ${TOKENS[role]}`)
          .set('Idempotency-Key', randomUUID())
          .send(body),
    });
    await request(http).get('/health').expect(200);
    const chain = await as('auditor').get('/v1/ledger/verification').expect(200);
    expect(chain.body).toMatchObject({ ok: true, entries: facts.entries, head: facts.head });

    const tb = await as('auditor').get('/v1/reports/trial-balance?asOf=2999-12-31').expect(200);
    expect(tb.body.balanced).toBe(true);
    const nets = Object.fromEntries(
      (tb.body.rows as { account: string; fund: string; debit: string; credit: string }[])
        .map((row) => [`${row.account}/${row.fund}`, new Dec(row.debit).minus(row.credit).toFixed(2)] as const)
        .filter(([, net]) => !new Dec(net).isZero()),
    );
    expect(nets).toEqual(Object.fromEntries(Object.entries(balancesBefore).filter(([, v]) => !new Dec(v).isZero())));

    if (facts.status) {
      const status = await as('auditor').get('/v1/reports/status-of-contributions?asOf=2005-12-31').expect(200);
      for (const [member, expected] of Object.entries(facts.status)) {
        const row = (
          status.body.members as { member: string; assessed: string; paid: string; outstanding: string }[]
        ).find((m) => m.member === member);
        expect({ member, assessed: row?.assessed, paid: row?.paid, outstanding: row?.outstanding }).toEqual({
          member,
          ...expected,
        });
      }
    }

    // And it takes new money: a member (if the era had none) and a payment, the chain one longer.
    if (!facts.status) {
      await as('admin').post('/v1/members', { code: 'URY', name: 'Uruguay', joinedOn: '1996-03-13' }).expect(201);
    }
    const member = facts.status ? 'BRA' : 'URY';
    const paid = await as('secretariat').post('/v1/payments', {
      member,
      amount: '100.00',
      currency: 'USD',
      receivedOn: '2005-09-01',
      reference: 'AFTER-UPGRADE',
    });
    expect(paid.status).toBe(201);
    const after = await as('auditor').get('/v1/ledger/verification').expect(200);
    expect(after.body).toMatchObject({ ok: true, entries: facts.entries + 1 });
    expect((await as('auditor').get('/v1/reports/trial-balance?asOf=2999-12-31').expect(200)).body.balanced).toBe(true);
  } finally {
    await app.close();
  }
}
