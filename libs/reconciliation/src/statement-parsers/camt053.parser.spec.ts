import { readFileSync } from 'fs';
import * as path from 'path';
import Decimal from 'decimal.js';
import { Dec, DomainError, ErrorCode } from '@app/common';
import { ParsedStatement, ParsedStatementLine, parseCamt053 } from './index';

const FIXTURES = path.join(__dirname, 'fixtures');
const MULTIPAGE = readFileSync(path.join(FIXTURES, 'camt053.v2.multipage.usd.xml'));
const MULTIPAGE_TEXT = MULTIPAGE.toString('utf8');

const ns = (version: string): string => `urn:iso:std:iso:20022:tech:xsd:camt.053.001.${version}`;

/** A minimal camt.053 message around the given Stmt contents. */
function camt(stmtBodies: string[], version = '02'): string {
  const stmts = stmtBodies.map((body, i) => `<Stmt><Id>S${i + 1}</Id>${body}</Stmt>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><Document xmlns="${ns(version)}"><BkToCstmrStmt><GrpHdr><MsgId>M</MsgId></GrpHdr>${stmts}</BkToCstmrStmt></Document>`;
}

const entry = (inner: string, amount = '<Amt Ccy="USD">1.00</Amt>'): string =>
  `<Ntry>${amount}<CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2024-03-01</Dt></BookgDt>${inner}</Ntry>`;

/** Replaces exactly one occurrence, so a test cannot silently edit nothing. */
function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`'${from}' is not in the fixture exactly once`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

function malformedError(run: () => unknown): DomainError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    const domainError = err as DomainError;
    expect(domainError.code).toBe(ErrorCode.StatementMalformed);
    return domainError;
  }
  throw new Error('expected StatementMalformed, nothing was thrown');
}

const signedSum = (lines: ParsedStatementLine[], currency: string): Decimal =>
  lines
    .filter((l) => l.currency === currency)
    .reduce((sum, l) => (l.direction === 'credit' ? sum.plus(l.amount) : sum.minus(l.amount)), new Dec(0));

const lineFacts = (line: ParsedStatementLine) => ({
  ...line,
  amount: line.amount.toFixed(2),
});

