import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { DomainError } from '@app/common';
import { TransactionRunner } from '@app/database';
import { BankAccountsService, FiscalYearsService, PoliciesService } from '@app/ledger';
import { AssessmentsService } from '../budgets/assessments.service';
import { BudgetsService, BudgetVersion } from '../budgets/budgets.service';
import { MembersService } from '../members/members.service';
import { PaymentsService } from '../payments/payments.service';
import { formatProblem, Problem, sortProblems, SourceRow } from './opening-position.model';
import { FileFormat, parseOpeningPosition } from './opening-position.parser';
import { OpeningPositionRepository } from './opening-position.repository';
import {
  DatabaseFacts,
  importKeyOf,
  OpeningPlan,
  PlannedAssessment,
  PlannedPayment,
  validateOpeningPosition,
} from './opening-position.validator';

export interface Tally {
  created: number;
  present: number;
}

export interface OpeningSummary {
  members: Tally;
  budgets: Tally;
  assessments: Tally;
  payments: Tally;
}

export interface OpeningOutcome {
  file: { name: string; format: FileFormat; sheet: string; rows: number; sha256: string };
  /** Every problem found, as `sheet/row N: field: message`; nothing is written when there is one. */
  problems: string[];
  /** What was created and what was already there (for a dry run: what would be created). */
  summary: OpeningSummary;
  written: boolean;
}

export interface OpeningOptions {
  dryRun: boolean;
  /** Called after each record posted, with how many of how many. */
  onProgress?: (done: number, total: number) => void;
  /** Called inside the import's transaction once everything is posted (e.g. to append an audit row). */
  beforeCommit?: (outcome: OpeningOutcome) => Promise<void>;
  actorTokenId?: string;
}

/** A domain service refused a record while posting: everything posted before it is rolled back. */
export class OpeningRecordRefused extends Error {
  constructor(
    readonly source: SourceRow,
    readonly reason: string,
  ) {
    super(formatProblem({ sheet: source.sheet, row: source.row, message: `refused: ${reason}; nothing was written` }));
    this.name = 'OpeningRecordRefused';
  }
}

/**
 * Imports an opening position (members, budgets, assessments and payments from a secretariat's
 * spreadsheet history) through the same services the API uses. Every row is checked first; one
 * problem anywhere and nothing is written. The import runs as one database transaction, so a
 * record a service refuses half-way leaves nothing behind either. Records already in the database
 * with the same content are skipped, so running a file again adds nothing.
 */
@Injectable()
export class OpeningPositionService {
  constructor(
    private readonly db: TransactionRunner,
    private readonly members: MembersService,
    private readonly budgets: BudgetsService,
    private readonly assessments: AssessmentsService,
    private readonly payments: PaymentsService,
    private readonly policies: PoliciesService,
    private readonly bankAccounts: BankAccountsService,
    private readonly repository: OpeningPositionRepository,
    private readonly fiscalYears: FiscalYearsService,
  ) {}

  async import(fileName: string, bytes: Buffer, options: OpeningOptions): Promise<OpeningOutcome> {
    const parsed = await parseOpeningPosition(fileName, bytes);
    const file = {
      name: fileName,
      format: parsed.format,
      sheet: parsed.sheet,
      rows: parsed.rows.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    };
    return this.db.run(async (m) => {
      await this.repository.lockImports(m);
      const facts = await this.facts(m, parsed.rows);
      const { problems, plan } = validateOpeningPosition(parsed.rows, facts);
      const all: Problem[] = sortProblems([...parsed.problems, ...problems]);
      const outcome: OpeningOutcome = {
        file,
        problems: all.map(formatProblem),
        summary: summaryOf(plan),
        written: false,
      };
      if (all.length > 0 || options.dryRun) return outcome;
      await this.post(plan, options);
      outcome.written = true;
      await options.beforeCommit?.(outcome);
      return outcome;
    });
  }

