import * as fs from 'node:fs';
import request from 'supertest';
import { documentWithoutDatabase, SCHEMA_FILE, typesOf } from '../scripts/api-types';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The console's typed client (apps/web/src/api/schema.d.ts) is generated from the API's OpenAPI
 * document: when a route or a body changes, this fails until `npm run api:types` is run again.
 */
describe('web console API types', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('the committed types are those of the document the running API serves', async () => {
    const live = (await request(t.http).get('/docs-json').expect(200)).body as object;
    const committed = fs.readFileSync(SCHEMA_FILE, 'utf8').split('\n');
    const generated = typesOf(live).split('\n');
    const found = generated.findIndex((line, i) => committed[i] !== line);
    const firstDifference = found < 0 ? generated.length : found;
    const where =
      found < 0 && committed.length === generated.length
        ? null
        : `the web console's API types differ from the API's OpenAPI document (first at line ${firstDifference + 1}: ` +
          `${JSON.stringify(committed[firstDifference])} vs ${JSON.stringify(generated[firstDifference])}): run npm run api:types`;
    expect(where).toBeNull();
  });

  it('`npm run api:types` builds, without a database, the document the running API serves', async () => {
    const live = (await request(t.http).get('/docs-json').expect(200)).body as object;
    expect(JSON.parse(JSON.stringify(await documentWithoutDatabase()))).toEqual(live);
  });
});
