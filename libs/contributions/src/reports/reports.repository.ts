import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  AllocationEventRow,
  AssessmentEventRow,
  PaymentEventRow,
  ReversalEventRow,
  StatementEvents,
  WriteOffEventRow,
} from '../domain/member-statement';
import type { StatusYear } from './report-types';

export interface StatusFigures {
  member: string;
  /** Null on the member's total row (which comes first). */
  fiscalYear: number | null;
  assessed: string;
  paid: string;
  writtenOff: string;
  outstanding: string;
  arrears: string;
  threshold: string;
}

/** A member's figures as at a date, one row (see `ReportsRepository.memberPositions`). */
export interface MemberPosition {
  member: string;
  assessed: string;
  paid: string;
  writtenOff: string;
  outstanding: string;
  arrears: string;
  threshold: string;
  /** `fiscalYear assessed paid writtenOff outstanding` per year, oldest first, space-separated. */
  years: string;
}

/** The years of a `MemberPosition`, as the report lists them. */
export function memberYears(position: Pick<MemberPosition, 'years'>): StatusYear[] {
  const parts = position.years.split(' ');
  const years: StatusYear[] = [];
  for (let i = 0; i + 4 < parts.length; i += 5) {
    years.push({
      fiscalYear: Number(parts[i]),
      assessed: parts[i + 1],
      paid: parts[i + 2],
      writtenOff: parts[i + 3],
      outstanding: parts[i + 4],
    });
  }
  return years;
}

import type { HonourRollCandidate } from '../domain/status-figures';

export type { HonourRollCandidate };

const SIGNED_ALLOCATION = `CASE WHEN al.kind IN ('payment', 'advance') THEN al.amount ELSE -al.amount END`;
const SIGNED_WRITE_OFF = `CASE WHEN w.kind = 'reduction' THEN -w.amount ELSE w.amount END`;

/**
 * `y`: assessed, paid and written off per member × fiscal year as at $1 (one member with $2), from
 * the maintained figures (`member_year_figures`): a member-year whose entries all lie on or
 * before $1 as it stands, one whose entries straddle $1 summed again from its register rows up to $1.
 */
const MAINTAINED_Y = `WITH f AS MATERIALIZED (
         SELECT member_code, fiscal_year, assessed, paid, written_off, last_on FROM member_year_figures
          WHERE first_on <= $1 AND ($2::text IS NULL OR member_code = $2)),
       redo AS (SELECT member_code, fiscal_year FROM f WHERE last_on > $1),
       a AS (
         SELECT a.member_code, a.fiscal_year, sum(a.delta) AS assessed
           FROM redo JOIN assessments a USING (member_code, fiscal_year) JOIN journal_entries e ON e.id = a.entry_id
          WHERE e.entry_date <= $1 GROUP BY 1, 2),
       p AS (
         SELECT al.member_code, al.fiscal_year, sum(${SIGNED_ALLOCATION}) AS paid
           FROM redo JOIN allocations al USING (member_code, fiscal_year) JOIN journal_entries e ON e.id = al.entry_id
          WHERE e.entry_date <= $1 GROUP BY 1, 2),
       w AS (
         SELECT w.member_code, w.fiscal_year, sum(${SIGNED_WRITE_OFF}) AS written_off
           FROM redo JOIN write_offs w USING (member_code, fiscal_year) JOIN journal_entries e ON e.id = w.entry_id
          WHERE e.entry_date <= $1 GROUP BY 1, 2),
       y AS (
         SELECT member_code, fiscal_year, assessed, paid, written_off FROM f WHERE last_on <= $1
         UNION ALL
         SELECT member_code, fiscal_year, coalesce(a.assessed, 0), coalesce(p.paid, 0), coalesce(w.written_off, 0)
           FROM redo LEFT JOIN a USING (member_code, fiscal_year) LEFT JOIN p USING (member_code, fiscal_year)
           LEFT JOIN w USING (member_code, fiscal_year))`;

/**
 * The report's rows from `y` (one row per member × fiscal year: assessed, paid, written off as at
 * $1): each member's total row first, then its years, oldest first. A member-year's arrears and
 * threshold are its own share of its member's. Member codes are three capital letters, so their
 * byte order (COLLATE "C", which sorts several times faster than the database's collation) is
 * their order in any collation.
 */
