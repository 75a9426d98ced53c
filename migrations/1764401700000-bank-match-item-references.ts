import { MigrationInterface, QueryRunner } from 'typeorm';
import { BankMatchBulkCheck1764401400000 } from './1764401400000-bank-match-bulk-check';

/**
 * A bank-match item names its match and one statement line or posting. Those references were
 * foreign keys, checked row by row: three look-ups per item, each locking the row it finds, which
 * was half the time of writing a 100,000-line auto-match (200,000 items). The statement-level check
 * of new items already reads each item's match, line and posting; it now also refuses an item
 * whose match, line or posting does not exist (SQLSTATE 23503, as the foreign keys did). What the
 * foreign keys also prevented — deleting a referenced row — cannot happen: statement lines and
 * postings are append-only, matches are never deleted (statement triggers refuse DELETE and
 * TRUNCATE), and an item's references never change (bank_match_item_guard). The check is run
 * without JIT compilation, which cost more than the check itself.
 */
export class BankMatchItemReferences1764401700000 implements MigrationInterface {
  name = 'BankMatchItemReferences1764401700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION bank_match_items_check() RETURNS trigger LANGUAGE plpgsql
      -- Its joins over 200,000 new items are estimated far above their cost, and compiling them
      -- (JIT) took longer than running them.
      SET jit = off
      AS $$
      DECLARE
        bad uuid;
        missing boolean;
        new_count bigint;
      BEGIN
        SELECT count(*) INTO new_count FROM new_items;
        IF new_count <= 1000 THEN
          SELECT x.match_id, x.missing INTO bad, missing FROM (
            SELECT n.match_id,
                   count(*) AS items,
                   bool_or(m.bank_account IS NULL OR (n.statement_line_id IS NOT NULL AND l.id IS NULL)
                           OR (n.posting_id IS NOT NULL AND p.id IS NULL)) AS missing,
                   min(m.settles_on) AS settles_on,
                   max(coalesce(l.booking_date, p.entry_date)) AS latest,
                   coalesce(sum(CASE l.direction WHEN 'credit' THEN l.amount WHEN 'debit' THEN -l.amount END), 0) AS lines_signed,
                   coalesce(sum(CASE p.side WHEN 'debit' THEN p.amount WHEN 'credit' THEN -p.amount END), 0) AS postings_signed,
                   bool_or(l.id IS NOT NULL AND (l.bank_account <> m.bank_account OR l.currency <> m.currency)) AS bad_line,
                   bool_or(p.id IS NOT NULL AND (p.account_code <> m.ledger_account OR p.currency <> m.currency
                           OR coalesce(p.bank_account, m.bank_account) <> m.bank_account)) AS bad_posting
              FROM new_items n
              LEFT JOIN LATERAL (
                SELECT bm.bank_account, bm.currency, bm.settles_on, b.ledger_account
                  FROM bank_matches bm JOIN bank_accounts b ON b.code = bm.bank_account
                 WHERE bm.id = n.match_id OFFSET 0) m ON true
              LEFT JOIN LATERAL (
                SELECT sl.id, sl.bank_account, sl.currency, sl.direction, sl.amount, sl.booking_date
                  FROM statement_lines sl WHERE sl.id = n.statement_line_id OFFSET 0) l ON true
              LEFT JOIN LATERAL (
                SELECT sp.id, sp.account_code, sp.bank_account, sp.currency, sp.side, sp.amount, sp.entry_date
                  FROM postings sp WHERE sp.id = n.posting_id OFFSET 0) p ON true
             GROUP BY n.match_id) x
           WHERE x.missing OR x.items < 2 OR x.lines_signed <> x.postings_signed OR x.bad_line OR x.bad_posting
              OR x.latest <> x.settles_on
              OR x.items <> (SELECT count(*) FROM bank_match_items o WHERE o.match_id = x.match_id)
           ORDER BY x.missing DESC
           LIMIT 1;
        ELSE
          SELECT x.match_id, x.missing INTO bad, missing FROM (
            SELECT n.match_id,
                   count(*) AS items,
                   bool_or(b.code IS NULL OR (n.statement_line_id IS NOT NULL AND l.id IS NULL)
                           OR (n.posting_id IS NOT NULL AND p.id IS NULL)) AS missing,
                   min(m.settles_on) AS settles_on,
                   max(coalesce(l.booking_date, p.entry_date)) AS latest,
                   coalesce(sum(CASE l.direction WHEN 'credit' THEN l.amount WHEN 'debit' THEN -l.amount END), 0) AS lines_signed,
                   coalesce(sum(CASE p.side WHEN 'debit' THEN p.amount WHEN 'credit' THEN -p.amount END), 0) AS postings_signed,
                   bool_or(l.id IS NOT NULL AND (l.bank_account <> m.bank_account OR l.currency <> m.currency)) AS bad_line,
                   bool_or(p.id IS NOT NULL AND (p.account_code <> b.ledger_account OR p.currency <> m.currency
                           OR coalesce(p.bank_account, m.bank_account) <> m.bank_account)) AS bad_posting
              FROM new_items n
              LEFT JOIN bank_matches m ON m.id = n.match_id
              LEFT JOIN bank_accounts b ON b.code = m.bank_account
              LEFT JOIN statement_lines l ON l.id = n.statement_line_id
              LEFT JOIN postings p ON p.id = n.posting_id
             GROUP BY n.match_id) x
            LEFT JOIN (SELECT o.match_id, count(*) AS items FROM bank_match_items o
                        WHERE o.match_id IN (SELECT match_id FROM new_items) GROUP BY o.match_id) a ON a.match_id = x.match_id
           WHERE x.missing OR x.items < 2 OR x.lines_signed <> x.postings_signed OR x.bad_line OR x.bad_posting
              OR x.latest <> x.settles_on OR x.items <> coalesce(a.items, 0)
           ORDER BY x.missing DESC
           LIMIT 1;
        END IF;
        IF missing THEN
          RAISE EXCEPTION 'bank match %: an item names a match, statement line or posting that does not exist', bad
            USING ERRCODE = 'foreign_key_violation';
        END IF;
        IF bad IS NOT NULL THEN
          RAISE EXCEPTION 'bank match % does not balance, mixes bank accounts or currencies, or misstates its date', bad
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END$$`);
    await q.query(`ALTER TABLE bank_match_items
      DROP CONSTRAINT bank_match_items_match_id_fkey,
      DROP CONSTRAINT bank_match_items_statement_line_id_fkey,
      DROP CONSTRAINT bank_match_items_posting_id_fkey`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE bank_match_items
      ADD FOREIGN KEY (match_id) REFERENCES bank_matches(id),
      ADD FOREIGN KEY (statement_line_id) REFERENCES statement_lines(id),
      ADD FOREIGN KEY (posting_id) REFERENCES postings(id)`);
    // The check as migration 1764401400000 left it.
    await new BankMatchBulkCheck1764401400000().up(q);
  }
}
