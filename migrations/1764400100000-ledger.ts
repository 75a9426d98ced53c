import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ledger core. Invariants are enforced here as well as in code:
 * - postings and entries are append-only (statement triggers refuse UPDATE, DELETE, TRUNCATE);
 * - at commit, every entry has at least two postings and each of its funds balances in the base
 *   currency (deferred constraint trigger), and no posting is added to an entry already posted;
 * - an entry is reversed at most once (unique reverses_entry_id);
 * - nothing is posted into a closed fiscal year, nor into any year before a closed one;
 * - the monthly roll-up that makes the trial balance fast is maintained by a trigger, so every
 *   insert path (API, bulk load) keeps it exact.
 */
export class Ledger1764400100000 implements MigrationInterface {
  name = 'Ledger1764400100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE policies (
        id smallint PRIMARY KEY CHECK (id = 1),
        document jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      INSERT INTO policies (id, document) VALUES (1, '{
        "baseCurrency": "USD",
        "fiscalYearStartMonth": 1,
        "standing": {"rule": "none", "years": 2},
        "honourRollDays": 30,
        "grantsPreFinance": false,
        "reserveFund": {"perCaseCap": null, "floor": "0.00"},
        "matchingWindowDays": 5,
        "defaultBankAccount": null
      }')`);

    await q.query(`
      CREATE TABLE accounts (
        code text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9._-]{1,20}$'),
        name_en text NOT NULL,
        name_es text NOT NULL,
        type text NOT NULL CHECK (type IN ('asset', 'liability', 'net_assets', 'revenue', 'expense')),
        parent_code text REFERENCES accounts(code),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE funds (
        code text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9._-]{1,30}$'),
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('general', 'reserve', 'restricted')),
        net_assets_account text NOT NULL REFERENCES accounts(code),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE fiscal_years (
        year integer PRIMARY KEY,
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        closed_at timestamptz,
        CHECK (ends_on > starts_on)
      )`);

    // The single row every post locks: it decides the order of the hash chain.
    await q.query(`
      CREATE TABLE ledger_chain (
        id smallint PRIMARY KEY CHECK (id = 1),
        last_sequence bigint NOT NULL,
        last_hash text NOT NULL
      )`);
    await q.query(`INSERT INTO ledger_chain VALUES (1, 0, repeat('0', 64))`);

    await q.query(`
      CREATE TABLE journal_entries (
        id uuid PRIMARY KEY,
        sequence bigint NOT NULL UNIQUE CHECK (sequence > 0),
        entry_date date NOT NULL,
        fiscal_year integer NOT NULL,
        period smallint NOT NULL CHECK (period BETWEEN 1 AND 12),
        description text NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
        source text NOT NULL CHECK (source IN ('manual', 'assessment', 'payment', 'advance', 'write_off',
          'grant_pledge', 'grant_receipt', 'grant_expenditure', 'grant_refund', 'expenditure',
          'reserve_contribution', 'reserve_disbursement', 'bank', 'reversal', 'closing', 'opening', 'import')),
        source_id text,
        reverses_entry_id uuid UNIQUE REFERENCES journal_entries(id),
        metadata jsonb NOT NULL DEFAULT '{}',
        actor_token_id uuid,
        posted_at timestamptz NOT NULL,
        prev_hash text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
        hash text NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$')
      )`);
    await q.query(`CREATE INDEX journal_entries_date ON journal_entries (entry_date, sequence)`);
    await q.query(`CREATE INDEX journal_entries_source ON journal_entries (source, source_id)`);
    await q.query(`CREATE INDEX journal_entries_metadata ON journal_entries USING gin (metadata jsonb_path_ops)`);

    await q.query(`
      CREATE TABLE postings (
        id bigserial PRIMARY KEY,
        entry_id uuid NOT NULL REFERENCES journal_entries(id),
        line_no smallint NOT NULL CHECK (line_no > 0),
        sequence bigint NOT NULL,
        entry_date date NOT NULL,
        fiscal_year integer NOT NULL,
        account_code text NOT NULL REFERENCES accounts(code),
        fund_code text NOT NULL REFERENCES funds(code),
        side text NOT NULL CHECK (side IN ('debit', 'credit')),
        amount numeric NOT NULL CHECK (amount > 0),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        rate numeric NOT NULL CHECK (rate > 0),
        amount_base numeric NOT NULL CHECK (amount_base > 0),
        member_code text,
        grant_code text,
        budget_line text,
        bank_account text,
        UNIQUE (entry_id, line_no)
      )`);
    await q.query(`CREATE INDEX postings_sequence ON postings (sequence, line_no)`);
    await q.query(`CREATE INDEX postings_account_fund_date ON postings (account_code, fund_code, entry_date)`);
    await q.query(`CREATE INDEX postings_date ON postings (entry_date)`);
    await q.query(`CREATE INDEX postings_member ON postings (member_code, account_code, entry_date) WHERE member_code IS NOT NULL`);
    await q.query(`CREATE INDEX postings_grant ON postings (grant_code, entry_date) WHERE grant_code IS NOT NULL`);

