import { Decimal } from 'decimal.js';
import { Dec, toBase } from '@app/common';

/**
 * The rules a payment of an opening position must meet, apart from its cells' own format: its
 * rate against its currency, the bank account that receives it, and what a payment already
 * stored under the same key says. Pure: the validator reads the row, asks these and reports.
 */

/** A problem of one cell of the row. */
export interface CellProblem {
  field: string;
  message: string;
}

/** A payment already stored for one of the file's members. */
export interface ExistingPayment {
  member: string;
  reference: string;
  receivedOn: string;
  amount: string;
  currency: string;
  rate: string;
  designatedFiscalYear: number | null;
  bankAccount: string;
  importKey: string | null;
}

/** The figures of the file's payment compared with a stored one. */
export interface PaymentFigures {
  receivedOn: string;
  amount: string;
  currency: string;
  designatedFiscalYear?: number;
}

export interface BankAccountFacts {
  currency: string;
  active: boolean;
}

const BANK_ACCOUNT = /^[A-Za-z0-9._-]{1,30}$/;
const ONE = new Dec(1);

/** The base currency takes rate 1 (or none); any other currency must give its rate. */
export function rateProblem(
  currency: string,
  rate: Decimal | undefined,
  rateGiven: boolean,
  baseCurrency: string,
): CellProblem | undefined {
  if (currency === baseCurrency) {
    return rate !== undefined && !rate.equals(1)
      ? { field: 'rate', message: `must be 1 or empty for the base currency ${baseCurrency}` }
      : undefined;
  }
  return rateGiven
    ? undefined
    : { field: 'rate', message: `required: ${currency} is not the base currency ${baseCurrency}` };
}

/** The rate the payment is priced at: 1 for the base currency, else the one given. */
export const effectiveRate = (
  currency: string | undefined,
  rate: Decimal | undefined,
  baseCurrency: string,
): Decimal | undefined => (currency === baseCurrency ? ONE : rate);

/** An amount worth nothing in the base currency at its rate cannot be posted. */
export function amountProblem(amount: Decimal, rate: Decimal, baseCurrency: string): CellProblem | undefined {
  return toBase(amount, rate, baseCurrency).gt(0)
    ? undefined
    : { field: 'amount', message: `worth less than one minor unit of ${baseCurrency} at this rate` };
}

/**
 * The bank account that receives the payment: the one the row names, else the policies' default.
 * It must exist, be active and hold the payment's currency or the base currency.
 */
export function receivingBankAccount(
  named: string | undefined,
  defaultCode: string | null,
  accounts: ReadonlyMap<string, BankAccountFacts>,
  currency: string | undefined,
  baseCurrency: string,
): { code: string | undefined; problem?: CellProblem } {
  const code = named ?? defaultCode ?? undefined;
  const problem = (field: string, message: string) => ({ code, problem: { field, message } });
  if (named !== undefined && !BANK_ACCOUNT.test(named))
    return problem('bank_account', `'${named}' is not a bank account code`);
  if (code === undefined) return problem('bank_account', 'required: no default bank account is set in the policies');
  const bank = accounts.get(code);
  if (bank === undefined) return problem('bank_account', `unknown bank account '${code}'`);
  if (!bank.active) return problem('bank_account', `bank account '${code}' is inactive`);
  if (currency !== undefined && bank.currency !== currency && bank.currency !== baseCurrency)
    return problem('currency', `bank account '${code}' holds ${bank.currency}: it cannot receive ${currency}`);
  return { code };
}

/** The stored payment the file's one is: by its import key, else (stored without one) by member and reference. */
export function storedPaymentOf(
  stored: readonly ExistingPayment[],
  importKey: string,
  member: string,
  reference: string,
): ExistingPayment | undefined {
  return (
    stored.find((p) => p.importKey === importKey) ??
    stored.find((p) => p.member === member && p.reference === reference)
  );
}

/** How a stored payment differs from the file's, one phrase per figure; empty when they agree. */
export function paymentDifferences(
  stored: ExistingPayment,
  input: PaymentFigures,
  bankCode: string,
  rate: Decimal,
): string[] {
  const differences: string[] = [];
  if (stored.receivedOn !== input.receivedOn) differences.push(`received on ${stored.receivedOn}`);
  if (stored.currency !== input.currency || !new Dec(stored.amount).equals(input.amount)) {
    differences.push(`amount ${stored.amount} ${stored.currency}`);
  }
  if (!new Dec(stored.rate).equals(rate)) differences.push(`rate ${stored.rate}`);
  if ((stored.designatedFiscalYear ?? undefined) !== input.designatedFiscalYear) {
    differences.push(`designated fiscal year ${stored.designatedFiscalYear ?? 'none'}`);
  }
  if (stored.bankAccount !== bankCode) differences.push(`bank account ${stored.bankAccount}`);
  return differences;
}
