import { Injectable } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import { Dec, formatAmount } from '@app/common';
import { TransactionRunner } from '@app/database';
import { BankAccountsService, ChartService, FiscalYearsService, PoliciesService } from '@app/ledger';
import { classifyChart } from '../financial-statements/classification';
import { StatementsRepository } from '../financial-statements/statements.repository';
import { ApprovedBudgetsRepository } from '../shared/approved-budgets.repository';
import { fiscalYearSpan } from '../shared/fiscal-year';
import { invariant } from '../shared/invariant';
import { executionPercent } from '../shared/percent';

export interface BudgetExecutionLine {
  code: string;
  name: string;
  approved: string;
  spent: string;
  available: string;
  executionPercent: string | null;
}

export interface BudgetExecution {
  fiscalYear: number;
  asOf: string;
  currency: string;
  /** The version in force at `asOf`: the latest approved on or before it; null if none was yet. */
  budget: { version: number; approval: { meeting: string; date: string; reference: string } } | null;
  lines: BudgetExecutionLine[];
  /** General-fund expenses not on a line of that budget: tagged with another code, or untagged. */
  outsideBudget: { lines: { code: string; spent: string }[]; unallocated: string; total: string };
  totals: { approved: string; spent: string; available: string; executionPercent: string | null };
}

/**
 * Approved vs spent vs available per budget line of the general fund, at any date: spent is the
 * net of expense postings tagged with the line (reversals reduce it), transfers between funds and
 * closing entries excluded, from the first day of the fiscal year to `asOf`.
 */
@Injectable()
export class BudgetExecutionService {
  constructor(
    private readonly db: TransactionRunner,
    private readonly statements: StatementsRepository,
    private readonly budgets: ApprovedBudgetsRepository,
    private readonly chart: ChartService,
    private readonly fiscalYears: FiscalYearsService,
    private readonly policies: PoliciesService,
    private readonly bankAccounts: BankAccountsService,
  ) {}

  report(fiscalYear: number, asOfRequested?: string): Promise<BudgetExecution> {
    return this.db.snapshot(async (m) => {
      const { baseCurrency } = await this.policies.get(m);
      const fmt = (d: Decimal) => formatAmount(d, baseCurrency);
      const span = await fiscalYearSpan(m, fiscalYear, this.fiscalYears, this.policies);
      const asOf = asOfRequested ?? span.endsOn;
      const until = asOf < span.endsOn ? asOf : span.endsOn;
      const accounts = await this.chart.accounts(m);
      const classifier = classifyChart(accounts, (await this.bankAccounts.list(m)).map((b) => b.ledgerAccount));
      const transferAccounts = accounts
        .map((a) => a.code)
        .filter((code) => {
          const c = classifier.classOf(code);
          return (c.type === 'revenue' || c.type === 'expense') && c.transfer;
        });

      const inForce = (await this.budgets.versions(m, fiscalYear)).filter((v) => v.approvalDate <= asOf).pop();
      const budgetLines = inForce ? await this.budgets.lines(m, fiscalYear, inForce.version) : [];
      const actuals = await this.statements.budgetActuals(m, span.startsOn, until, transferAccounts);
      const spentBy = new Map(actuals.map((a) => [a.code, new Dec(a.netBase)]));
      const zero = new Dec(0);

      let approvedTotal = zero;
      let spentTotal = zero;
      const lines = budgetLines.map((l) => {
        const approved = new Dec(l.amount);
        const spent = spentBy.get(l.code) ?? zero;
        approvedTotal = approvedTotal.plus(approved);
        spentTotal = spentTotal.plus(spent);
        return { code: l.code, name: l.name, approved: fmt(approved), spent: fmt(spent), available: fmt(approved.minus(spent)), executionPercent: executionPercent(spent, approved) };
      });
      const inBudget = new Set(budgetLines.map((l) => l.code));
      const outside = actuals.filter((a) => a.code !== null && !inBudget.has(a.code));
      const unallocated = spentBy.get(null) ?? zero;
      const outsideTotal = outside.reduce((s, a) => s.plus(a.netBase), unallocated);
      const allSpent = actuals.reduce((s, a) => s.plus(a.netBase), zero);
      invariant(spentTotal.plus(outsideTotal).equals(allSpent), () => 'budget execution: lines and outside-budget spending do not add up');
      return {
        fiscalYear,
        asOf,
        currency: baseCurrency,
        budget: inForce
          ? { version: inForce.version, approval: { meeting: inForce.approvalMeeting, date: inForce.approvalDate, reference: inForce.approvalReference } }
          : null,
        lines,
        outsideBudget: {
          lines: outside.map((a) => ({ code: a.code as string, spent: fmt(new Dec(a.netBase)) })),
          unallocated: fmt(unallocated),
          total: fmt(outsideTotal),
        },
        totals: {
          approved: fmt(approvedTotal),
          spent: fmt(spentTotal),
          available: fmt(approvedTotal.minus(spentTotal)),
          executionPercent: executionPercent(spentTotal, approvedTotal),
        },
      };
    });
  }
}