const STATUS_FIGURES_OF_Y = `,
       z AS MATERIALIZED (
         SELECT member_code, fiscal_year, assessed, paid, written_off, assessed - paid - written_off AS outstanding,
                CASE WHEN fiscal_year < $4 THEN assessed - paid - written_off ELSE 0 END AS arrears,
                CASE WHEN fiscal_year >= $4 - $5 AND fiscal_year < $4 THEN assessed ELSE 0 END AS threshold
           FROM y WHERE assessed <> 0 OR paid <> 0 OR written_off <> 0)
       SELECT member, "fiscalYear", assessed, paid, "writtenOff", outstanding, arrears, threshold
         FROM (SELECT member_code AS member, NULL::integer AS "fiscalYear", 0 AS part,
                      round(sum(assessed), $3)::text AS assessed, round(sum(paid), $3)::text AS paid,
                      round(sum(written_off), $3)::text AS "writtenOff", round(sum(outstanding), $3)::text AS outstanding,
                      round(sum(arrears), $3)::text AS arrears, round(sum(threshold), $3)::text AS threshold
                 FROM z GROUP BY member_code
               UNION ALL
               SELECT member_code, fiscal_year, 1, round(assessed, $3)::text, round(paid, $3)::text, round(written_off, $3)::text,
                      round(outstanding, $3)::text, round(arrears, $3)::text, round(threshold, $3)::text
                 FROM z) r
        ORDER BY member COLLATE "C", part, "fiscalYear"`;

/**
 * The SQL of the contributions reports. Every figure comes from the register joined with the
 * journal entry that moved the money, dated by that entry: nothing later than `asOf` counts. The
 * status of contributions reads the figures maintained per member-year (`member_year_figures`,
 * `member_receipts`, kept by triggers on the register); the `…FromRegister` queries compute the same
 * from the register itself, for the register check that proves them equal.
 */
@Injectable()
export class ReportsRepository {
  /**
   * Assessed, paid, written off and outstanding per member × fiscal year as at a date, and per
   * member (the row whose `fiscalYear` is null) with its arrears (outstanding on years before
   * `currentYear`) and the standing threshold (assessed for the `standingYears` years before it).
   * Read from the maintained figures (`member_year_figures`): a member-year whose entries all lie
   * on or before `asOf` as it stands, one whose entries straddle `asOf` summed again from its
   * register rows up to `asOf`. Summed and rounded to the base currency's `scale` in SQL: amounts
   * stay exact (every stored amount already has that scale) and the report does no per-year
   * arithmetic in JavaScript.
   */
  statusFigures(
    m: EntityManager,
    f: { asOf: string; scale: number; currentYear: number; standingYears: number; member?: string },
  ): Promise<StatusFigures[]> {
    return m.query(`${MAINTAINED_Y}${STATUS_FIGURES_OF_Y}`, [
      f.asOf,
      f.member ?? null,
      f.scale,
      f.currentYear,
      f.standingYears,
    ]);
  }

  /**
   * The same figures, one row per member (the report's reading): its totals, arrears and
   * threshold as `statusFigures` gives them on its total row, and its years' assessed, paid,
   * written off and outstanding in `years` — `fiscalYear assessed paid writtenOff outstanding`
   * per year, oldest first, all separated by single spaces (see `memberYears`). A few hundred
   * rows instead of one per member-year: the per-year figures are written out by PostgreSQL
   * once, without a row, a sort and a grouping of their own.
   */
  memberPositions(
    m: EntityManager,
    f: { asOf: string; scale: number; currentYear: number; standingYears: number; member?: string },
  ): Promise<MemberPosition[]> {
    return m.query(
      `${MAINTAINED_Y}
       SELECT member_code AS member,
              round(sum(assessed), $3)::text AS assessed, round(sum(paid), $3)::text AS paid,
              round(sum(written_off), $3)::text AS "writtenOff",
              round(sum(assessed - paid - written_off), $3)::text AS outstanding,
              round(sum(CASE WHEN fiscal_year < $4 THEN assessed - paid - written_off ELSE 0 END), $3)::text AS arrears,
              round(sum(CASE WHEN fiscal_year >= $4 - $5 AND fiscal_year < $4 THEN assessed ELSE 0 END), $3)::text AS threshold,
              string_agg(concat_ws(' ', fiscal_year, round(assessed, $3), round(paid, $3), round(written_off, $3),
                                   round(assessed - paid - written_off, $3)), ' ' ORDER BY fiscal_year) AS years
         FROM y WHERE assessed <> 0 OR paid <> 0 OR written_off <> 0
        GROUP BY member_code ORDER BY member_code COLLATE "C"`,
      [f.asOf, f.member ?? null, f.scale, f.currentYear, f.standingYears],
    );
  }

