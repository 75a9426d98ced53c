import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { consoleRoot } from '../apps/api/src/web-console';
import { startTestApp, TestApp } from './support/test-app';

/** The web console served by the API process: `npm run build` writes it to dist/web. */
describe('web console served at /', () => {
  let t: TestApp;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(consoleRoot(), 'index.html'))) {
      throw new Error(`the console is not built (${consoleRoot()} has no index.html): run npm run build`);
    }
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers GET / with the console, in Spanish by default', async () => {
    const res = await request(t.http).get('/').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toMatch(/<html lang="es">/);
    expect(res.text).toMatch(/<script type="module"[^>]+src="\/assets\/index-[\w-]+\.js"/);
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it.each(['/estado', '/estado/MEX', '/tablero?asOf=2005-06-30', '/ingresar', '/una/ruta/que/no/existe'])(
    'answers the deep link %s with the console',
    async (link) => {
      const res = await request(t.http).get(link).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toMatch(/<html lang="es">/);
    },
  );

  it('serves the built bundles, cached for good', async () => {
    const html = (await request(t.http).get('/').expect(200)).text;
    const script = /src="(\/assets\/index-[\w-]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const res = await request(t.http).get(script!).expect(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toMatch(/immutable/);
  });

  it.each(['/v1/nope', '/v1/', '/v1', '/v1/reports/nope/deeper'])('keeps the unknown API path %s a JSON 404', async (route) => {
    const res = await request(t.http).get(route).set('Authorization', `Bearer ${t.tokens.viewer}`).expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/(problem\+)?json/);
    expect(res.text).not.toMatch(/<html/);
  });

  it('keeps an unknown API path a JSON answer without a token too', async () => {
    const res = await request(t.http).get('/v1/nope');
    expect([401, 404]).toContain(res.status);
    expect(res.headers['content-type']).toMatch(/^application\/(problem\+)?json/);
  });

  it('leaves /health, /docs-json and /metrics to the API', async () => {
    const health = await request(t.http).get('/health');
    expect(health.headers['content-type']).toMatch(/json/);
    const docs = await request(t.http).get('/docs-json').expect(200);
    expect(docs.body.openapi).toMatch(/^3\./);
    const metrics = await request(t.http).get('/metrics');
    expect(metrics.text).not.toMatch(/<html/);
    const healthDeep = await request(t.http).get('/health/nope');
    expect(healthDeep.text).not.toMatch(/<html/);
  });

  it('does not answer a write to a console path with the console', async () => {
    const res = await request(t.http).post('/estado').send({});
    expect(res.text).not.toMatch(/<html/);
  });
});
