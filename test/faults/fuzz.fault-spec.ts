import fc from 'fast-check';
import { Client } from 'pg';
import request from 'supertest';
import { startTestApp, TestApp } from '../support/test-app';
import { OpenApiDocument, Operation, operations, resolve, sampleValue, SchemaObject } from './openapi';

/**
 * At least 5,000 malformed requests generated from /docs-json: wrong types, missing and extra
 * fields, huge strings, odd unicode, numbers as amounts, bad dates and currencies, injection
 * attempts in bodies, queries, paths and headers. Every answer is < 500 and problem+json when an
 * error; no write (POST, PUT, PATCH, DELETE) is accepted with a 2xx; and no table but the audit log
 * and the idempotency records changes, row by row (each table's contents are hashed, so an UPDATE
 * that leaves the row count alone is seen too).
 */
const TOTAL = 5_200;
const SEED = 20_041_207;

const HOSTILE_STRINGS = [
  "' OR '1'='1",
  "1; DROP TABLE postings; --",
  '../../../../etc/passwd',
  '%2e%2e%2f%2e%2e%2f',
  '\u0000',
  '\uD800',
  '𝕸𝖊𝖝𝖎𝖈𝖔 🇲🇽',
  'Ω≈ç√∫˜µ≤≥÷',
  '\u202Eevil',
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  ' ',
  '',
];

/** Percent-encodes; a lone surrogate becomes an invalid UTF-8 sequence, itself a hostile input. */
const encode = (v: string): string => {
  try {
    return encodeURIComponent(v);
  } catch {
    return '%ED%A0%80';
  }
};

/**
 * Writes that read no input and may answer 2xx to anything: logging out a caller with no session
 * (a bearer token here) ends nothing and says 204; the table hashes still prove nothing changed.
 */
const WRITES_WITHOUT_INPUT = new Set(['POST /v1/auth/logout']);

type Mutation = { label: string; body?: unknown; rawBody?: string; path?: string; query?: string; headers?: Record<string, string> };

const isAmountField = (name: string): boolean => /amount|total|share|rate|cap|floor/i.test(name);
const isDateField = (name: string, s?: SchemaObject): boolean => /date|On$|asOf|^from$|^to$/.test(name) || s?.format === 'date';
const isCurrencyField = (name: string): boolean => /currency/i.test(name);

function wrongType(value: unknown): unknown[] {
  if (typeof value === 'string') return [123, true, null, ['x'], { a: 1 }];
  if (typeof value === 'number') return ['12', true, null, [1], { a: 1 }, 1.5, -1];
  if (typeof value === 'boolean') return ['true', 1, null, []];
  if (Array.isArray(value)) return ['x', 1, null, {}, []];
  return ['x', 1, null, []];
}

