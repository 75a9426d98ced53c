import { Decimal } from 'decimal.js';
import { Dec, formatAmount } from '@app/common';
import type { FundRow } from '@app/ledger';
import { invariant } from '../shared/invariant';
import { executionPercent } from '../shared/percent';
import { accountingPolicies } from './accounting-policies';
import {
  ASSET_LINES,
  CASH_FLOW_KIND,
  CASH_FLOW_LINES,
  CashFlowLine,
  Classifier,
  classifyChart,
  EXPENSE_LINES,
  LIABILITY_LINES,
  REVENUE_LINES,
} from './classification';
import type {
  BudgetFigures,
  BudgetVersionInfo,
  CashFlowTotals,
  FinancialStatements,
  FundKind,
  GrantFigures,
  MemberContribution,
  NetAssetsMovement,
  ReserveFigures,
  StatementLine,
} from './financial-statements.types';
import { lineLabel, StatementLang, titleOf } from './labels';
import type { AccountFundAmounts, BudgetSnapshot, StatementsInput, YearLedger } from './ledger-figures';

const ZERO: Decimal = new Dec(0);
const dec = (s: string | null | undefined): Decimal => new Dec(s ?? 0);

/** line → account → amount */
type Grid = Map<string, Map<string, Decimal>>;

function addTo(grid: Grid, line: string, account: string, amount: Decimal): void {
  const row = grid.get(line) ?? new Map<string, Decimal>();
  row.set(account, (row.get(account) ?? ZERO).plus(amount));
  grid.set(line, row);
}
const lineTotal = (grid: Grid, line: string): Decimal => [...(grid.get(line)?.values() ?? [])].reduce((s, v) => s.plus(v), ZERO);
const gridTotal = (grid: Grid): Decimal => [...grid.keys()].reduce((s, line) => s.plus(lineTotal(grid, line)), ZERO);

class Sums {
  private readonly values = new Map<string, Decimal>();
  add(key: string, amount: Decimal): void {
    this.values.set(key, this.get(key).plus(amount));
  }
  get(key: string): Decimal {
    return this.values.get(key) ?? ZERO;
  }
  keys(): string[] {
    return [...this.values.keys()];
  }
  total(keys?: readonly string[]): Decimal {
    return (keys ?? this.keys()).reduce((s, k) => s.plus(this.get(k)), ZERO);
  }
}

const netDebit = (r: AccountFundAmounts): Decimal => dec(r.debitBase).minus(dec(r.creditBase));

interface Context {
  base: string;
  lang: StatementLang;
  classifier: Classifier;
  funds: FundRow[];
  kindOf: Map<string, FundKind>;
  accountName(code: string): string;
  memberName(code: string): string;
  fmt(d: Decimal): string;
}

/** One fiscal year worked out from the ledger figures, before formatting. */
interface YearAnalysis {
  ledger: YearLedger;
  assets: Grid;
  liabilities: Grid;
  naOpening: Sums;
  naClosing: Sums;
  revenue: Grid;
  expenses: Grid;
  transfersIn: Decimal;
  transfersOut: Decimal;
  fundRevenue: Sums;
  fundExpenses: Sums;
  fundTransfers: Sums;
  fundOther: Sums;
  cashOpening: Decimal;
  cashClosing: Decimal;
  cashByFund: Sums;
  cashFlows: Grid;
  generalExpenses: Decimal;
}

function analyseYear(ctx: Context, y: YearLedger): YearAnalysis {
  const analysis: YearAnalysis = {
    ledger: y,
    ...positionOf(ctx, y.closing),
    naOpening: netAssetsByFund(ctx, y.opening),
    naClosing: netAssetsByFund(ctx, y.closing),
    ...performanceOf(ctx, y.flows),
    ...cashOf(ctx, y),
  };
  assertYear(ctx, analysis);
  return analysis;
}

