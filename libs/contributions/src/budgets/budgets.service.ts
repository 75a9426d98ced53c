import { Injectable } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import { EntityManager } from 'typeorm';
import {
  Dec,
  DomainError,
  ErrorCode,
  FieldError,
  formatAmount,
  minorUnits,
  notFound,
  parseAmount,
  parsePositiveAmount,
  validationError,
  validationErrors,
} from '@app/common';
import { TransactionRunner } from '@app/database';
import { PoliciesService } from '@app/ledger';
import {
  assessmentAmounts,
  budgetProblems,
  ineligibleScaleMembers,
  ScaleEntry,
  ScaleKind,
  unknownScaleMembers,
} from '../domain/budget-rules';
import { MembersRepository } from '../members/members.repository';
import { Decision } from '../shared/dto';
import { AssessmentRunRow, BudgetLineRow, BudgetRow, BudgetsRepository, ScaleRow } from './budgets.repository';

export interface NewBudget {
  fiscalYear: number;
  total: string;
  currency: string;
  approval: Decision;
  lines: { code: string; name: string; amount: string }[];
  scale: { member: string; share?: string; amount?: string }[];
}

/** One version of a fiscal year's budget, as the API and the reports show it. */
export interface BudgetVersion {
  fiscalYear: number;
  version: number;
  total: string;
  currency: string;
  approval: Decision;
  lines: { code: string; name: string; amount: string }[];
  scaleKind: ScaleKind;
  scale: { member: string; share?: string; amount?: string; assessment: string }[];
  assessed: { assessedOn: string; entryId: string | null } | null;
  createdAt: string;
}

export interface BudgetYear {
  fiscalYear: number;
  current: BudgetVersion;
  history: BudgetVersion[];
}

export interface BudgetSummary {
  fiscalYear: number;
  version: number;
  total: string;
  currency: string;
  approval: Decision;
  assessedVersion: number | null;
}

/**
 * Budgets per fiscal year with their lines and scale of assessments. A second budget for a year
 * is a revision: a new version, the earlier ones kept as they were.
 */
@Injectable()
export class BudgetsService {
  constructor(
    private readonly db: TransactionRunner,
    private readonly budgets: BudgetsRepository,
    private readonly members: MembersRepository,
    private readonly policies: PoliciesService,
  ) {}

  create(input: NewBudget, actorTokenId?: string): Promise<BudgetVersion> {
    return this.db.run(async (m) => {
      const { baseCurrency, fiscalYearStartMonth } = await this.policies.get(m);
      const budget = readBudget(input, baseCurrency);
      await this.assertScaleMembers(m, input.fiscalYear, budget.entries, fiscalYearStartMonth);
      await this.budgets.lockYear(m, input.fiscalYear);
      const current = await this.budgets.current(m, input.fiscalYear);
      const version = (current?.version ?? 0) + 1;
      await this.store(m, input, budget, version, actorTokenId);
      const year = await this.year(m, input.fiscalYear);
      if (!year || year.current.version !== version)
        throw new Error(`post-condition failed: budget ${input.fiscalYear} v${version} not stored`);
      return year.current;
    });
  }

  /** Every member of the scale exists and is a member during the fiscal year it is assessed for. */
  private async assertScaleMembers(
    m: EntityManager,
    fiscalYear: number,
    entries: readonly ScaleEntry[],
    startMonth: number,
  ): Promise<void> {
    const codes = entries.map((e) => e.member);
    const known = await this.members.findMany(m, codes);
    const unknown = unknownScaleMembers(entries, new Set(known.map((k) => k.code)));
    if (unknown.length > 0) throw validationErrors(unknown);
    const ineligible = ineligibleScaleMembers(entries, known, fiscalYear, startMonth);
    if (ineligible.length > 0) {
      throw new DomainError(
        ErrorCode.BusinessRule,
        `not a member during fiscal year ${fiscalYear}, so not assessable: ${ineligible.map((k) => `${k.code} (joined ${k.joinedOn}${k.leftOn ? `, left ${k.leftOn}` : ''})`).join(', ')}`,
        ineligible.map((k) => ({
          field: `scale[${codes.indexOf(k.code)}].member`,
          message: 'not a member during that fiscal year',
        })),
      );
    }
  }

  private store(
    m: EntityManager,
    input: NewBudget,
    budget: ReadBudget,
    version: number,
    actorTokenId: string | undefined,
  ): Promise<void> {
    const { baseCurrency, kind } = budget;
    return this.budgets.insertBudget(
      m,
      {
        fiscalYear: input.fiscalYear,
        version,
        total: formatAmount(budget.total, baseCurrency),
        currency: baseCurrency,
        scaleKind: kind,
        approvalMeeting: input.approval.meeting,
        approvalDate: input.approval.date,
        approvalReference: input.approval.reference,
      },
      budget.lines.map((l, i) => ({
        lineNo: i + 1,
        code: l.code,
        name: l.name,
        amount: formatAmount(l.amount, baseCurrency),
      })),
      budget.entries.map((e) => ({
        member: e.member,
        share: kind === 'share' ? e.value.toFixed() : null,
        amount: kind === 'amount' ? formatAmount(e.value, baseCurrency) : null,
      })),
      actorTokenId,
    );
  }

  get(fiscalYear: number): Promise<BudgetYear> {
    return this.db.run(async (m) => {
      const year = await this.year(m, fiscalYear);
      if (!year) throw notFound('budget for fiscal year', String(fiscalYear));
      return year;
    });
  }

