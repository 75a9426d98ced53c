import { Dec } from '@app/common';
import { chainProblemKind, notCanonicalReason } from '@app/ledger';
import type { ChainProblemKind, EntrySource } from '@app/ledger';
import type { RegisterCheckResult } from '@app/register-checks';
import {
  CATALOGUES,
  Lang,
  type PlainLabelKey,
  TableRow,
  formatDate,
  formatInteger,
  formatMoney,
  t,
} from '@app/reports';
import type { PackBankAccount } from '../pack/reconciliation-pack';

/**
 * The explanation of a failing check as rows of words and figures, one formatter per kind of check
 * (each check explains itself in its own shape: see the checks in @app/reconciliation, @app/grants
 * and @app/reserve-fund). Figures are copied from the items; the only arithmetic is a sign (money
 * taken off the statement balance is shown negative). A check this file does not know is listed
 * field by field, so nothing is lost, but never as JSON.
 */

/** A row of the explanation table: item, date, entry number, detail, ledger, register, difference. */
export type ExplanationRow = TableRow & {
  item: string | null;
  date: string | null;
  sequence: number | null;
  detail: string | null;
  ledger: string | null;
  register: string | null;
  difference: string | null;
};

type Item = Readonly<Record<string, unknown>>;

const DECIMAL = /^-?\d+(\.\d+)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const str = (o: Item, key: string): string | null => {
  const v = o[key];
  return typeof v === 'string' ? v : null;
};
const num = (o: Item, key: string): number | null => {
  const v = o[key];
  return typeof v === 'number' ? v : null;
};
const amount = (o: Item, key: string): string | null => {
  const v = str(o, key);
  return v !== null && DECIMAL.test(v) ? v : null;
};
const obj = (o: Item, key: string): Item | null =>
  typeof o[key] === 'object' && o[key] !== null && !Array.isArray(o[key]) ? (o[key] as Item) : null;

function row(fields: Partial<ExplanationRow>): ExplanationRow {
  return {
    item: null,
    date: null,
    sequence: null,
    detail: null,
    ledger: null,
    register: null,
    difference: null,
    ...fields,
  };
}

/** The figures every item that has them carries: ledger, register, difference. */
const figures = (o: Item): Partial<ExplanationRow> => ({
  ledger: amount(o, 'ledger'),
  register: amount(o, 'register'),
  difference: amount(o, 'difference'),
});

const details = (parts: readonly (string | null)[]): string | null => {
  const shown = parts.filter((p): p is string => p !== null && p !== '');
  return shown.length > 0 ? shown.join(' · ') : null;
};

const ENTRY_SOURCE_LABEL: Readonly<Record<EntrySource, PlainLabelKey>> = {
  manual: 'reconciliation.source.manual',
  assessment: 'reconciliation.source.assessment',
  payment: 'reconciliation.source.payment',
  advance: 'reconciliation.source.advance',
  write_off: 'reconciliation.source.write_off',
  grant_pledge: 'reconciliation.source.grant_pledge',
  grant_receipt: 'reconciliation.source.grant_receipt',
  grant_expenditure: 'reconciliation.source.grant_expenditure',
  grant_refund: 'reconciliation.source.grant_refund',
  expenditure: 'reconciliation.source.expenditure',
  reserve_contribution: 'reconciliation.source.reserve_contribution',
  reserve_disbursement: 'reconciliation.source.reserve_disbursement',
  bank: 'reconciliation.source.bank',
  reversal: 'reconciliation.source.reversal',
  closing: 'reconciliation.source.closing',
  opening: 'reconciliation.source.opening',
  import: 'reconciliation.source.import',
};

/** The registers a fund comparison names (`table`). */
const REGISTER_LABEL: Readonly<Record<string, PlainLabelKey>> = {
  grant_receipts: 'reconciliation.table.grant_receipts',
  grant_expenditures: 'reconciliation.table.grant_expenditures',
  grant_refunds: 'reconciliation.table.grant_refunds',
  reserve_contributions: 'reconciliation.table.reserve_contributions',
  reserve_case_disbursements: 'reconciliation.table.reserve_case_disbursements',
};

const FUND_ITEM_KIND: Readonly<Record<string, PlainLabelKey>> = {
  'entry-without-register-row': 'reconciliation.kind.entry-without-register-row',
  'register-row-without-entry': 'reconciliation.kind.register-row-without-entry',
  'amounts-differ': 'reconciliation.kind.amounts-differ',
  'register-row-entry-reversed': 'reconciliation.kind.register-row-entry-reversed',
};

