import { ValidationArguments, ValidationOptions, registerDecorator } from 'class-validator';
import { currencyCodeProblem } from './currency';

/** An ISO 4217 code the ledger can book (known, with minor units; not a metal or fund code). */
export function IsCurrencyCode(validationOptions?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol): void => {
    registerDecorator({
      name: 'isCurrencyCode',
      target: target.constructor,
      propertyName: String(propertyName),
      options: validationOptions,
      validator: {
        validate: (value: unknown): boolean => currencyCodeProblem(value) === null,
        defaultMessage: (args?: ValidationArguments): string =>
          `${args?.property ?? 'value'} ${currencyCodeProblem(args?.value) ?? 'must be an ISO 4217 currency code'}`,
      },
    });
  };
}
