import { FieldError } from '../errors';

/**
 * Keys that Nest's ValidationPipe deletes, at any depth, before it validates (its guard against
 * prototype pollution). JSON.parse makes them ordinary own keys, so one sent by a client would
 * vanish without a word under a 201: the validation pipe refuses them instead.
 */
export const RESERVED_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

const MAX_DEPTH = 32;

const childPath = (parent: string, key: string | number): string =>
  typeof key === 'number' ? `${parent}[${key}]` : parent === '' ? key : `${parent}.${key}`;

/** Every reserved key in `value`, named by its path (`metadata.__proto__`, `lines[0].constructor`). */
export function findReservedKeys(value: unknown, path = '', depth = 0, found: FieldError[] = []): FieldError[] {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return found;
  if (Array.isArray(value)) {
    value.forEach((item, i) => findReservedKeys(item, childPath(path, i), depth + 1, found));
    return found;
  }
  for (const key of Object.keys(value)) {
    const field = childPath(path, key);
    if (RESERVED_KEYS.includes(key)) found.push({ field, message: `'${key}' is a reserved key name` });
    else findReservedKeys((value as Record<string, unknown>)[key], field, depth + 1, found);
  }
  return found;
}