  /**
   * The same figures summed from the register joined with the journal (every entry up to `asOf`):
   * what the maintained figures are checked against.
   */
  statusFiguresFromRegister(
    m: EntityManager,
    f: { asOf: string; scale: number; currentYear: number; standingYears: number; member?: string },
  ): Promise<StatusFigures[]> {
    return m.query(
      `WITH e AS MATERIALIZED (SELECT id FROM journal_entries WHERE entry_date <= $1),
       a AS (
         SELECT a.member_code, a.fiscal_year, sum(a.delta) AS assessed
           FROM assessments a JOIN e ON e.id = a.entry_id
          WHERE $2::text IS NULL OR a.member_code = $2 GROUP BY 1, 2),
       p AS (
         SELECT al.member_code, al.fiscal_year, sum(${SIGNED_ALLOCATION}) AS paid
           FROM allocations al JOIN e ON e.id = al.entry_id
          WHERE $2::text IS NULL OR al.member_code = $2 GROUP BY 1, 2),
       w AS (
         SELECT w.member_code, w.fiscal_year, sum(${SIGNED_WRITE_OFF}) AS written_off
           FROM write_offs w JOIN e ON e.id = w.entry_id
          WHERE $2::text IS NULL OR w.member_code = $2 GROUP BY 1, 2),
       y AS (
         SELECT member_code, fiscal_year, coalesce(a.assessed, 0) AS assessed, coalesce(p.paid, 0) AS paid,
                coalesce(w.written_off, 0) AS written_off
           FROM a FULL JOIN p USING (member_code, fiscal_year) FULL JOIN w USING (member_code, fiscal_year))${STATUS_FIGURES_OF_Y}`,
      [f.asOf, f.member ?? null, f.scale, f.currentYear, f.standingYears],
    );
  }

  /**
   * Per member: payments received as at a date, less those reversed as at that date (base
   * currency): the maintained receipts of the fiscal years before the date's, plus the entries of
   * the date's fiscal year (from `startsOn`) up to the date.
   */
  received(
    m: EntityManager,
    f: { asOf: string; fiscalYear: number; startsOn: string; member?: string },
  ): Promise<{ member: string; received: string }[]> {
    return m.query(
      `SELECT member_code AS member, sum(received)::text AS received
         FROM (SELECT member_code, received FROM member_receipts
                WHERE fiscal_year < $2 AND ($4::text IS NULL OR member_code = $4)
               UNION ALL
               SELECT p.member_code, p.amount_base
                 FROM journal_entries e JOIN payments p ON p.entry_id = e.id
                WHERE e.entry_date >= $3 AND e.entry_date <= $1 AND ($4::text IS NULL OR p.member_code = $4)
               UNION ALL
               SELECT p.member_code, -p.amount_base
                 FROM journal_entries e JOIN payment_reversals r ON r.entry_id = e.id JOIN payments p ON p.id = r.payment_id
                WHERE e.entry_date >= $3 AND e.entry_date <= $1 AND ($4::text IS NULL OR p.member_code = $4)) x
        GROUP BY member_code ORDER BY member_code COLLATE "C"`,
      [f.asOf, f.fiscalYear, f.startsOn, f.member ?? null],
    );
  }

  /** The same, straight from the register and the journal: what the maintained receipts are checked against. */
  receivedFromRegister(
    m: EntityManager,
    asOf: string,
    member?: string,
  ): Promise<{ member: string; received: string }[]> {
    return m.query(
      `SELECT p.member_code AS member,
              (coalesce(sum(p.amount_base) FILTER (WHERE e.entry_date <= $1), 0)
               - coalesce(sum(p.amount_base) FILTER (WHERE re.entry_date <= $1), 0))::text AS received
         FROM payments p JOIN journal_entries e ON e.id = p.entry_id
         LEFT JOIN payment_reversals r ON r.payment_id = p.id
         LEFT JOIN journal_entries re ON re.id = r.entry_id
        WHERE ($2::text IS NULL OR p.member_code = $2)
        GROUP BY 1 ORDER BY 1`,
      [asOf, member ?? null],
    );
  }

