import type { Decimal } from 'decimal.js';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { TextDecoder } from 'node:util';
import { Dec, DomainError } from '@app/common';
import type { ParsedStatement, ParsedStatementLine } from './statement.types';
import { formatIsoDate, isCalendarDate, quoteValue, statementMalformed } from './statement-parse.util';
import { XmlLimits, XmlRootTag, XmlTreeReader } from './xml-tree';

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

type XmlElement = Record<string, unknown>;

function isElement(value: unknown): value is XmlElement {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses a camt.053 (Bank-to-Customer Statement) message, any version .001.NN, into one
 * ParsedStatement per `Stmt`. Entries whose status is not BOOK (PDNG, INFO, FUTR...) are not
 * returned but keep their ordinal: `lineNumber` is the position of the `Ntry` among all entries of
 * the file. Throws StatementMalformed naming the element (e.g. "Stmt[1]/Ntry[3]/Amt") on the
 * first problem; no partial result. The XML is read within XML_LIMITS, with no DTD and no entity
 * but XML's own: whatever the file holds, the answer is statements or StatementMalformed.
 */
export function parseCamt053(xml: string | Buffer, limits?: Partial<XmlLimits>): ParsedStatement[] {
  try {
    const entries = new EntryReader();
    const reader = camtReader(entries, limits);
    reader.push(typeof xml === 'string' ? stripBom(xml) : decodeXml(xml));
    return readMessage(reader.end(), entries);
  } catch (error) {
    throw malformed(error);
  }
}

/** Bytes read before the encoding is decided (the BOM or the XML declaration are in them). */
const ENCODING_SNIFF_BYTES = 200;

/**
 * parseCamt053 for a file read in chunks (e.g. from disk): the event loop is served between
 * chunks, so a large file never holds the process for the length of its parse.
 */
export async function parseCamt053Stream(
  chunks: AsyncIterable<Buffer> | Iterable<Buffer>,
  limits?: Partial<XmlLimits>,
): Promise<ParsedStatement[]> {
  try {
    const entries = new EntryReader();
    const reader = camtReader(entries, limits);
    let head: Buffer[] = [];
    let headBytes = 0;
    let decoding: XmlDecoding | undefined;
    for await (const chunk of chunks) {
      if (decoding === undefined) {
        head.push(chunk);
        headBytes += chunk.length;
        if (headBytes < ENCODING_SNIFF_BYTES) continue;
        const bytes = Buffer.concat(head);
        head = [];
        decoding = xmlDecoding(bytes);
        reader.push(decoding.next(bytes));
      } else {
        reader.push(decoding.next(chunk));
      }
      await nextTurn();
    }
    if (decoding === undefined) {
      const bytes = Buffer.concat(head);
      decoding = xmlDecoding(bytes);
      reader.push(decoding.next(bytes));
    }
    reader.push(decoding.last());
    const tree = reader.end();
    await nextTurn();
    return readMessage(tree, entries);
  } catch (error) {
    throw malformed(error);
  }
}

const camtReader = (entries: EntryReader, limits: Partial<XmlLimits> | undefined): XmlTreeReader =>
  new XmlTreeReader({
    repeatable: REPEATABLE,
    onRoot: checkRoot,
    onClose: (name, value, ancestors) => entries.closed(name, value, ancestors),
    limits,
    kind: 'a camt.053 file',
  });

/**
 * Reads each `Document/BkToCstmrStmt/Stmt/Ntry` as soon as it is complete, while the file is
 * still being parsed: a statement of many entries is read in step with the file, and its
 * entries never stand in memory as XML.
 */
class EntryReader {
  private readonly linesByStatement: ParsedStatementLine[][] = [];
  private readonly notesByStatement: EntryNotes[] = [];
  private current: ParsedStatementLine[] = [];
  private notes = new EntryNotes();
  private entriesInStatement = 0;
  private entriesInFile = 0;

  closed(name: string, value: unknown, ancestors: readonly string[]): boolean {
    const inMessage = ancestors.length >= 2 && ancestors[1] === 'BkToCstmrStmt';
    if (name === 'Ntry' && inMessage && ancestors.length === 3 && ancestors[2] === 'Stmt') {
      const path = `Stmt[${this.linesByStatement.length + 1}]/Ntry[${++this.entriesInStatement}]`;
      const line = readEntry(value, path, ++this.entriesInFile, this.notes);
      if (line) this.current.push(line);
      return true;
    }
    if (name === 'Stmt' && inMessage && ancestors.length === 2) {
      this.linesByStatement.push(this.current);
      this.notesByStatement.push(this.notes);
      this.current = [];
      this.notes = new EntryNotes();
      this.entriesInStatement = 0;
    }
    return false;
  }

  /** The booked lines of the statement at `index`, in file order. */
  linesOf(index: number): ParsedStatementLine[] {
    return this.linesByStatement[index] ?? [];
  }

  /** What was read leniently in the entries of the statement at `index`. */
  warningsOf(index: number): string[] {
    return this.notesByStatement[index]?.warnings() ?? [];
  }
}

/** Entries read leniently, counted per statement (a file of many such entries gives one warning). */
class EntryNotes {
  private withoutStatus = 0;
  private readonly examples: string[] = [];

  noStatus(path: string): void {
    this.withoutStatus++;
    if (this.examples.length < 3) this.examples.push(path);
  }

  warnings(): string[] {
    if (this.withoutStatus === 0) return [];
    const more = this.withoutStatus > this.examples.length ? ', …' : '';
    const entries = this.withoutStatus === 1 ? '1 entry has' : `${this.withoutStatus} entries have`;
    return [`${entries} no status (Sts): read as booked (${this.examples.join(', ')}${more})`];
  }
}

/** Whatever goes wrong reading a file is the file's problem to report, never a server error. */
function malformed(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  const reason = error instanceof RangeError ? 'it is too large or too deeply nested' : 'it is not a camt.053 message';
  return statementMalformed('Document', `the file could not be read: ${reason}`);
}

function readMessage(parsed: unknown, entries: EntryReader): ParsedStatement[] {
  const document = isElement(parsed) ? parsed['Document'] : undefined;
  if (!isElement(document)) throw statementMalformed('Document', 'the root element is empty');
  const message = single(document, 'BkToCstmrStmt', 'Document');
  if (!isElement(message)) throw statementMalformed('Document/BkToCstmrStmt', 'element is missing or empty');
  const stmts = repeated(message, 'Stmt');
  if (stmts.length === 0) throw statementMalformed('Document/BkToCstmrStmt/Stmt', 'the message holds no statement');

  const header = readGroupHeader(message);
  const counter = { entries: 0 };
  return stmts.map((stmt, i) => {
    const statement = readStatement(stmt, `Stmt[${i + 1}]`, counter);
    for (const line of entries.linesOf(i)) statement.lines.push(line);
    if (header.messageId !== undefined) statement.messageId = header.messageId;
    if (header.pageNumber !== undefined) statement.pageNumber = header.pageNumber;
    const warnings = [...(statement.warnings ?? []), ...entries.warningsOf(i).map((w) => `Stmt[${i + 1}]: ${w}`)];
    if (warnings.length > 0) statement.warnings = warnings;
    else delete statement.warnings;
    return statement;
  });
}

/**
 * GrpHdr/MsgId, and the page of a message sent in several files (GrpHdr/MsgPgntn/PgNb): a later
 * page's statements are appended by the import to those its first page began.
 */
function readGroupHeader(message: XmlElement): { messageId?: string; pageNumber?: number } {
  const grpHdr = single(message, 'GrpHdr', 'Document/BkToCstmrStmt');
  if (!isElement(grpHdr)) return {};
  const path = 'Document/BkToCstmrStmt/GrpHdr';
  const header: { messageId?: string; pageNumber?: number } = {};
  const messageId = optionalText(grpHdr, 'MsgId', path);
  if (messageId) header.messageId = messageId;
  const pagination = single(grpHdr, 'MsgPgntn', path);
  if (isElement(pagination)) {
    const page = optionalText(pagination, 'PgNb', `${path}/MsgPgntn`);
    if (page !== undefined) {
      if (!/^\d{1,5}$/.test(page) || Number(page) < 1) {
        throw statementMalformed(`${path}/MsgPgntn/PgNb`, `page number ${quoteValue(page)} is not a positive integer`);
      }
      header.pageNumber = Number(page);
    }
  }
  return header;
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

  const notes = new EntryNotes();
  repeated(stmt, 'Ntry').forEach((ntry, j) => {
    counter.entries++;
    const line = readEntry(ntry, `${path}/Ntry[${j + 1}]`, counter.entries, notes);
    if (line) statement.lines.push(line);
  });
  const warnings = notes.warnings().map((w) => `${path}: ${w}`);
  if (warnings.length > 0) statement.warnings = [...(statement.warnings ?? []), ...warnings];
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
    // Some banks leave the indicator out of a balance that is in credit: read as one, and said.
    const indicated = optionalText(bal, 'CdtDbtInd', balPath) !== undefined;
    const sign = indicated ? creditDebit(bal, balPath) : 'credit';
    if (!indicated) {
      const warning = `${balPath}: the ${code} balance has no credit/debit indicator (CdtDbtInd): read as a credit`;
      (statement.warnings ??= []).push(warning);
    }
    found[code] = sign === 'debit' && !value.isZero() ? value.neg() : value;
  });
  const opening = found.OPBD ?? found.PRCD;
  if (opening !== undefined) statement.openingBalance = opening;
  if (found.CLBD !== undefined) statement.closingBalance = found.CLBD;
}

