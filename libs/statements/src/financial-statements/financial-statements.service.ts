import { Inject, Injectable, Optional } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainError, ErrorCode } from '@app/common';
import { TransactionRunner } from '@app/database';
import { BalancesService, BankAccountsService, ChartService, FiscalYearsService, PoliciesService } from '@app/ledger';
import { ApprovedBudgetsRepository } from '../shared/approved-budgets.repository';
import { fiscalYearSpan } from '../shared/fiscal-year';
import { Classifier, classifyChart } from './classification';
import type { FinancialStatements } from './financial-statements.types';
import type { StatementLang } from './labels';
import type { BudgetSnapshot, YearLedger } from './ledger-figures';
import { buildStatements } from './statements-builder';
import { StatementsRepository } from './statements.repository';

/**
 * What the reserve-fund lib can tell that the ledger cannot: approved, undisbursed amounts
 * (commitments) as at a date, read in the caller's snapshot. Optional: without a provider the
 * note shows `commitments: null`.
 */
export interface ReserveCommitmentsSource {
  committedAsOf(m: EntityManager, asOf: string): Promise<string>;
}
export const RESERVE_COMMITMENTS = Symbol('RESERVE_COMMITMENTS');

/** The financial statements of a fiscal year, with the prior year beside it, from the ledger alone. */
@Injectable()
export class FinancialStatementsService {
  constructor(
    private readonly db: TransactionRunner,
    private readonly statements: StatementsRepository,
    private readonly balances: BalancesService,
    private readonly chart: ChartService,
    private readonly fiscalYears: FiscalYearsService,
    private readonly policies: PoliciesService,
    private readonly bankAccounts: BankAccountsService,
    private readonly budgets: ApprovedBudgetsRepository,
    @Optional() @Inject(RESERVE_COMMITMENTS) private readonly commitments?: ReserveCommitmentsSource,
  ) {}

  /** One REPEATABLE READ snapshot: every figure of both years comes from the same state of the ledger. */
  get(fiscalYear: number, lang: StatementLang): Promise<FinancialStatements> {
    return this.db.snapshot((m) => this.build(m, fiscalYear, lang));
  }

  /** Inside the caller's snapshot (the auditors' package embeds the statements it was read with). */
  async build(m: EntityManager, fiscalYear: number, lang: StatementLang): Promise<FinancialStatements> {
    const { baseCurrency } = await this.policies.get(m);
    const accounts = await this.chart.accounts(m);
    const funds = await this.chart.funds(m);
    const bankLedgerAccounts = [...new Set((await this.bankAccounts.list(m)).map((b) => b.ledgerAccount))].sort();
    const classifier = classifyChart(accounts, bankLedgerAccounts);
    const current = await this.yearLedger(m, fiscalYear, classifier, baseCurrency);
    const prior = await this.yearLedger(m, fiscalYear - 1, classifier, baseCurrency);
    const members = await this.statements.members(m);
    return buildStatements({ baseCurrency, accounts, funds, bankLedgerAccounts, members, current, prior }, lang);
  }

  private async yearLedger(m: EntityManager, year: number, classifier: Classifier, baseCurrency: string): Promise<YearLedger> {
    const span = await fiscalYearSpan(m, year, this.fiscalYears, this.policies);
    const accounts = await this.chart.accounts(m);
    const where = (test: (code: string) => boolean) => accounts.map((a) => a.code).filter(test);
    const is = (code: string, line: string) => {
      const c = classifier.classOf(code);
      return 'line' in c && c.line === line;
    };
    const receivable = where((c) => is(c, 'contributionsReceivable'));
    const advances = where((c) => is(c, 'advances'));
    const transferAccounts = where((c) => {
      const cls = classifier.classOf(c);
      return (cls.type === 'revenue' || cls.type === 'expense') && cls.transfer;
    });
    return {
      span,
      opening: await this.balances.byAccountAndFund(m, span.dayBefore),
      closing: await this.balances.byAccountAndFund(m, span.endsOn),
      flows: await this.statements.flows(m, span.startsOn, span.endsOn),
      flowsToDate: await this.statements.flows(m, null, span.endsOn),
      cashAttribution: await this.statements.cashAttribution(m, span.startsOn, span.endsOn, classifier.cashAccounts),
      cashAttributionToDate: await this.statements.cashAttribution(m, null, span.endsOn, classifier.cashAccounts),
      memberFlows: await this.statements.memberFlows(m, span.startsOn, span.endsOn, {
        receivable,
        assessedRevenue: where((c) => is(c, 'assessedContributions')),
        writeOff: where((c) => is(c, 'writeOffs')),
      }),
      memberOpening: await this.statements.memberBalances(m, span.dayBefore, [...receivable, ...advances]),
      memberClosing: await this.statements.memberBalances(m, span.endsOn, [...receivable, ...advances]),
      budget: await this.budget(m, year, baseCurrency),
      budgetActuals: await this.statements.budgetActuals(m, span.startsOn, span.endsOn, transferAccounts),
      reserveMonthly: await this.statements.reserveMonthly(m, span.startsOn, span.endsOn),
      reserveCommitments: this.commitments ? await this.commitments.committedAsOf(m, span.endsOn) : null,
    };
  }

  /** The original (first) and final (latest) approved versions of a year's budget. */
  private async budget(m: EntityManager, year: number, baseCurrency: string): Promise<BudgetSnapshot | null> {
    const versions = await this.budgets.versions(m, year);
    if (versions.length === 0) return null;
    const original = versions[0];
    const final = versions[versions.length - 1];
    if (final.currency !== baseCurrency) {
      throw new DomainError(
        ErrorCode.BusinessRule,
        `the budget of fiscal year ${year} is in ${final.currency}, not in the base currency ${baseCurrency}; it cannot be compared with the ledger`,
      );
    }
    return {
      original,
      final,
      originalLines: await this.budgets.lines(m, year, original.version),
      finalLines: await this.budgets.lines(m, year, final.version),
    };
  }
}