/** Assets and liabilities by statement line and account, and cash by fund, from the closing balances. */
function positionOf(ctx: Context, closing: AccountFundAmounts[]): Pick<YearAnalysis, 'assets' | 'liabilities' | 'cashByFund'> {
  const cash = new Set(ctx.classifier.cashAccounts);
  const assets: Grid = new Map();
  const liabilities: Grid = new Map();
  const cashByFund = new Sums();
  for (const r of closing) {
    const c = ctx.classifier.classOf(r.account);
    if (c.type === 'asset') addTo(assets, c.line, r.account, netDebit(r));
    if (c.type === 'liability') addTo(liabilities, c.line, r.account, netDebit(r).negated());
    if (cash.has(r.account)) cashByFund.add(r.fund, netDebit(r));
  }
  return { assets, liabilities, cashByFund };
}

/** Each fund's net assets (credit positive): its net-assets accounts with the revenue and expenses not yet closed into them. */
function netAssetsByFund(ctx: Context, rows: AccountFundAmounts[]): Sums {
  const sums = new Sums();
  for (const r of rows) {
    const t = ctx.classifier.classOf(r.account).type;
    if (t === 'net_assets' || t === 'revenue' || t === 'expense') sums.add(r.fund, netDebit(r).negated());
  }
  return sums;
}

type Performance = Pick<
  YearAnalysis,
  | 'revenue'
  | 'expenses'
  | 'transfersIn'
  | 'transfersOut'
  | 'fundRevenue'
  | 'fundExpenses'
  | 'fundTransfers'
  | 'fundOther'
  | 'generalExpenses'
>;

/**
 * Revenue and expenses of the year by line and by fund; transfers between funds kept apart (in and
 * out, and net per fund); other movements of net assets per fund; the general fund's expenses.
 */
function performanceOf(ctx: Context, flows: AccountFundAmounts[]): Performance {
  const p: Performance = {
    revenue: new Map(),
    expenses: new Map(),
    transfersIn: ZERO,
    transfersOut: ZERO,
    fundRevenue: new Sums(),
    fundExpenses: new Sums(),
    fundTransfers: new Sums(),
    fundOther: new Sums(),
    generalExpenses: ZERO,
  };
  for (const r of flows) {
    const c = ctx.classifier.classOf(r.account);
    const credit = netDebit(r).negated();
    if (c.type === 'net_assets') p.fundOther.add(r.fund, credit);
    if (c.type === 'revenue' && c.transfer) {
      p.transfersIn = p.transfersIn.plus(credit);
      p.fundTransfers.add(r.fund, credit);
    } else if (c.type === 'revenue') {
      addTo(p.revenue, c.line, r.account, credit);
      p.fundRevenue.add(r.fund, credit);
    }
    if (c.type === 'expense' && c.transfer) {
      p.transfersOut = p.transfersOut.minus(credit);
      p.fundTransfers.add(r.fund, credit);
    } else if (c.type === 'expense') {
      addTo(p.expenses, c.line, r.account, credit.negated());
      p.fundExpenses.add(r.fund, credit.negated());
      if (ctx.kindOf.get(r.fund) === 'general') p.generalExpenses = p.generalExpenses.plus(credit.negated());
    }
  }
  return p;
}

/** Cash at the start and end of the year, and the year's cash flows by cash-flow line and account. */
function cashOf(ctx: Context, y: YearLedger): Pick<YearAnalysis, 'cashFlows' | 'cashOpening' | 'cashClosing'> {
  const cash = new Set(ctx.classifier.cashAccounts);
  const cashFlows: Grid = new Map();
  for (const a of y.cashAttribution) addTo(cashFlows, ctx.classifier.classOf(a.account).cashFlow, a.account, dec(a.inflowBase));
  const cashAt = (rows: AccountFundAmounts[]): Decimal =>
    rows.filter((r) => cash.has(r.account)).reduce((s, r) => s.plus(netDebit(r)), ZERO);
  return { cashFlows, cashOpening: cashAt(y.opening), cashClosing: cashAt(y.closing) };
}

