import ExcelJS from 'exceljs';
import { createBudget, createMember } from './support/contributions-factory';
import { expectLedgerSound } from './support/ledger-assertions';
import { uploadStatement } from './support/reconciliation-fixtures';
import { binary, pdfText, workbookOf } from './support/report-files';
import { startTestApp, TestApp } from './support/test-app';
import { TokensService } from '@app/auth';

/**
 * The TS reconciliation pack (PDF and XLSX, es/en) of `GET /v1/reports/reconciliation`. By hand, USD:
 *   GEN   dues 1,000.00 in (01-15)
 *   grant CAMPAIGN: receipt 2,000.00 (02-01); a consultant paid 120.00 straight from its fund (03-01),
 *         outside the grant register → spent: ledger 120.00, register 0.00, difference −120.00;
 *         available: ledger 1,880.00, register 2,000.00, difference 120.00
 *   bank  statement 0.00 → 2,865.00: +1,000.00, +2,000.00, −120.00 (all matched) and a charge of
 *         −15.00 (03-05) not in the ledger; ledger 2,880.00; difference 2,865 − (2,880 − 15) = 0.00;
 *         not reconciled as at 03-31 (the charge is older than the 5-day window); signed off.
 */
/** 1,000.00 of dues into the operating account on 2010-01-15. */
const duesReceived = (t: TestApp, description: string) =>
  t
    .as('secretariat')
    .post('/v1/journal-entries', {
      date: '2010-01-15',
      description,
      lines: [
        { account: '1010', fund: 'GEN', side: 'debit', amount: '1000.00' },
        { account: '4100', fund: 'GEN', side: 'credit', amount: '1000.00' },
      ],
    })
    .expect(201);

/** Donor USA and its restricted grant CAMPAIGN (5,000.00 USD, signed 2010-01-20). */
async function createCampaignGrant(t: TestApp): Promise<void> {
  await t.as('secretariat').post('/v1/donors', { code: 'USA', name: 'United States of America' }).expect(201);
  await t
    .as('secretariat')
    .post('/v1/grants', {
      code: 'CAMPAIGN',
      donor: 'USA',
      title: 'Awareness campaign',
      amount: '5000.00',
      currency: 'USD',
      signedOn: '2010-01-20',
      purpose: 'Inform migrants of the risks of smuggling',
      implementingPartner: 'IOM',
      kind: 'restricted',
    })
    .expect(201);
}

/** The values of the first row of `ws` that has a cell equal to `key`. */
function rowWith(ws: ExcelJS.Worksheet, key: string): ExcelJS.CellValue[] {
  let found: ExcelJS.CellValue[] | undefined;
  ws.eachRow((row) => {
    const values = (row.values as ExcelJS.CellValue[]).slice(1);
    if (found === undefined && values.includes(key)) found = values;
  });
  if (found === undefined) throw new Error(`no row with "${key}" in sheet ${ws.name}`);
  return found;
}

