import { Injectable } from '@nestjs/common';
import { notFound, validationError, validationErrors } from '@app/common';
import { TransactionRunner } from '@app/database';
import { normaliseAccountNumber } from '@app/ledger';
import { BankScope, BankScopeRepository } from '../bank-scope.repository';
import { CsvProfile, csvProfileProblems } from '../statement-parsers';

export interface BankAccountSettings {
  name?: string;
  /** null clears it. */
  accountNumber?: string | null;
  /** null clears it. */
  csvProfile?: CsvProfile | null;
}

/** What reconciliation keeps on a bank account: the number its files name it by, its bank's export profile. */
@Injectable()
export class BankAccountSettingsService {
  constructor(
    private readonly db: TransactionRunner,
    private readonly scopes: BankScopeRepository,
  ) {}

  list(): Promise<BankScope[]> {
    return this.db.snapshot((m) => this.scopes.list(m));
  }

  find(code: string): Promise<BankScope> {
    return this.db.snapshot(async (m) => {
      const scope = await this.scopes.find(m, code);
      if (!scope) throw notFound('bank account', code);
      return scope;
    });
  }

  update(code: string, changes: BankAccountSettings): Promise<BankScope> {
    return this.db.run(async (m) => {
      if (Object.values(changes).every((v) => v === undefined)) {
        throw validationError('body', 'name at least one of name, accountNumber, csvProfile');
      }
      if (changes.name !== undefined && changes.name.trim() === '') throw validationError('name', 'must not be blank');
      const accountNumber =
        changes.accountNumber === undefined ? undefined : normaliseAccountNumber(changes.accountNumber);
      if (changes.csvProfile !== undefined && changes.csvProfile !== null) {
        const problems = csvProfileProblems(changes.csvProfile);
        if (problems.length > 0) {
          throw validationErrors(problems);
        }
      }
      if (!(await this.scopes.find(m, code))) throw notFound('bank account', code);
      await this.scopes.lock(m, code);
      await this.scopes.updateSettings(m, code, {
        name: changes.name?.trim(),
        accountNumber,
        csvProfile: changes.csvProfile,
      });
      return (await this.scopes.find(m, code)) as BankScope;
    });
  }
}
