import { Injectable } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import {
  Dec,
  formatAmount,
  minorUnits,
  notFound,
  parsePositiveAmount,
  parseRate,
  toBase,
  validationError,
} from '@app/common';
import { TransactionRunner } from '@app/database';
import { BankAccountsService, bankLine, LedgerService, PoliciesService, PostingLine } from '@app/ledger';
import { MemberBook, PlannedAllocation } from '../domain/member-book';
import { PaymentPlan, planPayment, planReversal } from '../domain/payment-allocation';
import { assertPaymentAddsUp, laterApplications, receiptLines } from '../domain/payment-plan';
import { MembersRepository } from '../members/members.repository';
import { AllocationRow, PaymentRow, RegisterRepository } from '../register/register.repository';
import { ADVANCES, GENERAL_FUND, line, RECEIVABLE } from '../shared/postings';

export interface NewPayment {
  member: string;
  amount: string;
  currency: string;
  rate?: string;
  receivedOn: string;
  reference: string;
  designatedFiscalYear?: number;
  bankAccount?: string;
  metadata?: Record<string, string>;
}

export interface PaymentAllocationView {
  fiscalYear: number;
  amount: string;
  /** The date the money was applied: the day received, or a later assessment's date (from the advance). */
  appliedOn: string;
}

export interface RecordedPayment {
  id: string;
  member: string;
  receivedOn: string;
  amount: string;
  currency: string;
  rate: string;
  amountBase: string;
  reference: string;
  designatedFiscalYear: number | null;
  bankAccount: string;
  entryIds: string[];
  allocations: PaymentAllocationView[];
  advance: string;
}

/** A payment as it stands: what it still has applied per year, its advance, and its history. */
export interface PaymentView {
  id: string;
  member: string;
  receivedOn: string;
  amount: string;
  currency: string;
  rate: string;
  amountBase: string;
  reference: string;
  designatedFiscalYear: number | null;
  bankAccount: string;
  entryId: string;
  metadata: Record<string, string>;
  allocations: { fiscalYear: number; amount: string }[];
  advance: string;
  reversal: { date: string; reason: string; entryId: string; adjustmentEntryId: string | null } | null;
  history: { kind: string; fiscalYear: number; amount: string; effectiveOn: string; entryId: string }[];
}

export interface ReversalResult {
  payment: PaymentView;
  reversalEntryId: string;
  adjustmentEntryId: string | null;
  /** Taken back from each year: outstanding again. */
  reopened: { fiscalYear: number; amount: string }[];
  /** The payment's unapplied advance that went with it. */
  advanceRemoved: string;
}

/**
 * Payments of contributions. The member's row is locked before its outstanding amounts are read,
 * so concurrent payments for one member are applied one after the other and never over-allocate.
 */
@Injectable()
export class PaymentsService {
  constructor(
    private readonly db: TransactionRunner,
    private readonly register: RegisterRepository,
    private readonly members: MembersRepository,
    private readonly bankAccounts: BankAccountsService,
    private readonly ledger: LedgerService,
    private readonly policies: PoliciesService,
  ) {}

  record(input: NewPayment, actorTokenId?: string): Promise<RecordedPayment> {
    return this.db.run(async (m) => {
      const { baseCurrency, defaultBankAccount } = await this.policies.get(m);
      minorUnits(input.currency, 'currency');
      const amount = parsePositiveAmount(input.amount, input.currency, 'amount');
      const rate = rateOf(input, baseCurrency);
      const amountBase = toBase(amount, rate, baseCurrency);
      if (!amountBase.gt(0))
        throw validationError('amount', `is worth less than one minor unit of ${baseCurrency} at this rate`);
      // The policies were just read: the default bank account is named from them (one read, not two).
      const bank = await this.bankAccounts.resolve(m, input.bankAccount ?? defaultBankAccount ?? undefined);
      const [member] = await this.members.lock(m, [input.member]);
      if (!member) throw validationError('member', `unknown member '${input.member}'`);

      const { book, seq } = await this.register.paymentBook(m, member.code);
      const receipt: Receipt = {
        id: randomUUID(),
        seq,
        member: member.code,
        input,
        amount,
        rate,
        amountBase,
        baseCurrency,
        bankAccount: bank.code,
        actorTokenId,
      };
      const plan = planPayment(book, {
        id: receipt.id,
        seq: receipt.seq,
        date: input.receivedOn,
        amountBase,
        designatedFiscalYear: input.designatedFiscalYear,
      });
      book.assertSound();
      assertPaymentAddsUp(plan, receipt.id, amountBase);

      const bankDebit = bankLine(
        bank,
        GENERAL_FUND,
        'debit',
        { amount, currency: input.currency, rate, amountBase },
        baseCurrency,
      );
      const entryIds = [await this.storeReceipt(m, receipt, plan, [bankDebit, ...receiptLines(plan, member.code)])];
      // Money left as an advance by a payment recorded late goes to the assessments already
      // posted after its date, each on that assessment's date.
      for (const later of laterApplications(plan, member.code)) {
        entryIds.push(await this.storeLaterApplication(m, receipt, later));
      }
      return recorded(receipt, plan, entryIds);
    });
  }