/** The statements must agree with each other; if they do not, nothing is published. */
function assertYear(ctx: Context, a: YearAnalysis): void {
  const year = a.ledger.span.year;
  const assets = gridTotal(a.assets);
  const liabilities = gridTotal(a.liabilities);
  const netAssets = a.naClosing.total();
  invariant(assets.equals(liabilities.plus(netAssets)), () =>
    `${year}: assets ${ctx.fmt(assets)} ≠ liabilities ${ctx.fmt(liabilities)} + net assets ${ctx.fmt(netAssets)}`,
  );
  for (const f of ctx.funds) {
    const closing = movement(a, f.code).closing;
    invariant(closing.equals(a.naClosing.get(f.code)), () =>
      `${year}: fund ${f.code} changes in net assets close at ${ctx.fmt(closing)}, the position shows ${ctx.fmt(a.naClosing.get(f.code))}`,
    );
  }
  const surplus = gridTotal(a.revenue).minus(gridTotal(a.expenses));
  const fundSurplus = a.fundRevenue.total().minus(a.fundExpenses.total());
  invariant(surplus.equals(fundSurplus), () => `${year}: surplus ${ctx.fmt(surplus)} ≠ Σ fund surpluses ${ctx.fmt(fundSurplus)}`);
  invariant(a.transfersIn.minus(a.transfersOut).equals(a.fundTransfers.total()), () => `${year}: transfers do not add up`);
  const netFlow = gridTotal(a.cashFlows);
  invariant(a.cashOpening.plus(netFlow).equals(a.cashClosing), () =>
    `${year}: opening cash ${ctx.fmt(a.cashOpening)} + net flow ${ctx.fmt(netFlow)} ≠ closing cash ${ctx.fmt(a.cashClosing)}`,
  );
  const positionCash = lineTotal(a.assets, 'cashAndBank');
  invariant(a.cashClosing.equals(positionCash), () =>
    `${year}: cash-flow closing cash ${ctx.fmt(a.cashClosing)} ≠ cash in the position ${ctx.fmt(positionCash)}`,
  );
  const budgetActual = a.ledger.budgetActuals.reduce((s, b) => s.plus(dec(b.netBase)), ZERO);
  invariant(budgetActual.equals(a.generalExpenses), () =>
    `${year}: actual expenses by budget line ${ctx.fmt(budgetActual)} ≠ general-fund expenses ${ctx.fmt(a.generalExpenses)}`,
  );
}

function movement(a: YearAnalysis, fund: string): Record<keyof NetAssetsMovement, Decimal> {
  const opening = a.naOpening.get(fund);
  const surplus = a.fundRevenue.get(fund).minus(a.fundExpenses.get(fund));
  const transfers = a.fundTransfers.get(fund);
  const otherMovements = a.fundOther.get(fund);
  return { opening, surplus, transfers, otherMovements, closing: opening.plus(surplus).plus(transfers).plus(otherMovements) };
}

function statementLines(ctx: Context, keys: readonly string[], cur: Grid, pri: Grid): StatementLine[] {
  return keys.map((key) => {
    const codes = [...new Set([...(cur.get(key)?.keys() ?? []), ...(pri.get(key)?.keys() ?? [])])].sort();
    return {
      code: key,
      label: lineLabel(key as Parameters<typeof lineLabel>[0], ctx.lang),
      amount: ctx.fmt(lineTotal(cur, key)),
      prior: ctx.fmt(lineTotal(pri, key)),
      accounts: codes
        .map((code) => ({ code, amount: cur.get(key)?.get(code) ?? ZERO, prior: pri.get(key)?.get(code) ?? ZERO }))
        .filter((x) => !x.amount.isZero() || !x.prior.isZero())
        .map((x) => ({ code: x.code, name: ctx.accountName(x.code), amount: ctx.fmt(x.amount), prior: ctx.fmt(x.prior) })),
    };
  });
}

const FUND_KINDS: readonly FundKind[] = ['general', 'reserve', 'restricted'];
const KIND_LINE: Record<FundKind, 'unrestricted' | 'reserve' | 'restricted'> = {
  general: 'unrestricted',
  reserve: 'reserve',
  restricted: 'restricted',
};

