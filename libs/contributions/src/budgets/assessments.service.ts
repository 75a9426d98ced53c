import { Injectable } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Dec, DomainError, ErrorCode, formatAmount, minorUnits, notFound } from '@app/common';
import { TransactionRunner } from '@app/database';
import { EntryRow, fiscalYearBounds, LedgerService, PoliciesRepository, PostingLine } from '@app/ledger';
import { assessmentAmounts } from '../domain/budget-rules';
import { isAssessable } from '../domain/eligibility';
import { MemberBook, PlannedAllocation } from '../domain/member-book';
import { planAdvanceApplication, planReduction } from '../domain/payment-allocation';
import { MembersRepository } from '../members/members.repository';
import { RegisterRepository } from '../register/register.repository';
import {
  ADVANCES,
  ASSESSED_REVENUE,
  chunk,
  line,
  MEMBERS_PER_ENTRY,
  RECEIVABLE,
  WRITTEN_OFF,
} from '../shared/postings';
import { AssessmentRow, BudgetsRepository } from './budgets.repository';

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

interface MemberChange {
  member: string;
  amount: Decimal;
  delta: Decimal;
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
    private readonly policies: PoliciesRepository,
  ) {}

  assess(fiscalYear: number, assessedOn: string | undefined, actorTokenId?: string): Promise<AssessmentResult> {
    return this.db.run(async (m) => {
      const { baseCurrency, fiscalYearStartMonth } = await this.policies.get(m);
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
      const previous = runs[runs.length - 1];
      const bounds = fiscalYearBounds(fiscalYear, fiscalYearStartMonth);
      const date =
        assessedOn ??
        (previous ? (budget.approvalDate > bounds.startsOn ? budget.approvalDate : bounds.startsOn) : bounds.startsOn);
      if (previous && date < previous.assessedOn) {
        throw new DomainError(
          ErrorCode.BusinessRule,
          `assessedOn must be on or after ${previous.assessedOn}, when version ${previous.version} was assessed`,
          [{ field: 'assessedOn', message: `must be on or after ${previous.assessedOn}` }],
        );
      }

      const scale = await this.budgets.scales(m, fiscalYear, budget.version);
      const amounts = assessmentAmounts(
        new Dec(budget.total),
        budget.scaleKind,
        scale.map((s) => ({ member: s.member, value: new Dec(s.share ?? s.amount ?? '0') })),
        minorUnits(baseCurrency),
      );
      const before = new Map(
        previous
          ? (await this.budgets.assessments(m, fiscalYear, previous.version)).map((a) => [a.member, new Dec(a.amount)])
          : [],
      );
      const codes = [...new Set([...amounts.keys(), ...before.keys()])].sort();
      const locked = await this.members.lock(m, codes);
      const stranded = locked.filter(
        (r) => (amounts.get(r.code) ?? new Dec(0)).gt(0) && !isAssessable(r, fiscalYear, fiscalYearStartMonth),
      );
      if (stranded.length > 0) {
        throw new DomainError(
          ErrorCode.BusinessRule,
          `not a member during fiscal year ${fiscalYear}, so not assessable: ${stranded.map((r) => r.code).join(', ')}; revise the budget's scale`,
        );
      }
      const changes: MemberChange[] = codes.map((member) => {
        const amount = amounts.get(member) ?? new Dec(0);
        return { member, amount, delta: amount.minus(before.get(member) ?? new Dec(0)) };
      });
      const moving = changes.filter((c) => !c.delta.isZero());
      const books = await this.register.loadBooks(
        m,
        moving.map((c) => c.member),
      );
      for (const c of moving.filter((x) => x.delta.lt(0))) {
        const last = bookOf(books, c.member).lastEventDate(fiscalYear);
        if (last !== null && date < last) {
          throw new DomainError(
            ErrorCode.BusinessRule,
            `the revision lowers ${c.member}'s assessment, which has entries up to ${last}; date it (assessedOn) on or after ${last}`,
            [{ field: 'assessedOn', message: `must be on or after ${last}` }],
          );
        }
      }

      const description = `Assessed contributions FY ${fiscalYear}, budget version ${budget.version} (${budget.approvalReference})`;
      const entryOf = new Map<string, string>();
      const entryIds: string[] = [];
      for (const group of chunk(moving, MEMBERS_PER_ENTRY)) {
        const entry = await this.post(
          m,
          date,
          description,
          'assessment',
          `${fiscalYear}/v${budget.version}`,
          actorTokenId,
          assessmentLines(group),
        );
        entryIds.push(entry.id);
        group.forEach((c) => entryOf.set(c.member, entry.id));
      }
      await this.budgets.insertRun(
        m,
        { fiscalYear, version: budget.version, assessedOn: date, entryId: entryIds[0] ?? null },
        actorTokenId,
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

      const applied: PlannedAllocation[] = [];
      const released: PlannedAllocation[] = [];
      const writeOffsReduced: { member: string; amount: Decimal }[] = [];
      const appliedBy = new Map<PlannedAllocation, string>();
      for (const c of moving) {
        const book = bookOf(books, c.member);
        book.addAssessment({ fiscalYear, date, delta: c.delta });
        if (c.delta.gt(0)) {
          for (const a of planAdvanceApplication(book, fiscalYear, date)) {
            applied.push(a);
            appliedBy.set(a, c.member);
          }
        } else {
          const plan = planReduction(book, fiscalYear, date);
          for (const r of plan.releases) {
            released.push(r);
            appliedBy.set(r, c.member);
          }
          if (plan.writeOffReduction.gt(0)) writeOffsReduced.push({ member: c.member, amount: plan.writeOffReduction });
        }
      }

      const memberOf = (a: PlannedAllocation): string => appliedBy.get(a) ?? '';
      await this.moveAdvances(m, applied, memberOf, 'apply', date, fiscalYear, actorTokenId, entryIds);
      await this.moveAdvances(m, released, memberOf, 'release', date, fiscalYear, actorTokenId, entryIds);
      for (const group of chunk(writeOffsReduced, MEMBERS_PER_ENTRY)) {
        const entry = await this.post(
          m,
          date,
          `Write-offs given back: FY ${fiscalYear} assessment lowered by budget version ${budget.version}`,
          'write_off',
          `${fiscalYear}/v${budget.version}`,
          actorTokenId,
          group.flatMap((w) => [line(RECEIVABLE, 'debit', w.amount, w.member), line(WRITTEN_OFF, 'credit', w.amount)]),
        );
        entryIds.push(entry.id);
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
          actorTokenId,
        );
      }
      books.forEach((b) => b.assertSound());

      const byMember = (list: readonly PlannedAllocation[]): { member: string; amount: string }[] => {
        const totals = new Map<string, Decimal>();
        for (const a of list) totals.set(memberOf(a), (totals.get(memberOf(a)) ?? new Dec(0)).plus(a.amount));
        return [...totals]
          .sort((x, y) => (x[0] < y[0] ? -1 : 1))
          .map(([member, amount]) => ({ member, amount: formatAmount(amount, baseCurrency) }));
      };
      return {
        fiscalYear,
        version: budget.version,
        assessedOn: date,
        entryIds,
        assessments: changes
          .filter((c) => amounts.has(c.member) || !c.delta.isZero())
          .map((c) => ({
            member: c.member,
            amount: formatAmount(c.amount, baseCurrency),
            difference: formatAmount(c.delta, baseCurrency),
          })),
        advancesApplied: byMember(applied),
        releasedToAdvance: byMember(released),
        writeOffsReduced: writeOffsReduced.map((w) => ({
          member: w.member,
          amount: formatAmount(w.amount, baseCurrency),
        })),
      };
    });
  }

  /** Posts advances applied (Dr 2100 / Cr 1100) or released (Dr 1100 / Cr 2100) per member, and records them. */
  private async moveAdvances(
    m: EntityManager,
    allocations: readonly PlannedAllocation[],
    memberOf: (a: PlannedAllocation) => string,
    direction: 'apply' | 'release',
    date: string,
    fiscalYear: number,
    actorTokenId: string | undefined,
    entryIds: string[],
  ): Promise<void> {
    if (allocations.length === 0) return;
    const { baseCurrency } = await this.policies.get(m);
    const totals = new Map<string, Decimal>();
    for (const a of allocations) totals.set(memberOf(a), (totals.get(memberOf(a)) ?? new Dec(0)).plus(a.amount));
    const members = [...totals.keys()].sort();
    for (const group of chunk(members, MEMBERS_PER_ENTRY)) {
      const lines = group.flatMap((member) => {
        const amount = totals.get(member) ?? new Dec(0);
        return direction === 'apply'
          ? [line(ADVANCES, 'debit', amount, member), line(RECEIVABLE, 'credit', amount, member)]
          : [line(RECEIVABLE, 'debit', amount, member), line(ADVANCES, 'credit', amount, member)];
      });
      const entry = await this.post(
        m,
        date,
        direction === 'apply'
          ? `Advances applied to the FY ${fiscalYear} assessment`
          : `Paid beyond the lowered FY ${fiscalYear} assessment, returned to advances`,
        'advance',
        String(fiscalYear),
        actorTokenId,
        lines,
      );
      entryIds.push(entry.id);
      await this.register.insertAllocations(
        m,
        allocations
          .filter((a) => group.includes(memberOf(a)))
          .map((a) => ({
            paymentId: a.paymentId,
            member: memberOf(a),
            fiscalYear: a.fiscalYear,
            kind: a.kind,
            amount: formatAmount(a.amount, baseCurrency),
            effectiveOn: a.date,
            entryId: entry.id,
          })),
      );
    }
  }

  private post(
    m: EntityManager,
    date: string,
    description: string,
    source: 'assessment' | 'advance' | 'write_off',
    sourceId: string,
    actorTokenId: string | undefined,
    lines: PostingLine[],
  ): Promise<EntryRow> {
    return this.ledger.post({ date, description, source, sourceId, actorTokenId, lines }, m);
  }
}

function bookOf(books: Map<string, MemberBook>, member: string): MemberBook {
  const book = books.get(member);
  if (!book) throw new Error(`book of ${member} not loaded`);
  return book;
}

/** Dr 1100 per member for increases, Cr 1100 for decreases, against 4100 (one line each way). */
function assessmentLines(changes: readonly MemberChange[]): PostingLine[] {
  const lines: PostingLine[] = [];
  let up = new Dec(0);
  let down = new Dec(0);
  for (const c of changes) {
    if (c.delta.gt(0)) {
      lines.push(line(RECEIVABLE, 'debit', c.delta, c.member));
      up = up.plus(c.delta);
    } else {
      lines.push(line(RECEIVABLE, 'credit', c.delta.negated(), c.member));
      down = down.plus(c.delta.negated());
    }
  }
  if (up.gt(0)) lines.push(line(ASSESSED_REVENUE, 'credit', up));
  if (down.gt(0)) lines.push(line(ASSESSED_REVENUE, 'debit', down));
  return lines;
}
