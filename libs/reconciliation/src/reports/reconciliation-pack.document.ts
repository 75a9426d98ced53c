import { Dec } from '@app/common';
import type { RegisterCheckResult } from '@app/register-checks';
import {
  CellValue,
  Lang,
  type PlainLabelKey,
  RenderedReport,
  ReportDocument,
  ReportSection,
  TableColumn,
  TableRow,
  column,
  date,
  formatDate,
  formatMoneyWithCode,
  money,
  organisation,
  renderReport,
  t,
  text,
  today,
} from '@app/reports';
import type { PackBankAccount, ReconciliationPack, ReconciliationPackLang } from '../pack/reconciliation-pack';
import { basisText, explanationCutNote, explanationRows } from './reconciliation-explanations';

/**
 * The TS reconciliation pack (PDF, XLSX): a summary of every check, each bank account's
 * reconciliation (balances, the difference, its sign-off, the unmatched items on both sides), then
 * the explanation of every check that does not agree. Figures are copied from the pack, never
 * recomputed; the only arithmetic is the sign given to unmatched items (money out negative).
 */

const FIXED_NAMES: Readonly<Record<string, PlainLabelKey>> = {
  'balance-rollups': 'reconciliation.name.balance-rollups',
  'contributions:receivable': 'reconciliation.name.contributions-receivable',
  'contributions:advances': 'reconciliation.name.contributions-advances',
  'contributions:status-figures': 'reconciliation.name.contributions-status-figures',
  'reserve-fund:contributions': 'reconciliation.name.reserve-contributions',
  'reserve-fund:disbursements': 'reconciliation.name.reserve-disbursements',
  'reserve-fund:balance': 'reconciliation.name.reserve-balance',
  'reserve-fund:commitments': 'reconciliation.name.reserve-commitments',
};

/** A check's name in words; a check this document does not know keeps its key. */
export function checkLabel(c: RegisterCheckResult, lang: Lang): string {
  const fixed = FIXED_NAMES[c.name];
  if (fixed !== undefined) return t(lang, fixed);
  const [kind, code, figure] = c.name.split(':');
  if (kind === 'trial-balance' && code !== undefined)
    return t(lang, 'reconciliation.name.trial-balance', { fund: code });
  if (kind === 'bank' && code !== undefined) return t(lang, 'reconciliation.name.bank', { code });
  if (c.name === 'hash-chain') {
    const counts =
      c.ledger !== null && c.register !== null
        ? ` — ${t(lang, 'reconciliation.entries', { ledger: c.register, register: c.ledger })}`
        : '';
    return `${t(lang, 'reconciliation.name.hash-chain')}${counts}`;
  }
  if (kind === 'grant' && code !== undefined) {
    if (figure === 'received') return t(lang, 'reconciliation.name.grant-received', { grant: code });
    if (figure === 'spent') return t(lang, 'reconciliation.name.grant-spent', { grant: code });
    if (figure === 'available') return t(lang, 'reconciliation.name.grant-available', { grant: code });
  }
  return c.name;
}

/** The currency of a check's figures: a bank check's is its account's, every other the base currency. */
function currencyOf(c: RegisterCheckResult, pack: ReconciliationPack): string {
  const [kind, code] = c.name.split(':');
  if (kind !== 'bank') return pack.currency;
  return pack.bankAccounts.find((b) => b.report.bankAccount === code)?.report.currency ?? pack.currency;
}

/** Money columns hold money; the hash chain's figures are entry counts, shown in its label instead. */
const isMoneyCheck = (c: RegisterCheckResult): boolean => c.name !== 'hash-chain';

function moneyCell(value: string | null, currency: string, base: string): CellValue {
  if (value === null) return null;
  return currency === base ? value : { amount: value, currency };
}

