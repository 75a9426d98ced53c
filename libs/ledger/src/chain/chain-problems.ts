/**
 * What can be wrong with the hash chain, in the words the verification reports (its `problem`),
 * and the kind of each, so a report can put the problem in its own language.
 */
export type ChainProblemKind =
  'sequence-missing' | 'prev-hash-mismatch' | 'not-canonical' | 'hash-mismatch' | 'unbalanced' | 'head-mismatch';

export const CHAIN_PROBLEMS = {
  sequenceMissing: (sequence: number): string => `sequence ${sequence} is missing`,
  prevHashMismatch: 'prev_hash does not match the previous entry',
  notCanonical: (reason: string): string => `the stored entry cannot be put in canonical form: ${reason}`,
  hashMismatch: 'the stored entry does not match its hash',
  unbalanced: 'the entry does not balance',
  headMismatch: 'the chain head does not match the last entry',
} as const;

const NOT_CANONICAL_PREFIX = CHAIN_PROBLEMS.notCanonical('');

/** The kind of a verification's `problem` (null for words this version does not write). */
export function chainProblemKind(problem: string): ChainProblemKind | null {
  if (/^sequence \d+ is missing$/.test(problem)) return 'sequence-missing';
  if (problem.startsWith(NOT_CANONICAL_PREFIX)) return 'not-canonical';
  switch (problem) {
    case CHAIN_PROBLEMS.prevHashMismatch:
      return 'prev-hash-mismatch';
    case CHAIN_PROBLEMS.hashMismatch:
      return 'hash-mismatch';
    case CHAIN_PROBLEMS.unbalanced:
      return 'unbalanced';
    case CHAIN_PROBLEMS.headMismatch:
      return 'head-mismatch';
    default:
      return null;
  }
}

/** The technical reason of a `not-canonical` problem (what the canonical form refused). */
export function notCanonicalReason(problem: string): string {
  return problem.startsWith(NOT_CANONICAL_PREFIX) ? problem.slice(NOT_CANONICAL_PREFIX.length) : problem;
}
