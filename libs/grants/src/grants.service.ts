import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import { EntityManager } from 'typeorm';
import {
  Dec,
  DomainError,
  ErrorCode,
  formatAmount,
  minorUnits,
  notFound,
  parseAmount,
  parsePositiveAmount,
  toBase,
  validationError,
} from '@app/common';
import { TransactionRunner } from '@app/database';
import {
  BalancesService,
  BankAccountRow,
  BankAccountsService,
  ChartService,
  EntryRow,
  LedgerService,
  PoliciesService,
  toEntryResponse,
} from '@app/ledger';
import {
  ACCOUNTS,
  ClosePlan,
  closePlan,
  expenditurePlan,
  pledgeLines,
  ReceiptPlan,
  receiptPlan,
} from './domain/grant-postings';
import {
  assertBudgetLine,
  assertNotOverspent,
  assertReceiptWithinPledge,
  assertRefundWithinUnspent,
  assertSpendingCovered,
  assertWithinPeriod,
  budgetLinesProblem,
  GRANT_RULES,
  rateFor,
  ruleBroken,
} from './domain/grant-rules';
import { GrantView } from './grant-report';
import { CreateDonorDto, CreateGrantDto, GrantExpenditureDto, GrantReceiptDto, GrantRefundDto } from './grants.dto';
import {
  BudgetLineRow,
  DonorRow,
  GrantRow,
  GrantsRepository,
  NewExpenditure,
  NewReceipt,
  NewRefund,
} from './grants.repository';

export type EntryResponse = ReturnType<typeof toEntryResponse>;

export interface DonorView {
  code: string;
  name: string;
  member: string | null;
}

export interface GrantCreated extends GrantView {
  entry: EntryResponse;
}

export interface ReceiptView {
  id: string;
  grant: string;
  amount: string;
  currency: string;
  rate: string;
  amountBase: string;
  grantCurrencyAmount: string;
  clearedBase: string;
  fxDifference: string;
  outstandingPledgeInGrantCurrency: string;
  receivedOn: string;
  reference: string;
  bankAccount: string;
  entry: EntryResponse;
}

export interface ExpenditureView {
  id: string;
  grant: string;
  amount: string;
  currency: string;
  rate: string;
  amountBase: string;
  revenueRecognised: string;
  budgetLine: string;
  account: string;
  date: string;
  description: string;
  bankAccount: string;
  entry: EntryResponse;
}

export interface RefundView {
  grant: string;
  status: 'closed';
  closedOn: string;
  refunded: string;
  currency: string;
  refundedBase: string;
  receivableCancelled: string;
  deferredRevenueSettled: string;
  entry: EntryResponse | null;
}

export function grantView(g: GrantRow, lines: readonly BudgetLineRow[], baseCurrency: string): GrantView {
  const scale = minorUnits(g.currency);
  return {
    code: g.code,
    donor: g.donor,
    title: g.title,
    amount: formatAmount(new Dec(g.amount), g.currency),
    currency: g.currency,
    rate: new Dec(g.rate).toFixed(),
    amountBase: formatAmount(new Dec(g.amountBase), baseCurrency),
    signedOn: g.signedOn,
    purpose: g.purpose,
    implementingPartner: g.implementingPartner,
    kind: g.kind,
    periodFrom: g.periodFrom,
    periodTo: g.periodTo,
    status: g.status,
    closedOn: g.closedOn,
    fund: g.code,
    budgetLines: lines.map((l) => ({ code: l.code, name: l.name, amount: new Dec(l.amount).toFixed(scale) })),
  };
}

/**
 * Donors and grants: the agreement and its restricted fund, pledge recognition, receipts in
 * tranches, expenditures by budget line and the refund that closes the grant. Every use case that
 * moves money locks the grant row first, so two requests on one grant run one after the other and
 * each sees what the other posted.
 */
