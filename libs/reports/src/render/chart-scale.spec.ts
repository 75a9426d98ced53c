import { Dec } from '@app/common';
import { niceScale, scaleRatio } from './chart-scale';

const scale = (
  values: string[],
  ticks?: number,
): { min: string; max: string; step: string; ticks: string[]; decimals: number } => {
  const s = niceScale(
    values.map((v) => new Dec(v)),
    ticks,
  );
  return {
    min: s.min.toFixed(),
    max: s.max.toFixed(),
    step: s.step.toFixed(),
    ticks: s.ticks.map((t) => t.toFixed()),
    decimals: s.decimals,
  };
};

describe('niceScale', () => {
  it.each<[string, string[], string, string, string, number]>([
    ['members paid vs outstanding', ['250000.00', '200000.00', '50000.00'], '0', '250000', '50000', 0],
    ['cumulative collections', ['52000.00', '374000.00', '520000.00'], '0', '600000', '200000', 0],
    ['always includes zero', ['950', '1000'], '0', '1000', '200', 0],
    ['negative values', ['-120', '80'], '-150', '100', '50', 0],
    ['a 2.5 step', ['0', '11'], '0', '12.5', '2.5', 1],
    ['small percentages', ['0.3', '0.07'], '0', '0.3', '0.1', 1],
    ['all zero', ['0', '0'], '0', '1', '0.2', 1],
    ['no values', [], '0', '1', '0.2', 1],
  ])('%s', (_name, values, min, max, step, decimals) => {
    const s = scale(values);
    expect([s.min, s.max, s.step, s.decimals]).toEqual([min, max, step, decimals]);
    expect(s.ticks[0]).toBe(min);
    expect(s.ticks[s.ticks.length - 1]).toBe(max);
  });

  it('lists exact ticks', () => {
    expect(scale(['374000.00', '520000.00']).ticks).toEqual(['0', '200000', '400000', '600000']);
    expect(scale(['0', '11']).ticks).toEqual(['0', '2.5', '5', '7.5', '10', '12.5']);
  });

  it('maps values to 0..1', () => {
    const s = niceScale([new Dec('-150'), new Dec('100')]);
    expect(scaleRatio(s, new Dec(0))).toBeCloseTo(0.6, 10);
    expect(scaleRatio(s, new Dec(100))).toBe(1);
  });
});
