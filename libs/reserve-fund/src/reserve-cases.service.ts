import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import * as countries from 'i18n-iso-countries';
import { EntityManager } from 'typeorm';
import { Dec, formatAmount, notFound, parsePositiveAmount, validationError } from '@app/common';
import { TransactionRunner } from '@app/database';
import {
  BalancesService,
  BankAccountRow,
  BankAccountsService,
  EntryRow,
  LedgerService,
  PoliciesService,
  PostCommand,
  toEntryResponse,
} from '@app/ledger';
import {
  assertApprovalFits,
  assertDecidable,
  assertInvolved,
  assertNotBefore,
  CaseEvent,
  CaseStatus,
  commitment,
  DisbursementPlan,
  planDisbursement,
  transition,
} from './domain/case-rules';
import { cashAccounts } from './reserve-contributions.service';
import { CaseView } from './reserve-fund-report';
import {
  CloseCaseDto,
  ConsultationDto,
  CreateCaseDto,
  CaseDecisionDto,
  DisbursementDto,
  NotificationDto,
} from './reserve-fund.dto';
import { ACCOUNTS, CaseRow, RESERVE_FUND, ReserveFundRepository } from './reserve-fund.repository';

export const FAR_FUTURE = '2999-12-31';

export interface DisbursementView {
  id: string;
  case: string;
  amount: string;
  date: string;
  reference: string;
  bankAccount: string;
  disbursedTotal: string;
  commitment: string;
  status: CaseStatus;
  entry: ReturnType<typeof toEntryResponse>;
}

/**
 * The cases of the Protocol. Every transition locks the case; a decision and a disbursement lock
 * the reserve fund's row first (always in that order), so approvals and disbursements are counted
 * against the balance one at a time. Each transition is a row of the case history.
 */
@Injectable()
export class ReserveCasesService {
  constructor(
    private readonly db: TransactionRunner,
    private readonly repository: ReserveFundRepository,
    private readonly ledger: LedgerService,
    private readonly bankAccounts: BankAccountsService,
    private readonly balances: BalancesService,
    private readonly policies: PoliciesService,
  ) {}

  create(dto: CreateCaseDto, actorTokenId?: string): Promise<CaseView> {
    return this.db.run(async (m) => {
      const { baseCurrency: base } = await this.policies.get(m);
      dto.countriesInvolved.forEach((code, i) => {
        if (!countries.isValid(code))
          throw validationError(`countriesInvolved[${i}]`, `'${code}' is not an ISO 3166 alpha-3 country code`);
      });
      const requested = parsePositiveAmount(dto.requestedAmount, base, 'requestedAmount');
      const row: CaseRow = {
        id: randomUUID(),
        title: dto.title,
        countriesInvolved: dto.countriesInvolved,
        requestedAmount: formatAmount(requested, base),
        people: dto.people,
        requestedOn: dto.requestedOn,
        status: 'requested',
        decidedBy: null,
        decidedOn: null,
        approvedAmount: null,
        notifiedOn: null,
        notificationReference: null,
        closedOn: null,
      };
      await this.repository.insertCase(m, row);
      await this.record(
        m,
        row,
        'requested',
        dto.requestedOn,
        { requestedAmount: formatAmount(requested, base), people: String(dto.people) },
        actorTokenId,
      );
      return this.view(m, row.id);
    });
  }

  get(id: string): Promise<CaseView> {
    return this.db.snapshot((m) => this.view(m, id));
  }

  /** A country involved in the return gives its view; the case is now being consulted on. */
  consult(id: string, dto: ConsultationDto, actorTokenId?: string): Promise<CaseView> {
    return this.db.run(async (m) => {
      const c = await this.lockedCase(m, id);
      const status = transition(c.status, 'consulted');
      assertInvolved(c.countriesInvolved, dto.country);
      assertNotBefore(dto.date, c.requestedOn, 'the consultation', 'the request');
      await this.repository.insertConsultation(
        m,
        { caseId: id, country: dto.country, date: dto.date, response: dto.response },
        actorTokenId ?? null,
      );
      const next = { ...c, status };
      await this.repository.updateCase(m, next);
      await this.record(m, next, 'consulted', dto.date, { country: dto.country, response: dto.response }, actorTokenId);
      return this.view(m, id);
    });
  }

