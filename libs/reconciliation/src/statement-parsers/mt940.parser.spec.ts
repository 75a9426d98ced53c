import { readFileSync } from 'fs';
import * as path from 'path';
import { DomainError, ErrorCode } from '@app/common';
import { endToEndReference, parseMt940, parseMt940Stream } from './mt940.parser';
import type { ParsedStatement, ParsedStatementLine, StatementEvent } from './statement.types';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures');
const SWIFT_STYLE = readFileSync(path.join(FIXTURES, 'mt940.swift-blocks-crlf.usd.sta'));
const PLAIN_STYLE = readFileSync(path.join(FIXTURES, 'mt940.plain-lf-latin1.multi-account.usd.sta'));

const money = (s: ParsedStatement) => ({
  opening: s.openingBalance?.toFixed(2),
  closing: s.closingBalance?.toFixed(2),
});
const facts = (l: ParsedStatementLine) => ({ ...l, amount: l.amount.toFixed(2) });
const net = (s: ParsedStatement): string =>
  s.lines
    .reduce((sum, l) => (l.direction === 'credit' ? sum.plus(l.amount) : sum.minus(l.amount)), s.openingBalance!)
    .toFixed(2);

/** A one-statement message around the given fields. */
const message = (...fields: string[]): string =>
  [':20:REF1', ':25:ACC-1', ':28C:1/1', ':60F:C240301EUR100,00', ...fields, ':62F:C240301EUR100,00', '-'].join('\n');

function malformed(text: string): { message: string; field: string } {
  try {
    parseMt940(text);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    const e = error as DomainError;
    expect(e.code).toBe(ErrorCode.StatementMalformed);
    return { message: e.message, field: e.errors?.[0]?.field ?? '' };
  }
  throw new Error('expected a StatementMalformed error');
}

describe('MT940, SWIFT blocks and CRLF (mt940.swift-blocks-crlf.usd.sta)', () => {
  const statements = parseMt940(SWIFT_STYLE);

  it('reads two messages, one statement each, of one account (IBAN with the currency appended)', () => {
    expect(statements.map((s) => [s.statementId, s.accountIdentifier, s.currency, s.toDate])).toEqual([
      ['00092/1', 'CR05015202001026284066USD', 'USD', '2024-04-02'],
      ['00093/1', 'CR05015202001026284066USD', 'USD', '2024-04-03'],
    ]);
  });

  it('balances: 12,500.00 + 2,500.00 − 600 − 12.5 = 14,387.50; then + 1,000.00 − 1,000.00 (reversed) − 250.00 = 14,137.50', () => {
    expect(statements.map(money)).toEqual([
      { opening: '12500.00', closing: '14387.50' },
      { opening: '14387.50', closing: '14137.50' },
    ]);
    expect(statements.map(net)).toEqual(['14387.50', '14137.50']);
  });

  it(':61: with entry date, NONREF, the bank reference after //, amounts with no or one decimal; :86: joined across a cut line', () => {
    expect(statements[0].lines.map(facts)).toEqual([
      {
        lineNumber: 6,
        bookingDate: '2024-04-02',
        valueDate: '2024-04-02',
        amount: '2500.00',
        direction: 'credit',
        currency: 'USD',
        reference: 'CONTRIB-2024-PA',
        bankReference: 'BI0402-0001',
        reversal: false,
        description: '/EREF/CONTRIB-2024-PA/NAME/REPUBLICA DE PANAMA/REMI/CUOTA 2024',
      },
      {
        lineNumber: 8,
        bookingDate: '2024-04-02',
        valueDate: '2024-04-02',
        amount: '600.00',
        direction: 'debit',
        currency: 'USD',
        reference: 'TRAVEL-0408',
        bankReference: 'BI0402-0002',
        reversal: false,
        description: '/EREF/TRAVEL-0408/NAME/AGENCIA DE VIAJES SOL/REMI/ANTICIPO DE VIAJE REUNION VICEMINISTERIAL',
      },
      {
        lineNumber: 11,
        bookingDate: '2024-04-02',
        valueDate: '2024-04-02',
        amount: '12.50',
        direction: 'debit',
        currency: 'USD',
        reference: '',
        bankReference: 'BI0402-0003',
        reversal: false,
        description: '/REMI/COMISION TRANSFERENCIA',
      },
    ]);
  });

  it(':61: RC is a reversed credit (money out); an entry date after the value date is the booking date', () => {
    expect(statements[1].lines.map((l) => [l.lineNumber, l.direction, l.reversal, l.valueDate, l.bookingDate])).toEqual(
      [
        [22, 'credit', false, '2024-04-03', '2024-04-03'],
        [24, 'debit', true, '2024-04-03', '2024-04-03'],
        [26, 'debit', false, '2024-04-02', '2024-04-03'],
      ],
    );
  });
});

