import type { Decimal } from 'decimal.js';
import { TextDecoder } from 'node:util';
import { Dec } from '@app/common';
import { decodeWindows1252 } from './text-decoding';
import type { ParsedStatement, ParsedStatementHeader, ParsedStatementLine, StatementEvent } from './statement.types';
import { formatIsoDate, isCalendarDate, quoteValue, statementMalformed } from './statement-parse.util';

/** Longest line accepted (SWIFT lines have 65 characters; banks' own exports run longer, never this long). */
export const MAX_MT940_LINE_LENGTH = 10_000;
/** Longest field (a tag and its continuation lines): a :86: of many lines stays far below it. */
export const MAX_MT940_FIELD_LENGTH = 64 * 1024;

const TAG_LINE = /^:(\d{2}[A-Z]?|NS):(.*)$/;
/** :60F: :60M: :62F: :62M: :64: :65: — D/C mark, YYMMDD, currency, amount with a decimal comma. */
const BALANCE = /^([CD])(\d{6})([A-Z]{3})(\d{1,15}(?:[,.]\d*)?)$/;
/**
 * :61: value date YYMMDD, entry date MMDD?, mark C D RC RD, funds code?, amount, transaction type
 * (N/S/F + 3), the account owner's reference, then `//` and the bank's reference.
 */
const STATEMENT_LINE = /^(\d{6})(\d{4})?(RC|RD|C|D)([A-Z])?(\d{1,15}(?:[,.]\d*)?)([NSF][A-Z0-9]{3})(.*)$/;
const NO_REFERENCE = /^(NONREF|NOTPROVIDED)$/i;

const utf8 = new TextDecoder('utf-8', { fatal: true });

interface Field {
  tag: string;
  lineNumber: number;
  lines: string[];
  length: number;
}

interface OpenStatement {
  where: string;
  header: ParsedStatementHeader;
  /** :20: seen, then: before the first :61:, reading lines, after :62F:/:62M:. */
  phase: 'header' | 'lines' | 'closed';
  started: boolean;
  pending: ParsedStatementLine | undefined;
  closing: { value: Decimal; date: string } | undefined;
  ignoredTags: Map<string, number[]>;
}

/**
 * Streaming reader of SWIFT MT940 customer statements. Lines may end in CRLF or LF; a file may hold
 * several messages (each in SWIFT `{1:}{2:}{4:` … `-}` blocks or bare, separated by `-` lines) and
 * several statements, of one account or several. Each line is decoded as UTF-8, or as
 * Windows-1252 when it is not valid UTF-8 (banks write :86: texts in either).
 *
 * Tags read: :20: (starts a statement), :25: account, :28C: number, :60F:/:60M: opening balance,
 * :61: line, :86: its text (or, outside a line, the statement's: not kept), :62F:/:62M: closing
 * balance, :64: and :65: available balances (checked, not kept). :21: and :NS: are skipped; other
 * tags are skipped and named in the statement's warnings. Anything malformed throws
 * StatementMalformed naming the file line.
 */
export class Mt940Reader {
  private field: Field | undefined;
  private statement: OpenStatement | undefined;
  private statements = 0;
  private lineNumber = 0;
  private readonly out: StatementEvent[] = [];
  private carry: Buffer | undefined;

  /** Pushes bytes or text; returns the events completed by them. */
  push(chunk: Buffer | string): StatementEvent[] {
    if (typeof chunk === 'string') {
      this.pushBytes(Buffer.from(chunk, 'utf8'));
    } else {
      this.pushBytes(chunk);
    }
    return this.out.splice(0);
  }

  end(): StatementEvent[] {
    if (this.carry !== undefined && this.carry.length > 0) this.line(this.carry);
    this.carry = undefined;
    this.closeField();
    this.endStatement('the end of the file');
    if (this.statements === 0) {
      throw statementMalformed('line 1', 'no MT940 statement in the file (no :20: tag)');
    }
    return this.out.splice(0);
  }

  private pushBytes(bytes: Buffer): void {
    let start = 0;
    let data = bytes;
    if (this.carry !== undefined) {
      data = Buffer.concat([this.carry, bytes]);
      this.carry = undefined;
    }
    for (;;) {
      const lf = data.indexOf(0x0a, start);
      if (lf < 0) break;
      this.line(data.subarray(start, lf));
      start = lf + 1;
    }
    if (start < data.length) {
      if (data.length - start > MAX_MT940_LINE_LENGTH * 4) {
        throw statementMalformed(`line ${this.lineNumber + 1}`, `line longer than ${MAX_MT940_LINE_LENGTH} characters`);
      }
      this.carry = Buffer.from(data.subarray(start));
    }
  }

