import { SampledLog } from './sampled-log';

describe('SampledLog', () => {
  it('writes up to its limit per window, then reports how many it left out', () => {
    const lines: [Record<string, unknown>, string][] = [];
    const log = new SampledLog((fields, message) => lines.push([fields, message]), 2, 1_000);
    for (let i = 0; i < 5; i++) log.write(100 + i, { i }, 'rejected');
    expect(lines).toEqual([
      [{ i: 0 }, 'rejected'],
      [{ i: 1 }, 'rejected'],
    ]);
    log.write(1_100, { i: 5 }, 'rejected');
    expect(lines.slice(2)).toEqual([
      [{ suppressed: 3 }, '3 more like it left out of the log'],
      [{ i: 5 }, 'rejected'],
    ]);
  });

  it('holds a flood of a million lines to its limit', () => {
    let written = 0;
    const log = new SampledLog(() => (written += 1), 20, 60_000);
    // A million lines over 100 s: two windows of 20 lines, plus one line counting the first one's rest.
    for (let i = 0; i < 1_000_000; i++) log.write(i / 10, { i }, 'rejected');
    expect(written).toBe(20 + 1 + 20);
  });
});
