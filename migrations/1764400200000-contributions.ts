import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Contributions: members, budgets and their scales, assessments, payments, allocations,
 * write-offs and standing exemptions.
 *
 * Every record of money is append-only (statement triggers refuse UPDATE, DELETE, TRUNCATE) and
 * names the journal entry that moved the money, so the register can always be joined to the
 * ledger. A state change is a new row: a revised budget is a new version, a reversed payment is a
 * `payment_reversals` row plus `allocations` rows of kind 'reversal', a revision that leaves a
 * member over-paid adds 'release' rows. Only `members` may be updated (names, date of leaving).
 *
 * Amounts are in the base currency except the payment's own amount (`payments.amount`, in the
 * payment currency, with its `rate` and `amount_base`). `assessments.delta` is the one signed
 * amount: the change a budget version makes to a member's assessment for the year.
 */
export class Contributions1764400200000 implements MigrationInterface {
  name = 'Contributions1764400200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE members (
        code text PRIMARY KEY CHECK (code ~ '^[A-Z]{3}$'),
        name_en text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
        name_es text NOT NULL CHECK (length(name_es) BETWEEN 1 AND 200),
        joined_on date NOT NULL,
        left_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (left_on IS NULL OR left_on >= joined_on)
      )`);
    // Members are referenced by postings, budgets and payments: they are never deleted.
    await q.query(`
      CREATE TRIGGER members_no_delete BEFORE DELETE OR TRUNCATE ON members
      FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`);
    await q.query(
      `ALTER TABLE postings ADD CONSTRAINT postings_member_fk FOREIGN KEY (member_code) REFERENCES members(code)`,
    );

    await q.query(`
      CREATE TABLE budgets (
        fiscal_year integer NOT NULL CHECK (fiscal_year BETWEEN 1900 AND 2999),
        version integer NOT NULL CHECK (version >= 1),
        total numeric NOT NULL CHECK (total > 0),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        scale_kind text NOT NULL CHECK (scale_kind IN ('share', 'amount')),
        approval_meeting text NOT NULL CHECK (length(approval_meeting) BETWEEN 1 AND 200),
        approval_date date NOT NULL,
        approval_reference text NOT NULL CHECK (length(approval_reference) BETWEEN 1 AND 200),
        actor_token_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (fiscal_year, version)
      )`);
    await q.query(`
      CREATE TABLE budget_lines (
        fiscal_year integer NOT NULL,
        version integer NOT NULL,
        line_no smallint NOT NULL CHECK (line_no > 0),
        code text NOT NULL CHECK (code ~ '^[A-Za-z0-9._-]{1,30}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        amount numeric NOT NULL CHECK (amount >= 0),
        PRIMARY KEY (fiscal_year, version, code),
        UNIQUE (fiscal_year, version, line_no),
        FOREIGN KEY (fiscal_year, version) REFERENCES budgets (fiscal_year, version)
      )`);
    await q.query(`
      CREATE TABLE budget_scales (
        fiscal_year integer NOT NULL,
        version integer NOT NULL,
        member_code text NOT NULL REFERENCES members(code),
        share numeric CHECK (share >= 0 AND share <= 100 AND scale(share) <= 4),
        amount numeric CHECK (amount >= 0),
        PRIMARY KEY (fiscal_year, version, member_code),
        FOREIGN KEY (fiscal_year, version) REFERENCES budgets (fiscal_year, version),
        CHECK ((share IS NULL) <> (amount IS NULL))
      )`);

    await q.query(`
      CREATE TABLE assessment_runs (
        fiscal_year integer NOT NULL,
        version integer NOT NULL,
        assessed_on date NOT NULL,
        entry_id uuid REFERENCES journal_entries(id),
        actor_token_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (fiscal_year, version),
        FOREIGN KEY (fiscal_year, version) REFERENCES budgets (fiscal_year, version)
      )`);
    // One row per member × fiscal year ever assessed: what allocations and write-offs point at.
    await q.query(`
      CREATE TABLE member_years (
        member_code text NOT NULL REFERENCES members(code),
        fiscal_year integer NOT NULL,
        first_assessed_on date NOT NULL,
        PRIMARY KEY (member_code, fiscal_year)
      )`);
    await q.query(`
      CREATE TABLE assessments (
        fiscal_year integer NOT NULL,
        version integer NOT NULL,
        member_code text NOT NULL,
        amount numeric NOT NULL CHECK (amount >= 0),
        delta numeric NOT NULL,
        assessed_on date NOT NULL,
        entry_id uuid REFERENCES journal_entries(id),
        PRIMARY KEY (fiscal_year, version, member_code),
        FOREIGN KEY (fiscal_year, version) REFERENCES assessment_runs (fiscal_year, version),
        FOREIGN KEY (member_code, fiscal_year) REFERENCES member_years (member_code, fiscal_year),
        CHECK ((delta = 0) = (entry_id IS NULL))
      )`);
    await q.query(`CREATE INDEX assessments_member ON assessments (member_code, fiscal_year)`);

    await q.query(`
      CREATE TABLE payments (
        id uuid PRIMARY KEY,
        seq bigserial NOT NULL UNIQUE,
        member_code text NOT NULL REFERENCES members(code),
        received_on date NOT NULL,
        amount numeric NOT NULL CHECK (amount > 0),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        rate numeric NOT NULL CHECK (rate > 0),
        amount_base numeric NOT NULL CHECK (amount_base > 0),
        reference text NOT NULL CHECK (length(reference) BETWEEN 1 AND 200),
        designated_fiscal_year integer,
        bank_account text NOT NULL REFERENCES bank_accounts(code),
        entry_id uuid NOT NULL UNIQUE REFERENCES journal_entries(id),
        metadata jsonb NOT NULL DEFAULT '{}',
        actor_token_id uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX payments_member ON payments (member_code, received_on)`);
    await q.query(`
      CREATE TABLE payment_reversals (
        payment_id uuid PRIMARY KEY REFERENCES payments(id),
        reversed_on date NOT NULL,
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 400),
        entry_id uuid NOT NULL UNIQUE REFERENCES journal_entries(id),
        adjustment_entry_id uuid REFERENCES journal_entries(id),
        actor_token_id uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    // payment → (member, fiscal year) → amount. 'payment' and 'advance' apply money to an
    // assessment; 'release' (a revision left the year over-paid) and 'reversal' take it back.
    await q.query(`
      CREATE TABLE allocations (
        id bigserial PRIMARY KEY,
        payment_id uuid NOT NULL REFERENCES payments(id),
        member_code text NOT NULL,
        fiscal_year integer NOT NULL,
        kind text NOT NULL CHECK (kind IN ('payment', 'advance', 'release', 'reversal')),
        amount numeric NOT NULL CHECK (amount > 0),
        effective_on date NOT NULL,
        entry_id uuid NOT NULL REFERENCES journal_entries(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (member_code, fiscal_year) REFERENCES member_years (member_code, fiscal_year)
      )`);
    await q.query(`CREATE INDEX allocations_member ON allocations (member_code, fiscal_year, effective_on)`);
    await q.query(`CREATE INDEX allocations_payment ON allocations (payment_id)`);

    // 'write_off' and 'waiver' settle an amount by decision; 'reduction' gives part of one back
    // when a budget revision lowers the assessment below what was written off.
    await q.query(`
      CREATE TABLE write_offs (
        id uuid PRIMARY KEY,
        member_code text NOT NULL,
        fiscal_year integer NOT NULL,
        kind text NOT NULL CHECK (kind IN ('write_off', 'waiver', 'reduction')),
        amount numeric NOT NULL CHECK (amount > 0),
        effective_on date NOT NULL,
        decision_meeting text NOT NULL CHECK (length(decision_meeting) BETWEEN 1 AND 200),
        decision_date date NOT NULL,
        decision_reference text NOT NULL CHECK (length(decision_reference) BETWEEN 1 AND 200),
        entry_id uuid NOT NULL REFERENCES journal_entries(id),
        actor_token_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (member_code, fiscal_year) REFERENCES member_years (member_code, fiscal_year)
      )`);
    await q.query(`CREATE INDEX write_offs_member ON write_offs (member_code, fiscal_year)`);

    await q.query(`
      CREATE TABLE standing_exemptions (
        id uuid PRIMARY KEY,
        member_code text NOT NULL REFERENCES members(code),
        from_year integer NOT NULL CHECK (from_year BETWEEN 1900 AND 2999),
        to_year integer CHECK (to_year BETWEEN 1900 AND 2999),
        decision_meeting text NOT NULL CHECK (length(decision_meeting) BETWEEN 1 AND 200),
        decision_date date NOT NULL,
        decision_reference text NOT NULL CHECK (length(decision_reference) BETWEEN 1 AND 200),
        actor_token_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (to_year IS NULL OR to_year >= from_year)
      )`);
    await q.query(`CREATE INDEX standing_exemptions_member ON standing_exemptions (member_code)`);

    for (const table of [
      'budgets',
      'budget_lines',
      'budget_scales',
      'assessment_runs',
      'member_years',
      'assessments',
      'payments',
      'payment_reversals',
      'allocations',
      'write_offs',
      'standing_exemptions',
    ]) {
      await q.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE postings DROP CONSTRAINT postings_member_fk');
    for (const table of [
      'standing_exemptions',
      'write_offs',
      'allocations',
      'payment_reversals',
      'payments',
      'assessments',
      'member_years',
      'assessment_runs',
      'budget_scales',
      'budget_lines',
      'budgets',
      'members',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
