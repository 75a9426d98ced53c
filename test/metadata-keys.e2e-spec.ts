import { Client } from 'pg';
import request from 'supertest';
import { expectLedgerSound } from './support/ledger-assertions';
import { seedMembersAndBudgets } from './support/statements-scenario';
import { newKey, startTestApp, TestApp } from './support/test-app';

/**
 * `__proto__`, `constructor` and `prototype` keys, sent as raw JSON text (JSON.parse makes them own
 * properties), anywhere in a body: in `metadata`, in a nested object, at the top. Each is refused
 * with a 400 naming the field, and nothing is written; never dropped on the way with a 201.
 */
describe('reserved keys (__proto__, constructor, prototype) in request bodies', () => {
  let t: TestApp;
  let db: Client;

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    await seedMembersAndBudgets(t);
    await t.as('secretariat').post('/v1/donors', { code: 'USA', name: 'United States of America' }).expect(201);
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  const footprint = async (): Promise<Record<string, string>> =>
    (
      await db.query(`SELECT (SELECT count(*) FROM journal_entries)::text AS entries, (SELECT count(*) FROM payments)::text AS payments,
                             (SELECT count(*) FROM grants)::text AS grants`)
    ).rows[0];

  /** POSTs the JSON text as it stands, as a secretariat with a fresh idempotency key. */
  const postRaw = (path: string, json: string) =>
    request(t.http)
      .post(path)
      .set('Authorization', `Bearer ${t.tokens.secretariat}`)
      .set('Idempotency-Key', newKey())
      .set('Content-Type', 'application/json')
      .send(json);

  /** The body's JSON text with `"metadata": {<metadata>}` spliced in as text. */
  const withMetadata = (body: object, metadata: string): string => `${JSON.stringify(body).slice(0, -1)},"metadata":{${metadata}}}`;

  const entry = {
    date: '2005-02-01',
    description: 'metadata keys',
    lines: [
      { account: '1010', fund: 'GEN', side: 'debit', amount: '1.00' },
      { account: '4900', fund: 'GEN', side: 'credit', amount: '1.00' },
    ],
  };
  const routes: [string, string, object][] = [
    ['journal entry', '/v1/journal-entries', entry],
    ['payment', '/v1/payments', { member: 'MEX', amount: '10.00', currency: 'USD', receivedOn: '2005-02-01', reference: 'META-1' }],
    [
      'expenditure',
      '/v1/expenditures',
      {
        fund: 'GEN',
        budgetLine: 'MEETINGS',
        account: '5200',
        amount: '5.00',
        currency: 'USD',
        date: '2005-02-01',
        payee: 'Hotel',
        description: 'Venue',
      },
    ],
    ['reserve-fund contribution', '/v1/reserve-fund/contributions', { amount: '5.00', date: '2005-02-01', source: 'member', member: 'MEX' }],
    [
      'grant',
      '/v1/grants',
      {
        code: 'META',
        donor: 'USA',
        title: 'Campaign',
        amount: '1000.00',
        currency: 'USD',
        signedOn: '2005-02-01',
        purpose: 'Awareness',
        implementingPartner: 'IOM',
        kind: 'restricted',
      },
    ],
  ];

  describe.each(routes)('%s (%s)', (_name, path, body) => {
    it.each([
      ['__proto__', 'a string', '"__proto__":"polluted","advice":"A-1"'],
      ['__proto__', 'an object', '"__proto__":{"admin":"yes"}'],
      ['constructor', 'a string', '"advice":"A-1","constructor":"x"'],
      ['prototype', 'a string', '"prototype":"p"'],
    ])('refuses metadata with a %s key holding %s with 400 naming it, and writes nothing', async (key, _value, metadata) => {
      const before = await footprint();
      const res = await postRaw(path, withMetadata(body, metadata)).expect(400);
      expect(res.body).toMatchObject({ code: 'validation_failed' });
      expect(res.body.errors).toContainEqual({ field: `metadata.${key}`, message: expect.any(String) });
      expect(await footprint()).toEqual(before);
    });

    it('refuses a __proto__ or constructor key at the top of the body with 400', async () => {
      const before = await footprint();
      for (const key of ['__proto__', 'constructor']) {
        const res = await postRaw(path, `{"${key}":{"admin":"yes"},${JSON.stringify(body).slice(1)}`).expect(400);
        expect(res.body.errors).toContainEqual({ field: key, message: expect.any(String) });
      }
      expect(await footprint()).toEqual(before);
    });
  });

  it('refuses __proto__ and constructor keys nested inside a line, and in a query string, with 400', async () => {
    const before = await footprint();
    for (const key of ['__proto__', 'constructor']) {
      const json = JSON.stringify(entry).replace('"account":"1010"', `"${key}":{"amount":"0.01"},"account":"1010"`);
      const res = await postRaw('/v1/journal-entries', json).expect(400);
      expect(res.body.errors).toContainEqual({ field: `lines[0].${key}`, message: expect.any(String) });
      const deep = JSON.stringify(entry).replace('"account":"1010"', `"account":"1010","x":{"y":{"${key}":"z"}}`);
      expect((await postRaw('/v1/journal-entries', deep).expect(400)).body.errors).toContainEqual({
        field: `lines[0].x.y.${key}`,
        message: expect.any(String),
      });
    }
    await t.as('viewer').get('/v1/journal-entries?__proto__=x').expect(400);
    await t.as('viewer').get('/v1/journal-entries?constructor=x').expect(400);
    expect(await footprint()).toEqual(before);
  });

  it('still accepts metadata keys named like other members of Object.prototype, kept as sent', async () => {
    const metadata = { toString: 's', valueOf: 'v', hasOwnProperty: 'h', isPrototypeOf: 'i', decision: 'GRCM-2004-12/21' };
    const res = await postRaw('/v1/journal-entries', JSON.stringify({ ...entry, metadata })).expect(201);
    expect(res.body.metadata).toEqual(metadata);
  });

  it('leaves the ledger sound', async () => {
    await expectLedgerSound(t);
  });
});
