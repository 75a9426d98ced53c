export type { ParsedStatement, ParsedStatementLine } from './statement.types';
export {
  parseCsvStatement,
  parseCsvStatementStream,
  DEFAULT_CSV_COLUMNS,
  type CsvColumnMapping,
  type CsvDateFormat,
  type CsvStatementOptions,
} from './csv-statement.parser';
export { parseCamt053 } from './camt053.parser';
