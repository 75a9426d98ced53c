import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, ValidationArguments, ValidationOptions, registerDecorator } from 'class-validator';
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

/**
 * The optional `rate` of a money field in a request body, documented and validated in one place:
 * base-currency units per unit of the body's currency, required (by the service) unless that
 * currency is the base currency.
 */
export function OptionalRate(description: string, example: string): PropertyDecorator {
  return applyDecorators(ApiPropertyOptional({ description, example }), IsOptional(), IsRate());
}
