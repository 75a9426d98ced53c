import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainError, ErrorCode } from '@app/common';
import { TransactionRunner } from '@app/database';
import { Policies } from './policies';
import { PoliciesRepository } from './policies.repository';

@Injectable()
export class PoliciesService {
  constructor(
    private readonly db: TransactionRunner,
    private readonly repository: PoliciesRepository,
  ) {}

  /** The installation's rules, in the caller's transaction when given one. */
  get(m?: EntityManager): Promise<Policies> {
    return m ? this.repository.get(m) : this.db.run((tx) => this.repository.get(tx));
  }

  /** Replaces the rules; the base currency and fiscal calendar freeze with the first posting. */
  put(next: Policies): Promise<Policies> {
    return this.db.run(async (m) => {
      const current = await this.repository.get(m, true);
      const calendarChanged =
        current.baseCurrency !== next.baseCurrency || current.fiscalYearStartMonth !== next.fiscalYearStartMonth;
      if (calendarChanged && (await this.repository.hasPostings(m))) {
        throw new DomainError(
          ErrorCode.BusinessRule,
          'the base currency and the fiscal year start cannot change once entries have been posted',
        );
      }
      const policies: Policies = {
        baseCurrency: next.baseCurrency,
        fiscalYearStartMonth: next.fiscalYearStartMonth,
        standing: { rule: next.standing.rule, years: next.standing.years },
        honourRollDays: next.honourRollDays,
        grantsPreFinance: next.grantsPreFinance,
        reserveFund: { perCaseCap: next.reserveFund.perCaseCap, floor: next.reserveFund.floor },
        matchingWindowDays: next.matchingWindowDays,
        defaultBankAccount: next.defaultBankAccount ?? null,
      };
      await this.repository.put(m, policies);
      return policies;
    });
  }
}
