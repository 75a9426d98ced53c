import { Injectable } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import { EntityManager } from 'typeorm';
import { Dec } from '@app/common';
import { CaseEvent, CaseStatus } from './domain/case-rules';

export const RESERVE_FUND = 'RES';
export const ACCOUNTS = {
  memberContributions: '4300',
  transfersIn: '4800',
  transfersOut: '5800',
  assistedReturns: '5400',
} as const;

export type ContributionSource = 'member' | 'general_fund' | 'donor';

export interface NewContribution {
  id: string;
  source: ContributionSource;
  amount: string;
  currency: string;
  rate: string;
  amountBase: string;
  date: string;
  member: string | null;
  donor: string | null;
  fromFund: string | null;
  decision: string | null;
  reference: string | null;
  bankAccount: string;
  entryId: string;
  actorTokenId: string | null;
}

export interface CaseRow {
  id: string;
  title: string;
  countriesInvolved: string[];
  requestedAmount: string;
  people: number;
  requestedOn: string;
  status: CaseStatus;
  decidedBy: string | null;
  decidedOn: string | null;
  approvedAmount: string | null;
  notifiedOn: string | null;
  notificationReference: string | null;
  closedOn: string | null;
}

export interface ConsultationRow {
  caseId: string;
  country: string;
  date: string;
  response: string;
}

export interface HistoryRow {
  caseId: string;
  event: CaseEvent;
  status: CaseStatus;
  date: string;
  detail: Record<string, string>;
  recordedAt: string;
}

/** Cash movement of the reserve fund, summed per day and per what caused it. */
export interface CashMovementRow {
  date: string;
  /** The entry's source, or that of the entry it reverses. */
  source: string;
  sourceId: string | null;
  contributionSource: ContributionSource | null;
  net: string;
}

const CASE_COLUMNS = `id, title, countries_involved AS "countriesInvolved", requested_amount::text AS "requestedAmount", people,
  to_char(requested_on, 'YYYY-MM-DD') AS "requestedOn", status, decided_by AS "decidedBy",
  to_char(decided_on, 'YYYY-MM-DD') AS "decidedOn", approved_amount::text AS "approvedAmount",
  to_char(notified_on, 'YYYY-MM-DD') AS "notifiedOn", notification_reference AS "notificationReference",
  to_char(closed_on, 'YYYY-MM-DD') AS "closedOn"`;

/**
 * Postings of disbursement entries (and of the reversals of such entries), credited to the case
 * their entry names: a reversed disbursement gives the money back to the case's commitment.
 */
const DISBURSED_BY_CASE = `
  SELECT COALESCE(o.source_id, e.source_id) AS case_id,
         sum(CASE p.side WHEN 'debit' THEN p.amount_base ELSE -p.amount_base END) AS disbursed
    FROM postings p
    JOIN journal_entries e ON e.id = p.entry_id
    LEFT JOIN journal_entries o ON o.id = e.reverses_entry_id
   WHERE p.fund_code = '${RESERVE_FUND}' AND p.account_code = '${ACCOUNTS.assistedReturns}'
     AND COALESCE(o.source, e.source) = 'reserve_disbursement' AND p.entry_date <= $1
   GROUP BY 1`;

/** All SQL of the reserve fund. */
@Injectable()
export class ReserveFundRepository {
  /** The one row every decision and disbursement locks: approvals are counted one at a time. */
  async lockFund(m: EntityManager): Promise<void> {
    await m.query('SELECT id FROM reserve_fund_lock WHERE id = 1 FOR UPDATE');
  }

  async memberExists(m: EntityManager, code: string): Promise<boolean> {
    const rows: unknown[] = await m.query('SELECT 1 FROM members WHERE code = $1', [code]);
    return rows.length === 1;
  }

  async donorExists(m: EntityManager, code: string): Promise<boolean> {
    const rows: unknown[] = await m.query('SELECT 1 FROM donors WHERE code = $1', [code]);
    return rows.length === 1;
  }