    for (const table of ['journal_entries', 'postings']) {
      await q.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`);
    }

    await q.query(`
      CREATE FUNCTION refuse_closed_year() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        later integer;
      BEGIN
        IF EXISTS (SELECT 1 FROM fiscal_years WHERE year = NEW.fiscal_year AND status = 'closed') THEN
          RAISE EXCEPTION 'fiscal year % is closed', NEW.fiscal_year USING ERRCODE = 'check_violation';
        END IF;
        -- Closing a year also freezes everything before it: an entry in an earlier year would
        -- change the closed year's balances.
        SELECT min(year) INTO later FROM fiscal_years WHERE year > NEW.fiscal_year AND status = 'closed';
        IF later IS NOT NULL THEN
          RAISE EXCEPTION 'fiscal year % is closed, so fiscal year % before it is closed too', later, NEW.fiscal_year
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER journal_entries_open_year BEFORE INSERT ON journal_entries
      FOR EACH ROW EXECUTE FUNCTION refuse_closed_year()`);

    await q.query(`
      CREATE FUNCTION check_entry_balanced(entry uuid) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        lines integer;
        unbalanced text;
      BEGIN
        -- One pass over the entry's postings (it runs at every commit, under the chain lock).
        SELECT coalesce(sum(n), 0), string_agg(fund_code, ', ' ORDER BY fund_code) FILTER (WHERE net <> 0)
          INTO lines, unbalanced
          FROM (SELECT fund_code, count(*) AS n, sum(CASE side WHEN 'debit' THEN amount_base ELSE -amount_base END) AS net
                  FROM postings WHERE entry_id = entry GROUP BY fund_code) f;
        IF lines < 2 THEN
          RAISE EXCEPTION 'journal entry % has % posting(s); at least 2 are required', entry, lines
            USING ERRCODE = 'check_violation';
        END IF;
        IF unbalanced IS NOT NULL THEN
          RAISE EXCEPTION 'journal entry % does not balance in fund(s) %', entry, unbalanced
            USING ERRCODE = 'check_violation';
        END IF;
      END $$`);
    await q.query(`
      CREATE FUNCTION assert_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM check_entry_balanced(NEW.id);
        RETURN NULL;
      END $$`);
    // Checked once per entry, at commit, when all its postings are in.
    await q.query(`
      CREATE CONSTRAINT TRIGGER journal_entries_balanced AFTER INSERT ON journal_entries
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION assert_entry_balanced()`);
    // ...and its postings can only be inserted while it is being posted, before the chain head
    // passes it: a line added later to an entry already posted would never be checked.
    await q.query(`
      CREATE FUNCTION refuse_postings_to_posted_entries() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        late uuid;
      BEGIN
        SELECT p.entry_id INTO late
          FROM new_postings p JOIN journal_entries e ON e.id = p.entry_id
         WHERE e.sequence <= (SELECT last_sequence FROM ledger_chain WHERE id = 1)
         LIMIT 1;
        IF late IS NOT NULL THEN
          RAISE EXCEPTION 'journal entry % is already posted: no posting can be added to it', late
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER postings_only_while_posting AFTER INSERT ON postings
      REFERENCING NEW TABLE AS new_postings FOR EACH STATEMENT EXECUTE FUNCTION refuse_postings_to_posted_entries()`);

    await q.query(`
      CREATE TABLE balance_rollups (
        account_code text NOT NULL,
        fund_code text NOT NULL,
        month date NOT NULL,
        debit_base numeric NOT NULL DEFAULT 0,
        credit_base numeric NOT NULL DEFAULT 0,
        PRIMARY KEY (account_code, fund_code, month)
      )`);
    await q.query(`
      CREATE FUNCTION roll_up_postings() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO balance_rollups AS b (account_code, fund_code, month, debit_base, credit_base)
        SELECT account_code, fund_code, date_trunc('month', entry_date)::date,
               sum(CASE side WHEN 'debit' THEN amount_base ELSE 0 END),
               sum(CASE side WHEN 'credit' THEN amount_base ELSE 0 END)
          FROM new_postings
         GROUP BY 1, 2, 3
         ORDER BY 1, 2, 3
        ON CONFLICT (account_code, fund_code, month) DO UPDATE
          SET debit_base = b.debit_base + EXCLUDED.debit_base,
              credit_base = b.credit_base + EXCLUDED.credit_base;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER postings_roll_up AFTER INSERT ON postings
      REFERENCING NEW TABLE AS new_postings FOR EACH STATEMENT EXECUTE FUNCTION roll_up_postings()`);

    await this.seedChart(q);
  }

  private async seedChart(q: QueryRunner): Promise<void> {
    const accounts: [string, string, string, string, string | null][] = [
      ['1000', 'Cash and bank', 'Efectivo y bancos', 'asset', null],
      ['1010', 'Bank — operating account', 'Banco — cuenta operativa', 'asset', '1000'],
      ['1100', 'Contributions receivable', 'Contribuciones por cobrar', 'asset', null],
      ['1200', 'Grants receivable', 'Donaciones por cobrar', 'asset', null],
      ['1300', 'Other receivables', 'Otras cuentas por cobrar', 'asset', null],
      ['2100', 'Contributions received in advance', 'Contribuciones recibidas por anticipado', 'liability', null],
      ['2200', 'Deferred revenue — conditional grants', 'Ingresos diferidos — donaciones condicionadas', 'liability', null],
      ['2300', 'Accounts payable', 'Cuentas por pagar', 'liability', null],
      ['2400', 'Refunds payable to donors', 'Reembolsos por pagar a donantes', 'liability', null],
      ['3100', 'Net assets — unrestricted', 'Activos netos — no restringidos', 'net_assets', null],
      ['3200', 'Net assets — reserve fund', 'Activos netos — fondo de reserva', 'net_assets', null],
      ['3300', 'Net assets — restricted', 'Activos netos — restringidos', 'net_assets', null],
      ['4100', 'Assessed contributions', 'Contribuciones señaladas', 'revenue', null],
      ['4200', 'Voluntary contributions', 'Contribuciones voluntarias', 'revenue', null],
      ['4300', 'Contributions to the reserve fund', 'Contribuciones al fondo de reserva', 'revenue', null],
      ['4400', 'Interest income', 'Ingresos por intereses', 'revenue', null],
      ['4500', 'Foreign exchange gains', 'Ganancias cambiarias', 'revenue', null],
      ['4800', 'Transfers from other funds', 'Transferencias de otros fondos', 'revenue', null],
      ['4900', 'Other revenue', 'Otros ingresos', 'revenue', null],
      ['5100', 'Personnel', 'Personal', 'expense', null],
      ['5200', 'Meetings and travel', 'Reuniones y viajes', 'expense', null],
      ['5300', 'Communications and campaigns', 'Comunicaciones y campañas', 'expense', null],
      ['5400', 'Assisted returns of migrants', 'Retornos asistidos de migrantes', 'expense', null],
      ['5500', 'Bank charges', 'Cargos bancarios', 'expense', null],
      ['5600', 'Foreign exchange losses', 'Pérdidas cambiarias', 'expense', null],
      ['5700', 'Contributions written off', 'Contribuciones condonadas', 'expense', null],
      ['5800', 'Transfers to other funds', 'Transferencias a otros fondos', 'expense', null],
      ['5900', 'Other expenses', 'Otros gastos', 'expense', null],
    ];
    for (const [code, en, es, type, parent] of accounts) {
      await q.query('INSERT INTO accounts (code, name_en, name_es, type, parent_code) VALUES ($1, $2, $3, $4, $5)', [
        code,
        en,
        es,
        type,
        parent,
      ]);
    }
    await q.query(`INSERT INTO funds (code, name, kind, net_assets_account) VALUES
      ('GEN', 'General fund', 'general', '3100'),
      ('RES', 'Reserve fund', 'reserve', '3200')`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['balance_rollups', 'postings', 'journal_entries', 'ledger_chain', 'fiscal_years', 'funds', 'accounts', 'policies']) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(
      'DROP FUNCTION roll_up_postings(); DROP FUNCTION refuse_postings_to_posted_entries(); DROP FUNCTION assert_entry_balanced(); ' +
        'DROP FUNCTION check_entry_balanced(uuid); DROP FUNCTION refuse_closed_year()',
    );
  }
}
