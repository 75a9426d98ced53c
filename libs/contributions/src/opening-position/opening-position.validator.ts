import { Decimal } from 'decimal.js';
import { Dec } from '@app/common';
import { fiscalPosition, fiscalYearBounds } from '@app/ledger';
import type { BudgetVersion, NewBudget } from '../budgets/budgets.service';
import { budgetProblems, ScaleEntry, ScaleKind } from '../domain/budget-rules';
import { isAssessable } from '../domain/eligibility';
import {
  amountProblem,
  CellProblem,
  effectiveRate,
  ExistingPayment,
  paymentDifferences,
  rateProblem,
  receivingBankAccount,
  storedPaymentOf,
} from '../domain/opening-payment';
import type { NewMember } from '../members/members.service';
import type { NewPayment } from '../payments/payments.service';
import { LINE_CODE } from '../shared/dto';
import { Column, Problem, sortProblems, SourceRow } from './opening-position.model';
import { RowReader } from './row-reader';

export type { ExistingPayment } from '../domain/opening-payment';

/** What the database already holds that the file is checked against. */
export interface DatabaseFacts {
  baseCurrency: string;
  fiscalYearStartMonth: number;
  defaultBankAccount: string | null;
  bankAccounts: ReadonlyMap<string, { currency: string; active: boolean }>;
  members: ReadonlyMap<
    string,
    { code: string; nameEn: string; nameEs: string; joinedOn: string; leftOn: string | null }
  >;
  /** Every version of each fiscal year's budget named in the file, oldest first. */
  budgets: ReadonlyMap<number, readonly BudgetVersion[]>;
  /** Payments of the file's members that carry one of its references or import keys. */
  payments: readonly ExistingPayment[];
  /** Entries may not be posted into this fiscal year or any before it (null: none closed). */
  lastClosedYear: number | null;
}

export type Action = 'create' | 'present';

export interface PlannedMember {
  source: SourceRow;
  action: Action;
  input: NewMember;
}
export interface PlannedBudget {
  source: SourceRow;
  action: Action;
  input: NewBudget;
  /** For a budget already present: the stored version it matches. */
  version?: number;
}
export interface PlannedAssessment {
  source: SourceRow;
  action: Action;
  fiscalYear: number;
  /** As the file gives it (undefined: the service's default, the first day of the fiscal year). */
  assessedOn: string | undefined;
  /** The date the entry will carry. */
  effectiveOn: string;
}
export interface PlannedPayment {
  source: SourceRow;
  action: Action;
  input: NewPayment & { metadata: { importKey: string } };
}

export interface OpeningPlan {
  members: PlannedMember[];
  budgets: PlannedBudget[];
  assessments: PlannedAssessment[];
  payments: PlannedPayment[];
}

export interface Validation {
  problems: Problem[];
  plan: OpeningPlan;
}

/** The key a payment is recognised by on a later run: its member and its reference. */
export const importKeyOf = (member: string, reference: string): string => `opening-position/${member}/${reference}`;

const MAX_BUDGET_LINES = 200;
const MAX_SCALE_ENTRIES = 1_000;

/**
 * Checks every row of an opening position against the template's rules, against the other rows
 * and against the database, and says what posting it would create and what is already there.
 * Pure: the database's side comes in as `facts`. Every problem is reported, with its row.
 */
export function validateOpeningPosition(rows: readonly SourceRow[], facts: DatabaseFacts): Validation {
  const v = new Validator(facts);
  return v.run(rows);
}

interface LineRow {
  source: SourceRow;
  code: string;
  name: string;
  amount: Decimal;
  amountText: string;
}
interface ScaleRow {
  source: SourceRow;
  member: string;
  kind: ScaleKind;
  value: Decimal;
  text: string;
}
/** The fiscal years of the file's budget records, and those with a problem on a budget, line or scale row. */
interface BudgetYears {
  inFile: Set<number>;
  invalid: Set<number>;
}
/** A payment row's cells as read (undefined: missing or with a problem), and the bank account that receives it. */
interface PaymentRow {
  member?: string;
  receivedOn?: string;
  currency?: string;
  /** The amount as the file writes it. */
  amount?: string;
  /** The rate it is priced at (1 for the base currency). */
  rate?: Decimal;
  reference?: string;
  designatedFiscalYear?: number;
  /** The bank account the row names. */
  bankAccount?: string;
  /** The one that receives the payment: the row's, else the default. */
  bankCode?: string;
}
interface BudgetRow {
  source: SourceRow;
  fiscalYear: number;
  total: Decimal;
  totalText: string;
  currency: string;
  approval: { meeting: string; date: string; reference: string };
}