  /**
   * For each member-year assessed as at a date: the day from which what was paid has covered what
   * was assessed (each as it stood on each day) without interruption — null while it is not paid
   * in full — and the day of the last assessment that raised what was due. A reversal or a
   * revision upwards interrupts; a revision downwards that leaves it covered does not. The
   * maintained dates of a member-year whose entries all lie on or before the date; computed again
   * (`member_year_honour`, the function the figures are maintained with) for one that straddles it.
   * With `withinDays`, only those paid in full within that many days of `dueFrom` (the honour roll).
   */
  honourRollCandidates(m: EntityManager, asOf: string, withinDays?: number): Promise<HonourRollCandidate[]> {
    return m.query(
      `WITH f AS MATERIALIZED (
         SELECT member_code, fiscal_year, last_on, paid_in_full_on, due_from FROM member_year_figures WHERE first_on <= $1),
       redo AS (SELECT array_agg(member_code) AS members, array_agg(fiscal_year) AS years FROM f WHERE last_on > $1)
       SELECT member_code AS member, fiscal_year AS "fiscalYear", to_char(paid_in_full_on, 'YYYY-MM-DD') AS "paidInFullOn",
              to_char(due_from, 'YYYY-MM-DD') AS "dueFrom"
         FROM (SELECT member_code, fiscal_year, paid_in_full_on, due_from FROM f WHERE last_on <= $1
               UNION ALL
               SELECT h.member_code, h.fiscal_year, h.paid_in_full_on, h.due_from
                 FROM redo, member_year_honour(redo.members, redo.years, $1::date) h) x
        WHERE due_from IS NOT NULL AND ($2::integer IS NULL OR paid_in_full_on <= due_from + $2::integer)
        ORDER BY member_code COLLATE "C", fiscal_year`,
      [asOf, withinDays ?? null],
    );
  }

  /** The honour-roll candidates straight from the register and the journal (the reference of the maintained ones). */
  honourRollCandidatesFromRegister(m: EntityManager, asOf: string): Promise<HonourRollCandidate[]> {
    return m.query(
      `WITH e AS MATERIALIZED (SELECT id, entry_date FROM journal_entries WHERE entry_date <= $1),
       ev AS (
         SELECT member_code, fiscal_year, day, sum(assessed) AS assessed, sum(paid) AS paid,
                bool_or(assessed > 0) AS raised
           FROM (SELECT a.member_code, a.fiscal_year, e.entry_date AS day, a.delta AS assessed, 0 AS paid
                   FROM assessments a JOIN e ON e.id = a.entry_id
                 UNION ALL
                 SELECT al.member_code, al.fiscal_year, e.entry_date, 0, ${SIGNED_ALLOCATION}
                   FROM allocations al JOIN e ON e.id = al.entry_id) x
          GROUP BY 1, 2, 3),
       run AS (
         SELECT member_code, fiscal_year, day, raised,
                sum(assessed) OVER w AS assessed_then, sum(paid) OVER w AS paid_then
           FROM ev WINDOW w AS (PARTITION BY member_code, fiscal_year ORDER BY day)),
       marked AS (
         SELECT run.*, max(day) FILTER (WHERE paid_then < assessed_then) OVER (PARTITION BY member_code, fiscal_year) AS short_until
           FROM run)
       SELECT member_code AS member, fiscal_year AS "fiscalYear",
              to_char(min(day) FILTER (WHERE short_until IS NULL OR day > short_until), 'YYYY-MM-DD') AS "paidInFullOn",
              to_char(max(day) FILTER (WHERE raised), 'YYYY-MM-DD') AS "dueFrom"
         FROM marked GROUP BY member_code, fiscal_year
        HAVING bool_or(raised) ORDER BY 1, 2`,
      [asOf],
    );
  }

  /** Members exempted from the standing rule for a fiscal year by a decision taken on or before a date. */
  async exemptMembers(m: EntityManager, asOf: string, fiscalYear: number): Promise<Set<string>> {
    const rows: { member: string }[] = await m.query(
      `SELECT DISTINCT member_code AS member FROM standing_exemptions
        WHERE decision_date <= $1 AND from_year <= $2 AND (to_year IS NULL OR to_year >= $2)`,
      [asOf, fiscalYear],
    );
    return new Set(rows.map((r) => r.member));
  }

