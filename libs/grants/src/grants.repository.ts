import { Injectable } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import { EntityManager } from 'typeorm';
import { Dec } from '@app/common';
import { GrantKind } from './domain/grant-postings';

export interface DonorRow {
  code: string;
  name: string;
  member: string | null;
}

export interface BudgetLineRow {
  code: string;
  name: string;
  amount: string;
}

export interface GrantRow {
  code: string;
  donor: string;
  title: string;
  amount: string;
  currency: string;
  rate: string;
  amountBase: string;
  signedOn: string;
  purpose: string;
  implementingPartner: string;
  kind: GrantKind;
  periodFrom: string | null;
  periodTo: string | null;
  status: 'active' | 'closed';
  closedOn: string | null;
}

export interface NewReceipt {
  id: string;
  grant: string;
  amount: string;
  currency: string;
  rate: string;
  amountBase: string;
  grantCurrencyAmount: string;
  fxDifferenceBase: string;
  receivedOn: string;
  reference: string;
  bankAccount: string;
  entryId: string;
  actorTokenId: string | null;
}

export interface NewExpenditure {
  id: string;
  grant: string;
  amount: string;
  currency: string;
  rate: string;
  amountBase: string;
  revenueRecognisedBase: string;
  budgetLine: string;
  account: string;
  spentOn: string;
  description: string;
  bankAccount: string;
  entryId: string;
  actorTokenId: string | null;
}

export interface NewRefund {
  grant: string;
  amount: string;
  currency: string;
  rate: string;
  amountBase: string;
  receivableCancelledBase: string;
  refundedOn: string;
  reference: string;
  bankAccount: string | null;
  entryId: string | null;
  actorTokenId: string | null;
}

/** One posting of a grant's fund with what the report needs to classify it. */
export interface FundPostingRow {
  entryId: string;
  sequence: string;
  date: string;
  description: string;
  source: string;
  /** The source of the entry this one reverses, else its own: a reversed receipt still counts as a receipt. */
  effectiveSource: string;
  account: string;
  accountType: string;
  side: 'debit' | 'credit';
  amountBase: string;
  budgetLine: string | null;
}

const GRANT_COLUMNS = `code, donor_code AS donor, title, amount::text, currency, rate::text, amount_base::text AS "amountBase",
  to_char(signed_on, 'YYYY-MM-DD') AS "signedOn", purpose, implementing_partner AS "implementingPartner", kind,
  to_char(period_from, 'YYYY-MM-DD') AS "periodFrom", to_char(period_to, 'YYYY-MM-DD') AS "periodTo", status,
  to_char(closed_on, 'YYYY-MM-DD') AS "closedOn"`;

/** All SQL of donors and grants. */
@Injectable()
export class GrantsRepository {
  listDonors(m: EntityManager): Promise<DonorRow[]> {
    return m.query(`SELECT code, name, member_code AS member FROM donors ORDER BY code`);
  }

  async findDonor(m: EntityManager, code: string): Promise<DonorRow | undefined> {
    const rows: DonorRow[] = await m.query(`SELECT code, name, member_code AS member FROM donors WHERE code = $1`, [
      code,
    ]);
    return rows[0];
  }