  list(): Promise<BudgetSummary[]> {
    return this.db.run(async (m) => {
      const [versions, runs] = [await this.budgets.versions(m), await this.budgets.runs(m)];
      const latest = new Map<number, BudgetRow>();
      for (const v of versions) latest.set(v.fiscalYear, v);
      return [...latest.values()].map((b) => ({
        fiscalYear: b.fiscalYear,
        version: b.version,
        total: b.total,
        currency: b.currency,
        approval: approvalOf(b),
        assessedVersion: runs
          .filter((r) => r.fiscalYear === b.fiscalYear)
          .reduce<number | null>((v, r) => Math.max(v ?? 0, r.version), null),
      }));
    });
  }

  /**
   * The budget lines in force for a fiscal year as at a date: those of the latest version
   * approved on or before it (for budget execution and the financial statements).
   */
  async linesAsAt(
    m: EntityManager,
    fiscalYear: number,
    asOf: string,
  ): Promise<{ version: number; lines: { code: string; name: string; amount: string }[] } | null> {
    const versions = (await this.budgets.versions(m, fiscalYear)).filter((v) => v.approvalDate <= asOf);
    const chosen = versions[versions.length - 1];
    if (!chosen) return null;
    const lines = (await this.budgets.lines(m, fiscalYear)).filter((l) => l.version === chosen.version);
    return { version: chosen.version, lines: lines.map((l) => ({ code: l.code, name: l.name, amount: l.amount })) };
  }

  /** Every version of a year with its lines, scale, computed assessments and assessment run. */
  async year(m: EntityManager, fiscalYear: number): Promise<BudgetYear | undefined> {
    const versions = await this.budgets.versions(m, fiscalYear);
    if (versions.length === 0) return undefined;
    const [lines, scales, runs] = [
      await this.budgets.lines(m, fiscalYear),
      await this.budgets.scales(m, fiscalYear),
      await this.budgets.runs(m, fiscalYear),
    ];
    const { baseCurrency } = await this.policies.get(m);
    const history = versions.map((v) => toVersion(v, lines, scales, runs, baseCurrency));
    return { fiscalYear, current: history[history.length - 1], history };
  }
}

/** A budget's figures read at the base currency's scale. */
interface ReadBudget {
  baseCurrency: string;
  total: Decimal;
  lines: { code: string; name: string; amount: Decimal }[];
  kind: ScaleKind;
  entries: ScaleEntry[];
}

/** The budget's figures, refused (400, every problem named) unless in the base currency and adding up exactly. */
function readBudget(input: NewBudget, baseCurrency: string): ReadBudget {
  if (input.currency !== baseCurrency) {
    throw validationError(
      'currency',
      `budgets are kept in the base currency ${baseCurrency}; '${input.currency}' is not it`,
    );
  }
  const total = parsePositiveAmount(input.total, baseCurrency, 'total');
  const lines = input.lines.map((l, i) => ({
    ...l,
    amount: parseAmount(l.amount, baseCurrency, `lines[${i}].amount`),
  }));
  const { kind, entries } = readScale(input.scale, baseCurrency);
  const problems = budgetProblems(total, lines, kind, entries);
  if (problems.length > 0) throw validationErrors(problems);
  return { baseCurrency, total, lines, kind, entries };
}

function readScale(scale: NewBudget['scale'], baseCurrency: string): { kind: ScaleKind; entries: ScaleEntry[] } {
  const errors: FieldError[] = [];
  scale.forEach((s, i) => {
    if ((s.share === undefined) === (s.amount === undefined)) {
      errors.push({ field: `scale[${i}]`, message: 'give either a share or an amount' });
    }
  });
  const kind: ScaleKind = scale[0]?.share !== undefined ? 'share' : 'amount';
  scale.forEach((s, i) => {
    if (
      (kind === 'share' && s.amount !== undefined && s.share === undefined) ||
      (kind === 'amount' && s.share !== undefined && s.amount === undefined)
    ) {
      errors.push({ field: `scale[${i}]`, message: 'a scale is either all shares or all fixed amounts' });
    }
  });
  if (errors.length > 0) throw validationErrors(errors);
  const entries = scale.map((s, i) => ({
    member: s.member,
    value: kind === 'share' ? new Dec(s.share ?? '0') : parseAmount(s.amount, baseCurrency, `scale[${i}].amount`),
  }));
  return { kind, entries };
}

const approvalOf = (b: BudgetRow): Decision => ({
  meeting: b.approvalMeeting,
  date: b.approvalDate,
  reference: b.approvalReference,
});

function toVersion(
  b: BudgetRow,
  lines: readonly BudgetLineRow[],
  scales: readonly ScaleRow[],
  runs: readonly AssessmentRunRow[],
  baseCurrency: string,
): BudgetVersion {
  const scale = scales.filter((s) => s.version === b.version);
  const entries: ScaleEntry[] = scale.map((s) => ({ member: s.member, value: new Dec(s.share ?? s.amount ?? '0') }));
  const amounts = assessmentAmounts(new Dec(b.total), b.scaleKind, entries, minorUnits(baseCurrency));
  const run = runs.find((r) => r.version === b.version);
  const amountOf = (member: string): Decimal => amounts.get(member) ?? new Dec(0);
  return {
    fiscalYear: b.fiscalYear,
    version: b.version,
    total: b.total,
    currency: b.currency,
    approval: approvalOf(b),
    lines: lines.filter((l) => l.version === b.version).map((l) => ({ code: l.code, name: l.name, amount: l.amount })),
    scaleKind: b.scaleKind,
    scale: scale.map((s) => ({
      member: s.member,
      ...(s.share !== null ? { share: s.share } : { amount: s.amount ?? '0' }),
      assessment: formatAmount(amountOf(s.member), baseCurrency),
    })),
    assessed: run ? { assessedOn: run.assessedOn, entryId: run.entryId } : null,
    createdAt: new Date(b.createdAt).toISOString(),
  };
}