  /**
   * Posts the payment's own entry and records the payment and what it applied on the day received,
   * in the entry's own statement.
   */
  private async storeReceipt(m: EntityManager, r: Receipt, plan: PaymentPlan, lines: PostingLine[]): Promise<string> {
    const { input, baseCurrency } = r;
    const entry = await this.ledger.post(
      {
        date: input.receivedOn,
        description: `Contribution received from ${r.member}: ${input.reference}`.slice(0, 500),
        source: 'payment',
        sourceId: r.id,
        metadata: { ...(input.metadata ?? {}), reference: input.reference.slice(0, 500) },
        actorTokenId: r.actorTokenId,
        lines,
        withEntry: [
          this.register.paymentWithEntry(
            { ...paymentFields(r), seq: r.seq, metadata: input.metadata ?? {} },
            r.actorTokenId,
          ),
          ...this.register.allocationsWithEntry(plan.atReceipt.map((a) => toNewAllocation(a, r.member, baseCurrency))),
        ],
      },
      m,
    );
    return entry.id;
  }

  /** Posts one date's application of the payment's advance and records its allocations. */
  private async storeLaterApplication(
    m: EntityManager,
    r: Receipt,
    later: { date: string; allocations: PlannedAllocation[]; lines: PostingLine[] },
  ): Promise<string> {
    const entry = await this.ledger.post(
      {
        date: later.date,
        description:
          `Advance of ${r.member} (payment ${r.input.reference}) applied to the assessment of ${later.date}`.slice(
            0,
            500,
          ),
        source: 'advance',
        sourceId: r.id,
        actorTokenId: r.actorTokenId,
        lines: later.lines,
        withEntry: this.register.allocationsWithEntry(
          later.allocations.map((a) => toNewAllocation(a, r.member, r.baseCurrency)),
        ),
      },
      m,
    );
    return entry.id;
  }

  /**
   * Reverses a payment (a bounced cheque, money posted to the wrong member): its entry is
   * reversed with a linked entry, and everything it had applied is taken back with 'reversal'
   * allocation rows dated the reversal day, so those amounts are outstanding again from then on.
   * Later payments keep their allocations: each went to an amount then outstanding, and this
   * reversal only raises what is outstanding. If the payment's advance had been applied to an
   * assessment (or a revision had returned part of it to its advance), the reversing entry alone
   * would leave 1100 and 2100 wrong by that amount, so one adjusting entry moves it between them.
   */
  reverse(paymentId: string, date: string, reason: string, actorTokenId?: string): Promise<ReversalResult> {
    return this.db.run(async (m) => {
      const { baseCurrency } = await this.policies.get(m);
      const found = await this.register.findPayment(m, paymentId);
      if (!found) throw notFound('payment', paymentId);
      await this.members.lock(m, [found.member]);
      const book = (await this.register.loadBooks(m, [found.member])).get(found.member) as MemberBook;
      const plan = planReversal(book, paymentId, date);

      const reversal = await this.ledger.reverse(found.entryId, date, reason, actorTokenId);
      // What the reversing entry put back on 2100 (the payment's excess at receipt) versus the
      // advance the payment really has left.
      const original = await this.register.allocationsOf(m, [paymentId]);
      const directTotal = original.filter((a) => a.kind === 'payment').reduce((s, a) => s.plus(a.amount), new Dec(0));
      const excessAtReceipt = new Dec(found.amountBase).minus(directTotal);
      const difference = excessAtReceipt.minus(plan.advance);
      let adjustmentEntryId: string | null = null;
      if (!difference.isZero()) {
        const amount = difference.abs();
        const adjustment = await this.ledger.post(
          {
            date,
            description: `Reversal of payment ${found.reference} of ${found.member}: advance applications undone`.slice(
              0,
              500,
            ),
            source: 'advance',
            sourceId: paymentId,
            actorTokenId,
            lines: difference.gt(0)
              ? [line(RECEIVABLE, 'debit', amount, found.member), line(ADVANCES, 'credit', amount, found.member)]
              : [line(ADVANCES, 'debit', amount, found.member), line(RECEIVABLE, 'credit', amount, found.member)],
          },
          m,
        );
        adjustmentEntryId = adjustment.id;
      }
      await this.register.insertAllocations(
        m,
        plan.reversals.map((a) => ({ ...toNewAllocation(a, found.member, baseCurrency), entryId: reversal.id })),
      );
      await this.register.insertReversal(
        m,
        { paymentId, date, reason, entryId: reversal.id, adjustmentEntryId },
        actorTokenId,
      );
      book.assertSound();
      return {
        payment: await this.view(m, paymentId, baseCurrency),
        reversalEntryId: reversal.id,
        adjustmentEntryId,
        reopened: plan.reversals.map((a) => ({
          fiscalYear: a.fiscalYear,
          amount: formatAmount(a.amount, baseCurrency),
        })),
        advanceRemoved: formatAmount(plan.advance, baseCurrency),
      };
    });
  }

