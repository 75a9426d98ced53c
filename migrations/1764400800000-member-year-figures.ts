import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Figures the status of contributions reads instead of the whole register, maintained in the
 * same transaction as the register rows (and their journal entries) that change them:
 *
 * - `member_year_figures (member, fiscal year)`: assessed, paid and written off to date, the first
 *   and last dates of the journal entries that moved them, and the honour-roll dates as they
 *   stand after all of them (the day from which what was paid has covered what was assessed
 *   without interruption, and the day of the last assessment that raised what was due). A report
 *   as at a date reads a row as it is when its last date is on or before that date; a row whose
 *   entries straddle the date (the current year, arrears paid later) is summed again from the
 *   register for that member-year alone; a row that starts after the date does not count.
 * - `member_receipts (member, fiscal year of the entry)`: payments received less payments reversed,
 *   by the fiscal year of the entry that received or reversed them. A report reads the years
 *   before the date's fiscal year from here and that year's entries up to the date from the
 *   register.
 *
 * Statement triggers on the register tables keep them (any insert path does, as the roll-up
 * trigger on postings does for `balance_rollups`, ADR 5): amounts are added as deltas (INSERT …
 * ON CONFLICT DO UPDATE, which also locks the row), then the honour-roll dates of the member-years
 * touched are computed again from their register rows — a statement of its own, so under READ
 * COMMITTED it sees what a concurrent writer of the same row committed while this one waited for
 * the row. The register tables are append-only, so inserts are all there is to follow. Dates are
 * the journal entries' (as every report's): a register row must be written after its entry (its
 * foreign key requires it); a trigger refuses one whose entry it cannot find.
 * The `status-figures` register check proves the figures equal the register joined to the ledger.
 */
