import { Injectable } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import { EntityManager } from 'typeorm';
import { Dec, formatAmount } from '@app/common';
import { EntrySource, PricedLine, Side } from '../domain/posting';

export interface ChainHead {
  lastSequence: number;
  lastHash: string;
}

export interface EntryRow {
  id: string;
  sequence: number;
  date: string;
  fiscalYear: number;
  period: number;
  description: string;
  source: EntrySource;
  sourceId: string | null;
  reversesEntryId: string | null;
  reversedByEntryId: string | null;
  metadata: Record<string, string>;
  actorTokenId: string | null;
  postedAt: string;
  prevHash: string;
  hash: string;
  lines: PricedLine[];
}

interface RawEntry {
  id: string;
  sequence: string;
  entry_date: string;
  fiscal_year: number;
  period: number;
  description: string;
  source: EntrySource;
  source_id: string | null;
  reverses_entry_id: string | null;
  reversed_by_entry_id: string | null;
  metadata: Record<string, string>;
  actor_token_id: string | null;
  posted_at: Date;
  prev_hash: string;
  hash: string;
}

interface RawPosting {
  entry_id: string;
  line_no: number;
  account_code: string;
  fund_code: string;
  side: Side;
  amount: string;
  currency: string;
  rate: string;
  amount_base: string;
  member_code: string | null;
  grant_code: string | null;
  budget_line: string | null;
  bank_account: string | null;
}

/**
 * A register's rows written in the entry's own statement (a data-modifying CTE): `sql` is one
 * `INSERT`, whose values are placeholders made by `value` and whose entry id is `entryId`. They
 * are checked (foreign keys, the register's triggers) at the end of that statement, with the entry.
 */
export type WrittenWithEntry = (p: { entryId: string; value: (v: unknown) => string }) => string;

/** What the database stored for an appended entry. */
export interface AppendedEntry {
  sequence: number;
  hash: string;
  lines: number;
  balanced: boolean;
}

export interface EntryFilter {
  from?: string;
  to?: string;
  account?: string;
  fund?: string;
  member?: string;
  source?: EntrySource;
  metadata?: Record<string, string>;
  afterSequence?: number;
  limit: number;
}

export interface NewEntry {
  id: string;
  sequence: number;
  date: string;
  fiscalYear: number;
  period: number;
  description: string;
  source: EntrySource;
  sourceId: string | null;
  reversesEntryId: string | null;
  metadata: Record<string, string>;
  actorTokenId: string | null;
  postedAt: string;
  prevHash: string;
  hash: string;
  baseCurrency: string;
  lines: readonly PricedLine[];
}

const ENTRY_COLUMNS = `e.id, e.sequence, to_char(e.entry_date, 'YYYY-MM-DD') AS entry_date, e.fiscal_year, e.period,
  e.description, e.source, e.source_id, e.reverses_entry_id,
  (SELECT r.id FROM journal_entries r WHERE r.reverses_entry_id = e.id) AS reversed_by_entry_id,
  e.metadata, e.actor_token_id, e.posted_at, e.prev_hash, e.hash`;

/** All SQL of journal entries and postings. */
@Injectable()
export class JournalRepository {
  /** Locks the chain head: from here to commit, this transaction alone appends to the chain. */
  async lockChainHead(m: EntityManager): Promise<ChainHead> {
    const rows: { last_sequence: string; last_hash: string }[] = await m.query(
      'SELECT last_sequence, last_hash FROM ledger_chain WHERE id = 1 FOR UPDATE',
    );
    return { lastSequence: Number(rows[0].last_sequence), lastHash: rows[0].last_hash };
  }

  async readChainHead(m: EntityManager): Promise<ChainHead> {
    const rows: { last_sequence: string; last_hash: string }[] = await m.query(
      'SELECT last_sequence, last_hash FROM ledger_chain WHERE id = 1',
    );
    return { lastSequence: Number(rows[0].last_sequence), lastHash: rows[0].last_hash };
  }

  /** After `insertEntries`: the database refuses postings to an entry the chain head has passed. */
  async advanceChainHead(m: EntityManager, head: ChainHead): Promise<void> {
    await m.query('UPDATE ledger_chain SET last_sequence = $1, last_hash = $2 WHERE id = 1', [
      head.lastSequence,
      head.lastHash,
    ]);
  }

