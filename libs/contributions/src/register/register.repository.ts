import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Dec } from '@app/common';
import { WrittenWithEntry } from '@app/ledger';
import { AllocationKind, MemberBook, WriteOffKind } from '../domain/member-book';
import { Decision } from '../shared/dto';

export interface PaymentRow {
  id: string;
  seq: number;
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
  createdAt: string;
  reversal: { date: string; reason: string; entryId: string; adjustmentEntryId: string | null } | null;
}

export interface AllocationRow {
  id: number;
  paymentId: string;
  member: string;
  fiscalYear: number;
  kind: AllocationKind;
  amount: string;
  effectiveOn: string;
  entryId: string;
}

export interface NewAllocation {
  paymentId: string;
  member: string;
  fiscalYear: number;
  kind: AllocationKind;
  amount: string;
  effectiveOn: string;
  entryId: string;
}

export interface WriteOffRow {
  id: string;
  member: string;
  fiscalYear: number;
  kind: WriteOffKind;
  amount: string;
  effectiveOn: string;
  decision: Decision;
  entryId: string;
  createdAt: string;
}

export interface ExemptionRow {
  id: string;
  member: string;
  fromYear: number;
  toYear: number | null;
  decision: Decision;
  createdAt: string;
}

const PAYMENT_COLUMNS = `p.id, p.seq::int AS seq, p.member_code AS member, to_char(p.received_on, 'YYYY-MM-DD') AS "receivedOn",
  p.amount::text, p.currency, p.rate::text, p.amount_base::text AS "amountBase", p.reference,
  p.designated_fiscal_year AS "designatedFiscalYear", p.bank_account AS "bankAccount", p.entry_id AS "entryId",
  p.metadata, p.created_at AS "createdAt",
  CASE WHEN r.payment_id IS NULL THEN NULL ELSE json_build_object('date', to_char(r.reversed_on, 'YYYY-MM-DD'),
    'reason', r.reason, 'entryId', r.entry_id, 'adjustmentEntryId', r.adjustment_entry_id) END AS reversal`;

const WRITE_OFF_COLUMNS = `id, member_code AS member, fiscal_year AS "fiscalYear", kind, amount::text,
  to_char(effective_on, 'YYYY-MM-DD') AS "effectiveOn",
  json_build_object('meeting', decision_meeting, 'date', to_char(decision_date, 'YYYY-MM-DD'), 'reference', decision_reference) AS decision,
  entry_id AS "entryId", created_at AS "createdAt"`;

/** A member book's four lists, each a JSON array in the order the allocation rules read it. */
const BOOK_COLUMNS = `
  (SELECT coalesce(json_agg(x ORDER BY x.o1, x.o2, x.o3), '[]') FROM (
     SELECT member_code AS member, fiscal_year AS "fiscalYear", to_char(assessed_on, 'YYYY-MM-DD') AS date, delta::text,
            assessed_on AS o1, fiscal_year AS o2, version AS o3
       FROM assessments WHERE member_code = ANY($1) AND delta <> 0) x) AS assessments,
  (SELECT coalesce(json_agg(x ORDER BY x.seq), '[]') FROM (
     SELECT p.id, p.seq::int AS seq, p.member_code AS member, to_char(p.received_on, 'YYYY-MM-DD') AS date,
            p.amount_base::text AS "amountBase", to_char(r.reversed_on, 'YYYY-MM-DD') AS "reversedOn"
       FROM payments p LEFT JOIN payment_reversals r ON r.payment_id = p.id
      WHERE p.member_code = ANY($1)) x) AS payments,
  (SELECT coalesce(json_agg(x ORDER BY x.o1), '[]') FROM (
     SELECT member_code AS member, payment_id AS "paymentId", fiscal_year AS "fiscalYear",
            to_char(effective_on, 'YYYY-MM-DD') AS date, kind, amount::text, id AS o1
       FROM allocations WHERE member_code = ANY($1)) x) AS allocations,
  (SELECT coalesce(json_agg(x ORDER BY x.o1, x.o2), '[]') FROM (
     SELECT member_code AS member, fiscal_year AS "fiscalYear", to_char(effective_on, 'YYYY-MM-DD') AS date, kind,
            amount::text, created_at AS o1, id AS o2
       FROM write_offs WHERE member_code = ANY($1)) x) AS write_offs`;

interface BookRows {
  assessments: { member: string; fiscalYear: number; date: string; delta: string }[];
  payments: { id: string; seq: number; member: string; date: string; amountBase: string; reversedOn: string | null }[];
  allocations: {
    member: string;
    paymentId: string;
    fiscalYear: number;
    date: string;
    kind: AllocationKind;
    amount: string;
  }[];
  write_offs: { member: string; fiscalYear: number; date: string; kind: WriteOffKind; amount: string }[];
}

/**
 * All SQL of the contributions register: payments, allocations, write-offs, exemptions, and the
 * member books the allocation rules work on.
 */
