import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import { EntityManager } from 'typeorm';
import {
  Dec,
  DomainError,
  ErrorCode,
  FieldError,
  formatAmount,
  minorUnits,
  notFound,
  RESERVED_KEYS,
  toBase,
  validationError,
} from '@app/common';
import { TransactionRunner } from '@app/database';
import { entryHash } from '../chain/entry-hash';
import { fundImbalances } from '../domain/balance-rule';
import { fiscalPosition, fiscalYearBounds, isIsoDate } from '../domain/fiscal-calendar';
import { EntrySource, opposite, PostingLine, PricedLine } from '../domain/posting';
import { Policies } from '../policies/policies';
import { PoliciesRepository } from '../policies/policies.repository';
import { ReferenceDataRepository } from '../reference-data.repository';
import { translateInsertError } from './insert-error';
import { AppendedEntry, ChainHead, EntryFilter, EntryRow, JournalRepository, NewEntry, WrittenWithEntry } from './journal.repository';

export const MAX_LINES = 500;

type Calendar = Pick<Policies, 'baseCurrency' | 'fiscalYearStartMonth'>;
export const MAX_METADATA_KEYS = 32;

export interface PostCommand {
  date: string;
  description: string;
  source: EntrySource;
  sourceId?: string;
  metadata?: Record<string, string>;
  lines: readonly PostingLine[];
  actorTokenId?: string;
  reversesEntryId?: string;
  /**
   * The caller's register rows that point at this entry (a payment and its allocations), written
   * in the entry's own statement: while the chain lock is held, one round trip instead of one per
   * table. Their SQL stays in the caller's repository.
   */
  withEntry?: readonly WrittenWithEntry[];
}

/**
 * The only way money moves. Checks everything before writing (shape, scale, accounts, funds,
 * open year, per-fund balance), appends to the hash chain under its lock, then checks what the
 * database stored. The database re-checks balance and append-only at commit.
 */
@Injectable()
export class LedgerService {
  constructor(
    private readonly db: TransactionRunner,
    private readonly journal: JournalRepository,
    private readonly reference: ReferenceDataRepository,
    private readonly policies: PoliciesRepository,
  ) {}

  /** Posts inside the caller's transaction when given one (domain record + entry, atomically). */
  post(command: PostCommand, manager?: EntityManager): Promise<EntryRow> {
    return manager ? this.postWith(manager, command) : this.db.run((m) => this.postWith(m, command));
  }

  /**
   * Reverses an entry. `onlySources` restricts which entries may be reversed: the generic route
   * passes the sources no register stands behind, so an entry a register owns (a payment and its
   * allocations, a grant receipt...) is undone only through that register's own route.
   */
  async reverse(
    entryId: string,
    date: string,
    reason: string,
    actorTokenId?: string,
    onlySources?: readonly EntrySource[],
  ): Promise<EntryRow> {
    return this.db.run(async (m) => {
      const original = await this.journal.findById(m, entryId);
      if (!original) throw notFound('journal entry', entryId);
      if (original.reversedByEntryId) {
        throw new DomainError(
          ErrorCode.AlreadyReversed,
          `journal entry ${original.sequence} was already reversed by entry ${original.reversedByEntryId}`,
        );
      }
      if (original.reversesEntryId) {
        throw new DomainError(ErrorCode.BusinessRule, 'a reversing entry cannot itself be reversed; post a new entry');
      }
      if (onlySources && !onlySources.includes(original.source)) {
        throw registerOwnedEntry(original.sequence, original.source);
      }
      // Dated earlier, the reversal would show, between the two dates, the undoing of an entry
      // that had not happened yet.
      if (isIsoDate(date) && date < original.date) {
        throw new DomainError(
          ErrorCode.BusinessRule,
          `a reversal cannot be dated before the entry it reverses (${original.date})`,
          [{ field: 'date', message: `must be on or after ${original.date}` }],
        );
      }
      return this.postWith(m, {
        date,
        description: `Reversal of entry ${original.sequence}: ${reason}`.slice(0, 500),
        source: 'reversal',
        sourceId: original.id,
        metadata: { reason: reason.slice(0, 500) },
        reversesEntryId: original.id,
        actorTokenId,
        lines: original.lines.map((l) => ({ ...l, side: opposite(l.side) })),
      });
    });
  }