describe('parseCamt053 — project fixture camt053.v2.multipage.usd.xml (two pages, EUR entry, reversal, DtTm, PDNG)', () => {
  const statements = parseCamt053(MULTIPAGE);
  const [page1, page2] = statements;

  it('returns one statement per Stmt', () => {
    expect(statements).toHaveLength(2);
  });

  it.each([
    ['page 1', 0, { statementId: 'TS-USD-202403-P1', opening: '10000.00', closing: '13765.44', lines: 3 }],
    ['page 2', 1, { statementId: 'TS-USD-202403-P2', opening: '13765.44', closing: '-11134.56', lines: 3 }],
  ])('%s: id, IBAN, currency, period, signed balances', (_name, index, expected) => {
    const s: ParsedStatement = statements[index];
    expect(s.statementId).toBe(expected.statementId);
    expect(s.accountIdentifier).toBe('CH9300762011623852957');
    expect(s.currency).toBe('USD');
    expect(s.fromDate).toBe('2024-03-01');
    expect(s.toDate).toBe('2024-03-31');
    expect(s.openingBalance?.toFixed(2)).toBe(expected.opening);
    expect(s.closingBalance?.toFixed(2)).toBe(expected.closing);
    expect(s.lines).toHaveLength(expected.lines);
  });

  it('takes PRCD as the opening balance of page 2, ignores CLAV, and signs a DBIT closing balance negative', () => {
    expect(page2.openingBalance?.equals(page1.closingBalance ?? NaN)).toBe(true);
    expect(page2.closingBalance?.isNegative()).toBe(true);
  });

  it.each([
    ['page 1', 0],
    ['page 2', 1],
  ])('%s: opening + booked USD lines = closing (the EUR and the PDNG entries are outside)', (_name, index) => {
    const s = statements[index];
    expect((s.openingBalance ?? new Dec(NaN)).plus(signedSum(s.lines, 'USD')).toFixed(2)).toBe(s.closingBalance?.toFixed(2));
  });

  it.each([
    ['credit with EndToEndId; AcctSvcrRef wins over NtryRef', 0, 0, {
      lineNumber: 1, bookingDate: '2024-03-04', valueDate: '2024-03-04', amount: '5000.00', direction: 'credit', currency: 'USD',
      reference: 'CONTRIB-2024-FR-001', description: 'Assessed contribution 2024 France', bankReference: 'UBS-20240304-000017', reversal: false,
    }],
    ['debit, EndToEndId NOTPROVIDED: reference from the two Ustrd, NtryRef as bank reference', 0, 1, {
      lineNumber: 2, bookingDate: '2024-03-06', valueDate: '2024-03-07', amount: '1234.56', direction: 'debit', currency: 'USD',
      reference: 'Invoice 2024/118 Acme & Sons Ltd', description: 'Invoice 2024/118 Acme & Sons Ltd / Outgoing transfer', bankReference: '0002', reversal: false,
    }],
    ['foreign-currency entry without details: reference falls back to AcctSvcrRef', 0, 2, {
      lineNumber: 3, bookingDate: '2024-03-08', amount: '250.00', direction: 'credit', currency: 'EUR',
      reference: 'UBS-20240308-000112', description: 'Grant instalment received in EUR', bankReference: 'UBS-20240308-000112', reversal: false,
    }],
    ['reversal booked with DtTm: date part as written (in UTC it would be the 29th)', 1, 0, {
      lineNumber: 4, bookingDate: '2024-03-28', valueDate: '2024-03-04', amount: '5000.00', direction: 'debit', currency: 'USD',
      reference: 'CONTRIB-2024-FR-001', description: 'Reversal of the credit of 2024-03-04', bankReference: 'UBS-20240328-000301', reversal: true,
    }],
    ['value date given as DtTm', 1, 1, {
      lineNumber: 5, bookingDate: '2024-03-29', valueDate: '2024-03-29', amount: '20000.00', direction: 'debit', currency: 'USD',
      reference: 'PAYROLL-2024-03', description: 'Salaries March 2024', bankReference: 'UBS-20240329-000315', reversal: false,
    }],
    ['after the skipped PDNG entry (ordinal 6): ordinal 7, &amp; decoded', 1, 2, {
      lineNumber: 7, bookingDate: '2024-03-29', amount: '100.00', direction: 'credit', currency: 'USD',
      reference: 'Dues 2024 / Member State X & Y', description: 'Dues 2024 / Member State X & Y', reversal: false,
    }],
  ])('%s', (_name, stmt, index, expected) => {
    expect(lineFacts(statements[stmt].lines[index])).toEqual(expected);
  });

  it('gives the same result for the text as for the bytes, and for a UTF-8 BOM', () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), MULTIPAGE]);
    const expected = JSON.stringify(statements);
    expect(JSON.stringify(parseCamt053(MULTIPAGE_TEXT))).toBe(expected);
    expect(JSON.stringify(parseCamt053(withBom))).toBe(expected);
    expect(JSON.stringify(parseCamt053(`\ufeff${MULTIPAGE_TEXT}`))).toBe(expected);
  });

  it('keeps amounts as Decimal', () => {
    for (const line of statements.flatMap((s) => s.lines)) expect(line.amount).toBeInstanceOf(Decimal);
  });
});

