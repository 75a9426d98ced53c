/** One CSV record with the file line on which it starts (1-based). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

/**
 * The delimiter of a CSV file, read from its header line: a spreadsheet saved with a Spanish
 * locale separates fields with ';' (the comma being its decimal mark), otherwise ','.
 */
export function detectDelimiter(text: string): ',' | ';' {
  const end = text.search(/\r|\n/);
  const header = end === -1 ? text : text.slice(0, end);
  const commas = header.split(',').length - 1;
  const semicolons = header.split(';').length - 1;
  return semicolons > commas ? ';' : ',';
}

/**
 * Reads RFC 4180 text held in memory (the file is small and bounded before it gets here):
 * quoted fields may hold delimiters, doubled quotes and line breaks; lines end with CRLF, LF or CR.
 */
export function readCsvRecords(text: string, delimiter: ',' | ';', maxRecords: number): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  let quoted = false;
  let touched = false;
  const endRecord = (): void => {
    fields.push(field);
    if (touched || fields.length > 1 || field !== '') records.push({ line: recordLine, fields });
    if (records.length > maxRecords) throw new CsvSyntaxError(recordLine, `more than ${maxRecords} rows`);
    fields = [];
    field = '';
    touched = false;
  };
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        const next = text[i];
        if (next !== undefined && next !== delimiter && next !== '\r' && next !== '\n') {
          throw new CsvSyntaxError(
            line,
            `unexpected '${next}' after a closing quote (write a quote inside a field as "")`,
          );
        }
        continue;
      }
      if (c === '\r' || c === '\n') {
        if (c === '\r' && text[i + 1] === '\n') i++;
        field += '\n';
        line++;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"') {
      if (field !== '') throw new CsvSyntaxError(line, 'a quote inside an unquoted field (quote the whole field)');
      quoted = true;
      touched = true;
      i++;
    } else if (c === delimiter) {
      fields.push(field);
      field = '';
      touched = true;
      i++;
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
      i++;
    } else {
      field += c;
      i++;
    }
  }
  if (quoted) throw new CsvSyntaxError(recordLine, 'a quoted field is not closed before the end of the file');
  if (field !== '' || fields.length > 0 || touched) endRecord();
  return records;
}