  private line(raw: Buffer): void {
    this.lineNumber++;
    let end = raw.length;
    if (end > 0 && raw[end - 1] === 0x0d) end--;
    const bytes = raw.subarray(0, end);
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      text = decodeWindows1252(bytes);
    }
    if (this.lineNumber === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.length > MAX_MT940_LINE_LENGTH) {
      throw statementMalformed(`line ${this.lineNumber}`, `line longer than ${MAX_MT940_LINE_LENGTH} characters`);
    }
    this.readLine(text);
  }

  private readLine(text: string): void {
    if (text.startsWith('{')) {
      // SWIFT blocks: `{1:…}{2:…}{4:` opens a message (its text may follow on the same line), `{5:…}` trails it.
      this.boundary();
      const body = text.lastIndexOf('{4:');
      if (body >= 0 && text.length > body + 3) this.readLine(text.slice(body + 3));
      return;
    }
    const trimmed = text.trim();
    if (trimmed === '') {
      this.closeField();
      return;
    }
    if (trimmed === '-' || trimmed.startsWith('-}') || trimmed === '}') {
      this.boundary();
      return;
    }
    const tag = TAG_LINE.exec(text);
    if (tag) {
      this.closeField();
      this.field = { tag: tag[1], lineNumber: this.lineNumber, lines: [tag[2]], length: tag[2].length };
      return;
    }
    if (this.field) {
      this.field.length += text.length;
      if (this.field.length > MAX_MT940_FIELD_LENGTH) {
        throw statementMalformed(
          `line ${this.field.lineNumber}`,
          `:${this.field.tag}: runs over ${MAX_MT940_FIELD_LENGTH} characters`,
        );
      }
      this.field.lines.push(text);
      return;
    }
    if (this.statement && this.statement.phase !== 'closed') {
      throw statementMalformed(`line ${this.lineNumber}`, `text outside any field: ${quoteValue(trimmed)}`);
    }
    // Before a message's first tag: the bank's header lines (sender, "940", receiver…), not read.
  }

  /** The end of a message: the open field and statement end; the statement must be closed by then. */
  private boundary(): void {
    this.closeField();
    if (this.statement && this.statement.phase !== 'closed') {
      throw statementMalformed(
        `line ${this.lineNumber}`,
        `the message ends before the closing balance (:62F:) of the statement begun at ${this.statement.where}`,
      );
    }
    this.endStatement('the end of the message');
  }

  private closeField(): void {
    const field = this.field;
    if (field === undefined) return;
    this.field = undefined;
    this.readField(field);
  }

  private readField(field: Field): void {
    const where = `line ${field.lineNumber}`;
    const text = field.lines[0].trim();
    if (field.tag === '20') {
      this.endStatement(`the :20: at ${where}`);
      this.statements++;
      this.statement = {
        where,
        header: text === '' ? {} : { statementId: text },
        phase: 'header',
        started: false,
        pending: undefined,
        closing: undefined,
        ignoredTags: new Map(),
      };
      return;
    }
    const statement = this.statement;
    if (statement === undefined) {
      throw statementMalformed(where, `:${field.tag}: before the statement's first tag :20:`);
    }
    switch (field.tag) {
      case '21':
      case 'NS':
        return;
      case '25':
        if (statement.phase !== 'header') throw statementMalformed(where, ':25: after the statement lines');
        if (text === '') throw statementMalformed(where, ':25: account identification is empty');
        statement.header.accountIdentifier = text;
        return;
      case '28':
      case '28C':
        if (text === '') throw statementMalformed(where, ':28C: statement number is empty');
        statement.header.statementId = text;
        return;
      case '60F':
      case '60M':
        return this.readOpening(statement, field, where, text);
      case '61':
        return this.readStatementLine(statement, field, where);
      case '86':
        if (statement.pending) {
          statement.pending.description = joinLines(field.lines);
          this.flushPending(statement);
        }
        return; // information about the whole statement: not kept
      case '62F':
      case '62M':
        return this.readClosing(statement, field, where, text);
      case '64':
      case '65':
        this.flushPending(statement);
        readBalance(text, `:${field.tag}:`, where, statement.header.currency);
        return;
      default: {
        this.flushPending(statement);
        const seen = statement.ignoredTags.get(field.tag) ?? [];
        if (seen.length < 5) seen.push(field.lineNumber);
        statement.ignoredTags.set(field.tag, seen);
      }
    }
  }

  private readOpening(statement: OpenStatement, field: Field, where: string, text: string): void {
    if (statement.phase !== 'header' || statement.header.openingBalance !== undefined) {
      throw statementMalformed(where, `:${field.tag}: the statement already has its opening balance`);
    }
    const balance = readBalance(text, `:${field.tag}:`, where, undefined);
    statement.header.openingBalance = balance.value;
    statement.header.currency = balance.currency;
  }

  private readClosing(statement: OpenStatement, field: Field, where: string, text: string): void {
    this.flushPending(statement);
    if (statement.phase === 'closed') throw statementMalformed(where, `:${field.tag}: a second closing balance`);
    if (statement.header.openingBalance === undefined) {
      throw statementMalformed(where, `:${field.tag}: closing balance before the opening balance (:60F:)`);
    }
    const balance = readBalance(text, `:${field.tag}:`, where, statement.header.currency);
    this.start(statement);
    statement.closing = { value: balance.value, date: balance.date };
    statement.phase = 'closed';
  }

  private readStatementLine(statement: OpenStatement, field: Field, where: string): void {
    this.flushPending(statement);
    if (statement.phase === 'closed') throw statementMalformed(where, ':61: after the closing balance (:62F:)');
    if (statement.header.openingBalance === undefined || statement.header.currency === undefined) {
      throw statementMalformed(where, ':61: before the opening balance (:60F:)');
    }
    this.start(statement);
    statement.phase = 'lines';
    statement.pending = readStatementLine(field, where, statement.header.currency);
  }

  /** The statement's start is told once its header is known: at its first line, or at its closing balance. */
  private start(statement: OpenStatement): void {
    if (statement.started) return;
    statement.started = true;
    this.out.push({ kind: 'start', where: `${statement.where} (:20:)`, header: { ...statement.header } });
  }

  private flushPending(statement: OpenStatement): void {
    if (statement.pending === undefined) return;
    this.out.push({ kind: 'line', line: statement.pending });
    statement.pending = undefined;
  }

  private endStatement(what: string): void {
    const statement = this.statement;
    if (statement === undefined) return;
    this.statement = undefined;
    if (statement.phase !== 'closed' || statement.closing === undefined) {
      throw statementMalformed(statement.where, `the statement has no closing balance (:62F:) before ${what}`);
    }
    this.flushPending(statement);
    // The closing balance's date is the statement's: its last day.
    const header: ParsedStatementHeader = { closingBalance: statement.closing.value, toDate: statement.closing.date };
    if (statement.ignoredTags.size > 0) {
      header.warnings = [...statement.ignoredTags].map(
        ([tag, lines]) => `${statement.where} (:20:): tag :${tag}: is not read (line ${lines.join(', ')})`,
      );
    }
    this.out.push({ kind: 'end', header });
  }
}

