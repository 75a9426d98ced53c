import { DomainError, ErrorCode } from '@app/common';
import { translateInsertError } from './insert-error';

function dbError(fields: {
  code: string;
  table?: string;
  constraint?: string;
  detail?: string;
  message?: string;
}): Error {
  return Object.assign(new Error(fields.message ?? 'database error'), fields);
}

describe('translateInsertError', () => {
  it.each([
    [
      'a posting naming an unknown member',
      { code: '23503', table: 'postings', constraint: 'postings_member_fkey' },
      ErrorCode.ValidationFailed,
      'unknown member',
    ],
    [
      'a posting naming an unknown grant',
      { code: '23503', table: 'postings', constraint: 'postings_grant_fkey' },
      ErrorCode.ValidationFailed,
      'unknown grant',
    ],
    [
      'an entry naming an unknown reference',
      { code: '23503', table: 'journal_entries', constraint: 'journal_entries_x_fkey' },
      ErrorCode.ValidationFailed,
      'unknown reference',
    ],
    [
      'a closed year',
      { code: '23514', table: 'journal_entries', message: 'fiscal year 2020 is closed' },
      ErrorCode.PeriodClosed,
      'fiscal year 2020 is closed',
    ],
    [
      'a second reversal',
      { code: '23505', constraint: 'journal_entries_reverses_entry_id_key' },
      ErrorCode.AlreadyReversed,
      'already been reversed',
    ],
  ])('%s is the caller’s mistake, in words', (_what, fields, code, words) => {
    const out = translateInsertError(dbError(fields));
    expect(out).toBeInstanceOf(DomainError);
    expect((out as DomainError).code).toBe(code);
    expect((out as DomainError).message).toContain(words);
  });

  it.each([
    [
      'an allocation written with the entry breaking its own foreign key',
      { code: '23503', table: 'allocations', constraint: 'allocations_member_year_fkey' },
    ],
    ['a foreign-key error without its table', { code: '23503', constraint: 'postings_member_fkey' }],
    ['another check', { code: '23514', table: 'postings', message: 'amount must be positive' }],
    ['a serialization failure', { code: '40001' }],
  ])('%s stays the error it is', (_what, fields) => {
    const error = dbError(fields);
    expect(translateInsertError(error)).toBe(error);
  });
});
