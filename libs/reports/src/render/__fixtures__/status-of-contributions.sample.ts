import { Decimal } from 'decimal.js';
import { Dec } from '@app/common';
import { t } from '../../i18n/catalogue';
import { countryName } from '../../i18n/countries';
import { Lang } from '../../i18n/lang';
import { ReportDocument, TableColumn, TableGroup, TableRow } from '../document';

/**
 * A status-of-contributions-like document for the renderer specs and for a look at the output:
 * the 11 CRM members, fiscal years 2025 and 2026, as at 29 November 2026. It also shows the domain
 * services how to build a document: labels from `t()`, names from `countryName()`, figures as
 * decimal strings, totals computed with Decimal by the service (renderers never add up).
 *
 * Figures (USD), worked out by hand:
 *   assessed 2025 480,000.00 (USA 120,000 · CAN 96,000 · MEX 72,000 · 8 × 24,000)
 *   assessed 2026 520,000.00 (USA 130,000 · CAN 104,000 · MEX 78,000 · 8 × 26,000)
 *   paid 2025 434,750.75, paid 2026 374,000.00, paid 808,750.75
 *   outstanding 191,249.25 (2025: 45,249.25 = arrears; 2026: 146,000.00); advances 5,000.00 (CAN)
 */
export const SAMPLE_MEMBERS = ['BLZ', 'CAN', 'CRI', 'SLV', 'USA', 'GTM', 'HND', 'MEX', 'NIC', 'PAN', 'DOM'] as const;
type Member = (typeof SAMPLE_MEMBERS)[number];

interface MemberFigures {
  readonly assessed: readonly [string, string];
  readonly paid: readonly [string, string];
  readonly advance: string;
}

export const SAMPLE_FIGURES: Readonly<Record<Member, MemberFigures>> = {
  BLZ: { assessed: ['24000.00', '26000.00'], paid: ['24000.00', '26000.00'], advance: '0.00' },
  CAN: { assessed: ['96000.00', '104000.00'], paid: ['96000.00', '104000.00'], advance: '5000.00' },
  CRI: { assessed: ['24000.00', '26000.00'], paid: ['24000.00', '13000.00'], advance: '0.00' },
  SLV: { assessed: ['24000.00', '26000.00'], paid: ['18500.50', '0.00'], advance: '0.00' },
  USA: { assessed: ['120000.00', '130000.00'], paid: ['120000.00', '130000.00'], advance: '0.00' },
  GTM: { assessed: ['24000.00', '26000.00'], paid: ['24000.00', '26000.00'], advance: '0.00' },
  HND: { assessed: ['24000.00', '26000.00'], paid: ['12000.00', '0.00'], advance: '0.00' },
  MEX: { assessed: ['72000.00', '78000.00'], paid: ['72000.00', '39000.00'], advance: '0.00' },
  NIC: { assessed: ['24000.00', '26000.00'], paid: ['0.00', '0.00'], advance: '0.00' },
  PAN: { assessed: ['24000.00', '26000.00'], paid: ['24000.00', '26000.00'], advance: '0.00' },
  DOM: { assessed: ['24000.00', '26000.00'], paid: ['20250.25', '10000.00'], advance: '0.00' },
};

const YEARS = ['2025', '2026'] as const;

const CUMULATIVE_2026: ReadonlyArray<readonly [string, string]> = [
  ['2026-01-31', '52000.00'],
  ['2026-02-28', '130000.00'],
  ['2026-03-31', '182000.00'],
  ['2026-04-30', '221000.00'],
  ['2026-05-31', '247000.00'],
  ['2026-06-30', '286000.00'],
  ['2026-07-31', '312000.00'],
  ['2026-08-31', '338000.00'],
  ['2026-09-30', '351000.00'],
  ['2026-10-31', '364000.00'],
  ['2026-11-29', '374000.00'],
];

const sum = (values: readonly Decimal[]): Decimal => values.reduce((a, b) => a.plus(b), new Dec(0));
const money = (d: Decimal): string => d.toFixed(2);
/** paid / assessed in percent, at 2 decimals (the service's choice; the column shows 1). */
const rate = (paid: Decimal, assessed: Decimal): string =>
  assessed.isZero() ? '0' : paid.div(assessed).times(100).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2);