  /** IOM decides, once every country involved has been consulted; an approval must fit the fund. */
  decide(id: string, dto: CaseDecisionDto, actorTokenId?: string): Promise<CaseView> {
    return this.db.run(async (m) => {
      await this.repository.lockFund(m);
      const c = await this.lockedCase(m, id);
      const status = transition(c.status, dto.outcome);
      const policies = await this.policies.get(m);
      const base = policies.baseCurrency;
      const consulted = (await this.repository.consultations(m, [id])).map((x) => x.country);
      assertDecidable(dto.decidedBy, c.countriesInvolved, consulted);
      assertNotBefore(dto.date, await this.repository.lastEventDate(m, id), 'the decision', 'the last consultation');
      let approved: Decimal | null = null;
      if (dto.outcome === 'approved') {
        if (dto.approvedAmount === undefined)
          throw validationError('approvedAmount', 'is required when the case is approved');
        approved = parsePositiveAmount(dto.approvedAmount, base, 'approvedAmount');
        const cap = policies.reserveFund.perCaseCap;
        assertApprovalFits(approved, {
          requested: new Dec(c.requestedAmount),
          perCaseCap: cap === null ? null : new Dec(cap),
          lowestBalance: await this.lowestBalanceFrom(m, dto.date),
          committed: await this.repository.committed(m, c.id),
          floor: new Dec(policies.reserveFund.floor),
          currency: base,
        });
      } else if (dto.approvedAmount !== undefined) {
        throw validationError('approvedAmount', 'a rejected case has no approved amount');
      }
      const next: CaseRow = {
        ...c,
        status,
        decidedBy: dto.decidedBy,
        decidedOn: dto.date,
        approvedAmount: approved ? formatAmount(approved, base) : null,
      };
      await this.repository.updateCase(m, next);
      await this.record(
        m,
        next,
        dto.outcome,
        dto.date,
        { decidedBy: dto.decidedBy, ...(approved ? { approvedAmount: formatAmount(approved, base) } : {}) },
        actorTokenId,
      );
      return this.view(m, id);
    });
  }

  /** IOM's notification of an approved case to the Pro-Tempore Presidency. */
  notify(id: string, dto: NotificationDto, actorTokenId?: string): Promise<CaseView> {
    return this.db.run(async (m) => {
      const c = await this.lockedCase(m, id);
      const status = transition(c.status, 'notified');
      assertNotBefore(dto.date, c.decidedOn ?? c.requestedOn, 'the notification', 'the decision');
      const next: CaseRow = { ...c, status, notifiedOn: dto.date, notificationReference: dto.reference };
      await this.repository.updateCase(m, next);
      await this.record(m, next, 'notified', dto.date, { reference: dto.reference }, actorTokenId);
      return this.view(m, id);
    });
  }