function bodyMutations(doc: OpenApiDocument, op: Operation): fc.Arbitrary<Mutation> {
  const schema = op.body ?? {};
  const base = (sampleValue(doc, schema) ?? {}) as Record<string, unknown>;
  const props = Object.entries(resolve(doc, schema)?.properties ?? {});
  const required = resolve(doc, schema)?.required ?? [];
  const withExtra = (b: Record<string, unknown>): Record<string, unknown> => ({ ...b, __unexpected: 'x' });
  const arbs: fc.Arbitrary<Mutation>[] = [
    fc.constantFrom(...HOSTILE_STRINGS).map((v) => ({ label: 'unknown field', body: { ...base, [v || 'empty']: v } })),
    fc.constantFrom('{', '{"a":', '[1,2', 'null', 'true', '"str"', '{"a":1}}', '\u0000', 'x'.repeat(10)).map((raw) => ({ label: 'malformed json', rawBody: raw })),
    fc.constant({ label: 'array body', body: [base] }),
    fc.integer({ min: 50, max: 400 }).map((depth) => ({ label: 'deep nesting', rawBody: '['.repeat(depth) + ']'.repeat(depth) })),
  ];
  if (required.length > 0) {
    arbs.push(fc.constantFrom(...required).map((field) => {
      const copy = { ...base };
      delete copy[field];
      return { label: `missing ${field}`, body: copy };
    }));
  }
  for (const [name, propSchema] of props) {
    const value = base[name];
    // null is a valid value of an optional field: every wrong-type request also carries an unknown field.
    arbs.push(fc.constantFrom(...wrongType(value)).map((v) => ({ label: `wrong type ${name}`, body: withExtra({ ...base, [name]: v }) })));
    arbs.push(
      fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ unit: 'binary', maxLength: 40 }), fc.constant('y'.repeat(100_000))).map((v) => ({
        label: `hostile string ${name}`,
        body: withExtra({ ...base, [name]: v }),
      })),
    );
    if (isAmountField(name)) {
      arbs.push(fc.constantFrom(100, 0.1, -5, 1e21, 250000).map((v) => ({ label: `number as amount ${name}`, body: { ...base, [name]: v } })));
      arbs.push(fc.constantFrom('-1', '0.001', '1e3', '1,000.00', '01', '.5', '5.', '１２', '9'.repeat(40)).map((v) => ({ label: `bad amount ${name}`, body: withExtra({ ...base, [name]: v }) })));
    }
    if (isDateField(name, propSchema)) {
      arbs.push(fc.constantFrom('2005-02-30', '2005-13-01', 'yesterday', '2005-1-1', '20050101', '99999-01-01', '2005-01-01T00:00:00Z').map((v) => ({ label: `bad date ${name}`, body: { ...base, [name]: v } })));
    }
    if (isCurrencyField(name)) {
      arbs.push(fc.constantFrom('usd', 'XXX', 'US$', '€', 'USDD', 'XAU', '').map((v) => ({ label: `bad currency ${name}`, body: { ...base, [name]: v } })));
    }
    const item = resolve(doc, propSchema.items);
    if (propSchema.type === 'array' && item?.properties) {
      for (const [inner] of Object.entries(item.properties)) {
        arbs.push(fc.constantFrom(...wrongType((sampleValue(doc, item) as Record<string, unknown>)[inner])).map((v) => {
          const list = (Array.isArray(value) ? value : []).map((x) => ({ ...(x as object) }));
          if (list.length > 0) (list[0] as Record<string, unknown>)[inner] = v;
          return { label: `wrong type ${name}[0].${inner}`, body: withExtra({ ...base, [name]: list }) };
        }));
      }
    }
  }
  return fc.oneof(...arbs);
}

function queryMutations(op: Operation): fc.Arbitrary<Mutation> {
  const names = op.queryParams.map((q) => q.name).filter((n) => n !== 'dryRun');
  const hostile = fc.oneof(fc.constantFrom(...HOSTILE_STRINGS, '-1', '0', '99999999999999999999', '2005-02-30', 'abc'), fc.string({ maxLength: 30 }));
  const arbs: fc.Arbitrary<Mutation>[] = [
    hostile.map((v) => ({ label: 'unknown query', query: `__unexpected=${encode(v)}` })),
    fc.constantFrom('dryRun=maybe', 'dryRun=1', 'dryRun[]=true').map((q) => ({ label: 'bad dryRun', query: q, body: {} })),
  ];
  if (names.length > 0) {
    arbs.push(fc.tuple(fc.constantFrom(...names), hostile).map(([n, v]) => ({ label: `bad query ${n}`, query: `${n}=${encode(v)}&__unexpected=1` })));
    arbs.push(fc.constantFrom(...names).map((n) => ({ label: `repeated query ${n}`, query: `${n}=a&${n}=b` })));
  }
  return fc.oneof(...arbs);
}

function pathMutations(op: Operation): fc.Arbitrary<Mutation> {
  return fc.constantFrom(...HOSTILE_STRINGS.filter((s) => s !== ''), 'x'.repeat(3000), '-1', '1.5', '00000000-0000-0000-0000-000000000000').map((v) => {
    let path = op.path;
    for (const p of op.pathParams) path = path.replace(`{${p}}`, encode(v));
    return { label: 'hostile path param', path, body: { __unexpected: true } };
  });
}

function headerMutations(): fc.Arbitrary<Mutation> {
  return fc.constantFrom('k'.repeat(129), 'clé', 'a b', '').map((key) => ({
    label: 'bad idempotency key',
    headers: { 'Idempotency-Key': key },
    body: { __unexpected: true },
  }));
}

