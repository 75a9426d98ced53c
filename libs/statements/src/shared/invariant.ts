/**
 * A statement that does not tie is a bug in this code or a broken ledger, never bad input: it
 * must stop the report (500, logged) rather than publish figures that contradict each other.
 */
export class StatementInvariantError extends Error {
  constructor(message: string) {
    super(`statement invariant violated: ${message}`);
    this.name = 'StatementInvariantError';
  }
}

export function invariant(condition: boolean, message: () => string): asserts condition {
  if (!condition) throw new StatementInvariantError(message());
}