  /** Money leaves the fund: Dr 5400 / Cr bank in fund RES, within the approval and above the floor. */
  disburse(id: string, dto: DisbursementDto, actorTokenId?: string): Promise<DisbursementView> {
    return this.db.run(async (m) => {
      await this.repository.lockFund(m);
      const c = await this.lockedCase(m, id);
      const status = transition(c.status, 'disbursed');
      const policies = await this.policies.get(m);
      const base = policies.baseCurrency;
      assertNotBefore(
        dto.date,
        c.notifiedOn ?? c.requestedOn,
        'the disbursement',
        'the notification to the Pro-Tempore Presidency',
      );
      const bank = await this.disbursementBank(m, dto.bankAccount, base);
      const amount = parsePositiveAmount(dto.amount, base);
      const plan = planDisbursement(amount, {
        status,
        approved: new Dec(c.approvedAmount ?? 0),
        disbursedBefore: (await this.repository.disbursedByCase(m, FAR_FUTURE)).get(id) ?? new Dec(0),
        lowestBalance: await this.lowestBalanceFrom(m, dto.date),
        floor: new Dec(policies.reserveFund.floor),
        date: dto.date,
        currency: base,
      });
      const paid: Disbursement = { id: randomUUID(), caseId: id, dto, amount, bank, base };
      const entry = await this.ledger.post(disbursementCommand(c, paid, actorTokenId), m);
      await this.repository.insertDisbursement(m, {
        id: paid.id,
        caseId: id,
        amount: formatAmount(amount, base),
        date: dto.date,
        reference: dto.reference,
        bankAccount: bank.code,
        entryId: entry.id,
        actorTokenId: actorTokenId ?? null,
      });
      const next = { ...c, status };
      await this.repository.updateCase(m, next);
      await this.record(
        m,
        next,
        'disbursed',
        dto.date,
        { amount: formatAmount(amount, base), reference: dto.reference, entry: entry.id },
        actorTokenId,
      );
      return disbursementView(paid, plan, status, entry);
    });
  }

  /** Disbursements are paid from a bank account in the base currency. */
  private async disbursementBank(m: EntityManager, code: string | undefined, base: string): Promise<BankAccountRow> {
    const bank = await this.bankAccounts.resolve(m, code);
    if (bank.currency !== base)
      throw validationError(
        'bankAccount',
        `reserve-fund disbursements are paid from a ${base} account; '${bank.code}' is in ${bank.currency}`,
      );
    return bank;
  }

  /** Closing a case releases what it still had committed. */
  close(id: string, dto: CloseCaseDto, actorTokenId?: string): Promise<CaseView> {
    return this.db.run(async (m) => {
      const c = await this.lockedCase(m, id);
      const status = transition(c.status, 'closed');
      assertNotBefore(dto.date, await this.repository.lastEventDate(m, id), 'closing the case', 'its last event');
      const { baseCurrency: base } = await this.policies.get(m);
      const disbursed = (await this.repository.disbursedByCase(m, FAR_FUTURE)).get(id) ?? new Dec(0);
      const released = commitment(c.status, c.approvedAmount === null ? null : new Dec(c.approvedAmount), disbursed);
      const next: CaseRow = { ...c, status, closedOn: dto.date };
      await this.repository.updateCase(m, next);
      await this.record(
        m,
        next,
        'closed',
        dto.date,
        { released: formatAmount(released, base), ...(dto.reason ? { reason: dto.reason } : {}) },
        actorTokenId,
      );
      return this.view(m, id);
    });
  }

  /** The reserve fund's lowest cash balance from `date` on. */
  private async lowestBalanceFrom(m: EntityManager, date: string): Promise<Decimal> {
    return this.balances.lowestNetDebitFrom(m, RESERVE_FUND, await cashAccounts(m, this.bankAccounts), date);
  }

  private async lockedCase(m: EntityManager, id: string): Promise<CaseRow> {
    const c = await this.repository.findCase(m, id, true);
    if (!c) throw notFound('reserve-fund case', id);
    return c;
  }

  private async record(
    m: EntityManager,
    c: CaseRow,
    event: CaseEvent,
    date: string,
    detail: Record<string, string>,
    actorTokenId: string | undefined,
  ): Promise<void> {
    await this.repository.appendHistory(m, {
      caseId: c.id,
      event,
      status: c.status,
      date,
      detail,
      actorTokenId: actorTokenId ?? null,
    });
  }

  private async view(m: EntityManager, id: string): Promise<CaseView> {
    const c = await this.repository.findCase(m, id);
    if (!c) throw notFound('reserve-fund case', id);
    const { baseCurrency } = await this.policies.get(m);
    const [v] = await caseViews(this.repository, m, [c], FAR_FUTURE, baseCurrency);
    return v;
  }
}

/**
 * Cases as they stood at `asOf`: status from the history (the last event dated on or before it),
 * decision, notification and closing only if dated by then, disbursed from the ledger.
 */