describe('parseCamt053 — versions and structures', () => {
  it('reads .04 and .08 with a namespace prefix, Othr/Id, nested Sts and DtTm', () => {
    for (const version of ['04', '08']) {
      const xml = `<?xml version="1.0"?>
<c:Document xmlns:c="${ns(version)}"><c:BkToCstmrStmt><c:GrpHdr><c:MsgId>M</c:MsgId></c:GrpHdr>
<c:Stmt><c:Id>S-${version}</c:Id><c:Acct><c:Id><c:Othr><c:Id>000123456789</c:Id></c:Othr></c:Id><c:Ccy>CHF</c:Ccy></c:Acct>
<c:Ntry><c:Amt Ccy="CHF">12.5</c:Amt><c:CdtDbtInd>DBIT</c:CdtDbtInd><c:Sts><c:Cd>BOOK</c:Cd></c:Sts>
<c:BookgDt><c:DtTm>2024-03-31T23:59:59.123Z</c:DtTm></c:BookgDt></c:Ntry></c:Stmt></c:BkToCstmrStmt></c:Document>`;
      const [s] = parseCamt053(xml);
      expect(s).toMatchObject({ statementId: `S-${version}`, accountIdentifier: '000123456789', currency: 'CHF' });
      expect(s.lines.map(lineFacts)).toEqual([
        { lineNumber: 1, bookingDate: '2024-03-31', amount: '12.50', direction: 'debit', currency: 'CHF', reference: '', description: '', reversal: false },
      ]);
    }
  });

  it('reads an entry without Sts as booked, and leaves out INFO, PDNG and nested PDNG entries but counts them', () => {
    const [s] = parseCamt053(
      camt([
        entry('').replace('<Sts>BOOK</Sts>', '') +
          entry('').replace('<Sts>BOOK</Sts>', '<Sts>INFO</Sts>') +
          entry('').replace('<Sts>BOOK</Sts>', '<Sts><Cd>PDNG</Cd></Sts>') +
          entry(''),
      ]),
    );
    expect(s.lines.map((l) => l.lineNumber)).toEqual([1, 4]);
  });

  it('takes the first EndToEndId of a batch entry and every Ustrd of its transactions for the description', () => {
    const tx = (e2e: string, ustrd: string) => `<TxDtls><Refs><EndToEndId>${e2e}</EndToEndId></Refs><RmtInf><Ustrd>${ustrd}</Ustrd><Ustrd/></RmtInf></TxDtls>`;
    const [s] = parseCamt053(camt([entry(`<NtryDtls>${tx('NOTPROVIDED', 'first')}${tx('E2E-2', 'second')}${tx('E2E-3', 'second')}</NtryDtls>`)]));
    expect(s.lines[0].reference).toBe('E2E-2');
    expect(s.lines[0].description).toBe('first second');
  });

  it('prefers a structured creditor reference (Strd/CdtrRefInf/Ref) to free text', () => {
    const rmt = '<RmtInf><Ustrd>free text</Ustrd><Strd><CdtrRefInf><Ref>RF18539007547034</Ref></CdtrRefInf></Strd></RmtInf>';
    const [s] = parseCamt053(camt([entry(`<NtryDtls><TxDtls>${rmt}</TxDtls></NtryDtls>`)]));
    expect(s.lines[0]).toMatchObject({ reference: 'RF18539007547034', description: 'free text' });
  });

  it('keeps leading zeros and long digit strings as text (no number parsing)', () => {
    const [s] = parseCamt053(camt([entry('<AcctSvcrRef>000000000000000000012345</AcctSvcrRef>', '<Amt Ccy="USD">0001.10</Amt>')]));
    expect(s.lines[0]).toMatchObject({ reference: '000000000000000000012345', bankReference: '000000000000000000012345' });
    expect(s.lines[0].amount.toFixed(2)).toBe('1.10');
  });

  it('accepts a statement with balances and no entry, and xs:date with a time zone', () => {
    const bal = '<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="USD">0</Amt><CdtDbtInd>DBIT</CdtDbtInd></Bal>';
    const [s] = parseCamt053(camt([`<FrToDt><FrDt>2024-03-01+01:00</FrDt><ToDt>2024-03-31Z</ToDt></FrToDt>${bal}`]));
    expect(s.lines).toEqual([]);
    expect(s.closingBalance?.toString()).toBe('0');
    expect(s.closingBalance?.isNegative()).toBe(false);
    expect(s).toMatchObject({ fromDate: '2024-03-01', toDate: '2024-03-31' });
  });

  it('decodes XML character references and CDATA in text', () => {
    const [s] = parseCamt053(camt([entry('<AddtlNtryInf>R&#233;gl&#xE9;e &lt;&#38;lt;&gt;<![CDATA[ a & b]]></AddtlNtryInf>')]));
    expect(s.lines[0].description).toBe('Réglée <&lt;> a & b');
  });

  it('names the transaction in the path of an error inside TxDtls', () => {
    const tx = '<TxDtls><Refs/></TxDtls><TxDtls><Refs/><Refs/></TxDtls>';
    expect(malformedError(() => parseCamt053(camt([entry(`<NtryDtls>${tx}</NtryDtls>`)]))).message).toBe(
      'Stmt[1]/Ntry[1]/NtryDtls[1]/TxDtls[2]/Refs: element occurs 2 times, expected once',
    );
  });

  it('decodes a Buffer by its XML declaration (ISO-8859-1)', () => {
    const xml = camt([entry('<AddtlNtryInf>Cotisation réglée</AddtlNtryInf>')]).replace('encoding="UTF-8"', 'encoding="ISO-8859-1"');
    const [s] = parseCamt053(Buffer.from(xml, 'latin1'));
    expect(s.lines[0].description).toBe('Cotisation réglée');
  });
});

