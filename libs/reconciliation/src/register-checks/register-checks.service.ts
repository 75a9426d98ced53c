import { Injectable, Logger } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { EntityManager } from 'typeorm';
import { DomainError } from '@app/common';
import { TransactionRunner } from '@app/database';
import { isRegisterCheck, REGISTER_CHECKS, RegisterCheck, RegisterCheckResult } from '@app/register-checks';

export interface ReconciliationChecksReport {
  asOf: string;
  ok: boolean;
  checks: RegisterCheckResult[];
}

/**
 * The TS reconciliation report: every check contributed under REGISTER_CHECKS, by any module,
 * run in one read-only snapshot. A check that throws is reported as failed (with its message)
 * rather than hiding the others; it is also logged, since a check should not throw.
 */
@Injectable()
export class RegisterChecksService {
  private readonly logger = new Logger(RegisterChecksService.name);
  private collected: RegisterCheck[] | undefined;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly db: TransactionRunner,
  ) {}

  /** The checks, each once, in the order Nest scans the modules that provide them (the app's imports). */
  checks(): RegisterCheck[] {
    if (this.collected) return this.collected;
    const found: RegisterCheck[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      if (wrapper.token !== REGISTER_CHECKS) continue;
      const value: unknown = wrapper.instance;
      for (const candidate of Array.isArray(value) ? value : [value]) {
        if (!isRegisterCheck(candidate)) {
          throw new Error(`a provider of ${REGISTER_CHECKS} is not a RegisterCheck (name + run(m, asOf))`);
        }
        if (!found.includes(candidate)) found.push(candidate);
      }
    }
    this.collected = found;
    return found;
  }

  run(asOf: string): Promise<ReconciliationChecksReport> {
    return this.db.snapshot((m) => this.runIn(m, asOf));
  }

  /** Every check inside a snapshot the caller opened (the reconciliation pack reads its bank reports in the same one). */
  async runIn(m: EntityManager, asOf: string): Promise<ReconciliationChecksReport> {
    const checks: RegisterCheckResult[] = [];
    for (const check of this.checks()) {
      // A check whose SQL fails must not abort the snapshot the other checks read.
      await m.query('SAVEPOINT register_check');
      try {
        const result = await check.run(m, asOf);
        await m.query('RELEASE SAVEPOINT register_check');
        checks.push(...(Array.isArray(result) ? result : [result]));
      } catch (error) {
        await m.query('ROLLBACK TO SAVEPOINT register_check');
        if (error instanceof DomainError) throw error;
        this.logger.error({ err: error, check: check.name }, 'register check failed');
        checks.push({
          name: check.name,
          ledger: null,
          register: null,
          difference: null,
          ok: false,
          explanation: [{ kind: 'check-failed', error: error instanceof Error ? error.message : String(error) }],
        });
      }
    }
    return { asOf, ok: checks.length > 0 && checks.every((c) => c.ok), checks };
  }
}