function position(ctx: Context, cur: YearAnalysis, pri: YearAnalysis): FinancialStatements['financialPosition'] {
  const totals = (a: YearAnalysis) => {
    const assets = gridTotal(a.assets);
    const liabilities = gridTotal(a.liabilities);
    const netAssets = a.naClosing.total();
    return {
      assets: ctx.fmt(assets),
      liabilities: ctx.fmt(liabilities),
      netAssets: ctx.fmt(netAssets),
      liabilitiesAndNetAssets: ctx.fmt(liabilities.plus(netAssets)),
    };
  };
  const byKind = (a: YearAnalysis): Grid => {
    const grid: Grid = new Map();
    for (const f of ctx.funds) addTo(grid, KIND_LINE[f.kind], f.code, a.naClosing.get(f.code));
    return grid;
  };
  const netAssets = statementLines(ctx, FUND_KINDS.map((k) => KIND_LINE[k]), byKind(cur), byKind(pri)).map((line) => ({
    ...line,
    // The "accounts" of a net-assets line are its funds.
    accounts: line.accounts.map((x) => ({ ...x, name: ctx.funds.find((f) => f.code === x.code)?.name ?? x.code })),
  }));
  return {
    title: titleOf('financialPosition', ctx.lang),
    asAt: cur.ledger.span.endsOn,
    priorAsAt: pri.ledger.span.endsOn,
    assets: statementLines(ctx, ASSET_LINES, cur.assets, pri.assets),
    liabilities: statementLines(ctx, LIABILITY_LINES, cur.liabilities, pri.liabilities),
    netAssets,
    netAssetsByFund: ctx.funds.map((f) => ({
      fund: f.code,
      name: f.name,
      kind: f.kind,
      amount: ctx.fmt(cur.naClosing.get(f.code)),
      prior: ctx.fmt(pri.naClosing.get(f.code)),
    })),
    totals: { ...totals(cur), prior: totals(pri) },
  };
}

function performance(ctx: Context, cur: YearAnalysis, pri: YearAnalysis): FinancialStatements['financialPerformance'] {
  const totals = (a: YearAnalysis) => {
    const revenue = gridTotal(a.revenue);
    const expenses = gridTotal(a.expenses);
    return { revenue: ctx.fmt(revenue), expenses: ctx.fmt(expenses), surplus: ctx.fmt(revenue.minus(expenses)) };
  };
  const transfers = (a: YearAnalysis) => ({
    transfersIn: ctx.fmt(a.transfersIn),
    transfersOut: ctx.fmt(a.transfersOut),
    net: ctx.fmt(a.transfersIn.minus(a.transfersOut)),
  });
  const fundTotals = (a: YearAnalysis, fund: string) => ({
    revenue: ctx.fmt(a.fundRevenue.get(fund)),
    expenses: ctx.fmt(a.fundExpenses.get(fund)),
    surplus: ctx.fmt(a.fundRevenue.get(fund).minus(a.fundExpenses.get(fund))),
  });
  return {
    title: titleOf('financialPerformance', ctx.lang),
    from: cur.ledger.span.startsOn,
    to: cur.ledger.span.endsOn,
    priorFrom: pri.ledger.span.startsOn,
    priorTo: pri.ledger.span.endsOn,
    revenue: statementLines(ctx, REVENUE_LINES, cur.revenue, pri.revenue),
    expenses: statementLines(ctx, EXPENSE_LINES, cur.expenses, pri.expenses),
    interFundTransfers: { ...transfers(cur), treatment: 'eliminated', prior: transfers(pri) },
    byFund: ctx.funds.map((f) => ({ fund: f.code, kind: f.kind, ...fundTotals(cur, f.code), prior: fundTotals(pri, f.code) })),
    totals: { ...totals(cur), prior: totals(pri) },
  };
}

function changes(ctx: Context, cur: YearAnalysis, pri: YearAnalysis): FinancialStatements['changesInNetAssets'] {
  const fmtMovement = (m: Record<keyof NetAssetsMovement, Decimal>): NetAssetsMovement => ({
    opening: ctx.fmt(m.opening),
    surplus: ctx.fmt(m.surplus),
    transfers: ctx.fmt(m.transfers),
    otherMovements: ctx.fmt(m.otherMovements),
    closing: ctx.fmt(m.closing),
  });
  const sumOf = (a: YearAnalysis, funds: readonly FundRow[]): Record<keyof NetAssetsMovement, Decimal> =>
    funds.map((f) => movement(a, f.code)).reduce(
      (s, m) => ({
        opening: s.opening.plus(m.opening),
        surplus: s.surplus.plus(m.surplus),
        transfers: s.transfers.plus(m.transfers),
        otherMovements: s.otherMovements.plus(m.otherMovements),
        closing: s.closing.plus(m.closing),
      }),
      { opening: ZERO, surplus: ZERO, transfers: ZERO, otherMovements: ZERO, closing: ZERO },
    );
  return {
    title: titleOf('changesInNetAssets', ctx.lang),
    funds: ctx.funds.map((f) => ({
      fund: f.code,
      name: f.name,
      kind: f.kind,
      ...fmtMovement(movement(cur, f.code)),
      prior: fmtMovement(movement(pri, f.code)),
    })),
    byKind: FUND_KINDS.map((kind) => {
      const funds = ctx.funds.filter((f) => f.kind === kind);
      return { kind, label: lineLabel(KIND_LINE[kind], ctx.lang), ...fmtMovement(sumOf(cur, funds)), prior: fmtMovement(sumOf(pri, funds)) };
    }),
    totals: { ...fmtMovement(sumOf(cur, ctx.funds)), prior: fmtMovement(sumOf(pri, ctx.funds)) },
  };
}