describe('parseCamt053 — as banks send it', () => {
  const balance = (code: string, amount: string, indicator: string): string =>
    `<Bal><Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp><Amt Ccy="USD">${amount}</Amt>${indicator}<Dt><Dt>2024-03-01</Dt></Dt></Bal>`;

  it.each(['01', '02', '04', '06', '08', '10', '13'])('reads version .001.%s', (version) => {
    expect(parseCamt053(camt([entry('')], version))[0].lines).toHaveLength(1);
  });

  it('reads a balance without credit/debit indicator as a credit, and says so', () => {
    const [s] = parseCamt053(camt([balance('OPBD', '100.00', '') + balance('CLBD', '5.00', '<CdtDbtInd>DBIT</CdtDbtInd>')]));
    expect([s.openingBalance?.toFixed(2), s.closingBalance?.toFixed(2)]).toEqual(['100.00', '-5.00']);
    expect(s.warnings).toEqual(['Stmt[1]/Bal[1]: the OPBD balance has no credit/debit indicator (CdtDbtInd): read as a credit']);
  });

  it('reads entries without status as booked, and says so once per statement', () => {
    const noStatus = entry('').replace('<Sts>BOOK</Sts>', '');
    const [s, t] = parseCamt053(camt([noStatus + noStatus + entry(''), entry('')]));
    expect([s.lines.length, t.lines.length]).toEqual([3, 1]);
    expect(s.warnings).toEqual(['Stmt[1]: 2 entries have no status (Sts): read as booked (Stmt[1]/Ntry[1], Stmt[1]/Ntry[2])']);
    expect(t.warnings).toBeUndefined();
  });

  it.each([
    ['0.2', '0.20'],
    ['50000', '50000.00'],
    ['7.5', '7.50'],
  ])('reads the amount %s (one or no decimal)', (amount, expected) => {
    const [s] = parseCamt053(camt([balance('OPBD', amount, '<CdtDbtInd>CRDT</CdtDbtInd>') + entry('', `<Amt Ccy="USD">${amount}</Amt>`)]));
    expect([s.openingBalance?.toFixed(2), s.lines[0].amount.toFixed(2)]).toEqual([expected, expected]);
  });

  it('keeps a batch entry (Btch/NbOfTxs) as one line with its count, named by its payment information id', () => {
    const tx = (e2e: string) => `<TxDtls><Refs><EndToEndId>${e2e}</EndToEndId></Refs></TxDtls>`;
    const batch = `<NtryDtls><Btch><MsgId>MSG-7</MsgId><PmtInfId>PAYROLL-2024-03</PmtInfId><NbOfTxs>250</NbOfTxs></Btch>${tx('E1')}${tx('E2')}</NtryDtls>`;
    const [s] = parseCamt053(camt([entry(batch, '<Amt Ccy="USD">48250.00</Amt>')]));
    expect(s.lines).toHaveLength(1);
    expect(s.lines[0]).toMatchObject({ batchCount: 250, reference: 'PAYROLL-2024-03', description: 'batch of 250 transactions' });
    const [u] = parseCamt053(camt([entry(`<NtryDtls><Btch><MsgId>MSG-8</MsgId></Btch>${tx('E1')}${tx('E2')}</NtryDtls>`)]));
    expect(u.lines[0]).toMatchObject({ batchCount: 2, reference: 'MSG-8' });
    expect(() => parseCamt053(camt([entry('<NtryDtls><Btch><NbOfTxs>many</NbOfTxs></Btch></NtryDtls>')]))).toThrow(
      "Stmt[1]/Ntry[1]/NtryDtls[1]/Btch/NbOfTxs: 'many' is not a number of transactions",
    );
  });

  it('gives each statement its message id and, for a later page of a paginated message, the page number', () => {
    const paged = camt([entry('')]).replace('<MsgId>M</MsgId>', '<MsgId>M-42</MsgId><MsgPgntn><PgNb>2</PgNb><LastPgInd>true</LastPgInd></MsgPgntn>');
    expect(parseCamt053(paged)[0]).toMatchObject({ messageId: 'M-42', pageNumber: 2 });
    expect(parseCamt053(camt([entry('')]))[0]).toMatchObject({ messageId: 'M' });
    expect(parseCamt053(camt([entry('')]))[0].pageNumber).toBeUndefined();
  });
});

