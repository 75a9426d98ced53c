import { statementMalformed } from './statement-parse.util';

/** One RFC 4180 record, with the file line number where it starts. */
export interface CsvRecord {
  lineNumber: number;
  fields: string[];
  /** True for a line holding nothing but blanks (no quote, no comma). */
  blank: boolean;
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const REPLACEMENT_CHAR = 0xfffd;

/** Characters that end a run of ordinary text: quote and line breaks, and the delimiter outside quotes. */
function isSpecial(c: number, quoted: boolean, delimiter: number): boolean {
  return c === QUOTE || c === CR || c === LF || c === REPLACEMENT_CHAR || (c === delimiter && !quoted);
}

enum State {
  FieldStart,
  Unquoted,
  Quoted,
  /** A quote seen inside a quoted field: either the closing quote or the first half of `""`. */
  QuoteInQuoted,
}

/**
 * Incremental RFC 4180 tokenizer: text is pushed in chunks cut anywhere (mid-line, mid-quoted
 * field, between CR and LF) and complete records come out. Line breaks are CRLF, LF or a lone CR;
 * a break inside a quoted field is kept as '\n'. Fields are separated by commas unless another
 * delimiter is given (`;` and tabs are common in bank exports). Only the record being read is held in memory,
 * and it may not grow beyond `maxRecordLength` characters (an unterminated quote would otherwise
 * swallow the rest of the file).
 */
export class CsvTokenizer {
  private state = State.FieldStart;
  private fields: string[] = [];
  private field = '';
  private line = 1;
  private recordLine = 1;
  private afterCR = false;
  private recordLength = 0;
  private sawQuoteOrComma = false;

  private readonly delimiter: number;

  constructor(
    private readonly maxRecordLength: number,
    delimiter = ',',
  ) {
    this.delimiter = delimiter.charCodeAt(0);
  }

  /** The line the tokenizer is on (for errors raised outside a record). */
  get currentLine(): number {
    return this.line;
  }

  push(text: string, out: CsvRecord[]): void {
    const length = text.length;
    let i = 0;
    while (i < length) {
      const c = text.charCodeAt(i);
      const afterCR = this.afterCR;
      this.afterCR = c === CR;
      // The LF of a CRLF: the CR already ended the record (or put '\n' in a quoted field).
      if (c === LF && afterCR) {
        i++;
        continue;
      }
      if (c === REPLACEMENT_CHAR) {
        throw statementMalformed(
          `line ${this.line}`,
          'invalid character U+FFFD: the file is not valid UTF-8 (is it encoded in Windows-1252 or Latin-1?)',
        );
      }
      const quoted = this.state === State.Quoted;
      const delimiter = this.delimiter;
      if (!isSpecial(c, quoted, delimiter)) {
        // A run of ordinary characters, appended in one slice.
        let j = i + 1;
        while (j < length && !isSpecial(text.charCodeAt(j), quoted, delimiter)) j++;
        if (this.state === State.QuoteInQuoted) {
          throw statementMalformed(
            `line ${this.line}`,
            `unexpected character '${text[i]}' after the closing quote of a field (a quote inside a quoted field is written "")`,
          );
        }
        this.countRecordLength(j - i);
        this.field += text.slice(i, j);
        if (this.state === State.FieldStart) this.state = State.Unquoted;
        this.afterCR = false;
        i = j;
        continue;
      }
      this.countRecordLength(1);
      const isBreak = c === CR || c === LF;
      switch (this.state) {
        case State.Quoted:
          if (c === QUOTE) {
            this.state = State.QuoteInQuoted;
          } else {
            // isBreak: a line break inside the quoted field
            this.field += '\n';
            this.line++;
          }
          break;
        case State.QuoteInQuoted:
          if (c === QUOTE) {
            this.field += '"';
            this.state = State.Quoted;
          } else if (c === this.delimiter) {
            this.endField();
          } else {
            this.endRecord(out);
          }
          break;
        case State.FieldStart:
        case State.Unquoted:
          if (c === this.delimiter) {
            this.sawQuoteOrComma = true;
            this.endField();
          } else if (isBreak) {
            this.endRecord(out);
          } else {
            if (this.state === State.Unquoted) {
              throw statementMalformed(
                `line ${this.line}`,
                'a quote inside an unquoted field (quote the whole field and write the quote as "")',
              );
            }
            this.sawQuoteOrComma = true;
            this.state = State.Quoted;
          }
          break;
      }
      i++;
    }
  }

  /** End of input: the last record may lack a final line break; an open quote is an error. */
  end(out: CsvRecord[]): void {
    if (this.state === State.Quoted) {
      throw statementMalformed(`line ${this.recordLine}`, 'quoted field not closed before the end of the file');
    }
    if (this.recordLength > 0 || this.fields.length > 0) this.finishRecord(out);
  }

  private countRecordLength(n: number): void {
    this.recordLength += n;
    if (this.recordLength > this.maxRecordLength) {
      throw statementMalformed(
        `line ${this.recordLine}`,
        `record longer than ${this.maxRecordLength} characters (unterminated quoted field?)`,
      );
    }
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
    this.state = State.FieldStart;
  }

  private endRecord(out: CsvRecord[]): void {
    this.finishRecord(out);
    this.line++;
    this.recordLine = this.line;
  }

  private finishRecord(out: CsvRecord[]): void {
    this.fields.push(this.field);
    const blank = !this.sawQuoteOrComma && this.fields.length === 1 && this.fields[0].trim() === '';
    out.push({ lineNumber: this.recordLine, fields: this.fields, blank });
    this.fields = [];
    this.field = '';
    this.state = State.FieldStart;
    this.recordLength = 0;
    this.sawQuoteOrComma = false;
  }
}
