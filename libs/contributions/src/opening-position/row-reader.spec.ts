import { Column, Problem, SourceRow } from './opening-position.model';
import { RowReader } from './row-reader';

/** A scale row (fiscal_year and member required; share, amount optional) with the given cells. */
function reader(cells: Partial<Record<Column, string>>): { r: RowReader; problems: Problem[] } {
  const problems: Problem[] = [];
  const source: SourceRow = { sheet: 'scale', row: 7, kind: 'scale', cells };
  return { r: new RowReader(source, problems), problems };
}

const fields = (problems: Problem[]) => problems.map((p) => [p.sheet, p.row, p.field]);

describe('RowReader', () => {
  it.each([
    ['all it needs', { fiscal_year: '2005', member: 'MEX' }, []],
    ['a required cell missing', { fiscal_year: '2005' }, [['scale', 7, 'member']]],
    [
      'a cell the record does not use',
      { fiscal_year: '2005', member: 'MEX', reference: 'x' },
      [['scale', 7, 'reference']],
    ],
  ] as const)('checks the columns of the record: %s', (_name, cells, expected) => {
    const { r, problems } = reader(cells);
    expect(fields(problems)).toEqual(expected);
    expect(r.ok).toBe(expected.length === 0);
  });

  it.each([
    ['year', '2005', 2005],
    ['year', '1899', undefined],
    ['year', '05', undefined],
    ['date', '2005-02-28', '2005-02-28'],
    ['date', '2005-02-30', undefined],
    ['memberCode', 'MEX', 'MEX'],
    ['memberCode', 'mex', undefined],
    ['memberCode', 'XXX', undefined],
    ['currency', 'USD', 'USD'],
    ['currency', 'usd', undefined],
    ['share', '8.3333', '8.3333'],
    ['share', '100.0001', undefined],
    ['share', '8.33333', undefined],
    ['rate', '1.25', '1.25'],
    ['rate', '0', undefined],
  ] as const)('%s %j → %j', (method, value, expected) => {
    const { r, problems } = reader({ fiscal_year: '2005', member: 'MEX', share: value });
    const read = r[method]('share');
    expect(typeof read === 'object' ? read.toFixed() : read).toEqual(expected);
    expect(problems).toHaveLength(expected === undefined ? 1 : 0);
    expect(r.ok).toBe(expected !== undefined);
  });

  it.each([
    ['a positive amount', '12.50', true, '12.5'],
    ['zero where positive is required', '0.00', true, undefined],
    ['zero where any amount will do', '0.00', false, '0'],
    ['more decimals than the currency has', '1.001', false, undefined],
  ] as const)('amount: %s', (_name, value, positive, expected) => {
    const { r, problems } = reader({ fiscal_year: '2005', member: 'MEX', amount: value });
    expect(r.amount('amount', 'USD', positive)?.value.toFixed()).toBe(expected);
    expect(problems).toHaveLength(expected === undefined ? 1 : 0);
  });

  it('refuses text longer than 200 characters', () => {
    const { r, problems } = reader({ fiscal_year: '2005', member: 'MEX', share: 'x'.repeat(201) });
    expect(r.text('share')).toBeUndefined();
    expect(problems.map((p) => p.message)).toEqual(['at most 200 characters']);
  });
});
