import type Decimal from 'decimal.js';

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
  /** camt RvslInd = true */
  reversal: boolean;
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
  lines: ParsedStatementLine[];
}
