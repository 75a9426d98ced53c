import { fundImbalances } from '../domain/balance-rule';
import { isIsoDate } from '../domain/fiscal-calendar';
import { PostCommand, priceLines } from '../entries/ledger.service';
import { seededRandom, syntheticLedger } from './synthetic-ledger';

const all = (options: Parameters<typeof syntheticLedger>[0]): PostCommand[] => [...syntheticLedger(options)];
const lineCount = (commands: PostCommand[]): number => commands.reduce((n, c) => n + c.lines.length, 0);

describe('syntheticLedger', () => {
  it.each([
    [{ seed: 1, entries: 0 }, 0],
    [{ seed: 1, entries: 1 }, 1],
    [{ seed: 7, entries: 500 }, 500],
  ])('yields exactly the entries asked for (%o)', (options, expected) => {
    expect(all(options)).toHaveLength(expected);
  });

  it.each([2, 3, 4, 5, 7, 1_000, 2_501])('yields exactly %i postings when asked for postings', (postings) => {
    const commands = all({ seed: 3, postings });
    expect(lineCount(commands)).toBe(postings);
    expect(commands.every((c) => c.lines.length >= 2 && c.lines.length <= 4)).toBe(true);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const a = JSON.stringify(all({ seed: 42, entries: 200 }));
    expect(JSON.stringify(all({ seed: 42, entries: 200 }))).toBe(a);
    expect(JSON.stringify(all({ seed: 43, entries: 200 }))).not.toBe(a);
  });

  it('balances every entry per fund once priced, and uses foreign currencies, two funds and members', () => {
    const commands = all({ seed: 11, entries: 3_000, members: ['MEX', 'GTM'], startDate: '2010-07-01', days: 30 });
    let foreign = 0;
    let twoFunds = 0;
    let withMember = 0;
    for (const c of commands) {
      const lines = priceLines(c.lines, { baseCurrency: 'USD' });
      expect(fundImbalances(lines)).toEqual([]);
      expect(isIsoDate(c.date)).toBe(true);
      expect(c.date >= '2010-07-01' && c.date <= '2010-07-30').toBe(true);
      if (lines.some((l) => l.currency !== 'USD')) foreign += 1;
      if (new Set(lines.map((l) => l.fund)).size === 2) twoFunds += 1;
      if (lines.some((l) => l.member !== undefined)) withMember += 1;
    }
    expect(foreign).toBeGreaterThan(100);
    expect(twoFunds).toBeGreaterThan(100);
    expect(withMember).toBeGreaterThan(100);
  });

  it.each([
    [{ seed: 1 }],
    [{ seed: 1, entries: 1, postings: 2 }],
    [{ seed: 1, postings: 1 }],
    [{ seed: 1, entries: -1 }],
  ])('refuses an impossible target %o', (options) => {
    expect(() => all(options)).toThrow(RangeError);
  });

  it('seededRandom gives the same stream for the same seed, in [0, 1)', () => {
    const a = seededRandom(5);
    const b = seededRandom(5);
    for (let i = 0; i < 1_000; i++) {
      const x = a();
      expect(x).toBe(b());
      expect(x >= 0 && x < 1).toBe(true);
    }
  });
});