function checksTable(pack: ReconciliationPack, lang: Lang): ReportSection {
  const columns: TableColumn[] = [
    text('check', t(lang, 'reconciliation.check')),
    text('key', t(lang, 'reconciliation.checkCode')),
    money('ledger', t(lang, 'reconciliation.ledger')),
    money('register', t(lang, 'reconciliation.register')),
    money('difference', t(lang, 'reconciliation.difference')),
    text('result', t(lang, 'reconciliation.result')),
  ];
  const rows: TableRow[] = pack.checks.checks.map((c) => {
    const cur = currencyOf(c, pack);
    const shown = isMoneyCheck(c);
    return {
      check: checkLabel(c, lang),
      key: c.name,
      ledger: shown ? moneyCell(c.ledger, cur, pack.currency) : null,
      register: shown ? moneyCell(c.register, cur, pack.currency) : null,
      difference: shown ? moneyCell(c.difference, cur, pack.currency) : null,
      result: t(lang, c.ok ? 'reconciliation.agrees' : 'reconciliation.differs'),
    };
  });
  return {
    kind: 'table',
    id: 'checks',
    title: t(lang, 'reconciliation.checks'),
    columns,
    rows,
    note: t(lang, 'reconciliation.checksNote', { currency: pack.currency }),
  };
}

function bankSections(b: PackBankAccount, lang: Lang): ReportSection[] {
  const r = b.report;
  return [
    ...bankSummary(b, lang),
    ...(r.gaps.length > 0 ? [gapsTable(r, lang)] : []),
    ...tableOrNone(
      t(lang, 'reconciliation.unmatchedStatementLines', { code: r.bankAccount }),
      r.unmatchedStatementLines.length,
      (title) => unmatchedLinesTable(r, title, lang),
      lang,
    ),
    ...tableOrNone(
      t(lang, 'reconciliation.unmatchedLedgerItems', { code: r.bankAccount }),
      r.unmatchedLedgerItems.length,
      (title) => unmatchedItemsTable(r, title, lang),
      lang,
    ),
  ];
}

/** A table under its title, or the title and a line saying there is nothing to list. */
function tableOrNone(
  title: string,
  rows: number,
  table: (title: string) => ReportSection,
  lang: Lang,
): ReportSection[] {
  if (rows > 0) return [table(title)];
  return [
    { kind: 'heading', level: 2, text: title },
    { kind: 'paragraph', text: t(lang, 'reconciliation.noneUnmatched') },
  ];
}

/** The account's heading, its key figures, the basis of its statement balance and its status. */
function bankSummary(b: PackBankAccount, lang: Lang): ReportSection[] {
  const r = b.report;
  const cur = r.currency;
  return [
    {
      kind: 'heading',
      level: 1,
      text: t(lang, 'reconciliation.bankHeading', { name: b.name, code: r.bankAccount, currency: cur }),
    },
    {
      kind: 'keyFigures',
      items: [
        { label: t(lang, 'reconciliation.statementBalance'), kind: 'money', value: r.statementBalance, currency: cur },
        { label: t(lang, 'reconciliation.ledgerBalance'), kind: 'money', value: r.ledgerBalance, currency: cur },
        {
          label: t(lang, 'reconciliation.unmatchedStatementTotal'),
          kind: 'money',
          value: r.unmatchedStatementTotal,
          currency: cur,
        },
        {
          label: t(lang, 'reconciliation.unmatchedLedgerTotal'),
          kind: 'money',
          value: r.unmatchedLedgerTotal,
          currency: cur,
        },
        {
          label: t(lang, 'reconciliation.adjustedLedgerBalance'),
          kind: 'money',
          value: r.adjustedLedgerBalance,
          currency: cur,
        },
        { label: t(lang, 'reconciliation.difference'), kind: 'money', value: r.difference, currency: cur },
      ],
    },
    { kind: 'paragraph', text: basisText(r.statementBalanceBasis, lang), style: 'note' },
    {
      kind: 'paragraph',
      text: t(lang, 'reconciliation.statusLine', {
        status: t(lang, r.reconciled ? 'reconciliation.reconciled' : 'reconciliation.notReconciled'),
        stale: r.staleItems,
        days: r.matchingWindowDays,
      }),
    },
    {
      kind: 'paragraph',
      text:
        b.signOff === null
          ? t(lang, 'reconciliation.notSignedOff')
          : t(lang, 'reconciliation.signedOff', {
              date: formatDate(b.signOff.asOf, lang),
              preparedBy: b.signOff.preparedBy,
              reviewedBy: b.signOff.reviewedBy,
              difference: formatMoneyWithCode(b.signOff.difference, cur, lang),
            }),
    },
  ];
}

