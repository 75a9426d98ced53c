/**
 * The formula guard of every CSV file the product writes (CSV injection): a spreadsheet opening a
 * CSV runs a text field that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a
 * formula (`=HYPERLINK(…)` leaks the sheet, `=cmd|…` starts a program). Such a field gets one
 * apostrophe in front, which spreadsheets show as text and never evaluate.
 *
 * The rule is reversible, so a file stays exact enough to recompute hashes from: a field that
 * already starts with apostrophes followed by one of those characters (`'=x`) gets one apostrophe
 * more too. Reading back: a field made of one or more apostrophes then one of those characters
 * loses its first apostrophe; every other field is the value itself.
 *
 * Only text is guarded: numbers (a negative balance) are written as they are. JSON exports keep the
 * raw text — JSON is not opened as a spreadsheet. The same rule exists as a SQL expression for the
 * files PostgreSQL writes itself (COPY); formula-guard.spec.ts and an e2e test check that the two agree.
 */

/** Characters a spreadsheet reads, at the start of a cell, as the start of a formula. */
export const FORMULA_START_CHARACTERS = ['=', '+', '-', '@', '\t', '\r'] as const;

/** What a guarded field starts with. */
export const FORMULA_GUARD_PREFIX = "'";

const NEEDS_GUARD = /^'*[=+\-@\t\r]/;
const GUARDED = /^'+[=+\-@\t\r]/;

/** The field as written: one apostrophe in front of text a spreadsheet would run. */
export function guardFormula(text: string): string {
  return NEEDS_GUARD.test(text) ? `${FORMULA_GUARD_PREFIX}${text}` : text;
}

/** The raw value of a field written by `guardFormula` (any field: the others are returned as they are). */
export function unguardFormula(field: string): string {
  return GUARDED.test(field) ? field.slice(FORMULA_GUARD_PREFIX.length) : field;
}

/** `guardFormula` for a nullable value (NULL stays NULL: an empty field). */
export function guardFormulaOrNull(text: string | null): string | null {
  return text === null ? null : guardFormula(text);
}

/** First characters worth a closer look: the apostrophe and the formula characters, as code points. */
const FORMULA_FIRST_CODES = [FORMULA_GUARD_PREFIX, ...FORMULA_START_CHARACTERS].map((c) => c.codePointAt(0)).join(', ');
/**
 * NEEDS_GUARD as a PostgreSQL regular-expression literal; `\t` and `\r` stand for a tab and a carriage
 * return to PostgreSQL's regular expressions (and to its string literals, were standard_conforming_strings off).
 */
const SQL_NEEDS_GUARD = `'^''*[-=+@\\t\\r]'`;

/**
 * The same rule as a SQL expression over a text `expression` (a column, never user input), for a
 * `COPY (SELECT …) TO STDOUT` that writes the file itself: streaming stays in PostgreSQL and memory
 * stays flat. NULL stays NULL. `ascii()` looks at the first character only, so the regular
 * expression runs on the rare field that starts with an apostrophe or a formula character.
 */
export function guardFormulaSql(expression: string): string {
  const e = `(${expression})`;
  return `CASE WHEN ascii(${e}) IN (${FORMULA_FIRST_CODES}) AND ${e} ~ ${SQL_NEEDS_GUARD} THEN '${FORMULA_GUARD_PREFIX}${FORMULA_GUARD_PREFIX}' || ${e} ELSE ${e} END`;
}
