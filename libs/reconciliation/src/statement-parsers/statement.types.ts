import type { Decimal } from 'decimal.js';

/** One movement on a bank statement, whatever the file format it came from. */
export interface ParsedStatementLine {
  /** 1-based position in the file (CSV: the file line number where the record starts; camt: entry ordinal across the file). */
  lineNumber: number;
  /** YYYY-MM-DD */
  bookingDate: string;
  /** YYYY-MM-DD */
  valueDate?: string;
  /** Always > 0; the sign is carried by `direction`. */
  amount: Decimal;
  /** credit = money into the account */
  direction: 'credit' | 'debit';
  /** ISO 4217 */
  currency: string;
  /** Best reference available (EndToEndId, remittance information, AcctSvcrRef...), '' if none. */
  reference: string;
  description: string;
  /** AcctSvcrRef / NtryRef when present: the bank's own id of the line. */
  bankReference?: string;
  /** camt RvslInd = true; MT940 RC/RD */
  reversal: boolean;
  /** A batch entry (camt Btch/NbOfTxs): how many transactions the one line stands for. */
  batchCount?: number;
}

export interface ParsedStatement {
  statementId?: string;
  accountIdentifier?: string;
  currency?: string;
  /** YYYY-MM-DD */
  fromDate?: string;
  /** YYYY-MM-DD */
  toDate?: string;
  /** Signed: negative when the camt CdtDbtInd is DBIT. */
  openingBalance?: Decimal;
  /** Signed: negative when the camt CdtDbtInd is DBIT. */
  closingBalance?: Decimal;
  /** camt GrpHdr/MsgId: the message the statement came in. */
  messageId?: string;
  /** The page of a paginated message or statement (camt MsgPgntn/StmtPgntn PgNb), when it is not the first. */
  pageNumber?: number;
  /** What was read leniently (a balance without indicator, an entry without status...). */
  warnings?: string[];
  lines: ParsedStatementLine[];
}

/** A statement's facts without its lines: what a streaming parser knows when it starts or ends one. */
export type ParsedStatementHeader = Omit<ParsedStatement, 'lines'>;

/**
 * What a streaming parser yields, in file order: a statement starts (with the facts known then:
 * its id, account, opening balance...), its lines, then its end (facts known only at the end,
 * such as MT940's closing balance or balances read from a CSV balance column, merged into the
 * start's). `where` names the statement in messages ("Stmt[2]", "line 40 (:20:)").
 */
export type StatementEvent =
  | { kind: 'start'; where: string; header: ParsedStatementHeader }
  | { kind: 'line'; line: ParsedStatementLine }
  | { kind: 'end'; header: ParsedStatementHeader };

/** The events of statements parsed whole (camt.053). */
export function* statementEvents(
  statements: readonly ParsedStatement[],
  whereOf: (index: number) => string,
): Generator<StatementEvent> {
  for (const [i, statement] of statements.entries()) {
    const { lines, ...header } = statement;
    yield { kind: 'start', where: whereOf(i), header };
    for (const line of lines) yield { kind: 'line', line };
    yield { kind: 'end', header: {} };
  }
}