@Injectable()
export class RegisterRepository {
  /** The books of some members (all their dated events), in one query whatever their number. */
  async loadBooks(m: EntityManager, members: readonly string[]): Promise<Map<string, MemberBook>> {
    const codes = [...new Set(members)];
    const rows: BookRows[] = await m.query(`SELECT ${BOOK_COLUMNS}`, [codes]);
    return booksOf(codes, rows[0]);
  }

  /**
   * A member's book and the sequence number of its next payment, in one query (run once the
   * member's row is locked: the book read here is the one the payment is planned on).
   */
  async paymentBook(m: EntityManager, member: string): Promise<{ book: MemberBook; seq: number }> {
    const rows: (BookRows & { seq: string })[] = await m.query(
      `SELECT ${BOOK_COLUMNS}, nextval(pg_get_serial_sequence('payments', 'seq'))::text AS seq`,
      [[member]],
    );
    return { book: booksOf([member], rows[0]).get(member) as MemberBook, seq: Number(rows[0].seq) };
  }

  /** The payment's row, written in the statement of the entry it posts (`PostCommand.withEntry`). */
  paymentWithEntry(
    p: Omit<PaymentRow, 'createdAt' | 'reversal' | 'entryId'>,
    actorTokenId: string | undefined,
  ): WrittenWithEntry {
    return ({ entryId, value }) =>
      `INSERT INTO payments (id, seq, member_code, received_on, amount, currency, rate, amount_base, reference,
         designated_fiscal_year, bank_account, entry_id, metadata, actor_token_id)
       VALUES (${value(p.id)}, ${value(p.seq)}, ${value(p.member)}, ${value(p.receivedOn)}, ${value(p.amount)}, ${value(p.currency)},
         ${value(p.rate)}, ${value(p.amountBase)}, ${value(p.reference)}, ${value(p.designatedFiscalYear)}, ${value(p.bankAccount)},
         ${entryId}, ${value(JSON.stringify(p.metadata))}, ${value(actorTokenId ?? null)})`;
  }

  async findPayment(m: EntityManager, id: string): Promise<PaymentRow | undefined> {
    const rows: PaymentRow[] = await m.query(
      `SELECT ${PAYMENT_COLUMNS} FROM payments p LEFT JOIN payment_reversals r ON r.payment_id = p.id WHERE p.id = $1`,
      [id],
    );
    return rows[0];
  }

  listPayments(
    m: EntityManager,
    f: { member?: string; from?: string; to?: string; afterSeq?: number; limit: number },
  ): Promise<PaymentRow[]> {
    return m.query(
      `SELECT ${PAYMENT_COLUMNS} FROM payments p LEFT JOIN payment_reversals r ON r.payment_id = p.id
        WHERE ($1::text IS NULL OR p.member_code = $1) AND ($2::date IS NULL OR p.received_on >= $2)
          AND ($3::date IS NULL OR p.received_on <= $3) AND ($4::bigint IS NULL OR p.seq > $4)
        ORDER BY p.seq LIMIT $5`,
      [f.member ?? null, f.from ?? null, f.to ?? null, f.afterSeq ?? null, f.limit],
    );
  }

  allocationsOf(m: EntityManager, paymentIds: readonly string[]): Promise<AllocationRow[]> {
    if (paymentIds.length === 0) return Promise.resolve([]);
    return m.query(
      `SELECT id::int AS id, payment_id AS "paymentId", member_code AS member, fiscal_year AS "fiscalYear", kind, amount::text,
              to_char(effective_on, 'YYYY-MM-DD') AS "effectiveOn", entry_id AS "entryId"
         FROM allocations WHERE payment_id = ANY($1::uuid[]) ORDER BY id`,
      [paymentIds],
    );
  }

  async insertAllocations(m: EntityManager, rows: readonly NewAllocation[]): Promise<void> {
    if (rows.length === 0) return;
    const params: unknown[] = [];
    await m.query(
      allocationsInsert(rows, (v) => `$${params.push(v)}`, `$${params.push(rows.map((r) => r.entryId))}::uuid[]`),
      params,
    );
  }

  /** Allocations written in the statement of the entry they are posted by (`PostCommand.withEntry`). */
  allocationsWithEntry(rows: readonly Omit<NewAllocation, 'entryId'>[]): WrittenWithEntry[] {
    if (rows.length === 0) return [];
    return [
      ({ entryId, value }) =>
        allocationsInsert(rows, value, `array_fill(${entryId}, ARRAY[${value(rows.length)}::int])`),
    ];
  }

