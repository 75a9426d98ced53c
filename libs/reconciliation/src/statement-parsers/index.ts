export type { ParsedStatement, ParsedStatementLine } from './statement.types';
export {
  parseCsvStatement,
  parseCsvStatementStream,
  parseCsvStatementBatches,
  DEFAULT_CSV_COLUMNS,
  type CsvColumnMapping,
  type CsvDateFormat,
  type CsvStatementOptions,
} from './csv-statement.parser';
export { parseCamt053, parseCamt053Stream } from './camt053.parser';
export { XML_LIMITS, type XmlLimits } from './xml-tree';
export type { ParsedStatementHeader, StatementEvent } from './statement.types';
export { statementEvents } from './statement.types';
export { parseMt940, parseMt940Stream } from './mt940.parser';
export {
  csvProfileProblems,
  CSV_DELIMITERS,
  CSV_ENCODINGS,
  MAX_SKIP_ROWS,
  type CsvEncoding,
  type CsvProfile,
  type CsvProfileColumns,
} from './csv-profile';
export { parseProfiledCsv, parseProfiledCsvStream } from './profiled-csv.parser';
export { parseXlsxStatementFile } from './xlsx-statement.parser';
export type { ProfiledStatementOptions } from './profiled-rows';
