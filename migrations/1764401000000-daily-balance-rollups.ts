import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A daily roll-up beside the monthly one (ADR 5): `balance_rollups_daily (day, account, fund)`
 * holds the debit and credit totals of each day in the base currency, kept by its own statement
 * trigger on `postings` (any insert path keeps it exact, like the monthly one; a separate trigger
 * so that the monthly roll-up's function can change without touching it). Balances as at a date
 * read the monthly roll-up for the whole months before the date's month and the daily roll-up for
 * the days of that month up to the date: at most a month of days, never that month's postings, so
 * a mid-month trial balance costs the same at 10,000 postings and at a million. Backfilled from
 * the postings already there. The `balance-rollups` register check compares balances read this
 * way with sums straight from `postings`.
 */
export class DailyBalanceRollups1764401000000 implements MigrationInterface {
  name = 'DailyBalanceRollups1764401000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE balance_rollups_daily (
        day date NOT NULL,
        account_code text NOT NULL,
        fund_code text NOT NULL,
        debit_base numeric NOT NULL DEFAULT 0,
        credit_base numeric NOT NULL DEFAULT 0,
        PRIMARY KEY (day, account_code, fund_code)
      )`);
    await q.query(`
      CREATE FUNCTION roll_up_postings_daily() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO balance_rollups_daily AS b (day, account_code, fund_code, debit_base, credit_base)
        SELECT entry_date, account_code, fund_code,
               sum(CASE side WHEN 'debit' THEN amount_base ELSE 0 END),
               sum(CASE side WHEN 'credit' THEN amount_base ELSE 0 END)
          FROM new_postings
         GROUP BY 1, 2, 3
         ORDER BY 1, 2, 3
        ON CONFLICT (day, account_code, fund_code) DO UPDATE
          SET debit_base = b.debit_base + EXCLUDED.debit_base,
              credit_base = b.credit_base + EXCLUDED.credit_base;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER postings_roll_up_daily AFTER INSERT ON postings
      REFERENCING NEW TABLE AS new_postings FOR EACH STATEMENT EXECUTE FUNCTION roll_up_postings_daily()`);
    await q.query(`
      INSERT INTO balance_rollups_daily (day, account_code, fund_code, debit_base, credit_base)
      SELECT entry_date, account_code, fund_code,
             sum(CASE side WHEN 'debit' THEN amount_base ELSE 0 END),
             sum(CASE side WHEN 'credit' THEN amount_base ELSE 0 END)
        FROM postings GROUP BY 1, 2, 3`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER postings_roll_up_daily ON postings');
    await q.query('DROP FUNCTION roll_up_postings_daily()');
    await q.query('DROP TABLE balance_rollups_daily');
  }
}
