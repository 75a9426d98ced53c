import { Client } from 'pg';
import request from 'supertest';
import { expectLedgerSound } from './support/ledger-assertions';
import { startTestApp, TestApp } from './support/test-app';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus text format: `name{label="value",...} number` per line; comments skipped. */
function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[key] = value;
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

const value = (samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined =>
  samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

const posting = (amounts: string[]): Record<string, unknown> => {
  const total = amounts.reduce((sum, a) => sum + Math.round(Number(a) * 100), 0);
  const credit = `${Math.floor(total / 100)}.${String(total % 100).padStart(2, '0')}`;
  return {
    date: '2005-03-15',
    description: 'metrics check',
    lines: [
      ...amounts.map((amount) => ({ account: '1010', fund: 'GEN', side: 'debit', amount })),
      { account: '4900', fund: 'GEN', side: 'credit', amount: credit },
    ],
  };
};

describe('GET /metrics', () => {
  let t: TestApp;
  let db: Client;

  const scrape = async (): Promise<Sample[]> => {
    const res = await request(t.http).get('/metrics').expect(200);
    return parseMetrics(res.text);
  };

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  it('answers a caller on the loopback in Prometheus text format, without a token', async () => {
    const res = await request(t.http).get('/metrics').expect(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('# TYPE ledger_http_requests_total counter');
    expect(res.text).toContain('# TYPE ledger_http_request_duration_seconds histogram');
    expect(res.text).toContain('# TYPE ledger_postings gauge');
    expect(res.text).toContain('# TYPE process_cpu_user_seconds_total counter');
    const samples = parseMetrics(res.text);
    expect(value(samples, 'ledger_database_up')).toBe(1);
  });

  it('counts requests by route template and status, never by raw path', async () => {
    const before = await scrape();
    const route = { method: 'GET', route: '/v1/members/:code', status: '404' };
    const counted = value(before, 'ledger_http_requests_total', route) ?? 0;
    for (const code of ['ZZA', 'ZZB', 'ZZC']) await t.as('viewer').get(`/v1/members/${code}`).expect(404);
    await request(t.http).get('/v1/no-such-route/4f1c2a').expect(404);
    await request(t.http).get('/v1/members/ZZA').expect(401);

    const res = await request(t.http).get('/metrics').expect(200);
    expect(res.text).not.toMatch(/ZZA|ZZB|ZZC|4f1c2a|no-such-route/);
    const after = parseMetrics(res.text);
    expect(value(after, 'ledger_http_requests_total', route)).toBe(counted + 3);
    expect(value(after, 'ledger_http_requests_total', { ...route, status: '401' })).toBeGreaterThanOrEqual(1);
    // The unknown path is counted too, under a label of the code's (no route, or a catch-all), not its own.
    const elsewhere = after.filter(
      (s) => s.name === 'ledger_http_requests_total' && s.labels.status === '404' && s.labels.route !== route.route,
    );
    expect(elsewhere.reduce((n, s) => n + s.value, 0)).toBeGreaterThanOrEqual(1);
    // Latency of the same series: a histogram whose count is the number of requests.
    expect(value(after, 'ledger_http_request_duration_seconds_count', route)).toBe(counted + 3);
    expect(value(after, 'ledger_http_request_duration_seconds_bucket', { ...route, le: '+Inf' })).toBe(counted + 3);
    expect(value(after, 'ledger_http_request_duration_seconds_sum', route)).toBeGreaterThan(0);
  });

  it('counts a body refused before routing (413) and a write by its route', async () => {
    await t.as('admin').post('/v1/tokens', { name: 'x'.repeat(2_000_000), role: 'viewer' }).expect(413);
    await t.as('admin').post('/v1/tokens', { name: 'metrics reader', role: 'viewer' }).expect(201);
    const samples = await scrape();
    expect(value(samples, 'ledger_http_requests_total', { method: 'POST', route: '(unrouted)', status: '413' })).toBe(1);
    expect(value(samples, 'ledger_http_requests_total', { method: 'POST', route: '/v1/tokens', status: '201' })).toBe(1);
  });

  it('follows the postings and the chain head as entries are posted, matching the tables', async () => {
    const read = async (): Promise<{ postings: number; head: number }> => {
      const { rows } = await db.query(
        'SELECT (SELECT count(*) FROM postings)::int AS postings, (SELECT last_sequence FROM ledger_chain)::int AS head',
      );
      return rows[0];
    };
    const first = await scrape();
    expect({ postings: value(first, 'ledger_postings'), head: value(first, 'ledger_chain_head_sequence') }).toEqual(await read());

    await t.as('secretariat').post('/v1/journal-entries', posting(['10.00'])).expect(201);
    const second = await scrape();
    expect({ postings: value(second, 'ledger_postings'), head: value(second, 'ledger_chain_head_sequence') }).toEqual(await read());

    // Counted since the last scrape only: several entries of different sizes, one refused, one dry run.
    await t.as('secretariat').post('/v1/journal-entries', posting(['1.00', '2.00', '3.00'])).expect(201);
    await t.as('secretariat').post('/v1/journal-entries?dryRun=true', posting(['5.00'])).expect(200);
    await t.as('secretariat').post('/v1/journal-entries', { ...posting(['1.00']), lines: [] }).expect(400);
    await t.as('secretariat').post('/v1/journal-entries', posting(['4.00', '4.00'])).expect(201);
    const third = await scrape();
    const now = await read();
    expect({ postings: value(third, 'ledger_postings'), head: value(third, 'ledger_chain_head_sequence') }).toEqual(now);
    expect(now.postings - (value(second, 'ledger_postings') ?? 0)).toBe(7);
    expect(now.head - (value(second, 'ledger_chain_head_sequence') ?? 0)).toBe(2);
    await expectLedgerSound(t);
  });

  it('reports the database pool: open, idle, waiting and its limit', async () => {
    const samples = await scrape();
    const open = value(samples, 'ledger_db_pool_connections') ?? -1;
    const idle = value(samples, 'ledger_db_pool_idle_connections') ?? -1;
    expect(open).toBeGreaterThanOrEqual(1);
    expect(idle).toBeGreaterThanOrEqual(0);
    expect(idle).toBeLessThanOrEqual(open);
    expect(value(samples, 'ledger_db_pool_waiting_requests')).toBe(0);
    expect(value(samples, 'ledger_db_pool_max_connections')).toBe(20);
  });

  it('refuses a request a proxy forwarded to it (401 problem+json), and ignores API tokens', async () => {
    for (const header of ['X-Forwarded-For', 'Forwarded', 'X-Real-IP']) {
      const res = await request(t.http).get('/metrics').set(header, '203.0.113.9').expect(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ code: 'unauthenticated' });
      expect(res.body.detail).toMatch(/METRICS_TOKEN/);
    }
    await request(t.http).get('/metrics').set('X-Forwarded-For', '203.0.113.9').set('Authorization', `Bearer ${t.tokens.admin}`).expect(401);
  });

  it('keeps GET /health as it was', async () => {
    const res = await request(t.http).get('/health').expect(200);
    expect(res.body.status).toBe('ok');
  });
});

describe('GET /metrics with METRICS_TOKEN set', () => {
  const TOKEN = 'scraper-secret-0123456789abcdef';
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ metricsToken: TOKEN });
  });
  afterAll(async () => t.close());

  it('asks every caller for the token, the loopback included', async () => {
    await request(t.http).get('/metrics').expect(401);
    await request(t.http).get('/metrics').set('Authorization', 'Bearer scraper-secret-0123456789abcdeX').expect(401);
    await request(t.http).get('/metrics').set('Authorization', `Bearer ${t.tokens.admin}`).expect(401);
    const res = await request(t.http).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    expect(res.text).toContain('ledger_chain_head_sequence');
    await request(t.http).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).set('X-Forwarded-For', '203.0.113.9').expect(200);
  });
});
