import { Decimal } from 'decimal.js';
import { Dec } from '@app/common';

/** A statement line waiting for a match. `amount` > 0; `direction` credit = money in. */
export interface MatchableLine {
  id: string;
  /** YYYY-MM-DD (booking date) */
  date: string;
  direction: 'credit' | 'debit';
  amount: Decimal;
  currency: string;
  reference: string;
  bankReference: string | null;
  description: string;
  reversal: boolean;
}

/** A ledger posting on the bank account's ledger account waiting for a match. */
export interface MatchablePosting {
  id: string;
  /** YYYY-MM-DD (entry date) */
  date: string;
  side: 'debit' | 'credit';
  amount: Decimal;
  currency: string;
  /** The entry's description. */
  description: string;
  /** The entry's metadata values and source id: references the ledger keeps for the movement. */
  references: string[];
}

export type MatchRule = 'reference' | 'amount-date' | 'one-to-many' | 'reversal-pair';

export interface MatchProposal {
  rule: MatchRule;
  lineIds: string[];
  postingIds: string[];
}

export interface AutoMatchOptions {
  /** ± days between booking date and entry date. */
  windowDays: number;
  /** Most postings one bank line may be split into. */
  maxGroupSize?: number;
  /** A line with more candidate postings than this is not searched for a split (left for manual). */
  maxSplitCandidates?: number;
  /** Subset-search nodes per line; a search that runs out is treated as ambiguous. */
  maxSearchNodes?: number;
}

/** Shorter tokens ("A", "01") would match almost anything. */
export const MIN_REFERENCE_LENGTH = 4;
/** Rounds of rules 1 and 2 at most (each round after the first only takes what the one before freed). */
export const MAX_ROUNDS = 5;
const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of an ISO date (a day count, not money). */
export function dayNumber(isoDate: string): number {
  return Math.round(Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS);
}

export const normalise = (text: string): string => text.toLowerCase();

function usableTokens(values: readonly (string | null | undefined)[]): string[] {
  const tokens = new Set<string>();
  for (const value of values) {
    const token = normalise((value ?? '').trim());
    if (token.length >= MIN_REFERENCE_LENGTH) tokens.add(token);
  }
  return [...tokens];
}

interface PreparedLine {
  line: MatchableLine;
  day: number;
  key: string;
  tokens: string[];
  text: string;
}

interface PreparedPosting {
  posting: MatchablePosting;
  day: number;
  key: string;
  tokens: string[];
  text: string;
}

/** Money in on the statement is a debit of the bank account in the ledger, and vice versa. */
const ledgerSideOf = (direction: 'credit' | 'debit'): 'debit' | 'credit' =>
  direction === 'credit' ? 'debit' : 'credit';

function amountKey(currency: string, side: string, amount: Decimal): string {
  return `${currency}|${side}|${new Dec(amount).toFixed()}`;
}

function prepareLine(line: MatchableLine): PreparedLine {
  return {
    line,
    day: dayNumber(line.date),
    key: amountKey(line.currency, ledgerSideOf(line.direction), line.amount),
    tokens: usableTokens([line.reference, line.bankReference]),
    text: normalise(`${line.reference} ${line.bankReference ?? ''} ${line.description}`),
  };
}

function preparePosting(posting: MatchablePosting): PreparedPosting {
  return {
    posting,
    day: dayNumber(posting.date),
    key: amountKey(posting.currency, posting.side, posting.amount),
    tokens: usableTokens(posting.references),
    text: normalise(`${posting.description} ${posting.references.join(' ')}`),
  };
}

/**
 * The statement reference (or the bank's id) appears, as a whole word and ignoring case, in the
 * entry's description or metadata, or one of the entry's references appears in the statement
 * line's reference or description.
 */
export function referencesAgree(line: MatchableLine, posting: MatchablePosting): boolean {
  return refAgree(prepareLine(line), preparePosting(posting));
}

