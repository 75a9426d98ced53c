import { formatAmount } from '@app/common';
import { JournalEntryResponse } from './journal-entries.dto';
import { EntryRow } from './journal.repository';

/** The public shape of an entry, built explicitly (never an entity). */
export function toEntryResponse(e: EntryRow, baseCurrency: string): JournalEntryResponse {
  return {
    id: e.id,
    sequence: e.sequence,
    date: e.date,
    fiscalYear: e.fiscalYear,
    period: e.period,
    description: e.description,
    source: e.source,
    sourceId: e.sourceId,
    reverses: e.reversesEntryId,
    reversedBy: e.reversedByEntryId,
    metadata: e.metadata,
    postedAt: e.postedAt,
    prevHash: e.prevHash,
    hash: e.hash,
    lines: e.lines.map((l) => ({
      line: l.lineNo,
      account: l.account,
      fund: l.fund,
      side: l.side,
      amount: formatAmount(l.amount, l.currency),
      currency: l.currency,
      rate: l.rate.toFixed(),
      amountBase: formatAmount(l.amountBase, baseCurrency),
      ...(l.member !== undefined ? { member: l.member } : {}),
      ...(l.grant !== undefined ? { grant: l.grant } : {}),
      ...(l.budgetLine !== undefined ? { budgetLine: l.budgetLine } : {}),
      ...(l.bankAccount !== undefined ? { bankAccount: l.bankAccount } : {}),
    })),
  };
}
