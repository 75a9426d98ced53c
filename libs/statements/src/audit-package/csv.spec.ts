import { CsvReader, csvRecord, CsvValue } from './csv';

const readAll = (text: string, chunkSize = 3): { records: CsvValue[][]; error?: string } => {
  const reader = new CsvReader();
  const bytes = Buffer.from(text, 'utf8');
  const records: CsvValue[][] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) records.push(...reader.push(bytes.subarray(i, i + chunkSize)));
  records.push(...reader.end());
  return { records, error: reader.error() };
};

describe('package CSV dialect', () => {
  it.each<[string, CsvValue[], string]>([
    ['plain values', ['1', 'GEN', '250.00'], '1,GEN,250.00\n'],
    ['null is an empty field, an empty string is quoted', [null, '', 'x'], ',"",x\n'],
    ['commas, quotes and line breaks are quoted', ['a,b', 'say "hi"', 'two\nlines'], '"a,b","say ""hi""","two\nlines"\n'],
    ['accents survive chunking across multi-byte characters', ['Contribución señalada — ñ'], 'Contribución señalada — ñ\n'],
  ])('%s', (_case, values, text) => {
    expect(csvRecord(values)).toBe(text);
    for (const size of [1, 2, 3, 64]) expect(readAll(text, size)).toEqual({ records: [values], error: undefined });
  });

  it('reads several records and keeps null apart from empty', () => {
    const text = csvRecord(['h1', 'h2']) + csvRecord([null, '']) + csvRecord(['"', ',']);
    expect(readAll(text).records).toEqual([
      ['h1', 'h2'],
      [null, ''],
      ['"', ','],
    ]);
  });

  it.each([
    ['a missing final line ending', 'a,b', /no line ending/],
    ['an unterminated quote', '"abc\n', /inside a quoted field/],
    ['text after a closing quote', '"a"b\n', /after a closing quote/],
  ])('reports %s', (_case, text, message) => {
    expect(readAll(text).error).toMatch(message);
  });
});