export async function caseViews(
  repository: ReserveFundRepository,
  m: EntityManager,
  cases: readonly CaseRow[],
  asOf: string,
  base: string,
): Promise<CaseView[]> {
  if (cases.length === 0) return [];
  const ids = cases.map((c) => c.id);
  const [history, consultations, disbursed] = [
    await repository.history(m, ids),
    await repository.consultations(m, ids),
    await repository.disbursedByCase(m, asOf),
  ];
  return cases.map((c) => {
    const events = history
      .filter((h) => h.caseId === c.id && h.date <= asOf)
      .map((h, order) => ({ h, order }))
      .sort((a, b) => (a.h.date === b.h.date ? a.order - b.order : a.h.date < b.h.date ? -1 : 1))
      .map(({ h }) => h);
    const status: CaseStatus = events.length > 0 ? events[events.length - 1].status : 'requested';
    const by = (date: string | null): boolean => date !== null && date <= asOf;
    const approved = by(c.decidedOn) && c.approvedAmount !== null ? new Dec(c.approvedAmount) : null;
    const paid = disbursed.get(c.id) ?? new Dec(0);
    return {
      id: c.id,
      title: c.title,
      status,
      countriesInvolved: c.countriesInvolved,
      requestedAmount: formatAmount(new Dec(c.requestedAmount), base),
      people: c.people,
      requestedOn: c.requestedOn,
      decidedBy: by(c.decidedOn) ? c.decidedBy : null,
      decidedOn: by(c.decidedOn) ? c.decidedOn : null,
      approvedAmount: approved ? formatAmount(approved, base) : null,
      notifiedOn: by(c.notifiedOn) ? c.notifiedOn : null,
      notificationReference: by(c.notifiedOn) ? c.notificationReference : null,
      closedOn: by(c.closedOn) ? c.closedOn : null,
      disbursed: formatAmount(paid, base),
      commitment: formatAmount(commitment(status, approved, paid), base),
      consultations: consultations
        .filter((x) => x.caseId === c.id && x.date <= asOf)
        .map((x) => ({ country: x.country, date: x.date, response: x.response })),
      history: events.map((h) => ({
        event: h.event,
        status: h.status,
        date: h.date,
        detail: h.detail,
        recordedAt: new Date(h.recordedAt).toISOString(),
      })),
    };
  });
}

/** A disbursement of a case, read and checked. */
interface Disbursement {
  id: string;
  caseId: string;
  dto: DisbursementDto;
  amount: Decimal;
  bank: BankAccountRow;
  base: string;
}

/** Dr assisted returns / Cr the bank, in the reserve fund. */
function disbursementCommand(c: CaseRow, d: Disbursement, actorTokenId: string | undefined): PostCommand {
  return {
    date: d.dto.date,
    description: `Reserve fund, assisted return: ${c.title} (${d.dto.reference})`.slice(0, 500),
    source: 'reserve_disbursement',
    sourceId: d.caseId,
    metadata: { disbursement: d.id, reference: d.dto.reference },
    actorTokenId,
    lines: [
      { account: ACCOUNTS.assistedReturns, fund: RESERVE_FUND, side: 'debit', amount: d.amount },
      {
        account: d.bank.ledgerAccount,
        fund: RESERVE_FUND,
        side: 'credit',
        amount: d.amount,
        bankAccount: d.bank.code,
      },
    ],
  };
}

function disbursementView(
  d: Disbursement,
  plan: DisbursementPlan,
  status: CaseStatus,
  entry: EntryRow,
): DisbursementView {
  return {
    id: d.id,
    case: d.caseId,
    amount: formatAmount(d.amount, d.base),
    date: d.dto.date,
    reference: d.dto.reference,
    bankAccount: d.bank.code,
    disbursedTotal: formatAmount(plan.disbursedTotal, d.base),
    commitment: formatAmount(plan.commitment, d.base),
    status,
    entry: toEntryResponse(entry, d.base),
  };
}
