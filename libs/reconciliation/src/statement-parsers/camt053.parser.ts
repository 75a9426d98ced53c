import Decimal from 'decimal.js';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { TextDecoder } from 'node:util';
import type { ParsedStatement, ParsedStatementLine } from './statement.types';
import { formatIsoDate, isCalendarDate, quoteValue, statementMalformed } from './statement-parse.util';

/** Any camt.053 version: .001.02, .001.04, .001.08 and the others share the parts read here. */
const CAMT053_NAMESPACE = /^urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.\d{2}$/;
const ISO20022_NAMESPACE = /^urn:iso:std:iso:20022:tech:xsd:([a-z]{4}\.\d{3}\.\d{3}\.\d{2})$/;

/** Elements that may repeat, read as arrays even when the file has one. */
const REPEATABLE = new Set(['Stmt', 'Bal', 'Ntry', 'NtryDtls', 'TxDtls', 'Ustrd', 'Strd']);

const AMOUNT_PATTERN = /^(\d+)(?:\.(\d+))?$/;
const CURRENCY_PATTERN = /^[A-Z]{3}$/;
/** xs:date, with an optional time zone. */
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:Z|[+-]\d{2}:\d{2})?$/;
/** xs:dateTime; the date part is taken as written (the bank's local date), never shifted to UTC. */
const DATE_TIME_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?$/;

/** The entry status that counts as booked; a missing Sts is read as booked, any other code is left out. */
const BOOKED_STATUS = 'BOOK';

const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
  // Needed for XML numeric character references (&#233; &#xE9;), which are not decoded otherwise.
  htmlEntities: true,
  isArray: (tagName: string, _jPath: unknown, _isLeafNode: boolean, isAttribute: boolean) =>
    !isAttribute && REPEATABLE.has(tagName),
});

type XmlElement = Record<string, unknown>;

