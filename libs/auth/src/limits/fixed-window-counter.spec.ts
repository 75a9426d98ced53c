import { FixedWindowCounter } from './fixed-window-counter';

describe('FixedWindowCounter', () => {
  it('counts events in a window and starts again when it ends', () => {
    const c = new FixedWindowCounter(1_000);
    expect(c.add('a', 0)).toBe(1);
    expect(c.add('a', 500)).toBe(2);
    expect(c.count('a', 999)).toBe(2);
    expect(c.remainingMs('a', 400)).toBe(600);
    expect(c.count('a', 1_000)).toBe(0);
    expect(c.remainingMs('a', 1_000)).toBe(0);
    expect(c.add('a', 1_000)).toBe(1);
    expect(c.count('b', 0)).toBe(0);
  });

  it('keeps keys apart and forgets a key on reset', () => {
    const c = new FixedWindowCounter(1_000);
    c.add('a', 0);
    c.add('b', 0);
    c.add('b', 0);
    c.reset('b');
    expect([c.count('a', 1), c.count('b', 1)]).toEqual([1, 0]);
  });

  it('never holds more than its key bound: expired windows go first, then the oldest', () => {
    const c = new FixedWindowCounter(1_000, 3);
    c.add('old', 0);
    c.add('k1', 500);
    c.add('k2', 600);
    c.add('k3', 1_200); // 'old' has expired: it makes room
    expect(c.size).toBe(3);
    expect(c.count('k1', 1_200)).toBe(1);
    c.add('k4', 1_300); // nothing expired: the oldest ('k1') goes
    expect(c.size).toBe(3);
    expect(c.count('k1', 1_300)).toBe(0);
    expect(c.count('k4', 1_300)).toBe(1);
  });
});
