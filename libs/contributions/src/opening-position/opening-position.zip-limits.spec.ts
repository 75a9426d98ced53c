import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yauzl from 'yauzl';
import { ZipFileSpec, zipOf } from '../../../../test/support/zip-files';
import { formatProblem } from './opening-position.model';
import { parseOpeningPosition } from './opening-position.parser';

const TEMPLATE_XLSX = path.resolve(__dirname, '../../../../templates/opening-position.xlsx');
const MIB = 1_048_576;

/** The template workbook's own files, so that a bomb added to them still makes a readable workbook. */
async function templateFiles(): Promise<ZipFileSpec[]> {
  const zip = await yauzl.fromBufferPromise(fs.readFileSync(TEMPLATE_XLSX), { lazyEntries: true });
  const files: ZipFileSpec[] = [];
  for await (const entry of zip.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const chunk of (await zip.openReadStreamPromise(entry)) as AsyncIterable<Buffer>) chunks.push(chunk);
    files.push({ name: entry.fileName, data: Buffer.concat(chunks) });
  }
  zip.close();
  return files;
}

const problemsOf = async (bytes: Buffer): Promise<string[]> =>
  (await parseOpeningPosition('opening.xlsx', bytes)).problems.map(formatProblem);

/**
 * An XLSX is a zip: a file well under the 20 MB limit may unpack to gigabytes. What it unpacks to
 * is checked before the workbook is loaded, from the sizes its zip declares and from the bytes each
 * part really inflates to.
 */
describe('opening position: an XLSX that unpacks to too much is refused before it is loaded', () => {
  // 160 MiB of zeros deflate to about 160 KB.
  const zeros = Buffer.alloc(160 * MIB);
  let template: ZipFileSpec[];
  beforeAll(async () => {
    template = await templateFiles();
  });

  it('reads the template as it is (the check lets a real workbook through)', async () => {
    const parsed = await parseOpeningPosition('template.xlsx', zipOf(template));
    expect(parsed.problems.map(formatProblem)).toEqual([]);
    expect(parsed.rows.length).toBeGreaterThan(0);
  });

  it('refuses a workbook with a part that declares 160 MB', async () => {
    const bomb = zipOf([...template, { name: 'xl/media/image1.png', data: zeros }]);
    expect(bomb.length).toBeLessThan(MIB);
    expect(await problemsOf(bomb)).toEqual([
      "opening.xlsx: xl/media/image1.png unpacks to 160 MB; a workbook's part may be at most 64 MB",
    ]);
  });

  it('refuses a workbook whose parts together declare more than the limit', async () => {
    const part = Buffer.alloc(40 * MIB);
    const bomb = zipOf([
      ...template,
      { name: 'xl/media/image1.png', data: part },
      { name: 'xl/media/image2.png', data: part },
      { name: 'xl/media/image3.png', data: part },
    ]);
    expect(await problemsOf(bomb)).toEqual(['opening.xlsx: the workbook unpacks to more than 96 MB']);
  });

  it('refuses a workbook with a part that unpacks to more than it declares', async () => {
    const liar = zipOf([...template, { name: 'xl/media/image1.png', data: zeros, declaredSize: 1024 }]);
    const problems = await problemsOf(liar);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^opening\.xlsx: xl\/media\/image1\.png (unpacks to more than the 1024 bytes it declares|cannot be unpacked as it declares)/,
    );
  });

  it('refuses a workbook of more than 1,000 files', async () => {
    const many = Array.from({ length: 1_000 }, (_, i) => ({ name: `xl/media/image${i}.png`, data: Buffer.from('x') }));
    expect(await problemsOf(zipOf([...template, ...many]))).toEqual([
      `opening.xlsx: the workbook holds ${1_000 + template.length} files; at most 1000`,
    ]);
  });
});
