import fc from 'fast-check';
import { dayNumber, formatDate, formatMonthYear, formatShortDate, isIsoDate, parseIsoDate } from './date-format';

describe('formatDate', () => {
  it.each<[string, 'es' | 'en', string]>([
    ['2026-11-29', 'es', '29 de noviembre de 2026'],
    ['2026-11-29', 'en', '29 November 2026'],
    ['2004-12-01', 'es', '1 de diciembre de 2004'],
    ['2004-12-01', 'en', '1 December 2004'],
    ['2028-02-29', 'es', '29 de febrero de 2028'],
    ['2026-09-30', 'es', '30 de septiembre de 2026'],
  ])('%s (%s) → %s', (date, lang, expected) => {
    expect(formatDate(date, lang)).toBe(expected);
  });

  it.each<[string, 'es' | 'en', string, string]>([
    ['2026-11-29', 'es', 'noviembre de 2026', '29 nov. 2026'],
    ['2026-11-29', 'en', 'November 2026', '29 Nov 2026'],
  ])('short forms of %s (%s)', (date, lang, monthYear, short) => {
    expect(formatMonthYear(date, lang)).toBe(monthYear);
    expect(formatShortDate(date, lang)).toBe(short);
  });

  it.each<[string]>([
    ['2026-02-29'],
    ['2026-13-01'],
    ['2026-04-31'],
    ['2026-1-5'],
    ['29/11/2026'],
    ['2026-11-29T00:00:00Z'],
    [''],
  ])('refuses %p', (value) => {
    expect(() => parseIsoDate(value)).toThrow(RangeError);
    expect(isIsoDate(value)).toBe(false);
  });

  it('counts days like Date.UTC does (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 200_000 }), (days) => {
        const iso = new Date(days * 86_400_000).toISOString().slice(0, 10);
        expect(dayNumber(iso)).toBe(days);
      }),
    );
  });
});
