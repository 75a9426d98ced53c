import { DomainError, ErrorCode } from '@app/common';

/**
 * What a database error raised while writing an entry means to the caller: an unknown member or
 * grant on a posting (400), a closed year (the database's own guard), an entry reversed twice.
 * Anything else, including a domain row written in the same statement breaking its own foreign
 * key, is returned unchanged: a fault of the code, not of the request.
 */
export function translateInsertError(error: unknown): unknown {
  const e = error as { code?: string; constraint?: string; detail?: string; table?: string };
  // Only the entry's and its postings' references are the caller's input; a domain row written in
  // the same statement that breaks its own foreign key is a fault of the code and stays one.
  if (e.code === '23503' && (e.table === 'postings' || e.table === 'journal_entries')) {
    const dimension = /member/.test(e.constraint ?? '')
      ? 'member'
      : /grant/.test(e.constraint ?? '')
        ? 'grant'
        : 'reference';
    return new DomainError(ErrorCode.ValidationFailed, `unknown ${dimension}: ${e.detail ?? ''}`.trim(), [
      { field: 'lines', message: `unknown ${dimension}` },
    ]);
  }
  // The database's own guard on closed years (journal_entries_open_year): a year before a closed
  // one, or a year closed between the check above and the insert.
  const message = error instanceof Error ? error.message : '';
  if (e.code === '23514' && /^fiscal year \d+ is closed/.test(message)) {
    return new DomainError(ErrorCode.PeriodClosed, `${message}; post into an open year`);
  }
  if (e.code === '23505' && (e.constraint ?? '').includes('reverses_entry_id')) {
    return new DomainError(ErrorCode.AlreadyReversed, 'the entry has already been reversed');
  }
  return error;
}
