import { Injectable } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Dec, DomainError, ErrorCode, formatAmount, minorUnits, notFound } from '@app/common';
import { TransactionRunner } from '@app/database';
import { EntryRow, fiscalYearBounds, LedgerService, PoliciesService, PostingLine } from '@app/ledger';
import { assessmentAmounts } from '../domain/budget-rules';
import {
  advanceLines,
  AssessmentPlan,
  assertAssessable,
  assessmentDate,
  assessmentLines,
  MemberAllocation,
  MemberChange,
  memberChanges,
  planAssessment,
  totalsByMember,
} from '../domain/assessment-plan';
import { MembersRepository } from '../members/members.repository';
import { RegisterRepository } from '../register/register.repository';
import { chunk, line, MEMBERS_PER_ENTRY, RECEIVABLE, WRITTEN_OFF } from '../shared/postings';
import { AssessmentRow, AssessmentRunRow, BudgetRow, BudgetsRepository } from './budgets.repository';

export interface AssessmentResult {
  fiscalYear: number;
  version: number;
  assessedOn: string;
  entryIds: string[];
  assessments: { member: string; amount: string; difference: string }[];
  advancesApplied: { member: string; amount: string }[];
  releasedToAdvance: { member: string; amount: string }[];
  writeOffsReduced: { member: string; amount: string }[];
}

/**
 * Assessing a budget version: each member's share of the total is posted as receivable (Dr 1100
 * per member / Cr 4100, fund GEN), then each member's advance is applied to it. Assessing a
 * revision posts only the difference from the version assessed before it; a lowered assessment
 * that leaves the year settled beyond what is now owed gives written-off amounts back first, then
 * returns payments' money to their advance.
 */
@Injectable()
export class AssessmentsService {
  constructor(
    private readonly db: TransactionRunner,
    private readonly budgets: BudgetsRepository,
    private readonly members: MembersRepository,
    private readonly register: RegisterRepository,
    private readonly ledger: LedgerService,
    private readonly policies: PoliciesService,
  ) {}

  assess(fiscalYear: number, assessedOn: string | undefined, actorTokenId?: string): Promise<AssessmentResult> {
    return this.db.run(async (m) => {
      const { baseCurrency, fiscalYearStartMonth } = await this.policies.get(m);
      const { budget, previous } = await this.unassessedBudget(m, fiscalYear);
      const date = assessmentDate({
        assessedOn,
        previous,
        approvalDate: budget.approvalDate,
        startsOn: fiscalYearBounds(fiscalYear, fiscalYearStartMonth).startsOn,
      });
      const amounts = await this.amountsOf(m, budget, baseCurrency);
      const changes = memberChanges(amounts, await this.previousAmounts(m, fiscalYear, previous));
      const locked = await this.members.lock(
        m,
        changes.map((c) => c.member),
      );
      assertAssessable(locked, amounts, fiscalYear, fiscalYearStartMonth);
      const moving = changes.filter((c) => !c.delta.isZero());
      const books = await this.register.loadBooks(
        m,
        moving.map((c) => c.member),
      );
      const plan = planAssessment(books, moving, fiscalYear, date);

      const run: Run = { fiscalYear, date, budget, baseCurrency, actorTokenId, entryIds: [] };
      await this.storeAssessments(m, run, changes, moving);
      await this.moveAdvances(m, run, plan.applied, 'apply');
      await this.moveAdvances(m, run, plan.released, 'release');
      await this.giveBackWriteOffs(m, run, plan.writeOffsReduced);
      books.forEach((b) => b.assertSound());
      return assessmentResult(run, amounts, changes, plan);
    });
  }

  /** The year's current budget, locked, not yet assessed (409 otherwise), and the last run before it. */
  private async unassessedBudget(
    m: EntityManager,
    fiscalYear: number,
  ): Promise<{ budget: BudgetRow; previous: AssessmentRunRow | undefined }> {
    await this.budgets.lockYear(m, fiscalYear);
    const budget = await this.budgets.current(m, fiscalYear);
    if (!budget) throw notFound('budget for fiscal year', String(fiscalYear));
    const runs = await this.budgets.runs(m, fiscalYear);
    const done = runs.find((r) => r.version === budget.version);
    if (done) {
      throw new DomainError(
        ErrorCode.AlreadyExists,
        `version ${budget.version} of the ${fiscalYear} budget was already assessed on ${done.assessedOn}; a change needs a revised budget`,
      );
    }
    return { budget, previous: runs.at(-1) };
  }

  /** Each member's assessment under the budget's scale. */
  private async amountsOf(m: EntityManager, budget: BudgetRow, baseCurrency: string): Promise<Map<string, Decimal>> {
    const scale = await this.budgets.scales(m, budget.fiscalYear, budget.version);
    return assessmentAmounts(
      new Dec(budget.total),
      budget.scaleKind,
      scale.map((s) => ({ member: s.member, value: new Dec(s.share ?? s.amount ?? '0') })),
      minorUnits(baseCurrency),
    );
  }

  /** What the previous run assessed each member (nothing before the first run). */
  private async previousAmounts(
    m: EntityManager,
    fiscalYear: number,
    previous: AssessmentRunRow | undefined,
  ): Promise<Map<string, Decimal>> {
    if (!previous) return new Map();
    const rows = await this.budgets.assessments(m, fiscalYear, previous.version);
    return new Map(rows.map((a) => [a.member, new Dec(a.amount)]));
  }

