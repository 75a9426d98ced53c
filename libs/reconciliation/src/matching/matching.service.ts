import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import { EntityManager } from 'typeorm';
import { Dec, DomainError, ErrorCode, formatAmount, notFound, validationError } from '@app/common';
import { TransactionRunner } from '@app/database';
import { EntryRow, LedgerService, PoliciesService } from '@app/ledger';
import { BankScope, BankScopeRepository } from '../bank-scope.repository';
import {
  MatchableLine,
  MatchablePosting,
  MatchRule,
  MAX_ROUNDS,
  proposeSplitsAndReversals,
  referencesAgree,
} from './auto-match';
import {
  LockedLine,
  LockedPosting,
  MatchesRepository,
  MatchRow,
  NewMatch,
  UnmatchedLineRow,
  UnmatchedPostingRow,
} from './matches.repository';
import { agreeingCharacterClass } from './reference-agreement';

/** Matches written per round trip. */
const INSERT_BATCH = 5_000;
/** An auto-match writing at least this many matches refreshes the tables' statistics. */
const ANALYZE_AFTER_MATCHES = 10_000;
/** Undecided candidate pairs read per round trip. */
const UNDECIDED_PAGE = 5_000;
/** Most items one manual match may hold on each side. */
export const MAX_MANUAL_ITEMS = 100;

export interface AutoMatchResult {
  matched: number;
  statementLines: number;
  postings: number;
  byRule: Record<MatchRule, number>;
}

export interface RecordEntryCommand {
  account: string;
  fund: string;
  description: string;
  rate?: Decimal;
}

const signedLine = (l: { direction: 'credit' | 'debit'; amount: string }): Decimal =>
  l.direction === 'credit' ? new Dec(l.amount) : new Dec(l.amount).negated();
const signedPosting = (p: { side: 'debit' | 'credit'; amount: string }): Decimal =>
  p.side === 'debit' ? new Dec(p.amount) : new Dec(p.amount).negated();

/**
 * Matching statement lines with ledger postings of the same bank account: automatic, manual,
 * undone (kept in history), and by recording an unrecorded bank item as an entry. Every use case
 * holds the bank account's lock, so two matchers never race for the same line.
 */
@Injectable()
export class MatchingService {
  private agreeing: string | undefined;

  constructor(
    private readonly db: TransactionRunner,
    private readonly scopes: BankScopeRepository,
    private readonly matches: MatchesRepository,
    private readonly policies: PoliciesService,
    private readonly ledger: LedgerService,
  ) {}

  /**
   * Rules 1 and 2 (reference, amount and date) run in the database over all candidate pairs at
   * once; what they leave open goes through rules 3 and 4 (one-to-many, reversal pairs) in code.
   * The result is proposeMatches' on the same lines and postings, rule for rule.
   */
  autoMatch(bankAccount: string, actorTokenId?: string): Promise<AutoMatchResult> {
    return this.db.run(async (m) => {
      const scope = await this.lockedScope(m, bankAccount);
      const { matchingWindowDays } = await this.policies.get(m);
      const byRule: Record<MatchRule, number> = {
        reference: 0,
        'amount-date': 0,
        'one-to-many': 0,
        'reversal-pair': 0,
      };
      let statementLines = 0;
      let postingCount = 0;
      const pairs = await this.matches.stageCandidatePairs(m, scope, matchingWindowDays, await this.characterClass(m));
      if (pairs > 0) {
        await this.decideUndecidedPairs(m);
        for (let round = 0; round < MAX_ROUNDS; round++) {
          let taken = 0;
          for (const rule of ['reference', 'amount-date'] as const) taken += await this.matches.takeUniquePairs(m, rule);
          if (taken === 0) break;
        }
        for (const { rule, n } of await this.matches.insertTakenPairs(m, scope, actorTokenId ?? null)) {
          byRule[rule as MatchRule] += n;
          statementLines += n;
          postingCount += n;
        }
        // The queries below read bank_match_items: plan them for what was just written.
        if (statementLines >= ANALYZE_AFTER_MATCHES) await this.matches.analyze(m);
      }
      const lines: MatchableLine[] = (await this.matches.unmatchedLines(m, scope)).map(toMatchableLine);
      const postings: MatchablePosting[] = (
        await this.matches.residuePostings(m, scope, matchingWindowDays)
      ).map(toMatchablePosting);
      const proposals = proposeSplitsAndReversals(lines, postings, { windowDays: matchingWindowDays });
      const lineById = new Map(lines.map((l) => [l.id, l]));
      const postingDate = new Map(postings.map((p) => [p.id, p.date]));
      const rows: NewMatch[] = proposals.map((p) => ({
        id: randomUUID(),
        bankAccount: scope.code,
        currency: lineById.get(p.lineIds[0])?.currency ?? scope.currency,
        method: 'auto',
        rule: p.rule,
        settlesOn: latest([
          ...p.lineIds.map((id) => lineById.get(id)?.date ?? ''),
          ...p.postingIds.map((id) => postingDate.get(id) ?? ''),
        ]),
        matchedBy: actorTokenId ?? null,
        lineIds: p.lineIds,
        postingIds: p.postingIds,
      }));
      for (let i = 0; i < rows.length; i += INSERT_BATCH) await this.matches.insert(m, rows.slice(i, i + INSERT_BATCH));
      for (const p of proposals) byRule[p.rule]++;
      if (proposals.length >= ANALYZE_AFTER_MATCHES) await this.matches.analyze(m);
      return {
        matched: statementLines + proposals.length,
        statementLines: statementLines + proposals.reduce((n, p) => n + p.lineIds.length, 0),
        postings: postingCount + proposals.reduce((n, p) => n + p.postingIds.length, 0),
        byRule,
      };
    });
  }