const CHAIN_PROBLEM_LABEL: Readonly<Record<Exclude<ChainProblemKind, 'not-canonical'>, PlainLabelKey>> = {
  'sequence-missing': 'reconciliation.chain.sequence-missing',
  'prev-hash-mismatch': 'reconciliation.chain.prev-hash-mismatch',
  'hash-mismatch': 'reconciliation.chain.hash-mismatch',
  unbalanced: 'reconciliation.chain.unbalanced',
  'head-mismatch': 'reconciliation.chain.head-mismatch',
};

/** A reserve-fund case's status (`status`), in the words of the reserve fund's own report. */
const CASE_STATUS_PREFIX = 'reserveFund.status.';
const CASE_STATUS_LABEL: Readonly<Record<string, PlainLabelKey>> = Object.fromEntries(
  (Object.keys(CATALOGUES.es) as PlainLabelKey[])
    .filter((key) => key.startsWith(CASE_STATUS_PREFIX))
    .map((key) => [key.slice(CASE_STATUS_PREFIX.length), key]),
);

const labelOr = (table: Readonly<Record<string, PlainLabelKey>>, code: string, lang: Lang): string => {
  const key = Object.prototype.hasOwnProperty.call(table, code) ? table[code] : undefined;
  return key === undefined ? code : t(lang, key);
};

/** grant:* and reserve-fund:* (but commitments): an entry or a register row that does not pair up. */
function fundComparisonRow(o: Item, lang: Lang): ExplanationRow {
  const kind = str(o, 'kind') ?? '';
  const reversedBy = obj(o, 'reversedBy');
  const reversesSequence = num(o, 'reversesSequence');
  const source = str(o, 'source');
  const table = str(o, 'table');
  const reference = str(o, 'reference');
  return row({
    item: labelOr(FUND_ITEM_KIND, kind, lang),
    date: str(o, 'date'),
    sequence: num(o, 'sequence'),
    detail: details([
      str(o, 'description'),
      table === null
        ? null
        : t(lang, 'reconciliation.registerRow', {
            register: labelOr(REGISTER_LABEL, table, lang),
            reference: reference ?? '',
          }),
      source === null ? null : `${t(lang, 'common.source')}: ${labelOr(ENTRY_SOURCE_LABEL, source, lang)}`,
      str(o, 'reverses') === null
        ? null
        : reversesSequence === null
          ? t(lang, 'reconciliation.reversesAnEntry')
          : t(lang, 'reconciliation.reverses', { sequence: reversesSequence }),
      reversedBy === null
        ? null
        : t(lang, 'reconciliation.reversedBy', {
            sequence: num(reversedBy, 'sequence') ?? '',
            date: formatDate(str(reversedBy, 'date') ?? '', lang),
          }),
    ]),
    ...figures(o),
  });
}

/** trial-balance:<fund>: the fund's debits against its credits. */
function trialBalanceRow(o: Item, lang: Lang): ExplanationRow {
  return row({
    item: t(lang, 'reconciliation.fundItem', { fund: str(o, 'fund') ?? '' }),
    detail: t(lang, 'reconciliation.trialBalanceDetail'),
    ledger: amount(o, 'debits'),
    register: amount(o, 'credits'),
    difference: amount(o, 'difference'),
  });
}

/** balance-rollups: an account × fund whose roll-up parts from its postings. */
function rollupRow(o: Item, lang: Lang, currency: string): ExplanationRow {
  const side = (
    key: string,
    label: 'reconciliation.perPostings' | 'reconciliation.perRollups',
    none: PlainLabelKey,
  ) => {
    const s = obj(o, key);
    const debit = s === null ? null : amount(s, 'debit');
    const credit = s === null ? null : amount(s, 'credit');
    return debit === null || credit === null
      ? t(lang, none)
      : t(lang, label, { debit: formatMoney(debit, currency, lang), credit: formatMoney(credit, currency, lang) });
  };
  return row({
    item: t(lang, 'reconciliation.accountFund', { account: str(o, 'account') ?? '', fund: str(o, 'fund') ?? '' }),
    detail: details([
      side('postings', 'reconciliation.perPostings', 'reconciliation.noPostings'),
      side('rollup', 'reconciliation.perRollups', 'reconciliation.noRollup'),
    ]),
    ...figures(o),
  });
}

/** hash-chain: where the chain breaks and why. */
function hashChainRow(o: Item, lang: Lang): ExplanationRow {
  const problem = str(o, 'problem') ?? '';
  const kind = chainProblemKind(problem);
  return row({
    item: t(lang, 'reconciliation.chainBroken'),
    sequence: num(o, 'firstBrokenSequence'),
    detail:
      kind === null
        ? problem
        : kind === 'not-canonical'
          ? t(lang, 'reconciliation.chain.not-canonical', { reason: notCanonicalReason(problem) })
          : t(lang, CHAIN_PROBLEM_LABEL[kind]),
  });
}

