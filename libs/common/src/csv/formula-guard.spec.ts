import * as fc from 'fast-check';
import {
  FORMULA_START_CHARACTERS,
  guardFormula,
  guardFormulaOrNull,
  guardFormulaSql,
  unguardFormula,
} from './formula-guard';

describe('formula guard', () => {
  it.each<[string, string, string]>([
    ['= starts a formula', '=HYPERLINK("http://x")', `'=HYPERLINK("http://x")`],
    ['+ starts a formula', '+1+1', "'+1+1"],
    ['- starts a formula', '-2+3', "'-2+3"],
    ['@ starts a formula', '@SUM(A1)', "'@SUM(A1)"],
    ['a tab starts a formula', '\t=1', "'\t=1"],
    ['a carriage return starts a formula', '\r=1', "'\r=1"],
    ['apostrophes then a formula character get one apostrophe more', "'=1", "''=1"],
    ['however many apostrophes', "'''@x", "''''@x"],
    ['an apostrophe before plain text is left alone', "'quoted", "'quoted"],
    ['a formula character later in the text is left alone', 'Pago 1/2 = 50%', 'Pago 1/2 = 50%'],
    ['a line feed is not a formula start', '\n=1', '\n=1'],
    ['empty text', '', ''],
    ['accents', 'Contribución', 'Contribución'],
  ])('%s', (_case, raw, written) => {
    expect(guardFormula(raw)).toBe(written);
    expect(unguardFormula(written)).toBe(raw);
    expect(FORMULA_START_CHARACTERS.some((c) => written.startsWith(c))).toBe(false);
  });

  it('never writes a field that starts a formula, and reads back every text exactly', () => {
    const alphabet = fc.constantFrom("'", '=', '+', '-', '@', '\t', '\r', '\n', 'a', ' ', '"', ',', 'ñ');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 8 }), (chars) => {
        const raw = chars.join('');
        const written = guardFormula(raw);
        return unguardFormula(written) === raw && !FORMULA_START_CHARACTERS.some((c) => written.startsWith(c));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps null as null', () => {
    expect(guardFormulaOrNull(null)).toBeNull();
    expect(guardFormulaOrNull('=1')).toBe("'=1");
  });

  it('is written for SQL over the given expression (PostgreSQL runs it in an e2e test)', () => {
    expect(guardFormulaSql('e.description')).toBe(
      "CASE WHEN ascii((e.description)) IN (39, 61, 43, 45, 64, 9, 13) AND (e.description) ~ '^''*[-=+@\\t\\r]' " +
        "THEN '''' || (e.description) ELSE (e.description) END",
    );
  });
});