@Injectable()
export class GrantsService {
  constructor(
    private readonly db: TransactionRunner,
    private readonly grants: GrantsRepository,
    private readonly ledger: LedgerService,
    private readonly chart: ChartService,
    private readonly bankAccounts: BankAccountsService,
    private readonly policies: PoliciesService,
    private readonly balances: BalancesService,
  ) {}

  createDonor(dto: CreateDonorDto): Promise<DonorView> {
    return this.db.run(async (m) => {
      if (dto.member !== undefined && !(await this.grants.memberExists(m, dto.member))) {
        throw validationError('member', `unknown member '${dto.member}'`);
      }
      const row: DonorRow = { code: dto.code, name: dto.name, member: dto.member ?? null };
      if (!(await this.grants.insertDonor(m, row)))
        throw new DomainError(ErrorCode.AlreadyExists, `donor '${dto.code}' already exists`);
      return row;
    });
  }

  listDonors(): Promise<DonorView[]> {
    return this.db.snapshot((m) => this.grants.listDonors(m));
  }

  listGrants(): Promise<GrantView[]> {
    return this.db.snapshot(async (m) => {
      const { baseCurrency } = await this.policies.get(m);
      const rows = await this.grants.listGrants(m);
      const lines = await this.grants.budgetLines(
        m,
        rows.map((r) => r.code),
      );
      return rows.map((g) => grantView(g, lines.get(g.code) ?? [], baseCurrency));
    });
  }

  /** The agreement, its fund and the pledge entry, in one transaction. */
  createGrant(dto: CreateGrantDto, actorTokenId?: string): Promise<GrantCreated> {
    return this.db.run(async (m) => {
      const { baseCurrency } = await this.policies.get(m);
      const amount = parsePositiveAmount(dto.amount, dto.currency);
      const rate = rateFor(dto.currency, dto.rate, baseCurrency);
      if (dto.periodFrom !== undefined && dto.periodTo !== undefined && dto.periodTo < dto.periodFrom) {
        throw validationError('periodTo', 'must not be before periodFrom');
      }
      const budgetLines = (dto.budgetLines ?? []).map((l, i) => ({
        code: l.code,
        name: l.name,
        amount: parsePositiveAmount(l.amount, dto.currency, `budgetLines[${i}].amount`),
      }));
      const problem = budgetLinesProblem(amount, budgetLines);
      if (problem !== null) throw validationError('budgetLines', problem);
      if (!(await this.grants.findDonor(m, dto.donor))) throw validationError('donor', `unknown donor '${dto.donor}'`);

      const row: GrantRow = {
        code: dto.code,
        donor: dto.donor,
        title: dto.title,
        amount: formatAmount(amount, dto.currency),
        currency: dto.currency,
        rate: (rate ?? new Dec(1)).toFixed(),
        amountBase: formatAmount(toBase(amount, rate ?? new Dec(1), baseCurrency), baseCurrency),
        signedOn: dto.signedOn,
        purpose: dto.purpose,
        implementingPartner: dto.implementingPartner,
        kind: dto.kind,
        periodFrom: dto.periodFrom ?? null,
        periodTo: dto.periodTo ?? null,
        status: 'active',
        closedOn: null,
      };
      if (!(await this.grants.insertGrant(m, row)))
        throw new DomainError(ErrorCode.AlreadyExists, `grant '${dto.code}' already exists`);
      const lines: BudgetLineRow[] = budgetLines.map((l) => ({
        code: l.code,
        name: l.name,
        amount: formatAmount(l.amount, dto.currency),
      }));
      await this.grants.insertBudgetLines(m, dto.code, lines);
      // Joins this transaction: a fund that already exists (GEN, RES, a manual one) is a 409 and nothing stays.
      await this.chart.createFund({
        code: dto.code,
        name: `Grant ${dto.code}: ${dto.title}`.slice(0, 200),
        kind: 'restricted',
      });
      const entry = await this.ledger.post(
        {
          date: dto.signedOn,
          description: `Grant ${dto.code} pledged by ${dto.donor}: ${dto.title}`.slice(0, 500),
          source: 'grant_pledge',
          sourceId: dto.code,
          metadata: dto.metadata,
          actorTokenId,
          lines: pledgeLines(dto.code, dto.kind, { amount, currency: dto.currency, rate }),
        },
        m,
      );
      return { ...grantView(row, lines, baseCurrency), entry: toEntryResponse(entry, baseCurrency) };
    });
  }

