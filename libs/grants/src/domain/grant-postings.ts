import { Decimal } from 'decimal.js';
import { Dec, toBase } from '@app/common';
import { bankLine, BankLineAccount, PostingLine } from '@app/ledger';

/**
 * The journal lines of a grant's life, as pure functions of figures the service has read under
 * the grant's lock. Accounts: 1200 grants receivable, 2200 deferred revenue (conditional grants),
 * 4200 voluntary contributions, 4500 / 5600 FX gain / loss. Every line is in the grant's own fund.
 */
export const ACCOUNTS = {
  receivable: '1200',
  deferred: '2200',
  revenue: '4200',
  fxGain: '4500',
  fxLoss: '5600',
  defaultExpense: '5300',
} as const;

export type GrantKind = 'restricted' | 'conditional';
export const GRANT_KINDS: readonly GrantKind[] = ['restricted', 'conditional'];

/** Where the pledge is credited: revenue at once (restricted), or deferred until the condition is met. */
export const pledgeCreditAccount = (kind: GrantKind): string =>
  kind === 'restricted' ? ACCOUNTS.revenue : ACCOUNTS.deferred;

export interface Money {
  amount: Decimal;
  currency: string;
  /** Base units per unit of `currency`; undefined when `currency` is the base currency. */
  rate?: Decimal;
}

export const rateOrOne = (m: Money): Decimal => m.rate ?? new Dec(1);
export const baseOf = (m: Money, baseCurrency: string): Decimal => toBase(m.amount, rateOrOne(m), baseCurrency);

/** Pledge recognition: Dr 1200 / Cr 4200 (restricted) or Cr 2200 (conditional), in the grant's currency. */
export function pledgeLines(grant: string, kind: GrantKind, pledge: Money): PostingLine[] {
  const common = { fund: grant, grant, amount: pledge.amount, currency: pledge.currency, rate: pledge.rate };
  return [
    { ...common, account: ACCOUNTS.receivable, side: 'debit' },
    { ...common, account: pledgeCreditAccount(kind), side: 'credit' },
  ];
}

export interface ReceiptInput {
  grant: string;
  baseCurrency: string;
  /** The pledge in the grant's currency at the rate it was recognised (the receivable's carrying rate). */
  pledgeRate?: Decimal;
  grantCurrency: string;
  /** What arrived in the bank. */
  received: Money;
  bank: BankLineAccount;
  /** The part of the pledge (grant currency) this tranche settles. */
  settles: Decimal;
  /** Pledge still to be received, in the grant's currency, before this tranche. */
  outstandingBefore: Decimal;
  /** The receivable's base-currency balance in the grant's fund before this tranche. */
  receivableBaseBefore: Decimal;
}

export interface ReceiptPlan {
  lines: PostingLine[];
  receivedBase: Decimal;
  /** Base value of the receivable cleared (the last tranche clears what is left, to the cent). */
  clearedBase: Decimal;
  /** received − cleared: > 0 an FX gain (4500), < 0 a loss (5600). */
  fxDifferenceBase: Decimal;
  final: boolean;
}

/**
 * A tranche: Dr bank (what arrived, in its currency) / Cr 1200 (the part of the pledge it settles,
 * at the pledge's rate). The difference in base currency between the two is an exchange gain or
 * loss of the grant's fund. The tranche that settles the last of the pledge clears the whole
 * remaining base balance of the receivable, so rounding of earlier tranches never leaves cents
 * behind: any such cent is a base-currency line on 1200 and is part of the FX difference.
 * Precondition (checked by the caller, a 409): 0 < settles ≤ outstandingBefore.
 */
export function receiptPlan(input: ReceiptInput): ReceiptPlan {
  const { grant, baseCurrency } = input;
  if (input.settles.lte(0) || input.settles.gt(input.outstandingBefore)) {
    throw new RangeError(
      `a tranche must settle between 0 and ${input.outstandingBefore.toFixed()}, not ${input.settles.toFixed()}`,
    );
  }
  const final = input.settles.equals(input.outstandingBefore);
  const receivedBase = baseOf(input.received, baseCurrency);
  const clearedAtPledgeRate = toBase(input.settles, input.pledgeRate ?? new Dec(1), baseCurrency);
  const clearedBase = final ? input.receivableBaseBefore : clearedAtPledgeRate;
  const lines: PostingLine[] = [
    bankLine(input.bank, grant, 'debit', { ...input.received, amountBase: receivedBase }, baseCurrency, { grant }),
    {
      account: ACCOUNTS.receivable,
      fund: grant,
      side: 'credit',
      amount: input.settles,
      currency: input.grantCurrency,
      rate: input.pledgeRate,
      grant,
    },
  ];
  const rounding = clearedBase.minus(clearedAtPledgeRate);
  if (!rounding.isZero()) {
    lines.push({
      account: ACCOUNTS.receivable,
      fund: grant,
      side: rounding.gt(0) ? 'credit' : 'debit',
      amount: rounding.abs(),
      grant,
    });
  }
  const fxDifferenceBase = receivedBase.minus(clearedBase);
  if (fxDifferenceBase.gt(0)) {
    lines.push({ account: ACCOUNTS.fxGain, fund: grant, side: 'credit', amount: fxDifferenceBase, grant });
  } else if (fxDifferenceBase.lt(0)) {
    lines.push({ account: ACCOUNTS.fxLoss, fund: grant, side: 'debit', amount: fxDifferenceBase.abs(), grant });
  }
  return { lines, receivedBase, clearedBase, fxDifferenceBase, final };
}