  /** The pairs the database left undecided (see reference-agreement.ts), decided by the rule's own code. */
  private async decideUndecidedPairs(m: EntityManager): Promise<void> {
    for (;;) {
      const page = await this.matches.undecidedPairs(m, UNDECIDED_PAGE);
      if (page.length === 0) return;
      await this.matches.decidePairs(
        m,
        page.map((r) => ({
          lineId: r.lineId,
          postingId: r.postingId,
          agree: referencesAgree(
            toMatchableLine({
              id: r.lineId,
              bookingDate: '1970-01-01',
              direction: 'credit',
              amount: '0',
              currency: '',
              reference: r.reference,
              bankReference: r.bankReference,
              description: r.lineDescription,
              reversal: false,
            }),
            toMatchablePosting({
              id: r.postingId,
              entryDate: '1970-01-01',
              side: 'debit',
              amount: '0',
              currency: '',
              description: r.entryDescription,
              sourceId: r.sourceId,
              metadata: r.metadata,
            }),
          ),
        })),
      );
    }
  }

  /** The characters on which this database and the code read texts alike; computed once. */
  private async characterClass(m: EntityManager): Promise<string> {
    this.agreeing ??= agreeingCharacterClass(await this.matches.characterFacts(m));
    return this.agreeing;
  }

  /** A manual match: the lines' signed total must equal the postings' (Σ credits in = Σ debits of the bank). */
  match(
    bankAccount: string,
    statementLineIds: string[],
    postingIds: string[],
    actorTokenId?: string,
  ): Promise<MatchRow> {
    return this.db.run(async (m) => {
      const lineIds = distinctIds(statementLineIds, 'statementLineIds');
      const ids = distinctIds(postingIds, 'postingIds');
      if (lineIds.length + ids.length < 2) {
        throw validationError('statementLineIds', 'a match needs at least two items (lines and postings together)');
      }
      const scope = await this.lockedScope(m, bankAccount);
      const lines = await this.checkedLines(m, scope, lineIds);
      const postings = await this.checkedPostings(m, scope, ids);
      const currencies = new Set([...lines.map((l) => l.currency), ...postings.map((p) => p.currency)]);
      if (currencies.size !== 1) {
        throw new DomainError(
          ErrorCode.BusinessRule,
          `the items are in several currencies (${[...currencies].join(', ')}); a match is in one`,
        );
      }
      const [currency] = [...currencies];
      const statementTotal = lines.reduce((s, l) => s.plus(signedLine(l)), new Dec(0));
      const ledgerTotal = postings.reduce((s, p) => s.plus(signedPosting(p)), new Dec(0));
      if (!statementTotal.equals(ledgerTotal)) {
        const f = (d: Decimal): string => formatAmount(d, currency);
        throw new DomainError(
          ErrorCode.BusinessRule,
          `the amounts do not add up: statement lines ${f(statementTotal)} (money in positive) ≠ postings ${f(ledgerTotal)} ` +
            `(debits of the bank positive), difference ${f(statementTotal.minus(ledgerTotal))} ${currency}`,
          undefined,
          {
            statementTotal: f(statementTotal),
            ledgerTotal: f(ledgerTotal),
            difference: f(statementTotal.minus(ledgerTotal)),
          },
        );
      }
      const id = randomUUID();
      await this.matches.insert(m, [
        {
          id,
          bankAccount: scope.code,
          currency,
          method: 'manual',
          rule: 'manual',
          settlesOn: latest([...lines.map((l) => l.bookingDate), ...postings.map((p) => p.entryDate)]),
          matchedBy: actorTokenId ?? null,
          lineIds,
          postingIds: ids,
        },
      ]);
      return this.mustFind(m, id);
    });
  }