function refAgree(l: PreparedLine, p: PreparedPosting): boolean {
  return l.tokens.some((t) => containsToken(p.text, t)) || p.tokens.some((t) => containsToken(l.text, t));
}

export const isWordChar = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/** `token` occurs in `text` as a whole word: 'inv-7' is in 'paid inv-7.' but not in 'inv-77'. */
export function containsToken(text: string, token: string): boolean {
  for (let at = text.indexOf(token); at >= 0; at = text.indexOf(token, at + 1)) {
    const before = at > 0 ? text[at - 1] : undefined;
    const after = text[at + token.length];
    const startsWord = !isWordChar(token[0]) || !isWordChar(before);
    const endsWord = !isWordChar(token[token.length - 1]) || !isWordChar(after);
    if (startsWord && endsWord) return true;
  }
  return false;
}

/**
 * Proposes matches between unmatched statement lines and unmatched postings of one bank account.
 * Pure and deterministic. Rules, in order, repeated until nothing more matches:
 *  1. reference: same currency and amount, opposite side (statement credit ↔ ledger debit),
 *     within ±windowDays, and the references agree;
 *  2. amount-date: same without the reference.
 * In each rule a pair is taken only when it is unique both ways — the line has exactly one
 * candidate at that rule and that posting is a candidate of no other line at that rule — so two
 * candidates that tie are never guessed between: they are left for a manual match. Then:
 *  3. one-to-many: a line with no equal-amount candidate whose amount is the exact sum of 2..max
 *     postings in the window (reference-agreeing postings searched first); taken only when that
 *     set is the one solution and no other line's solution uses its postings;
 *  4. reversal-pair: a reversal line (camt RvslInd) and the earlier opposite line it reverses
 *     (same amount, same reference, or unique within the window) cancel out with no posting.
 */
export function proposeMatches(
  lines: readonly MatchableLine[],
  postings: readonly MatchablePosting[],
  options: AutoMatchOptions,
): MatchProposal[] {
  const state = prepare(lines, postings, options);
  return [...pairRounds(state), ...splitsAndReversals(state, options)];
}

/**
 * Rules 3 and 4 alone (one-to-many, reversal pairs), for what rules 1 and 2 left open: `lines` are
 * the open lines, `postings` at least every open posting a split or an equal-amount check of those
 * lines can reach (same currency and side, within the window, not larger than the line). The
 * matcher in SQL takes the pairs and hands the rest to this, so both give proposeMatches' result.
 */
export function proposeSplitsAndReversals(
  lines: readonly MatchableLine[],
  postings: readonly MatchablePosting[],
  options: AutoMatchOptions,
): MatchProposal[] {
  return splitsAndReversals(prepare(lines, postings, options), options);
}

interface MatchState {
  window: number;
  openLines: Map<string, PreparedLine>;
  openPostings: Map<string, PreparedPosting>;
  postingsByDay: PreparedPosting[];
  equalAmountCandidates: (l: PreparedLine) => PreparedPosting[];
}

function prepare(
  lines: readonly MatchableLine[],
  postings: readonly MatchablePosting[],
  options: AutoMatchOptions,
): MatchState {
  const window = options.windowDays;
  const preparedLines = lines.map(prepareLine).sort((a, b) => a.day - b.day || compareIds(a.line.id, b.line.id));
  const preparedPostings = postings
    .map(preparePosting)
    .sort((a, b) => a.day - b.day || compareIds(a.posting.id, b.posting.id));
  const openLines = new Map(preparedLines.map((l) => [l.line.id, l]));
  const openPostings = new Map(preparedPostings.map((p) => [p.posting.id, p]));
  const byKey = new Map<string, PreparedPosting[]>();
  for (const p of preparedPostings) {
    const list = byKey.get(p.key);
    if (list) list.push(p);
    else byKey.set(p.key, [p]);
  }
  const equalAmountCandidates = (l: PreparedLine): PreparedPosting[] =>
    (byKey.get(l.key) ?? []).filter((p) => openPostings.has(p.posting.id) && Math.abs(p.day - l.day) <= window);
  return { window, openLines, openPostings, postingsByDay: preparedPostings, equalAmountCandidates };
}