  /** A tranche of the pledge arrives (in any currency); the last one clears the receivable exactly. */
  recordReceipt(code: string, dto: GrantReceiptDto, actorTokenId?: string): Promise<ReceiptView> {
    return this.db.run(async (m) => {
      const grant = await this.activeGrant(m, code, 'receive money for');
      const { baseCurrency } = await this.policies.get(m);
      const bank = await this.bankAccounts.resolve(m, dto.bankAccount);
      const amount = parsePositiveAmount(dto.amount, dto.currency);
      const rate = rateFor(dto.currency, dto.rate, baseCurrency);
      const settles = this.settledBy(grant, dto, amount);
      const pledged = new Dec(grant.amount);
      const outstandingBefore = pledged.minus(await this.grants.settled(m, code));
      assertReceiptWithinPledge({ grant: code, currency: grant.currency, pledged, outstandingBefore, settles });
      const plan = receiptPlan({
        grant: code,
        baseCurrency,
        pledgeRate: grant.currency === baseCurrency ? undefined : new Dec(grant.rate),
        grantCurrency: grant.currency,
        received: { amount, currency: dto.currency, rate },
        bank,
        settles,
        outstandingBefore,
        receivableBaseBefore: await this.balances.netDebit(m, code, [ACCOUNTS.receivable]),
      });
      const entry = await this.ledger.post(
        {
          date: dto.receivedOn,
          description: `Grant ${code}: receipt ${dto.reference}`.slice(0, 500),
          source: 'grant_receipt',
          sourceId: code,
          metadata: dto.metadata,
          actorTokenId,
          lines: plan.lines,
        },
        m,
      );
      const receipt: Receipt = {
        id: randomUUID(),
        grant: code,
        dto,
        amount,
        rate,
        settles,
        grantCurrency: grant.currency,
        outstandingBefore,
        bank: bank.code,
        base: baseCurrency,
      };
      await this.grants.insertReceipt(m, receiptRecord(receipt, plan, entry, actorTokenId));
      return receiptView(receipt, plan, entry);
    });
  }

  /** Spending on the grant's purpose: never more than the grant has received, unless policy allows pre-financing. */
  recordExpenditure(code: string, dto: GrantExpenditureDto, actorTokenId?: string): Promise<ExpenditureView> {
    return this.db.run(async (m) => {
      const grant = await this.activeGrant(m, code, 'spend from');
      const policies = await this.policies.get(m);
      const base = policies.baseCurrency;
      const account = await this.expenditureAccount(m, code, grant, dto);
      const spent = await this.spendingOf(m, code, dto, account, base);
      const lowestCashBase = await this.balances.lowestNetDebitFrom(m, code, await this.cashAccounts(m), dto.date);
      assertSpendingCovered(
        {
          grant: code,
          date: dto.date,
          lowestCashBase,
          amountBase: spent.amountBase,
          preFinance: policies.grantsPreFinance,
        },
        base,
      );
      const deferredBaseBefore = (await this.balances.netDebit(m, code, [ACCOUNTS.deferred])).negated();
      const plan = expenditurePlan({
        grant: code,
        kind: grant.kind,
        baseCurrency: base,
        paid: { amount: spent.amount, currency: spent.currency, rate: spent.rate },
        expenseAccount: account,
        budgetLine: dto.budgetLine,
        bank: spent.bankAccount,
        deferredBaseBefore,
      });
      const entry = await this.ledger.post(
        {
          date: dto.date,
          description: `Grant ${code}: ${dto.description}`.slice(0, 500),
          source: 'grant_expenditure',
          sourceId: code,
          metadata: dto.metadata,
          actorTokenId,
          lines: plan.lines,
        },
        m,
      );
      const view = expenditureView(spent, plan.revenueRecognisedBase, entry);
      await this.grants.insertExpenditure(m, expenditureRecord(spent, view, entry, actorTokenId));
      return view;
    });
  }