const at = (source: SourceRow, field: string | undefined, message: string): Problem => ({
  sheet: source.sheet,
  row: source.row,
  field,
  message,
});

class Validator {
  private readonly problems: Problem[] = [];
  private readonly plan: OpeningPlan = { members: [], budgets: [], assessments: [], payments: [] };
  private readonly invalidMembers = new Set<string>();

  constructor(private readonly facts: DatabaseFacts) {}

  run(rows: readonly SourceRow[]): Validation {
    const of = (kind: SourceRow['kind']) => rows.filter((r) => r.kind === kind);
    const fileMembers = this.members(of('member'));
    const budgetYears = this.budgets(of('budget'), of('budget_line'), of('scale'), fileMembers);
    this.assessments(of('assessment'), budgetYears);
    this.payments(of('payment'), fileMembers, budgetYears);
    return { problems: sortProblems(this.problems), plan: this.plan };
  }

  private fail(source: SourceRow, field: string | undefined, message: string): void {
    this.problems.push(at(source, field, message));
  }

  private closedYearProblem(date: string): string | undefined {
    const { fiscalYear } = fiscalPosition(date, this.facts.fiscalYearStartMonth);
    const last = this.facts.lastClosedYear;
    if (last !== null && fiscalYear <= last) {
      return `falls in fiscal year ${fiscalYear}, and the ledger is closed up to fiscal year ${last}`;
    }
    return undefined;
  }

  /** Members: format, duplicates, and agreement with a member of the same code already stored. */
  private members(rows: readonly SourceRow[]): Map<string, { joinedOn: string; leftOn: string | null }> {
    const known = new Map<string, { joinedOn: string; leftOn: string | null }>();
    const firstRow = new Map<string, number>();
    for (const source of rows) {
      const r = new RowReader(source, this.problems);
      const code = r.memberCode('member');
      const name = r.text('name');
      const nameEs = r.text('name_es');
      const joinedOn = r.date('joined_on');
      const leftOn = r.date('left_on') ?? null;
      if (joinedOn !== undefined && leftOn !== null && leftOn < joinedOn)
        r.fail('left_on', `before joined_on (${joinedOn})`);
      if (code !== undefined) {
        const first = firstRow.get(code);
        if (first !== undefined) {
          r.fail('member', `${code} is already defined on row ${first}`);
          continue;
        }
        firstRow.set(code, source.row);
      }
      if (!r.ok || code === undefined || name === undefined || joinedOn === undefined) {
        if (code !== undefined) this.invalidMembers.add(code);
        continue;
      }
      known.set(code, { joinedOn, leftOn });
      const input: NewMember = { code, name, joinedOn, leftOn, ...(nameEs !== undefined ? { nameEs } : {}) };
      const stored = this.facts.members.get(code);
      if (stored === undefined) {
        this.plan.members.push({ source, action: 'create', input });
        continue;
      }
      const differences: [Column, string, string | null][] = [
        ['name', name, stored.nameEn],
        ['joined_on', joinedOn, stored.joinedOn],
        ['left_on', leftOn ?? '', stored.leftOn ?? ''],
        ...(nameEs !== undefined ? [['name_es', nameEs, stored.nameEs] as [Column, string, string]] : []),
      ];
      const conflicts = differences.filter(([, mine, theirs]) => mine !== theirs);
      for (const [column, , theirs] of conflicts) {
        this.fail(
          source,
          column,
          `conflict: member ${code} is already stored with ${theirs === '' ? 'none' : `'${theirs}'`}; change it through the API or make the file agree`,
        );
      }
      if (conflicts.length === 0) this.plan.members.push({ source, action: 'present', input });
    }
    return known;
  }