function readEntry(ntry: unknown, path: string, ordinal: number, notes: EntryNotes): ParsedStatementLine | undefined {
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
  if (single(ntry, 'Sts', path) === undefined) notes.noStatus(path);

  const bookingDate = dateOf(single(ntry, 'BookgDt', path), ['Dt', 'DtTm'], `${path}/BookgDt`);
  if (bookingDate === undefined) throw statementMalformed(`${path}/BookgDt`, 'booking date is missing');
  const valueDate = dateOf(single(ntry, 'ValDt', path), ['Dt', 'DtTm'], `${path}/ValDt`);

  const acctSvcrRef = optionalText(ntry, 'AcctSvcrRef', path) || undefined;
  const ntryRef = optionalText(ntry, 'NtryRef', path) || undefined;
  const bankReference = acctSvcrRef ?? ntryRef;

  const endToEndIds: string[] = [];
  const creditorRefs: string[] = [];
  const unstructured: string[] = [];
  const batch: { found: boolean; count?: number; ref?: string; transactions: number } = { found: false, transactions: 0 };
  repeated(ntry, 'NtryDtls').forEach((details, d) => {
    if (!isElement(details)) return;
    readBatch(details, `${path}/NtryDtls[${d + 1}]`, batch);
    repeated(details, 'TxDtls').forEach((tx, t) => {
      batch.transactions++;
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
  // A batch (Btch: NbOfTxs, else the transactions it details) stays one line, with its count,
  // named by its payment information id: the bank booked it as one amount.
  const batchCount = batch.found ? (batch.count ?? Math.max(batch.transactions, 1)) : undefined;
  const remittance = unique(unstructured).join(' ');
  const additional = looseText(ntry['AddtlNtryInf']) ?? '';
  const reference =
    (batchCount !== undefined ? batch.ref : undefined) ??
    endToEndIds[0] ??
    creditorRefs[0] ??
    (remittance || undefined) ??
    bankReference ??
    '';
  const batchLabel = batchCount !== undefined ? `batch of ${batchCount} transactions` : '';
  const description = unique([batchLabel, remittance, additional].filter((part) => part !== '')).join(' / ');

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
  if (batchCount !== undefined) line.batchCount = batchCount;
  return line;
}

/** NtryDtls/Btch: how many transactions the entry stands for, and the batch's own id. */
function readBatch(details: XmlElement, path: string, batch: { found: boolean; count?: number; ref?: string }): void {
  const btch = single(details, 'Btch', path);
  if (!isElement(btch)) return;
  batch.found = true;
  const count = optionalText(btch, 'NbOfTxs', `${path}/Btch`);
  if (count !== undefined) {
    if (!/^\d{1,15}$/.test(count) || Number(count) < 1) {
      throw statementMalformed(`${path}/Btch/NbOfTxs`, `${quoteValue(count)} is not a number of transactions`);
    }
    batch.count = (batch.count ?? 0) + Number(count);
  }
  batch.ref ??=
    optionalText(btch, 'PmtInfId', `${path}/Btch`) || optionalText(btch, 'MsgId', `${path}/Btch`) || undefined;
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
  const value = new Dec(raw);
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
  const decoding = xmlDecoding(bytes);
  return stripBom(decoding.next(bytes) + decoding.last());
}

interface XmlDecoding {
  /** The text of the next chunk (a character cut between two chunks is completed by the next). */
  next(bytes: Buffer): string;
  /** What is left once the last chunk is in. */
  last(): string;
}

/** The decoding of a file, chosen from its first bytes. */
function xmlDecoding(head: Buffer): XmlDecoding {
  let encoding = 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) encoding = 'utf-16le';
  else if (head[0] === 0xfe && head[1] === 0xff) encoding = 'utf-16be';
  else if (!(head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf)) {
    const declaration = head.subarray(0, ENCODING_SNIFF_BYTES).toString('latin1');
    const declared = /^<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(declaration);
    if (declared) encoding = declared[1].toLowerCase();
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true });
  } catch {
    throw statementMalformed('Document', `unsupported encoding ${quoteValue(encoding)}`);
  }
  const decode = (bytes: Buffer | undefined, stream: boolean): string => {
    try {
      return decoder.decode(bytes, { stream });
    } catch {
      throw statementMalformed('Document', `the file is not valid ${encoding}`);
    }
  };
  return { next: (bytes) => decode(bytes, true), last: () => decode(undefined, false) };
}

/**
 * The root must be a camt.053 `Document`: its local name and the namespace bound to its prefix are
 * read from its start tag as written, checked before anything inside it is read.
 */
function checkRoot(root: XmlRootTag): void {
  const [prefix, localName] = root.name.includes(':') ? root.name.split(':', 2) : ['', root.name];
  const namespace = root.attributes[prefix ? `xmlns:${prefix}` : 'xmlns'];
  const expected = "a camt.053 'Document' (namespace urn:iso:std:iso:20022:tech:xsd:camt.053.001.NN)";
  if (localName !== 'Document') {
    throw statementMalformed(localName, `the root element is '${root.name}', expected ${expected}`, 'Document');
  }
  if (namespace === undefined || !CAMT053_NAMESPACE.test(namespace)) {
    const other = namespace !== undefined ? ISO20022_NAMESPACE.exec(namespace) : null;
    const found = other ? `a ${other[1]} message` : namespace === undefined ? 'no namespace' : `namespace ${quoteValue(namespace)}`;
    throw statementMalformed('Document', `the root element has ${found}, expected ${expected}`);
  }
}