function cashFlow(ctx: Context, cur: YearAnalysis, pri: YearAnalysis): FinancialStatements['cashFlow'] {
  const totals = (a: YearAnalysis): CashFlowTotals => {
    const byKind = (kind: string) =>
      CASH_FLOW_LINES.filter((l) => CASH_FLOW_KIND[l] === kind).reduce((s, l) => s.plus(lineTotal(a.cashFlows, l)), ZERO);
    return {
      openingCash: ctx.fmt(a.cashOpening),
      receipts: ctx.fmt(byKind('receipt')),
      payments: ctx.fmt(byKind('payment')),
      transfers: ctx.fmt(byKind('transfer')),
      other: ctx.fmt(byKind('other')),
      netFlow: ctx.fmt(gridTotal(a.cashFlows)),
      closingCash: ctx.fmt(a.cashClosing),
    };
  };
  return {
    title: titleOf('cashFlow', ctx.lang),
    method: 'direct',
    cashAccounts: [...ctx.classifier.cashAccounts],
    lines: statementLines(ctx, CASH_FLOW_LINES, cur.cashFlows, pri.cashFlows).map((l) => ({
      ...l,
      kind: CASH_FLOW_KIND[l.code as CashFlowLine],
    })),
    totals: { ...totals(cur), prior: totals(pri) },
  };
}

function budgetInfo(b: BudgetSnapshot | null): BudgetVersionInfo | null {
  if (!b) return null;
  return {
    fiscalYear: b.final.fiscalYear,
    version: b.final.version,
    originalVersion: b.original.version,
    approval: { meeting: b.final.approvalMeeting, date: b.final.approvalDate, reference: b.final.approvalReference },
  };
}

function budgetVsActual(ctx: Context, cur: YearAnalysis, pri: YearAnalysis): FinancialStatements['budgetVsActual'] {
  const amounts = (lines: { code: string; amount: string }[] | undefined) => new Map((lines ?? []).map((l) => [l.code, dec(l.amount)]));
  const actuals = (a: YearAnalysis) => new Map(a.ledger.budgetActuals.filter((x) => x.code !== null).map((x) => [x.code as string, dec(x.netBase)]));
  const unallocated = (a: YearAnalysis) => a.ledger.budgetActuals.filter((x) => x.code === null).reduce((s, x) => s.plus(dec(x.netBase)), ZERO);
  const curBudget = amounts(cur.ledger.budget?.finalLines);
  const curOriginal = amounts(cur.ledger.budget?.originalLines);
  const priBudget = amounts(pri.ledger.budget?.finalLines);
  const curActual = actuals(cur);
  const priActual = actuals(pri);
  const names = new Map<string, string>();
  for (const l of [...(pri.ledger.budget?.finalLines ?? []), ...(cur.ledger.budget?.finalLines ?? [])]) names.set(l.code, l.name);
  const ordered = [
    ...(cur.ledger.budget?.finalLines ?? []).map((l) => l.code),
    ...(pri.ledger.budget?.finalLines ?? []).map((l) => l.code),
    ...[...curActual.keys(), ...priActual.keys()].sort(),
  ];
  const codes = [...new Set(ordered)];
  const figures = (budget: Decimal, actual: Decimal): BudgetFigures => ({
    budget: ctx.fmt(budget),
    actual: ctx.fmt(actual),
    variance: ctx.fmt(budget.minus(actual)),
    executionPercent: executionPercent(actual, budget),
  });
  const totals = (budget: Map<string, Decimal>, actual: Map<string, Decimal>, untagged: Decimal): BudgetFigures =>
    figures(
      [...budget.values()].reduce((s, v) => s.plus(v), ZERO),
      [...actual.values()].reduce((s, v) => s.plus(v), untagged),
    );
  return {
    title: titleOf('budgetVsActual', ctx.lang),
    funds: ctx.funds.filter((f) => f.kind === 'general').map((f) => f.code),
    basis: 'accrual',
    budget: budgetInfo(cur.ledger.budget),
    priorBudget: budgetInfo(pri.ledger.budget),
    lines: codes.map((code) => ({
      code,
      name: names.get(code) ?? lineLabel('unbudgeted', ctx.lang),
      inBudget: curBudget.has(code),
      originalBudget: ctx.fmt(curOriginal.get(code) ?? ZERO),
      ...figures(curBudget.get(code) ?? ZERO, curActual.get(code) ?? ZERO),
      prior: figures(priBudget.get(code) ?? ZERO, priActual.get(code) ?? ZERO),
    })),
    unallocated: { label: lineLabel('unallocated', ctx.lang), actual: ctx.fmt(unallocated(cur)), prior: ctx.fmt(unallocated(pri)) },
    totals: {
      ...totals(curBudget, curActual, unallocated(cur)),
      prior: totals(priBudget, priActual, unallocated(pri)),
    },
  };
}