describe('MT940, bare messages, LF, Windows-1252 texts, two accounts (mt940.plain-lf-latin1.multi-account.usd.sta)', () => {
  const statements = parseMt940(PLAIN_STYLE);

  it('reads three statements: two pages of account 0012-3456-7890 (:62M:/:60M:) and one of 0099-8888-1111', () => {
    expect(
      statements.map((s) => [s.statementId, s.accountIdentifier, ...Object.values(money(s)), s.lines.length]),
    ).toEqual([
      ['00012/001', '0012-3456-7890', '8000.00', '9425.00', 2],
      ['00012/002', '0012-3456-7890', '9425.00', '6300.00', 2],
      ['00003/001', '0099-8888-1111', '100.00', '150.00', 1],
    ]);
    expect(statements.map(net)).toEqual(['9425.00', '6300.00', '150.00']);
  });

  it(':61: without entry date; RD is a reversed debit (money in); :86: in Windows-1252 with ?NN subfields', () => {
    const [first, second] = statements;
    expect(first.lines[0]).toMatchObject({
      bookingDate: '2024-05-02',
      valueDate: '2024-05-02',
      direction: 'credit',
      reference: 'CRM-CUOTA-SV',
      description: '166?00TRANSFERENCIA RECIBIDA?20EREF+CRM-CUOTA-SV?21REPÚBLICA DE EL SALVADOR?22Cuota año 2024',
    });
    expect(first.lines[1]).toMatchObject({
      direction: 'debit',
      reference: '',
      description: '805?00COMISIÓN?20Comisión por transferencia internacional',
    });
    expect(second.lines.map((l) => [l.direction, l.reversal, l.reference, l.bankReference])).toEqual([
      ['credit', true, '', undefined],
      ['debit', false, 'PROV-2024-117', 'TRF0503-17'],
    ]);
    expect(second.lines[1].description).toBe('116?00PAGO A PROVEEDOR?20Alquiler salón reunión ?21viceministerial');
  });

  it('reads the same from LF or CRLF, and from chunks cut anywhere (inside a character, between CR and LF)', async () => {
    const crlf = Buffer.from(PLAIN_STYLE.toString('latin1').replace(/\n/g, '\r\n'), 'latin1');
    expect(parseMt940(crlf)).toEqual(statements);
    const events: StatementEvent[] = [];
    const chunks = function* () {
      for (let i = 0; i < crlf.length; i += 7) yield crlf.subarray(i, i + 7);
    };
    for await (const e of parseMt940Stream(chunks())) events.push(e);
    expect(events.filter((e) => e.kind === 'line')).toHaveLength(5);
    expect(events.filter((e) => e.kind === 'start').map((e) => e.kind === 'start' && e.where)).toEqual([
      'line 1 (:20:)',
      'line 12 (:20:)',
      'line 24 (:20:)',
    ]);
  });
});

