import { StringDecoder } from 'node:string_decoder';

/**
 * The package's CSV dialect: RFC 4180 fields separated by commas, records ended by "\n", a field
 * quoted when it holds a comma, a quote or a line break. One addition makes the files exact enough
 * to recompute hashes from: an absent value (SQL NULL) is an empty field, while an empty string is
 * written `""`. Spreadsheets read both as empty; the verifier tells them apart.
 */
export type CsvValue = string | null;

const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: CsvValue): string {
  if (value === null) return '';
  if (value === '' || NEEDS_QUOTES.test(value)) return `"${value.replace(/"/g, '""')}"`;
  return value;
}

export function csvRecord(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\n`;
}

interface Field {
  text: string;
  quoted: boolean;
}

/**
 * Streaming reader of that dialect: feed it chunks as they come out of the zip, take complete
 * records as they are found. Memory holds one record, never the file.
 */
export class CsvReader {
  private readonly decoder = new StringDecoder('utf8');
  private field = '';
  private quoted = false;
  private inQuotes = false;
  /** After a closing quote: the next character must end the field (or double the quote). */
  private afterQuote = false;
  private fields: Field[] = [];
  private problem: string | undefined;
  private records = 0;

  /** Returns the records completed by this chunk, each as its values (null for an unquoted empty field). */
  push(chunk: Buffer): CsvValue[][] {
    return this.consume(this.decoder.write(chunk));
  }

  /** Ends the input; a file must end with a record delimiter. */
  end(): CsvValue[][] {
    const out = this.consume(this.decoder.end());
    if (this.inQuotes) this.fail('the file ends inside a quoted field');
    else if (this.field !== '' || this.fields.length > 0 || this.quoted) this.fail('the last record has no line ending');
    return out;
  }

  error(): string | undefined {
    return this.problem;
  }

  private fail(message: string): void {
    this.problem ??= `record ${this.records + 1}: ${message}`;
  }

  private endField(): void {
    this.fields.push({ text: this.field, quoted: this.quoted });
    this.field = '';
    this.quoted = false;
    this.afterQuote = false;
  }

  private consume(text: string): CsvValue[][] {
    const out: CsvValue[][] = [];
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (this.inQuotes) {
        if (ch === '"') {
          this.inQuotes = false;
          this.afterQuote = true;
        } else this.field += ch;
        continue;
      }
      if (this.afterQuote && ch === '"') {
        // A doubled quote inside a quoted field.
        this.field += '"';
        this.inQuotes = true;
        this.afterQuote = false;
        continue;
      }
      if (ch === ',') {
        this.endField();
      } else if (ch === '\n') {
        this.endField();
        out.push(this.fields.map((f) => (f.text === '' && !f.quoted ? null : f.text)));
        this.fields = [];
        this.records += 1;
      } else if (ch === '"' && this.field === '' && !this.quoted) {
        this.inQuotes = true;
        this.quoted = true;
      } else if (this.afterQuote) {
        this.fail('characters after a closing quote');
        this.field += ch;
      } else {
        this.field += ch;
      }
    }
    return out;
  }
}
