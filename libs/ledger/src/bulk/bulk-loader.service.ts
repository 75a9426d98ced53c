import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import { EntityManager } from 'typeorm';
import { Dec, DomainError, ErrorCode, FieldError, formatAmount, validationError } from '@app/common';
import { TransactionRunner } from '@app/database';
import { entryHash } from '../chain/entry-hash';
import { fundImbalances } from '../domain/balance-rule';
import { fiscalPosition, fiscalYearBounds } from '../domain/fiscal-calendar';
import { PricedLine } from '../domain/posting';
import { NewEntry, JournalRepository } from '../entries/journal.repository';
import { assertShape, PostCommand, priceLines } from '../entries/ledger.service';
import { Policies } from '../policies/policies';
import { PoliciesRepository } from '../policies/policies.repository';
import { ReferenceDataRepository } from '../reference-data.repository';
import { BulkLoaderRepository } from './bulk-loader.repository';

export const DEFAULT_BULK_BATCH_SIZE = 1_000;
/** One batch is one transaction holding the chain lock: keep it short enough not to starve the API. */
export const MAX_BULK_BATCH_SIZE = 10_000;

export interface BulkBatchResult {
  entries: number;
  postings: number;
  firstSequence: number;
  lastSequence: number;
  headHash: string;
}

export interface BulkLoadProgress {
  entries: number;
  postings: number;
  lastSequence: number;
}

export interface BulkLoadOptions {
  /** Entries per transaction (default 1,000; at most 10,000). */
  batchSize?: number;
  onProgress?: (progress: BulkLoadProgress) => void;
}

export interface BulkLoadResult extends BulkLoadProgress {
  batches: number;
  headHash: string;
}

interface PreparedEntry {
  command: PostCommand;
  lines: PricedLine[];
  fiscalYear: number;
  period: number;
}

/**
 * The fast path into the ledger for historical imports and benchmarks. Every command is checked by
 * the same rules as `LedgerService.post` (pricing and scale, per-fund balance, accounts and funds
 * exist and are active, the fiscal year is open), then a whole batch is appended in ONE
 * transaction: the chain head is locked once, sequences and hashes are assigned in order with the
 * same `entryHash`, the rows go in with two multi-row INSERTs, and the head advances once. The
 * entries are indistinguishable from API-posted ones (verification, trial balance, roll-ups),
 * and a batch is all or nothing: one bad command refuses the batch, naming it.
 */
@Injectable()
export class BulkLoaderService {
  constructor(
    private readonly db: TransactionRunner,
    private readonly journal: JournalRepository,
    private readonly reference: ReferenceDataRepository,
    private readonly policies: PoliciesRepository,
    private readonly bulk: BulkLoaderRepository,
  ) {}