  list(filter: EntryFilter): Promise<{ entries: EntryRow[]; baseCurrency: string }> {
    return this.db.snapshot(async (m) => ({
      entries: await this.journal.list(m, filter),
      baseCurrency: (await this.policies.get(m)).baseCurrency,
    }));
  }

  get(id: string): Promise<EntryRow> {
    return this.db.run(async (m) => {
      const entry = await this.journal.findById(m, id);
      if (!entry) throw notFound('journal entry', id);
      return entry;
    });
  }

  /**
   * The base currency and the fiscal calendar freeze with the first committed entry
   * (`PoliciesService.put` refuses to change them from then on), so from then on a process reads
   * them once instead of once per posting.
   */
  private frozenCalendar?: Calendar;
  /** The look for a committed entry in progress, if any (one at a time). */
  private freezing?: Promise<void>;

  async baseCurrency(m?: EntityManager): Promise<string> {
    if (this.frozenCalendar) return this.frozenCalendar.baseCurrency;
    return (await (m ? this.calendar(m) : this.db.run((tx) => this.calendar(tx)))).baseCurrency;
  }

  private async calendar(m: EntityManager): Promise<Calendar> {
    if (this.frozenCalendar) return this.frozenCalendar;
    const { baseCurrency, fiscalYearStartMonth } = await this.policies.get(m);
    this.freezeOnceCommitted();
    return { baseCurrency, fiscalYearStartMonth };
  }

  /**
   * Looks, on a connection of its own and outside every transaction, for a committed entry (this
   * transaction's own entries may still roll back), then reads the calendar it froze. Never awaited
   * by a posting: a posting already holds one of the pool's connections, and waiting for a second
   * would let a burst of postings as large as the pool wait on each other until the pool's timeout.
   */
  private freezeOnceCommitted(): void {
    if (this.freezing) return;
    this.freezing = (async () => {
      const outside = this.db.dataSource.manager;
      if ((await this.journal.readChainHead(outside)).lastSequence < 1) return;
      const { baseCurrency, fiscalYearStartMonth } = await this.policies.get(outside);
      this.frozenCalendar = { baseCurrency, fiscalYearStartMonth };
    })()
      // Tried again by the next posting (the database away, the application closing).
      .catch(() => undefined)
      .finally(() => {
        this.freezing = undefined;
      });
  }

  private async postWith(m: EntityManager, command: PostCommand): Promise<EntryRow> {
    assertShape(command);
    const policies = await this.calendar(m);
    const lines = priceLines(command.lines, policies);
    // Unknown or inactive accounts and funds first: a line in an unknown fund also unbalances
    // the entry, and the client must hear about the bad code (400), not about its consequence.
    // The year-end close must empty every revenue and expense account, deactivated ones included.
    await this.assertReferences(m, lines, command.source === 'closing');
    assertFundsBalance(lines, policies.baseCurrency);
    const position = await this.lockOpenYear(m, command.date, policies);
    // Everything above may wait on other locks; the chain lock is taken last and held briefly.
    const head = await this.journal.lockChainHead(m);
    const entry = draftEntry(command, lines, position, head, policies.baseCurrency);
    const hash = entryHash(head.lastHash, entry);
    await this.append(m, entry, hash, command.withEntry);
    return entryRowOf(entry, hash, lines);
  }

  /** The entry's fiscal year and period; its year locked for posting and open. */
  private async lockOpenYear(
    m: EntityManager,
    date: string,
    policies: Calendar,
  ): Promise<{ fiscalYear: number; period: number }> {
    const { fiscalYear, period } = fiscalPosition(date, policies.fiscalYearStartMonth);
    const bounds = fiscalYearBounds(fiscalYear, policies.fiscalYearStartMonth);
    const year = await this.reference.lockFiscalYearForPosting(m, fiscalYear, bounds.startsOn, bounds.endsOn);
    if (year.status === 'closed') {
      throw new DomainError(ErrorCode.PeriodClosed, `fiscal year ${fiscalYear} is closed; post into an open year`);
    }
    return { fiscalYear, period };
  }