/** Each table's row count and an MD5 of its rows (as text, in order), and the chain head. */
async function tableContents(client: Client): Promise<Record<string, string>> {
  const tables = await client.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
        AND table_name NOT IN ('audit_log', 'idempotency_keys', 'schema_migrations')
      ORDER BY 1`,
  );
  const contents: Record<string, string> = {};
  for (const { name } of tables.rows) {
    const { rows } = await client.query<{ n: string; hash: string }>(
      `SELECT count(*)::text AS n, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS hash FROM "${name}" t`,
    );
    contents[name] = `${rows[0].n} rows, md5 ${rows[0].hash}`;
  }
  const head = await client.query('SELECT last_sequence, last_hash FROM ledger_chain');
  contents['ledger_chain head'] = `${String(head.rows[0].last_sequence)} ${String(head.rows[0].last_hash)}`;
  return contents;
}

describe('fuzzing every route from the OpenAPI document', () => {
  let t: TestApp;
  let client: Client;

  beforeAll(async () => {
    t = await startTestApp();
    client = new Client({ connectionString: t.databaseUrl });
    await client.connect();
    // Some data to aim at: one entry.
    await t.as('secretariat').post('/v1/journal-entries', {
      date: '2005-03-01',
      description: 'Fuzz baseline',
      lines: [
        { account: '1010', fund: 'GEN', side: 'debit', amount: '10.00' },
        { account: '4900', fund: 'GEN', side: 'credit', amount: '10.00' },
      ],
    }).expect(201);
  });
  afterAll(async () => {
    await client.end();
    await t.close();
  });

  it(`answers ${TOTAL} malformed requests with no 5xx and no write accepted, always problem+json, and changes nothing`, async () => {
    const doc = (await request(t.http).get('/docs-json').expect(200)).body as OpenApiDocument;
    const ops = operations(doc).filter((op) => !op.path.startsWith('/health'));
    expect(ops.length).toBeGreaterThan(10);
    const before = await tableContents(client);
    const perOp = Math.ceil(TOTAL / ops.length);
    const failures: string[] = [];
    let sent = 0;
    for (const [index, op] of ops.entries()) {
      const arbs: fc.Arbitrary<Mutation>[] = [queryMutations(op)];
      if (op.pathParams.length > 0) arbs.push(pathMutations(op));
      if (op.method !== 'get') arbs.push(headerMutations());
      if (op.body && !op.multipart) arbs.push(bodyMutations(doc, op), bodyMutations(doc, op));
      const mutations = fc.sample(fc.oneof(...arbs), { seed: SEED + index, numRuns: perOp });
      const role = op.method === 'get' ? 'admin' : op.path.includes('tokens') || op.path.includes('policies') || op.path.includes('accounts') || op.path.includes('funds') ? 'admin' : 'secretariat';
      for (const m of mutations) {
        let path = m.path ?? op.path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
        if (m.query) path += `${path.includes('?') ? '&' : '?'}${m.query}`;
        let r = request(t.http)[op.method](path).set('Authorization', `Bearer ${t.tokens[role]}`);
        r = r.set('Idempotency-Key', m.headers?.['Idempotency-Key'] ?? `fuzz-${sent}`);
        if (m.rawBody !== undefined) r = r.set('Content-Type', 'application/json').send(m.rawBody);
        else if (m.body !== undefined && op.method !== 'get') r = r.send(m.body as object);
        const res = await r;
        sent += 1;
        const problem = res.status >= 400 && /^application\/problem\+json/.test(String(res.headers['content-type'])) && typeof res.body.code === 'string';
        const accepted =
          op.method !== 'get' &&
          !WRITES_WITHOUT_INPUT.has(`${op.method.toUpperCase()} ${op.path}`) &&
          res.status >= 200 &&
          res.status < 300;
        if (res.status >= 500 || (res.status >= 400 && !problem) || accepted) {
          failures.push(`${op.method.toUpperCase()} ${path.slice(0, 120)} [${m.label}] → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
        }
      }
    }
    expect(sent).toBeGreaterThanOrEqual(5_000);
    expect(failures.slice(0, 20)).toEqual([]);
    expect(await tableContents(client)).toEqual(before);
  });
});
