import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bank reconciliation: imported statements, their lines, matches between statement lines and
 * ledger postings, and signed-off reconciliations.
 *
 * - Imports, statements, lines and sign-offs are append-only (statement triggers refuse UPDATE,
 *   DELETE, TRUNCATE): a statement is a record of what the bank said.
 * - A statement line is stored once: its natural key (bank account, booking date, direction,
 *   amount, currency, bank reference else reference, occurrence among identical lines of the same
 *   file) is unique, so a re-import or an overlapping statement adds only what is new.
 * - A match is never deleted: unmatching stamps `unmatched_at/by/reason` once (a trigger allows
 *   that one change and nothing else) and turns its items inactive. A line or a posting is in at
 *   most one active match (partial unique indexes). The items of a match balance — Σ signed lines
 *   = Σ signed postings, one currency — and belong to the match's bank account (checked by a
 *   trigger for every insert statement).
 * Depends only on the ledger core and bank_accounts (1764400150000).
 */
export class Reconciliation1764400400000 implements MigrationInterface {
  name = 'Reconciliation1764400400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE statement_imports (
        id uuid PRIMARY KEY,
        bank_account text NOT NULL REFERENCES bank_accounts(code),
        format text NOT NULL CHECK (format IN ('csv', 'camt053')),
        file_name text CHECK (length(file_name) <= 255),
        file_sha256 text NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
        file_bytes bigint NOT NULL CHECK (file_bytes >= 0),
        statements integer NOT NULL CHECK (statements >= 1),
        lines_read integer NOT NULL CHECK (lines_read >= 0),
        lines_stored integer NOT NULL CHECK (lines_stored >= 0),
        duplicates integer NOT NULL CHECK (duplicates >= 0),
        foreign_currency_lines integer NOT NULL CHECK (foreign_currency_lines >= 0),
        actor_token_id uuid,
        imported_at timestamptz NOT NULL DEFAULT now(),
        CHECK (lines_stored + duplicates = lines_read)
      )`);
    await q.query(`CREATE INDEX statement_imports_account ON statement_imports (bank_account, imported_at)`);
    await q.query(`CREATE INDEX statement_imports_sha ON statement_imports (bank_account, file_sha256)`);

    // One row per statement of a file (a camt message may hold several; a CSV file is one).
    // `starts_on`/`ends_on` are the period the balances belong to: the file's own period when it
    // gives one, widened to the booking dates of its lines.
    await q.query(`
      CREATE TABLE bank_statements (
        id uuid PRIMARY KEY,
        import_id uuid NOT NULL REFERENCES statement_imports(id) DEFERRABLE INITIALLY DEFERRED,
        bank_account text NOT NULL REFERENCES bank_accounts(code),
        position smallint NOT NULL CHECK (position >= 1),
        statement_ref text CHECK (length(statement_ref) <= 200),
        account_identifier text CHECK (length(account_identifier) <= 200),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        from_date date,
        to_date date,
        starts_on date,
        ends_on date,
        opening_balance numeric,
        closing_balance numeric,
        lines_read integer NOT NULL CHECK (lines_read >= 0),
        lines_stored integer NOT NULL CHECK (lines_stored >= 0),
        balances_agree boolean,
        imported_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (import_id, position),
        UNIQUE (id, bank_account),
        CHECK (starts_on IS NULL OR ends_on IS NULL OR starts_on <= ends_on),
        CHECK ((balances_agree IS NULL) = (opening_balance IS NULL OR closing_balance IS NULL))
      )`);
    await q.query(`CREATE INDEX bank_statements_account ON bank_statements (bank_account, ends_on)`);

    await q.query(`
      CREATE TABLE statement_lines (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        bank_account text NOT NULL,
        statement_id uuid NOT NULL,
        line_number integer NOT NULL CHECK (line_number >= 1),
        booking_date date NOT NULL,
        value_date date,
        direction text NOT NULL CHECK (direction IN ('credit', 'debit')),
        amount numeric NOT NULL CHECK (amount > 0),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        reference text NOT NULL CHECK (length(reference) <= 500),
        bank_reference text CHECK (length(bank_reference) <= 500),
        description text NOT NULL CHECK (length(description) <= 2000),
        reversal boolean NOT NULL,
        foreign_currency boolean NOT NULL,
        dedup_reference text NOT NULL CHECK (length(dedup_reference) <= 500),
        occurrence integer NOT NULL CHECK (occurrence >= 1),
        imported_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT statement_lines_natural_key
          UNIQUE (bank_account, booking_date, direction, amount, currency, dedup_reference, occurrence),
        -- One deferred check per line (the statement row is written after its lines) that also
        -- ties the line's bank account to its statement's, which references bank_accounts.
        FOREIGN KEY (statement_id, bank_account) REFERENCES bank_statements (id, bank_account) DEFERRABLE INITIALLY DEFERRED
      )`);
    await q.query(`CREATE INDEX statement_lines_account_date ON statement_lines (bank_account, booking_date, id)`);
    await q.query(`CREATE INDEX statement_lines_statement ON statement_lines (statement_id)`);

    for (const table of ['statement_imports', 'bank_statements', 'statement_lines']) {
      await q.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`);
    }

    await q.query(`
      CREATE TABLE bank_matches (
        id uuid PRIMARY KEY,
        bank_account text NOT NULL REFERENCES bank_accounts(code),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        method text NOT NULL CHECK (method IN ('auto', 'manual', 'entry')),
        rule text NOT NULL CHECK (rule IN ('reference', 'amount-date', 'one-to-many', 'reversal-pair', 'manual', 'entry')),
        -- The latest date among its items: from that day on, the match is complete (before it, its
        -- items dated earlier are in transit). Fixed, since items never change; checked on insert.
        settles_on date NOT NULL,
        matched_at timestamptz NOT NULL DEFAULT now(),
        matched_by uuid,
        unmatched_at timestamptz,
        unmatched_by uuid,
        unmatch_reason text CHECK (length(unmatch_reason) BETWEEN 1 AND 500),
        CHECK ((unmatched_at IS NULL) = (unmatch_reason IS NULL))
      )`);
    await q.query(`CREATE INDEX bank_matches_account ON bank_matches (bank_account, matched_at)`);

    await q.query(`
      CREATE TABLE bank_match_items (
        match_id uuid NOT NULL REFERENCES bank_matches(id),
        statement_line_id bigint REFERENCES statement_lines(id),
        posting_id bigint REFERENCES postings(id),
        active boolean NOT NULL DEFAULT true,
        CHECK (num_nonnulls(statement_line_id, posting_id) = 1)
      )`);
    await q.query(`CREATE INDEX bank_match_items_match ON bank_match_items (match_id)`);
    await q.query(`CREATE UNIQUE INDEX bank_match_items_line_once ON bank_match_items (statement_line_id)
      WHERE active AND statement_line_id IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX bank_match_items_posting_once ON bank_match_items (posting_id)
      WHERE active AND posting_id IS NOT NULL`);

    // Unmatching is the only change a match may undergo, once; its items follow it.
    await q.query(`
      CREATE FUNCTION bank_match_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.unmatched_at IS NOT NULL THEN
          RAISE EXCEPTION 'bank match % is already unmatched', OLD.id USING ERRCODE = 'restrict_violation';
        END IF;
        IF NEW.unmatched_at IS NULL
           OR (NEW.id, NEW.bank_account, NEW.currency, NEW.method, NEW.rule, NEW.settles_on, NEW.matched_at, NEW.matched_by)
              IS DISTINCT FROM (OLD.id, OLD.bank_account, OLD.currency, OLD.method, OLD.rule, OLD.settles_on, OLD.matched_at, OLD.matched_by) THEN
          RAISE EXCEPTION 'bank match %: only unmatching (unmatched_at, unmatched_by, unmatch_reason) is allowed', OLD.id
            USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER bank_matches_guard BEFORE UPDATE ON bank_matches
      FOR EACH ROW EXECUTE FUNCTION bank_match_guard()`);
    await q.query(`
      CREATE FUNCTION bank_match_release_items() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE bank_match_items SET active = false WHERE match_id = NEW.id AND active;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER bank_matches_release_items AFTER UPDATE ON bank_matches
      FOR EACH ROW EXECUTE FUNCTION bank_match_release_items()`);
    await q.query(`
      CREATE FUNCTION bank_match_item_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT (OLD.active AND NOT NEW.active)
           OR (NEW.match_id, NEW.statement_line_id, NEW.posting_id) IS DISTINCT FROM (OLD.match_id, OLD.statement_line_id, OLD.posting_id)
           OR NOT EXISTS (SELECT 1 FROM bank_matches WHERE id = OLD.match_id AND unmatched_at IS NOT NULL) THEN
          RAISE EXCEPTION 'bank match items change only when their match is unmatched' USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER bank_match_items_guard BEFORE UPDATE ON bank_match_items
      FOR EACH ROW EXECUTE FUNCTION bank_match_item_guard()`);
    for (const table of ['bank_matches', 'bank_match_items']) {
      await q.query(`
        CREATE TRIGGER ${table}_no_delete BEFORE DELETE OR TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`);
    }

    // All items of a match are inserted by one statement; this checks each match it touched. It is
    // driven by the new rows, each looked up by primary key (LATERAL … OFFSET 0 keeps the planner
    // from turning the lookups into joins that read whole tables: with stale statistics it would
    // pick those, and a 100,000-line auto-match in batches would go quadratic).
    await q.query(`
      CREATE FUNCTION bank_match_items_check() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        bad uuid;
      BEGIN
        SELECT x.match_id INTO bad FROM (
          SELECT n.match_id,
                 count(*) AS items,
                 min(m.settles_on) AS settles_on,
                 max(coalesce(l.booking_date, p.entry_date)) AS latest,
                 coalesce(sum(CASE l.direction WHEN 'credit' THEN l.amount WHEN 'debit' THEN -l.amount END), 0) AS lines_signed,
                 coalesce(sum(CASE p.side WHEN 'debit' THEN p.amount WHEN 'credit' THEN -p.amount END), 0) AS postings_signed,
                 bool_or(l.id IS NOT NULL AND (l.bank_account <> m.bank_account OR l.currency <> m.currency)) AS bad_line,
                 bool_or(p.id IS NOT NULL AND (p.account_code <> m.ledger_account OR p.currency <> m.currency
                         OR coalesce(p.bank_account, m.bank_account) <> m.bank_account)) AS bad_posting
            FROM new_items n
            CROSS JOIN LATERAL (
              SELECT bm.bank_account, bm.currency, bm.settles_on, b.ledger_account
                FROM bank_matches bm JOIN bank_accounts b ON b.code = bm.bank_account
               WHERE bm.id = n.match_id OFFSET 0) m
            LEFT JOIN LATERAL (
              SELECT sl.id, sl.bank_account, sl.currency, sl.direction, sl.amount, sl.booking_date
                FROM statement_lines sl WHERE sl.id = n.statement_line_id OFFSET 0) l ON true
            LEFT JOIN LATERAL (
              SELECT sp.id, sp.account_code, sp.bank_account, sp.currency, sp.side, sp.amount, sp.entry_date
                FROM postings sp WHERE sp.id = n.posting_id OFFSET 0) p ON true
           GROUP BY n.match_id) x
         WHERE x.items < 2 OR x.lines_signed <> x.postings_signed OR x.bad_line OR x.bad_posting
            OR x.latest <> x.settles_on
            OR x.items <> (SELECT count(*) FROM bank_match_items o WHERE o.match_id = x.match_id)
         LIMIT 1;
        IF bad IS NOT NULL THEN
          RAISE EXCEPTION 'bank match % does not balance, mixes bank accounts or currencies, or misstates its date', bad
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER bank_match_items_check AFTER INSERT ON bank_match_items
      REFERENCING NEW TABLE AS new_items FOR EACH STATEMENT EXECUTE FUNCTION bank_match_items_check()`);

    await q.query(`
      CREATE TABLE bank_reconciliation_sign_offs (
        id uuid PRIMARY KEY,
        bank_account text NOT NULL REFERENCES bank_accounts(code),
        as_of date NOT NULL,
        prepared_by text NOT NULL CHECK (length(prepared_by) BETWEEN 1 AND 200),
        reviewed_by text NOT NULL CHECK (length(reviewed_by) BETWEEN 1 AND 200),
        reconciled boolean NOT NULL,
        difference numeric NOT NULL,
        figures jsonb NOT NULL,
        actor_token_id uuid,
        signed_at timestamptz NOT NULL DEFAULT now(),
        CHECK (lower(btrim(prepared_by)) <> lower(btrim(reviewed_by)))
      )`);
    await q.query(
      `CREATE INDEX bank_reconciliation_sign_offs_account ON bank_reconciliation_sign_offs (bank_account, as_of)`,
    );
    await q.query(`
      CREATE TRIGGER bank_reconciliation_sign_offs_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON bank_reconciliation_sign_offs
      FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'bank_reconciliation_sign_offs',
      'bank_match_items',
      'bank_matches',
      'statement_lines',
      'bank_statements',
      'statement_imports',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query('DROP FUNCTION bank_match_items_check(); DROP FUNCTION bank_match_item_guard()');
    await q.query('DROP FUNCTION bank_match_release_items(); DROP FUNCTION bank_match_guard()');
  }
}
