import { Injectable } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import { EntityManager } from 'typeorm';
import { Dec, formatAmount, notFound, toBase } from '@app/common';
import { TransactionRunner } from '@app/database';
import { BankAccountsService, EntriesBySourceService, PoliciesService } from '@app/ledger';
import { ACCOUNTS } from './domain/grant-postings';
import {
  GrantBudgetLineFigures,
  GrantDetail,
  GrantFigures,
  GrantPeriodFigures,
  GrantReport,
  GrantReportEntry,
} from './grant-report';
import { BudgetLineRow, FundPostingRow, GrantRow, GrantsRepository } from './grants.repository';
import { grantView } from './grants.service';

const FAR_FUTURE = '2999-12-31';

/** Signed (debit positive) base amount of a posting. */
const netDebit = (p: FundPostingRow): Decimal =>
  p.side === 'debit' ? new Dec(p.amountBase) : new Dec(p.amountBase).negated();

interface Totals {
  pledged: Decimal;
  received: Decimal;
  spent: Decimal;
  refunded: Decimal;
  cash: Decimal;
  receivable: Decimal;
  deferred: Decimal;
  fx: Decimal;
}

/**
 * The grant register read from the ledger: every figure is a sum of the postings of the grant's
 * fund, classified by the entry that made them (a reversal counts as the kind of entry it
 * reverses), in the base currency. The figures in the grant's currency come from the receipts.
 */
@Injectable()
export class GrantReportService {
  constructor(
    private readonly db: TransactionRunner,
    private readonly grants: GrantsRepository,
    private readonly bankAccounts: BankAccountsService,
    private readonly policies: PoliciesService,
    private readonly entriesBySource: EntriesBySourceService,
  ) {}

  detail(code: string): Promise<GrantDetail> {
    return this.db.snapshot(async (m) => {
      const { grant, lines, base } = await this.load(m, code);
      const postings = await this.grants.fundPostings(m, code, FAR_FUTURE);
      const figures = await this.figures(m, grant, base, this.totals(postings, await this.cashAccounts(m)), FAR_FUTURE);
      return { ...grantView(grant, lines, base), figures, pledgeEntryId: await this.entriesBySource.firstEntryId(m, 'grant_pledge', code) };
    });
  }

  report(code: string, asOf?: string): Promise<GrantReport> {
    return this.db.snapshot(async (m) => {
      const { grant, lines, base } = await this.load(m, code);
      const date = asOf ?? FAR_FUTURE;
      const postings = await this.grants.fundPostings(m, code, date);
      const cash = await this.cashAccounts(m);
      const figures = await this.figures(m, grant, base, this.totals(postings, cash), date);
      return {
        asOf: asOf ?? null,
        grant: grantView(grant, lines, base),
        ...figures,
        byBudgetLine: this.byBudgetLine(grant, lines, postings, base),
        byPeriod: this.byPeriod(postings, cash, base),
        entries: this.entries(postings, base),
      };
    });
  }

  private async load(
    m: EntityManager,
    code: string,
  ): Promise<{ grant: GrantRow; lines: BudgetLineRow[]; base: string }> {
    const grant = await this.grants.findGrant(m, code);
    if (!grant) throw notFound('grant', code);
    const lines = (await this.grants.budgetLines(m, [code])).get(code) ?? [];
    return { grant, lines, base: (await this.policies.get(m)).baseCurrency };
  }

  private async cashAccounts(m: EntityManager): Promise<Set<string>> {
    return new Set((await this.bankAccounts.list(m)).map((b) => b.ledgerAccount));
  }

  /** Cash received = bank debits of receipts; spent = expenses (not FX, not year-end closing); refunded = bank credits of refunds. */
  totals(postings: readonly FundPostingRow[], cash: ReadonlySet<string>): Totals {
    const t: Totals = {
      pledged: new Dec(0),
      received: new Dec(0),
      spent: new Dec(0),
      refunded: new Dec(0),
      cash: new Dec(0),
      receivable: new Dec(0),
      deferred: new Dec(0),
      fx: new Dec(0),
    };
    for (const p of postings) {
      const net = netDebit(p);
      const isCash = cash.has(p.account);
      if (isCash) t.cash = t.cash.plus(net);
      if (p.account === ACCOUNTS.receivable) t.receivable = t.receivable.plus(net);
      if (p.account === ACCOUNTS.deferred) t.deferred = t.deferred.minus(net);
      if (p.effectiveSource === 'grant_pledge' && p.account === ACCOUNTS.receivable) t.pledged = t.pledged.plus(net);
      if (p.effectiveSource === 'grant_receipt') {
        if (isCash) t.received = t.received.plus(net);
        if (p.account === ACCOUNTS.fxGain || p.account === ACCOUNTS.fxLoss) t.fx = t.fx.minus(net);
      }
      if (p.effectiveSource === 'grant_refund' && isCash) t.refunded = t.refunded.minus(net);
      if (isSpending(p)) t.spent = t.spent.plus(net);
    }
    return t;
  }

