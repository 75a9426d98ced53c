import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The check of new bank-match items (one statement-level trigger: every match balances in one
 * currency, belongs to its bank account, has its items all inserted and its date right) reads each
 * new item's match, line and posting by primary key. That keeps a manual match cheap whatever the
 * tables' size, and cost 9 s of a 30,000-match auto-match on a busy machine. A statement inserting
 * more than 1,000 items (an auto-match) is now checked by joins over the new items instead — the
 * same conditions, read once per table; up to 1,000 items the lookups are kept as they were.
 */
export class BankMatchBulkCheck1764401400000 implements MigrationInterface {
  name = 'BankMatchBulkCheck1764401400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION bank_match_items_check() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        bad uuid;
        new_count bigint;
      BEGIN
        SELECT count(*) INTO new_count FROM new_items;
        IF new_count <= 1000 THEN
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
        ELSE
          SELECT x.match_id INTO bad FROM (
            SELECT n.match_id,
                   count(*) AS items,
                   min(m.settles_on) AS settles_on,
                   max(coalesce(l.booking_date, p.entry_date)) AS latest,
                   coalesce(sum(CASE l.direction WHEN 'credit' THEN l.amount WHEN 'debit' THEN -l.amount END), 0) AS lines_signed,
                   coalesce(sum(CASE p.side WHEN 'debit' THEN p.amount WHEN 'credit' THEN -p.amount END), 0) AS postings_signed,
                   bool_or(l.id IS NOT NULL AND (l.bank_account <> m.bank_account OR l.currency <> m.currency)) AS bad_line,
                   bool_or(p.id IS NOT NULL AND (p.account_code <> b.ledger_account OR p.currency <> m.currency
                           OR coalesce(p.bank_account, m.bank_account) <> m.bank_account)) AS bad_posting
              FROM new_items n
              JOIN bank_matches m ON m.id = n.match_id
              JOIN bank_accounts b ON b.code = m.bank_account
              LEFT JOIN statement_lines l ON l.id = n.statement_line_id
              LEFT JOIN postings p ON p.id = n.posting_id
             GROUP BY n.match_id) x
            LEFT JOIN (SELECT o.match_id, count(*) AS items FROM bank_match_items o
                        WHERE o.match_id IN (SELECT match_id FROM new_items) GROUP BY o.match_id) a ON a.match_id = x.match_id
           WHERE x.items < 2 OR x.lines_signed <> x.postings_signed OR x.bad_line OR x.bad_posting
              OR x.latest <> x.settles_on OR x.items <> coalesce(a.items, 0)
           LIMIT 1;
        END IF;
        IF bad IS NOT NULL THEN
          RAISE EXCEPTION 'bank match % does not balance, mixes bank accounts or currencies, or misstates its date', bad
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END$$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION bank_match_items_check() RETURNS trigger LANGUAGE plpgsql AS $$
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
  }
}
