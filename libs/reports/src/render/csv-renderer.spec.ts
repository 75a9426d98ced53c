import { Dec } from '@app/common';
import { sampleStatusOfContributions } from './__fixtures__/status-of-contributions.sample';
import { TableSection } from './document';
import { renderCsv, tableToCsv } from './csv-renderer';

const lines = (...rows: string[]): string => rows.map((r) => `${r}\r\n`).join('');

const STATUS_HEADER =
  'member,assessed_2025,paid_2025,outstanding_2025,assessed_2026,paid_2026,outstanding_2026,advance,arrears,collection_rate,standing';

describe('CSV', () => {
  it('renders the status of contributions with machine keys and exact figures (es)', () => {
    expect(renderCsv(sampleStatusOfContributions('es'), { table: 'status_by_member' })).toBe(
      lines(
        STATUS_HEADER,
        'Belice,24000.00,24000.00,0.00,26000.00,26000.00,0.00,0.00,0.00,100.00,Al día',
        'Canadá,96000.00,96000.00,0.00,104000.00,104000.00,0.00,5000.00,0.00,100.00,Al día',
        'Costa Rica,24000.00,24000.00,0.00,26000.00,13000.00,13000.00,0.00,0.00,74.00,Al día',
        'El Salvador,24000.00,18500.50,5499.50,26000.00,0.00,26000.00,0.00,5499.50,37.00,Con atrasos',
        'Estados Unidos,120000.00,120000.00,0.00,130000.00,130000.00,0.00,0.00,0.00,100.00,Al día',
        'Guatemala,24000.00,24000.00,0.00,26000.00,26000.00,0.00,0.00,0.00,100.00,Al día',
        'Honduras,24000.00,12000.00,12000.00,26000.00,0.00,26000.00,0.00,12000.00,24.00,Con atrasos',
        'México,72000.00,72000.00,0.00,78000.00,39000.00,39000.00,0.00,0.00,74.00,Al día',
        'Nicaragua,24000.00,0.00,24000.00,26000.00,0.00,26000.00,0.00,24000.00,0.00,Con atrasos',
        'Panamá,24000.00,24000.00,0.00,26000.00,26000.00,0.00,0.00,0.00,100.00,Al día',
        'República Dominicana,24000.00,20250.25,3749.75,26000.00,10000.00,16000.00,0.00,3749.75,60.50,Con atrasos',
      ),
    );
  });

  it('keeps the same header in English', () => {
    const csv = renderCsv(sampleStatusOfContributions('en'));
    const [header, first, , , , usa] = csv.split('\r\n');
    expect(header).toBe(STATUS_HEADER);
    expect(first).toBe('Belize,24000.00,24000.00,0.00,26000.00,26000.00,0.00,0.00,0.00,100.00,In good standing');
    expect(usa).toBe(
      'United States of America,120000.00,120000.00,0.00,130000.00,130000.00,0.00,0.00,0.00,100.00,In good standing',
    );
  });

  it('adds totals under a row_type column when asked', () => {
    const csv = renderCsv(sampleStatusOfContributions('en'), { includeTotals: true });
    const rows = csv.trimEnd().split('\r\n');
    expect(rows[0]).toBe(`row_type,${STATUS_HEADER}`);
    expect(rows[1].startsWith('data,Belize,')).toBe(true);
    expect(rows[rows.length - 1]).toBe(
      'total,,480000.00,434750.75,45249.25,520000.00,374000.00,146000.00,5000.00,45249.25,80.88,',
    );
    expect(rows).toHaveLength(13);
  });

  it('puts the group key first in a grouped table', () => {
    const csv = renderCsv(sampleStatusOfContributions('es'), { table: 'detail_by_year' });
    const rows = csv.split('\r\n');
    expect(rows.slice(0, 4)).toEqual([
      'member,fiscal_year,assessed,paid,outstanding',
      'BLZ,2025,24000.00,24000.00,0.00',
      'BLZ,2026,26000.00,26000.00,0.00',
      'CAN,2025,96000.00,96000.00,0.00',
    ]);
    expect(rows).toHaveLength(1 + 22 + 1);
    const withTotals = renderCsv(sampleStatusOfContributions('es'), {
      table: 'detail_by_year',
      includeTotals: true,
    }).split('\r\n');
    expect(withTotals.slice(1, 4)).toEqual([
      'data,BLZ,2025,24000.00,24000.00,0.00',
      'data,BLZ,2026,26000.00,26000.00,0.00',
      'subtotal,BLZ,,50000.00,50000.00,0.00',
    ]);
    expect(withTotals[withTotals.length - 2]).toBe('total,,,1000000.00,808750.75,191249.25');
  });

  const small: TableSection = {
    kind: 'table',
    columns: [
      { key: 'payee', label: 'Beneficiario', kind: 'text' },
      { key: 'on', label: 'Fecha', kind: 'date' },
      { key: 'amount', label: 'Monto', kind: 'money' },
      { key: 'people', label: 'Personas', kind: 'integer' },
      { key: 'share', label: 'Cuota %', kind: 'percent' },
    ],
    rows: [
      { payee: 'Hotel "El Panamá", S.A.', on: '2026-03-01', amount: new Dec('-1250.5'), people: 12, share: '8.0330' },
      {
        payee: '=HYPERLINK("http://x")',
        on: null,
        amount: { amount: '1500', currency: 'JPY' },
        people: null,
        share: null,
      },
      { payee: 'línea 1\nlínea 2', on: '2026-03-02', amount: '0', people: '0', share: '-0' },
    ],
  };

  it('quotes, guards formulas and names the currency of a mixed money column', () => {
    expect(tableToCsv(small, 'USD')).toBe(
      lines(
        'payee,on,amount,amount_currency,people,share',
        '"Hotel ""El Panamá"", S.A.",2026-03-01,-1250.50,USD,12,8.0330',
        `"'=HYPERLINK(""http://x"")",,1500,JPY,,`,
        '"línea 1\nlínea 2",2026-03-02,0.00,USD,0,0',
      ),
    );
  });

  it('gives translated headers, no guard and a BOM on request', () => {
    const csv = tableToCsv(small, 'USD', { header: 'labels', guardFormulas: false, bom: true });
    expect(csv.startsWith('\ufeffBeneficiario,Fecha,Monto,Monto (amount_currency),Personas,Cuota %\r\n')).toBe(true);
    expect(csv).toContain('"=HYPERLINK(""http://x"")"');
  });

  it('refuses a document without the table', () => {
    expect(() => renderCsv(sampleStatusOfContributions('es'), { table: 'nope' })).toThrow(
      'has no table with id "nope"',
    );
  });
});