function contributionsNote(ctx: Context, cur: YearAnalysis, pri: YearAnalysis): FinancialStatements['notes']['contributions'] {
  const cls = (account: string) => ctx.classifier.classOf(account);
  const figuresOf = (a: YearAnalysis): Map<string, Record<keyof MemberContribution, Decimal>> => {
    const out = new Map<string, Record<keyof MemberContribution, Decimal>>();
    const get = (member: string) => {
      const found = out.get(member);
      if (found) return found;
      const fresh = { opening: ZERO, assessed: ZERO, paid: ZERO, writtenOff: ZERO, outstanding: ZERO, advance: ZERO };
      out.set(member, fresh);
      return fresh;
    };
    for (const b of a.ledger.memberOpening) {
      const c = cls(b.account);
      if (c.type === 'asset' && c.line === 'contributionsReceivable') get(b.member).opening = get(b.member).opening.plus(dec(b.netBase));
    }
    for (const b of a.ledger.memberClosing) {
      const c = cls(b.account);
      const m = get(b.member);
      if (c.type === 'asset' && c.line === 'contributionsReceivable') m.outstanding = m.outstanding.plus(dec(b.netBase));
      if (c.type === 'liability' && c.line === 'advances') m.advance = m.advance.minus(dec(b.netBase));
    }
    for (const f of a.ledger.memberFlows) {
      const m = get(f.member);
      if (f.kind === 'assessed') m.assessed = m.assessed.plus(dec(f.netBase));
      if (f.kind === 'paid') m.paid = m.paid.minus(dec(f.netBase));
      if (f.kind === 'writtenOff') m.writtenOff = m.writtenOff.minus(dec(f.netBase));
    }
    for (const [member, m] of out) {
      const expected = m.opening.plus(m.assessed).minus(m.paid).minus(m.writtenOff);
      invariant(expected.equals(m.outstanding), () =>
        `${a.ledger.span.year}: member ${member} opening + assessed − paid − written off = ${ctx.fmt(expected)} ≠ outstanding ${ctx.fmt(m.outstanding)}`,
      );
    }
    return out;
  };
  const curFigures = figuresOf(cur);
  const priFigures = figuresOf(pri);
  const empty = { opening: ZERO, assessed: ZERO, paid: ZERO, writtenOff: ZERO, outstanding: ZERO, advance: ZERO };
  const fmt = (m: Record<keyof MemberContribution, Decimal>): MemberContribution => ({
    opening: ctx.fmt(m.opening),
    assessed: ctx.fmt(m.assessed),
    paid: ctx.fmt(m.paid),
    writtenOff: ctx.fmt(m.writtenOff),
    outstanding: ctx.fmt(m.outstanding),
    advance: ctx.fmt(m.advance),
  });
  const sum = (all: Map<string, Record<keyof MemberContribution, Decimal>>) => {
    const t = { ...empty };
    for (const m of all.values()) for (const k of Object.keys(t) as (keyof MemberContribution)[]) t[k] = t[k].plus(m[k]);
    return t;
  };
  const members = [...new Set([...curFigures.keys(), ...priFigures.keys()])].sort();
  return {
    title: titleOf('contributionsNote', ctx.lang),
    source: 'ledger',
    members: members.map((member) => ({
      member,
      name: ctx.memberName(member),
      ...fmt(curFigures.get(member) ?? empty),
      prior: fmt(priFigures.get(member) ?? empty),
    })),
    totals: { ...fmt(sum(curFigures)), prior: fmt(sum(priFigures)) },
  };
}

