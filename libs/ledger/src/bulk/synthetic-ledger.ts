import { Decimal } from 'decimal.js';
import { Dec, toBase } from '@app/common';
import { PostingLine, Side } from '../domain/posting';
import { PostCommand } from '../entries/ledger.service';

/**
 * Synthetic, balanced ledgers for benchmarks and tests: the same seed gives the same commands.
 * Entries have 2 to 4 lines; about one in eight moves money in two funds at once (each balanced
 * on its own), about one in ten has a line in a foreign currency priced at a fixed rate, and lines
 * on the receivable/revenue accounts carry a member.
 */
export interface SyntheticLedgerOptions {
  seed: number;
  /** Exactly this many entries… */
  entries?: number;
  /** …or exactly this many postings (lines). One of the two is required. */
  postings?: number;
  /** First value date (default 2005-01-01). */
  startDate?: string;
  /** Value dates are spread uniformly over this many days from `startDate` (default 3 × 365). */
  days?: number;
  /** Accounts to post to (default: the leaf accounts of the default chart). */
  accounts?: readonly string[];
  /** Funds to post in (default GEN and RES). */
  funds?: readonly string[];
  /** Member codes put on receivable/revenue lines (default none: no member dimension). */
  members?: readonly string[];
  /** Foreign currencies and their fixed rates (base units per unit); default EUR 1.1, MXN 0.0512. */
  foreign?: readonly { currency: string; rate: string }[];
  baseCurrency?: string;
  /** `source` of every entry (default `import`). */
  source?: PostCommand['source'];
}

export const DEFAULT_SYNTHETIC_ACCOUNTS: readonly string[] = [
  '1010',
  '1100',
  '1200',
  '1300',
  '2100',
  '2200',
  '2300',
  '2400',
  '3100',
  '3200',
  '3300',
  '4100',
  '4200',
  '4300',
  '4400',
  '4500',
  '4800',
  '4900',
  '5100',
  '5200',
  '5300',
  '5400',
  '5500',
  '5600',
  '5700',
  '5800',
  '5900',
];
const MEMBER_ACCOUNTS = new Set(['1100', '2100', '4100', '4300']);
const MAX_AMOUNT_CENTS = 100_000_000; // 1,000,000.00 in the base currency

/** mulberry32: a small, fast, well-distributed 32-bit generator; plenty for synthetic data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function* syntheticLedger(options: SyntheticLedgerOptions): Generator<PostCommand> {
  const target = targetOf(options);
  const settings = settingsOf(options);
  const draw = drawFrom(seededRandom(options.seed));
  const balancedGroup = groupMaker(settings, draw);
  let postings = 0;
  for (let n = 0; ; n++) {
    const remaining = target.kind === 'entries' ? target.count - n : target.count - postings;
    if (remaining <= 0) return;
    const size = entrySize(target.kind, remaining, draw);
    const lines = entryLines(size, settings.funds, draw, balancedGroup);
    if (lines.length !== size) {
      // A nudge added a line: keep the posting target exact by starting this entry again.
      n -= 1;
      continue;
    }
    postings += lines.length;
    const date = new Date(settings.start + draw.int(settings.days) * 86_400_000).toISOString().slice(0, 10);
    yield {
      date,
      description: `Synthetic entry ${n + 1} (seed ${options.seed})`,
      source: options.source ?? 'import',
      metadata: { synthetic: String(options.seed) },
      lines,
    };
  }
}

/** The options with their defaults, checked. */
interface Settings {
  accounts: readonly string[];
  funds: readonly string[];
  members: readonly string[];
  foreign: { currency: string; rate: Decimal }[];
  base: string;
  /** The first value date, in ms since the epoch. */
  start: number;
  days: number;
}

function settingsOf(options: SyntheticLedgerOptions): Settings {
  const settings: Settings = {
    accounts: options.accounts ?? DEFAULT_SYNTHETIC_ACCOUNTS,
    funds: options.funds ?? ['GEN', 'RES'],
    members: options.members ?? [],
    foreign: (
      options.foreign ?? [
        { currency: 'EUR', rate: '1.1' },
        { currency: 'MXN', rate: '0.0512' },
      ]
    ).map((f) => ({ currency: f.currency, rate: new Dec(f.rate) })),
    base: options.baseCurrency ?? 'USD',
    start: Date.parse(`${options.startDate ?? '2005-01-01'}T00:00:00Z`),
    days: options.days ?? 3 * 365,
  };
  const { accounts, funds, start, days } = settings;
  if (accounts.length < 2 || funds.length < 1 || !Number.isFinite(start) || days < 1) {
    throw new RangeError('synthetic ledger: need two accounts, one fund, a valid start date and at least one day');
  }
  return settings;
}