describe('MT940 tags', () => {
  it(':20: starts a statement; its text is the statement id until :28C: gives one', () => {
    const [s] = parseMt940([':20:ONLY-20', ':25:A', ':60F:C240301EUR0,', ':62F:C240301EUR0,'].join('\n'));
    expect(s.statementId).toBe('ONLY-20');
    expect(malformed([':25:A', ':60F:C240301EUR0,'].join('\n')).message).toBe(
      "line 1: :25: before the statement's first tag :20:",
    );
    expect(malformed('').message).toBe('line 1: no MT940 statement in the file (no :20: tag)');
  });

  it(':25: is the account identification, as written', () => {
    expect(parseMt940(message())[0].accountIdentifier).toBe('ACC-1');
    expect(malformed([':20:R', ':25:', ':60F:C240301EUR1,'].join('\n')).message).toBe(
      'line 2: :25: account identification is empty',
    );
  });

  it(':28C: (or :28:) is the statement number, sequence included', () => {
    expect(parseMt940(message())[0].statementId).toBe('1/1');
    expect(parseMt940(message().replace(':28C:1/1', ':28:77'))[0].statementId).toBe('77');
  });

  it.each([
    [':60F:C240301EUR100,00', '100.00', 'EUR'],
    [':60F:D240301EUR100,5', '-100.50', 'EUR'],
    [':60M:C240301EUR0,', '0.00', 'EUR'],
    [':60F:C240301JPY50000', '50000.00', 'JPY'],
  ])('%s is the opening balance %s %s', (tag, amount, currency) => {
    const text = [':20:R', ':25:A', tag, `:62F:C240302${currency}1,`].join('\n');
    const [s] = parseMt940(text);
    expect([s.openingBalance?.toFixed(2), s.currency]).toEqual([amount, currency]);
  });

  it.each([
    [
      ':60F:X240301EUR1,00',
      "line 3: :60F: 'X240301EUR1,00' is not a balance: C or D, date YYMMDD, currency, amount with a decimal comma (C240331EUR1234,56)",
    ],
    [':60F:C240231EUR1,00', "line 3: :60F: '240231' is not a date YYMMDD"],
    [':60F:C240301EUR1,00\n:60F:C240301EUR1,00', 'line 4: :60F: the statement already has its opening balance'],
  ])('a bad opening balance %j is refused naming its line', (tag, expected) => {
    expect(malformed([':20:R', ':25:A', tag, ':62F:C240302EUR1,'].join('\n')).message).toBe(expected);
  });

  it.each([
    [
      '240302C1,00NTRFREF',
      { valueDate: '2024-03-02', bookingDate: '2024-03-02', direction: 'credit', reversal: false, reference: 'REF' },
    ],
    [
      '2403020303D1,00NTRFNONREF//B1',
      { valueDate: '2024-03-02', bookingDate: '2024-03-03', direction: 'debit', reference: '', bankReference: 'B1' },
    ],
    ['2412310102D1,00NTRFX', { valueDate: '2024-12-31', bookingDate: '2025-01-02' }],
    ['2501021231C1,00NTRFX', { valueDate: '2025-01-02', bookingDate: '2024-12-31' }],
    ['240302RC1,00NTRFX', { direction: 'debit', reversal: true }],
    ['240302RD1,00NTRFX', { direction: 'credit', reversal: true }],
    ['240302DR1,00NMSCX', { direction: 'debit', reversal: false }],
    ['240302C1,NTRFX', { amount: '1.00' }],
    ['240302C0,5S202X', { amount: '0.50' }],
    ['240302C1000NTRFX', { amount: '1000.00' }],
    ['240302C1,00NTRFMY REF//BANK REF', { reference: 'MY REF', bankReference: 'BANK REF' }],
    ['240302C1,00NTRF//ONLYBANK', { reference: '', bankReference: 'ONLYBANK' }],
  ])(':61:%s', (field, expected) => {
    const [s] = parseMt940(message(`:61:${field}`));
    expect(facts(s.lines[0])).toMatchObject(expected);
  });

  it(':61: supplementary details on its second line are the description when no :86: follows', () => {
    const [s] = parseMt940(message(':61:240302C1,00NTRFREF//B', 'DETAILS LINE'));
    expect(s.lines[0].description).toBe('DETAILS LINE');
  });

  it.each([
    ['240332C1,00NTRFX', "line 5: :61: value date '240332' is not a date YYMMDD"],
    ['2403021332C1,00NTRFX', "line 5: :61: entry date '1332' is not a date MMDD"],
    [
      '240302X1,00NTRFX',
      "line 5: :61: '240302X1,00NTRFX' is not a statement line: value date YYMMDD, entry date MMDD (optional), C D RC or RD, amount with a decimal comma, type (NTRF…), reference",
    ],
    [
      '240302C1,00',
      "line 5: :61: '240302C1,00' is not a statement line: value date YYMMDD, entry date MMDD (optional), C D RC or RD, amount with a decimal comma, type (NTRF…), reference",
    ],
    ['240302C0,00NTRFX', "line 5: :61: amount '0,00' is zero"],
  ])(':61:%s is refused naming its line', (field, expected) => {
    const e = malformed(message(`:61:${field}`));
    expect(e.message).toBe(expected);
    expect(e.field).toBe('line 5');
  });

  it(':61: before :60F: or after :62F: is refused', () => {
    expect(malformed([':20:R', ':25:A', ':61:240302C1,00NTRFX', ':62F:C240302EUR1,'].join('\n')).message).toBe(
      'line 3: :61: before the opening balance (:60F:)',
    );
    expect(
      malformed([':20:R', ':25:A', ':60F:C240301EUR0,', ':62F:C240302EUR1,', ':61:240302C1,00NTRFX'].join('\n'))
        .message,
    ).toBe('line 5: :61: after the closing balance (:62F:)');
  });

  it(":86: is the free text of the line before it, its lines joined; one after :62F: is the statement's and not kept", () => {
    const [s] = parseMt940(
      [
        ':20:R',
        ':25:A',
        ':60F:C240301EUR0,',
        ':61:240302C1,00NTRFX',
        ':86:first',
        'second',
        ':62F:C240302EUR1,00',
        ':86:about the statement',
      ].join('\n'),
    );
    expect(s.lines.map((l) => l.description)).toEqual(['first second']);
  });

  it(':86: naming an end-to-end id gives the reference of a line without one', () => {
    expect(endToEndReference('/EREF/E2E-1/REMI/X')).toBe('E2E-1');
    expect(endToEndReference('166?00X?20EREF+E2E-2?21Y')).toBe('E2E-2');
    expect(endToEndReference('/EREF/NOTPROVIDED/REMI/X')).toBeUndefined();
    expect(endToEndReference('nothing here')).toBeUndefined();
  });

  it.each([
    [':62F:C240302EUR1,00', '1.00', '2024-03-02'],
    [':62M:D240303EUR1,00', '-1.00', '2024-03-03'],
  ])("%s is the closing balance %s and its date the statement's last day", (tag, closing, toDate) => {
    const [s] = parseMt940([':20:R', ':25:A', ':60F:C240301EUR0,', tag].join('\n'));
    expect([s.closingBalance?.toFixed(2), s.toDate]).toEqual([closing, toDate]);
  });

  it(":62F: is required before the next :20:, the end of the message or of the file; in the statement's currency", () => {
    expect(malformed([':20:R', ':25:A', ':60F:C240301EUR0,', ':20:S'].join('\n')).message).toBe(
      'line 1: the statement has no closing balance (:62F:) before the :20: at line 4',
    );
    expect(malformed([':20:R', ':25:A', ':60F:C240301EUR0,', '-'].join('\n')).message).toBe(
      'line 4: the message ends before the closing balance (:62F:) of the statement begun at line 1',
    );
    expect(malformed([':20:R', ':25:A', ':60F:C240301EUR0,'].join('\n')).message).toBe(
      'line 1: the statement has no closing balance (:62F:) before the end of the file',
    );
    expect(malformed([':20:R', ':25:A', ':60F:C240301EUR0,', ':62F:C240302USD1,'].join('\n')).message).toBe(
      "line 4: :62F: is in USD; the statement's opening balance is in EUR",
    );
  });

  it(':64: and :65: are checked but not kept; unknown tags are named in warnings; :NS: and :21: are skipped', () => {
    const [s] = parseMt940(
      message(':64:C240301EUR1,00', ':65:C240302EUR1,00', ':65:C240303EUR1,00', ':21:X', ':NS:Y', ':99:Z'),
    );
    expect(s.warnings).toEqual(['line 1 (:20:): tag :99: is not read (line 10)']);
    expect(malformed(message(':64:C2403EUR1,00')).message).toMatch(/^line 5: :64: 'C2403EUR1,00' is not a balance/);
  });

  it('text outside any field inside a statement is refused; header lines before :20: are not', () => {
    expect(parseMt940(['BANKNL2A', '940', 'BANKNL2A', message()].join('\n'))).toHaveLength(1);
    expect(malformed([':20:R', ':25:A', '', 'stray text', ':60F:C240301EUR0,'].join('\n')).message).toBe(
      "line 4: text outside any field: 'stray text'",
    );
  });

  it('a line longer than 10,000 characters is refused', () => {
    expect(malformed(message(`:86:${'x'.repeat(10_001)}`)).message).toBe('line 5: line longer than 10000 characters');
  });
});