function grantsNote(ctx: Context, cur: YearAnalysis, pri: YearAnalysis): FinancialStatements['notes']['grants'] {
  const cls = (account: string) => ctx.classifier.classOf(account);
  const grantFunds = ctx.funds.filter((f) => f.kind === 'restricted');
  const figures = (a: YearAnalysis, fund: string): Record<keyof GrantFigures, Decimal> => {
    const inFund = <T extends { fund: string }>(rows: T[]) => rows.filter((r) => r.fund === fund);
    const receivable = inFund(a.ledger.closing)
      .filter((r) => {
        const c = cls(r.account);
        return c.type === 'asset' && c.line === 'grantsReceivable';
      })
      .reduce((s, r) => s.plus(netDebit(r)), ZERO);
    const attributed = (line: CashFlowLine) =>
      inFund(a.ledger.cashAttributionToDate)
        .filter((x) => cls(x.account).cashFlow === line)
        .reduce((s, x) => s.plus(dec(x.inflowBase)), ZERO);
    const received = attributed('receiptsVoluntaryContributions');
    const spent = inFund(a.ledger.flowsToDate)
      .filter((r) => {
        const c = cls(r.account);
        return c.type === 'expense' && !c.transfer;
      })
      .reduce((s, r) => s.plus(netDebit(r)), ZERO);
    return {
      pledged: received.plus(receivable),
      received,
      spent,
      refunded: attributed('refundsToDonors').negated(),
      netAssets: a.naClosing.get(fund),
      cash: a.cashByFund.get(fund),
    };
  };
  const fmt = (g: Record<keyof GrantFigures, Decimal>): GrantFigures => ({
    pledged: ctx.fmt(g.pledged),
    received: ctx.fmt(g.received),
    spent: ctx.fmt(g.spent),
    refunded: ctx.fmt(g.refunded),
    netAssets: ctx.fmt(g.netAssets),
    cash: ctx.fmt(g.cash),
  });
  const total = (a: YearAnalysis) => {
    const t: Record<keyof GrantFigures, Decimal> = { pledged: ZERO, received: ZERO, spent: ZERO, refunded: ZERO, netAssets: ZERO, cash: ZERO };
    for (const f of grantFunds) {
      const g = figures(a, f.code);
      for (const k of Object.keys(t) as (keyof GrantFigures)[]) t[k] = t[k].plus(g[k]);
    }
    return t;
  };
  return {
    title: titleOf('grantsNote', ctx.lang),
    source: 'ledger',
    grants: grantFunds.map((f) => ({ fund: f.code, name: f.name, ...fmt(figures(cur, f.code)), prior: fmt(figures(pri, f.code)) })),
    totals: { ...fmt(total(cur)), prior: fmt(total(pri)) },
  };
}

function monthsOf(startsOn: string, endsOn: string): string[] {
  const months: string[] = [];
  let [y, m] = startsOn.slice(0, 7).split('-').map(Number);
  const last = endsOn.slice(0, 7);
  for (let guard = 0; guard < 24; guard++) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    months.push(key);
    if (key === last) break;
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
  return months;
}