  members(
    m: EntityManager,
    member?: string,
  ): Promise<{ code: string; nameEn: string; nameEs: string; joinedOn: string }[]> {
    return m.query(
      `SELECT code, name_en AS "nameEn", name_es AS "nameEs", to_char(joined_on, 'YYYY-MM-DD') AS "joinedOn"
         FROM members WHERE ($1::text IS NULL OR code = $1) ORDER BY code`,
      [member ?? null],
    );
  }

  // ---- a member's statement: its events with their entries' dates and sequences ----------

  /** A member's statement events up to a date (one query after another, on the snapshot's connection). */
  async statementEvents(m: EntityManager, member: string, asOf: string): Promise<StatementEvents> {
    return {
      assessments: await this.assessmentEvents(m, member, asOf),
      payments: await this.paymentEvents(m, member, asOf),
      allocations: await this.allocationEvents(m, member, asOf),
      writeOffs: await this.writeOffEvents(m, member, asOf),
      reversals: await this.reversalEvents(m, member, asOf),
    };
  }

  assessmentEvents(m: EntityManager, member: string, asOf: string): Promise<AssessmentEventRow[]> {
    return m.query(
      `SELECT to_char(e.entry_date, 'YYYY-MM-DD') AS date, e.sequence::int AS sequence, e.id AS "entryId",
              a.fiscal_year AS "fiscalYear", a.version, a.delta::text, b.approval_reference AS reference
         FROM assessments a JOIN journal_entries e ON e.id = a.entry_id
         JOIN budgets b ON b.fiscal_year = a.fiscal_year AND b.version = a.version
        WHERE a.member_code = $1 AND e.entry_date <= $2`,
      [member, asOf],
    );
  }

  paymentEvents(m: EntityManager, member: string, asOf: string): Promise<PaymentEventRow[]> {
    return m.query(
      `SELECT to_char(e.entry_date, 'YYYY-MM-DD') AS date, e.sequence::int AS sequence, e.id AS "entryId",
              p.id AS "paymentId", p.amount::text, p.currency, p.amount_base::text AS "amountBase", p.reference
         FROM payments p JOIN journal_entries e ON e.id = p.entry_id
        WHERE p.member_code = $1 AND e.entry_date <= $2`,
      [member, asOf],
    );
  }

  allocationEvents(m: EntityManager, member: string, asOf: string): Promise<AllocationEventRow[]> {
    return m.query(
      `SELECT to_char(e.entry_date, 'YYYY-MM-DD') AS date, e.sequence::int AS sequence, e.id AS "entryId",
              al.payment_id AS "paymentId", p.reference AS "paymentReference", al.fiscal_year AS "fiscalYear", al.kind, al.amount::text
         FROM allocations al JOIN journal_entries e ON e.id = al.entry_id JOIN payments p ON p.id = al.payment_id
        WHERE al.member_code = $1 AND e.entry_date <= $2 ORDER BY al.id`,
      [member, asOf],
    );
  }

  writeOffEvents(m: EntityManager, member: string, asOf: string): Promise<WriteOffEventRow[]> {
    return m.query(
      `SELECT to_char(e.entry_date, 'YYYY-MM-DD') AS date, e.sequence::int AS sequence, e.id AS "entryId",
              w.fiscal_year AS "fiscalYear", w.kind, w.amount::text, w.decision_reference AS reference
         FROM write_offs w JOIN journal_entries e ON e.id = w.entry_id
        WHERE w.member_code = $1 AND e.entry_date <= $2`,
      [member, asOf],
    );
  }

  reversalEvents(m: EntityManager, member: string, asOf: string): Promise<ReversalEventRow[]> {
    return m.query(
      `SELECT to_char(e.entry_date, 'YYYY-MM-DD') AS date, e.sequence::int AS sequence, e.id AS "entryId",
              p.id AS "paymentId", p.amount_base::text AS "amountBase", p.reference, r.reason
         FROM payment_reversals r JOIN payments p ON p.id = r.payment_id JOIN journal_entries e ON e.id = r.entry_id
        WHERE p.member_code = $1 AND e.entry_date <= $2`,
      [member, asOf],
    );
  }
}