/** Draws from one seeded sequence: every draw, in the same order, gives the same ledger. */
interface Draw {
  random(): number;
  /** 0 ≤ n < `below`. */
  int(below: number): number;
  pick<T>(list: readonly T[]): T;
  /** An amount from 0.01 to 1,000,000.00. */
  cents(): Decimal;
}

function drawFrom(random: () => number): Draw {
  const int = (below: number): number => Math.floor(random() * below);
  return {
    random,
    int,
    pick: <T>(list: readonly T[]): T => list[int(list.length)],
    cents: () => new Dec(1 + int(MAX_AMOUNT_CENTS)).div(100),
  };
}

/** 2 to 4 lines; with a posting target, never a single posting left over (it could not form an entry). */
function entrySize(kind: 'entries' | 'postings', remaining: number, draw: Draw): number {
  let size = 2 + draw.int(3);
  if (kind === 'postings') {
    if (size > remaining) size = remaining;
    if (remaining - size === 1) size = size === 4 ? 3 : size + 1;
  }
  return size;
}

/** An entry's lines: in one fund, or (half the entries of four lines) two lines in each of two funds. */
function entryLines(
  size: number,
  funds: readonly string[],
  draw: Draw,
  balancedGroup: (fund: string, count: number) => PostingLine[],
): PostingLine[] {
  if (size === 4 && funds.length > 1 && draw.random() < 0.5) {
    const first = draw.pick(funds);
    const second = draw.pick(funds.filter((f) => f !== first));
    return [...balancedGroup(first, 2), ...balancedGroup(second, 2)];
  }
  return balancedGroup(draw.pick(funds), size);
}

/** Makes `count` lines in one fund that balance in the base currency (one more when a nudge is needed). */
function groupMaker(settings: Settings, draw: Draw): (fund: string, count: number) => PostingLine[] {
  const { accounts, members, foreign, base } = settings;
  const line = (fund: string, side: Side, amount: Decimal, account = draw.pick(accounts)): PostingLine => ({
    account,
    fund,
    side,
    amount,
    ...(members.length > 0 && MEMBER_ACCOUNTS.has(account) ? { member: draw.pick(members) } : {}),
  });
  return (fund, count) => {
    const lines: PostingLine[] = [];
    let net: Decimal = new Dec(0); // Σ debit − Σ credit, in base
    for (let i = 0; i < count - 1; i++) {
      const side: Side = draw.random() < 0.5 ? 'debit' : 'credit';
      if (foreign.length > 0 && draw.random() < 0.1) {
        const fx = draw.pick(foreign);
        const amount = draw.cents();
        const amountBase = toBase(amount, fx.rate, base);
        if (amountBase.lte(0)) continue;
        lines.push({ ...line(fund, side, amount), currency: fx.currency, rate: fx.rate });
        net = side === 'debit' ? net.plus(amountBase) : net.minus(amountBase);
      } else {
        const amount = draw.cents();
        lines.push(line(fund, side, amount));
        net = side === 'debit' ? net.plus(amount) : net.minus(amount);
      }
    }
    if (net.isZero()) {
      // Nudge one base-currency line (or add one) so the balancing line has something to balance.
      const extra = draw.cents();
      lines.push(line(fund, 'debit', extra));
      net = extra;
    }
    lines.push(line(fund, net.gt(0) ? 'credit' : 'debit', net.abs()));
    return lines;
  };
}

function targetOf(options: SyntheticLedgerOptions): { kind: 'entries' | 'postings'; count: number } {
  const { entries, postings } = options;
  if ((entries === undefined) === (postings === undefined))
    throw new RangeError('synthetic ledger: give entries or postings, not both');
  const count = entries ?? postings ?? 0;
  if (!Number.isInteger(count) || count < 0)
    throw new RangeError('synthetic ledger: the count must be a whole number ≥ 0');
  if (postings === 1) throw new RangeError('synthetic ledger: one posting cannot form an entry');
  return { kind: entries !== undefined ? 'entries' : 'postings', count };
}