  async insertContribution(m: EntityManager, c: NewContribution): Promise<void> {
    await m.query(
      `INSERT INTO reserve_contributions (id, source, amount, currency, rate, amount_base, contributed_on, member_code, donor_code,
         from_fund, decision, reference, bank_account, entry_id, actor_token_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [
        c.id,
        c.source,
        c.amount,
        c.currency,
        c.rate,
        c.amountBase,
        c.date,
        c.member,
        c.donor,
        c.fromFund,
        c.decision,
        c.reference,
        c.bankAccount,
        c.entryId,
        c.actorTokenId,
      ],
    );
  }

  async insertCase(m: EntityManager, c: CaseRow): Promise<void> {
    await m.query(
      `INSERT INTO reserve_cases (id, title, countries_involved, requested_amount, people, requested_on, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [c.id, c.title, c.countriesInvolved, c.requestedAmount, c.people, c.requestedOn, c.status],
    );
  }

  async findCase(m: EntityManager, id: string, lock = false): Promise<CaseRow | undefined> {
    const rows: CaseRow[] = await m.query(
      `SELECT ${CASE_COLUMNS} FROM reserve_cases WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0];
  }

  listCases(m: EntityManager, requestedOnOrBefore: string): Promise<CaseRow[]> {
    return m.query(
      `SELECT ${CASE_COLUMNS} FROM reserve_cases WHERE requested_on <= $1 ORDER BY requested_on, created_at, id`,
      [requestedOnOrBefore],
    );
  }

  /** Writes the case's new state (the guard trigger refuses changes to what is already recorded). */
  async updateCase(m: EntityManager, c: CaseRow): Promise<void> {
    await m.query(
      `UPDATE reserve_cases SET status = $2, decided_by = $3, decided_on = $4, approved_amount = $5, notified_on = $6,
         notification_reference = $7, closed_on = $8 WHERE id = $1`,
      [c.id, c.status, c.decidedBy, c.decidedOn, c.approvedAmount, c.notifiedOn, c.notificationReference, c.closedOn],
    );
  }

  async insertConsultation(m: EntityManager, c: ConsultationRow, actorTokenId: string | null): Promise<void> {
    await m.query(
      `INSERT INTO reserve_case_consultations (case_id, country, consulted_on, response, actor_token_id) VALUES ($1, $2, $3, $4, $5)`,
      [c.caseId, c.country, c.date, c.response, actorTokenId],
    );
  }

  consultations(m: EntityManager, caseIds: readonly string[]): Promise<ConsultationRow[]> {
    return m.query(
      `SELECT case_id AS "caseId", country, to_char(consulted_on, 'YYYY-MM-DD') AS date, response
         FROM reserve_case_consultations WHERE case_id = ANY($1::uuid[]) ORDER BY case_id, id`,
      [caseIds],
    );
  }

  async insertDisbursement(
    m: EntityManager,
    d: {
      id: string;
      caseId: string;
      amount: string;
      date: string;
      reference: string;
      bankAccount: string;
      entryId: string;
      actorTokenId: string | null;
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO reserve_case_disbursements (id, case_id, amount, disbursed_on, reference, bank_account, entry_id, actor_token_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [d.id, d.caseId, d.amount, d.date, d.reference, d.bankAccount, d.entryId, d.actorTokenId],
    );
  }

  async appendHistory(
    m: EntityManager,
    h: {
      caseId: string;
      event: CaseEvent;
      status: CaseStatus;
      date: string;
      detail: Record<string, string>;
      actorTokenId: string | null;
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO reserve_case_history (case_id, event, status_after, event_date, detail, actor_token_id) VALUES ($1, $2, $3, $4, $5, $6)`,
      [h.caseId, h.event, h.status, h.date, JSON.stringify(h.detail), h.actorTokenId],
    );
  }

  history(m: EntityManager, caseIds: readonly string[]): Promise<HistoryRow[]> {
    return m.query(
      `SELECT case_id AS "caseId", event, status_after AS status, to_char(event_date, 'YYYY-MM-DD') AS date, detail,
              recorded_at AS "recordedAt"
         FROM reserve_case_history WHERE case_id = ANY($1::uuid[]) ORDER BY case_id, id`,
      [caseIds],
    );
  }

  /** The date of the case's latest event: the next one may not be dated before it. */
  async lastEventDate(m: EntityManager, caseId: string): Promise<string> {
    const rows: { date: string }[] = await m.query(
      `SELECT to_char(max(event_date), 'YYYY-MM-DD') AS date FROM reserve_case_history WHERE case_id = $1`,
      [caseId],
    );
    return rows[0].date;
  }

  /** Base amount disbursed per case (from the ledger, net of reversals) up to `asOf`. */
  async disbursedByCase(m: EntityManager, asOf: string): Promise<Map<string, Decimal>> {
    const rows: { case_id: string; disbursed: string }[] = await m.query(DISBURSED_BY_CASE, [asOf]);
    return new Map(rows.map((r) => [r.case_id, new Dec(r.disbursed)]));
  }

  /** Approved, not closed cases with what they still await: Σ is the fund's commitments now. */
  async committed(m: EntityManager, exceptCase?: string): Promise<Decimal> {
    const rows: { committed: string }[] = await m.query(
      `SELECT COALESCE(sum(GREATEST(c.approved_amount - COALESCE(d.disbursed, 0), 0)), 0)::text AS committed
         FROM reserve_cases c LEFT JOIN (${DISBURSED_BY_CASE}) d ON d.case_id = c.id::text
        WHERE c.status IN ('approved', 'notified', 'disbursed') AND ($2::uuid IS NULL OR c.id <> $2::uuid)`,
      ['2999-12-31', exceptCase ?? null],
    );
    return new Dec(rows[0].committed);
  }

  /** Every cash movement of the reserve fund up to `asOf`, per day and cause. */
  cashMovements(m: EntityManager, cashAccounts: readonly string[], asOf: string): Promise<CashMovementRow[]> {
    return m.query(
      `SELECT to_char(p.entry_date, 'YYYY-MM-DD') AS date, COALESCE(o.source, e.source) AS source,
              COALESCE(o.source_id, e.source_id) AS "sourceId", rc.source AS "contributionSource",
              sum(CASE p.side WHEN 'debit' THEN p.amount_base ELSE -p.amount_base END)::text AS net
         FROM postings p
         JOIN journal_entries e ON e.id = p.entry_id
         LEFT JOIN journal_entries o ON o.id = e.reverses_entry_id
         LEFT JOIN reserve_contributions rc ON rc.entry_id = COALESCE(o.id, e.id)
        WHERE p.fund_code = '${RESERVE_FUND}' AND p.account_code = ANY($1) AND p.entry_date <= $2
        GROUP BY 1, 2, 3, 4 ORDER BY 1`,
      [cashAccounts, asOf],
    );
  }
}
