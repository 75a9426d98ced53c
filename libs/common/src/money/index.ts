export { Dec } from './dec';
export { isCurrencyCode, minorUnits, MAX_MINOR_UNITS } from './currency';
export { DECIMAL_STRING } from './decimal-string';
export {
  AMOUNT_MAX_INTEGER_DIGITS,
  RATE_MAX_DECIMALS,
  RATE_MAX_INTEGER_DIGITS,
  formatAmount,
  parseAmount,
  parsePositiveAmount,
  parseRate,
  roundHalfEven,
  toBase,
} from './money';
export { splitLargestRemainder } from './split-largest-remainder';
export { decimalTransformer } from './decimal.transformer';
export { IsDecimalAmount } from './is-decimal-amount.validator';
export type { IsDecimalAmountOptions } from './is-decimal-amount.validator';
export { IsCurrencyCode } from './is-currency-code.validator';
export { IsRate, OptionalRate } from './is-rate.validator';