  /**
   * Writes the entry and its lines (and the caller's rows) in one statement, checks what the
   * database answered, and moves the chain head on.
   */
  private async append(
    m: EntityManager,
    entry: DraftEntry,
    hash: string,
    withEntry: PostCommand['withEntry'],
  ): Promise<void> {
    let written: AppendedEntry;
    try {
      written = await this.journal.appendEntry(m, { ...entry, hash }, withEntry);
    } catch (error) {
      throw translateInsertError(error);
    }
    assertStoredAsWritten(entry, hash, written);
    await this.journal.advanceChainHead(m, { lastSequence: entry.sequence, lastHash: hash });
  }

  private async assertReferences(m: EntityManager, lines: readonly PricedLine[], allowInactive = false): Promise<void> {
    const accountCodes = [...new Set(lines.map((l) => l.account))];
    const fundCodes = [...new Set(lines.map((l) => l.fund))];
    const { accounts, funds } = await this.reference.accountsAndFunds(m, accountCodes, fundCodes);
    const errors: FieldError[] = [];
    lines.forEach((l, i) => {
      const account = accounts.find((a) => a.code === l.account);
      const fund = funds.find((f) => f.code === l.fund);
      if (!account) errors.push({ field: `lines[${i}].account`, message: `unknown account '${l.account}'` });
      else if (!account.active && !allowInactive) errors.push({ field: `lines[${i}].account`, message: `account '${l.account}' is inactive` });
      if (!fund) errors.push({ field: `lines[${i}].fund`, message: `unknown fund '${l.fund}'` });
      else if (!fund.active && !allowInactive) errors.push({ field: `lines[${i}].fund`, message: `fund '${l.fund}' is inactive` });
    });
    if (errors.length > 0) {
      const inactiveOnly = errors.every((e) => e.message.includes('inactive'));
      throw new DomainError(
        inactiveOnly ? ErrorCode.InactiveAccount : ErrorCode.ValidationFailed,
        errors.map((e) => `${e.field}: ${e.message}`).join('; '),
        errors,
      );
    }
  }
}

type DraftEntry = Omit<NewEntry, 'hash'>;

/** Every fund balances within the entry (422 naming each fund that does not). */
function assertFundsBalance(lines: readonly PricedLine[], base: string): void {
  const imbalances = fundImbalances(lines);
  if (imbalances.length === 0) return;
  throw new DomainError(
    ErrorCode.UnbalancedEntry,
    imbalances
      .map((i) => `fund ${i.fund}: debits ${formatAmount(i.debitBase, base)} ≠ credits ${formatAmount(i.creditBase, base)} ${base}`)
      .join('; '),
    undefined,
    { imbalances: imbalances.map((i) => ({ fund: i.fund, debit: formatAmount(i.debitBase, base), credit: formatAmount(i.creditBase, base) })) },
  );
}

/** The entry as it is hashed and written: next in the chain after `head`. */
function draftEntry(
  command: PostCommand,
  lines: PricedLine[],
  position: { fiscalYear: number; period: number },
  head: ChainHead,
  baseCurrency: string,
): DraftEntry {
  return {
    id: randomUUID(),
    sequence: head.lastSequence + 1,
    date: command.date,
    fiscalYear: position.fiscalYear,
    period: position.period,
    description: command.description,
    source: command.source,
    sourceId: command.sourceId ?? null,
    reversesEntryId: command.reversesEntryId ?? null,
    metadata: command.metadata ?? {},
    actorTokenId: command.actorTokenId ?? null,
    postedAt: new Date().toISOString(),
    prevHash: head.lastHash,
    baseCurrency,
    lines,
  };
}

/**
 * Post-conditions on what the database answered for the rows it stored (RETURNING), not on a
 * second read: the same sequence and hash, every line, every fund balanced.
 */
function assertStoredAsWritten(entry: DraftEntry, hash: string, written: AppendedEntry): void {
  if (written.sequence !== entry.sequence || written.hash !== hash) {
    throw new Error(`post-condition failed: entry ${entry.sequence} was stored as ${written.sequence} ${written.hash}`);
  }
  if (written.lines !== entry.lines.length || !written.balanced) {
    throw new Error(`post-condition failed: entry ${entry.sequence} stored ${written.lines} of ${entry.lines.length} lines, balanced ${written.balanced}`);
  }
}

