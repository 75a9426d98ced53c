import { Decimal } from 'decimal.js';
import { Dec } from '@app/common';
import { PricedLine } from './posting';

export interface FundImbalance {
  fund: string;
  debitBase: Decimal;
  creditBase: Decimal;
}

/**
 * Every fund is self-balancing: within one entry, for each fund, Σ debit = Σ credit in the base
 * currency, exactly. An entry that balances in total but not per fund moves money between funds
 * without saying so, and is refused.
 */
export function fundImbalances(lines: readonly PricedLine[]): FundImbalance[] {
  const totals = new Map<string, { debit: Decimal; credit: Decimal }>();
  for (const line of lines) {
    const t = totals.get(line.fund) ?? { debit: new Dec(0), credit: new Dec(0) };
    if (line.side === 'debit') t.debit = t.debit.plus(line.amountBase);
    else t.credit = t.credit.plus(line.amountBase);
    totals.set(line.fund, t);
  }
  return [...totals.entries()]
    .filter(([, t]) => !t.debit.equals(t.credit))
    .map(([fund, t]) => ({ fund, debitBase: t.debit, creditBase: t.credit }))
    .sort((a, b) => a.fund.localeCompare(b.fund));
}