function reserveNote(ctx: Context, cur: YearAnalysis, pri: YearAnalysis): FinancialStatements['notes']['reserveFund'] {
  const reserve = ctx.funds.filter((f) => f.kind === 'reserve').map((f) => f.code);
  const figures = (a: YearAnalysis): ReserveFigures => ({
    balance: ctx.fmt(a.naClosing.total(reserve)),
    cash: ctx.fmt(a.cashByFund.total(reserve)),
    contributions: ctx.fmt(a.fundRevenue.total(reserve)),
    disbursements: ctx.fmt(a.fundExpenses.total(reserve)),
    transfers: ctx.fmt(a.fundTransfers.total(reserve)),
    commitments: a.ledger.reserveCommitments,
  });
  const changes = new Map(cur.ledger.reserveMonthly.map((x) => [x.month, dec(x.changeBase)]));
  let balance = cur.naOpening.total(reserve);
  const monthlyBalances = monthsOf(cur.ledger.span.startsOn, cur.ledger.span.endsOn).map((month) => {
    balance = balance.plus(changes.get(month) ?? ZERO);
    return { month, balance: ctx.fmt(balance) };
  });
  invariant(balance.equals(cur.naClosing.total(reserve)), () => 'reserve fund: the monthly balances do not reach the closing balance');
  return {
    title: titleOf('reserveFundNote', ctx.lang),
    source: 'ledger',
    funds: reserve,
    monthlyBalances,
    ...figures(cur),
    prior: figures(pri),
  };
}

/**
 * Builds every statement from ledger figures alone, and refuses (an internal error, i.e. a bug) to
 * return statements that disagree: the position must balance, its net assets must be the closing
 * net assets of the changes statement, and cash-flow closing cash must be the cash in the position.
 */
export function buildStatements(input: StatementsInput, lang: StatementLang): FinancialStatements {
  const names = new Map(input.accounts.map((a) => [a.code, lang === 'es' ? a.nameEs : a.nameEn]));
  const memberNames = new Map(input.members.map((m) => [m.code, lang === 'es' ? m.nameEs : m.nameEn]));
  const funds = [...input.funds].sort((a, b) => a.code.localeCompare(b.code));
  const ctx: Context = {
    base: input.baseCurrency,
    lang,
    classifier: classifyChart(input.accounts, input.bankLedgerAccounts),
    funds,
    kindOf: new Map(funds.map((f) => [f.code, f.kind])),
    accountName: (code) => names.get(code) ?? code,
    memberName: (code) => memberNames.get(code) ?? code,
    fmt: (d) => formatAmount(d, input.baseCurrency),
  };
  const cur = analyseYear(ctx, input.current);
  const pri = analyseYear(ctx, input.prior);
  if (pri.ledger.span.endsOn === cur.ledger.span.dayBefore) {
    for (const f of funds) {
      invariant(pri.naClosing.get(f.code).equals(cur.naOpening.get(f.code)), () =>
        `fund ${f.code}: prior-year closing net assets ≠ current-year opening net assets`,
      );
    }
  }
  const period = (y: YearLedger) => ({ fiscalYear: y.span.year, startsOn: y.span.startsOn, endsOn: y.span.endsOn, status: y.span.status });
  const statements: FinancialStatements = {
    fiscalYear: cur.ledger.span.year,
    priorFiscalYear: pri.ledger.span.year,
    currency: input.baseCurrency,
    lang,
    period: period(cur.ledger),
    priorPeriod: period(pri.ledger),
    financialPosition: position(ctx, cur, pri),
    financialPerformance: performance(ctx, cur, pri),
    changesInNetAssets: changes(ctx, cur, pri),
    cashFlow: cashFlow(ctx, cur, pri),
    budgetVsActual: budgetVsActual(ctx, cur, pri),
    notes: {
      accountingPolicies: {
        title: titleOf('accountingPolicies', lang),
        paragraphs: accountingPolicies(lang, {
          baseCurrency: input.baseCurrency,
          startsOn: cur.ledger.span.startsOn,
          endsOn: cur.ledger.span.endsOn,
        }),
      },
      contributions: contributionsNote(ctx, cur, pri),
      grants: grantsNote(ctx, cur, pri),
      reserveFund: reserveNote(ctx, cur, pri),
    },
  };
  invariant(statements.financialPosition.totals.netAssets === statements.changesInNetAssets.totals.closing, () =>
    'net assets in the position ≠ closing net assets of the changes statement',
  );
  invariant(
    statements.cashFlow.totals.closingCash === (statements.financialPosition.assets.find((l) => l.code === 'cashAndBank')?.amount ?? ''),
    () => 'cash-flow closing cash ≠ cash and bank in the position',
  );
  return statements;
}
