/**
 * `posting` / `posting-hot`: POST /v1/payments from 8 concurrent clients against pgbench running
 * the same SQL the API runs for one payment, in the same run, interleaved pgbench → API → pgbench
 * with the same duration each. Headlines: API payments/s ÷ the mean pgbench tps, then the API's
 * 99th-percentile latency in ms (pgbench's average latency is printed beside it).
 *
 * Set-up, through the API (a fresh database): 50 members (ISO 3166 alpha-3 codes), a budget for
 * FY 2025 with a fixed-amount scale and its assessment. The pgbench database is a copy of that
 * database (pg_dump | psql), so both sides start from the same rows. Every payment is USD 10.00
 * received on 2025-03-01 and allocated to FY 2025 (assessments are large enough never to be
 * exhausted, so every payment is one entry with two postings and one allocation).
 * `posting` spreads payments uniformly over the 50 members; `posting-hot` puts every payment of a
 * phase on one member (its row lock serialises them, and its history — read in full by every
 * payment — grows through the phase), a member with no payments yet in each phase.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as countries from 'i18n-iso-countries';
import { ApiProcess, call, issueToken, startApi } from './support/api-process';
import { BenchOptions, createDatabase, figure, headline, loadLine, log, mean, withClient } from './support/harness';
import { sampleActivity } from './support/activity';
import { postLoad, LoadResult } from './support/load';
import { assertPgbench, pgbench, PgbenchResult } from './support/pgbench';

const CLIENTS = 8;
const MEMBERS = 50;
const FISCAL_YEAR = 2025;
const RECEIVED_ON = '2025-03-01';
const AMOUNT = '10.00';
/** Large enough that no member's assessment is ever paid off during a run. */
const ASSESSMENT_PER_MEMBER = '100000000.00';
const WARM_UP_SECONDS = 3;

/** The tables one payment writes (balance_rollups is updated in place by the postings trigger). */
const WRITTEN_TABLES = [
  'journal_entries',
  'postings',
  'payments',
  'allocations',
  'idempotency_keys',
  'audit_log',
] as const;
type Counts = Record<(typeof WRITTEN_TABLES)[number], number>;

async function counts(url: string): Promise<Counts> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<Record<string, string>>(
      `SELECT ${WRITTEN_TABLES.map((t) => `(SELECT count(*) FROM ${t}) AS ${t}`).join(', ')}`,
    );
    return Object.fromEntries(WRITTEN_TABLES.map((t) => [t, Number(rows[0][t])])) as Counts;
  });
}

const minus = (a: Counts, b: Counts): Counts =>
  Object.fromEntries(WRITTEN_TABLES.map((t) => [t, a[t] - b[t]])) as Counts;

/** Rows written per payment, e.g. `journal_entries 1, postings 2, …`. */
const perPayment = (delta: Counts): string =>
  WRITTEN_TABLES.map((t) => `${t} ${(delta[t] / delta.payments).toFixed(2)}`).join(', ');

/** Copies a database with pg_dump | psql (works while the API is connected to the source). */
function copyDatabase(from: string, to: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'bash',
      ['-c', 'set -o pipefail; pg_dump --no-owner --no-privileges "$FROM" | psql -X -q -v ON_ERROR_STOP=1 "$TO"'],
      { env: { ...process.env, FROM: from, TO: to }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`copying the database failed:\n${stderr}`))));
  });
}

async function setUp(api: ApiProcess, token: string, members: string[]): Promise<void> {
  for (const code of members) {
    await call(api, 'POST', '/v1/members', token, { code, name: `Member ${code}`, joinedOn: '1990-01-01' });
  }
  const total = (BigInt(ASSESSMENT_PER_MEMBER.replace('.', '')) * BigInt(members.length)).toString();
  const totalText = `${total.slice(0, -2)}.${total.slice(-2)}`;
  await call(api, 'POST', '/v1/budgets', token, {
    fiscalYear: FISCAL_YEAR,
    total: totalText,
    currency: 'USD',
    approval: { meeting: 'Bench meeting', date: `${FISCAL_YEAR - 1}-11-30`, reference: 'BENCH-1' },
    lines: [{ code: 'PROGRAMME', name: 'Programme', amount: totalText }],
    scale: members.map((member) => ({ member, amount: ASSESSMENT_PER_MEMBER })),
  });
  await call(api, 'POST', `/v1/budgets/${FISCAL_YEAR}/assessments`, token, {}, randomUUID());
}