describe('reconciliation: the TS reconciliation pack in PDF and XLSX', () => {
  let t: TestApp;
  const url = (q: string): string => `/v1/reports/reconciliation?asOf=2010-03-31${q}`;
  const file = (q: string, role: 'auditor' | 'secretariat' | 'admin' = 'auditor') =>
    t.as(role).get(url(q)).buffer(true).parse(binary).expect(200);

  beforeAll(async () => {
    t = await startTestApp();
    const sec = () => t.as('secretariat');
    await duesReceived(t, 'Dues received MEX-2010');
    await createCampaignGrant(t);
    await sec()
      .post('/v1/grants/CAMPAIGN/receipts', {
        amount: '2000.00',
        currency: 'USD',
        receivedOn: '2010-02-01',
        reference: 'USA-T1',
      })
      .expect(201);
    await sec()
      .post('/v1/journal-entries', {
        date: '2010-03-01',
        description: 'Consultant paid outside the grant register',
        lines: [
          { account: '5300', fund: 'CAMPAIGN', side: 'debit', amount: '120.00', grant: 'CAMPAIGN' },
          { account: '1010', fund: 'CAMPAIGN', side: 'credit', amount: '120.00', grant: 'CAMPAIGN' },
        ],
      })
      .expect(201);
    const csv = [
      'date,amount,reference,description',
      '2010-01-15,1000.00,MEX-2010,Transfer Mexico',
      '2010-02-01,2000.00,USA-T1,Transfer United States',
      '2010-03-01,-120.00,CONS-1,Consultant',
      '2010-03-05,-15.00,FEE-03,Bank charge',
      '',
    ].join('\n');
    await uploadStatement(t, 'OPERATING', Buffer.from(csv), 'march.csv', {
      format: 'csv',
      openingBalance: '0.00',
      closingBalance: '2865.00',
    }).expect(201);
    const matched = await sec().post('/v1/bank-accounts/OPERATING/auto-match', undefined, null).expect(200);
    expect(matched.body.matched).toBe(3);
    // Prepared by one caller, reviewed by another: the names are theirs (here, two tokens').
    const tokens = t.app.get(TokensService);
    const preparer = { token: (await tokens.issue('M. Rojas', 'secretariat')).token };
    const reviewer = { token: (await tokens.issue('A. Castillo', 'secretariat')).token };
    const prepared = await t
      .as(preparer)
      .post('/v1/reports/bank-reconciliation/preparations', { bankAccount: 'OPERATING', asOf: '2010-03-31' }, null)
      .expect(201);
    await t.as(reviewer).post(`/v1/reports/bank-reconciliation/preparations/${prepared.body.id}/review`, undefined, null).expect(201);
  });
  afterAll(async () => {
    await t.close();
  });

  it('json stays the default and unchanged', async () => {
    const plain = await t.as('auditor').get(url('')).expect(200);
    expect(plain.headers['content-type']).toMatch(/application\/json/);
    expect(Object.keys(plain.body).sort()).toEqual(['asOf', 'checks', 'ok']);
    expect(plain.body.checks.find((c: { name: string }) => c.name === 'grant:CAMPAIGN:spent')).toMatchObject({
      ledger: '120.00',
      register: '0.00',
      difference: '-120.00',
      ok: false,
    });
    const json = await t.as('auditor').get(url('&format=json')).expect(200);
    expect(json.body.checks.map((c: { name: string }) => c.name)).toEqual(
      plain.body.checks.map((c: { name: string }) => c.name),
    );
  });

  it('XLSX (es): the checks and the bank reconciliation as numbers, one sheet each, currency formats', async () => {
    const res = await file('&format=xlsx&lang=es');
    expect(res.headers['content-type']).toMatch(/spreadsheetml/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="reconciliation-.*-es\.xlsx"/);
    const wb = await workbookOf(res.body as Buffer);
    const names = wb.worksheets.map((w) => w.name);
    expect(names[0]).toBe('Resumen');
    expect(names).toContain('Comprobaciones de los registros');
    expect(names.some((n) => n.startsWith('Movimientos del extracto'))).toBe(true);
    expect(names).toEqual(expect.arrayContaining(['Diferencia 1', 'Diferencia 2']));

    const checks = wb.getWorksheet('Comprobaciones de los registros') as ExcelJS.Worksheet;
    const spent = rowWith(checks, 'grant:CAMPAIGN:spent');
    expect(spent).toEqual(['Donación CAMPAIGN: gastado', 'grant:CAMPAIGN:spent', 120, 0, -120, 'Con diferencia']);
    expect(rowWith(checks, 'grant:CAMPAIGN:available')).toEqual([
      'Donación CAMPAIGN: disponible',
      'grant:CAMPAIGN:available',
      1880,
      2000,
      120,
      'Con diferencia',
    ]);
    expect(rowWith(checks, 'bank:OPERATING').slice(2)).toEqual([2880, 2880, 0, 'Conforme']);
    expect(checks.views[0]).toMatchObject({ state: 'frozen' });
    const ledgerCell = checks.getCell(
      `C${(() => {
        let n = 0;
        checks.eachRow((row, i) => {
          if ((row.values as ExcelJS.CellValue[]).includes('grant:CAMPAIGN:spent')) n = i;
        });
        return n;
      })()}`,
    );
    expect(ledgerCell.numFmt).toMatch(/0\.00/);

    const lines = wb.worksheets.find((w) => w.name.startsWith('Movimientos del extracto')) as ExcelJS.Worksheet;
    expect(rowWith(lines, 'FEE-03').slice(1, 4)).toEqual(['FEE-03', 'Bank charge', -15]);

    const summary = wb.getWorksheet('Resumen') as ExcelJS.Worksheet;
    expect(rowWith(summary, 'Saldo según extracto')).toContain(2865);
    expect(rowWith(summary, 'Saldo según libro mayor')).toContain(2880);

    const why = wb.getWorksheet('Diferencia 1') as ExcelJS.Worksheet;
    expect(rowWith(why, 'Asiento sin fila en el registro')).toEqual(
      expect.arrayContaining([120, -120, expect.stringContaining('Consultant paid outside the grant register')]),
    );
  });

  it('PDF in Spanish and in English: cover, bank reconciliation, sign-off, checks and their explanation', async () => {
    const es = await pdfText((await file('&format=pdf')).body as Buffer);
    for (const label of [
      'Informe de conciliación',
      'Conciliaciones bancarias y comprobaciones de los registros',
      'Conciliación bancaria: Operating account (OPERATING, USD)',
      'Saldo según extracto',
      'No conciliada',
      'preparó M. Rojas, revisó A. Castillo',
      'Movimientos del extracto sin conciliar: OPERATING',
      'Comprobaciones de los registros',
      'Donación CAMPAIGN: gastado',
      'Explicación de las diferencias',
      'Asiento sin fila en el registro',
      'Consultant paid outside the grant register',
      'Origen: asiento manual',
      '2,865.00',
      '-120.00',
    ]) {
      expect(es).toContain(label);
    }
    const en = await pdfText((await file('&format=pdf&lang=en', 'secretariat')).body as Buffer);
    for (const label of [
      'Reconciliation report',
      'Bank reconciliation: Operating account (OPERATING, USD)',
      'Balance per statement',
      'Not reconciled',
      'prepared by M. Rojas, reviewed by A. Castillo',
      'Register checks',
      'Grant CAMPAIGN: spent',
      'Explanation of the differences',
      'Entry with no register row',
      'Source: manual entry',
      '2,865.00',
    ]) {
      expect(en).toContain(label);
    }
    expect(en).not.toContain('Conciliación bancaria');
  });

  it('refuses formats and languages it does not render, and delegates as for the JSON', async () => {
    expect((await t.as('auditor').get(url('&format=csv')).expect(400)).body.code).toBeDefined();
    await t.as('auditor').get(url('&format=pdf&lang=fr')).expect(400);
    await t.as('viewer').get(url('&format=pdf')).expect(403);
    await file('&format=xlsx&lang=en', 'admin');
    await expectLedgerSound(t);
  });
});

