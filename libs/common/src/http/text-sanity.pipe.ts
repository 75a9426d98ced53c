import { Injectable, PipeTransform } from '@nestjs/common';
import { DomainError, ErrorCode } from '../errors';

const MAX_DEPTH = 32;
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The first text in `value` that PostgreSQL could not store (NUL, lone surrogates), if any. */
function findUnstorable(value: unknown, depth = 0): string | undefined {
  if (depth > MAX_DEPTH) return 'nesting deeper than 32 levels';
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return 'a NUL character';
    if (LONE_SURROGATE.test(value)) return 'an unpaired surrogate (not valid Unicode)';
    return undefined;
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findUnstorable(item, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const found = findUnstorable(key, depth + 1) ?? findUnstorable(item, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Runs before validation: text that the database (and JSON storage of answers and audit rows)
 * cannot hold is refused with a 400 whose message does not echo the offending text back.
 */
@Injectable()
export class TextSanityPipe implements PipeTransform {
  transform(value: unknown): unknown {
    const problem = findUnstorable(value);
    if (problem) throw new DomainError(ErrorCode.ValidationFailed, `the request contains ${problem}`);
    return value;
  }
}