  /** Posts the changed members' assessments (Dr/Cr 1100 / 4100), then records the run and every member's row. */
  private async storeAssessments(
    m: EntityManager,
    run: Run,
    changes: readonly MemberChange[],
    moving: readonly MemberChange[],
  ): Promise<void> {
    const { fiscalYear, budget, date, baseCurrency } = run;
    const description = `Assessed contributions FY ${fiscalYear}, budget version ${budget.version} (${budget.approvalReference})`;
    const entryOf = new Map<string, string>();
    for (const group of chunk(moving, MEMBERS_PER_ENTRY)) {
      const entry = await this.post(
        m,
        run,
        description,
        'assessment',
        `${fiscalYear}/v${budget.version}`,
        assessmentLines(group),
      );
      group.forEach((c) => entryOf.set(c.member, entry.id));
    }
    await this.budgets.insertRun(
      m,
      { fiscalYear, version: budget.version, assessedOn: date, entryId: run.entryIds[0] ?? null },
      run.actorTokenId,
    );
    const rows: AssessmentRow[] = changes.map((c) => ({
      fiscalYear,
      version: budget.version,
      member: c.member,
      amount: formatAmount(c.amount, baseCurrency),
      delta: formatAmount(c.delta, baseCurrency),
      assessedOn: date,
      entryId: entryOf.get(c.member) ?? null,
    }));
    await this.budgets.insertAssessments(m, rows);
  }

  /** Posts advances applied (Dr 2100 / Cr 1100) or released (Dr 1100 / Cr 2100) per member, and records them. */
  private async moveAdvances(
    m: EntityManager,
    run: Run,
    allocations: readonly MemberAllocation[],
    direction: 'apply' | 'release',
  ): Promise<void> {
    if (allocations.length === 0) return;
    const { fiscalYear, baseCurrency } = run;
    const totals = totalsByMember(allocations);
    for (const group of chunk([...totals.keys()], MEMBERS_PER_ENTRY)) {
      const entry = await this.post(
        m,
        run,
        direction === 'apply'
          ? `Advances applied to the FY ${fiscalYear} assessment`
          : `Paid beyond the lowered FY ${fiscalYear} assessment, returned to advances`,
        'advance',
        String(fiscalYear),
        advanceLines(direction, new Map(group.map((member) => [member, totals.get(member) ?? new Dec(0)]))),
      );
      await this.register.insertAllocations(
        m,
        allocations
          .filter((a) => group.includes(a.member))
          .map((a) => ({
            paymentId: a.paymentId,
            member: a.member,
            fiscalYear: a.fiscalYear,
            kind: a.kind,
            amount: formatAmount(a.amount, baseCurrency),
            effectiveOn: a.date,
            entryId: entry.id,
          })),
      );
    }
  }

  /** Posts written-off amounts given back (Dr 1100 / Cr 5700) and records them as reductions. */
  private async giveBackWriteOffs(
    m: EntityManager,
    run: Run,
    reductions: readonly { member: string; amount: Decimal }[],
  ): Promise<void> {
    const { fiscalYear, budget, date, baseCurrency } = run;
    for (const group of chunk(reductions, MEMBERS_PER_ENTRY)) {
      const entry = await this.post(
        m,
        run,
        `Write-offs given back: FY ${fiscalYear} assessment lowered by budget version ${budget.version}`,
        'write_off',
        `${fiscalYear}/v${budget.version}`,
        group.flatMap((w) => [line(RECEIVABLE, 'debit', w.amount, w.member), line(WRITTEN_OFF, 'credit', w.amount)]),
      );
      await this.register.insertWriteOffs(
        m,
        group.map((w) => ({
          id: randomUUID(),
          member: w.member,
          fiscalYear,
          kind: 'reduction' as const,
          amount: formatAmount(w.amount, baseCurrency),
          effectiveOn: date,
          decision: {
            meeting: budget.approvalMeeting,
            date: budget.approvalDate,
            reference: budget.approvalReference,
          },
          entryId: entry.id,
        })),
        run.actorTokenId,
      );
    }
  }

  /** Posts one entry of the run on its date and notes its id. */
  private async post(
    m: EntityManager,
    run: Run,
    description: string,
    source: 'assessment' | 'advance' | 'write_off',
    sourceId: string,
    lines: PostingLine[],
  ): Promise<EntryRow> {
    const entry = await this.ledger.post(
      { date: run.date, description, source, sourceId, actorTokenId: run.actorTokenId, lines },
      m,
    );
    run.entryIds.push(entry.id);
    return entry;
  }
}

/** One assessment run as it is posted: its entries in the order posted. */
function assessmentResult(
  run: Run,
  amounts: ReadonlyMap<string, Decimal>,
  changes: readonly MemberChange[],
  plan: AssessmentPlan,
): AssessmentResult {
  const base = run.baseCurrency;
  const byMember = (list: readonly MemberAllocation[]): { member: string; amount: string }[] =>
    [...totalsByMember(list)].map(([member, amount]) => ({ member, amount: formatAmount(amount, base) }));
  return {
    fiscalYear: run.fiscalYear,
    version: run.budget.version,
    assessedOn: run.date,
    entryIds: run.entryIds,
    assessments: changes
      .filter((c) => amounts.has(c.member) || !c.delta.isZero())
      .map((c) => ({
        member: c.member,
        amount: formatAmount(c.amount, base),
        difference: formatAmount(c.delta, base),
      })),
    advancesApplied: byMember(plan.applied),
    releasedToAdvance: byMember(plan.released),
    writeOffsReduced: plan.writeOffsReduced.map((w) => ({
      member: w.member,
      amount: formatAmount(w.amount, base),
    })),
  };
}

interface Run {
  fiscalYear: number;
  date: string;
  budget: BudgetRow;
  baseCurrency: string;
  actorTokenId: string | undefined;
  entryIds: string[];
}