  get(id: string): Promise<PaymentView> {
    return this.db.run(async (m) => this.view(m, id, (await this.policies.get(m)).baseCurrency));
  }

  list(filter: {
    member?: string;
    from?: string;
    to?: string;
    cursor?: number;
    limit: number;
  }): Promise<{ items: PaymentView[]; nextCursor: string | null }> {
    return this.db.snapshot(async (m) => {
      const { baseCurrency } = await this.policies.get(m);
      const rows = await this.register.listPayments(m, { ...filter, afterSeq: filter.cursor, limit: filter.limit + 1 });
      const page = rows.slice(0, filter.limit);
      const allocations = await this.register.allocationsOf(
        m,
        page.map((p) => p.id),
      );
      return {
        items: page.map((p) =>
          toView(
            p,
            allocations.filter((a) => a.paymentId === p.id),
            baseCurrency,
          ),
        ),
        nextCursor: rows.length > filter.limit ? String(page[page.length - 1].seq) : null,
      };
    });
  }

  private async view(m: EntityManager, id: string, baseCurrency: string): Promise<PaymentView> {
    const row = await this.register.findPayment(m, id);
    if (!row) throw notFound('payment', id);
    return toView(row, await this.register.allocationsOf(m, [id]), baseCurrency);
  }
}

/** A payment being recorded: what was asked, priced in the base currency. */
interface Receipt {
  id: string;
  seq: number;
  member: string;
  input: NewPayment;
  amount: Decimal;
  rate: Decimal;
  amountBase: Decimal;
  baseCurrency: string;
  bankAccount: string;
  actorTokenId: string | undefined;
}

/** The payment's own fields, as stored and as answered. */
function paymentFields(r: Receipt) {
  const { input, baseCurrency } = r;
  return {
    id: r.id,
    member: r.member,
    receivedOn: input.receivedOn,
    amount: formatAmount(r.amount, input.currency),
    currency: input.currency,
    rate: r.rate.toFixed(),
    amountBase: formatAmount(r.amountBase, baseCurrency),
    reference: input.reference,
    designatedFiscalYear: input.designatedFiscalYear ?? null,
    bankAccount: r.bankAccount,
  };
}

function recorded(r: Receipt, plan: PaymentPlan, entryIds: string[]): RecordedPayment {
  const { baseCurrency } = r;
  return {
    ...paymentFields(r),
    entryIds,
    allocations: [...plan.atReceipt, ...plan.later].map((a) => ({
      fiscalYear: a.fiscalYear,
      amount: formatAmount(a.amount, baseCurrency),
      appliedOn: a.date,
    })),
    advance: formatAmount(plan.advance, baseCurrency),
  };
}

function rateOf(input: NewPayment, baseCurrency: string): Decimal {
  if (input.currency === baseCurrency) {
    if (input.rate !== undefined && !parseRate(input.rate).equals(1)) {
      throw validationError('rate', `must be 1 (or absent) for the base currency ${baseCurrency}`);
    }
    return new Dec(1);
  }
  if (input.rate === undefined) {
    throw validationError('rate', `is required: ${input.currency} is not the base currency ${baseCurrency}`);
  }
  return parseRate(input.rate);
}

function toNewAllocation(a: PlannedAllocation, member: string, baseCurrency: string) {
  return {
    paymentId: a.paymentId,
    member,
    fiscalYear: a.fiscalYear,
    kind: a.kind,
    amount: formatAmount(a.amount, baseCurrency),
    effectiveOn: a.date,
  };
}

const signed = (a: AllocationRow): Decimal =>
  a.kind === 'payment' || a.kind === 'advance' ? new Dec(a.amount) : new Dec(a.amount).negated();

export function toView(p: PaymentRow, allocations: readonly AllocationRow[], baseCurrency: string): PaymentView {
  const live = new Map<number, Decimal>();
  for (const a of allocations) live.set(a.fiscalYear, (live.get(a.fiscalYear) ?? new Dec(0)).plus(signed(a)));
  const applied = [...live.values()].reduce((s, v) => s.plus(v), new Dec(0));
  const advance = p.reversal ? new Dec(0) : new Dec(p.amountBase).minus(applied);
  return {
    id: p.id,
    member: p.member,
    receivedOn: p.receivedOn,
    amount: p.amount,
    currency: p.currency,
    rate: p.rate,
    amountBase: p.amountBase,
    reference: p.reference,
    designatedFiscalYear: p.designatedFiscalYear,
    bankAccount: p.bankAccount,
    entryId: p.entryId,
    metadata: p.metadata,
    allocations: [...live]
      .filter(([, v]) => !v.isZero())
      .sort((a, b) => a[0] - b[0])
      .map(([fiscalYear, v]) => ({ fiscalYear, amount: formatAmount(v, baseCurrency) })),
    advance: formatAmount(advance, baseCurrency),
    reversal: p.reversal,
    history: allocations.map((a) => ({
      kind: a.kind,
      fiscalYear: a.fiscalYear,
      amount: a.amount,
      effectiveOn: a.effectiveOn,
      entryId: a.entryId,
    })),
  };
}