export interface ExpenditureInput {
  grant: string;
  kind: GrantKind;
  baseCurrency: string;
  paid: Money;
  expenseAccount: string;
  budgetLine: string;
  bank: BankLineAccount;
  /** Conditional grants: the deferred revenue (2200, credit balance, base) still to recognise. */
  deferredBaseBefore: Decimal;
}

export interface ExpenditurePlan {
  lines: PostingLine[];
  spentBase: Decimal;
  /** Conditional grants: revenue recognised because this spending meets the condition. */
  revenueRecognisedBase: Decimal;
}

/**
 * Dr expense / Cr bank, both tagged with the grant and the budget line. For a conditional grant
 * the spending is what meets the condition (IPSAS 23): the same base amount moves from deferred
 * revenue to revenue, never more than is still deferred.
 */
export function expenditurePlan(input: ExpenditureInput): ExpenditurePlan {
  const { grant, budgetLine } = input;
  const spentBase = baseOf(input.paid, input.baseCurrency);
  const money = { amount: input.paid.amount, currency: input.paid.currency, rate: input.paid.rate };
  const lines: PostingLine[] = [
    { ...money, account: input.expenseAccount, fund: grant, side: 'debit', grant, budgetLine },
    bankLine(input.bank, grant, 'credit', { ...money, amountBase: spentBase }, input.baseCurrency, { grant, budgetLine }),
  ];
  let revenueRecognisedBase = new Dec(0);
  if (input.kind === 'conditional' && input.deferredBaseBefore.gt(0)) {
    revenueRecognisedBase = Dec.min(spentBase, input.deferredBaseBefore);
    lines.push(
      { account: ACCOUNTS.deferred, fund: grant, side: 'debit', amount: revenueRecognisedBase, grant, budgetLine },
      { account: ACCOUNTS.revenue, fund: grant, side: 'credit', amount: revenueRecognisedBase, grant, budgetLine },
    );
  }
  return { lines, spentBase, revenueRecognisedBase };
}

export interface CloseInput {
  grant: string;
  kind: GrantKind;
  baseCurrency: string;
  /** The unspent cash paid back to the donor (zero: nothing is paid back). */
  refund: Money;
  bank?: BankLineAccount;
  /** 1200's base balance (debit positive): pledge the donor will no longer pay. */
  receivableBase: Decimal;
  /** 2200's base balance (credit positive), conditional grants. */
  deferredBase: Decimal;
}

export interface ClosePlan {
  lines: PostingLine[];
  refundBase: Decimal;
  receivableCancelledBase: Decimal;
  /** Conditional grants: deferred revenue left once refund and cancellation are booked, moved to 4200. */
  deferredSettledBase: Decimal;
}

const pair = (grant: string, debit: string, credit: string, amount: Decimal): PostingLine[] =>
  amount.isZero()
    ? []
    : amount.gt(0)
      ? [
          { account: debit, fund: grant, side: 'debit', amount, grant },
          { account: credit, fund: grant, side: 'credit', amount, grant },
        ]
      : [
          { account: credit, fund: grant, side: 'debit', amount: amount.abs(), grant },
          { account: debit, fund: grant, side: 'credit', amount: amount.abs(), grant },
        ];

/**
 * Closing a grant. The refund of unspent cash reverses contribution revenue (restricted) or
 * deferred revenue (conditional): Dr 4200 | 2200 / Cr bank. The part of the pledge never
 * received is cancelled the same way against 1200. A conditional grant's deferred revenue is
 * then brought to exactly zero against 4200 (what is left is FX differences or cash the donor
 * let the grant keep), so a closed grant leaves no receivable and no deferred revenue.
 */
export function closePlan(input: CloseInput): ClosePlan {
  const { grant, kind } = input;
  const against = pledgeCreditAccount(kind);
  const refundBase = input.refund.amount.isZero() ? new Dec(0) : baseOf(input.refund, input.baseCurrency);
  const lines: PostingLine[] = [];
  if (refundBase.gt(0)) {
    if (!input.bank) throw new RangeError('a refund needs a bank account');
    lines.push(
      { account: against, fund: grant, side: 'debit', amount: refundBase, grant },
      bankLine(input.bank, grant, 'credit', { ...input.refund, amountBase: refundBase }, input.baseCurrency, { grant }),
    );
  }
  lines.push(...pair(grant, against, ACCOUNTS.receivable, input.receivableBase));
  let deferredSettledBase = new Dec(0);
  if (kind === 'conditional') {
    deferredSettledBase = input.deferredBase.minus(refundBase).minus(input.receivableBase);
    lines.push(...pair(grant, ACCOUNTS.deferred, ACCOUNTS.revenue, deferredSettledBase));
  }
  return { lines, refundBase, receivableCancelledBase: input.receivableBase, deferredSettledBase };
}
