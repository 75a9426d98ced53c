import { describe, expect, it } from 'vitest';
import { duplicates, isComplete, parseScale } from './scale';

describe('parseScale: a scale of assessments pasted from a spreadsheet or typed', () => {
  it.each<[string, string, { rows: [string, string][]; sum: string; remaining: string; rejected: number }]>([
    [
      'tab-separated, as a spreadsheet copies it',
      'MEX\t62.5\nGTM\t37.5',
      {
        rows: [
          ['MEX', '62.5'],
          ['GTM', '37.5'],
        ],
        sum: '100.0',
        remaining: '0.0',
        rejected: 0,
      },
    ],
    [
      'semicolons, decimal commas and percent signs',
      'mex; 12,5 %\nGTM;87,5%',
      {
        rows: [
          ['MEX', '12.5'],
          ['GTM', '87.5'],
        ],
        sum: '100.0',
        remaining: '0.0',
        rejected: 0,
      },
    ],
    [
      'a header row and blank lines',
      'Miembro\tCuota\n\nMEX\t50\n',
      { rows: [['MEX', '50']], sum: '50', remaining: '50', rejected: 1 },
    ],
    [
      'thirds to four decimals: exact, not a float',
      'MEX\t33.3333\nGTM\t33.3333\nBLZ\t33.3334',
      {
        rows: [
          ['MEX', '33.3333'],
          ['GTM', '33.3333'],
          ['BLZ', '33.3334'],
        ],
        sum: '100.0000',
        remaining: '0.0000',
        rejected: 0,
      },
    ],
    [
      '0.1 + 0.2 is 0.3',
      'MEX\t0.1\nGTM\t0.2',
      {
        rows: [
          ['MEX', '0.1'],
          ['GTM', '0.2'],
        ],
        sum: '0.3',
        remaining: '99.7',
        rejected: 0,
      },
    ],
    [
      'over 100',
      'MEX\t60\nGTM\t50',
      {
        rows: [
          ['MEX', '60'],
          ['GTM', '50'],
        ],
        sum: '110',
        remaining: '-10',
        rejected: 0,
      },
    ],
    [
      'five decimals or a code of two letters are refused',
      'MEX\t12.34567\nMX\t10',
      { rows: [], sum: '0', remaining: '100', rejected: 2 },
    ],
  ])('%s', (_name, text, expected) => {
    const scale = parseScale(text);
    expect(scale.rows.map((r) => [r.member, r.share])).toEqual(expected.rows);
    expect(scale.sum).toBe(expected.sum);
    expect(scale.remaining).toBe(expected.remaining);
    expect(scale.rejected).toHaveLength(expected.rejected);
  });

  it('is complete only at exactly 100, with nothing refused and no member twice', () => {
    expect(isComplete(parseScale('MEX\t60\nGTM\t40'))).toBe(true);
    expect(isComplete(parseScale('MEX\t60\nGTM\t39.9999'))).toBe(false);
    expect(isComplete(parseScale('MEX\t60\nGTM\t40\nheader'))).toBe(false);
    expect(isComplete(parseScale('MEX\t60\nMEX\t40'))).toBe(false);
    expect(duplicates(parseScale('MEX\t60\nMEX\t40').rows)).toEqual(['MEX']);
  });
});
