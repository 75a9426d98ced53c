import { Dec } from '@app/common';
import { honourRoll, isListed, PositionFigures, statusFigures, totalFigures } from './status-figures';

const position = (over: Partial<PositionFigures> = {}): PositionFigures => ({
  assessed: '1000.00',
  paid: '600.00',
  writtenOff: '100.00',
  outstanding: '300.00',
  arrears: '250.00',
  ...over,
});

describe('isListed', () => {
  it.each<[string, string, PositionFigures | undefined, string, boolean]>([
    ['joined before the date, nothing yet', '2020-01-01', undefined, '0', true],
    ['joined on the date', '2026-03-31', undefined, '0', true],
    ['joins after the date, nothing assessed or received: not yet listed', '2026-04-01', undefined, '0', false],
    ['joins after the date with an assessment (an opening position)', '2026-04-01', position(), '0', true],
    ['joins after the date, money already received (an advance)', '2026-04-01', undefined, '50.00', true],
  ])('%s', (_, joinedOn, p, received, expected) =>
    expect(isListed(joinedOn, '2026-03-31', p, new Dec(received))).toBe(expected),
  );
});

describe('statusFigures', () => {
  it.each<[string, PositionFigures | undefined, string, Record<string, string>]>([
    [
      'everything received applied: no advance',
      position(),
      '600.00',
      { assessed: '1000', paid: '600', writtenOff: '100', outstanding: '300', advance: '0', arrears: '250' },
    ],
    [
      'received more than applied: the rest is an advance',
      position(),
      '725.50',
      { assessed: '1000', paid: '600', writtenOff: '100', outstanding: '300', advance: '125.5', arrears: '250' },
    ],
    [
      'nothing assessed yet, money received: all of it an advance',
      undefined,
      '80.00',
      { assessed: '0', paid: '0', writtenOff: '0', outstanding: '0', advance: '80', arrears: '0' },
    ],
  ])('%s', (_, p, received, expected) => {
    const f = statusFigures('CR', '2026-03-31', p, new Dec(received));
    expect(Object.fromEntries(Object.entries(f).map(([k, v]) => [k, v.toFixed()]))).toEqual(expected);
  });

  it('applied more than received is a broken ledger, never a negative advance', () => {
    expect(() => statusFigures('GT', '2026-03-31', position({ paid: '600.01' }), new Dec('600.00'))).toThrow(
      'invariant: GT has applied more than it paid as at 2026-03-31 (advance -0.01)',
    );
  });
});

describe('totalFigures', () => {
  it('each figure summed over the members, exactly (no float)', () => {
    const members = [
      statusFigures('A', '2026-03-31', position({ paid: '0.10', outstanding: '0.20' }), new Dec('0.30')),
      statusFigures('B', '2026-03-31', position({ paid: '0.20', outstanding: '0.10' }), new Dec('0.20')),
      statusFigures('C', '2026-03-31', undefined, new Dec('0.01')),
    ];
    const t = totalFigures(members);
    expect(Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v.toFixed(2)]))).toEqual({
      assessed: '2000.00',
      paid: '0.30',
      writtenOff: '200.00',
      outstanding: '0.30',
      advance: '0.21',
      arrears: '500.00',
    });
  });

  it('no member: zeros', () => {
    expect(Object.values(totalFigures([])).map((v) => v.toFixed())).toEqual(['0', '0', '0', '0', '0', '0']);
  });
});

describe('honourRoll', () => {
  it.each<[string, string | null, string | null, boolean]>([
    ['paid in full on the day it fell due', '2026-01-01', '2026-01-01', true],
    ['paid in full on the last day allowed (30 days)', '2026-01-31', '2026-01-01', true],
    ['paid in full a day late', '2026-02-01', '2026-01-01', false],
    ['not paid in full', null, '2026-01-01', false],
    ['never fell due', '2026-01-10', null, false],
    ['across a leap day', '2024-03-01', '2024-01-31', true],
  ])('%s', (_, paidInFullOn, dueFrom, listed) => {
    const roll = honourRoll([{ member: 'CR', fiscalYear: 2026, paidInFullOn, dueFrom }], 30);
    expect(roll).toEqual(listed ? [{ member: 'CR', fiscalYear: 2026, paidInFullOn }] : []);
  });

  it('keeps the candidates’ order', () => {
    const roll = honourRoll(
      [
        { member: 'PA', fiscalYear: 2025, paidInFullOn: '2025-01-05', dueFrom: '2025-01-01' },
        { member: 'BZ', fiscalYear: 2025, paidInFullOn: '2025-06-01', dueFrom: '2025-01-01' },
        { member: 'CR', fiscalYear: 2026, paidInFullOn: '2026-01-02', dueFrom: '2026-01-01' },
      ],
      30,
    );
    expect(roll.map((r) => r.member)).toEqual(['PA', 'CR']);
  });
});
