import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { Dec } from './dec';
import { splitLargestRemainder } from './split-largest-remainder';

const d = (s: string): Decimal => new Dec(s);
const ds = (xs: string[]): Decimal[] => xs.map(d);
const split = (total: string, weights: string[], scale: number): string[] =>
  splitLargestRemainder(d(total), ds(weights), scale).map((p) => p.toFixed(scale));

/** Assessed percentages of 11 members, 4 decimals, summing to exactly 100. */
const SHARES = [
  '22.0000',
  '15.2540',
  '8.0330',
  '6.1110',
  '4.3180',
  '3.1890',
  '2.8750',
  '1.5000',
  '0.0010',
  '0.0010',
  '36.7180',
];

describe('splitLargestRemainder', () => {
  it.each<[string, string, string[], number, string[]]>([
    ['thirds: the first gets the extra cent', '100.00', ['1', '1', '1'], 2, ['33.34', '33.33', '33.33']],
    ['two leftover cents go to the lowest indices on a tie', '0.05', ['1', '1', '1'], 2, ['0.02', '0.02', '0.01']],
    ['one cent among three', '0.01', ['1', '1', '1'], 2, ['0.01', '0.00', '0.00']],
    ['a zero weight gets nothing', '10.00', ['1', '0', '1'], 2, ['5.00', '0.00', '5.00']],
    ['a zero weight never takes a leftover cent', '0.01', ['0', '1', '1'], 2, ['0.00', '0.01', '0.00']],
    ['one weight takes everything', '1234.56', ['7'], 2, ['1234.56']],
    ['one weight among zeros takes everything', '1234.56', ['0', '0.0001', '0'], 2, ['0.00', '1234.56', '0.00']],
    ['exact proportions need no correction', '1.00', ['1', '2', '3', '4'], 2, ['0.10', '0.20', '0.30', '0.40']],
    ['decimal weights', '1.000', ['0.5', '0.25', '0.25'], 3, ['0.500', '0.250', '0.250']],
    ['largest remainder wins over lower index', '1.00', ['1', '2'], 2, ['0.33', '0.67']],
    ['zero total', '0.00', ['1', '2'], 2, ['0.00', '0.00']],
    [
      '11 members, round total',
      '1000000.00',
      SHARES,
      2,
      [
        '220000.00',
        '152540.00',
        '80330.00',
        '61110.00',
        '43180.00',
        '31890.00',
        '28750.00',
        '15000.00',
        '10.00',
        '10.00',
        '367180.00',
      ],
    ],
    [
      '11 members, ten cents left over',
      '999.99',
      SHARES,
      2,
      ['220.00', '152.54', '80.33', '61.11', '43.18', '31.89', '28.75', '15.00', '0.01', '0.01', '367.17'],
    ],
    [
      '11 members in yen',
      '12345',
      SHARES,
      0,
      ['2716', '1883', '992', '754', '533', '394', '355', '185', '0', '0', '4533'],
    ],
    [
      '11 members, fewer cents than members',
      '0.07',
      SHARES,
      2,
      ['0.02', '0.01', '0.01', '0.00', '0.00', '0.00', '0.00', '0.00', '0.00', '0.00', '0.03'],
    ],
    [
      '11 members, dinar',
      '1234567.891',
      SHARES,
      3,
      [
        '271604.936',
        '188320.986',
        '99172.839',
        '75444.444',
        '53308.641',
        '39370.370',
        '35493.827',
        '18518.518',
        '12.346',
        '12.346',
        '453308.638',
      ],
    ],
    ['negative total mirrors the positive split', '-100.00', ['1', '1', '1'], 2, ['-33.34', '-33.33', '-33.33']],
    ['negative total, zero weight gives zero, not -0', '-0.01', ['1', '0'], 2, ['-0.01', '0.00']],
    ['total coarser than scale', '5', ['1', '1'], 2, ['2.50', '2.50']],
    [
      'beyond 20 significant digits',
      '12345678901234567890.01',
      ['1', '1'],
      2,
      ['6172839450617283945.01', '6172839450617283945.00'],
    ],
  ])('%s: %s by %j at scale %i', (_name, total, weights, scale, expected) => {
    const parts = split(total, weights, scale);
    expect(parts).toEqual(expected);
    expect(parts.reduce((sum, p) => sum.plus(p), new Dec(0)).eq(total)).toBe(true);
  });

  it('returns no negative zeros', () => {
    for (const part of splitLargestRemainder(d('-0.01'), ds(['1', '1']), 2)) {
      if (part.isZero()) expect(part.isNeg()).toBe(false);
    }
  });

  it.each<[string, string, string[], number]>([
    ['negative weight', '1.00', ['1', '-1'], 2],
    ['non-finite weight', '1.00', ['1', 'Infinity'], 2],
    ['NaN weight', '1.00', ['NaN'], 2],
    ['zero weight sum', '1.00', ['0', '0'], 2],
    ['no weights', '1.00', [], 2],
    ['total finer than the scale', '1.001', ['1'], 2],
    ['non-finite total', 'Infinity', ['1'], 2],
    ['negative scale', '1', ['1'], -1],
    ['fractional scale', '1', ['1'], 1.5],
  ])('rejects %s', (_name, total, weights, scale) => {
    expect(() => splitLargestRemainder(d(total), ds(weights), scale)).toThrow(RangeError);
  });

  it('treats -0 as a zero weight, not a negative one', () => {
    expect(split('1.00', ['-0', '1'], 2)).toEqual(['0.00', '1.00']);
  });
});