/** A word in camelCase: an explanation's key that reached the page untranslated. */
const CAMEL_CASE = /\b[a-z]+[A-Z][A-Za-z]*\b/;

/**
 * Differences of several kinds in one pack, each explained in words in both languages. By hand, USD:
 *   contributions  HND assessed 400.00; by hand 40.00 put on 1100 for HND (440.00 against 400.00) and
 *                  10.00 for no member → receivable: ledger 450.00, register 400.00, difference −50.00
 *   bank           statement opening 100.00 + 1,000.00 (matched) = 1,100.00; ledger 1,000.00 less the
 *                  grant's 51.00 below (not yet at the bank) = 949.00; register 1,100.00 − 51.00 = 1,049.00
 *                  → difference 100.00
 *   grant CAMPAIGN a 5.00 entry and its reversal (02-01, 02-02), then 51 charges of 1.00 (03-01..)
 *                  straight from its fund → spent: 53 items, the first 50 listed
 */
describe('reconciliation pack: differences of several kinds, in words, in Spanish and in English', () => {
  let t: TestApp;
  let reversed: { sequence: number };
  const sec = () => t.as('secretariat');
  const file = (q: string) =>
    t.as('auditor').get(`/v1/reports/reconciliation?asOf=2010-03-31${q}`).buffer(true).parse(binary).expect(200);
  const charge = (date: string, amount: string, description: string) =>
    sec()
      .post('/v1/journal-entries', {
        date,
        description,
        lines: [
          { account: '5300', fund: 'CAMPAIGN', side: 'debit', amount, grant: 'CAMPAIGN' },
          { account: '1010', fund: 'CAMPAIGN', side: 'credit', amount, grant: 'CAMPAIGN' },
        ],
      })
      .expect(201);

  beforeAll(async () => {
    t = await startTestApp();
    await createMember(t, 'HND', '1996-03-13');
    await createBudget(t, 2010, { HND: '400.00' });
    await sec().post('/v1/budgets/2010/assessments', {}).expect(201);
    for (const [member, amount] of [
      ['HND', '40.00'],
      [undefined, '10.00'],
    ] as const) {
      await sec()
        .post('/v1/journal-entries', {
          date: '2010-01-10',
          description: 'Receivable posted outside the contributions module',
          lines: [
            { account: '1100', fund: 'GEN', side: 'debit', amount, ...(member ? { member } : {}) },
            { account: '4900', fund: 'GEN', side: 'credit', amount },
          ],
        })
        .expect(201);
    }
    await duesReceived(t, 'Dues received HND-2010');
    await uploadStatement(
      t,
      'OPERATING',
      Buffer.from('date,amount,reference,description\n2010-01-15,1000.00,HND-2010,Transfer Honduras\n'),
      'january.csv',
      { format: 'csv', openingBalance: '100.00', closingBalance: '1100.00' },
    ).expect(201);
    expect((await sec().post('/v1/bank-accounts/OPERATING/auto-match', undefined, null).expect(200)).body.matched).toBe(
      1,
    );

    await createCampaignGrant(t);
    const posted = await charge('2010-02-01', '5.00', 'Printing charged to the wrong fund');
    reversed = posted.body as { sequence: number };
    await sec()
      .post(`/v1/journal-entries/${posted.body.id}/reversal`, { date: '2010-02-02', reason: 'wrong fund' })
      .expect(201);
    for (let day = 0; day < 51; day += 1) {
      await charge(`2010-03-${String(1 + (day % 28)).padStart(2, '0')}`, '1.00', `Leaflets batch ${day + 1}`);
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it('json: the checks fail as worked out by hand; the cut explanation says how many items it had', async () => {
    const body = (await t.as('auditor').get('/v1/reports/reconciliation?asOf=2010-03-31').expect(200)).body as {
      checks: { name: string; ok: boolean; explanation?: unknown[]; explanationTotal?: number }[];
    };
    const named = (name: string) => body.checks.find((c) => c.name === name);
    expect(named('contributions:receivable')).toMatchObject({ ledger: '450.00', register: '400.00', ok: false });
    expect(named('contributions:receivable')?.explanation).toEqual([
      { member: 'HND', ledger: '440.00', register: '400.00', difference: '-40.00' },
      { member: null, account: '1100', ledger: '10.00', difference: '-10.00' },
    ]);
    expect(named('bank:OPERATING')).toMatchObject({ ledger: '949.00', register: '1049.00', difference: '100.00' });
    const spent = named('grant:CAMPAIGN:spent');
    expect(spent).toMatchObject({ ledger: '51.00', register: '0.00', difference: '-51.00', explanationTotal: 53 });
    expect(spent?.explanation).toHaveLength(50);
    expect(spent?.explanation?.[1]).toMatchObject({ source: 'reversal', reversesSequence: reversed.sequence });
  });

  it.each([
    [
      'es',
      [
        'Explicación: Contribuciones por cobrar (1100) vs estado de contribuciones',
        'Miembro HND',
        'Sin miembro',
        'Apuntes en la cuenta 1100 que no indican ningún miembro',
        'Explicación: Cuenta bancaria OPERATING: libro mayor vs extractos',
        'Saldo final del extracto al 15 de enero de 2010',
        'Partidas del banco no registradas 0 movimiento(s) del extracto 0.00',
        'Partidas del libro aún no en el banco 53 partida(s) del libro mayor -51.00',
        'Saldo según libro mayor 949.00',
        'No conciliada; partidas antiguas sin conciliar: 50',
        'Origen: asiento manual',
        'Origen: reversión',
        'Se muestran los primeros 50 de 53 elementos',
      ],
    ],
    [
      'en',
      [
        'Explanation: Contributions receivable (1100) vs status of contributions',
        'Member HND',
        'No member',
        'Postings on account 1100 that name no member',
        'Explanation: Bank account OPERATING: general ledger vs statements',
        'Closing balance of the statement at',
        'Bank items not yet recorded 0 statement line(s) 0.00',
        'Ledger items not yet at the bank 53 ledger item(s) -51.00',
        'Not reconciled; stale unmatched items: 50',
        'Source: manual entry',
        'Source: reversal',
        'Showing the first 50 of 53 items',
      ],
    ],
  ])('PDF (%s): every explanation in words, no JSON, no raw keys', async (lang, labels) => {
    const text = await pdfText((await file(`&format=pdf&lang=${lang}`)).body as Buffer);
    for (const label of labels) expect(text).toContain(label);
    expect(text).toContain(
      lang === 'es' ? `revierte el asiento n.º ${reversed.sequence}` : `reverses entry no. ${reversed.sequence}`,
    );
    expect(text).not.toContain('{"');
    expect(text).not.toMatch(CAMEL_CASE);
    expect(text).not.toMatch(/grant_receipt|reserve_|could not run/);
  });

  it('XLSX (en): the explanation rows carry words and figures', async () => {
    const res = await file('&format=xlsx&lang=en');
    const wb = await workbookOf(res.body as Buffer);
    const cells: string[] = [];
    for (const ws of wb.worksheets) {
      ws.eachRow((row) => {
        for (const v of (row.values as ExcelJS.CellValue[]).slice(1)) if (typeof v === 'string') cells.push(v);
      });
    }
    const member = wb.worksheets.map((ws) => {
      try {
        return rowWith(ws, 'Member HND');
      } catch {
        return null;
      }
    });
    expect(member.find((r) => r !== null)).toEqual(expect.arrayContaining(['Member HND', 440, 400, -40]));
    expect(cells.filter((c) => c.includes('{"') || CAMEL_CASE.test(c))).toEqual([]);
    await expectLedgerSound(t);
  });
});