/** The entry as stored, answered without a second read (the lines are the ones written). */
function entryRowOf(entry: DraftEntry, hash: string, lines: PricedLine[]): EntryRow {
  return {
    id: entry.id,
    sequence: entry.sequence,
    date: entry.date,
    fiscalYear: entry.fiscalYear,
    period: entry.period,
    description: entry.description,
    source: entry.source,
    sourceId: entry.sourceId,
    reversesEntryId: entry.reversesEntryId,
    reversedByEntryId: null,
    metadata: entry.metadata,
    actorTokenId: entry.actorTokenId,
    postedAt: entry.postedAt,
    prevHash: entry.prevHash,
    hash,
    lines,
  };
}

/** The shape rules of a posting (date, description, line count, metadata), shared by every path that writes entries. */
export function assertShape(c: PostCommand): void {
  if (!isIsoDate(c.date)) throw validationError('date', 'must be a calendar date YYYY-MM-DD');
  if (c.description.trim().length === 0 || c.description.length > 500) {
    throw validationError('description', 'must be 1 to 500 characters');
  }
  if (c.lines.length < 2) throw validationError('lines', 'an entry needs at least two lines');
  if (c.lines.length > MAX_LINES) throw validationError('lines', `an entry has at most ${MAX_LINES} lines`);
  const metadata = c.metadata ?? {};
  const keys = Object.keys(metadata);
  if (keys.length > MAX_METADATA_KEYS) throw validationError('metadata', `at most ${MAX_METADATA_KEYS} keys`);
  for (const k of keys) {
    if (k.length === 0 || k.length > 64) throw validationError(`metadata.${k}`, 'keys are 1 to 64 characters');
    if (RESERVED_KEYS.includes(k)) throw validationError(`metadata.${k}`, `'${k}' is a reserved key name`);
    if (typeof metadata[k] !== 'string' || metadata[k].length > 500) {
      throw validationError(`metadata.${k}`, 'values are strings of at most 500 characters');
    }
  }
}

/** Puts every line in the base currency: amount × rate, half-even at the base currency's scale. */
export function priceLines(lines: readonly PostingLine[], policies: Pick<Policies, 'baseCurrency'>): PricedLine[] {
  const base = policies.baseCurrency;
  return lines.map((line, i) => {
    const field = `lines[${i}]`;
    const currency = line.currency ?? base;
    const scale = minorUnits(currency, `${field}.currency`);
    if (!line.amount.isFinite() || line.amount.lte(0)) throw validationError(`${field}.amount`, 'must be greater than zero');
    if (line.amount.decimalPlaces() > scale) {
      throw validationError(`${field}.amount`, `${currency} has ${scale} decimal places; '${line.amount.toFixed()}' has more`);
    }
    let effectiveRate: Decimal;
    if (currency === base) {
      if (line.rate !== undefined && !line.rate.equals(1)) {
        throw validationError(`${field}.rate`, `must be 1 (or absent) for the base currency ${base}`);
      }
      effectiveRate = new Dec(1);
    } else if (line.rate === undefined || !line.rate.isFinite() || line.rate.lte(0)) {
      throw validationError(`${field}.rate`, `a positive rate is required: ${currency} is not the base currency ${base}`);
    } else {
      effectiveRate = line.rate;
    }
    const amountBase = toBase(line.amount, effectiveRate, base);
    if (amountBase.lte(0)) throw validationError(`${field}.amount`, `is worth less than one minor unit of ${base} at this rate`);
    return {
      lineNo: i + 1,
      account: line.account,
      fund: line.fund,
      side: line.side,
      amount: line.amount,
      currency,
      rate: effectiveRate,
      amountBase,
      ...(line.member !== undefined ? { member: line.member } : {}),
      ...(line.grant !== undefined ? { grant: line.grant } : {}),
      ...(line.budgetLine !== undefined ? { budgetLine: line.budgetLine } : {}),
      ...(line.bankAccount !== undefined ? { bankAccount: line.bankAccount } : {}),
    };
  });
}

/** Where an entry owned by a register is corrected instead of the generic reversal. */
const REGISTER_ROUTES: Partial<Record<string, string>> = {
  payment: 'POST /v1/payments/{id}/reversal',
};

function registerOwnedEntry(sequence: number, source: string): DomainError {
  const route = REGISTER_ROUTES[source];
  return new DomainError(
    ErrorCode.Conflict,
    `journal entry ${sequence} was posted by its register (source '${source}'); ` +
      (route
        ? `reverse it with ${route} so the register and the ledger stay in agreement`
        : 'reversing it alone would leave that register disagreeing with the ledger, and this kind of record cannot be reversed yet'),
  );
}