  /** The expense account charged: within the grant's period, on one of its budget lines, an expense account. */
  private async expenditureAccount(
    m: EntityManager,
    code: string,
    grant: GrantRow,
    dto: GrantExpenditureDto,
  ): Promise<string> {
    assertWithinPeriod({ grant: code, date: dto.date, periodFrom: grant.periodFrom, periodTo: grant.periodTo });
    const budget = (await this.grants.budgetLines(m, [code])).get(code) ?? [];
    assertBudgetLine(
      code,
      budget.map((l) => l.code),
      dto.budgetLine,
    );
    const account = dto.account ?? ACCOUNTS.defaultExpense;
    const [expense] = await this.chart.accounts(m, [account]);
    if (!expense || expense.type !== 'expense')
      throw validationError('account', `'${account}' is not an expense account`);
    return account;
  }

  /** What is paid, from which bank account, in which currency and at which rate, and its base amount. */
  private async spendingOf(
    m: EntityManager,
    code: string,
    dto: GrantExpenditureDto,
    account: string,
    base: string,
  ): Promise<Spending> {
    const bank = await this.bankAccounts.resolve(m, dto.bankAccount);
    const currency = dto.currency ?? bank.currency;
    const amount = parsePositiveAmount(dto.amount, currency);
    const rate = rateFor(currency, dto.rate, base);
    const amountBase = toBase(amount, rate ?? new Dec(1), base);
    return {
      id: randomUUID(),
      grant: code,
      dto,
      account,
      bankAccount: bank,
      amount,
      currency,
      rate,
      amountBase,
      base,
    };
  }

  /**
   * Pays the unspent cash back to the donor (all of it unless `amount` says less), cancels the
   * part of the pledge never received, settles a conditional grant's deferred revenue, and closes
   * the grant: nothing is received or spent on it afterwards.
   */
  refundAndClose(code: string, dto: GrantRefundDto, actorTokenId?: string): Promise<RefundView> {
    return this.db.run(async (m) => {
      const grant = await this.activeGrant(m, code, 'refund and close');
      const { baseCurrency: base } = await this.policies.get(m);
      const lowestCashBase = await this.balances.lowestNetDebitFrom(m, code, await this.cashAccounts(m), dto.date);
      assertNotOverspent({ grant: code, lowestCashBase }, base);
      const bank = await this.bankAccounts.resolve(m, dto.bankAccount);
      const currency = dto.currency ?? bank.currency;
      const rate = rateFor(currency, dto.rate, base);
      const amount = this.refundAmount(dto, currency, base, lowestCashBase);
      const refundBase = amount.isZero() ? new Dec(0) : toBase(amount, rate ?? new Dec(1), base);
      assertRefundWithinUnspent({ grant: code, date: dto.date, lowestCashBase, refundBase }, base);
      const plan = closePlan({
        grant: code,
        kind: grant.kind,
        baseCurrency: base,
        refund: { amount, currency, rate },
        bank,
        receivableBase: await this.balances.netDebit(m, code, [ACCOUNTS.receivable]),
        deferredBase:
          grant.kind === 'conditional'
            ? (await this.balances.netDebit(m, code, [ACCOUNTS.deferred])).negated()
            : new Dec(0),
      });
      const entry = await this.postRefund(m, code, dto, plan.lines, actorTokenId);
      const refund: Refund = { grant: code, dto, bank: bank.code, amount, currency, rate, refundBase, base };
      await this.grants.insertRefundAndClose(m, refundRecord(refund, plan, entry, actorTokenId));
      return refundView(refund, plan, entry);
    });
  }

