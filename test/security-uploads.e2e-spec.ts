import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import request from 'supertest';
import { APP_CONFIG, AppConfig } from '@app/common';
import { reconciliationFootprint, uploadStatement } from './support/reconciliation-fixtures';
import { startTestApp, TestApp } from './support/test-app';

const NS = 'urn:iso:std:iso:20022:tech:xsd:camt.053.001.02';

/** A camt.053 message of one USD statement holding `entries` booked entries (about 360 bytes each). */
function camtWithEntries(entries: number, tag: string): Buffer {
  const parts = [
    `<?xml version="1.0" encoding="UTF-8"?><Document xmlns="${NS}"><BkToCstmrStmt><GrpHdr><MsgId>${tag}</MsgId></GrpHdr>`,
    `<Stmt><Id>${tag}</Id><Acct><Id><IBAN>CH9300762011623852957</IBAN></Id><Ccy>USD</Ccy></Acct>`,
  ];
  for (let i = 0; i < entries; i++) {
    parts.push(
      `<Ntry><NtryRef>${tag}-${i}</NtryRef><Amt Ccy="USD">${(i % 997) + 1}.25</Amt><CdtDbtInd>CRDT</CdtDbtInd>` +
        `<Sts>BOOK</Sts><BookgDt><Dt>2024-05-02</Dt></BookgDt><ValDt><Dt>2024-05-02</Dt></ValDt>` +
        `<AcctSvcrRef>${tag}-BANK-${i}</AcctSvcrRef><NtryDtls><TxDtls><Refs><EndToEndId>${tag}-E2E-${i}</EndToEndId></Refs>` +
        `<RmtInf><Ustrd>Contribution ${i} &amp; fees</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>\n`,
    );
  }
  parts.push('</Stmt></BkToCstmrStmt></Document>');
  return Buffer.from(parts.join(''));
}

/** A well-formed camt.053 message of one entry, with `head` placed before the root and `inside` right after its start tag. */
function camtAround(
  ref: string,
  { head = '', inside = '', description = 'plain' }: { head?: string; inside?: string; description?: string },
): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>${head}<Document xmlns="${NS}">${inside}<BkToCstmrStmt><GrpHdr><MsgId>D</MsgId></GrpHdr>` +
    `<Stmt><Id>DTD-1</Id><Acct><Id><IBAN>CH9300762011623852957</IBAN></Id><Ccy>USD</Ccy></Acct>` +
    `<Ntry><Amt Ccy="USD">3.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2024-06-03</Dt></BookgDt>` +
    `<AcctSvcrRef>${ref}</AcctSvcrRef><AddtlNtryInf>${description}</AddtlNtryInf></Ntry></Stmt></BkToCstmrStmt></Document>`
  );
}

interface Answer {
  status: number;
  contentType: string;
  body: string;
}

/**
 * A CSV statement upload whose body arrives one line per `intervalMs`, as a slow or hostile client
 * sends it. `finish()` sends the rest of the body; until then the upload trickles.
 */
class TricklingUpload {
  answered = false;
  linesSent = 0;
  readonly answer: Promise<Answer>;
  private readonly boundary = `----trickle${Math.random().toString(16).slice(2)}`;
  private readonly request: http.ClientRequest;
  private readonly timer: NodeJS.Timeout;

  constructor(
    port: number,
    token: string,
    readonly name: string,
    intervalMs: number,
  ) {
    this.request = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/v1/bank-accounts/OPERATING/statements',
      headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${this.boundary}` },
    });
    this.answer = new Promise<Answer>((resolve, reject) => {
      this.request.on('response', (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          this.answered = true;
          this.stopTrickling();
          resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body });
        });
      });
      // Once the server has answered and closed, a write still under way fails: that is expected.
      this.request.on('error', (error) => {
        this.stopTrickling();
        if (!this.answered) setTimeout(() => (this.answered ? undefined : reject(error)), 200);
      });
    });
    // An abandoned upload's answer is never awaited.
    this.answer.catch(() => undefined);
    this.request.write(
      `--${this.boundary}\r\nContent-Disposition: form-data; name="format"\r\n\r\ncsv\r\n` +
        `--${this.boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}.csv"\r\n` +
        'Content-Type: text/csv\r\n\r\ndate,amount,reference,description\n',
    );
    this.timer = setInterval(
      () => this.request.write(`2024-07-01,1.00,${name}-${++this.linesSent},slow line\n`),
      intervalMs,
    );
  }

  finish(): void {
    this.stopTrickling();
    this.request.end(`\r\n--${this.boundary}--\r\n`);
  }

  abandon(): void {
    this.stopTrickling();
    this.request.destroy();
  }

  private stopTrickling(): void {
    clearInterval(this.timer);
  }
}