  /** Inserts entries and all their postings in two statements (the roll-up trigger fires once). */
  async insertEntries(m: EntityManager, entries: readonly NewEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const e = entries;
    await m.query(
      `INSERT INTO journal_entries (id, sequence, entry_date, fiscal_year, period, description, source, source_id,
         reverses_entry_id, metadata, actor_token_id, posted_at, prev_hash, hash)
       SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::date[], $4::int[], $5::smallint[], $6::text[], $7::text[],
         $8::text[], $9::uuid[], $10::jsonb[], $11::uuid[], $12::timestamptz[], $13::text[], $14::text[])`,
      [
        e.map((x) => x.id),
        e.map((x) => x.sequence),
        e.map((x) => x.date),
        e.map((x) => x.fiscalYear),
        e.map((x) => x.period),
        e.map((x) => x.description),
        e.map((x) => x.source),
        e.map((x) => x.sourceId),
        e.map((x) => x.reversesEntryId),
        e.map((x) => JSON.stringify(x.metadata)),
        e.map((x) => x.actorTokenId),
        e.map((x) => x.postedAt),
        e.map((x) => x.prevHash),
        e.map((x) => x.hash),
      ],
    );
    const rows = e.flatMap((x) => x.lines.map((l) => ({ x, l })));
    await m.query(
      `INSERT INTO postings (entry_id, line_no, sequence, entry_date, fiscal_year, account_code, fund_code, side, amount,
         currency, rate, amount_base, member_code, grant_code, budget_line, bank_account)
       SELECT * FROM unnest($1::uuid[], $2::smallint[], $3::bigint[], $4::date[], $5::int[], $6::text[], $7::text[],
         $8::text[], $9::numeric[], $10::char(3)[], $11::numeric[], $12::numeric[], $13::text[], $14::text[], $15::text[], $16::text[])`,
      [
        rows.map((r) => r.x.id),
        rows.map((r) => r.l.lineNo),
        rows.map((r) => r.x.sequence),
        rows.map((r) => r.x.date),
        rows.map((r) => r.x.fiscalYear),
        rows.map((r) => r.l.account),
        rows.map((r) => r.l.fund),
        rows.map((r) => r.l.side),
        rows.map((r) => formatAmount(r.l.amount, r.l.currency)),
        rows.map((r) => r.l.currency),
        rows.map((r) => r.l.rate.toFixed()),
        rows.map((r) => formatAmount(r.l.amountBase, r.x.baseCurrency)),
        rows.map((r) => r.l.member ?? null),
        rows.map((r) => r.l.grant ?? null),
        rows.map((r) => r.l.budgetLine ?? null),
        rows.map((r) => r.l.bankAccount ?? null),
      ],
    );
  }

  /**
   * Appends one entry and its postings in one statement (one round trip while the chain lock is
   * held) and answers what the database stored: sequence, hash, the number of postings and
   * whether every fund of the entry balances, so the caller checks its post-conditions against
   * the rows written instead of reading them back. A register's rows that point at the entry
   * (`withEntry`) are written by the same statement.
   */
  async appendEntry(
    m: EntityManager,
    x: NewEntry,
    withEntry: readonly WrittenWithEntry[] = [],
  ): Promise<AppendedEntry> {
    const l = x.lines;
    const params: unknown[] = [
      x.id,
      x.sequence,
      x.date,
      x.fiscalYear,
      x.period,
      x.description,
      x.source,
      x.sourceId,
      x.reversesEntryId,
      JSON.stringify(x.metadata),
      x.actorTokenId,
      x.postedAt,
      x.prevHash,
      x.hash,
      l.map((line) => line.lineNo),
      l.map((line) => line.account),
      l.map((line) => line.fund),
      l.map((line) => line.side),
      l.map((line) => formatAmount(line.amount, line.currency)),
      l.map((line) => line.currency),
      l.map((line) => line.rate.toFixed()),
      l.map((line) => formatAmount(line.amountBase, x.baseCurrency)),
      l.map((line) => line.member ?? null),
      l.map((line) => line.grant ?? null),
      l.map((line) => line.budgetLine ?? null),
      l.map((line) => line.bankAccount ?? null),
    ];
    const value = (v: unknown): string => `$${params.push(v)}`;
    const register = withEntry
      .map((write, i) => `,\n       written_${i} AS (${write({ entryId: '$1::uuid', value })})`)
      .join('');
    const rows: { sequence: string; hash: string; lines: string; balanced: boolean }[] = await m.query(
      `WITH entry AS (
         INSERT INTO journal_entries (id, sequence, entry_date, fiscal_year, period, description, source, source_id,
           reverses_entry_id, metadata, actor_token_id, posted_at, prev_hash, hash)
         VALUES ($1::uuid, $2::bigint, $3::date, $4::int, $5::smallint, $6, $7, $8, $9::uuid, $10::jsonb, $11::uuid,
           $12::timestamptz, $13, $14)
         RETURNING sequence, hash),
       lines AS (
         INSERT INTO postings (entry_id, line_no, sequence, entry_date, fiscal_year, account_code, fund_code, side, amount,
           currency, rate, amount_base, member_code, grant_code, budget_line, bank_account)
         SELECT $1::uuid, u.line_no, $2::bigint, $3::date, $4::int, u.account, u.fund, u.side, u.amount, u.currency, u.rate,
                u.amount_base, u.member, u.grant_code, u.budget_line, u.bank_account
           FROM unnest($15::smallint[], $16::text[], $17::text[], $18::text[], $19::numeric[], $20::char(3)[],
                $21::numeric[], $22::numeric[], $23::text[], $24::text[], $25::text[], $26::text[])
             AS u(line_no, account, fund, side, amount, currency, rate, amount_base, member, grant_code, budget_line,
                  bank_account)
         RETURNING fund_code, side, amount_base)${register}
       SELECT e.sequence, e.hash,
              (SELECT count(*) FROM lines) AS lines,
              (SELECT coalesce(bool_and(net = 0), false) FROM (
                 SELECT sum(CASE side WHEN 'debit' THEN amount_base ELSE -amount_base END) AS net
                   FROM lines GROUP BY fund_code) f) AS balanced
         FROM entry e`,
      params,
    );
    const r = rows[0];
    return { sequence: Number(r.sequence), hash: r.hash, lines: Number(r.lines), balanced: r.balanced };
  }