describe('splitLargestRemainder properties', () => {
  // Integer minor units turned into Decimal, never through a float.
  const scale = fc.integer({ min: 0, max: 4 });
  const totalUnits = fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n });
  const weight = fc
    .tuple(fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 10n ** 9n })), fc.integer({ min: 0, max: 6 }))
    .map(([units, dp]) => new Dec(`${units}e-${dp}`));
  const weights = fc.array(weight, { minLength: 1, maxLength: 200 }).filter((ws) => ws.some((w) => w.gt(0)));
  // Many equal weights, so that ties between remainders are common.
  const fewDistinctWeights = fc
    .array(
      fc.constantFrom('0', '1', '2', '3', '0.5', '1.5').map((w) => new Dec(w)),
      { minLength: 1, maxLength: 30 },
    )
    .filter((ws) => ws.some((w) => w.gt(0)));

  it('sums exactly to the total, stays at the scale, and is within one minor unit of each exact share', () => {
    fc.assert(
      fc.property(totalUnits, weights, scale, (units, ws, s) => {
        const total = new Dec(`${units}e-${s}`);
        const parts = splitLargestRemainder(total, ws, s);
        expect(parts).toHaveLength(ws.length);
        expect(parts.reduce((sum, p) => sum.plus(p), new Dec(0)).eq(total)).toBe(true);

        const weightSum = ws.reduce((sum, w) => sum.plus(w), new Dec(0));
        const unitTimesSum = new Dec(`1e-${s}`).times(weightSum);
        parts.forEach((part, i) => {
          expect(part.decimalPlaces()).toBeLessThanOrEqual(s);
          // |part − total·w/W| < unit  ⇔  |part·W − total·w| < unit·W, all exact products.
          expect(part.times(weightSum).minus(total.times(ws[i])).abs().lt(unitTimesSum)).toBe(true);
          // Parts take the sign of the total, and zero weights get exactly zero.
          if (ws[i].isZero()) expect(part.isZero()).toBe(true);
          else expect(part.isZero() || part.isNeg() === total.isNeg()).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('splits a negated total into exactly the negated parts', () => {
    fc.assert(
      fc.property(totalUnits, weights, scale, (units, ws, s) => {
        const positive = splitLargestRemainder(new Dec(`${units}e-${s}`), ws, s);
        const negative = splitLargestRemainder(new Dec(`${-units}e-${s}`), ws, s);
        expect(negative.map((p) => p.toFixed(s))).toEqual(positive.map((p) => p.neg().toFixed(s)));
      }),
      { numRuns: 100 },
    );
  });

  it('gives a larger weight no smaller a part, and an equal weight at a lower index no smaller a part', () => {
    fc.assert(
      fc.property(totalUnits, fc.oneof(weights, fewDistinctWeights), scale, (units, ws, s) => {
        const parts = splitLargestRemainder(new Dec(`${units}e-${s}`), ws, s).map((p) => p.abs());
        for (let i = 0; i < ws.length; i += 1) {
          for (let j = i + 1; j < ws.length; j += 1) {
            if (ws[i].gte(ws[j])) expect(parts[i].gte(parts[j])).toBe(true);
            if (ws[j].gt(ws[i])) expect(parts[j].gte(parts[i])).toBe(true);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('depends only on the ratios of the weights', () => {
    fc.assert(
      fc.property(totalUnits, weights, scale, fc.integer({ min: 2, max: 1_000 }), (units, ws, s, factor) => {
        const total = new Dec(`${units}e-${s}`);
        const a = splitLargestRemainder(total, ws, s).map((p) => p.toFixed(s));
        const b = splitLargestRemainder(
          total,
          ws.map((w) => w.times(factor).div(1_000)),
          s,
        ).map((p) => p.toFixed(s));
        expect(b).toEqual(a);
      }),
      { numRuns: 100 },
    );
  });
});