describe('parseCamt053 — malformed files name the element', () => {
  it.each([
    ['camt053.bad-amount.xml', "Stmt[1]/Ntry[2]/Amt: amount '12,50' is not a decimal", 'Stmt[1]/Ntry[2]/Amt'],
    ['camt053.missing-booking-date.xml', 'Stmt[2]/Ntry[1]/BookgDt: booking date is missing', 'Stmt[2]/Ntry[1]/BookgDt'],
    [
      'camt053.wrong-root.xml',
      "Document: the root element has a camt.052.001.02 message, expected a camt.053 'Document' (namespace urn:iso:std:iso:20022:tech:xsd:camt.053.001.NN)",
      'Document',
    ],
  ])('project fixture %s', (file, message, field) => {
    const err = malformedError(() => parseCamt053(readFileSync(path.join(FIXTURES, 'malformed', file))));
    expect(err.message).toBe(message);
    expect(err.errors?.[0].field).toBe(field);
  });

  const variant = (from: string, to: string) => () => parseCamt053(replaceOnce(MULTIPAGE_TEXT, from, to));

  it.each([
    ['zero amount', variant('<Amt Ccy="USD">20000.00</Amt>', '<Amt Ccy="USD">0.00</Amt>'), "Stmt[2]/Ntry[2]/Amt: amount '0.00' must be greater than zero"],
    ['negative amount', variant('<Amt Ccy="USD">20000.00</Amt>', '<Amt Ccy="USD">-20000.00</Amt>'), "Stmt[2]/Ntry[2]/Amt: amount '-20000.00' is not a decimal"],
    ['empty amount', variant('<Amt Ccy="USD">20000.00</Amt>', '<Amt Ccy="USD"/>'), 'Stmt[2]/Ntry[2]/Amt: amount is empty'],
    ['no amount', variant('<Amt Ccy="EUR">250.00</Amt>', ''), 'Stmt[1]/Ntry[3]/Amt: amount is missing'],
    ['amount without currency', variant('<Amt Ccy="EUR">250.00</Amt>', '<Amt>250.00</Amt>'), 'Stmt[1]/Ntry[3]/Amt/@Ccy: currency is missing'],
    ['lower-case currency', variant('<Amt Ccy="EUR">250.00</Amt>', '<Amt Ccy="eur">250.00</Amt>'), "Stmt[1]/Ntry[3]/Amt/@Ccy: currency 'eur' is not an ISO 4217 code"],
    ['two amounts', variant('<Amt Ccy="EUR">250.00</Amt>', '<Amt Ccy="EUR">250.00</Amt><Amt Ccy="EUR">1.00</Amt>'), 'Stmt[1]/Ntry[3]/Amt: element occurs 2 times, expected once'],
    ['unknown credit/debit indicator', variant('<Amt Ccy="USD">100.00</Amt>\n        <CdtDbtInd>CRDT</CdtDbtInd>', '<Amt Ccy="USD">100.00</Amt><CdtDbtInd>CREDIT</CdtDbtInd>'), "Stmt[2]/Ntry[4]/CdtDbtInd: 'CREDIT' is neither CRDT nor DBIT"],
    ['reversal indicator not a boolean', variant('<RvslInd>true</RvslInd>', '<RvslInd>yes</RvslInd>'), "Stmt[2]/Ntry[1]/RvslInd: 'yes' is not a boolean"],
    ['impossible booking date', variant('<BookgDt><Dt>2024-03-04</Dt></BookgDt>', '<BookgDt><Dt>2024-02-30</Dt></BookgDt>'), "Stmt[1]/Ntry[1]/BookgDt/Dt: '2024-02-30' is not a valid date"],
    ['booking date-time without T', variant('2024-03-28T23:30:00-05:00', '2024-03-28 23:30:00'), "Stmt[2]/Ntry[1]/BookgDt/DtTm: '2024-03-28 23:30:00' is not a valid date-time"],
    ['empty booking date', variant('<BookgDt><Dt>2024-03-08</Dt></BookgDt>', '<BookgDt/>'), 'Stmt[1]/Ntry[3]/BookgDt: booking date is missing'],
    ['bad value date', variant('<ValDt><Dt>2024-03-07</Dt></ValDt>', '<ValDt><Dt>07.03.2024</Dt></ValDt>'), "Stmt[1]/Ntry[2]/ValDt/Dt: '07.03.2024' is not a valid date"],
    ['balance not a decimal', variant('<Amt Ccy="USD">10000.00</Amt>', '<Amt Ccy="USD">10.000,00</Amt>'), "Stmt[1]/Bal[1]/Amt: amount '10.000,00' is not a decimal"],
    ['two closing balances', variant('<Cd>CLAV</Cd>', '<Cd>CLBD</Cd>'), 'Stmt[1]/Bal[3]: a second CLBD balance in the statement'],
    ['account currency not ISO', variant('<Ccy>USD</Ccy>\n      </Acct>\n      <Bal>\n        <Tp><CdOrPrtry><Cd>PRCD', '<Ccy>US Dollar</Ccy></Acct><Bal><Tp><CdOrPrtry><Cd>PRCD'), "Stmt[2]/Acct/Ccy: currency 'US Dollar' is not an ISO 4217 code"],
    ['no namespace', variant(` xmlns="${ns('02')}"`, ''), "Document: the root element has no namespace, expected a camt.053 'Document' (namespace urn:iso:std:iso:20022:tech:xsd:camt.053.001.NN)"],
    ['a payment order namespace', variant(ns('02'), 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.03'), "Document: the root element has a pain.001.001.03 message, expected a camt.053 'Document' (namespace urn:iso:std:iso:20022:tech:xsd:camt.053.001.NN)"],
  ])('%s', (_name, run, message) => {
    expect(malformedError(run).message).toBe(message);
  });

  it.each([
    ['root not Document', `<Statement xmlns="${ns('02')}"><BkToCstmrStmt/></Statement>`, /^Statement: the root element is 'Statement', expected a camt\.053 'Document'/],
    ['not XML at all', 'date,amount,reference,description\n', /^line 1, column 1: the file is not well-formed XML: /],
    ['empty file', ' \n', /^Document: the file is empty$/],
    ['unclosed element', `<Document xmlns="${ns('02')}">\n<BkToCstmrStmt>\n<Stmt>\n</BkToCstmrStmt></Document>`, /^line 4, column \d+: the file is not well-formed XML: /],
    ['DOCTYPE', `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><Document xmlns="${ns('02')}"><BkToCstmrStmt/></Document>`, /^Document: DOCTYPE declarations are not accepted/],
    ['no BkToCstmrStmt', `<Document xmlns="${ns('02')}"><BkToCstmrAcctRpt/></Document>`, /^Document\/BkToCstmrStmt: element is missing or empty$/],
    ['no Stmt', `<Document xmlns="${ns('02')}"><BkToCstmrStmt><GrpHdr><MsgId>M</MsgId></GrpHdr></BkToCstmrStmt></Document>`, /^Document\/BkToCstmrStmt\/Stmt: the message holds no statement$/],
    ['two Acct in a Stmt', camt(['<Acct><Ccy>USD</Ccy></Acct><Acct><Ccy>USD</Ccy></Acct>']), /^Stmt\[1\]\/Acct: element occurs 2 times, expected once$/],
    ['Sts without a code', camt([entry('').replace('<Sts>BOOK</Sts>', '<Sts><Other>x</Other></Sts>')]), /^Stmt\[1\]\/Ntry\[1\]\/Sts: status is neither a code nor Cd\/Prtry$/],
  ])('%s', (_name, xml, message) => {
    expect(malformedError(() => parseCamt053(xml)).message).toMatch(message);
  });

  it('refuses bytes that are not valid UTF-8', () => {
    const bytes = Buffer.from(camt([entry('<AddtlNtryInf>Cotisation réglée</AddtlNtryInf>')]), 'latin1');
    expect(malformedError(() => parseCamt053(bytes)).message).toBe('Document: the file is not valid utf-8');
  });

  it('counts entries across statements in lineNumber but per statement in the element path', () => {
    const bad = camt([entry(''), entry('') + entry('', '<Amt Ccy="USD">0</Amt>')]);
    expect(malformedError(() => parseCamt053(bad)).message).toBe("Stmt[2]/Ntry[2]/Amt: amount '0' must be greater than zero");
    const good = parseCamt053(camt([entry(''), entry('') + entry('')]));
    expect(good.map((s) => s.lines.map((l) => l.lineNumber))).toEqual([[1], [2, 3]]);
  });
});