type Basis = PackBankAccount['report']['statementBalanceBasis'];

/** Where a statement balance comes from, in words. */
export function basisText(basis: Pick<Basis, 'kind' | 'statementRef' | 'date'>, lang: Lang): string {
  const ref = basis.statementRef === null ? '' : ` ${basis.statementRef}`;
  switch (basis.kind) {
    case 'closing':
      return t(lang, 'reconciliation.basis.closing', {
        ref,
        date: basis.date === null ? '' : formatDate(basis.date, lang),
      });
    case 'opening':
      return t(lang, 'reconciliation.basis.opening', { ref });
    case 'lines':
      return t(lang, 'reconciliation.basis.lines');
    default:
      return t(lang, 'reconciliation.basis.none');
  }
}

/**
 * bank:<code>: how the register figure is built — the statement balance, less the bank items not
 * in the ledger, plus the ledger items not at the bank — then the ledger balance and the status.
 */
function bankRows(o: Item, lang: Lang): ExplanationRow[] {
  const basis = obj(o, 'statementBalanceBasis');
  const unmatchedStatement = amount(o, 'unmatchedStatementTotal');
  const count = (key: string): string => formatInteger(num(o, key) ?? 0, lang);
  const reconciled = o.reconciled === true;
  return [
    row({
      item: t(lang, 'reconciliation.statementBalance'),
      detail:
        basis === null
          ? null
          : basisText(
              {
                kind: (str(basis, 'kind') ?? 'none') as Basis['kind'],
                statementRef: str(basis, 'statementRef'),
                date: str(basis, 'date'),
              },
              lang,
            ),
      register: amount(o, 'statementBalance'),
    }),
    row({
      item: t(lang, 'reconciliation.unmatchedStatementTotal'),
      detail: t(lang, 'reconciliation.statementLinesCount', { count: count('unmatchedStatementLines') }),
      register: unmatchedStatement === null ? null : new Dec(unmatchedStatement).negated().toFixed(),
    }),
    row({
      item: t(lang, 'reconciliation.unmatchedLedgerTotal'),
      detail: t(lang, 'reconciliation.ledgerItemsCount', { count: count('unmatchedLedgerItems') }),
      register: amount(o, 'unmatchedLedgerTotal'),
    }),
    row({ item: t(lang, 'reconciliation.ledgerBalance'), ledger: amount(o, 'ledgerBalance') }),
    ...gapRows(o, lang),
    row({
      item: t(lang, 'common.status'),
      detail: t(lang, 'reconciliation.bankStatusDetail', {
        status: t(lang, reconciled ? 'reconciliation.reconciled' : 'reconciliation.notReconciled'),
        stale: count('staleItems'),
      }),
    }),
  ];
}

/** A statement missing between two others (their balances do not follow): one row each, dated after the first. */
function gapRows(o: Item, lang: Lang): ExplanationRow[] {
  const gaps = Array.isArray(o.gaps) ? (o.gaps as unknown[]) : [];
  return gaps.flatMap((g) => {
    if (typeof g !== 'object' || g === null) return [];
    const gap = g as Item;
    return [
      row({
        item: t(lang, 'reconciliation.gapItem'),
        date: str(gap, 'after'),
        detail: t(lang, 'reconciliation.gapDetail', {
          after: str(gap, 'after') ?? '',
          before: str(gap, 'before') ?? '',
          closing: amount(gap, 'closingBalance') ?? '',
          opening: amount(gap, 'openingBalance') ?? '',
        }),
      }),
    ];
  });
}

/** contributions:*: a member whose ledger balance differs from the status of contributions. */
function memberRow(o: Item, lang: Lang): ExplanationRow {
  const member = str(o, 'member');
  return row({
    item: member === null ? t(lang, 'reconciliation.noMember') : t(lang, 'reconciliation.memberItem', { member }),
    detail:
      member === null ? t(lang, 'reconciliation.postingsWithoutMember', { account: str(o, 'account') ?? '' }) : null,
    ...figures(o),
  });
}

const STATUS_FIGURE_FIELDS = ['assessed', 'paid', 'writtenOff', 'outstanding', 'arrears', 'threshold', 'received', 'paidInFullOn', 'dueFrom'] as const;

/**
 * contributions:status-figures: a member-year (or a member's receipts, or an honour-roll date)
 * whose maintained figures differ from the register summed from the journal, figure by figure.
 */
