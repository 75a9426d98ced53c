// @vitest-environment node
import { ZipArchive } from 'archiver';
import { randomBytes } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseManifest, readManifest } from './manifest';
import { crc32, readZipEntry, ZipError } from './zip';

/** A zip written by the same library the API writes audit packages with. */
async function zipOf(
  files: { name: string; content: string | Buffer; stream?: boolean }[],
  options: { store?: boolean; forceZip64?: boolean; comment?: string } = {},
): Promise<Blob> {
  const archive = new ZipArchive({ zlib: { level: 6 }, store: options.store, forceZip64: options.forceZip64, comment: options.comment });
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((resolve) => sink.on('end', resolve));
  archive.pipe(sink);
  for (const f of files) {
    // The API streams its files in (sizes in data descriptors, after the data), as here.
    archive.append(f.stream ? Readable.from([f.content]) : f.content, { name: f.name, date: new Date('2005-12-31T00:00:00Z') });
  }
  await archive.finalize();
  await ended;
  return new Blob([Buffer.concat(chunks)]);
}

const MANIFEST = {
  format: 'audit-package/v2',
  fiscalYear: 2005,
  baseCurrency: 'USD',
  startsOn: '2005-01-01',
  endsOn: '2005-12-31',
  yearStatus: 'open',
  generatedAt: '2026-12-02T10:00:00.000Z',
  chainHead: 'a'.repeat(64),
  firstSequence: 40,
  lastSequence: 97,
  prevHashBeforeYear: 'b'.repeat(64),
  entriesInYear: 58,
  textFields: 'rule',
  files: [{ name: 'journal-2005.csv', kind: 'journal', sha256: 'c'.repeat(64), rows: 140, bytes: 52_000 }],
};

describe('readZipEntry: one file out of a zip, from its central directory', () => {
  const big = randomBytes(300_000).toString('base64');

  it.each([
    ['deflated, streamed in (data descriptors)', {}, true],
    ['deflated, from a buffer', {}, false],
    ['stored', { store: true }, true],
    ['ZIP64 records', { forceZip64: true }, true],
    ['with an archive comment', { comment: 'Contributions Ledger' }, true],
  ] as const)('%s', async (_what, options, stream) => {
    const zip = await zipOf(
      [
        { name: 'journal-2005.csv', content: big, stream },
        { name: 'manifest.json', content: JSON.stringify(MANIFEST), stream },
      ],
      options,
    );
    expect(new TextDecoder().decode(await readZipEntry(zip, 'manifest.json'))).toBe(JSON.stringify(MANIFEST));
    expect(new TextDecoder().decode(await readZipEntry(zip, 'journal-2005.csv'))).toBe(big);
    expect(await readManifest(zip)).toEqual(MANIFEST);
  });

  it('follows the ZIP64 end record when the classic one holds only markers (packages past 4 GiB)', async () => {
    const zip = await zipOf([{ name: 'manifest.json', content: JSON.stringify(MANIFEST), stream: true }], { forceZip64: true });
    const bytes = new Uint8Array(await zip.arrayBuffer());
    const end = new DataView(bytes.buffer, bytes.length - 22, 22);
    expect(end.getUint32(0, true)).toBe(0x06054b50);
    end.setUint16(8, 0xffff, true);
    end.setUint16(10, 0xffff, true);
    end.setUint32(12, 0xffffffff, true);
    end.setUint32(16, 0xffffffff, true);
    expect(await readManifest(new Blob([bytes]))).toEqual(MANIFEST);
  });

  it('names a file that is not there', async () => {
    const zip = await zipOf([{ name: 'journal-2005.csv', content: 'x' }]);
    await expect(readZipEntry(zip, 'manifest.json')).rejects.toThrow(new ZipError('manifest.json is not in the zip'));
  });

  it.each([
    ['an empty file', new Blob([])],
    ['a problem+json answer', new Blob([JSON.stringify({ status: 409, detail: 'no entries in 2099' })])],
  ])('refuses %s', async (_what, blob) => {
    await expect(readZipEntry(blob, 'manifest.json')).rejects.toThrow(ZipError);
  });

  it('finds a damaged file by its CRC-32, and a cut-short one', async () => {
    const zip = await zipOf([{ name: 'manifest.json', content: JSON.stringify(MANIFEST) }], { store: true });
    const bytes = new Uint8Array(await zip.arrayBuffer());
    const at = Buffer.from(bytes).indexOf('"fiscalYear":2005');
    bytes[at + 14] = '6'.charCodeAt(0);
    await expect(readZipEntry(new Blob([bytes]), 'manifest.json')).rejects.toThrow('manifest.json fails its CRC-32 check');
    await expect(readZipEntry(new Blob([bytes.subarray(0, bytes.length - 10)]), 'manifest.json')).rejects.toThrow(ZipError);
  });

  it('refuses a file larger than asked for', async () => {
    const zip = await zipOf([{ name: 'journal-2005.csv', content: big }]);
    await expect(readZipEntry(zip, 'journal-2005.csv', 1000)).rejects.toThrow('journal-2005.csv is larger than 1000 bytes');
  });

  it.each([
    ['', 0],
    ['a', 0xe8b7be43],
    ['123456789', 0xcbf43926],
  ])('crc32(%j) = %i', (text, expected) => {
    expect(crc32(new TextEncoder().encode(text))).toBe(expected);
  });
});

describe('parseManifest', () => {
  it('names every field that is not what the API writes', () => {
    expect(() => parseManifest(JSON.stringify({ ...MANIFEST, chainHead: 1, files: [{ name: 'x' }] }))).toThrow(
      'manifest.json: unexpected chainHead, files',
    );
    expect(() => parseManifest('not json')).toThrow('manifest.json is not JSON');
  });
});
