import { Workbook, Worksheet } from 'exceljs';
import { Dec } from '@app/common';
import { workbookOf } from '../../../../test/support/report-files';
import { sampleStatusOfContributions } from './__fixtures__/status-of-contributions.sample';
import { renderCsv } from './csv-renderer';
import { ReportDocument } from './document';
import { excelNumberFormat, renderXlsx, toExcelNumber } from './xlsx-renderer';

async function load(doc: ReportDocument): Promise<Workbook> {
  return workbookOf(await renderXlsx(doc));
}

function sheet(wb: Workbook, name: string): Worksheet {
  const ws = wb.getWorksheet(name);
  if (ws === undefined) throw new Error(`no sheet ${name}`);
  return ws;
}

const MONEY = '#,##0.00;-#,##0.00';

describe('toExcelNumber', () => {
  it.each<[string, number | undefined]>([
    ['1250000.50', 1250000.5],
    ['0.10', 0.1],
    ['-0.00', 0],
    ['434750.75', 434750.75],
    ['9999999999999.99', 9999999999999.99], // 15 significant digits: Excel shows them all
    ['99999999999999.99', undefined], // 16: Excel would show ...99.98 or round
    ['12345678901234567890.12', undefined],
  ])('%s → %p', (value, expected) => {
    expect(toExcelNumber(new Dec(value))).toBe(expected);
  });
});

describe('excelNumberFormat', () => {
  it.each<[number, 'minus' | 'parentheses', string, string]>([
    [2, 'minus', '', MONEY],
    [0, 'minus', '', '#,##0;-#,##0'],
    [3, 'minus', '', '#,##0.000;-#,##0.000'],
    [2, 'parentheses', '', '#,##0.00;(#,##0.00)'],
    [0, 'minus', ' JPY', '#,##0" JPY";-#,##0" JPY"'],
  ])('%d decimals, %s, suffix %p', (decimals, negative, suffix, expected) => {
    expect(excelNumberFormat(decimals, negative, suffix)).toBe(expected);
  });
});