  private memberDates(
    code: string,
    fileMembers: ReadonlyMap<string, { joinedOn: string; leftOn: string | null }>,
  ): { joinedOn: string; leftOn: string | null } | undefined {
    return fileMembers.get(code) ?? this.facts.members.get(code);
  }

  /** A member the file defines on a row that has problems of its own: not reported again where it is used. */
  private definedOnInvalidRow(code: string): boolean {
    return this.invalidMembers.has(code);
  }

  /**
   * Budgets with their lines and scale: each budget row gathers the line and scale rows of its
   * fiscal year; the lines must add up to the total, the shares to exactly 100 (or the fixed
   * amounts to the total), and every member on the scale must exist and be a member that year.
   * Returns the fiscal years that have a budget (in the file, valid or not, or in the database).
   */
  private budgets(
    budgetRows: readonly SourceRow[],
    lineRows: readonly SourceRow[],
    scaleRows: readonly SourceRow[],
    fileMembers: ReadonlyMap<string, { joinedOn: string; leftOn: string | null }>,
  ): Set<number> {
    const years: BudgetYears = { inFile: new Set<number>(), invalid: new Set<number>() };
    const budgets = this.budgetRecords(budgetRows, years);
    const lines = this.budgetLineRecords(lineRows, years);
    const scales = this.scaleRecords(scaleRows, years, fileMembers);
    for (const budget of budgets.values()) {
      const year = budget.fiscalYear;
      this.checkBudget(budget, lines.get(year) ?? [], scales.get(year) ?? [], years.invalid.has(year));
    }
    return new Set([...years.inFile, ...[...this.facts.budgets].filter(([, v]) => v.length > 0).map(([y]) => y)]);
  }

  /** The budget records, one per fiscal year; the years seen, and those with a problem, go to `years`. */
  private budgetRecords(budgetRows: readonly SourceRow[], years: BudgetYears): Map<number, BudgetRow> {
    const { baseCurrency } = this.facts;
    const { inFile: yearsInFile, invalid: invalidYears } = years;
    const budgets = new Map<number, BudgetRow>();
    for (const source of budgetRows) {
      const r = new RowReader(source, this.problems);
      const fiscalYear = r.year('fiscal_year');
      const currency = r.currency('currency');
      if (currency !== undefined && currency !== baseCurrency) {
        r.fail('currency', `budgets are kept in the base currency ${baseCurrency}, not ${currency}`);
      }
      const total = r.amount('amount', currency === baseCurrency ? currency : undefined, true);
      const approvedOn = r.date('approved_on');
      const meeting = r.text('meeting');
      const reference = r.text('reference');
      if (fiscalYear !== undefined) {
        yearsInFile.add(fiscalYear);
        const first = budgets.get(fiscalYear);
        if (first !== undefined) {
          r.fail(
            'fiscal_year',
            `a second budget for ${fiscalYear} (the first is on row ${first.source.row}); revisions go through the API`,
          );
          continue;
        }
        if (!r.ok) invalidYears.add(fiscalYear);
      }
      if (!r.ok || fiscalYear === undefined || total === undefined || currency === undefined) continue;
      if (approvedOn === undefined || meeting === undefined || reference === undefined) continue;
      budgets.set(fiscalYear, {
        source,
        fiscalYear,
        total: total.value,
        totalText: total.text,
        currency,
        approval: { meeting, date: approvedOn, reference },
      });
    }
    return budgets;
  }