/** Gaps between consecutive statements of the account. */
function gapsTable(r: PackBankAccount['report'], lang: Lang): ReportSection {
  const cur = r.currency;
  return {
    kind: 'table',
    id: `statement_gaps_${r.bankAccount}`,
    title: t(lang, 'reconciliation.gaps', { code: r.bankAccount }),
    columns: [
      date('after', t(lang, 'reconciliation.gapAfter')),
      date('before', t(lang, 'reconciliation.gapBefore')),
      column('closing', t(lang, 'reconciliation.gapClosing'), 'money', { currency: cur }),
      column('opening', t(lang, 'reconciliation.gapOpening'), 'money', { currency: cur }),
    ],
    rows: r.gaps.map((g) => ({
      after: g.after,
      before: g.before,
      closing: g.closingBalance,
      opening: g.openingBalance,
    })),
    note: t(lang, 'reconciliation.gapsNote'),
  };
}

/** Statement lines not matched to the ledger. */
function unmatchedLinesTable(r: PackBankAccount['report'], title: string, lang: Lang): ReportSection {
  return {
    kind: 'table',
    id: `statement_lines_${r.bankAccount}`,
    title,
    columns: [
      date('date', t(lang, 'common.date')),
      text('reference', t(lang, 'common.reference')),
      text('description', t(lang, 'common.description')),
      ...agedColumns(r.currency, lang),
    ],
    rows: r.unmatchedStatementLines.map((l) => {
      const amount = signed(l.amount, l.direction === 'debit');
      return {
        date: l.date,
        reference: l.reference,
        description: l.description,
        ...agedCells(l.foreignCurrency ? { amount, currency: l.currency } : amount, l, lang),
      };
    }),
    ...truncatedNote(r.truncated, r.unmatchedStatementLines.length, lang),
  };
}

/** Ledger postings of the bank not matched to a statement line. */
function unmatchedItemsTable(r: PackBankAccount['report'], title: string, lang: Lang): ReportSection {
  return {
    kind: 'table',
    id: `ledger_items_${r.bankAccount}`,
    title,
    columns: [
      date('date', t(lang, 'common.date')),
      column('sequence', t(lang, 'common.entryNumber'), 'integer'),
      text('description', t(lang, 'common.description')),
      text('fund', t(lang, 'reconciliation.fund')),
      ...agedColumns(r.currency, lang),
    ],
    rows: r.unmatchedLedgerItems.map((p) => ({
      date: p.date,
      sequence: p.sequence,
      description: p.description,
      fund: p.fund,
      ...agedCells(signed(p.amount, p.side === 'credit'), p, lang),
    })),
    ...truncatedNote(r.truncated, r.unmatchedLedgerItems.length, lang),
  };
}

/** Both sides' unmatched items end alike: the signed amount, its age in days, and whether it is stale. */
function agedColumns(currency: string, lang: Lang): TableColumn[] {
  return [
    column('amount', t(lang, 'common.amount'), 'money', { currency }),
    column('age', t(lang, 'reconciliation.ageDays'), 'integer'),
    text('stale', t(lang, 'reconciliation.stale')),
  ];
}

function agedCells(amount: CellValue, item: { ageDays: number; stale: boolean }, lang: Lang): TableRow {
  return { amount, age: item.ageDays, stale: yesNo(item.stale, lang) };
}

/** The list stops at the pack's limit: the note says how many are shown. */
function truncatedNote(truncated: boolean, shown: number, lang: Lang): { note?: string } {
  return truncated ? { note: t(lang, 'reconciliation.truncated', { count: shown }) } : {};
}

const yesNo = (v: boolean, lang: Lang): string => t(lang, v ? 'common.yes' : 'common.no');