  /** The first entry (in chain order) posted for a record of the given source, if any. */
  async firstIdBySource(m: EntityManager, source: EntrySource, sourceId: string): Promise<string | null> {
    const rows: { id: string }[] = await m.query(
      'SELECT id FROM journal_entries WHERE source = $1 AND source_id = $2 ORDER BY sequence LIMIT 1',
      [source, sourceId],
    );
    return rows[0]?.id ?? null;
  }

  async findById(m: EntityManager, id: string): Promise<EntryRow | undefined> {
    const rows: RawEntry[] = await m.query(`SELECT ${ENTRY_COLUMNS} FROM journal_entries e WHERE e.id = $1`, [id]);
    return (await this.withLines(m, rows))[0];
  }

  async findBySequenceRange(m: EntityManager, fromSequence: number, limit: number): Promise<EntryRow[]> {
    const rows: RawEntry[] = await m.query(
      `SELECT ${ENTRY_COLUMNS} FROM journal_entries e WHERE e.sequence >= $1 ORDER BY e.sequence LIMIT $2`,
      [fromSequence, limit],
    );
    return this.withLines(m, rows);
  }

  async list(m: EntityManager, f: EntryFilter): Promise<EntryRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown): void => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (f.from) add('e.entry_date >= ?', f.from);
    if (f.to) add('e.entry_date <= ?', f.to);
    if (f.afterSequence !== undefined) add('e.sequence > ?', f.afterSequence);
    if (f.source) add('e.source = ?', f.source);
    if (f.metadata && Object.keys(f.metadata).length > 0) add('e.metadata @> ?::jsonb', JSON.stringify(f.metadata));
    const postingFilters: string[] = [];
    const addPosting = (sql: string, value: unknown): void => {
      params.push(value);
      postingFilters.push(sql.replace('?', `$${params.length}`));
    };
    if (f.account) addPosting('p.account_code = ?', f.account);
    if (f.fund) addPosting('p.fund_code = ?', f.fund);
    if (f.member) addPosting('p.member_code = ?', f.member);
    if (postingFilters.length > 0) {
      where.push(`EXISTS (SELECT 1 FROM postings p WHERE p.entry_id = e.id AND ${postingFilters.join(' AND ')})`);
    }
    params.push(f.limit);
    const rows: RawEntry[] = await m.query(
      `SELECT ${ENTRY_COLUMNS} FROM journal_entries e
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY e.sequence LIMIT $${params.length}`,
      params,
    );
    return this.withLines(m, rows);
  }

  /** One query for the postings of a page of entries (no N+1). */
  private async withLines(m: EntityManager, raw: RawEntry[]): Promise<EntryRow[]> {
    if (raw.length === 0) return [];
    const postings: RawPosting[] = await m.query(
      `SELECT entry_id, line_no, account_code, fund_code, side, amount::text, currency, rate::text, amount_base::text,
              member_code, grant_code, budget_line, bank_account
         FROM postings WHERE entry_id = ANY($1::uuid[]) ORDER BY entry_id, line_no`,
      [raw.map((r) => r.id)],
    );
    const byEntry = new Map<string, PricedLine[]>();
    for (const p of postings) {
      const list = byEntry.get(p.entry_id) ?? [];
      list.push(toLine(p));
      byEntry.set(p.entry_id, list);
    }
    return raw.map((r) => ({
      id: r.id,
      sequence: Number(r.sequence),
      date: r.entry_date,
      fiscalYear: r.fiscal_year,
      period: r.period,
      description: r.description,
      source: r.source,
      sourceId: r.source_id,
      reversesEntryId: r.reverses_entry_id,
      reversedByEntryId: r.reversed_by_entry_id,
      metadata: r.metadata,
      actorTokenId: r.actor_token_id,
      postedAt: r.posted_at.toISOString(),
      prevHash: r.prev_hash,
      hash: r.hash,
      lines: byEntry.get(r.id) ?? [],
    }));
  }
}

function toLine(p: RawPosting): PricedLine {
  const dec = (s: string): Decimal => new Dec(s);
  return {
    lineNo: p.line_no,
    account: p.account_code,
    fund: p.fund_code,
    side: p.side,
    amount: dec(p.amount),
    currency: p.currency,
    rate: dec(p.rate),
    amountBase: dec(p.amount_base),
    ...(p.member_code !== null ? { member: p.member_code } : {}),
    ...(p.grant_code !== null ? { grant: p.grant_code } : {}),
    ...(p.budget_line !== null ? { budgetLine: p.budget_line } : {}),
    ...(p.bank_account !== null ? { bankAccount: p.bank_account } : {}),
  };
}
