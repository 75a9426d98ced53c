import { CHAIN_PROBLEMS, chainProblemKind, notCanonicalReason } from './chain-problems';

describe('chainProblemKind', () => {
  it.each([
    [CHAIN_PROBLEMS.sequenceMissing(12), 'sequence-missing'],
    [CHAIN_PROBLEMS.prevHashMismatch, 'prev-hash-mismatch'],
    [CHAIN_PROBLEMS.notCanonical('amount 1.005 is finer than USD'), 'not-canonical'],
    [CHAIN_PROBLEMS.hashMismatch, 'hash-mismatch'],
    [CHAIN_PROBLEMS.unbalanced, 'unbalanced'],
    [CHAIN_PROBLEMS.headMismatch, 'head-mismatch'],
    ['something else', null],
  ])('%s → %s', (problem, kind) => {
    expect(chainProblemKind(problem)).toBe(kind);
  });

  it('keeps the reason of a not-canonical entry', () => {
    expect(notCanonicalReason(CHAIN_PROBLEMS.notCanonical('unknown currency XXZ'))).toBe('unknown currency XXZ');
  });
});
