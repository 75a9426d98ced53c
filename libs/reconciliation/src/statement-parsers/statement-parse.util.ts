import { DomainError, ErrorCode } from '@app/common';

/**
 * The one error the statement parsers throw for a bad file. `where` names the place in the file
 * ("line 7", "Stmt[1]/Ntry[3]/Amt") and leads the message; `field` defaults to it.
 */
export function statementMalformed(where: string, message: string, field: string = where): DomainError {
  return new DomainError(ErrorCode.StatementMalformed, `${where}: ${message}`, [{ field, message }]);
}

/** Quotes a value from the file for an error message, shortened so a garbage field cannot flood a log. */
export function quoteValue(value: string): string {
  const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  return `'${shown}'`;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** True for a real Gregorian calendar date (2005-02-30 is not one). Year 0001..9999. */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || year < 1 || year > 9999) return false;
  if (!Number.isInteger(month) || month < 1 || month > 12) return false;
  const max = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
  return Number.isInteger(day) && day >= 1 && day <= max;
}

export function formatIsoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
