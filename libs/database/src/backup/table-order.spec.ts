import { dependencyOrder } from './table-order';

describe('dependencyOrder (the order a restore loads tables in)', () => {
  it.each([
    ['no references: by name', ['c', 'a', 'b'], [], ['a', 'b', 'c']],
    [
      'parents first, then by name',
      ['postings', 'journal_entries', 'accounts', 'funds'],
      [
        { table: 'postings', references: 'journal_entries' },
        { table: 'postings', references: 'accounts' },
        { table: 'postings', references: 'funds' },
        { table: 'funds', references: 'accounts' },
      ],
      ['accounts', 'journal_entries', 'funds', 'postings'],
    ],
    [
      'a table referencing itself',
      ['accounts', 'funds'],
      [
        { table: 'accounts', references: 'accounts' },
        { table: 'funds', references: 'accounts' },
      ],
      ['accounts', 'funds'],
    ],
    ['a reference to a table not backed up is ignored', ['a'], [{ table: 'a', references: 'elsewhere' }], ['a']],
    [
      'a chain three deep',
      ['c', 'b', 'a'],
      [
        { table: 'a', references: 'b' },
        { table: 'b', references: 'c' },
      ],
      ['c', 'b', 'a'],
    ],
  ])('%s', (_label, tables, references, expected) => {
    expect(dependencyOrder(tables, references)).toEqual(expected);
  });

  it('refuses tables that reference each other in a cycle, naming them', () => {
    expect(() =>
      dependencyOrder(
        ['a', 'b', 'c'],
        [
          { table: 'a', references: 'b' },
          { table: 'b', references: 'a' },
        ],
      ),
    ).toThrow('tables reference each other in a cycle: a, b');
  });
});