function isElement(value: unknown): value is XmlElement {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses a camt.053 (Bank-to-Customer Statement) message, any version .001.NN, into one
 * ParsedStatement per `Stmt`. Entries whose status is not BOOK (PDNG, INFO, FUTR...) are not
 * returned but keep their ordinal: `lineNumber` is the position of the `Ntry` among all entries of
 * the file. Throws StatementMalformed naming the element (e.g. "Stmt[1]/Ntry[3]/Amt") on the
 * first problem; no partial result.
 */
export function parseCamt053(xml: string | Buffer): ParsedStatement[] {
  const text = typeof xml === 'string' ? stripBom(xml) : decodeXml(xml);

  if (text.trim() === '') throw statementMalformed('Document', 'the file is empty');
  const validation = XMLValidator.validate(text);
  if (validation !== true) {
    const { line, col, msg } = validation.err;
    const where = typeof col === 'number' ? `line ${line}, column ${col}` : `line ${line}`;
    throw statementMalformed(where, `the file is not well-formed XML: ${msg}`, 'Document');
  }
  checkRootElement(text);

  const parsed: unknown = xmlParser.parse(text);
  const document = isElement(parsed) ? parsed['Document'] : undefined;
  if (!isElement(document)) throw statementMalformed('Document', 'the root element is empty');
  const message = single(document, 'BkToCstmrStmt', 'Document');
  if (!isElement(message)) throw statementMalformed('Document/BkToCstmrStmt', 'element is missing or empty');
  const stmts = repeated(message, 'Stmt');
  if (stmts.length === 0) throw statementMalformed('Document/BkToCstmrStmt/Stmt', 'the message holds no statement');

  const counter = { entries: 0 };
  return stmts.map((stmt, i) => readStatement(stmt, `Stmt[${i + 1}]`, counter));
}

function readStatement(stmt: unknown, path: string, counter: { entries: number }): ParsedStatement {
  if (!isElement(stmt)) throw statementMalformed(path, 'statement is empty');
  const statement: ParsedStatement = { lines: [] };

  const id = optionalText(stmt, 'Id', path);
  if (id) statement.statementId = id;

  const acct = single(stmt, 'Acct', path);
  if (isElement(acct)) {
    const acctId = single(acct, 'Id', `${path}/Acct`);
    if (isElement(acctId)) {
      const iban = optionalText(acctId, 'IBAN', `${path}/Acct/Id`);
      const othr = single(acctId, 'Othr', `${path}/Acct/Id`);
      const other = isElement(othr) ? optionalText(othr, 'Id', `${path}/Acct/Id/Othr`) : undefined;
      const identifier = iban || other;
      if (identifier) statement.accountIdentifier = identifier;
    }
    const ccy = optionalText(acct, 'Ccy', `${path}/Acct`);
    if (ccy !== undefined) {
      if (!CURRENCY_PATTERN.test(ccy)) {
        throw statementMalformed(`${path}/Acct/Ccy`, `currency ${quoteValue(ccy)} is not an ISO 4217 code`);
      }
      statement.currency = ccy;
    }
  }

  const period = single(stmt, 'FrToDt', path);
  if (isElement(period)) {
    const from = dateOf(period, ['FrDtTm', 'FrDt'], `${path}/FrToDt`);
    const to = dateOf(period, ['ToDtTm', 'ToDt'], `${path}/FrToDt`);
    if (from) statement.fromDate = from;
    if (to) statement.toDate = to;
  }

  readBalances(stmt, path, statement);

  repeated(stmt, 'Ntry').forEach((ntry, j) => {
    counter.entries++;
    const line = readEntry(ntry, `${path}/Ntry[${j + 1}]`, counter.entries);
    if (line) statement.lines.push(line);
  });
  return statement;
}

function readBalances(stmt: XmlElement, path: string, statement: ParsedStatement): void {
  const found: Partial<Record<'OPBD' | 'PRCD' | 'CLBD', Decimal>> = {};
  repeated(stmt, 'Bal').forEach((bal, k) => {
    const balPath = `${path}/Bal[${k + 1}]`;
    if (!isElement(bal)) throw statementMalformed(balPath, 'balance is empty');
    const tp = single(bal, 'Tp', balPath);
    const cdOrPrtry = isElement(tp) ? single(tp, 'CdOrPrtry', `${balPath}/Tp`) : undefined;
    const code = isElement(cdOrPrtry) ? optionalText(cdOrPrtry, 'Cd', `${balPath}/Tp/CdOrPrtry`) : undefined;
    if (code !== 'OPBD' && code !== 'PRCD' && code !== 'CLBD') return; // OPAV, CLAV, ITBD...: not used
    if (found[code] !== undefined) throw statementMalformed(balPath, `a second ${code} balance in the statement`);
    const { value } = readAmount(bal, balPath, { allowZero: true });
    const sign = creditDebit(bal, balPath);
    found[code] = sign === 'debit' && !value.isZero() ? value.neg() : value;
  });
  const opening = found.OPBD ?? found.PRCD;
  if (opening !== undefined) statement.openingBalance = opening;
  if (found.CLBD !== undefined) statement.closingBalance = found.CLBD;
}

function readEntry(ntry: unknown, path: string, ordinal: number): ParsedStatementLine | undefined {
  if (!isElement(ntry)) throw statementMalformed(path, 'entry is empty');

  const { value: amount, currency } = readAmount(ntry, path, { allowZero: false });
  const direction = creditDebit(ntry, path);

  const reversalText = optionalText(ntry, 'RvslInd', path);
  let reversal = false;
  if (reversalText !== undefined) {
    if (reversalText === 'true' || reversalText === '1') reversal = true;
    else if (reversalText !== 'false' && reversalText !== '0') {
      throw statementMalformed(`${path}/RvslInd`, `${quoteValue(reversalText)} is not a boolean`);
    }
  }

  // Entries not booked (PDNG, INFO, FUTR...) are checked for amount and sign but may lack a
  // booking date, and are left out of the statement.
  if (entryStatus(ntry, path) !== BOOKED_STATUS) return undefined;

  const bookingDate = dateOf(single(ntry, 'BookgDt', path), ['Dt', 'DtTm'], `${path}/BookgDt`);
  if (bookingDate === undefined) throw statementMalformed(`${path}/BookgDt`, 'booking date is missing');
  const valueDate = dateOf(single(ntry, 'ValDt', path), ['Dt', 'DtTm'], `${path}/ValDt`);

  const acctSvcrRef = optionalText(ntry, 'AcctSvcrRef', path) || undefined;
  const ntryRef = optionalText(ntry, 'NtryRef', path) || undefined;
  const bankReference = acctSvcrRef ?? ntryRef;

  const endToEndIds: string[] = [];
  const creditorRefs: string[] = [];
  const unstructured: string[] = [];
  repeated(ntry, 'NtryDtls').forEach((details, d) => {
    if (!isElement(details)) return;
    repeated(details, 'TxDtls').forEach((tx, t) => {
      if (!isElement(tx)) return;
      const txPath = `${path}/NtryDtls[${d + 1}]/TxDtls[${t + 1}]`;
      const refs = single(tx, 'Refs', txPath);
      const e2e = isElement(refs) ? looseText(refs['EndToEndId']) : undefined;
      if (e2e && e2e !== 'NOTPROVIDED') endToEndIds.push(e2e);
      const rmtInf = single(tx, 'RmtInf', txPath);
      if (!isElement(rmtInf)) return;
      for (const ustrd of repeated(rmtInf, 'Ustrd')) {
        const text = looseText(ustrd);
        if (text) unstructured.push(text);
      }
      for (const strd of repeated(rmtInf, 'Strd')) {
        const cdtrRefInf = isElement(strd) ? strd['CdtrRefInf'] : undefined;
        const ref = isElement(cdtrRefInf) ? looseText(cdtrRefInf['Ref']) : undefined;
        if (ref) creditorRefs.push(ref);
      }
    });
  });
  const remittance = unique(unstructured).join(' ');
  const additional = looseText(ntry['AddtlNtryInf']) ?? '';
  const reference = endToEndIds[0] ?? creditorRefs[0] ?? (remittance || undefined) ?? bankReference ?? '';
  const description = unique([remittance, additional].filter((part) => part !== '')).join(' / ');

  const line: ParsedStatementLine = {
    lineNumber: ordinal,
    bookingDate,
    amount,
    direction,
    currency,
    reference,
    description,
    reversal,
  };
  if (valueDate !== undefined) line.valueDate = valueDate;
  if (bankReference !== undefined) line.bankReference = bankReference;
  return line;
}

/** Sts is plain text in .02/.04 (`<Sts>BOOK</Sts>`) and nested from .06 on (`<Sts><Cd>BOOK</Cd></Sts>`). */
function entryStatus(ntry: XmlElement, path: string): string {
  const sts = single(ntry, 'Sts', path);
  if (sts === undefined) return BOOKED_STATUS;
  if (typeof sts === 'string') return sts || BOOKED_STATUS;
  if (isElement(sts)) {
    const code = looseText(sts['Cd']) ?? looseText(sts['Prtry']);
    if (code) return code;
  }
  throw statementMalformed(`${path}/Sts`, 'status is neither a code nor Cd/Prtry');
}

function readAmount(
  parent: XmlElement,
  path: string,
  { allowZero }: { allowZero: boolean },
): { value: Decimal; currency: string } {
  const amtPath = `${path}/Amt`;
  const amt = single(parent, 'Amt', path);
  if (amt === undefined) throw statementMalformed(amtPath, 'amount is missing');
  const raw = looseText(amt);
  if (raw === undefined || raw === '') throw statementMalformed(amtPath, 'amount is empty');
  const m = AMOUNT_PATTERN.exec(raw);
  if (!m) throw statementMalformed(amtPath, `amount ${quoteValue(raw)} is not a decimal`);
  const value = new Decimal(raw);
  if (!allowZero && value.isZero()) throw statementMalformed(amtPath, `amount ${quoteValue(raw)} must be greater than zero`);
  const ccy = isElement(amt) ? amt['@_Ccy'] : undefined;
  if (typeof ccy !== 'string' || ccy === '') throw statementMalformed(`${amtPath}/@Ccy`, 'currency is missing');
  if (!CURRENCY_PATTERN.test(ccy)) {
    throw statementMalformed(`${amtPath}/@Ccy`, `currency ${quoteValue(ccy)} is not an ISO 4217 code`);
  }
  return { value, currency: ccy };
}

function creditDebit(parent: XmlElement, path: string): 'credit' | 'debit' {
  const ind = optionalText(parent, 'CdtDbtInd', path);
  if (ind === 'CRDT') return 'credit';
  if (ind === 'DBIT') return 'debit';
  throw statementMalformed(
    `${path}/CdtDbtInd`,
    ind === undefined ? 'credit/debit indicator is missing' : `${quoteValue(ind)} is neither CRDT nor DBIT`,
  );
}

/** The date of a `Dt`/`DtTm` (or `FrDtTm`/`FrDt`...) choice, date part only; undefined when absent. */
function dateOf(parent: unknown, names: string[], path: string): string | undefined {
  if (!isElement(parent)) return undefined;
  for (const name of names) {
    const raw = optionalText(parent, name, path);
    if (raw === undefined) continue;
    const m = (name.endsWith('DtTm') ? DATE_TIME_PATTERN : DATE_PATTERN).exec(raw);
    const [year, month, day] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
    if (!m || !isCalendarDate(year, month, day)) {
      throw statementMalformed(`${path}/${name}`, `${quoteValue(raw)} is not a valid ${name.endsWith('DtTm') ? 'date-time' : 'date'}`);
    }
    return formatIsoDate(year, month, day);
  }
  return undefined;
}

/** A child that occurs at most once; a repeated one is an error naming it. */
function single(parent: XmlElement, name: string, path: string): unknown {
  const value = parent[name];
  if (Array.isArray(value)) throw statementMalformed(`${path}/${name}`, `element occurs ${value.length} times, expected once`);
  return value;
}

function repeated(parent: XmlElement, name: string): unknown[] {
  const value = parent[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Text content of a child that must be a simple element when present. */
function optionalText(parent: XmlElement, name: string, path: string): string | undefined {
  const value = single(parent, name, path);
  if (value === undefined) return undefined;
  const text = looseText(value);
  if (text === undefined) throw statementMalformed(`${path}/${name}`, 'expected text, found nested elements');
  return text;
}

/** Text of an element: a string, or the '#text' of an element with attributes; undefined otherwise. */
function looseText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isElement(value)) {
    const text = value['#text'];
    if (typeof text === 'string') return text;
    const keys = Object.keys(value);
    if (keys.every((key) => key.startsWith('@_'))) return ''; // <Amt Ccy="EUR"/>
  }
  return undefined;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Decodes by the BOM, else by the XML declaration's encoding, else UTF-8; invalid bytes are an error. */
function decodeXml(bytes: Buffer): string {
  let encoding = 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) encoding = 'utf-16le';
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) encoding = 'utf-16be';
  else if (!(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)) {
    const head = bytes.subarray(0, 200).toString('latin1');
    const declared = /^<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head);
    if (declared) encoding = declared[1].toLowerCase();
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true });
  } catch {
    throw statementMalformed('Document', `unsupported encoding ${quoteValue(encoding)}`);
  }
  try {
    return stripBom(decoder.decode(bytes));
  } catch {
    throw statementMalformed('Document', `the file is not valid ${encoding}`);
  }
}