function readBalance(
  text: string,
  tag: string,
  where: string,
  currency: string | undefined,
): { value: Decimal; date: string; currency: string } {
  const m = BALANCE.exec(text.replace(/\s+$/, ''));
  if (!m) {
    throw statementMalformed(
      where,
      `${tag} ${quoteValue(text)} is not a balance: C or D, date YYMMDD, currency, amount with a decimal comma (C240331EUR1234,56)`,
    );
  }
  const date = swiftDate(m[2], where, tag);
  if (currency !== undefined && m[3] !== currency) {
    throw statementMalformed(where, `${tag} is in ${m[3]}; the statement's opening balance is in ${currency}`);
  }
  const amount = swiftAmount(m[4]);
  return { value: m[1] === 'D' && !amount.isZero() ? amount.neg() : amount, date, currency: m[3] };
}

function readStatementLine(field: Field, where: string, currency: string): ParsedStatementLine {
  const first = field.lines[0].trim();
  const m = STATEMENT_LINE.exec(first);
  if (!m) {
    throw statementMalformed(
      where,
      `:61: ${quoteValue(first)} is not a statement line: value date YYMMDD, entry date MMDD (optional), C D RC or RD, amount with a decimal comma, type (NTRF…), reference`,
    );
  }
  const [, valueText, entryText, mark, , amountText, , rest] = m;
  const valueDate = swiftDate(valueText, where, ':61: value date');
  let bookingDate = valueDate;
  if (entryText !== undefined) bookingDate = entryDate(entryText, valueDate, where);
  const amount = swiftAmount(amountText);
  if (amount.isZero()) throw statementMalformed(where, `:61: amount ${quoteValue(amountText)} is zero`);
  const split = rest.indexOf('//');
  const ownerRef = (split >= 0 ? rest.slice(0, split) : rest).trim();
  const bankRef = split >= 0 ? rest.slice(split + 2).trim() : '';
  const supplementary = field.lines
    .slice(1)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join(' ');
  const line: ParsedStatementLine = {
    lineNumber: field.lineNumber,
    bookingDate,
    valueDate,
    amount,
    // RC: a credit reversed (money out); RD: a debit reversed (money in).
    direction: mark === 'C' || mark === 'RD' ? 'credit' : 'debit',
    currency,
    reference: NO_REFERENCE.test(ownerRef) ? '' : ownerRef,
    description: supplementary,
    reversal: mark === 'RC' || mark === 'RD',
  };
  if (bankRef !== '' && !NO_REFERENCE.test(bankRef)) line.bankReference = bankRef;
  return line;
}