export class MemberYearFigures1764400800000 implements MigrationInterface {
  name = 'MemberYearFigures1764400800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE member_year_figures (
        member_code text NOT NULL,
        fiscal_year integer NOT NULL,
        assessed numeric NOT NULL DEFAULT 0,
        paid numeric NOT NULL DEFAULT 0,
        written_off numeric NOT NULL DEFAULT 0,
        first_on date NOT NULL,
        last_on date NOT NULL,
        paid_in_full_on date,
        due_from date,
        PRIMARY KEY (member_code, fiscal_year),
        CHECK (first_on <= last_on)
      )`);
    await q.query(`
      CREATE TABLE member_receipts (
        member_code text NOT NULL,
        fiscal_year integer NOT NULL,
        received numeric NOT NULL DEFAULT 0,
        PRIMARY KEY (member_code, fiscal_year)
      )`);

    // The honour-roll dates of some member-years from their register rows dated up to a date
    // ('infinity': all of them). Write-offs do not count: only what was paid covers what was due.
    await q.query(`
      CREATE FUNCTION member_year_honour(members text[], years integer[], as_of date)
      RETURNS TABLE (member_code text, fiscal_year integer, paid_in_full_on date, due_from date)
      LANGUAGE sql STABLE AS $$
        WITH k AS (SELECT DISTINCT m AS member_code, y AS fiscal_year FROM unnest(members, years) AS k(m, y)),
        x AS (
          SELECT a.member_code, a.fiscal_year, e.entry_date AS day, a.delta AS assessed, 0::numeric AS paid
            FROM k JOIN assessments a ON a.member_code = k.member_code AND a.fiscal_year = k.fiscal_year
            JOIN journal_entries e ON e.id = a.entry_id
           WHERE e.entry_date <= as_of
          UNION ALL
          SELECT al.member_code, al.fiscal_year, e.entry_date, 0,
                 CASE WHEN al.kind IN ('payment', 'advance') THEN al.amount ELSE -al.amount END
            FROM k JOIN allocations al ON al.member_code = k.member_code AND al.fiscal_year = k.fiscal_year
            JOIN journal_entries e ON e.id = al.entry_id
           WHERE e.entry_date <= as_of),
        ev AS (
          SELECT x.member_code, x.fiscal_year, x.day, sum(x.assessed) AS assessed, sum(x.paid) AS paid,
                 bool_or(x.assessed > 0) AS raised
            FROM x GROUP BY 1, 2, 3),
        run AS (
          SELECT ev.member_code, ev.fiscal_year, ev.day, ev.raised,
                 sum(ev.assessed) OVER w AS assessed_then, sum(ev.paid) OVER w AS paid_then
            FROM ev WINDOW w AS (PARTITION BY ev.member_code, ev.fiscal_year ORDER BY ev.day)),
        marked AS (
          SELECT run.*, max(run.day) FILTER (WHERE run.paid_then < run.assessed_then)
                   OVER (PARTITION BY run.member_code, run.fiscal_year) AS short_until
            FROM run)
        SELECT marked.member_code, marked.fiscal_year,
               min(marked.day) FILTER (WHERE marked.short_until IS NULL OR marked.day > marked.short_until),
               max(marked.day) FILTER (WHERE marked.raised)
          FROM marked GROUP BY 1, 2
      $$`);

    await q.query(`
      CREATE FUNCTION refresh_member_year_honour(members text[], years integer[]) RETURNS void
      LANGUAGE sql AS $$
        UPDATE member_year_figures f SET paid_in_full_on = h.paid_in_full_on, due_from = h.due_from
          FROM member_year_honour(members, years, 'infinity') h
         WHERE f.member_code = h.member_code AND f.fiscal_year = h.fiscal_year
           AND (f.paid_in_full_on IS DISTINCT FROM h.paid_in_full_on OR f.due_from IS DISTINCT FROM h.due_from)
      $$`);

    // One function per register table: its rows' signed amounts by member-year, dated by their entries.
    const figuresTrigger = (
      name: string,
      amountColumn: 'assessed' | 'paid' | 'written_off',
      signed: string,
      where: string,
      honour: boolean,
    ): string => `
      CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        missing uuid;
        members text[];
        years integer[];
      BEGIN
        SELECT n.entry_id INTO missing FROM new_rows n
         WHERE ${where} AND NOT EXISTS (SELECT 1 FROM journal_entries e WHERE e.id = n.entry_id) LIMIT 1;
        IF missing IS NOT NULL THEN
          RAISE EXCEPTION 'journal entry % is not written yet: the member-year figures are dated by it', missing
            USING ERRCODE = 'foreign_key_violation';
        END IF;
        WITH d AS (
          INSERT INTO member_year_figures AS f (member_code, fiscal_year, ${amountColumn}, first_on, last_on)
          SELECT n.member_code, n.fiscal_year, sum(${signed}), min(e.entry_date), max(e.entry_date)
            FROM new_rows n JOIN journal_entries e ON e.id = n.entry_id
           WHERE ${where}
           GROUP BY 1, 2 ORDER BY 1, 2
          ON CONFLICT (member_code, fiscal_year) DO UPDATE
            SET ${amountColumn} = f.${amountColumn} + EXCLUDED.${amountColumn},
                first_on = least(f.first_on, EXCLUDED.first_on), last_on = greatest(f.last_on, EXCLUDED.last_on)
          RETURNING f.member_code, f.fiscal_year)
        SELECT array_agg(d.member_code), array_agg(d.fiscal_year) INTO members, years FROM d;
        ${honour ? 'IF members IS NOT NULL THEN PERFORM refresh_member_year_honour(members, years); END IF;' : ''}
        RETURN NULL;
      END $$`;
    await q.query(
      figuresTrigger('member_year_figures_from_assessments', 'assessed', 'n.delta', 'n.entry_id IS NOT NULL', true),
    );
    await q.query(
      figuresTrigger(
        'member_year_figures_from_allocations',
        'paid',
        `CASE WHEN n.kind IN ('payment', 'advance') THEN n.amount ELSE -n.amount END`,
        'true',
        true,
      ),
    );
    await q.query(
      figuresTrigger(
        'member_year_figures_from_write_offs',
        'written_off',
        `CASE WHEN n.kind = 'reduction' THEN -n.amount ELSE n.amount END`,
        'true',
        false,
      ),
    );
    for (const table of ['assessments', 'allocations', 'write_offs']) {
      await q.query(`
        CREATE TRIGGER ${table}_member_year_figures AFTER INSERT ON ${table}
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION member_year_figures_from_${table}()`);
    }

    const receiptsTrigger = (name: string, from: string, payment: string, sign: string): string => `
      CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        missing uuid;
      BEGIN
        SELECT n.entry_id INTO missing FROM new_rows n
         WHERE NOT EXISTS (SELECT 1 FROM journal_entries e WHERE e.id = n.entry_id) LIMIT 1;
        IF missing IS NOT NULL THEN
          RAISE EXCEPTION 'journal entry % is not written yet: the member receipts are dated by it', missing
            USING ERRCODE = 'foreign_key_violation';
        END IF;
        INSERT INTO member_receipts AS r (member_code, fiscal_year, received)
        SELECT ${payment}.member_code, e.fiscal_year, ${sign}sum(${payment}.amount_base)
          FROM ${from} JOIN journal_entries e ON e.id = n.entry_id
         GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (member_code, fiscal_year) DO UPDATE SET received = r.received + EXCLUDED.received;
        RETURN NULL;
      END $$`;
    await q.query(receiptsTrigger('member_receipts_from_payments', 'new_rows n', 'n', ''));
    await q.query(
      receiptsTrigger(
        'member_receipts_from_payment_reversals',
        'new_rows n JOIN payments p ON p.id = n.payment_id',
        'p',
        '-',
      ),
    );
    for (const table of ['payments', 'payment_reversals']) {
      await q.query(`
        CREATE TRIGGER ${table}_member_receipts AFTER INSERT ON ${table}
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION member_receipts_from_${table}()`);
    }

    // Backfill from what is already in the register.
    await q.query(`
      INSERT INTO member_year_figures (member_code, fiscal_year, assessed, paid, written_off, first_on, last_on)
      SELECT member_code, fiscal_year, sum(assessed), sum(paid), sum(written_off), min(day), max(day)
        FROM (SELECT a.member_code, a.fiscal_year, a.delta AS assessed, 0 AS paid, 0 AS written_off, e.entry_date AS day
                FROM assessments a JOIN journal_entries e ON e.id = a.entry_id
              UNION ALL
              SELECT al.member_code, al.fiscal_year, 0, CASE WHEN al.kind IN ('payment', 'advance') THEN al.amount ELSE -al.amount END,
                     0, e.entry_date
                FROM allocations al JOIN journal_entries e ON e.id = al.entry_id
              UNION ALL
              SELECT w.member_code, w.fiscal_year, 0, 0, CASE WHEN w.kind = 'reduction' THEN -w.amount ELSE w.amount END, e.entry_date
                FROM write_offs w JOIN journal_entries e ON e.id = w.entry_id) x
       GROUP BY 1, 2`);
    await q.query(`
      SELECT refresh_member_year_honour(array_agg(member_code), array_agg(fiscal_year))
        FROM member_year_figures HAVING count(*) > 0`);
    await q.query(`
      INSERT INTO member_receipts (member_code, fiscal_year, received)
      SELECT member_code, fiscal_year, sum(received)
        FROM (SELECT p.member_code, e.fiscal_year, p.amount_base AS received
                FROM payments p JOIN journal_entries e ON e.id = p.entry_id
              UNION ALL
              SELECT p.member_code, e.fiscal_year, -p.amount_base
                FROM payment_reversals r JOIN payments p ON p.id = r.payment_id JOIN journal_entries e ON e.id = r.entry_id) x
       GROUP BY 1, 2`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['payments', 'payment_reversals']) {
      await q.query(`DROP TRIGGER ${table}_member_receipts ON ${table}`);
      await q.query(`DROP FUNCTION member_receipts_from_${table}()`);
    }
    for (const table of ['assessments', 'allocations', 'write_offs']) {
      await q.query(`DROP TRIGGER ${table}_member_year_figures ON ${table}`);
      await q.query(`DROP FUNCTION member_year_figures_from_${table}()`);
    }
    await q.query('DROP FUNCTION refresh_member_year_honour(text[], integer[])');
    await q.query('DROP FUNCTION member_year_honour(text[], integer[], date)');
    await q.query('DROP TABLE member_receipts');
    await q.query('DROP TABLE member_year_figures');
  }
}
