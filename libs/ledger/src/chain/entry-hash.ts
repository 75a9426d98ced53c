import { createHash } from 'node:crypto';
import { Decimal } from 'decimal.js';
import { formatAmount } from '@app/common';
import { EntrySource, PricedLine } from '../domain/posting';

export const GENESIS_HASH = '0'.repeat(64);

/** Everything the hash of an entry covers. */
export interface HashableEntry {
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
  baseCurrency: string;
  lines: readonly PricedLine[];
}

const rateText = (rate: Decimal): string => rate.toFixed();

/**
 * The canonical form: a JSON array with a fixed field order, amounts written at their
 * currency's scale and rates in plain notation, so the same entry always hashes the same way,
 * whatever produced it (API, bulk load) and whatever reads it back (verify, offline package check).
 */
export function canonicalEntry(e: HashableEntry): string {
  const metadataKeys = Object.keys(e.metadata).sort();
  return JSON.stringify([
    'entry/v1',
    e.sequence,
    e.id,
    e.date,
    e.fiscalYear,
    e.period,
    e.description,
    e.source,
    e.sourceId,
    e.reversesEntryId,
    metadataKeys.map((k) => [k, e.metadata[k]]),
    e.actorTokenId,
    e.postedAt,
    [...e.lines]
      .sort((a, b) => a.lineNo - b.lineNo)
      .map((l) => [
        l.lineNo,
        l.account,
        l.fund,
        l.side,
        formatAmount(l.amount, l.currency),
        l.currency,
        rateText(l.rate),
        formatAmount(l.amountBase, e.baseCurrency),
        l.member ?? null,
        l.grant ?? null,
        l.budgetLine ?? null,
        l.bankAccount ?? null,
      ]),
  ]);
}

export function entryHash(prevHash: string, entry: HashableEntry): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalEntry(entry)).digest('hex');
}