  async insertReversal(
    m: EntityManager,
    r: { paymentId: string; date: string; reason: string; entryId: string; adjustmentEntryId: string | null },
    actorTokenId: string | undefined,
  ): Promise<void> {
    await m.query(
      `INSERT INTO payment_reversals (payment_id, reversed_on, reason, entry_id, adjustment_entry_id, actor_token_id)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [r.paymentId, r.date, r.reason, r.entryId, r.adjustmentEntryId, actorTokenId ?? null],
    );
  }

  async isMemberYear(m: EntityManager, member: string, fiscalYear: number): Promise<boolean> {
    const rows: unknown[] = await m.query('SELECT 1 FROM member_years WHERE member_code = $1 AND fiscal_year = $2', [
      member,
      fiscalYear,
    ]);
    return rows.length === 1;
  }

  async insertWriteOffs(
    m: EntityManager,
    rows: readonly Omit<WriteOffRow, 'createdAt'>[],
    actorTokenId: string | undefined,
  ): Promise<void> {
    if (rows.length === 0) return;
    await m.query(
      `INSERT INTO write_offs (id, member_code, fiscal_year, kind, amount, effective_on, decision_meeting, decision_date,
         decision_reference, entry_id, actor_token_id)
       SELECT *, $11::uuid FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::numeric[], $6::date[], $7::text[],
         $8::date[], $9::text[], $10::uuid[])`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.member),
        rows.map((r) => r.fiscalYear),
        rows.map((r) => r.kind),
        rows.map((r) => r.amount),
        rows.map((r) => r.effectiveOn),
        rows.map((r) => r.decision.meeting),
        rows.map((r) => r.decision.date),
        rows.map((r) => r.decision.reference),
        rows.map((r) => r.entryId),
        actorTokenId ?? null,
      ],
    );
  }

  writeOffs(m: EntityManager, member: string): Promise<WriteOffRow[]> {
    return m.query(
      `SELECT ${WRITE_OFF_COLUMNS} FROM write_offs WHERE member_code = $1 ORDER BY effective_on, created_at, id`,
      [member],
    );
  }

  async insertExemption(
    m: EntityManager,
    e: Omit<ExemptionRow, 'createdAt'>,
    actorTokenId: string | undefined,
  ): Promise<void> {
    await m.query(
      `INSERT INTO standing_exemptions (id, member_code, from_year, to_year, decision_meeting, decision_date, decision_reference, actor_token_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        e.id,
        e.member,
        e.fromYear,
        e.toYear,
        e.decision.meeting,
        e.decision.date,
        e.decision.reference,
        actorTokenId ?? null,
      ],
    );
  }

  exemptions(m: EntityManager, member?: string): Promise<ExemptionRow[]> {
    return m.query(
      `SELECT id, member_code AS member, from_year AS "fromYear", to_year AS "toYear",
              json_build_object('meeting', decision_meeting, 'date', to_char(decision_date, 'YYYY-MM-DD'), 'reference', decision_reference) AS decision,
              created_at AS "createdAt"
         FROM standing_exemptions WHERE ($1::text IS NULL OR member_code = $1) ORDER BY member_code, from_year, created_at`,
      [member ?? null],
    );
  }
}

function allocationsInsert(
  rows: readonly Omit<NewAllocation, 'entryId'>[],
  value: (v: unknown) => string,
  entryIds: string,
): string {
  return `INSERT INTO allocations (payment_id, member_code, fiscal_year, kind, amount, effective_on, entry_id)
    SELECT * FROM unnest(${value(rows.map((r) => r.paymentId))}::uuid[], ${value(rows.map((r) => r.member))}::text[],
      ${value(rows.map((r) => r.fiscalYear))}::int[], ${value(rows.map((r) => r.kind))}::text[],
      ${value(rows.map((r) => r.amount))}::numeric[], ${value(rows.map((r) => r.effectiveOn))}::date[], ${entryIds})`;
}

function booksOf(codes: readonly string[], rows: BookRows): Map<string, MemberBook> {
  const { assessments, payments, allocations, write_offs: writeOffs } = rows;
  const books = new Map(codes.map((c) => [c, new MemberBook(c)]));
  const book = (code: string): MemberBook => {
    const b = books.get(code);
    if (!b) throw new Error(`book of ${code} was not requested`);
    return b;
  };
  for (const p of payments) {
    book(p.member).addPayment({
      id: p.id,
      seq: p.seq,
      date: p.date,
      amountBase: new Dec(p.amountBase),
      reversedOn: p.reversedOn,
    });
  }
  for (const a of assessments)
    book(a.member).addAssessment({ fiscalYear: a.fiscalYear, date: a.date, delta: new Dec(a.delta) });
  for (const a of allocations) {
    book(a.member).addAllocation({
      paymentId: a.paymentId,
      fiscalYear: a.fiscalYear,
      date: a.date,
      kind: a.kind,
      amount: new Dec(a.amount),
    });
  }
  for (const w of writeOffs)
    book(w.member).addWriteOff({ fiscalYear: w.fiscalYear, date: w.date, kind: w.kind, amount: new Dec(w.amount) });
  return books;
}
