import { isWordChar, normalise } from './auto-match';

/**
 * The reference rule (`referencesAgree` in auto-match.ts) as PostgreSQL evaluates it, for the
 * matcher that pairs lines and postings in SQL. PostgreSQL lowers text and tells letters from
 * other characters by the database's locale; JavaScript by Unicode. Where the two could disagree
 * the SQL does not guess: a text holding a character outside `agreeingCharacters` leaves the
 * pair's agreement undecided (NULL), and the service decides it with `referencesAgree` itself.
 */

/** What PostgreSQL makes of one character: `lower(chr(cp))` and `chr(cp) ~ '[[:alnum:]]'`. */
export interface CharacterFacts {
  cp: number;
  lower: string;
  alnum: boolean;
}

/** Highest code point compared (the Basic Multilingual Plane; beyond it a text is decided in code). */
export const LAST_COMPARED_CODE_POINT = 0xffff;

/**
 * JavaScript's String.prototype.trim removes these besides the ones SQL_TRIMMED lists: a text
 * holding one is decided in code.
 */
const TRIMMED_BY_JS_ONLY = new Set([
  0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029,
  0x202f, 0x205f, 0x3000, 0xfeff,
]);
/** Characters JavaScript's trim removes that SQL's btrim is told to remove: tab, LF, VT, FF, CR, space, NBSP. */
export const SQL_TRIMMED = `chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ' || chr(160)`;
/** Lowered in context by JavaScript (final sigma): never decided in SQL. */
const CONTEXTUAL_LOWER = new Set([0x3a3]);

/**
 * The code points on which PostgreSQL and JavaScript agree — the same lower case, the same
 * letter-or-digit verdict for the character and for its lower case — as one regular-expression
 * bracket expression of `\uXXXX` ranges. A text made only of these is decided in SQL.
 */
export function agreeingCharacterClass(facts: readonly CharacterFacts[]): string {
  const byCp = new Map(facts.map((f) => [f.cp, f]));
  const agrees = (f: CharacterFacts): boolean => {
    if (TRIMMED_BY_JS_ONLY.has(f.cp) || CONTEXTUAL_LOWER.has(f.cp)) return false;
    const ch = String.fromCharCode(f.cp);
    const lower = normalise(ch);
    if (lower !== f.lower || isWordChar(ch) !== f.alnum) return false;
    if (lower === ch) return true;
    const lowered = byCp.get(lower.charCodeAt(0));
    return lowered !== undefined && lowered.lower === lower && isWordChar(lower) === lowered.alnum;
  };
  const ranges: [number, number][] = [];
  for (const f of [...facts].sort((a, b) => a.cp - b.cp)) {
    if (f.cp < 1 || f.cp > LAST_COMPARED_CODE_POINT || !agrees(f)) continue;
    const last = ranges[ranges.length - 1];
    if (last && last[1] === f.cp - 1) last[1] = f.cp;
    else ranges.push([f.cp, f.cp]);
  }
  if (ranges.length === 0) return '';
  const u = (cp: number): string => `\\u${cp.toString(16).padStart(4, '0')}`;
  return `[${ranges.map(([a, b]) => (a === b ? u(a) : `${u(a)}-${u(b)}`)).join('')}]`;
}

/** SQL: a text made only of the agreeing characters (parameter `classParam` holds the bracket expression). */
export function decidableSql(textSql: string, classParam: string): string {
  return `(${classParam} <> '' AND ${textSql} ~ ('^' || ${classParam} || '*$'))`;
}

/** SQL: a usable reference token of a raw value (trimmed, lowered, ≥ 4 characters), else NULL. */
export function tokenSql(valueSql: string, minLength: number): string {
  return `(SELECT t FROM (SELECT lower(btrim(${valueSql}, ${SQL_TRIMMED})) AS t) x WHERE char_length(t) >= ${minLength})`;
}

const ALNUM = `'[[:alnum:]]'`;

/**
 * SQL: the lowered `tokenSql` occurs in the lowered `textSql` as a whole word — containsToken.
 * The first occurrence is checked by its neighbours; only when it is not a whole word is the rest
 * of the text searched, by a regular expression built from the token.
 */
export function containsTokenSql(textSql: string, tokenSql: string): string {
  const pattern =
    `(CASE WHEN left(${tokenSql}, 1) ~ ${ALNUM} THEN '(^|[^[:alnum:]])' ELSE '' END` +
    ` || regexp_replace(${tokenSql}, '([^[:alnum:][:space:]])', '\\\\\\1', 'g')` +
    ` || CASE WHEN right(${tokenSql}, 1) ~ ${ALNUM} THEN '($|[^[:alnum:]])' ELSE '' END)`;
  return `(SELECT CASE
      WHEN o.at = 0 THEN false
      WHEN (left(${tokenSql}, 1) !~ ${ALNUM} OR substr(${textSql}, o.at - 1, 1) !~ ${ALNUM})
       AND (right(${tokenSql}, 1) !~ ${ALNUM} OR substr(${textSql}, o.at + char_length(${tokenSql}), 1) !~ ${ALNUM}) THEN true
      ELSE ${textSql} ~ ${pattern} END
    FROM (SELECT strpos(${textSql}, ${tokenSql}) AS at) o)`;
}