  /** Loads a stream of commands, `batchSize` entries per transaction, in the order given. */
  async load(
    commands: Iterable<PostCommand> | AsyncIterable<PostCommand>,
    options: BulkLoadOptions = {},
  ): Promise<BulkLoadResult> {
    const batchSize = options.batchSize ?? DEFAULT_BULK_BATCH_SIZE;
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BULK_BATCH_SIZE) {
      throw validationError('batchSize', `must be a whole number from 1 to ${MAX_BULK_BATCH_SIZE}`);
    }
    const total: BulkLoadResult = { entries: 0, postings: 0, lastSequence: 0, batches: 0, headHash: '' };
    let batch: PostCommand[] = [];
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      const result = await this.loadBatch(batch);
      batch = [];
      total.entries += result.entries;
      total.postings += result.postings;
      total.lastSequence = result.lastSequence;
      total.headHash = result.headHash;
      total.batches += 1;
      options.onProgress?.({ entries: total.entries, postings: total.postings, lastSequence: total.lastSequence });
    };
    for await (const command of commands) {
      batch.push(command);
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    if (total.batches === 0) {
      const head = await this.db.run((m) => this.journal.readChainHead(m));
      return { ...total, lastSequence: head.lastSequence, headHash: head.lastHash };
    }
    return total;
  }

  /** Appends one batch in one transaction (joins the caller's transaction when there is one). */
  loadBatch(commands: readonly PostCommand[]): Promise<BulkBatchResult> {
    if (commands.length === 0) throw validationError('entries', 'a batch needs at least one entry');
    if (commands.length > MAX_BULK_BATCH_SIZE)
      throw validationError('entries', `a batch has at most ${MAX_BULK_BATCH_SIZE} entries`);
    return this.db.run((m) => this.loadWith(m, commands));
  }

  private async loadWith(m: EntityManager, commands: readonly PostCommand[]): Promise<BulkBatchResult> {
    const policies = await this.policies.get(m);
    const prepared = commands.map((command, i) => naming(i, () => prepare(command, policies)));
    await this.assertReferences(m, prepared);
    await this.lockOpenYears(m, prepared, policies);

    // As in LedgerService.post: every other lock first, the chain lock last and held briefly.
    const head = await this.journal.lockChainHead(m);
    const postedAt = new Date().toISOString();
    let prevHash = head.lastHash;
    let expectedBase: Decimal = new Dec(0);
    const entries: NewEntry[] = prepared.map((p, i) => {
      const unhashed: Omit<NewEntry, 'hash'> = {
        id: randomUUID(),
        sequence: head.lastSequence + 1 + i,
        date: p.command.date,
        fiscalYear: p.fiscalYear,
        period: p.period,
        description: p.command.description,
        source: p.command.source,
        sourceId: p.command.sourceId ?? null,
        reversesEntryId: p.command.reversesEntryId ?? null,
        metadata: p.command.metadata ?? {},
        actorTokenId: p.command.actorTokenId ?? null,
        postedAt,
        prevHash,
        baseCurrency: policies.baseCurrency,
        lines: p.lines,
      };
      const hash = entryHash(prevHash, unhashed);
      prevHash = hash;
      for (const line of p.lines) expectedBase = expectedBase.plus(line.amountBase);
      return { ...unhashed, hash };
    });
    try {
      await this.journal.insertEntries(m, entries);
    } catch (error) {
      throw translateInsertError(error);
    }
    const last = entries[entries.length - 1];
    await this.journal.advanceChainHead(m, { lastSequence: last.sequence, lastHash: last.hash });

    // Post-condition: the range reads back with as many entries, postings and base money as written.
    const postings = prepared.reduce((n, p) => n + p.lines.length, 0);
    const stored = await this.bulk.totalsForSequences(m, entries[0].sequence, last.sequence);
    if (
      stored.entries !== entries.length ||
      stored.postings !== postings ||
      !new Dec(stored.amountBase).equals(expectedBase)
    ) {
      throw new Error(
        `post-condition failed: sequences ${entries[0].sequence}..${last.sequence} read back as ${stored.entries} entries, ` +
          `${stored.postings} postings, ${stored.amountBase} base; wrote ${entries.length}, ${postings}, ${expectedBase.toFixed()}`,
      );
    }
    return {
      entries: entries.length,
      postings,
      firstSequence: entries[0].sequence,
      lastSequence: last.sequence,
      headHash: last.hash,
    };
  }

  /** Accounts and funds of the whole batch in two queries; the first bad line is named. */
  private async assertReferences(m: EntityManager, prepared: readonly PreparedEntry[]): Promise<void> {
    const accountCodes = [...new Set(prepared.flatMap((p) => p.lines.map((l) => l.account)))];
    const fundCodes = [...new Set(prepared.flatMap((p) => p.lines.map((l) => l.fund)))];
    const accounts = new Map((await this.reference.accounts(m, accountCodes)).map((a) => [a.code, a]));
    const funds = new Map((await this.reference.funds(m, fundCodes)).map((f) => [f.code, f]));
    const errors: FieldError[] = [];
    prepared.forEach((p, i) =>
      p.lines.forEach((l, j) => {
        const field = `entries[${i}].lines[${j}]`;
        const account = accounts.get(l.account);
        const fund = funds.get(l.fund);
        if (!account) errors.push({ field: `${field}.account`, message: `unknown account '${l.account}'` });
        else if (!account.active)
          errors.push({ field: `${field}.account`, message: `account '${l.account}' is inactive` });
        if (!fund) errors.push({ field: `${field}.fund`, message: `unknown fund '${l.fund}'` });
        else if (!fund.active) errors.push({ field: `${field}.fund`, message: `fund '${l.fund}' is inactive` });
      }),
    );
    if (errors.length === 0) return;
    const shown = errors.slice(0, 20);
    const inactiveOnly = errors.every((e) => e.message.includes('inactive'));
    throw new DomainError(
      inactiveOnly ? ErrorCode.InactiveAccount : ErrorCode.ValidationFailed,
      `${shown.map((e) => `${e.field}: ${e.message}`).join('; ')}${errors.length > shown.length ? ` (and ${errors.length - shown.length} more)` : ''}`,
      shown,
    );
  }

  /** Share-locks every fiscal year the batch posts into (ascending: a stable lock order). */
  private async lockOpenYears(m: EntityManager, prepared: readonly PreparedEntry[], policies: Policies): Promise<void> {
    const years = [...new Set(prepared.map((p) => p.fiscalYear))].sort((a, b) => a - b);
    for (const year of years) {
      const bounds = fiscalYearBounds(year, policies.fiscalYearStartMonth);
      const row = await this.reference.lockFiscalYearForPosting(m, year, bounds.startsOn, bounds.endsOn);
      if (row.status === 'closed') {
        const first = prepared.findIndex((p) => p.fiscalYear === year);
        throw new DomainError(
          ErrorCode.PeriodClosed,
          `entries[${first}]: fiscal year ${year} is closed; post into an open year`,
          [{ field: `entries[${first}].date`, message: `fiscal year ${year} is closed` }],
        );
      }
    }
  }
}

