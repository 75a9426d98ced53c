import { ZipFileSpec, zipOf } from '../../../../test/support/zip-files';
import { checkZipLimits, ZipLimits } from './zip-limits';

const KIB = 1024;
const LIMITS: ZipLimits = { maxEntries: 3, maxEntryBytes: 64 * KIB, maxTotalBytes: 96 * KIB };
const file = (name: string, bytes: number, declaredSize?: number): ZipFileSpec => ({
  name,
  data: Buffer.alloc(bytes, 'x'),
  declaredSize,
});

/**
 * What a zip unpacks to is checked before anything loads it: from the sizes its central directory
 * declares, then from the bytes each entry really inflates to.
 */
describe('checkZipLimits', () => {
  it.each([
    ['within every limit', [file('a', 10 * KIB), file('b', 64 * KIB)], undefined],
    [
      'an entry of exactly the limit, and the total exactly the limit',
      [file('a', 64 * KIB), file('b', 32 * KIB)],
      undefined,
    ],
    ['no entries', [], undefined],
    [
      'more entries than allowed',
      [file('a', 1), file('b', 1), file('c', 1), file('d', 1)],
      { kind: 'too_large', detail: 'the workbook holds 4 files; at most 3' },
    ],
    [
      'an entry that declares more than allowed',
      [file('a', 1), file('big', 64 * KIB + 1)],
      { kind: 'too_large', detail: "big unpacks to 0.1 MB; a workbook's part may be at most 0.1 MB" },
    ],
    [
      'entries that together declare more than allowed',
      [file('a', 48 * KIB), file('b', 48 * KIB), file('c', 1)],
      { kind: 'too_large', detail: 'the workbook unpacks to more than 0.1 MB' },
    ],
  ] as const)('%s', async (_name, files, expected) => {
    expect(await checkZipLimits(zipOf(files), LIMITS)).toEqual(expected);
  });

  it('refuses an entry that unpacks to more than it declares', async () => {
    const problem = await checkZipLimits(zipOf([file('liar', 32 * KIB, 100)]), LIMITS);
    expect(problem?.kind).toBe('too_large');
    expect(problem?.detail).toMatch(
      /^liar (unpacks to more than the 100 bytes it declares|cannot be unpacked as it declares)/,
    );
  });

  it('refuses an entry that unpacks to less than it declares', async () => {
    const problem = await checkZipLimits(zipOf([file('short', 100, 200)]), LIMITS);
    expect(problem).toBeDefined();
    expect(problem?.detail).toMatch(/^short /);
  });

  it.each([
    ['not a zip at all', Buffer.from('name,amount\nA,1\n')],
    ['empty', Buffer.alloc(0)],
  ])('says a file that is %s is unreadable', async (_name, bytes) => {
    expect((await checkZipLimits(bytes, LIMITS))?.kind).toBe('unreadable');
  });
});