  /** Undoes a match; the match stays in the history with who undid it, when and why. */
  unmatch(bankAccount: string, matchId: string, reason: string | undefined, actorTokenId?: string): Promise<MatchRow> {
    return this.db.run(async (m) => {
      const scope = await this.lockedScope(m, bankAccount, false);
      const match = await this.matches.find(m, matchId, true);
      if (!match || match.bankAccount !== scope.code) throw notFound(`match of bank account ${scope.code}`, matchId);
      if (match.unmatchedAt !== null) {
        throw new DomainError(ErrorCode.Conflict, `match ${matchId} was already undone at ${match.unmatchedAt}`);
      }
      await this.matches.unmatch(m, matchId, actorTokenId ?? null, (reason ?? '').trim() || 'unmatched');
      return this.mustFind(m, matchId);
    });
  }

  /**
   * Records a bank item the ledger does not have (charges, interest, a returned payment) as a
   * journal entry dated on the line's booking date — money out: Dr `account` / Cr bank; money
   * in: Dr bank / Cr `account` — and matches the line with the entry's bank posting, atomically.
   */
  recordEntry(
    bankAccount: string,
    lineId: string,
    command: RecordEntryCommand,
    actorTokenId?: string,
  ): Promise<{ entry: EntryRow; match: MatchRow; baseCurrency: string }> {
    return this.db.run(async (m) => {
      const scope = await this.lockedScope(m, bankAccount);
      const [line] = await this.checkedLines(m, scope, distinctIds([lineId], 'id'));
      if (line.foreignCurrency) {
        throw new DomainError(
          ErrorCode.BusinessRule,
          `statement line ${lineId} is in ${line.currency}, not in the account's ${scope.currency}: record it with a journal entry ` +
            'and match it by hand',
        );
      }
      if (command.account === scope.ledgerAccount) {
        throw validationError(
          'account',
          `'${command.account}' is the bank's own ledger account; name the other side (e.g. 5500 bank charges)`,
        );
      }
      const baseCurrency = await this.ledger.baseCurrency(m);
      if (line.currency !== baseCurrency && command.rate === undefined) {
        throw validationError(
          'rate',
          `the line is in ${line.currency}, not the base currency ${baseCurrency}: give the rate`,
        );
      }
      const amount = new Dec(line.amount);
      const moneyIn = line.direction === 'credit';
      const common = { fund: command.fund, amount, currency: line.currency, rate: command.rate };
      const metadata: Record<string, string> = { statementLine: line.id, bankAccount: scope.code };
      if (line.reference) metadata.reference = line.reference;
      if (line.bankReference) metadata.bankReference = line.bankReference;
      const entry = await this.ledger.post(
        {
          date: line.bookingDate,
          description: command.description,
          source: 'bank',
          sourceId: `statement-line:${line.id}`,
          metadata,
          actorTokenId,
          lines: [
            { ...common, account: scope.ledgerAccount, side: moneyIn ? 'debit' : 'credit', bankAccount: scope.code },
            { ...common, account: command.account, side: moneyIn ? 'credit' : 'debit' },
          ],
        },
        m,
      );
      const postingId = await this.matches.postingIdOf(m, entry.id, 1);
      const id = randomUUID();
      await this.matches.insert(m, [
        {
          id,
          bankAccount: scope.code,
          currency: line.currency,
          method: 'entry',
          rule: 'entry',
          settlesOn: line.bookingDate,
          matchedBy: actorTokenId ?? null,
          lineIds: [line.id],
          postingIds: [postingId],
        },
      ]);
      return { entry, match: await this.mustFind(m, id), baseCurrency };
    });
  }

