import { ValidationArguments, ValidationOptions, registerDecorator } from 'class-validator';
import { decimalStringProblem } from './decimal-string';
import { RATE_RULE } from './money';

/** An exchange rate in a request body: a positive decimal string with at most 12 decimals. */
export function IsRate(validationOptions?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol): void => {
    registerDecorator({
      name: 'isRate',
      target: target.constructor,
      propertyName: String(propertyName),
      options: validationOptions,
      validator: {
        validate: (value: unknown): boolean => decimalStringProblem(value, RATE_RULE) === null,
        defaultMessage: (args?: ValidationArguments): string =>
          `${args?.property ?? 'value'} ${decimalStringProblem(args?.value, RATE_RULE) ?? 'must be a positive decimal rate'}`,
      },
    });
  };
}
