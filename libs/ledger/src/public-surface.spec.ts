import 'reflect-metadata';
import { MODULE_METADATA } from '@nestjs/common/constants';
import * as ledger from './index';

/**
 * Other libs read the ledger through its services, in their own transaction, never through its
 * repositories: the SQL over the ledger's tables stays behind services the ledger answers for.
 */
describe("the ledger's public surface", () => {
  it('index.ts exports no repository', () => {
    expect(Object.keys(ledger).filter((name) => name.endsWith('Repository'))).toEqual([]);
  });

  it('LedgerModule exports no repository to the modules that import it', () => {
    const exported = (Reflect.getMetadata(MODULE_METADATA.EXPORTS, ledger.LedgerModule) as { name: string }[]).map((p) => p.name);
    expect(exported).toContain('LedgerService');
    expect(exported.filter((name) => name.endsWith('Repository'))).toEqual([]);
  });
});