  /** The budget lines by fiscal year, each under a budget record of the file. */
  private budgetLineRecords(lineRows: readonly SourceRow[], years: BudgetYears): Map<number, LineRow[]> {
    const { baseCurrency } = this.facts;
    const { inFile: yearsInFile, invalid: invalidYears } = years;
    const lines = new Map<number, LineRow[]>();
    for (const source of lineRows) {
      const r = new RowReader(source, this.problems);
      const fiscalYear = r.year('fiscal_year');
      const code = r.raw('code');
      if (code !== undefined && !LINE_CODE.test(code))
        r.fail('code', `'${code}' is not a line code (1 to 30 letters, digits, . _ -)`);
      const name = r.text('name');
      const amount = r.amount('amount', baseCurrency, false);
      if (fiscalYear !== undefined && !yearsInFile.has(fiscalYear)) {
        r.fail('fiscal_year', `no budget record for ${fiscalYear} in the file; a line belongs to one`);
      }
      if (fiscalYear !== undefined && !r.ok) invalidYears.add(fiscalYear);
      if (!r.ok || fiscalYear === undefined || code === undefined || name === undefined || amount === undefined)
        continue;
      lines.set(fiscalYear, [
        ...(lines.get(fiscalYear) ?? []),
        { source, code, name, amount: amount.value, amountText: amount.text },
      ]);
    }
    return lines;
  }

  /** The scale entries by fiscal year: a share or an amount each, for a member assessable that year. */
  private scaleRecords(
    scaleRows: readonly SourceRow[],
    years: BudgetYears,
    fileMembers: ReadonlyMap<string, { joinedOn: string; leftOn: string | null }>,
  ): Map<number, ScaleRow[]> {
    const { baseCurrency } = this.facts;
    const { inFile: yearsInFile, invalid: invalidYears } = years;
    const scales = new Map<number, ScaleRow[]>();
    for (const source of scaleRows) {
      const r = new RowReader(source, this.problems);
      const fiscalYear = r.year('fiscal_year');
      const member = r.memberCode('member');
      const share = r.share('share');
      const amount = r.amount('amount', baseCurrency, false);
      const hasShare = source.cells.share !== undefined;
      const hasAmount = source.cells.amount !== undefined;
      if (hasShare === hasAmount) r.fail(hasShare ? 'amount' : 'share', 'give either a share or an amount, not both');
      if (fiscalYear !== undefined && !yearsInFile.has(fiscalYear)) {
        r.fail('fiscal_year', `no budget record for ${fiscalYear} in the file; a scale entry belongs to one`);
      }
      // A member unknown or not assessable is a problem of this row; the year's figures still add up or not.
      const figuresOk = r.ok;
      if (member !== undefined && fiscalYear !== undefined) {
        const dates = this.memberDates(member, fileMembers);
        if (dates === undefined) {
          // A member defined on a row with problems of its own is reported there, not here again.
          if (!this.definedOnInvalidRow(member)) {
            r.fail('member', `unknown member ${member}: not in the file's member records nor in the database`);
          }
        } else if (
          !isAssessable(dates, fiscalYear, this.facts.fiscalYearStartMonth) &&
          !(share ?? amount?.value ?? new Dec(0)).isZero()
        ) {
          r.fail(
            'member',
            `${member} is not a member during fiscal year ${fiscalYear} (joined ${dates.joinedOn}${dates.leftOn ? `, left ${dates.leftOn}` : ''}), so cannot be assessed`,
          );
        }
      }
      if (fiscalYear !== undefined && !figuresOk) invalidYears.add(fiscalYear);
      if (!figuresOk || fiscalYear === undefined || member === undefined) continue;
      const entry: ScaleRow =
        share !== undefined
          ? { source, member, kind: 'share', value: share, text: source.cells.share ?? '' }
          : { source, member, kind: 'amount', value: amount?.value ?? new Dec(0), text: amount?.text ?? '' };
      scales.set(fiscalYear, [...(scales.get(fiscalYear) ?? []), entry]);
    }
    return scales;
  }

