import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '@app/database';
import { PoliciesService } from '@app/ledger';
import { BankScopeRepository } from '../bank-scope.repository';
import { RegisterChecksService } from '../register-checks/register-checks.service';
import { BankReconciliationService } from '../reports/bank-reconciliation.service';
import { PackBankAccount, ReconciliationPack } from './reconciliation-pack';

/** Gathers the reconciliation pack in one read-only snapshot, so its bank reports and checks agree. */
@Injectable()
export class ReconciliationPackService {
  constructor(
    private readonly db: TransactionRunner,
    private readonly scopes: BankScopeRepository,
    private readonly reconciliation: BankReconciliationService,
    private readonly checks: RegisterChecksService,
    private readonly policies: PoliciesService,
  ) {}

  build(asOf: string): Promise<ReconciliationPack> {
    return this.db.snapshot(async (m) => {
      const { baseCurrency } = await this.policies.get(m);
      const bankAccounts: PackBankAccount[] = [];
      for (const scope of await this.scopes.list(m)) {
        const report = await this.reconciliation.build(m, scope, asOf);
        const signed = await this.reconciliation.latestSignOff(m, scope.code, asOf);
        bankAccounts.push({ name: scope.name, report, signOff: signed === null ? null : withoutFigures(signed) });
      }
      const checks = await this.checks.runIn(m, asOf);
      return { asOf, currency: baseCurrency, bankAccounts, checks };
    });
  }
}

function withoutFigures<T extends { figures: unknown }>(v: T): Omit<T, 'figures'> {
  const { figures: _figures, ...rest } = v;
  return rest;
}