interface Line {
  readonly code: Member;
  readonly name: string;
  readonly assessed: readonly Decimal[];
  readonly paid: readonly Decimal[];
  readonly outstanding: readonly Decimal[];
  readonly advance: Decimal;
  readonly arrears: Decimal;
}

function lines(lang: Lang): Line[] {
  return SAMPLE_MEMBERS.map((code) => {
    const f = SAMPLE_FIGURES[code];
    const assessed = f.assessed.map((a) => new Dec(a));
    const paid = f.paid.map((p) => new Dec(p));
    const outstanding = assessed.map((a, i) => a.minus(paid[i]));
    return {
      code,
      name: countryName(code, lang),
      assessed,
      paid,
      outstanding,
      advance: new Dec(f.advance),
      arrears: outstanding[0],
    };
  });
}

export function sampleStatusOfContributions(lang: Lang): ReportDocument {
  const L = lines(lang);
  const column = (key: string, label: string, kind: TableColumn['kind'], group?: string): TableColumn => ({
    key,
    label,
    kind,
    group,
  });
  const byMemberColumns: TableColumn[] = [
    column('member', t(lang, 'common.member'), 'text'),
    ...YEARS.flatMap((y) => [
      column(`assessed_${y}`, t(lang, 'contributions.assessed'), 'money', y),
      column(`paid_${y}`, t(lang, 'contributions.paid'), 'money', y),
      column(`outstanding_${y}`, t(lang, 'contributions.outstanding'), 'money', y),
    ]),
    column('advance', t(lang, 'contributions.advance'), 'money'),
    column('arrears', t(lang, 'contributions.arrears'), 'money'),
    column('collection_rate', t(lang, 'contributions.collectionRate'), 'percent'),
    column('standing', t(lang, 'contributions.standing'), 'text'),
  ];
  const byMemberRow = (l: Line): TableRow => {
    const row: Record<string, string> = { member: l.name };
    YEARS.forEach((y, i) => {
      row[`assessed_${y}`] = money(l.assessed[i]);
      row[`paid_${y}`] = money(l.paid[i]);
      row[`outstanding_${y}`] = money(l.outstanding[i]);
    });
    row.advance = money(l.advance);
    row.arrears = money(l.arrears);
    row.collection_rate = rate(sum(l.paid), sum(l.assessed));
    row.standing = t(lang, l.arrears.isZero() ? 'contributions.standing.good' : 'contributions.standing.arrears');
    return row;
  };
  const totalOf = (pick: (l: Line) => Decimal): Decimal => sum(L.map(pick));
  const totals: Record<string, string | null> = { member: null, standing: null };
  YEARS.forEach((y, i) => {
    totals[`assessed_${y}`] = money(totalOf((l) => l.assessed[i]));
    totals[`paid_${y}`] = money(totalOf((l) => l.paid[i]));
    totals[`outstanding_${y}`] = money(totalOf((l) => l.outstanding[i]));
  });
  totals.advance = money(totalOf((l) => l.advance));
  totals.arrears = money(totalOf((l) => l.arrears));
  const assessedAll = totalOf((l) => sum(l.assessed));
  const paidAll = totalOf((l) => sum(l.paid));
  totals.collection_rate = rate(paidAll, assessedAll);

  const detailColumns: TableColumn[] = [
    column('fiscal_year', t(lang, 'common.fiscalYear'), 'text'),
    column('assessed', t(lang, 'contributions.assessed'), 'money'),
    column('paid', t(lang, 'contributions.paid'), 'money'),
    column('outstanding', t(lang, 'contributions.outstanding'), 'money'),
  ];
  const groups: TableGroup[] = L.map((l) => ({
    key: l.code,
    label: `${l.name} (${l.code})`,
    rows: YEARS.map((y, i) => ({
      fiscal_year: y,
      assessed: money(l.assessed[i]),
      paid: money(l.paid[i]),
      outstanding: money(l.outstanding[i]),
    })),
    subtotal: { assessed: money(sum(l.assessed)), paid: money(sum(l.paid)), outstanding: money(sum(l.outstanding)) },
  }));

  return {
    lang,
    title: t(lang, 'contributions.statusTitle'),
    subtitle: lang === 'es' ? 'Ejercicios fiscales 2025 y 2026' : 'Fiscal years 2025 and 2026',
    meta: {
      organisation:
        lang === 'es' ? 'Conferencia Regional sobre Migración (CRM)' : 'Regional Conference on Migration (RCM)',
      date: '2026-11-29',
      asOf: '2026-11-29',
      currency: 'USD',
      meeting:
        lang === 'es' ? 'XXXI Reunión Viceministerial, Ciudad de Panamá' : 'XXXI Vice-Ministerial Meeting, Panama City',
      reference: 'CRM/VM/2026/INF.3',
    },
    sections: [
      {
        kind: 'keyFigures',
        title: t(lang, 'common.summary'),
        items: [
          { label: t(lang, 'contributions.assessed'), kind: 'money', value: money(assessedAll) },
          { label: t(lang, 'contributions.paid'), kind: 'money', value: money(paidAll) },
          { label: t(lang, 'contributions.outstanding'), kind: 'money', value: money(assessedAll.minus(paidAll)) },
          { label: t(lang, 'contributions.collectionRate'), kind: 'percent', value: totals.collection_rate },
          { label: t(lang, 'contributions.arrears'), kind: 'money', value: totals.arrears },
          { label: t(lang, 'contributions.membersCount'), kind: 'integer', value: L.length },
        ],
      },
      {
        kind: 'table',
        id: 'status_by_member',
        title: t(lang, 'contributions.byMember'),
        columns: byMemberColumns,
        rows: L.map(byMemberRow),
        totals,
        note:
          lang === 'es'
            ? '¿Cómo se calcula? Atrasos = pendiente de ejercicios anteriores a 2026. ¡Gracias a los miembros al día!'
            : 'How is it computed? Arrears = outstanding on fiscal years before 2026. Thanks to the members in good standing!',
      },
      {
        kind: 'chart',
        chart: 'bar',
        mode: 'stacked',
        orientation: 'horizontal',
        title: t(lang, 'contributions.paidVsOutstandingByMember'),
        valueKind: 'money',
        categories: L.map((l) => l.name),
        series: [
          { key: 'paid', label: t(lang, 'contributions.paid'), values: L.map((l) => money(sum(l.paid))) },
          {
            key: 'outstanding',
            label: t(lang, 'contributions.outstanding'),
            values: L.map((l) => money(sum(l.outstanding))),
          },
        ],
      },
      {
        kind: 'chart',
        chart: 'bar',
        mode: 'grouped',
        title: `${t(lang, 'contributions.paid')} 2025 / 2026`,
        valueKind: 'money',
        categories: L.map((l) => l.code),
        series: YEARS.map((y, i) => ({ key: `paid_${y}`, label: y, values: L.map((l) => money(l.paid[i])) })),
      },
      {
        kind: 'chart',
        chart: 'line',
        xAxis: 'date',
        title: `${t(lang, 'contributions.collectionsOverTime')} 2026`,
        valueKind: 'money',
        categories: CUMULATIVE_2026.map(([d]) => d),
        series: [
          { key: 'paid', label: t(lang, 'contributions.paid'), values: CUMULATIVE_2026.map(([, v]) => v) },
          { key: 'assessed', label: t(lang, 'contributions.assessed'), values: CUMULATIVE_2026.map(() => '520000.00') },
        ],
      },
      { kind: 'pageBreak' },
      {
        kind: 'table',
        id: 'detail_by_year',
        title: t(lang, 'contributions.byFiscalYear'),
        columns: detailColumns,
        groupColumn: { key: 'member', label: t(lang, 'common.member') },
        groups,
        totals: {
          assessed: money(assessedAll),
          paid: money(paidAll),
          outstanding: money(assessedAll.minus(paidAll)),
        },
      },
    ],
  };
}
