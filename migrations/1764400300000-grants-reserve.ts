import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Grants (donors, agreements, budget lines, receipts, expenditures, refunds) and the reserve fund
 * under its Protocol (contributions, cases, consultations, disbursements, case history).
 *
 * Records of money are append-only (statement triggers refuse UPDATE, DELETE, TRUNCATE) and name
 * the journal entry that moved the money. Two tables carry a state that changes, and a guard
 * trigger limits what may change:
 * - `grants`: only `status` active → closed (with `closed_on`); every other column is fixed;
 * - `reserve_cases`: the Protocol's state columns move forward; the request itself is fixed and a
 *   closed case does not change again. Each transition is also a row of `reserve_case_history`.
 * `reserve_fund_lock` is the single row every decision and disbursement locks, so that two
 * approvals at the same time cannot both count the same available balance.
 *
 * Amounts: grant amounts in the grant's currency with the pledge rate and the base amount;
 * receipts and expenditures in their own currency with rate and base amount; reserve-fund case
 * amounts in the base currency.
 */
export class GrantsReserve1764400300000 implements MigrationInterface {
  name = 'GrantsReserve1764400300000';

  async up(q: QueryRunner): Promise<void> {
    await this.grants(q);
    await this.reserveFund(q);
    for (const table of [
      'grant_budget_lines',
      'grant_receipts',
      'grant_expenditures',
      'grant_refunds',
      'reserve_contributions',
      'reserve_case_consultations',
      'reserve_case_disbursements',
      'reserve_case_history',
    ]) {
      await q.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`);
    }
    for (const table of ['donors', 'grants', 'reserve_cases', 'reserve_fund_lock']) {
      await q.query(`
        CREATE TRIGGER ${table}_no_delete BEFORE DELETE OR TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`);
    }
  }

  private async grants(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE donors (
        code text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9._-]{1,30}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        member_code text REFERENCES members(code),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE grants (
        code text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9._-]{1,30}$'),
        donor_code text NOT NULL REFERENCES donors(code),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        amount numeric NOT NULL CHECK (amount > 0),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        rate numeric NOT NULL CHECK (rate > 0),
        amount_base numeric NOT NULL CHECK (amount_base > 0),
        signed_on date NOT NULL,
        purpose text NOT NULL CHECK (length(purpose) BETWEEN 1 AND 2000),
        implementing_partner text NOT NULL CHECK (length(implementing_partner) BETWEEN 1 AND 200),
        kind text NOT NULL CHECK (kind IN ('restricted', 'conditional')),
        period_from date,
        period_to date,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
        closed_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (period_from IS NULL OR period_to IS NULL OR period_to >= period_from),
        CHECK ((status = 'closed') = (closed_on IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX grants_donor ON grants (donor_code)`);
    await q.query(`
      CREATE FUNCTION grants_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status <> 'active' OR NEW.status <> 'closed'
           OR (to_jsonb(NEW) - 'status' - 'closed_on') <> (to_jsonb(OLD) - 'status' - 'closed_on') THEN
          RAISE EXCEPTION 'grant %: only closing an active grant may change it', OLD.code USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER grants_guard BEFORE UPDATE ON grants FOR EACH ROW EXECUTE FUNCTION grants_guard()`);
    // Every posting that names a grant names one that exists.
    await q.query(
      `ALTER TABLE postings ADD CONSTRAINT postings_grant_fk FOREIGN KEY (grant_code) REFERENCES grants(code)`,
    );

    await q.query(`
      CREATE TABLE grant_budget_lines (
        grant_code text NOT NULL REFERENCES grants(code),
        code text NOT NULL CHECK (code ~ '^[A-Za-z0-9._-]{1,30}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        amount numeric NOT NULL CHECK (amount > 0),
        position smallint NOT NULL CHECK (position > 0),
        PRIMARY KEY (grant_code, code),
        UNIQUE (grant_code, position)
      )`);
    await q.query(`
      CREATE TABLE grant_receipts (
        id uuid PRIMARY KEY,
        grant_code text NOT NULL REFERENCES grants(code),
        amount numeric NOT NULL CHECK (amount > 0),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        rate numeric NOT NULL CHECK (rate > 0),
        amount_base numeric NOT NULL CHECK (amount_base > 0),
        grant_currency_amount numeric NOT NULL CHECK (grant_currency_amount > 0),
        fx_difference_base numeric NOT NULL,
        received_on date NOT NULL,
        reference text NOT NULL CHECK (length(reference) BETWEEN 1 AND 200),
        bank_account text NOT NULL REFERENCES bank_accounts(code),
        entry_id uuid NOT NULL UNIQUE REFERENCES journal_entries(id),
        actor_token_id uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX grant_receipts_grant ON grant_receipts (grant_code, received_on)`);
    await q.query(`
      CREATE TABLE grant_expenditures (
        id uuid PRIMARY KEY,
        grant_code text NOT NULL REFERENCES grants(code),
        amount numeric NOT NULL CHECK (amount > 0),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        rate numeric NOT NULL CHECK (rate > 0),
        amount_base numeric NOT NULL CHECK (amount_base > 0),
        revenue_recognised_base numeric NOT NULL CHECK (revenue_recognised_base >= 0),
        budget_line text NOT NULL CHECK (budget_line ~ '^[A-Za-z0-9._-]{1,30}$'),
        account_code text NOT NULL REFERENCES accounts(code),
        spent_on date NOT NULL,
        description text NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
        bank_account text NOT NULL REFERENCES bank_accounts(code),
        entry_id uuid NOT NULL UNIQUE REFERENCES journal_entries(id),
        actor_token_id uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX grant_expenditures_grant ON grant_expenditures (grant_code, spent_on)`);
    await q.query(`
      CREATE TABLE grant_refunds (
        grant_code text PRIMARY KEY REFERENCES grants(code),
        amount numeric NOT NULL CHECK (amount >= 0),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        rate numeric NOT NULL CHECK (rate > 0),
        amount_base numeric NOT NULL CHECK (amount_base >= 0),
        receivable_cancelled_base numeric NOT NULL,
        refunded_on date NOT NULL,
        reference text NOT NULL CHECK (length(reference) BETWEEN 1 AND 200),
        bank_account text REFERENCES bank_accounts(code),
        entry_id uuid UNIQUE REFERENCES journal_entries(id),
        actor_token_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (amount = 0 OR (bank_account IS NOT NULL AND entry_id IS NOT NULL))
      )`);
  }