  async insertDonor(m: EntityManager, d: DonorRow): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO donors (code, name, member_code) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING RETURNING code`,
      [d.code, d.name, d.member],
    );
    return rows.length === 1;
  }

  async memberExists(m: EntityManager, code: string): Promise<boolean> {
    const rows: unknown[] = await m.query(`SELECT 1 FROM members WHERE code = $1`, [code]);
    return rows.length === 1;
  }

  async insertGrant(m: EntityManager, g: GrantRow): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO grants (code, donor_code, title, amount, currency, rate, amount_base, signed_on, purpose,
         implementing_partner, kind, period_from, period_to)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (code) DO NOTHING RETURNING code`,
      [
        g.code,
        g.donor,
        g.title,
        g.amount,
        g.currency,
        g.rate,
        g.amountBase,
        g.signedOn,
        g.purpose,
        g.implementingPartner,
        g.kind,
        g.periodFrom,
        g.periodTo,
      ],
    );
    return rows.length === 1;
  }

  async insertBudgetLines(m: EntityManager, grant: string, lines: readonly BudgetLineRow[]): Promise<void> {
    if (lines.length === 0) return;
    await m.query(
      `INSERT INTO grant_budget_lines (grant_code, code, name, amount, position)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::numeric[], $5::smallint[])`,
      [
        grant,
        lines.map((l) => l.code),
        lines.map((l) => l.name),
        lines.map((l) => l.amount),
        lines.map((_l, i) => i + 1),
      ],
    );
  }

  /** The grant, locked FOR UPDATE when `lock`: every receipt, expenditure and refund of a grant queue on it. */
  async findGrant(m: EntityManager, code: string, lock = false): Promise<GrantRow | undefined> {
    const rows: GrantRow[] = await m.query(
      `SELECT ${GRANT_COLUMNS} FROM grants WHERE code = $1${lock ? ' FOR UPDATE' : ''}`,
      [code],
    );
    return rows[0];
  }

  listGrants(m: EntityManager): Promise<GrantRow[]> {
    return m.query(`SELECT ${GRANT_COLUMNS} FROM grants ORDER BY code`);
  }

  async budgetLines(m: EntityManager, grants: readonly string[]): Promise<Map<string, BudgetLineRow[]>> {
    const rows: (BudgetLineRow & { grant: string })[] = await m.query(
      `SELECT grant_code AS grant, code, name, amount::text FROM grant_budget_lines WHERE grant_code = ANY($1) ORDER BY grant_code, position`,
      [grants],
    );
    const out = new Map<string, BudgetLineRow[]>();
    for (const r of rows)
      out.set(r.grant, [...(out.get(r.grant) ?? []), { code: r.code, name: r.name, amount: r.amount }]);
    return out;
  }

  /** Σ of the pledge (grant currency) the receipts recorded up to `asOf` settle. */
  async settled(m: EntityManager, grant: string, asOf = '2999-12-31'): Promise<Decimal> {
    const rows: { total: string }[] = await m.query(
      `SELECT COALESCE(sum(grant_currency_amount), 0)::text AS total FROM grant_receipts WHERE grant_code = $1 AND received_on <= $2`,
      [grant, asOf],
    );
    return new Dec(rows[0].total);
  }

  async insertReceipt(m: EntityManager, r: NewReceipt): Promise<void> {
    await m.query(
      `INSERT INTO grant_receipts (id, grant_code, amount, currency, rate, amount_base, grant_currency_amount, fx_difference_base,
         received_on, reference, bank_account, entry_id, actor_token_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        r.id,
        r.grant,
        r.amount,
        r.currency,
        r.rate,
        r.amountBase,
        r.grantCurrencyAmount,
        r.fxDifferenceBase,
        r.receivedOn,
        r.reference,
        r.bankAccount,
        r.entryId,
        r.actorTokenId,
      ],
    );
  }

  async insertExpenditure(m: EntityManager, e: NewExpenditure): Promise<void> {
    await m.query(
      `INSERT INTO grant_expenditures (id, grant_code, amount, currency, rate, amount_base, revenue_recognised_base, budget_line,
         account_code, spent_on, description, bank_account, entry_id, actor_token_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        e.id,
        e.grant,
        e.amount,
        e.currency,
        e.rate,
        e.amountBase,
        e.revenueRecognisedBase,
        e.budgetLine,
        e.account,
        e.spentOn,
        e.description,
        e.bankAccount,
        e.entryId,
        e.actorTokenId,
      ],
    );
  }

  async insertRefundAndClose(m: EntityManager, r: NewRefund): Promise<void> {
    await m.query(
      `INSERT INTO grant_refunds (grant_code, amount, currency, rate, amount_base, receivable_cancelled_base, refunded_on, reference,
         bank_account, entry_id, actor_token_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        r.grant,
        r.amount,
        r.currency,
        r.rate,
        r.amountBase,
        r.receivableCancelledBase,
        r.refundedOn,
        r.reference,
        r.bankAccount,
        r.entryId,
        r.actorTokenId,
      ],
    );
    await m.query(`UPDATE grants SET status = 'closed', closed_on = $2 WHERE code = $1 AND status = 'active'`, [
      r.grant,
      r.refundedOn,
    ]);
  }

  /** Every posting of the grant's fund up to `asOf`, in ledger order, with its (effective) source. */
  fundPostings(m: EntityManager, fund: string, asOf: string): Promise<FundPostingRow[]> {
    return m.query(
      `SELECT p.entry_id AS "entryId", e.sequence::text AS sequence, to_char(p.entry_date, 'YYYY-MM-DD') AS date,
              e.description, e.source, COALESCE(o.source, e.source) AS "effectiveSource",
              p.account_code AS account, a.type AS "accountType", p.side, p.amount_base::text AS "amountBase",
              p.budget_line AS "budgetLine"
         FROM postings p
         JOIN journal_entries e ON e.id = p.entry_id
         LEFT JOIN journal_entries o ON o.id = e.reverses_entry_id
         JOIN accounts a ON a.code = p.account_code
        WHERE p.fund_code = $1 AND p.entry_date <= $2
        ORDER BY p.sequence, p.line_no`,
      [fund, asOf],
    );
  }
}
