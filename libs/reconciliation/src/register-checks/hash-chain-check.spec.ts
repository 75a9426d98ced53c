import { EntityManager } from 'typeorm';
import type { VerificationResult, VerificationService } from '@app/ledger';
import { HashChainCheck } from './built-in-checks';

/** The hash-chain check verifies in the report's snapshot, never in a snapshot of its own. */
describe('HashChainCheck', () => {
  const snapshot = {} as EntityManager;
  const checkWith = (result: VerificationResult): { check: HashChainCheck; managers: EntityManager[] } => {
    const managers: EntityManager[] = [];
    const verification = {
      verify: () => Promise.reject(new Error('verify() opens a second snapshot')),
      verifyWith: (m: EntityManager) => {
        managers.push(m);
        return Promise.resolve(result);
      },
    } as unknown as VerificationService;
    return { check: new HashChainCheck(verification), managers };
  };

  it.each<[string, VerificationResult, Record<string, unknown>]>([
    ['a sound chain', { ok: true, entries: 9, head: 'h' }, { ledger: '9', register: '9', difference: '0', ok: true }],
    [
      'a chain broken at 7',
      { ok: false, entries: 9, head: 'h', firstBrokenSequence: 7, problem: 'the stored entry does not match its hash' },
      {
        ledger: '9',
        register: '6',
        difference: '-3',
        ok: false,
        explanation: [{ firstBrokenSequence: 7, problem: 'the stored entry does not match its hash' }],
      },
    ],
  ])('%s: verified with the manager it is given', async (_case, verified, expected) => {
    const { check, managers } = checkWith(verified);
    expect(await check.run(snapshot)).toMatchObject({ name: 'hash-chain', ...expected });
    expect(managers).toEqual([snapshot]);
    expect(managers[0]).toBe(snapshot);
  });
});
