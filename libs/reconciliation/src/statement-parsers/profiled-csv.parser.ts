import { CsvRecord, CsvTokenizer } from './csv-tokenizer';
import { ProfiledRowReader, ProfiledStatementOptions } from './profiled-rows';
import type { ParsedStatement, StatementEvent } from './statement.types';
import { chunkDecoder } from './text-decoding';

/** Longest record accepted, in characters (an unterminated quote would otherwise swallow the file). */
const MAX_RECORD_LENGTH = 65_536;

/**
 * Reads a bank's own CSV export with the bank account's profile (delimiter, separators, date
 * format, encoding, rows before the header, columns) from chunks cut anywhere, and yields one
 * statement: its start, its lines as they are read, and its end with the balances a balance column
 * gives. Throws StatementMalformed naming the line and the column of the first row the profile does
 * not fit; lines yielded before it belong to a rejected file.
 */
export async function* parseProfiledCsvStream(
  input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  opts: ProfiledStatementOptions,
): AsyncGenerator<StatementEvent, void, undefined> {
  const reader = new ProfiledRowReader(opts, 'line');
  const tokenizer = new CsvTokenizer(MAX_RECORD_LENGTH, opts.profile.delimiter);
  const decoder = chunkDecoder(opts.profile.encoding);
  const records: CsvRecord[] = [];
  yield { kind: 'start', where: 'file', header: { currency: opts.currency } };
  const drain = function* (): Generator<StatementEvent> {
    for (const record of records) {
      const line = reader.row(record.fields, record.lineNumber);
      if (line) yield { kind: 'line', line };
    }
    records.length = 0;
  };
  for await (const chunk of input) {
    tokenizer.push(typeof chunk === 'string' ? chunk : decoder.write(chunk), records);
    yield* drain();
  }
  tokenizer.push(decoder.end(), records);
  tokenizer.end(records);
  yield* drain();
  yield { kind: 'end', header: reader.finish() };
}

/** A whole export in memory, as one statement (for tests and small files). */
export async function parseProfiledCsv(
  input: Buffer | string,
  opts: ProfiledStatementOptions,
): Promise<ParsedStatement> {
  const statement: ParsedStatement = { lines: [] };
  for await (const event of parseProfiledCsvStream([input], opts)) {
    if (event.kind === 'line') statement.lines.push(event.line);
    else Object.assign(statement, event.header);
  }
  return statement;
}
