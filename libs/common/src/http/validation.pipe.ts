import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, ErrorCode, FieldError, validationErrors } from '../errors';
import { findReservedKeys } from './reserved-keys';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = parent === '' ? error.property : /^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`;
    for (const message of Object.values(error.constraints ?? {})) {
      out.push({ field, message });
    }
    if (error.children && error.children.length > 0) out.push(...flatten(error.children, field));
  }
  return out;
}

const detailOf = (fields: FieldError[]): string => fields.map((f) => `${f.field}: ${f.message}`).join('; ');

/** Nest's pipe, refusing the keys it would otherwise delete unseen (see RESERVED_KEYS). */
class StrictValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query') {
      const reserved = findReservedKeys(value);
      if (reserved.length > 0) return Promise.reject(validationErrors(reserved));
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

/** Every body and query validated; unknown fields rejected, reserved keys too; each broken field named. */
export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      return new DomainError(ErrorCode.ValidationFailed, detailOf(fields) || 'the request is not valid', fields);
    },
  });
}
