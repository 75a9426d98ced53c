import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface AccountRow {
  code: string;
  nameEn: string;
  nameEs: string;
  type: AccountType;
  parent: string | null;
  active: boolean;
}
export type AccountType = 'asset' | 'liability' | 'net_assets' | 'revenue' | 'expense';
export const ACCOUNT_TYPES: readonly AccountType[] = ['asset', 'liability', 'net_assets', 'revenue', 'expense'];

export interface FundRow {
  code: string;
  name: string;
  kind: 'general' | 'reserve' | 'restricted';
  netAssetsAccount: string;
  active: boolean;
}

export interface FiscalYearRow {
  year: number;
  startsOn: string;
  endsOn: string;
  status: 'open' | 'closed';
  closedAt: string | null;
}

const ACCOUNT_COLUMNS = `code, name_en AS "nameEn", name_es AS "nameEs", type, parent_code AS parent, active`;
const FUND_COLUMNS = `code, name, kind, net_assets_account AS "netAssetsAccount", active`;
const FY_COLUMNS = `year, to_char(starts_on, 'YYYY-MM-DD') AS "startsOn", to_char(ends_on, 'YYYY-MM-DD') AS "endsOn",
  status, closed_at AS "closedAt"`;

/** Chart of accounts, funds and fiscal years. */
@Injectable()
export class ReferenceDataRepository {
  accounts(m: EntityManager, codes?: readonly string[]): Promise<AccountRow[]> {
    return codes
      ? m.query(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE code = ANY($1) ORDER BY code`, [codes])
      : m.query(`SELECT ${ACCOUNT_COLUMNS} FROM accounts ORDER BY code`);
  }

  /** The accounts and the funds named, in one round trip (the reference check of every posting). */
  async accountsAndFunds(
    m: EntityManager,
    accountCodes: readonly string[],
    fundCodes: readonly string[],
  ): Promise<{ accounts: AccountRow[]; funds: FundRow[] }> {
    const rows: { accounts: AccountRow[] | null; funds: FundRow[] | null }[] = await m.query(
      `SELECT (SELECT json_agg(a ORDER BY a.code) FROM (SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE code = ANY($1)) a) AS accounts,
              (SELECT json_agg(f ORDER BY f.code) FROM (SELECT ${FUND_COLUMNS} FROM funds WHERE code = ANY($2)) f) AS funds`,
      [accountCodes, fundCodes],
    );
    return { accounts: rows[0].accounts ?? [], funds: rows[0].funds ?? [] };
  }

  async insertAccount(m: EntityManager, a: AccountRow): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO accounts (code, name_en, name_es, type, parent_code, active) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (code) DO NOTHING RETURNING code`,
      [a.code, a.nameEn, a.nameEs, a.type, a.parent, a.active],
    );
    return rows.length === 1;
  }

  async updateAccount(m: EntityManager, a: AccountRow): Promise<void> {
    await m.query('UPDATE accounts SET name_en = $2, name_es = $3, parent_code = $4, active = $5 WHERE code = $1', [
      a.code,
      a.nameEn,
      a.nameEs,
      a.parent,
      a.active,
    ]);
  }

  funds(m: EntityManager, codes?: readonly string[]): Promise<FundRow[]> {
    return codes
      ? m.query(`SELECT ${FUND_COLUMNS} FROM funds WHERE code = ANY($1) ORDER BY code`, [codes])
      : m.query(`SELECT ${FUND_COLUMNS} FROM funds ORDER BY code`);
  }

  async insertFund(m: EntityManager, f: FundRow): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO funds (code, name, kind, net_assets_account, active) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (code) DO NOTHING RETURNING code`,
      [f.code, f.name, f.kind, f.netAssetsAccount, f.active],
    );
    return rows.length === 1;
  }

  /**
   * Makes sure the fiscal year exists and takes a share lock on it: a concurrent close waits for
   * this posting to commit, and this posting sees a close that committed first.
   */
  async lockFiscalYearForPosting(m: EntityManager, year: number, startsOn: string, endsOn: string): Promise<FiscalYearRow> {
    const lock = `SELECT ${FY_COLUMNS} FROM fiscal_years WHERE year = $1 FOR SHARE`;
    // The year almost always exists: one round trip; its first posting creates it.
    const existing: FiscalYearRow[] = await m.query(lock, [year]);
    if (existing.length === 1) return existing[0];
    await m.query(
      `INSERT INTO fiscal_years (year, starts_on, ends_on) VALUES ($1, $2, $3) ON CONFLICT (year) DO NOTHING`,
      [year, startsOn, endsOn],
    );
    const rows: FiscalYearRow[] = await m.query(lock, [year]);
    return rows[0];
  }

  /**
   * Whether the ledger knows the fiscal year: something was posted into it (which gave it its row)
   * or a budget was approved for it. A year known to neither is a mistake to refuse, not a year to
   * create closed.
   */
  async fiscalYearKnown(m: EntityManager, year: number): Promise<boolean> {
    const rows: { known: boolean }[] = await m.query(
      `SELECT EXISTS (SELECT 1 FROM fiscal_years WHERE year = $1) OR EXISTS (SELECT 1 FROM budgets WHERE fiscal_year = $1) AS known`,
      [year],
    );
    return rows[0]?.known === true;
  }

  async lockFiscalYearForClose(m: EntityManager, year: number): Promise<FiscalYearRow | undefined> {
    const rows: FiscalYearRow[] = await m.query(`SELECT ${FY_COLUMNS} FROM fiscal_years WHERE year = $1 FOR UPDATE`, [year]);
    return rows[0];
  }

  /** The earliest fiscal year before `year` that is still open (a year has a row once posted into). */
  async earliestOpenYearBefore(m: EntityManager, year: number): Promise<number | undefined> {
    const rows: { year: number }[] = await m.query(
      `SELECT year FROM fiscal_years WHERE year < $1 AND status = 'open' ORDER BY year LIMIT 1`,
      [year],
    );
    return rows[0]?.year;
  }

  /** Records a fiscal year's bounds unless it is already known. */
  async ensureFiscalYear(m: EntityManager, year: number, startsOn: string, endsOn: string): Promise<void> {
    await m.query('INSERT INTO fiscal_years (year, starts_on, ends_on) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [year, startsOn, endsOn]);
  }

  async markClosed(m: EntityManager, year: number): Promise<void> {
    await m.query(`UPDATE fiscal_years SET status = 'closed', closed_at = now() WHERE year = $1`, [year]);
  }

  /** The latest closed fiscal year, or null. */
  async lastClosedYear(m: EntityManager): Promise<number | null> {
    const rows: { year: number | null }[] = await m.query(`SELECT max(year)::int AS year FROM fiscal_years WHERE status = 'closed'`);
    return rows[0]?.year ?? null;
  }

  fiscalYears(m: EntityManager): Promise<FiscalYearRow[]> {
    return m.query(`SELECT ${FY_COLUMNS} FROM fiscal_years ORDER BY year`);
  }
}