  /** The closing entry, when there is anything to post (a refund, a pledge cancelled, deferred revenue settled). */
  private async postRefund(
    m: EntityManager,
    code: string,
    dto: GrantRefundDto,
    lines: ClosePlan['lines'],
    actorTokenId: string | undefined,
  ): Promise<EntryRow | null> {
    if (lines.length < 2) return null;
    return this.ledger.post(
      {
        date: dto.date,
        description: `Grant ${code}: refund of unspent balance to the donor and close (${dto.reference})`.slice(0, 500),
        source: 'grant_refund',
        sourceId: code,
        actorTokenId,
        lines,
      },
      m,
    );
  }

  private async activeGrant(m: EntityManager, code: string, what: string): Promise<GrantRow> {
    const grant = await this.grants.findGrant(m, code, true);
    if (!grant) throw notFound('grant', code);
    if (grant.status === 'closed') {
      throw ruleBroken(
        GRANT_RULES.closed,
        `grant ${code} was closed on ${grant.closedOn ?? '?'}; it is not possible to ${what} it`,
      );
    }
    return grant;
  }

  private settledBy(grant: GrantRow, dto: GrantReceiptDto, amount: Decimal): Decimal {
    if (dto.currency === grant.currency) {
      if (dto.grantCurrencyAmount !== undefined && !new Dec(dto.grantCurrencyAmount).equals(amount)) {
        throw validationError(
          'grantCurrencyAmount',
          `the receipt is in the grant's currency ${grant.currency}: it settles exactly its amount`,
        );
      }
      return amount;
    }
    if (dto.grantCurrencyAmount === undefined) {
      throw validationError(
        'grantCurrencyAmount',
        `is required: the receipt is in ${dto.currency} and the grant in ${grant.currency}; state how much of the pledge it settles`,
      );
    }
    return parsePositiveAmount(dto.grantCurrencyAmount, grant.currency, 'grantCurrencyAmount');
  }

  private refundAmount(dto: GrantRefundDto, currency: string, base: string, available: Decimal): Decimal {
    if (dto.amount !== undefined) return parseAmount(dto.amount, currency);
    if (currency !== base)
      throw validationError(
        'amount',
        `is required when refunding in ${currency} rather than the base currency ${base}`,
      );
    return available;
  }

  /** The ledger accounts of the bank accounts: a fund's cash. */
  private async cashAccounts(m: EntityManager): Promise<string[]> {
    return [...new Set((await this.bankAccounts.list(m)).map((b: BankAccountRow) => b.ledgerAccount))];
  }
}

/** A spending from a grant as recorded: what was asked, priced in the base currency. */
interface Spending {
  id: string;
  grant: string;
  dto: GrantExpenditureDto;
  account: string;
  bankAccount: BankAccountRow;
  amount: Decimal;
  currency: string;
  rate: Decimal | undefined;
  amountBase: Decimal;
  base: string;
}

/** A receipt, read and checked. */
interface Receipt {
  id: string;
  grant: string;
  dto: GrantReceiptDto;
  amount: Decimal;
  rate: Decimal | undefined;
  /** How much of the pledge it settles, in the grant's currency. */
  settles: Decimal;
  grantCurrency: string;
  outstandingBefore: Decimal;
  bank: string;
  base: string;
}

/** The receipt's own figures, as stored and as answered. */
function receiptFigures(r: Receipt, plan: ReceiptPlan) {
  return {
    id: r.id,
    grant: r.grant,
    amount: formatAmount(r.amount, r.dto.currency),
    currency: r.dto.currency,
    rate: (r.rate ?? new Dec(1)).toFixed(),
    amountBase: formatAmount(plan.receivedBase, r.base),
    grantCurrencyAmount: formatAmount(r.settles, r.grantCurrency),
  };
}