const sqlText = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/**
 * One payment, statement for statement what the API sends (read from `log_statement = 'all'`
 * and from libs/auth request-transaction.interceptor.ts, libs/contributions payments.service.ts,
 * register/members repositories and libs/ledger ledger.service.ts / journal.repository.ts):
 * the token look-up, then one READ COMMITTED transaction with the idempotency claim, the
 * savepoint, policies (the payment's, the default bank account's; the ledger's base currency and
 * fiscal calendar are read once per process once an entry has committed), bank account, member lock, the member's book (assessments, payments,
 * allocations, write-offs), the payment sequence, the accounts and funds (one query), the
 * fiscal-year share lock, the chain head lock, the entry and its postings in one statement whose
 * RETURNING the API checks instead of reading the entry back (the roll-up and balance triggers
 * fire), the chain head update, the payment and allocation rows, the idempotency answer and the
 * audit row. Under group commit the API sends the same statements for each payment, inside a
 * savepoint of the batch's transaction (SAVEPOINT / RELEASE instead of BEGIN / COMMIT).
 * Values the API computes in JavaScript (UUIDs, the entry hash) are computed
 * by PostgreSQL in a statement the API sends anyway, so the round trips are the same.
 */
export function paymentScript(o: {
  members: string[];
  /** Every payment on this member (index into `members`), or spread uniformly when undefined. */
  hotMember?: number;
  tokenId: string;
  tokenHash: string;
}): string {
  const codes = `ARRAY[${o.members.map(sqlText).join(',')}]`;
  const tok = sqlText(o.tokenId);
  const response =
    `'{"id": "' || :pay_pid::text || '", "rate": "1", "amount": "${AMOUNT}", "member": "' || :tok_member || '", ` +
    `"advance": "0.00", "currency": "USD", "entryIds": ["' || :pay_eid::text || '"], "reference": "pgbench", ` +
    `"amountBase": "${AMOUNT}", "receivedOn": "${RECEIVED_ON}", "allocations": [{"amount": "${AMOUNT}", ` +
    `"appliedOn": "${RECEIVED_ON}", "fiscalYear": ${FISCAL_YEAR}}], "bankAccount": "OPERATING", "designatedFiscalYear": null}'`;
  return `${o.hotMember !== undefined ? `\\set m ${o.hotMember + 1}` : `\\set m random(1, ${o.members.length})`}
\\set k random(1, 1000000000000000)
SELECT id, name, role, created_at AS created, coalesce(revoked_at::text, '') AS revoked,
       (${codes})[:m] AS member, '{' || (${codes})[:m] || '}' AS members
  FROM api_tokens WHERE token_hash = ${sqlText(o.tokenHash)} AND revoked_at IS NULL \\gset tok_
BEGIN ISOLATION LEVEL READ COMMITTED;
INSERT INTO idempotency_keys (actor_id, key, request_hash)
  VALUES (${tok}, 'pgbench-' || :client_id::text || '-' || :k::text, md5(:k::text) || md5(:client_id::text))
  ON CONFLICT DO NOTHING RETURNING 1;
SAVEPOINT handler;
SELECT document FROM policies WHERE id = 1;
SELECT code, name, currency, ledger_account AS "ledgerAccount", active FROM bank_accounts WHERE code = 'OPERATING';
SELECT code, name_en AS "nameEn", name_es AS "nameEs", to_char(joined_on, 'YYYY-MM-DD') AS "joinedOn",
  to_char(left_on, 'YYYY-MM-DD') AS "leftOn", created_at AS "createdAt" FROM members WHERE code = ANY(:tok_members) ORDER BY code FOR NO KEY UPDATE;
SELECT
  (SELECT coalesce(json_agg(x ORDER BY x.o1, x.o2, x.o3), '[]') FROM (
     SELECT member_code AS member, fiscal_year AS "fiscalYear", to_char(assessed_on, 'YYYY-MM-DD') AS date, delta::text,
            assessed_on AS o1, fiscal_year AS o2, version AS o3
       FROM assessments WHERE member_code = ANY(:tok_members) AND delta <> 0) x) AS assessments,
  (SELECT coalesce(json_agg(x ORDER BY x.seq), '[]') FROM (
     SELECT p.id, p.seq::int AS seq, p.member_code AS member, to_char(p.received_on, 'YYYY-MM-DD') AS date,
            p.amount_base::text AS "amountBase", to_char(r.reversed_on, 'YYYY-MM-DD') AS "reversedOn"
       FROM payments p LEFT JOIN payment_reversals r ON r.payment_id = p.id
      WHERE p.member_code = ANY(:tok_members)) x) AS payments,
  (SELECT coalesce(json_agg(x ORDER BY x.o1), '[]') FROM (
     SELECT member_code AS member, payment_id AS "paymentId", fiscal_year AS "fiscalYear",
            to_char(effective_on, 'YYYY-MM-DD') AS date, kind, amount::text, id AS o1
       FROM allocations WHERE member_code = ANY(:tok_members)) x) AS allocations,
  (SELECT coalesce(json_agg(x ORDER BY x.o1, x.o2), '[]') FROM (
     SELECT member_code AS member, fiscal_year AS "fiscalYear", to_char(effective_on, 'YYYY-MM-DD') AS date, kind,
            amount::text, created_at AS o1, id AS o2
       FROM write_offs WHERE member_code = ANY(:tok_members)) x) AS write_offs,
  nextval(pg_get_serial_sequence('payments', 'seq'))::text AS seq, gen_random_uuid() AS pid, gen_random_uuid() AS eid \\gset pay_
SELECT (SELECT json_agg(a ORDER BY a.code) FROM (SELECT code, name_en AS "nameEn", name_es AS "nameEs", type, parent_code AS parent, active
          FROM accounts WHERE code = ANY('{1010,1100}')) a) AS accounts,
       (SELECT json_agg(f ORDER BY f.code) FROM (SELECT code, name, kind, net_assets_account AS "netAssetsAccount", active
          FROM funds WHERE code = ANY('{GEN}')) f) AS funds;
SELECT year, to_char(starts_on, 'YYYY-MM-DD') AS "startsOn", to_char(ends_on, 'YYYY-MM-DD') AS "endsOn",
  status, closed_at AS "closedAt" FROM fiscal_years WHERE year = ${FISCAL_YEAR} FOR SHARE;
SELECT last_sequence + 1 AS seq, last_hash AS prev,
       encode(sha256(convert_to(last_hash || :pay_eid::text || :pay_pid::text || :tok_member || '${RECEIVED_ON} payment ${AMOUNT} USD 1010 GEN debit 1100 GEN credit OPERATING', 'UTF8')), 'hex') AS hash
  FROM ledger_chain WHERE id = 1 FOR UPDATE \\gset chain_
WITH entry AS (
  INSERT INTO journal_entries (id, sequence, entry_date, fiscal_year, period, description, source, source_id,
      reverses_entry_id, metadata, actor_token_id, posted_at, prev_hash, hash)
    VALUES (:pay_eid, :chain_seq, '${RECEIVED_ON}', ${FISCAL_YEAR}, 3, 'Contribution received from ' || :tok_member || ': pgbench', 'payment',
      :pay_pid, NULL, '{"reference": "pgbench"}', ${tok}, now(), :chain_prev, :chain_hash)
    RETURNING sequence, hash),
lines AS (
  INSERT INTO postings (entry_id, line_no, sequence, entry_date, fiscal_year, account_code, fund_code, side, amount,
      currency, rate, amount_base, member_code, grant_code, budget_line, bank_account)
    SELECT :pay_eid, u.line_no, :chain_seq, '${RECEIVED_ON}', ${FISCAL_YEAR}, u.account, u.fund, u.side, u.amount, u.currency, u.rate,
           u.amount_base, u.member, u.grant_code, u.budget_line, u.bank_account
      FROM unnest('{1,2}'::smallint[], '{1010,1100}'::text[], '{GEN,GEN}'::text[], '{debit,credit}'::text[], '{${AMOUNT},${AMOUNT}}'::numeric[],
           '{USD,USD}'::char(3)[], '{1,1}'::numeric[], '{${AMOUNT},${AMOUNT}}'::numeric[], ARRAY[NULL, :tok_member]::text[], '{NULL,NULL}'::text[],
           '{NULL,NULL}'::text[], '{OPERATING,NULL}'::text[])
        AS u(line_no, account, fund, side, amount, currency, rate, amount_base, member, grant_code, budget_line, bank_account)
    RETURNING fund_code, side, amount_base),
written_0 AS (
  INSERT INTO payments (id, seq, member_code, received_on, amount, currency, rate, amount_base, reference,
      designated_fiscal_year, bank_account, entry_id, metadata, actor_token_id)
    VALUES (:pay_pid, :pay_seq, :tok_member, '${RECEIVED_ON}', '${AMOUNT}', 'USD', '1', '${AMOUNT}', 'pgbench', NULL, 'OPERATING',
      :pay_eid, '{}', ${tok})),
written_1 AS (
  INSERT INTO allocations (payment_id, member_code, fiscal_year, kind, amount, effective_on, entry_id)
    SELECT * FROM unnest(ARRAY[:pay_pid]::uuid[], ARRAY[:tok_member]::text[], '{${FISCAL_YEAR}}'::int[], '{payment}'::text[],
      '{${AMOUNT}}'::numeric[], '{${RECEIVED_ON}}'::date[], array_fill(:pay_eid::uuid, ARRAY[1])))
SELECT e.sequence, e.hash, (SELECT count(*) FROM lines) AS lines,
       (SELECT coalesce(bool_and(net = 0), false) FROM (
          SELECT sum(CASE side WHEN 'debit' THEN amount_base ELSE -amount_base END) AS net FROM lines GROUP BY fund_code) f) AS balanced
  FROM entry e;
UPDATE ledger_chain SET last_sequence = :chain_seq, last_hash = :chain_hash WHERE id = 1;
WITH answer AS (
  UPDATE idempotency_keys SET status_code = 201, response = (${response})::jsonb
   WHERE actor_id = ${tok} AND key = 'pgbench-' || :client_id::text || '-' || :k::text)
INSERT INTO audit_log (actor_token_id, actor_role, action, target, request_id, outcome, status_code, detail)
  VALUES (${tok}, 'secretariat', 'POST /v1/payments', 'id=' || :pay_pid::text, gen_random_uuid()::text, 'success', 201, NULL);
COMMIT;
`;
}

