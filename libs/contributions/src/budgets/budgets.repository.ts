import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ScaleKind } from '../domain/budget-rules';

export interface BudgetRow {
  fiscalYear: number;
  version: number;
  total: string;
  currency: string;
  scaleKind: ScaleKind;
  approvalMeeting: string;
  approvalDate: string;
  approvalReference: string;
  createdAt: string;
}

export interface BudgetLineRow {
  fiscalYear: number;
  version: number;
  lineNo: number;
  code: string;
  name: string;
  amount: string;
}

export interface ScaleRow {
  fiscalYear: number;
  version: number;
  member: string;
  share: string | null;
  amount: string | null;
}

export interface AssessmentRunRow {
  fiscalYear: number;
  version: number;
  assessedOn: string;
  entryId: string | null;
  createdAt: string;
}

export interface AssessmentRow {
  fiscalYear: number;
  version: number;
  member: string;
  amount: string;
  delta: string;
  assessedOn: string;
  entryId: string | null;
}

/** Advisory lock namespace of "a fiscal year's budget" (the second key is the year). */
const BUDGET_LOCK_CLASS = 41_000_001;

const BUDGET_COLUMNS = `fiscal_year AS "fiscalYear", version, total::text, currency, scale_kind AS "scaleKind",
  approval_meeting AS "approvalMeeting", to_char(approval_date, 'YYYY-MM-DD') AS "approvalDate",
  approval_reference AS "approvalReference", created_at AS "createdAt"`;
const RUN_COLUMNS = `fiscal_year AS "fiscalYear", version, to_char(assessed_on, 'YYYY-MM-DD') AS "assessedOn",
  entry_id AS "entryId", created_at AS "createdAt"`;

/** All SQL of budgets, scales and assessment runs. */
@Injectable()
export class BudgetsRepository {
  /** Serialises revisions and assessments of one fiscal year's budget (held to commit). */
  async lockYear(m: EntityManager, fiscalYear: number): Promise<void> {
    await m.query('SELECT pg_advisory_xact_lock($1, $2)', [BUDGET_LOCK_CLASS, fiscalYear]);
  }

  versions(m: EntityManager, fiscalYear?: number): Promise<BudgetRow[]> {
    return m.query(
      `SELECT ${BUDGET_COLUMNS} FROM budgets WHERE ($1::int IS NULL OR fiscal_year = $1) ORDER BY fiscal_year, version`,
      [fiscalYear ?? null],
    );
  }

  async current(m: EntityManager, fiscalYear: number): Promise<BudgetRow | undefined> {
    const rows: BudgetRow[] = await m.query(
      `SELECT ${BUDGET_COLUMNS} FROM budgets WHERE fiscal_year = $1 ORDER BY version DESC LIMIT 1`,
      [fiscalYear],
    );
    return rows[0];
  }

  lines(m: EntityManager, fiscalYear?: number): Promise<BudgetLineRow[]> {
    return m.query(
      `SELECT fiscal_year AS "fiscalYear", version, line_no AS "lineNo", code, name, amount::text
         FROM budget_lines WHERE ($1::int IS NULL OR fiscal_year = $1) ORDER BY fiscal_year, version, line_no`,
      [fiscalYear ?? null],
    );
  }

  scales(m: EntityManager, fiscalYear: number, version?: number): Promise<ScaleRow[]> {
    return m.query(
      `SELECT fiscal_year AS "fiscalYear", version, member_code AS member, share::text, amount::text
         FROM budget_scales WHERE fiscal_year = $1 AND ($2::int IS NULL OR version = $2) ORDER BY version, member_code`,
      [fiscalYear, version ?? null],
    );
  }

  async insertBudget(
    m: EntityManager,
    b: Omit<BudgetRow, 'createdAt'>,
    lines: readonly Omit<BudgetLineRow, 'fiscalYear' | 'version'>[],
    scale: readonly Omit<ScaleRow, 'fiscalYear' | 'version'>[],
    actorTokenId: string | undefined,
  ): Promise<void> {
    await m.query(
      `INSERT INTO budgets (fiscal_year, version, total, currency, scale_kind, approval_meeting, approval_date, approval_reference, actor_token_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        b.fiscalYear,
        b.version,
        b.total,
        b.currency,
        b.scaleKind,
        b.approvalMeeting,
        b.approvalDate,
        b.approvalReference,
        actorTokenId ?? null,
      ],
    );
    await m.query(
      `INSERT INTO budget_lines (fiscal_year, version, line_no, code, name, amount)
       SELECT $1, $2, * FROM unnest($3::smallint[], $4::text[], $5::text[], $6::numeric[])`,
      [
        b.fiscalYear,
        b.version,
        lines.map((l) => l.lineNo),
        lines.map((l) => l.code),
        lines.map((l) => l.name),
        lines.map((l) => l.amount),
      ],
    );
    await m.query(
      `INSERT INTO budget_scales (fiscal_year, version, member_code, share, amount)
       SELECT $1, $2, * FROM unnest($3::text[], $4::numeric[], $5::numeric[])`,
      [b.fiscalYear, b.version, scale.map((s) => s.member), scale.map((s) => s.share), scale.map((s) => s.amount)],
    );
  }

  runs(m: EntityManager, fiscalYear?: number): Promise<AssessmentRunRow[]> {
    return m.query(
      `SELECT ${RUN_COLUMNS} FROM assessment_runs WHERE ($1::int IS NULL OR fiscal_year = $1) ORDER BY fiscal_year, version`,
      [fiscalYear ?? null],
    );
  }

  async insertRun(
    m: EntityManager,
    r: Omit<AssessmentRunRow, 'createdAt'>,
    actorTokenId: string | undefined,
  ): Promise<void> {
    await m.query(
      `INSERT INTO assessment_runs (fiscal_year, version, assessed_on, entry_id, actor_token_id) VALUES ($1, $2, $3, $4, $5)`,
      [r.fiscalYear, r.version, r.assessedOn, r.entryId, actorTokenId ?? null],
    );
  }

  /** Each member's assessment under one version (its amount, and the change from the version before). */
  assessments(m: EntityManager, fiscalYear: number, version?: number): Promise<AssessmentRow[]> {
    return m.query(
      `SELECT fiscal_year AS "fiscalYear", version, member_code AS member, amount::text, delta::text,
              to_char(assessed_on, 'YYYY-MM-DD') AS "assessedOn", entry_id AS "entryId"
         FROM assessments WHERE fiscal_year = $1 AND ($2::int IS NULL OR version = $2) ORDER BY version, member_code`,
      [fiscalYear, version ?? null],
    );
  }

  async insertAssessments(m: EntityManager, rows: readonly AssessmentRow[]): Promise<void> {
    if (rows.length === 0) return;
    await m.query(
      `INSERT INTO member_years (member_code, fiscal_year, first_assessed_on)
       SELECT * FROM unnest($1::text[], $2::int[], $3::date[]) ON CONFLICT DO NOTHING`,
      [rows.map((r) => r.member), rows.map((r) => r.fiscalYear), rows.map((r) => r.assessedOn)],
    );
    await m.query(
      `INSERT INTO assessments (fiscal_year, version, member_code, amount, delta, assessed_on, entry_id)
       SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::numeric[], $5::numeric[], $6::date[], $7::uuid[])`,
      [
        rows.map((r) => r.fiscalYear),
        rows.map((r) => r.version),
        rows.map((r) => r.member),
        rows.map((r) => r.amount),
        rows.map((r) => r.delta),
        rows.map((r) => r.assessedOn),
        rows.map((r) => r.entryId),
      ],
    );
  }
}
