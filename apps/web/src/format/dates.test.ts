import { describe, expect, it } from 'vitest';
import { formatDate, formatShortDate, isIsoDate, parseIsoDate, todayIso } from './dates';

describe('formatDate: the long form of the API reports', () => {
  it.each<[string, 'es' | 'en', string]>([
    ['2005-06-30', 'es', '30 de junio de 2005'],
    ['2005-06-30', 'en', '30 June 2005'],
    ['2004-01-01', 'es', '1 de enero de 2004'],
    ['2004-01-01', 'en', '1 January 2004'],
    ['2024-02-29', 'es', '29 de febrero de 2024'],
    ['2005-12-31', 'en', '31 December 2005'],
  ])('%s (%s) → %s', (date, lang, expected) => {
    expect(formatDate(date, lang)).toBe(expected);
  });
});

describe('formatShortDate: tables', () => {
  it.each<[string, 'es' | 'en', string]>([
    ['2005-06-30', 'es', '30 jun 2005'],
    ['2005-06-30', 'en', '30 Jun 2005'],
    ['2005-01-05', 'es', '5 ene 2005'],
    ['2005-12-31', 'en', '31 Dec 2005'],
  ])('%s (%s) → %s', (date, lang, expected) => {
    expect(formatShortDate(date, lang)).toBe(expected);
  });
});

describe('calendar dates, no time zone', () => {
  it.each(['2005-02-30', '2005-13-01', '05-06-30', '2005-6-30', '', '2005-06-30T00:00:00Z'])('refuses %j', (value) => {
    expect(isIsoDate(value)).toBe(false);
    expect(() => parseIsoDate(value)).toThrow(RangeError);
  });

  it('keeps the calendar day whatever the reader’s time zone (the day is read in UTC)', () => {
    expect(parseIsoDate('2005-01-01').toISOString()).toBe('2005-01-01T00:00:00.000Z');
    expect(todayIso(new Date('2005-06-30T23:59:59Z'))).toBe('2005-06-30');
  });
});