  /** What the database holds about the file's members, fiscal years and payments. */
  private async facts(m: EntityManager, rows: readonly SourceRow[]): Promise<DatabaseFacts> {
    const policies = await this.policies.get(m);
    const years = new Set<number>();
    const codes = new Set<string>();
    const references: string[] = [];
    const keys: string[] = [];
    for (const r of rows) {
      for (const value of [r.cells.fiscal_year, r.cells.designated_fiscal_year]) {
        if (value !== undefined && /^\d{4}$/.test(value)) years.add(Number(value));
      }
      if (r.cells.member !== undefined) codes.add(r.cells.member);
      if (r.kind === 'payment' && r.cells.member !== undefined && r.cells.reference !== undefined) {
        references.push(r.cells.reference);
        keys.push(importKeyOf(r.cells.member, r.cells.reference));
      }
    }
    const budgets = new Map<number, BudgetVersion[]>();
    for (const year of [...years].sort()) {
      const stored = await this.budgets.year(m, year);
      if (stored) budgets.set(year, stored.history);
    }
    const members = (await this.members.list()).filter((r) => codes.has(r.code));
    return {
      baseCurrency: policies.baseCurrency,
      fiscalYearStartMonth: policies.fiscalYearStartMonth,
      defaultBankAccount: policies.defaultBankAccount,
      bankAccounts: new Map((await this.bankAccounts.list(m)).map((b) => [b.code, b])),
      members: new Map(members.map((r) => [r.code, r])),
      budgets,
      payments: await this.repository.paymentsMatching(m, [...codes], references, keys),
      lastClosedYear: await this.fiscalYears.lastClosedYear(m),
    };
  }

  /**
   * Members first, then budgets, then assessments and payments in date order (an assessment
   * before a payment of the same day), as they happened: each payment then meets the
   * assessments outstanding on its date, and an advance the assessment that follows it.
   */
  private async post(plan: OpeningPlan, options: OpeningOptions): Promise<void> {
    const events: (
      { kind: 'assessment'; date: string; a: PlannedAssessment } | { kind: 'payment'; date: string; p: PlannedPayment }
    )[] = [
      ...plan.assessments
        .filter((a) => a.action === 'create')
        .map((a) => ({ kind: 'assessment' as const, date: a.effectiveOn, a })),
      ...plan.payments
        .filter((p) => p.action === 'create')
        .map((p) => ({ kind: 'payment' as const, date: p.input.receivedOn, p })),
    ];
    events.sort((x, y) =>
      x.date !== y.date ? (x.date < y.date ? -1 : 1) : x.kind !== y.kind ? (x.kind === 'assessment' ? -1 : 1) : 0,
    );
    const newMembers = plan.members.filter((r) => r.action === 'create');
    const newBudgets = plan.budgets.filter((r) => r.action === 'create');
    const total = newMembers.length + newBudgets.length + events.length;
    let done = 0;
    const step = async (source: SourceRow, work: () => Promise<unknown>): Promise<void> => {
      try {
        await work();
      } catch (error) {
        if (error instanceof DomainError) throw new OpeningRecordRefused(source, error.message);
        throw error;
      }
      options.onProgress?.(++done, total);
    };
    options.onProgress?.(0, total);
    const actor = options.actorTokenId;
    for (const r of newMembers) await step(r.source, () => this.members.create(r.input));
    for (const r of newBudgets) await step(r.source, () => this.budgets.create(r.input, actor));
    for (const e of events) {
      if (e.kind === 'assessment') {
        await step(e.a.source, () => this.assessments.assess(e.a.fiscalYear, e.a.assessedOn, actor));
      } else {
        await step(e.p.source, () => this.payments.record(e.p.input, actor));
      }
    }
  }
}

function summaryOf(plan: OpeningPlan): OpeningSummary {
  const tally = (items: readonly { action: 'create' | 'present' }[]): Tally => ({
    created: items.filter((i) => i.action === 'create').length,
    present: items.filter((i) => i.action === 'present').length,
  });
  return {
    members: tally(plan.members),
    budgets: tally(plan.budgets),
    assessments: tally(plan.assessments),
    payments: tally(plan.payments),
  };
}