describe('security: statement uploads', () => {
  let t: TestApp;
  let db: Client;
  let port: number;
  /** Short enough for a test to see a trickling upload cut off, long enough for the checks made meanwhile. */
  const uploadTimeoutMs = 9_000;

  beforeAll(async () => {
    t = await startTestApp({ uploadTimeoutMs });
    // One listening server: the trickling uploads and the requests made meanwhile share it.
    await t.app.listen(0, '127.0.0.1');
    port = ((t.app.getHttpServer() as http.Server).address() as AddressInfo).port;
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  const idleInTransaction = async (): Promise<number> =>
    Number(
      (
        await db.query(
          `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction'`,
        )
      ).rows[0].count,
    );

  describe('slow uploads hold no database connection', () => {
    it('more trickling uploads than the pool has connections: /health, reads and writes still answer, no connection idles in a transaction; a finished upload is imported, a still-trickling one is cut off with 408', async () => {
      const poolSize = t.app.get<AppConfig>(APP_CONFIG).databasePoolSize;
      const uploads = Array.from(
        { length: poolSize + 2 },
        (_, i) => new TricklingUpload(port, t.tokens.secretariat, `SLOW${i}`, 1_000),
      );
      try {
        // Every upload has sent its head and a couple of lines and is still sending.
        await sleep(2_500);
        expect(uploads.every((u) => u.linesSent >= 1)).toBe(true);

        const health = await request(t.http).get('/health');
        const read = await t.as('viewer').get('/v1/bank-accounts');
        const write = await t.as('admin').post('/v1/accounts', { code: '1090', name: 'Petty cash', type: 'asset' });
        const idle = await idleInTransaction();
        const answeredMeanwhile = uploads.filter((u) => u.answered).map((u) => u.name);

        expect({ health: health.status, read: read.status, write: write.status }).toEqual({
          health: 200,
          read: 200,
          write: 201,
        });
        expect(idle).toBe(0);
        expect(answeredMeanwhile).toEqual([]);

        // Half of them end their body: imported. The other half keep trickling: cut off.
        const finished = uploads.slice(0, uploads.length / 2);
        const trickling = uploads.slice(uploads.length / 2);
        for (const u of finished) u.finish();
        const imported = await Promise.all(finished.map((u) => u.answer));
        for (const [i, answer] of imported.entries()) {
          expect({ upload: finished[i].name, status: answer.status }).toEqual({
            upload: finished[i].name,
            status: 201,
          });
          expect(JSON.parse(answer.body)).toMatchObject({ lines: finished[i].linesSent, duplicates: 0 });
        }
        const cut = await Promise.all(trickling.map((u) => u.answer));
        for (const answer of cut) {
          expect(answer.status).toBe(408);
          expect(answer.contentType).toMatch(/^application\/problem\+json/);
          expect(JSON.parse(answer.body)).toMatchObject({ status: 408, code: 'request_timeout' });
        }
        expect(await idleInTransaction()).toBe(0);
      } finally {
        for (const u of uploads) if (!u.answered) u.abandon();
      }
    });

    it("the HTTP server bounds a request's headers and the whole request by the upload deadline, not Node's five minutes", () => {
      const server = t.app.getHttpServer() as http.Server;
      expect(server.headersTimeout).toBeGreaterThan(0);
      expect(server.headersTimeout).toBeLessThan(server.requestTimeout);
      // The upload's own deadline (a problem answer) comes first; the server's bare 408 is the backstop.
      expect(server.requestTimeout).toBeGreaterThan(uploadTimeoutMs);
      expect(server.requestTimeout).toBeLessThanOrEqual(server.headersTimeout + uploadTimeoutMs + 15_000);
    });
  });

  describe('camt.053 files that would hold the event loop', () => {
    /** Set by the first test, the yardstick of the next (they run in order). */
    let legitimateImportMs = 0;

    it('a large legitimate file is imported while the server keeps answering: no stall of the event loop is a sizeable part of the import', async () => {
      const file = camtWithEntries(20_000, 'LARGE');
      const loop = monitorEventLoopDelay({ resolution: 10 });
      const probes: { latencyMs: number; status: number }[] = [];
      let done = false;
      loop.enable();
      const started = performance.now();
      const upload = uploadStatement(t, 'OPERATING', file, 'large.xml', { format: 'camt053' }).then((res) => {
        done = true;
        return res;
      });
      while (!done) {
        const sent = performance.now();
        const probe = request(t.http)
          .get('/health')
          .then((res) => probes.push({ latencyMs: performance.now() - sent, status: res.status }));
        await Promise.race([probe, upload]);
        await sleep(50);
      }
      const res = await upload;
      legitimateImportMs = performance.now() - started;
      loop.disable();

      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ lines: 20_000, duplicates: 0 });
      const longestStallMs = loop.max / 1e6;
      // The parse no longer takes the only thread for seconds: the longest stall is a small part of the import.
      expect(longestStallMs / legitimateImportMs).toBeLessThan(0.25);
      expect(probes.length).toBeGreaterThan(0);
      expect(probes.every((p) => p.status === 200)).toBe(true);
      expect(Math.max(...probes.map((p) => p.latencyMs)) / legitimateImportMs).toBeLessThan(0.25);
    });

    it('a file whose root has 600,000 attributes is a 400 naming the limit, in less time than a legitimate file of its size takes', async () => {
      const attributes = Array.from({ length: 600_000 }, (_, i) => `a${i}="x"`).join(' ');
      const file = Buffer.from(
        `<?xml version="1.0"?><Document xmlns="${NS}" ${attributes}><BkToCstmrStmt/></Document>`,
      );
      const before = await reconciliationFootprint(db);
      const started = performance.now();
      const res = await uploadStatement(t, 'OPERATING', file, 'attributes.xml', { format: 'camt053' });
      const refusedMs = performance.now() - started;
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('statement_malformed');
      expect(res.body.detail).toMatch(/attributes/);
      expect(legitimateImportMs).toBeGreaterThan(0);
      expect(refusedMs / legitimateImportMs).toBeLessThan(0.5);
      expect(await reconciliationFootprint(db)).toEqual(before);
    });

    it('a file nested 100,000 elements deep is a 400 naming the limit, never a 500', async () => {
      const depth = 100_000;
      const file = Buffer.from(`<Document xmlns="${NS}">${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}</Document>`);
      const res = await uploadStatement(t, 'OPERATING', file, 'deep.xml', { format: 'camt053' });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('statement_malformed');
      expect(res.body.detail).toMatch(/nest/);
    });
  });

  describe('DOCTYPE and ENTITY declarations are refused wherever they stand, and no entity is ever expanded', () => {
    const billionLaughs =
      '<!DOCTYPE d [<!ENTITY a "EXPANDED"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>';
    it.each([
      [
        'a DOCTYPE after the root start tag, its entity used in a description',
        { inside: '<!DOCTYPE d [<!ENTITY e "EXPANDED">]>', description: '&e;' },
      ],
      [
        'a SYSTEM entity after the root start tag',
        { inside: '<!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/hostname">]>', description: '&e;' },
      ],
      [
        'a SYSTEM entity before the root',
        { head: '<!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/hostname">]>', description: '&e;' },
      ],
      [
        'a parameter entity fetching a remote DTD',
        { head: '<!DOCTYPE d [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]>' },
      ],
      ['nested entities (billion laughs) after the root start tag', { inside: billionLaughs, description: '&c;' }],
      ['a lower-case doctype', { head: '<!doctype d [<!entity e "EXPANDED">]>', description: '&e;' }],
      ['odd spacing', { head: '<!DOCTYPE\n\td\t[\n<!ENTITY\te\t"EXPANDED"\t>\n]\n>', description: '&e;' }],
      ['an ENTITY declaration without a DOCTYPE', { inside: '<!ENTITY e "EXPANDED">', description: '&e;' }],
      [
        'a DOCTYPE after a comment',
        { head: '<!-- exported by the bank --><!DOCTYPE d [<!ENTITY e "EXPANDED">]>', description: '&e;' },
      ],
      [
        'a DOCTYPE behind a comment-looking <!-->',
        { head: '<!--><!DOCTYPE d [<!ENTITY e "EXPANDED">]><!-- -->', description: '&e;' },
      ],
      ['a DOCTYPE inside a comment', { inside: '<!-- <!DOCTYPE d [<!ENTITY e "EXPANDED">]> -->', description: '&e;' }],
      ['an HTML entity (undeclared in XML)', { description: 'caf&eacute;&nbsp;EXPANDED' }],
      ['an undeclared entity', { description: '&EXPANDED;' }],
    ])('%s: 400 statement_malformed, nothing stored', async (what, parts) => {
      const ref = `DTD-${what.replace(/\W+/g, '-').slice(0, 60)}`;
      const before = await reconciliationFootprint(db);
      const res = await uploadStatement(t, 'OPERATING', Buffer.from(camtAround(ref, parts)), 'dtd.xml', {
        format: 'camt053',
      });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'statement_malformed' });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(await reconciliationFootprint(db)).toEqual(before);
      const stored = await db.query('SELECT description FROM statement_lines WHERE bank_reference = $1', [ref]);
      expect(stored.rows).toEqual([]);
    });

    describe('any file in any format is a 4xx problem answer, never a 500', () => {
      beforeAll(async () => {
        await t
          .as('admin')
          .post('/v1/accounts', { code: '1095', name: 'Bank — export account', type: 'asset' })
          .expect(201);
        await t
          .as('admin')
          .post('/v1/bank-accounts', { code: 'EXPORT', name: 'Export account', currency: 'USD', ledgerAccount: '1095' })
          .expect(201);
        await request(t.http)
          .patch('/v1/bank-accounts/EXPORT')
          .set('Authorization', `Bearer ${t.tokens.admin}`)
          .send({
            csvProfile: {
              delimiter: ';',
              decimalSeparator: ',',
              dateFormat: 'DD/MM/YYYY',
              encoding: 'utf-8',
              columns: { date: 'Fecha', amount: 'Importe', description: 'Concepto' },
            },
          })
          .expect(200);
      });

      const garbage: [string, Buffer][] = [
        ['empty', Buffer.alloc(0)],
        ['random bytes', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256))],
        ['a zip header and nothing sound', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(600, 0x41)])],
        ['NUL bytes', Buffer.alloc(2048, 0)],
        ['XML of another kind', Buffer.from('<?xml version="1.0"?><a><b/></a>')],
      ];
      const cases = (['csv', 'camt053', 'mt940', 'xlsx'] as const).flatMap((format) =>
        garbage.map(([what, bytes]) => [format, what, bytes] as const),
      );

      it.each(cases)('%s: %s', async (format, _what, bytes) => {
        const bankAccount = format === 'xlsx' ? 'EXPORT' : 'OPERATING';
        const res = await uploadStatement(t, bankAccount, bytes, `garbage.${format}`, { format });
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      });
    });

    it('the five predefined entities and character references are still read', async () => {
      const res = await uploadStatement(
        t,
        'OPERATING',
        Buffer.from(
          camtAround('DTD-PREDEFINED', {
            description: 'Caf&#233; &amp; th&#xE9; &lt;ok&gt; &quot;q&quot; &apos;a&apos;',
          }),
        ),
        'predefined.xml',
        { format: 'camt053' },
      ).expect(201);
      expect(res.body.lines).toBe(1);
      const stored = await db.query(`SELECT description FROM statement_lines WHERE bank_reference = 'DTD-PREDEFINED'`);
      expect(stored.rows.map((r: { description: string }) => r.description)).toEqual([`Café & thé <ok> "q" 'a'`]);
    });
  });
});