/** The :86: text in one string: lines cut at the field width are joined as they were, shorter ones with a space. */
function joinLines(lines: readonly string[]): string {
  let text = '';
  for (const [i, line] of lines.entries()) {
    if (i > 0 && lines[i - 1].length < 65) text += ' ';
    text += line;
  }
  return text.trim();
}

/** After :86: is known, the line's reference falls back on the end-to-end id it names (/EREF/… or EREF+…). */
export function endToEndReference(description: string): string | undefined {
  const m = /\/EREF\/([^/]+?)(?:\/[A-Z]{2,4}\/|$)/.exec(description) ?? /EREF\+([^?]+)/.exec(description);
  const ref = m?.[1].trim();
  return ref && !NO_REFERENCE.test(ref) ? ref : undefined;
}

function swiftDate(text: string, where: string, what: string): string {
  const year = 2000 + Number(text.slice(0, 2));
  const month = Number(text.slice(2, 4));
  const day = Number(text.slice(4, 6));
  if (!isCalendarDate(year, month, day))
    throw statementMalformed(where, `${what} ${quoteValue(text)} is not a date YYMMDD`);
  return formatIsoDate(year, month, day);
}

/** The entry date MMDD, in the year that puts it nearest the value date (a line valued 31 Dec may be booked 2 Jan). */
function entryDate(text: string, valueDate: string, where: string): string {
  const month = Number(text.slice(0, 2));
  const day = Number(text.slice(2, 4));
  const valueYear = Number(valueDate.slice(0, 4));
  const valueDay = Date.parse(`${valueDate}T00:00:00Z`);
  let best: { iso: string; distance: number } | undefined;
  for (const year of [valueYear - 1, valueYear, valueYear + 1]) {
    if (!isCalendarDate(year, month, day)) continue;
    const iso = formatIsoDate(year, month, day);
    const distance = Math.abs(Date.parse(`${iso}T00:00:00Z`) - valueDay);
    if (best === undefined || distance < best.distance) best = { iso, distance };
  }
  if (best === undefined) throw statementMalformed(where, `:61: entry date ${quoteValue(text)} is not a date MMDD`);
  return best.iso;
}

/** `1234,56`, `1234,` and `1234` (SWIFT writes a decimal comma; some banks write a point). */
function swiftAmount(text: string): Decimal {
  const normal = text.replace(',', '.');
  return new Dec(normal.endsWith('.') ? normal.slice(0, -1) : normal);
}

/**
 * Reads MT940 from chunks (a chunk may end anywhere) and yields its statements' events. Lines
 * yielded before a malformed part belong to a rejected file: the consumer must discard them.
 */
export async function* parseMt940Stream(
  input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
): AsyncGenerator<StatementEvent, void, undefined> {
  const reader = new Mt940Reader();
  const lineFixer = new ReferenceFromDetails();
  for await (const chunk of input) {
    for (const event of reader.push(chunk)) yield lineFixer.fix(event);
  }
  for (const event of reader.end()) yield lineFixer.fix(event);
}

/** Lines are yielded once their :86: is read: a line without reference takes the end-to-end id its text names. */
class ReferenceFromDetails {
  fix(event: StatementEvent): StatementEvent {
    if (event.kind === 'line' && event.line.reference === '') {
      const ref = endToEndReference(event.line.description);
      if (ref !== undefined) event.line.reference = ref;
    }
    return event;
  }
}

/** A whole MT940 text or file in memory, as statements (for tests and small files). */
export function parseMt940(input: string | Buffer): ParsedStatement[] {
  const reader = new Mt940Reader();
  const fixer = new ReferenceFromDetails();
  const statements: ParsedStatement[] = [];
  for (const event of [...reader.push(input), ...reader.end()]) {
    const e = fixer.fix(event);
    if (e.kind === 'start') statements.push({ ...e.header, lines: [] });
    else if (e.kind === 'line') statements[statements.length - 1].lines.push(e.line);
    else Object.assign(statements[statements.length - 1], e.header);
  }
  return statements;
}
