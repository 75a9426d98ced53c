import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import * as countries from 'i18n-iso-countries';
import { EntityManager } from 'typeorm';
import { Dec, formatAmount, notFound, parsePositiveAmount, validationError } from '@app/common';
import { TransactionRunner } from '@app/database';
import {
  BankAccountsRepository,
  BankAccountsService,
  LedgerService,
  PoliciesRepository,
  toEntryResponse,
} from '@app/ledger';
import {
  assertNotBefore,
  availableToApprove,
  CaseEvent,
  CaseStatus,
  commitment,
  DECIDING_BODY,
  notConsulted,
  RESERVE_RULES,
  ruleBroken,
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
    private readonly bankAccountsRepository: BankAccountsRepository,
    private readonly policies: PoliciesRepository,
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
      if (!c.countriesInvolved.includes(dto.country)) {
        throw ruleBroken(
          RESERVE_RULES.countryNotInvolved,
          `${dto.country} is not one of the countries involved in this return (${c.countriesInvolved.join(', ')}); only they are consulted`,
        );
      }
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
      if (dto.decidedBy !== DECIDING_BODY) {
        throw ruleBroken(
          RESERVE_RULES.decidedByIom,
          `decisions on reserve-fund cases are taken by ${DECIDING_BODY} (Protocol, addendum to section III); not by '${dto.decidedBy}'`,
        );
      }
      const consulted = (await this.repository.consultations(m, [id])).map((x) => x.country);
      const missing = notConsulted(c.countriesInvolved, consulted);
      if (missing.length > 0) {
        throw ruleBroken(
          RESERVE_RULES.consultAll,
          `IOM decides after consulting every country involved in the return; not yet consulted: ${missing.join(', ')}`,
          { notConsulted: missing.join(',') },
        );
      }
      assertNotBefore(dto.date, await this.repository.lastEventDate(m, id), 'the decision', 'the last consultation');
      let approved: Decimal | null = null;
      if (dto.outcome === 'approved') {
        if (dto.approvedAmount === undefined)
          throw validationError('approvedAmount', 'is required when the case is approved');
        approved = parsePositiveAmount(dto.approvedAmount, base, 'approvedAmount');
        await this.assertFits(m, c, approved, dto.date, policies.reserveFund, base);
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
      const bank = await this.bankAccounts.resolve(m, dto.bankAccount);
      if (bank.currency !== base)
        throw validationError(
          'bankAccount',
          `reserve-fund disbursements are paid from a ${base} account; '${bank.code}' is in ${bank.currency}`,
        );
      const amount = parsePositiveAmount(dto.amount, base);
      const approved = new Dec(c.approvedAmount ?? 0);
      const before = (await this.repository.disbursedByCase(m, FAR_FUTURE)).get(id) ?? new Dec(0);
      if (before.plus(amount).gt(approved)) {
        throw ruleBroken(
          RESERVE_RULES.overApproved,
          `the case was approved for ${formatAmount(approved, base)} ${base} and ${formatAmount(before, base)} has been disbursed; ` +
            `${formatAmount(amount, base)} more would exceed the approval`,
          { remaining: formatAmount(approved.minus(before), base), currency: base },
        );
      }
      const floor = new Dec(policies.reserveFund.floor);
      const lowest = await this.repository.lowestBalanceFrom(
        m,
        RESERVE_FUND,
        await cashAccounts(m, this.bankAccountsRepository),
        dto.date,
      );
      if (lowest.minus(amount).lt(floor)) {
        throw ruleBroken(
          RESERVE_RULES.floor,
          `the reserve fund holds ${formatAmount(lowest, base)} ${base} from ${dto.date} on; disbursing ${formatAmount(amount, base)} ` +
            `would take it below its floor of ${formatAmount(floor, base)} ${base}`,
          { balance: formatAmount(lowest, base), floor: formatAmount(floor, base), currency: base },
        );
      }
      const disbursementId = randomUUID();
      const entry = await this.ledger.post(
        {
          date: dto.date,
          description: `Reserve fund, assisted return: ${c.title} (${dto.reference})`.slice(0, 500),
          source: 'reserve_disbursement',
          sourceId: id,
          metadata: { disbursement: disbursementId, reference: dto.reference },
          actorTokenId,
          lines: [
            { account: ACCOUNTS.assistedReturns, fund: RESERVE_FUND, side: 'debit', amount },
            { account: bank.ledgerAccount, fund: RESERVE_FUND, side: 'credit', amount, bankAccount: bank.code },
          ],
        },
        m,
      );
      await this.repository.insertDisbursement(m, {
        id: disbursementId,
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
      const total = before.plus(amount);
      return {
        id: disbursementId,
        case: id,
        amount: formatAmount(amount, base),
        date: dto.date,
        reference: dto.reference,
        bankAccount: bank.code,
        disbursedTotal: formatAmount(total, base),
        commitment: formatAmount(commitment(status, approved, total), base),
        status,
        entry: toEntryResponse(entry, base),
      };
    });
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

  /**
   * An approval must fit: not more than was requested, not more than the per-case cap, and not more
   * than the fund can pay from the decision date on once the other cases' commitments and the
   * floor are kept (the caller holds the fund lock, so no other approval is counted meanwhile).
   */
  private async assertFits(
    m: EntityManager,
    c: CaseRow,
    approved: Decimal,
    date: string,
    policy: { perCaseCap: string | null; floor: string },
    base: string,
  ): Promise<void> {
    const requested = new Dec(c.requestedAmount);
    if (approved.gt(requested)) {
      throw ruleBroken(
        RESERVE_RULES.overRequested,
        `the approved amount ${formatAmount(approved, base)} exceeds the ${formatAmount(requested, base)} ${base} requested`,
      );
    }
    if (policy.perCaseCap !== null && approved.gt(policy.perCaseCap)) {
      throw ruleBroken(
        RESERVE_RULES.perCaseCap,
        `the approved amount ${formatAmount(approved, base)} exceeds the per-case cap of ${formatAmount(new Dec(policy.perCaseCap), base)} ${base}`,
        { cap: formatAmount(new Dec(policy.perCaseCap), base), currency: base },
      );
    }
    const lowest = await this.repository.lowestBalanceFrom(
      m,
      RESERVE_FUND,
      await cashAccounts(m, this.bankAccountsRepository),
      date,
    );
    const committed = await this.repository.committed(m, c.id);
    const floor = new Dec(policy.floor);
    const available = availableToApprove(lowest, committed, floor);
    if (approved.gt(available)) {
      throw ruleBroken(
        RESERVE_RULES.available,
        `the reserve fund can approve ${formatAmount(Dec.max(available, 0), base)} ${base}: balance ${formatAmount(lowest, base)} ` +
          `− commitments of approved, undisbursed cases ${formatAmount(committed, base)} − floor ${formatAmount(floor, base)}; ` +
          `${formatAmount(approved, base)} does not fit`,
        {
          balance: formatAmount(lowest, base),
          committed: formatAmount(committed, base),
          floor: formatAmount(floor, base),
          available: formatAmount(Dec.max(available, 0), base),
          currency: base,
        },
      );
    }
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
