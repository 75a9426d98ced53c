import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface MemberRow {
  code: string;
  nameEn: string;
  nameEs: string;
  joinedOn: string;
  leftOn: string | null;
  createdAt: string;
}

const COLUMNS = `code, name_en AS "nameEn", name_es AS "nameEs", to_char(joined_on, 'YYYY-MM-DD') AS "joinedOn",
  to_char(left_on, 'YYYY-MM-DD') AS "leftOn", created_at AS "createdAt"`;

/** All SQL of members. */
@Injectable()
export class MembersRepository {
  list(m: EntityManager): Promise<MemberRow[]> {
    return m.query(`SELECT ${COLUMNS} FROM members ORDER BY code`);
  }

  async find(m: EntityManager, code: string): Promise<MemberRow | undefined> {
    const rows: MemberRow[] = await m.query(`SELECT ${COLUMNS} FROM members WHERE code = $1`, [code]);
    return rows[0];
  }

  findMany(m: EntityManager, codes: readonly string[]): Promise<MemberRow[]> {
    return m.query(`SELECT ${COLUMNS} FROM members WHERE code = ANY($1) ORDER BY code`, [codes]);
  }

  /**
   * Serialises every use case that reads then changes one member's contributions (payments,
   * assessments, write-offs, reversals). FOR NO KEY UPDATE rather than FOR UPDATE: it excludes the
   * other lockers just the same, but does not block the FOR KEY SHARE that a foreign key check
   * takes (a manual posting or a donor naming the member), so those never wait on us or deadlock
   * with us. Rows are locked in ascending code order.
   */
  async lock(m: EntityManager, codes: readonly string[]): Promise<MemberRow[]> {
    const sorted = [...new Set(codes)].sort();
    if (sorted.length === 0) return [];
    return m.query(`SELECT ${COLUMNS} FROM members WHERE code = ANY($1) ORDER BY code FOR NO KEY UPDATE`, [sorted]);
  }

  async insert(m: EntityManager, r: Omit<MemberRow, 'createdAt'>): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO members (code, name_en, name_es, joined_on, left_on) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (code) DO NOTHING RETURNING code`,
      [r.code, r.nameEn, r.nameEs, r.joinedOn, r.leftOn],
    );
    return rows.length === 1;
  }

  async update(m: EntityManager, r: Pick<MemberRow, 'code' | 'nameEn' | 'nameEs' | 'leftOn'>): Promise<void> {
    await m.query('UPDATE members SET name_en = $2, name_es = $3, left_on = $4 WHERE code = $1', [
      r.code,
      r.nameEn,
      r.nameEs,
      r.leftOn,
    ]);
  }

  /** Fiscal years with a non-zero assessment for the member, with what is assessed now. */
  assessedYears(m: EntityManager, code: string): Promise<{ fiscalYear: number; assessed: string }[]> {
    return m.query(
      `SELECT fiscal_year AS "fiscalYear", sum(delta)::text AS assessed FROM assessments
        WHERE member_code = $1 GROUP BY fiscal_year HAVING sum(delta) <> 0 ORDER BY fiscal_year`,
      [code],
    );
  }
}