function receiptRecord(r: Receipt, plan: ReceiptPlan, entry: EntryRow, actorTokenId: string | undefined): NewReceipt {
  return {
    ...receiptFigures(r, plan),
    fxDifferenceBase: formatAmount(plan.fxDifferenceBase, r.base),
    receivedOn: r.dto.receivedOn,
    reference: r.dto.reference,
    bankAccount: r.bank,
    entryId: entry.id,
    actorTokenId: actorTokenId ?? null,
  };
}

function receiptView(r: Receipt, plan: ReceiptPlan, entry: EntryRow): ReceiptView {
  return {
    ...receiptFigures(r, plan),
    clearedBase: formatAmount(plan.clearedBase, r.base),
    fxDifference: formatAmount(plan.fxDifferenceBase, r.base),
    outstandingPledgeInGrantCurrency: formatAmount(r.outstandingBefore.minus(r.settles), r.grantCurrency),
    receivedOn: r.dto.receivedOn,
    reference: r.dto.reference,
    bankAccount: r.bank,
    entry: toEntryResponse(entry, r.base),
  };
}

/** A refund and close, read and checked. */
interface Refund {
  grant: string;
  dto: GrantRefundDto;
  bank: string;
  amount: Decimal;
  currency: string;
  rate: Decimal | undefined;
  refundBase: Decimal;
  base: string;
}

function refundRecord(r: Refund, plan: ClosePlan, entry: EntryRow | null, actorTokenId: string | undefined): NewRefund {
  return {
    grant: r.grant,
    amount: formatAmount(r.amount, r.currency),
    currency: r.currency,
    rate: (r.rate ?? new Dec(1)).toFixed(),
    amountBase: formatAmount(r.refundBase, r.base),
    receivableCancelledBase: formatAmount(plan.receivableCancelledBase, r.base),
    refundedOn: r.dto.date,
    reference: r.dto.reference,
    bankAccount: r.refundBase.isZero() ? null : r.bank,
    entryId: entry?.id ?? null,
    actorTokenId: actorTokenId ?? null,
  };
}

function refundView(r: Refund, plan: ClosePlan, entry: EntryRow | null): RefundView {
  return {
    grant: r.grant,
    status: 'closed',
    closedOn: r.dto.date,
    refunded: formatAmount(r.amount, r.currency),
    currency: r.currency,
    refundedBase: formatAmount(r.refundBase, r.base),
    receivableCancelled: formatAmount(plan.receivableCancelledBase, r.base),
    deferredRevenueSettled: formatAmount(plan.deferredSettledBase, r.base),
    entry: entry ? toEntryResponse(entry, r.base) : null,
  };
}

/** The register's row of an expenditure, with the figures as the answer shows them. */
function expenditureRecord(
  s: Spending,
  view: ExpenditureView,
  entry: EntryRow,
  actorTokenId: string | undefined,
): NewExpenditure {
  return {
    id: s.id,
    grant: s.grant,
    amount: view.amount,
    currency: s.currency,
    rate: view.rate,
    amountBase: view.amountBase,
    revenueRecognisedBase: view.revenueRecognised,
    budgetLine: s.dto.budgetLine,
    account: s.account,
    spentOn: s.dto.date,
    description: s.dto.description,
    bankAccount: s.bankAccount.code,
    entryId: entry.id,
    actorTokenId: actorTokenId ?? null,
  };
}

function expenditureView(s: Spending, revenueRecognisedBase: Decimal, entry: EntryRow): ExpenditureView {
  return {
    id: s.id,
    grant: s.grant,
    amount: formatAmount(s.amount, s.currency),
    currency: s.currency,
    rate: (s.rate ?? new Dec(1)).toFixed(),
    amountBase: formatAmount(s.amountBase, s.base),
    revenueRecognised: formatAmount(revenueRecognisedBase, s.base),
    budgetLine: s.dto.budgetLine,
    account: s.account,
    date: s.dto.date,
    description: s.dto.description,
    bankAccount: s.bankAccount.code,
    entry: toEntryResponse(entry, s.base),
  };
}