  /** A budget of the file with its lines and scale: complete, within limits, of one scale kind, adding up; then planned. */
  private checkBudget(
    budget: BudgetRow,
    yearLines: readonly LineRow[],
    yearScale: readonly ScaleRow[],
    invalidYear: boolean,
  ): void {
    const year = budget.fiscalYear;
    if (yearLines.length === 0 && !invalidYear)
      this.fail(budget.source, undefined, `the budget for ${year} has no budget_line records`);
    if (yearScale.length === 0 && !invalidYear)
      this.fail(budget.source, undefined, `the budget for ${year} has no scale records`);
    if (yearLines.length > MAX_BUDGET_LINES)
      this.fail(budget.source, undefined, `more than ${MAX_BUDGET_LINES} budget lines`);
    if (yearScale.length > MAX_SCALE_ENTRIES)
      this.fail(budget.source, undefined, `more than ${MAX_SCALE_ENTRIES} scale entries`);
    if (invalidYear || yearLines.length === 0 || yearScale.length === 0) return;
    const kind = yearScale[0].kind;
    const mixed = yearScale.filter((s) => s.kind !== kind);
    for (const s of mixed) {
      this.fail(
        s.source,
        kind === 'share' ? 'amount' : 'share',
        `the ${year} scale is of ${kind}s (row ${yearScale[0].source.row}); use ${kind}s throughout`,
      );
    }
    if (mixed.length > 0) return;
    const figures = budgetProblems(
      budget.total,
      yearLines.map((l) => ({ code: l.code, amount: l.amount })),
      kind,
      yearScale.map((s): ScaleEntry => ({ member: s.member, value: s.value })),
    );
    for (const p of figures) {
      const index = /\[(\d+)\]/.exec(p.field);
      if (p.field.startsWith('lines[') && index) this.fail(yearLines[Number(index[1])].source, 'code', p.message);
      else if (p.field.startsWith('scale[') && index)
        this.fail(yearScale[Number(index[1])].source, p.field.endsWith('share') ? 'share' : 'member', p.message);
      else this.fail(budget.source, p.field === 'lines' ? 'amount' : 'scale', p.message);
    }
    if (figures.length > 0) return;
    this.planBudget(budget, yearLines, kind, yearScale);
  }

  private planBudget(budget: BudgetRow, lines: readonly LineRow[], kind: ScaleKind, scale: readonly ScaleRow[]): void {
    const input: NewBudget = {
      fiscalYear: budget.fiscalYear,
      total: budget.totalText,
      currency: budget.currency,
      approval: budget.approval,
      lines: lines.map((l) => ({ code: l.code, name: l.name, amount: l.amountText })),
      scale: scale.map((s) =>
        kind === 'share' ? { member: s.member, share: s.text } : { member: s.member, amount: s.text },
      ),
    };
    const versions = this.facts.budgets.get(budget.fiscalYear) ?? [];
    if (versions.length === 0) {
      this.plan.budgets.push({ source: budget.source, action: 'create', input });
      return;
    }
    const same = versions.find((v) => budgetDifference(v, budget, lines, kind, scale) === null);
    if (same !== undefined) {
      this.plan.budgets.push({ source: budget.source, action: 'present', input, version: same.version });
      return;
    }
    const current = versions[versions.length - 1];
    this.fail(
      budget.source,
      undefined,
      `conflict: the database already holds a budget for ${budget.fiscalYear} (version ${current.version}, total ${current.total}, approved ${current.approval.date} by ${current.approval.reference}) that differs from this one: ${budgetDifference(current, budget, lines, kind, scale)}; revise it through the API, or make the file agree`,
    );
  }

