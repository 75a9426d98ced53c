import { DomainError, ErrorCode, isDatabaseUnavailable } from '@app/common';

/** Exit codes of the CLI: scripts branch on these. */
export const EXIT_OK = 0;
/** The check failed (a broken chain) or the operation was refused or failed. */
export const EXIT_FAILED = 1;
/** Bad command line or configuration: nothing was done. */
export const EXIT_USAGE = 2;

/** A failure the command reports as one line, with its exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_FAILED,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export const usage = (message: string): CliError => new CliError(message, EXIT_USAGE);

/** One line for anything thrown, and the exit code it deserves. */
export function describeFailure(error: unknown): { line: string; exitCode: number } {
  if (error instanceof CliError) return { line: error.message, exitCode: error.exitCode };
  if (error instanceof DomainError) {
    return { line: error.message, exitCode: error.code === ErrorCode.ValidationFailed ? EXIT_USAGE : EXIT_FAILED };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      line: `the database is not reachable (${error instanceof Error ? error.message : String(error)})`,
      exitCode: EXIT_FAILED,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { line: message.split('\n')[0], exitCode: EXIT_FAILED };
}

/** Parses a whole number option within bounds, or refuses with a usage error naming it. */
export function wholeNumber(option: string, raw: string | undefined, min: number, max: number): number {
  if (raw === undefined || !/^\d+$/.test(raw.replace(/_/g, '')))
    throw usage(`--${option} must be a whole number from ${min} to ${max}`);
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw usage(`--${option} must be a whole number from ${min} to ${max}`);
  return value;
}