  private async figures(
    m: EntityManager,
    grant: GrantRow,
    base: string,
    t: Totals,
    asOf: string,
  ): Promise<GrantFigures> {
    const b = (d: Decimal): string => formatAmount(d, base);
    const g = (d: Decimal): string => formatAmount(d, grant.currency);
    const settled = await this.grants.settled(m, grant.code, asOf);
    const pledgedInGrantCurrency = grant.signedOn <= asOf ? new Dec(grant.amount) : new Dec(0);
    return {
      currency: base,
      pledged: b(t.pledged),
      received: b(t.received),
      spent: b(t.spent),
      refunded: b(t.refunded),
      available: b(t.cash),
      receivable: b(t.receivable),
      deferredRevenue: b(t.deferred),
      fxDifference: b(t.fx),
      pledgedInGrantCurrency: g(pledgedInGrantCurrency),
      receivedInGrantCurrency: g(settled),
      outstandingPledgeInGrantCurrency: g(
        grant.status === 'closed' && asOf >= (grant.closedOn ?? FAR_FUTURE)
          ? new Dec(0)
          : pledgedInGrantCurrency.minus(settled),
      ),
    };
  }

  private byBudgetLine(
    grant: GrantRow,
    lines: readonly BudgetLineRow[],
    postings: readonly FundPostingRow[],
    base: string,
  ): GrantBudgetLineFigures[] {
    const spent = new Map<string, Decimal>();
    for (const p of postings) {
      if (!isSpending(p) || p.budgetLine === null) continue;
      spent.set(p.budgetLine, (spent.get(p.budgetLine) ?? new Dec(0)).plus(netDebit(p)));
    }
    const zero = new Dec(0);
    const planned = lines.map((l) => {
      const budget = toBase(new Dec(l.amount), new Dec(grant.rate), base);
      const used = spent.get(l.code) ?? zero;
      return {
        code: l.code,
        name: l.name,
        budget: formatAmount(budget, base),
        spent: formatAmount(used, base),
        available: formatAmount(budget.minus(used), base),
      };
    });
    const known = new Set(lines.map((l) => l.code));
    const unplanned = [...spent.entries()]
      .filter(([code]) => !known.has(code))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, used]) => ({ code, name: null, budget: null, spent: formatAmount(used, base), available: null }));
    return [...planned, ...unplanned];
  }

  private byPeriod(postings: readonly FundPostingRow[], cash: ReadonlySet<string>, base: string): GrantPeriodFigures[] {
    const months = new Map<string, Totals>();
    for (const p of postings) {
      const month = p.date.slice(0, 7);
      const t = this.totals([p], cash);
      const prev = months.get(month);
      months.set(
        month,
        prev
          ? {
              ...prev,
              received: prev.received.plus(t.received),
              spent: prev.spent.plus(t.spent),
              refunded: prev.refunded.plus(t.refunded),
            }
          : t,
      );
    }
    return [...months.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([period, t]) => ({
        period,
        received: formatAmount(t.received, base),
        spent: formatAmount(t.spent, base),
        refunded: formatAmount(t.refunded, base),
      }));
  }

  private entries(postings: readonly FundPostingRow[], base: string): GrantReportEntry[] {
    const byEntry = new Map<string, GrantReportEntry & { total: Decimal }>();
    for (const p of postings) {
      const e = byEntry.get(p.entryId) ?? {
        id: p.entryId,
        sequence: Number(p.sequence),
        date: p.date,
        source: p.source,
        description: p.description,
        amount: '',
        total: new Dec(0),
      };
      if (p.side === 'debit') e.total = e.total.plus(p.amountBase);
      byEntry.set(p.entryId, e);
    }
    return [...byEntry.values()].map(({ total, ...e }) => ({ ...e, amount: formatAmount(total, base) }));
  }
}

/** An expense charged to the grant: expense accounts, except receipts' FX losses and the year-end close. */
function isSpending(p: FundPostingRow): boolean {
  return p.accountType === 'expense' && p.effectiveSource !== 'grant_receipt' && p.source !== 'closing';
}