  private assessments(rows: readonly SourceRow[], budgetYears: ReadonlySet<number>): void {
    const firstRow = new Map<number, number>();
    for (const source of rows) {
      const r = new RowReader(source, this.problems);
      const fiscalYear = r.year('fiscal_year');
      const assessedOn = r.date('assessed_on');
      if (fiscalYear === undefined) continue;
      const first = firstRow.get(fiscalYear);
      if (first !== undefined) {
        r.fail('fiscal_year', `${fiscalYear} is already assessed on row ${first}`);
        continue;
      }
      firstRow.set(fiscalYear, source.row);
      if (!budgetYears.has(fiscalYear)) {
        r.fail('fiscal_year', `no budget for ${fiscalYear} in the file or in the database`);
        continue;
      }
      if (!r.ok) continue;
      const effectiveOn = assessedOn ?? fiscalYearBounds(fiscalYear, this.facts.fiscalYearStartMonth).startsOn;
      const planned: PlannedAssessment = { source, action: 'create', fiscalYear, assessedOn, effectiveOn };
      const fileBudget = this.plan.budgets.find((b) => b.input.fiscalYear === fiscalYear);
      const versions = this.facts.budgets.get(fiscalYear) ?? [];
      if (fileBudget?.action === 'create' || versions.length === 0) {
        const problem = this.closedYearProblem(effectiveOn);
        if (problem !== undefined) r.fail('assessed_on', `${effectiveOn} ${problem}`);
        else this.plan.assessments.push(planned);
        continue;
      }
      const assessed = versions.filter((v) => v.assessed !== null);
      if (assessed.length > 0) {
        const firstRun = assessed[0].assessed?.assessedOn;
        if (assessedOn !== undefined && firstRun !== assessedOn) {
          r.fail('assessed_on', `conflict: the ${fiscalYear} budget was already assessed on ${firstRun}`);
        } else {
          this.plan.assessments.push({ ...planned, action: 'present', effectiveOn: firstRun ?? effectiveOn });
        }
        continue;
      }
      const current = versions[versions.length - 1];
      if (fileBudget !== undefined && fileBudget.version !== current.version) {
        r.fail(
          'fiscal_year',
          `conflict: the ${fiscalYear} budget in the database has a later version (${current.version}) than the file's; assess it through the API`,
        );
        continue;
      }
      const problem = this.closedYearProblem(effectiveOn);
      if (problem !== undefined) r.fail('assessed_on', `${effectiveOn} ${problem}`);
      else this.plan.assessments.push(planned);
    }
  }

  private payments(
    rows: readonly SourceRow[],
    fileMembers: ReadonlyMap<string, { joinedOn: string; leftOn: string | null }>,
    budgetYears: ReadonlySet<number>,
  ): void {
    const firstRow = new Map<string, number>();
    for (const source of rows) {
      const r = new RowReader(source, this.problems);
      const payment = this.paymentRow(r, source, fileMembers, budgetYears);
      if (payment.member !== undefined && payment.reference !== undefined) {
        const key = importKeyOf(payment.member, payment.reference);
        const first = firstRow.get(key);
        if (first !== undefined) {
          r.fail(
            'reference',
            `a second payment of ${payment.member} with reference '${payment.reference}' (the first is on row ${first}); references identify payments on a re-run`,
          );
          continue;
        }
        firstRow.set(key, source.row);
      }
      const input = r.ok ? paymentInput(source, payment) : undefined;
      if (input !== undefined && payment.bankCode !== undefined) {
        this.planPayment(r, source, input, payment.bankCode, payment.rate ?? new Dec(1));
      }
    }
  }

  /** Reads a payment row's cells and checks them against the file's other records and the database. */
  private paymentRow(
    r: RowReader,
    source: SourceRow,
    fileMembers: ReadonlyMap<string, { joinedOn: string; leftOn: string | null }>,
    budgetYears: ReadonlySet<number>,
  ): PaymentRow {
    const { baseCurrency } = this.facts;
    const member = r.memberCode('member');
    const receivedOn = r.date('received_on');
    const currency = r.currency('currency');
    const amount = r.amount('amount', currency, true);
    const rate = r.rate('rate');
    const reference = r.text('reference');
    const designatedFiscalYear = r.year('designated_fiscal_year');
    const bankAccount = r.raw('bank_account');
    if (
      member !== undefined &&
      this.memberDates(member, fileMembers) === undefined &&
      !this.definedOnInvalidRow(member)
    ) {
      r.fail('member', `unknown member ${member}: not in the file's member records nor in the database`);
    }
    const problems: (CellProblem | undefined)[] = [];
    if (currency !== undefined)
      problems.push(rateProblem(currency, rate, source.cells.rate !== undefined, baseCurrency));
    const priced = effectiveRate(currency, rate, baseCurrency);
    if (amount !== undefined && priced !== undefined) problems.push(amountProblem(amount.value, priced, baseCurrency));
    if (designatedFiscalYear !== undefined && !budgetYears.has(designatedFiscalYear)) {
      problems.push({
        field: 'designated_fiscal_year',
        message: `no budget for ${designatedFiscalYear} in the file or in the database`,
      });
    }
    const { defaultBankAccount, bankAccounts } = this.facts;
    const bank = receivingBankAccount(bankAccount, defaultBankAccount, bankAccounts, currency, baseCurrency);
    problems.push(bank.problem);
    for (const p of problems) if (p !== undefined) r.fail(p.field, p.message);
    return {
      member,
      receivedOn,
      currency,
      amount: amount?.text,
      rate: priced,
      reference,
      designatedFiscalYear,
      bankAccount,
      bankCode: bank.code,
    };
  }