/** Rules 1 and 2, round after round until a round takes nothing (at most MAX_ROUNDS). */
function pairRounds(state: MatchState): MatchProposal[] {
  const { openLines, openPostings, equalAmountCandidates } = state;
  const proposals: MatchProposal[] = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let matchedThisRound = 0;
    for (const rule of ['reference', 'amount-date'] as const) {
      const candidatesOf = new Map<string, PreparedPosting[]>();
      const claimsOf = new Map<string, number>();
      for (const l of openLines.values()) {
        let candidates = equalAmountCandidates(l);
        if (rule === 'reference') candidates = candidates.filter((p) => refAgree(l, p));
        if (candidates.length === 0) continue;
        candidatesOf.set(l.line.id, candidates);
        for (const p of candidates) claimsOf.set(p.posting.id, (claimsOf.get(p.posting.id) ?? 0) + 1);
      }
      for (const [lineId, candidates] of candidatesOf) {
        if (candidates.length !== 1) continue;
        const p = candidates[0];
        if (claimsOf.get(p.posting.id) !== 1) continue;
        proposals.push({ rule, lineIds: [lineId], postingIds: [p.posting.id] });
        openLines.delete(lineId);
        openPostings.delete(p.posting.id);
        matchedThisRound++;
      }
    }
    if (matchedThisRound === 0) break;
  }
  return proposals;
}

function splitsAndReversals(state: MatchState, options: AutoMatchOptions): MatchProposal[] {
  const { openLines, openPostings, postingsByDay, equalAmountCandidates, window } = state;
  return [
    ...oneToMany(openLines, openPostings, postingsByDay, equalAmountCandidates, options),
    ...reversalPairs(openLines, window),
  ];
}

function oneToMany(
  openLines: Map<string, PreparedLine>,
  openPostings: Map<string, PreparedPosting>,
  postingsByDay: readonly PreparedPosting[],
  equalAmountCandidates: (l: PreparedLine) => PreparedPosting[],
  options: AutoMatchOptions,
): MatchProposal[] {
  const maxGroup = options.maxGroupSize ?? 5;
  const maxCandidates = options.maxSplitCandidates ?? 20;
  const maxNodes = options.maxSearchNodes ?? 50_000;
  const window = options.windowDays;
  const solutions = new Map<string, PreparedPosting[]>();
  const uses = new Map<string, number>();
  for (const l of openLines.values()) {
    // A line that had equal-amount candidates is ambiguous already; a split would be a guess.
    if (equalAmountCandidates(l).length > 0) continue;
    const side = ledgerSideOf(l.line.direction);
    const pool = postingsInWindow(postingsByDay, l.day, window).filter(
      (p) =>
        openPostings.has(p.posting.id) &&
        p.posting.side === side &&
        p.posting.currency === l.line.currency &&
        p.posting.amount.lt(l.line.amount),
    );
    if (pool.length < 2) continue;
    const referenced = pool.filter((p) => refAgree(l, p));
    let found: PreparedPosting[][] | undefined;
    if (referenced.length >= 2 && referenced.length <= maxCandidates) {
      found = exactSubsets(referenced, l.line.amount, maxGroup, maxNodes);
      if (found !== undefined && found.length === 0) found = undefined; // none among the referenced: try all
    }
    if (found === undefined) {
      if (pool.length > maxCandidates) continue;
      found = exactSubsets(pool, l.line.amount, maxGroup, maxNodes);
    }
    if (found === undefined || found.length !== 1) continue; // out of budget, none, or a tie
    solutions.set(l.line.id, found[0]);
    for (const p of found[0]) uses.set(p.posting.id, (uses.get(p.posting.id) ?? 0) + 1);
  }
  const proposals: MatchProposal[] = [];
  for (const [lineId, set] of solutions) {
    if (set.some((p) => uses.get(p.posting.id) !== 1)) continue; // two lines want one posting
    proposals.push({ rule: 'one-to-many', lineIds: [lineId], postingIds: set.map((p) => p.posting.id) });
    openLines.delete(lineId);
    for (const p of set) openPostings.delete(p.posting.id);
  }
  return proposals;
}