  private async reserveFund(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE reserve_fund_lock (id smallint PRIMARY KEY CHECK (id = 1))`);
    await q.query(`INSERT INTO reserve_fund_lock VALUES (1)`);

    await q.query(`
      CREATE TABLE reserve_contributions (
        id uuid PRIMARY KEY,
        source text NOT NULL CHECK (source IN ('member', 'general_fund', 'donor')),
        amount numeric NOT NULL CHECK (amount > 0),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        rate numeric NOT NULL CHECK (rate > 0),
        amount_base numeric NOT NULL CHECK (amount_base > 0),
        contributed_on date NOT NULL,
        member_code text REFERENCES members(code),
        donor_code text REFERENCES donors(code),
        from_fund text REFERENCES funds(code),
        decision text CHECK (decision IS NULL OR length(decision) BETWEEN 1 AND 200),
        reference text CHECK (reference IS NULL OR length(reference) BETWEEN 1 AND 200),
        bank_account text NOT NULL REFERENCES bank_accounts(code),
        entry_id uuid NOT NULL UNIQUE REFERENCES journal_entries(id),
        actor_token_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (source <> 'member' OR member_code IS NOT NULL),
        CHECK (source <> 'general_fund' OR (from_fund IS NOT NULL AND decision IS NOT NULL))
      )`);

    await q.query(`
      CREATE TABLE reserve_cases (
        id uuid PRIMARY KEY,
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        countries_involved text[] NOT NULL CHECK (cardinality(countries_involved) BETWEEN 1 AND 50),
        requested_amount numeric NOT NULL CHECK (requested_amount > 0),
        people integer NOT NULL CHECK (people > 0),
        requested_on date NOT NULL,
        status text NOT NULL CHECK (status IN ('requested', 'consulting', 'approved', 'rejected', 'notified', 'disbursed', 'closed')),
        decided_by text,
        decided_on date,
        approved_amount numeric CHECK (approved_amount > 0),
        notified_on date,
        notification_reference text,
        closed_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((decided_on IS NULL) = (decided_by IS NULL)),
        CHECK (status NOT IN ('approved', 'notified', 'disbursed') OR approved_amount IS NOT NULL),
        CHECK (status NOT IN ('notified', 'disbursed') OR notified_on IS NOT NULL),
        CHECK ((status = 'closed') = (closed_on IS NOT NULL))
      )`);
    await q.query(`
      CREATE FUNCTION reserve_cases_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status = 'closed'
           OR (NEW.id, NEW.title, NEW.countries_involved, NEW.requested_amount, NEW.people, NEW.requested_on, NEW.created_at)
              IS DISTINCT FROM (OLD.id, OLD.title, OLD.countries_involved, OLD.requested_amount, OLD.people, OLD.requested_on, OLD.created_at)
           OR (OLD.decided_on IS NOT NULL AND (NEW.decided_on, NEW.decided_by, NEW.approved_amount)
                 IS DISTINCT FROM (OLD.decided_on, OLD.decided_by, OLD.approved_amount))
           OR (OLD.notified_on IS NOT NULL AND (NEW.notified_on, NEW.notification_reference)
                 IS DISTINCT FROM (OLD.notified_on, OLD.notification_reference)) THEN
          RAISE EXCEPTION 'reserve case %: a request, a decision and a notification, once recorded, do not change', OLD.id
            USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER reserve_cases_guard BEFORE UPDATE ON reserve_cases FOR EACH ROW EXECUTE FUNCTION reserve_cases_guard()`,
    );

    await q.query(`
      CREATE TABLE reserve_case_consultations (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES reserve_cases(id),
        country text NOT NULL CHECK (country ~ '^[A-Z]{3}$'),
        consulted_on date NOT NULL,
        response text NOT NULL CHECK (length(response) BETWEEN 1 AND 2000),
        actor_token_id uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX reserve_case_consultations_case ON reserve_case_consultations (case_id)`);
    await q.query(`
      CREATE TABLE reserve_case_disbursements (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES reserve_cases(id),
        amount numeric NOT NULL CHECK (amount > 0),
        disbursed_on date NOT NULL,
        reference text NOT NULL CHECK (length(reference) BETWEEN 1 AND 200),
        bank_account text NOT NULL REFERENCES bank_accounts(code),
        entry_id uuid NOT NULL UNIQUE REFERENCES journal_entries(id),
        actor_token_id uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX reserve_case_disbursements_case ON reserve_case_disbursements (case_id)`);
    await q.query(`
      CREATE TABLE reserve_case_history (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES reserve_cases(id),
        event text NOT NULL CHECK (event IN ('requested', 'consulted', 'approved', 'rejected', 'notified', 'disbursed', 'closed')),
        status_after text NOT NULL,
        event_date date NOT NULL,
        detail jsonb NOT NULL DEFAULT '{}',
        actor_token_id uuid,
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX reserve_case_history_case ON reserve_case_history (case_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE postings DROP CONSTRAINT postings_grant_fk');
    for (const table of [
      'reserve_case_history',
      'reserve_case_disbursements',
      'reserve_case_consultations',
      'reserve_cases',
      'reserve_contributions',
      'reserve_fund_lock',
      'grant_refunds',
      'grant_expenditures',
      'grant_receipts',
      'grant_budget_lines',
      'grants',
      'donors',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query('DROP FUNCTION reserve_cases_guard(); DROP FUNCTION grants_guard()');
  }
}