  /** A payment to create, or one already stored with the same figures; else a conflict. */
  private planPayment(
    r: RowReader,
    source: SourceRow,
    input: PlannedPayment['input'],
    bankCode: string,
    rate: Decimal,
  ): void {
    const stored = storedPaymentOf(this.facts.payments, input.metadata.importKey, input.member, input.reference);
    if (stored === undefined) {
      const problem = this.closedYearProblem(input.receivedOn);
      if (problem !== undefined) r.fail('received_on', `${input.receivedOn} ${problem}`);
      else this.plan.payments.push({ source, action: 'create', input });
      return;
    }
    const differences = paymentDifferences(stored, input, bankCode, rate);
    if (differences.length > 0) {
      r.fail(
        'reference',
        `conflict: a payment of ${input.member} with reference '${input.reference}' is already recorded with other figures (${differences.join('; ')}); give this one another reference, or make the file agree`,
      );
    } else {
      this.plan.payments.push({ source, action: 'present', input });
    }
  }
}

/** The payment service's input for a row with every required cell read; undefined when one is missing. */
function paymentInput(source: SourceRow, p: PaymentRow): PlannedPayment['input'] | undefined {
  const { member, receivedOn, currency, amount, reference, designatedFiscalYear, bankAccount } = p;
  if (member === undefined || receivedOn === undefined || currency === undefined) return undefined;
  if (amount === undefined || reference === undefined || p.bankCode === undefined) return undefined;
  return {
    member,
    amount,
    currency,
    ...(source.cells.rate !== undefined ? { rate: source.cells.rate } : {}),
    receivedOn,
    reference,
    ...(designatedFiscalYear !== undefined ? { designatedFiscalYear } : {}),
    ...(bankAccount !== undefined ? { bankAccount } : {}),
    metadata: { importKey: importKeyOf(member, reference) },
  };
}

/** The first way a stored budget version differs from the file's, or null when they agree. */
function budgetDifference(
  v: BudgetVersion,
  budget: BudgetRow,
  lines: readonly LineRow[],
  kind: ScaleKind,
  scale: readonly ScaleRow[],
): string | null {
  if (!new Dec(v.total).equals(budget.total)) return `total ${v.total} in the database`;
  if (v.currency !== budget.currency) return `currency ${v.currency} in the database`;
  if (v.approval.meeting !== budget.approval.meeting)
    return `approving meeting '${v.approval.meeting}' in the database`;
  if (v.approval.date !== budget.approval.date) return `approved on ${v.approval.date} in the database`;
  if (v.approval.reference !== budget.approval.reference)
    return `approval reference '${v.approval.reference}' in the database`;
  if (v.lines.length !== lines.length) return `${v.lines.length} budget lines in the database`;
  for (let i = 0; i < lines.length; i++) {
    const stored = v.lines[i];
    const mine = lines[i];
    if (stored.code !== mine.code || stored.name !== mine.name || !new Dec(stored.amount).equals(mine.amount)) {
      return `budget line ${i + 1} is ${stored.code} '${stored.name}' ${stored.amount} in the database`;
    }
  }
  if (v.scaleKind !== kind) return `a scale of ${v.scaleKind}s in the database`;
  if (v.scale.length !== scale.length) return `${v.scale.length} scale entries in the database`;
  for (const mine of scale) {
    const stored = v.scale.find((s) => s.member === mine.member);
    const value = stored?.share ?? stored?.amount;
    if (value === undefined) return `no scale entry for ${mine.member} in the database`;
    if (!new Dec(value).equals(mine.value)) return `${mine.member}'s ${kind} is ${value} in the database`;
  }
  return null;
}
