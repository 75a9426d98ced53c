import { fiscalPosition, fiscalYearBounds, isIsoDate } from './fiscal-calendar';

describe('fiscal calendar', () => {
  it.each([
    ['2005-01-01', 1, 2005, 1],
    ['2005-12-31', 1, 2005, 12],
    ['2005-06-30', 7, 2004, 12],
    ['2005-07-01', 7, 2005, 1],
    ['2006-03-15', 7, 2005, 9],
    ['2005-04-01', 4, 2005, 1],
  ])('%s with a year starting in month %i is FY %i period %i', (date, start, fy, period) => {
    expect(fiscalPosition(date, start)).toEqual({ fiscalYear: fy, period });
  });

  it.each([
    [2005, 1, '2005-01-01', '2005-12-31'],
    [2005, 7, '2005-07-01', '2006-06-30'],
    [2023, 3, '2023-03-01', '2024-02-29'],
  ])('FY %i starting in month %i runs %s..%s', (year, start, startsOn, endsOn) => {
    expect(fiscalYearBounds(year, start)).toEqual({ startsOn, endsOn });
  });

  it.each([
    ['2005-02-28', true],
    ['2004-02-29', true],
    ['2005-02-29', false],
    ['2005-13-01', false],
    ['2005-1-01', false],
    ['05-01-01', false],
    ['2005-01-01T00:00:00Z', false],
    ['', false],
  ])('isIsoDate(%s) = %s', (value, ok) => expect(isIsoDate(value)).toBe(ok));
});
