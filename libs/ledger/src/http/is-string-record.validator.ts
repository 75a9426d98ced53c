import { registerDecorator, ValidationOptions } from 'class-validator';
import { RESERVED_KEYS } from '@app/common';

/**
 * A flat object of string values (metadata): at most `maxKeys` keys of ≤ 64 chars, values ≤ 500,
 * none of the reserved keys (`__proto__`, `constructor`, `prototype`: the global validation pipe
 * refuses them before this runs; checked again so the rule holds wherever this is used).
 * Pair it with `@Transform(keepRaw)`: class-transformer drops keys that name members of
 * Object.prototype, so they would vanish silently.
 */
export function IsStringRecord(maxKeys: number, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isStringRecord',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: `$property must be an object of at most ${maxKeys} string keys (≤ 64 characters, not __proto__, constructor or prototype) with string values (≤ 500 characters)`,
        ...options,
      },
      validator: {
        validate(value: unknown): boolean {
          if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
          const entries = Object.entries(value as Record<string, unknown>);
          return (
            entries.length <= maxKeys &&
            entries.every(([k, v]) => k.length >= 1 && k.length <= 64 && !RESERVED_KEYS.includes(k) && typeof v === 'string' && v.length <= 500)
          );
        },
      },
    });
}

/** The property exactly as it arrived in the JSON body (own keys only, none dropped). */
export const keepRaw = ({ key, obj }: { key: string; obj: unknown }): unknown =>
  obj !== null && typeof obj === 'object' ? (obj as Record<string, unknown>)[key] : undefined;