export async function postingBenchmark(options: BenchOptions, hot: boolean): Promise<void> {
  const name = hot ? 'posting-hot' : 'posting';
  const seconds = Number(process.env.BENCH_SECONDS ?? (options.quick ? 10 : 30));
  assertPgbench();
  figure(`== ${name}: POST /v1/payments vs pgbench (same SQL), ${CLIENTS} clients, ${seconds} s per phase ==`);
  figure(`started ${new Date().toISOString()}, ${loadLine()}`);

  const apiDb = await createDatabase(hot ? 'bench_hot' : 'bench_posting', options);
  const api = await startApi(apiDb.url);
  const secretariat = await issueToken(api, 'bench secretariat', 'secretariat');
  const members = Object.keys(countries.getAlpha3Codes()).sort().slice(0, MEMBERS);
  log(`setting up ${members.length} members, the FY ${FISCAL_YEAR} budget and its assessment through the API`);
  await setUp(api, secretariat, members);

  const pgDb = await createDatabase(hot ? 'bench_hot_pg' : 'bench_posting_pg', options);
  await copyDatabase(apiDb.url, pgDb.url);
  const token = await withClient(pgDb.url, async (c) => {
    const { rows } = await c.query<{ id: string; token_hash: string }>(
      `SELECT id, token_hash FROM api_tokens WHERE name = 'bench secretariat'`,
    );
    return rows[0];
  });
  // posting-hot: each phase pays a member with no history yet (its payments and allocations are
  // read in full by every payment, so a member's history slows its payments down as it grows):
  // warm-ups → member 0, pgbench phase 1 and the API phase → member 1 (in their own databases),
  // pgbench phase 3 → member 2.
  let hotMember = 0;
  const script = (): string =>
    paymentScript({ members, hotMember: hot ? hotMember : undefined, tokenId: token.id, tokenHash: token.token_hash });

  let n = 0;
  const next = (): { key: string; body: string } => {
    n += 1;
    const member = hot ? members[hotMember] : members[Math.floor(Math.random() * members.length)];
    return {
      key: randomUUID(),
      body: JSON.stringify({ member, amount: AMOUNT, currency: 'USD', receivedOn: RECEIVED_ON, reference: `B-${n}` }),
    };
  };
  const runApi = (s: number): Promise<LoadResult> =>
    postLoad({ port: api.port, path: '/v1/payments', token: secretariat, connections: CLIENTS, seconds: s, next });

  log(`warm-up: pgbench ${WARM_UP_SECONDS} s (with per-statement latencies), API ${WARM_UP_SECONDS} s`);
  const warmPg = await pgbench(pgDb.url, script(), CLIENTS, WARM_UP_SECONDS, true);
  const warm = await runApi(WARM_UP_SECONDS);
  if (warm.non2xx > 0 || warm.errors > 0) throw new Error(`warm-up: ${warm.non2xx} non-2xx, ${warm.errors} errors`);

  const pgBefore = await counts(pgDb.url);
  log(`phase 1/3: pgbench ${seconds} s`);
  hotMember = 1;
  let sampler = await sampleActivity(pgDb.url, pgDb.name);
  const pg1 = await pgbench(pgDb.url, script(), CLIENTS, seconds);
  const pg1Activity = await sampler.stop();
  const apiBefore = await counts(apiDb.url);
  log(`phase 2/3: API ${seconds} s`);
  sampler = await sampleActivity(apiDb.url, apiDb.name);
  const apiCpuBefore = api.cpuMs();
  const loaderCpuBefore = process.cpuUsage();
  const viaApi = await runApi(seconds);
  const apiCpuMs = api.cpuMs() - apiCpuBefore;
  const loaderCpu = process.cpuUsage(loaderCpuBefore);
  const apiActivity = await sampler.stop();
  // Requests in flight when the clock stopped may still commit: let them finish before counting.
  await new Promise((r) => setTimeout(r, 1_000));
  const apiAfter = await counts(apiDb.url);
  log(`phase 3/3: pgbench ${seconds} s`);
  hotMember = 2;
  sampler = await sampleActivity(pgDb.url, pgDb.name);
  const pg2 = await pgbench(pgDb.url, script(), CLIENTS, seconds);
  const pg2Activity = await sampler.stop();
  const pgAfter = await counts(pgDb.url);

  const verification = await call<{ ok: boolean; entries: number; firstBrokenSequence?: number }>(
    api,
    'GET',
    '/v1/ledger/verification',
    api.adminToken,
  );
  const apiDelta = minus(apiAfter, apiBefore);
  const pgDelta = minus(pgAfter, pgBefore);
  const pgTps = mean([pg1.tps, pg2.tps]);
  const ratio = viaApi.perSecond / pgTps;
  const line = (label: string, r: PgbenchResult): string =>
    `  ${label.padEnd(22)} ${r.tps.toFixed(1).padStart(8)} tps   ${r.transactions} transactions, latency avg ${r.latencyMs.toFixed(1)} ms, failed ${r.failed}`;

  figure();
  figure(line('pgbench (before)', pg1));
  figure(
    `  ${'API POST /v1/payments'.padEnd(22)} ${viaApi.perSecond.toFixed(1).padStart(8)} /s    ${viaApi.ok} × 201 in ${viaApi.seconds.toFixed(1)} s, ` +
      `latency p50 ${viaApi.latency.p50} p90 ${viaApi.latency.p90} p99 ${viaApi.latency.p99} max ${viaApi.latency.max} ms, ` +
      `non-2xx ${viaApi.non2xx}, errors ${viaApi.errors}, timeouts ${viaApi.timeouts}`,
  );
  figure(line('pgbench (after)', pg2));
  figure(
    `  pgbench mean ${pgTps.toFixed(1)} tps (spread ${((Math.abs(pg1.tps - pg2.tps) / pgTps) * 100).toFixed(0)} %)`,
  );
  figure(
    `  API process CPU ${(apiCpuMs / viaApi.ok).toFixed(1)} ms per payment (${((apiCpuMs / 1000 / viaApi.seconds) * 100).toFixed(0)} % of one core); ` +
      `load generator (autocannon, in this process) ${(((loaderCpu.user + loaderCpu.system) / 1e6 / viaApi.seconds) * 100).toFixed(0)} % of one core`,
  );
  figure(`  PostgreSQL's view of the connections (pg_stat_activity every 20 ms):`);
  figure(`    pgbench (before): ${pg1Activity}`);
  figure(`    API:              ${apiActivity}`);
  figure(`    pgbench (after):  ${pg2Activity}`);
  figure(`  slowest statements of the pgbench script (warm-up run, average ms):`);
  for (const st of warmPg.statements.slice(0, 5))
    figure(`    ${st.ms.toFixed(2).padStart(7)}  ${st.sql.slice(0, 110)}`);
  figure(`  rows per payment, API:     ${perPayment(apiDelta)}`);
  figure(`  rows per payment, pgbench: ${perPayment(pgDelta)}`);
  figure(
    `  hash chain (API database): ${verification.ok ? 'verifies' : `BROKEN at ${verification.firstBrokenSequence}`}, ${verification.entries} entries`,
  );
  figure(`  finished ${new Date().toISOString()}, ${loadLine()}`);

  const problems: string[] = [];
  if (viaApi.non2xx > 0 || viaApi.errors > 0)
    problems.push(`${viaApi.non2xx} non-2xx answers and ${viaApi.errors} errors`);
  if (apiDelta.payments < viaApi.ok)
    problems.push(`${viaApi.ok} payments answered 201 but only ${apiDelta.payments} are stored`);
  if (pgDelta.payments !== pg1.transactions + pg2.transactions)
    problems.push(
      `pgbench committed ${pg1.transactions + pg2.transactions} but ${pgDelta.payments} payments are stored`,
    );
  if (perPayment(apiDelta) !== perPayment(pgDelta))
    problems.push('the API and pgbench do not write the same rows per payment');
  if (!verification.ok) problems.push('the API database hash chain does not verify');
  for (const p of problems) figure(`  PROBLEM: ${p}`);
  if (problems.length > 0) process.exitCode = 1;

  await api.stop();
  await apiDb.drop();
  await pgDb.drop();
  headline(hot ? 'posting_hot_ratio' : 'posting_ratio', ratio);
  // The price of waiting for a batch is paid in latency: the 99th percentile of the API's answers.
  headline(hot ? 'posting_hot_p99_ms' : 'posting_p99_ms', viaApi.latency.p99, 0);
}
