import { Dec } from '@app/common';
import { sampleStatusOfContributions } from './__fixtures__/status-of-contributions.sample';
import { ReportDocument, ReportSection } from './document';
import { ReportDocumentError, assertValidReportDocument, reportDocumentProblems } from './validate';

const base = (sections: ReportSection[]): ReportDocument => ({
  lang: 'es',
  title: 'Prueba',
  meta: { organisation: 'CRM', date: '2026-11-29', currency: 'USD' },
  sections,
});

describe('reportDocumentProblems', () => {
  it('accepts the sample documents', () => {
    expect(reportDocumentProblems(sampleStatusOfContributions('es'))).toEqual([]);
    expect(reportDocumentProblems(sampleStatusOfContributions('en'))).toEqual([]);
  });

  it.each<[string, ReportSection, string]>([
    [
      'a JS number for money',
      { kind: 'table', columns: [{ key: 'amount', label: 'Monto', kind: 'money' }], rows: [{ amount: 12.5 }] },
      'sections[0].rows[0].amount: a money cell cannot hold number 12.5',
    ],
    [
      'more decimals than the currency',
      {
        kind: 'table',
        columns: [{ key: 'amount', label: 'Monto', kind: 'money', currency: 'JPY' }],
        rows: [{ amount: '10.5' }],
      },
      'sections[0].rows[0].amount: 10.5 has more decimal places than JPY allows (0); round it explicitly before formatting',
    ],
    [
      'a row key that is not a column',
      {
        kind: 'table',
        columns: [{ key: 'amount', label: 'Monto', kind: 'money' }],
        rows: [{ amount: '1.00', amonut: '2.00' }],
      },
      'sections[0].rows[0]: has "amonut", which is not a column',
    ],
    [
      'a duplicated column key',
      {
        kind: 'table',
        columns: [
          { key: 'a', label: 'A', kind: 'text' },
          { key: 'a', label: 'B', kind: 'text' },
        ],
        rows: [],
      },
      'sections[0].columns[1]: key "a" is used twice',
    ],
    [
      'a key that is not an identifier',
      { kind: 'table', columns: [{ key: 'fiscal year', label: 'A', kind: 'text' }], rows: [] },
      'sections[0].columns[0]: key "fiscal year" must be a plain identifier (letters, digits, _)',
    ],
    [
      'an impossible date',
      { kind: 'table', columns: [{ key: 'on', label: 'Fecha', kind: 'date' }], rows: [{ on: '2026-02-30' }] },
      'sections[0].rows[0].on: "2026-02-30" is not a calendar date',
    ],
    [
      'a fractional count',
      { kind: 'keyFigures', items: [{ label: 'Personas', kind: 'integer', value: '2.5' }] },
      'sections[0].items[0]: 2.5 is not a whole number',
    ],
    [
      'a series shorter than the categories',
      {
        kind: 'chart',
        chart: 'bar',
        mode: 'grouped',
        title: 'x',
        valueKind: 'money',
        categories: ['a', 'b'],
        series: [{ key: 's', label: 'S', values: ['1.00'] }],
      },
      'sections[0].series[0]: has 1 values for 2 categories',
    ],
    [
      'dates out of order on a time axis',
      {
        kind: 'chart',
        chart: 'line',
        xAxis: 'date',
        title: 'x',
        valueKind: 'money',
        categories: ['2026-02-01', '2026-01-01'],
        series: [{ key: 's', label: 'S', values: ['1.00', '2.00'] }],
      },
      'sections[0].categories[1]: dates must be strictly increasing',
    ],
    [
      'a bad colour',
      {
        kind: 'chart',
        chart: 'bar',
        mode: 'stacked',
        title: 'x',
        valueKind: 'money',
        categories: ['a'],
        series: [{ key: 's', label: 'S', values: ['1.00'], color: 'red' }],
      },
      'sections[0].series[0]: colour "red" must be #RRGGBB',
    ],
  ])('reports %s', (_name, section, problem) => {
    expect(reportDocumentProblems(base([section]))).toContain(problem);
  });

  it('checks the document facts first', () => {
    const doc: ReportDocument = { ...base([]), meta: { organisation: 'CRM', date: '29/11/2026', currency: 'usd' } };
    expect(reportDocumentProblems(doc)).toEqual([
      'meta.date: must be YYYY-MM-DD',
      'meta.currency: unknown currency "usd"',
    ]);
  });

  it('throws one error listing the problems', () => {
    const doc = base([
      {
        kind: 'table',
        columns: [{ key: 'amount', label: 'Monto', kind: 'money' }],
        rows: [{ amount: new Dec('1.005') }, { amount: '1.00' }],
      },
    ]);
    expect(() => assertValidReportDocument(doc)).toThrow(ReportDocumentError);
    expect(() => assertValidReportDocument(doc)).toThrow(
      'sections[0].rows[0].amount: 1.005 has more decimal places than USD allows (2)',
    );
  });
});