describe('XLSX of the status of contributions', () => {
  let es: Workbook;
  let en: Workbook;
  beforeAll(async () => {
    es = await load(sampleStatusOfContributions('es'));
    en = await load(sampleStatusOfContributions('en'));
  });

  it('has a summary sheet, then one sheet per table and per chart, named after their titles', () => {
    expect(es.worksheets.map((w) => w.name)).toEqual([
      'Resumen',
      'Situación por miembro',
      'Pagado y pendiente por miembro',
      'Pagado 2025 2026',
      'Recaudación acumulada 2026',
      'Detalle por ejercicio fiscal',
    ]);
    expect(en.worksheets.map((w) => w.name)).toEqual([
      'Summary',
      'Position by member',
      'Paid and outstanding by member',
      'Paid 2025 2026',
      'Cumulative collections 2026',
      'Detail by fiscal year',
    ]);
  });

  it('freezes the header rows (and the member column) with a bold header', () => {
    const ws = sheet(es, 'Situación por miembro');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 5 });
    expect(ws.getCell('A1').value).toBe('Situación por miembro');
    expect(ws.getCell('A2').value).toBe('Situación al 29 de noviembre de 2026 · Cifras en USD');
    expect(ws.getCell('B4').value).toBe('2025');
    expect(ws.getCell('E4').value).toBe('2026');
    expect(ws.getCell('B4').isMerged && ws.getCell('D4').isMerged).toBe(true);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((c) => ws.getRow(5).getCell(c).value)).toEqual([
      'Miembro',
      'Cuotas asignadas',
      'Pagado',
      'Pendiente',
      'Cuotas asignadas',
      'Pagado',
      'Pendiente',
      'Anticipos',
      'Atrasos',
      'Tasa de recaudación',
      'Situación',
    ]);
    expect(ws.getCell('A5').font.bold).toBe(true);
    expect(ws.pageSetup.printTitlesRow).toBe('4:5');
  });

  it('writes every money cell as a number equal, to the cent, to the exact CSV value', () => {
    const ws = sheet(es, 'Situación por miembro');
    const csv = renderCsv(sampleStatusOfContributions('es'))
      .trimEnd()
      .split('\r\n')
      .slice(1)
      .map((r) => r.split(','));
    expect(csv).toHaveLength(11);
    csv.forEach((fields, i) => {
      const row = ws.getRow(6 + i);
      expect(row.getCell(1).value).toBe(fields[0]);
      for (let c = 2; c <= 9; c++) {
        const value = row.getCell(c).value;
        expect(typeof value).toBe('number');
        expect(new Dec(value as number).toFixed(2)).toBe(fields[c - 1]);
        expect(row.getCell(c).numFmt).toBe(MONEY);
      }
    });
    expect(ws.getCell('C9').value).toBe(18500.5); // El Salvador, paid 2025
    expect(ws.getCell('C16').value).toBe(20250.25); // República Dominicana, paid 2025
  });

  it('writes percentages as ratios with a percent format', () => {
    const ws = sheet(es, 'Situación por miembro');
    expect(ws.getCell('J6').value).toBe(1);
    expect(ws.getCell('J16').value).toBe(0.605);
    expect(ws.getCell('J6').numFmt).toBe('0.0%');
  });

  it('writes the totals row as static, exact values in bold with a double rule', () => {
    const ws = sheet(es, 'Situación por miembro');
    const totals = ws.getRow(17);
    expect(totals.getCell(1).value).toBe('Total');
    expect([2, 3, 4, 5, 6, 7, 8, 9].map((c) => totals.getCell(c).value)).toEqual([
      480000, 434750.75, 45249.25, 520000, 374000, 146000, 5000, 45249.25,
    ]);
    expect(totals.getCell(10).value).toBe(0.8088);
    expect(totals.getCell(2).font.bold).toBe(true);
    expect(totals.getCell(2).border.bottom?.style).toBe('double');
    expect(ws.getCell('A18').value).toBeNull();
  });

  it('lays a grouped table out with a group column, subtotals and a row outline', () => {
    const ws = sheet(en, 'Detail by fiscal year');
    expect(ws.getRow(4).values).toEqual([undefined, 'Member', 'Fiscal year', 'Assessed', 'Paid', 'Outstanding']);
    expect(ws.getRow(5).values).toEqual([undefined, 'Belize (BLZ)', '2025', 24000, 24000, 0]);
    expect(ws.getRow(5).outlineLevel).toBe(1);
    expect(ws.getRow(7).values).toEqual([undefined, 'Belize (BLZ)', 'Subtotal', 50000, 50000, 0]);
    expect(ws.getRow(7).outlineLevel).toBe(0);
    const last = ws.getRow(5 + 11 * 3);
    expect(last.values).toEqual([undefined, 'Total', undefined, 1000000, 808750.75, 191249.25]);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 });
  });

  it('writes chart data with real dates', () => {
    const ws = sheet(en, 'Cumulative collections 2026');
    expect(ws.getRow(4).values).toEqual([undefined, 'Date', 'Paid', 'Assessed']);
    expect(ws.getCell('A5').value).toEqual(new Date(Date.UTC(2026, 0, 31)));
    expect(ws.getCell('A5').numFmt).toBe('yyyy-mm-dd');
    expect(ws.getCell('B15').value).toBe(374000);
  });

  it('puts the document facts and key figures on the summary sheet', () => {
    const ws = sheet(es, 'Resumen');
    const byLabel = new Map<string, unknown>();
    ws.eachRow((row) => byLabel.set(row.getCell(1).text, row.getCell(2).value));
    expect(byLabel.get('Organización')).toBe('Conferencia Regional sobre Migración (CRM)');
    expect(byLabel.get('Situación al')).toBe('29 de noviembre de 2026');
    expect(byLabel.get('Cuotas asignadas')).toBe(1000000);
    expect(byLabel.get('Pagado')).toBe(808750.75);
    expect(byLabel.get('Miembros')).toBe(11);
    expect(es.creator).toBe('Conferencia Regional sobre Migración (CRM)');
  });
});

describe('XLSX number formats by currency', () => {
  const doc: ReportDocument = {
    lang: 'en',
    title: 'Currencies',
    meta: { organisation: 'CRM', date: '2026-11-29', currency: 'USD' },
    sections: [
      {
        kind: 'table',
        title: 'Amounts',
        columns: [
          { key: 'usd', label: 'USD', kind: 'money', negative: 'parentheses' },
          { key: 'jpy', label: 'JPY', kind: 'money', currency: 'JPY' },
          { key: 'bhd', label: 'BHD', kind: 'money', currency: 'BHD' },
          { key: 'big', label: 'Big', kind: 'money' },
        ],
        rows: [{ usd: '-1250.50', jpy: '1500', bhd: '12.345', big: '123456789012345678.90' }],
      },
    ],
  };

  it('uses each currency’s decimals and keeps unrepresentable amounts exact as text', async () => {
    const ws = sheet(await load(doc), 'Amounts');
    expect([ws.getCell('A5').value, ws.getCell('A5').numFmt]).toEqual([-1250.5, '#,##0.00;(#,##0.00)']);
    expect([ws.getCell('B5').value, ws.getCell('B5').numFmt]).toEqual([1500, '#,##0;-#,##0']);
    expect([ws.getCell('C5').value, ws.getCell('C5').numFmt]).toEqual([12.345, '#,##0.000;-#,##0.000']);
    expect(ws.getCell('D5').value).toBe('123456789012345678.90');
  });
});