  list(bankAccount: string, includeUnmatched: boolean, limit: number, before?: string): Promise<MatchRow[]> {
    return this.db.snapshot(async (m) => {
      const scope = await this.scopes.find(m, bankAccount);
      if (!scope) throw notFound('bank account', bankAccount);
      return this.matches.list(m, scope.code, includeUnmatched, limit, before);
    });
  }

  get(bankAccount: string, matchId: string): Promise<MatchRow> {
    return this.db.snapshot(async (m) => {
      const match = await this.matches.find(m, matchId);
      if (!match || match.bankAccount !== bankAccount) throw notFound(`match of bank account ${bankAccount}`, matchId);
      return match;
    });
  }

  private async lockedScope(m: EntityManager, code: string, requireActive = true): Promise<BankScope> {
    const scope = await this.scopes.find(m, code);
    if (!scope) throw notFound('bank account', code);
    if (requireActive && !scope.active)
      throw new DomainError(ErrorCode.InactiveAccount, `bank account '${code}' is inactive`);
    await this.scopes.lock(m, code);
    return scope;
  }

  private async checkedLines(m: EntityManager, scope: BankScope, ids: string[]): Promise<LockedLine[]> {
    if (ids.length === 0) return [];
    const lines = await this.matches.findLines(m, ids);
    const found = new Map(lines.map((l) => [l.id, l]));
    for (const id of ids) {
      const line = found.get(id);
      if (!line || line.bankAccount !== scope.code) throw notFound(`statement line of bank account ${scope.code}`, id);
      if (line.matchId !== null)
        throw new DomainError(ErrorCode.Conflict, `statement line ${id} is already matched (match ${line.matchId})`);
    }
    return lines;
  }

  private async checkedPostings(m: EntityManager, scope: BankScope, ids: string[]): Promise<LockedPosting[]> {
    if (ids.length === 0) return [];
    const postings = await this.matches.findPostings(m, scope, ids);
    const found = new Map(postings.map((p) => [p.id, p]));
    for (const id of ids) {
      const posting = found.get(id);
      if (!posting) throw notFound('posting', id);
      if (!posting.inScope) {
        throw new DomainError(
          ErrorCode.BusinessRule,
          `posting ${id} is not a posting of bank account ${scope.code} (ledger account ${scope.ledgerAccount})`,
          [{ field: 'postingIds', message: `posting ${id} is not on bank account ${scope.code}` }],
        );
      }
      if (posting.matchId !== null)
        throw new DomainError(ErrorCode.Conflict, `posting ${id} is already matched (match ${posting.matchId})`);
    }
    return postings;
  }

  private async mustFind(m: EntityManager, id: string): Promise<MatchRow> {
    const match = await this.matches.find(m, id);
    if (!match) throw new Error(`match ${id} not found right after writing it`);
    return match;
  }
}

const ID = /^[1-9]\d{0,17}$/;

function toMatchableLine(l: UnmatchedLineRow): MatchableLine {
  return {
    id: l.id,
    date: l.bookingDate,
    direction: l.direction,
    amount: new Dec(l.amount),
    currency: l.currency,
    reference: l.reference,
    bankReference: l.bankReference,
    description: l.description,
    reversal: l.reversal,
  };
}

function toMatchablePosting(p: UnmatchedPostingRow): MatchablePosting {
  return {
    id: p.id,
    date: p.entryDate,
    side: p.side,
    amount: new Dec(p.amount),
    currency: p.currency,
    description: p.description,
    references: [...Object.values(p.metadata ?? {}), ...(p.sourceId ? [p.sourceId] : [])],
  };
}

/** The latest of ISO dates (they sort as text). */
function latest(dates: readonly string[]): string {
  return dates.reduce((a, b) => (b > a ? b : a));
}

function distinctIds(ids: readonly string[], field: string): string[] {
  if (ids.length > MAX_MANUAL_ITEMS) throw validationError(field, `at most ${MAX_MANUAL_ITEMS} ids`);
  for (const id of ids) if (!ID.test(id)) throw validationError(field, `'${id}' is not an id`);
  const unique = [...new Set(ids)];
  if (unique.length !== ids.length) throw validationError(field, 'an id appears twice');
  return unique;
}