/** Money out of the bank (a statement debit, a ledger credit of the bank) is shown negative. */
function signed(amount: string, out: boolean): string {
  return out ? new Dec(amount).negated().toFixed() : amount;
}

function explanationSections(pack: ReconciliationPack, lang: Lang): ReportSection[] {
  const failing = pack.checks.checks.filter((c) => !c.ok);
  if (failing.length === 0) return [];
  const sections: ReportSection[] = [{ kind: 'heading', level: 1, text: t(lang, 'reconciliation.explanations') }];
  failing.forEach((c, i) => {
    const cur = currencyOf(c, pack);
    const title = t(lang, 'reconciliation.explanationOf', { check: checkLabel(c, lang) });
    const items = c.explanation ?? [];
    if (items.length === 0) {
      sections.push({ kind: 'heading', level: 2, text: title });
      sections.push({ kind: 'paragraph', text: c.name });
      return;
    }
    sections.push({
      kind: 'table',
      id: `explanation_${i + 1}`,
      title,
      sheetName: `${t(lang, 'reconciliation.difference')} ${i + 1}`,
      columns: [
        text('item', t(lang, 'reconciliation.item')),
        date('date', t(lang, 'common.date')),
        column('sequence', t(lang, 'common.entryNumber'), 'integer'),
        text('detail', t(lang, 'common.detail')),
        column('ledger', t(lang, 'reconciliation.ledger'), 'money', { currency: cur }),
        column('register', t(lang, 'reconciliation.register'), 'money', { currency: cur }),
        column('difference', t(lang, 'reconciliation.difference'), 'money', { currency: cur }),
      ],
      rows: explanationRows(c, lang, cur),
      note: [explanationCutNote(c, lang), c.name].filter((n) => n !== null).join(' — '),
    });
  });
  return sections;
}

/** The whole pack as one document. */
export function reconciliationPackDocument(pack: ReconciliationPack, lang: Lang): ReportDocument {
  const passed = pack.checks.checks.filter((c) => c.ok).length;
  const failed = pack.checks.checks.length - passed;
  const reconciled = pack.bankAccounts.filter((b) => b.report.reconciled).length;
  const sections: ReportSection[] = [
    { kind: 'heading', level: 1, text: t(lang, 'reconciliation.overview') },
    {
      kind: 'keyFigures',
      items: [
        { label: t(lang, 'reconciliation.checksPassed'), kind: 'integer', value: passed },
        { label: t(lang, 'reconciliation.checksFailed'), kind: 'integer', value: failed },
        {
          label: t(lang, 'reconciliation.accountsReconciled'),
          kind: 'text',
          value: `${reconciled} / ${pack.bankAccounts.length}`,
        },
      ],
    },
    {
      kind: 'paragraph',
      text: pack.checks.ok
        ? t(lang, 'reconciliation.allAgree')
        : t(lang, 'reconciliation.someDiffer', { count: failed }),
    },
    checksTable(pack, lang),
  ];
  for (const b of pack.bankAccounts) {
    sections.push(...bankSections(b, lang));
  }
  sections.push(...explanationSections(pack, lang));
  return {
    lang,
    title: t(lang, 'reconciliation.packTitle'),
    subtitle: t(lang, 'reconciliation.packSubtitle'),
    meta: { organisation: organisation(lang), date: today(), asOf: pack.asOf, currency: pack.currency },
    sections,
  };
}

/** The formats of the reconciliation pack besides the checks' JSON: one PDF and one XLSX. */
export const PACK_FILE_FORMATS = ['pdf', 'xlsx'] as const;

/** The pack as one file (`reconciliation-<asOf>-<lang>.<format>`): a landscape PDF with a cover and contents, or a workbook. */
export function renderReconciliationPack(
  pack: ReconciliationPack,
  format: (typeof PACK_FILE_FORMATS)[number],
  lang: ReconciliationPackLang,
): Promise<RenderedReport> {
  return renderReport(reconciliationPackDocument(pack, lang), format, {
    fileStem: 'reconciliation',
    pdf: { cover: true, toc: true, landscape: true },
  });
}