function statusFigureRow(o: Item, lang: Lang): ExplanationRow {
  const key = (str(o, 'key') ?? '').split(' ');
  const [member, year] = [key[0] ?? '', key[1] ?? ''];
  const what = str(o, 'what');
  const item =
    what === 'received'
      ? t(lang, 'reconciliation.statusFigure.received', { member })
      : what === 'honour roll'
        ? t(lang, 'reconciliation.statusFigure.honourRoll', { member, year })
        : year === 'total'
          ? t(lang, 'reconciliation.statusFigure.memberTotal', { member })
          : t(lang, 'reconciliation.statusFigure.memberYear', { member, year });
  const maintained = obj(o, 'register');
  const summed = obj(o, 'ledger');
  if (maintained === null || summed === null) {
    const side = maintained === null ? 'reconciliation.statusFigure.side.register' : 'reconciliation.statusFigure.side.ledger';
    return row({ item, detail: t(lang, 'reconciliation.statusFigure.missing', { side: t(lang, side) }) });
  }
  const differing = STATUS_FIGURE_FIELDS.filter((f) => (str(maintained, f) ?? '') !== (str(summed, f) ?? '')).map((f) =>
    t(lang, 'reconciliation.statusFigure.differs', {
      figure: t(lang, `reconciliation.statusFigure.field.${f}`),
      register: str(maintained, f) ?? '—',
      ledger: str(summed, f) ?? '—',
    }),
  );
  return row({ item, detail: details(differing) });
}

/** reserve-fund:commitments: a case whose commitment differs between the register and the ledger. */
function caseRow(o: Item, lang: Lang, currency: string): ExplanationRow {
  const status = str(o, 'status');
  const approved = amount(o, 'approved');
  const money = (key: string): string => {
    const v = amount(o, key);
    return v === null ? '' : formatMoney(v, currency, lang);
  };
  return row({
    item: t(lang, 'reconciliation.caseItem', { title: str(o, 'title') ?? '' }),
    detail: t(lang, 'reconciliation.caseDetail', {
      status: status === null ? '' : labelOr(CASE_STATUS_LABEL, status, lang),
      approved: approved === null ? t(lang, 'reconciliation.notApproved') : formatMoney(approved, currency, lang),
      ledger: money('disbursedPerLedger'),
      register: money('disbursedPerRegister'),
    }),
    ...figures(o),
  });
}

/** A check that threw: the error is the database's or the code's own words. */
function failedRow(o: Item, lang: Lang): ExplanationRow {
  return row({
    item: t(lang, 'reconciliation.checkFailed'),
    detail: t(lang, 'reconciliation.checkFailedDetail', { error: str(o, 'error') ?? '' }),
  });
}

/** Fields of an item no formatter knows, flattened: `key: value`, `key.sub: value`, `key.0: value`. */
function fieldsOf(o: Item, prefix = ''): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(o)) {
    if (typeof value === 'object' && value !== null) out.push(...fieldsOf(value as Item, `${prefix}${key}.`));
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      out.push(`${prefix}${key}: ${String(value)}`);
  }
  return out;
}

function unknownRow(o: Item): ExplanationRow {
  const date = str(o, 'date');
  return row({ date: date !== null && ISO_DATE.test(date) ? date : null, detail: details(fieldsOf(o)), ...figures(o) });
}

/** The rows explaining one failing check, in the pack's language. */
export function explanationRows(c: RegisterCheckResult, lang: Lang, currency: string): ExplanationRow[] {
  const [kind] = c.name.split(':');
  return (c.explanation ?? []).flatMap((item): ExplanationRow[] => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return [row({ detail: String(item) })];
    const o = item as Item;
    if (o.kind === 'check-failed') return [failedRow(o, lang)];
    if (typeof o.kind === 'string' && o.kind in FUND_ITEM_KIND) return [fundComparisonRow(o, lang)];
    switch (kind) {
      case 'trial-balance':
        return [trialBalanceRow(o, lang)];
      case 'balance-rollups':
        return [rollupRow(o, lang, currency)];
      case 'hash-chain':
        return [hashChainRow(o, lang)];
      case 'bank':
        return bankRows(o, lang);
      case 'contributions':
        return [c.name === 'contributions:status-figures' ? statusFigureRow(o, lang) : memberRow(o, lang)];
      case 'reserve-fund':
        return [c.name === 'reserve-fund:commitments' ? caseRow(o, lang, currency) : unknownRow(o)];
      default:
        return [unknownRow(o)];
    }
  });
}

/** "first 50 of 73" when the check cut its explanation; else null. */
export function explanationCutNote(c: RegisterCheckResult, lang: Lang): string | null {
  const shown = c.explanation?.length ?? 0;
  if (c.explanationTotal === undefined || c.explanationTotal <= shown) return null;
  return t(lang, 'reconciliation.explanationCut', {
    shown: formatInteger(shown, lang),
    total: formatInteger(c.explanationTotal, lang),
  });
}