/**
 * The root must be a camt.053 `Document`: its local name and the namespace bound to its prefix are
 * read from the text, because the parser drops namespace prefixes and xmlns attributes.
 */
function checkRootElement(text: string): void {
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text.startsWith('<?', i) && text.indexOf('?>', i) > 0) {
      i = text.indexOf('?>', i) + 2;
    } else if (text.startsWith('<!--', i) && text.indexOf('-->', i) > 0) {
      i = text.indexOf('-->', i) + 3;
    } else if (text.startsWith('<!', i)) {
      throw statementMalformed('Document', 'DOCTYPE declarations are not accepted in a camt.053 file');
    } else {
      break;
    }
  }
  const tag = /<([^\s/>]+)([^>]*)>/y;
  tag.lastIndex = i;
  const m = tag.exec(text);
  if (!m) throw statementMalformed('Document', 'the file has no root element');
  const [prefix, localName] = m[1].includes(':') ? m[1].split(':', 2) : ['', m[1]];
  const nsAttribute = prefix ? `xmlns:${prefix}` : 'xmlns';
  let namespace: string | undefined;
  for (const attr of m[2].matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    if (attr[1] === nsAttribute) namespace = attr[2] ?? attr[3];
  }
  const expected = "a camt.053 'Document' (namespace urn:iso:std:iso:20022:tech:xsd:camt.053.001.NN)";
  if (localName !== 'Document') {
    throw statementMalformed(localName, `the root element is '${m[1]}', expected ${expected}`, 'Document');
  }
  if (namespace === undefined || !CAMT053_NAMESPACE.test(namespace)) {
    const other = namespace !== undefined ? ISO20022_NAMESPACE.exec(namespace) : null;
    const found = other ? `a ${other[1]} message` : namespace === undefined ? 'no namespace' : `namespace ${quoteValue(namespace)}`;
    throw statementMalformed('Document', `the root element has ${found}, expected ${expected}`);
  }
}