/** The checks of one command that need no database: shape, pricing, per-fund balance. */
function prepare(command: PostCommand, policies: Policies): PreparedEntry {
  assertShape(command);
  const lines = priceLines(command.lines, policies);
  const imbalances = fundImbalances(lines);
  if (imbalances.length > 0) {
    const base = policies.baseCurrency;
    throw new DomainError(
      ErrorCode.UnbalancedEntry,
      imbalances
        .map(
          (i) =>
            `fund ${i.fund}: debits ${formatAmount(i.debitBase, base)} ≠ credits ${formatAmount(i.creditBase, base)} ${base}`,
        )
        .join('; '),
      undefined,
      {
        imbalances: imbalances.map((i) => ({
          fund: i.fund,
          debit: formatAmount(i.debitBase, base),
          credit: formatAmount(i.creditBase, base),
        })),
      },
    );
  }
  const { fiscalYear, period } = fiscalPosition(command.date, policies.fiscalYearStartMonth);
  return { command, lines, fiscalYear, period };
}

/** Runs a check of command `i`; a refusal names the command (`entries[i].…`). */
function naming<T>(i: number, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    throw new DomainError(
      error.code,
      `entries[${i}]: ${error.message}`,
      (error.errors ?? [{ field: '', message: error.message }]).map((f) => ({
        field: f.field === '' ? `entries[${i}]` : `entries[${i}].${f.field}`,
        message: f.message,
      })),
      { ...error.extensions, entry: i },
    );
  }
}

function translateInsertError(error: unknown): unknown {
  const e = error as { code?: string; constraint?: string; detail?: string };
  if (e.code === '23503') {
    return new DomainError(
      ErrorCode.ValidationFailed,
      `a line refers to something that does not exist: ${e.detail ?? e.constraint ?? ''}`.trim(),
      [{ field: 'entries', message: `unknown reference (${e.constraint ?? 'foreign key'})` }],
    );
  }
  if (e.code === '23505' && (e.constraint ?? '').includes('reverses_entry_id')) {
    return new DomainError(
      ErrorCode.AlreadyReversed,
      'an entry of the batch reverses an entry that is already reversed',
    );
  }
  return error;
}