/** Postings (sorted by day) within ±window of `day`, by binary search for the start. */
function postingsInWindow(sorted: readonly PreparedPosting[], day: number, window: number): PreparedPosting[] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid].day < day - window) lo = mid + 1;
    else hi = mid;
  }
  const out: PreparedPosting[] = [];
  for (let i = lo; i < sorted.length && sorted[i].day <= day + window; i++) out.push(sorted[i]);
  return out;
}

/**
 * Every set of 2..maxSize candidates whose amounts add up exactly to `target` — stopping at the
 * second one found (a tie is all we need to know). Undefined when the node budget runs out.
 */
export function exactSubsets<T extends { posting: { amount: Decimal } }>(
  candidates: readonly T[],
  target: Decimal,
  maxSize: number,
  maxNodes: number,
): T[][] | undefined {
  const sorted = [...candidates].sort((a, b) => b.posting.amount.comparedTo(a.posting.amount));
  const found: T[][] = [];
  let nodes = 0;
  let exhausted = false;
  const chosen: T[] = [];
  const walk = (start: number, remaining: Decimal): void => {
    for (let i = start; i < sorted.length; i++) {
      if (found.length >= 2 || exhausted) return;
      if (++nodes > maxNodes) {
        exhausted = true;
        return;
      }
      const amount = sorted[i].posting.amount;
      if (amount.gt(remaining)) continue;
      chosen.push(sorted[i]);
      const rest = remaining.minus(amount);
      if (rest.isZero()) {
        if (chosen.length >= 2) found.push([...chosen]);
      } else if (chosen.length < maxSize) {
        walk(i + 1, rest);
      }
      chosen.pop();
    }
  };
  walk(0, new Dec(target));
  return exhausted ? undefined : found;
}

function reversalPairs(openLines: Map<string, PreparedLine>, window: number): MatchProposal[] {
  const originalsByKey = new Map<string, PreparedLine[]>();
  const reversals: PreparedLine[] = [];
  for (const l of openLines.values()) {
    if (l.line.reversal) {
      reversals.push(l);
      continue;
    }
    const key = `${l.line.currency}|${l.line.direction}|${new Dec(l.line.amount).toFixed()}`;
    const list = originalsByKey.get(key);
    if (list) list.push(l);
    else originalsByKey.set(key, [l]);
  }
  const chosen = new Map<string, string>();
  const uses = new Map<string, number>();
  for (const r of reversals) {
    const reversedDirection = r.line.direction === 'credit' ? 'debit' : 'credit';
    const opposite = (
      originalsByKey.get(`${r.line.currency}|${reversedDirection}|${new Dec(r.line.amount).toFixed()}`) ?? []
    ).filter((o) => o.day <= r.day);
    const sameReference = opposite.filter((o) => r.line.reference !== '' && o.line.reference === r.line.reference);
    const pick = sameReference.length > 0 ? sameReference : opposite.filter((o) => r.day - o.day <= window);
    if (pick.length !== 1) continue;
    chosen.set(r.line.id, pick[0].line.id);
    uses.set(pick[0].line.id, (uses.get(pick[0].line.id) ?? 0) + 1);
  }
  const proposals: MatchProposal[] = [];
  for (const [reversalId, originalId] of chosen) {
    if (uses.get(originalId) !== 1) continue;
    proposals.push({ rule: 'reversal-pair', lineIds: [originalId, reversalId], postingIds: [] });
    openLines.delete(originalId);
    openLines.delete(reversalId);
  }
  return proposals;
}

/** Ids are bigint strings: compare by length first so '9' < '10'. */
function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
