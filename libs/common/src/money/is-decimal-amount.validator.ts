import { ValidationArguments, ValidationOptions, registerDecorator } from 'class-validator';
import { isCurrencyCode } from './currency';
import { decimalStringProblem } from './decimal-string';
import { amountRule } from './money';

export interface IsDecimalAmountOptions {
  /** Sibling property holding the ISO 4217 code whose minor units limit the decimals. */
  currencyField?: string;
  /** Zero is refused by default: a payment, grant or transfer of nothing is almost always a client bug. */
  allowZero?: boolean;
}

function siblingCurrency(args: ValidationArguments | undefined, field: string | undefined): string | undefined {
  if (args === undefined || field === undefined) return undefined;
  const sibling: unknown = Reflect.get(args.object, field);
  // An absent or invalid sibling is reported by its own decorator; here we fall back to the
  // generic rule, and the service checks the amount again against the currency it settles on.
  return typeof sibling === 'string' && isCurrencyCode(sibling) ? sibling : undefined;
}

function problem(
  value: unknown,
  options: IsDecimalAmountOptions,
  args: ValidationArguments | undefined,
): string | null {
  const currency = siblingCurrency(args, options.currencyField);
  return decimalStringProblem(value, amountRule(currency, options.allowZero ?? false));
}

/**
 * A money amount in a request body: a decimal string ("1250.50"), never a JSON number, positive
 * unless `allowZero`, with no more decimals than the sibling currency allows.
 */
export function IsDecimalAmount(
  options: IsDecimalAmountOptions = {},
  validationOptions?: ValidationOptions,
): PropertyDecorator {
  return (target: object, propertyName: string | symbol): void => {
    registerDecorator({
      name: 'isDecimalAmount',
      target: target.constructor,
      propertyName: String(propertyName),
      options: validationOptions,
      constraints: [options],
      validator: {
        validate: (value: unknown, args?: ValidationArguments): boolean => problem(value, options, args) === null,
        defaultMessage: (args?: ValidationArguments): string =>
          `${args?.property ?? 'value'} ${problem(args?.value, options, args) ?? 'must be a decimal amount'}`,
      },
    });
  };
}
