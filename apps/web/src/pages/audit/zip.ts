/**
 * Reads one file out of a zip held in a Blob, in the browser, without a library: the central
 * directory (at the end; ZIP64 too), then that one entry, inflated by the platform's own
 * DecompressionStream and checked against its CRC-32. The audit package is streamed by the API
 * and its manifest is written last; only the directory and the manifest are read, however large
 * the package is.
 */

export class ZipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipError';
  }
}

const SIG_END = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_END = 0x06064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const END_SIZE = 22;
const MAX_COMMENT = 0xffff;
const U32_MAX = 0xffffffff;
const U16_MAX = 0xffff;
/** The directory of a package is a few hundred bytes; this bounds what a broken file can cost. */
const MAX_DIRECTORY_BYTES = 4 * 1024 * 1024;

async function view(blob: Blob, start: number, end: number): Promise<DataView> {
  if (start < 0 || end > blob.size || start > end) throw new ZipError('the zip is cut short');
  return new DataView(await blob.slice(start, end).arrayBuffer());
}

function u64(v: DataView, at: number): number {
  const value = v.getBigUint64(at, true);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipError('a ZIP64 size is out of range');
  return Number(value);
}

interface Directory {
  offset: number;
  size: number;
  entries: number;
}

async function findDirectory(blob: Blob): Promise<Directory> {
  if (blob.size < END_SIZE) throw new ZipError('not a zip file');
  const tailStart = Math.max(0, blob.size - END_SIZE - MAX_COMMENT);
  const tail = await view(blob, tailStart, blob.size);
  for (let at = tail.byteLength - END_SIZE; at >= 0; at--) {
    if (tail.getUint32(at, true) !== SIG_END) continue;
    if (at + END_SIZE + tail.getUint16(at + 20, true) !== tail.byteLength) continue;
    let entries = tail.getUint16(at + 10, true);
    let size = tail.getUint32(at + 12, true);
    let offset = tail.getUint32(at + 16, true);
    if (entries === U16_MAX || size === U32_MAX || offset === U32_MAX) {
      const locatorAt = tailStart + at - 20;
      const locator = await view(blob, locatorAt, locatorAt + 20);
      if (locator.getUint32(0, true) !== SIG_ZIP64_LOCATOR) throw new ZipError('a ZIP64 file without its locator');
      const endAt = u64(locator, 8);
      const end64 = await view(blob, endAt, endAt + 56);
      if (end64.getUint32(0, true) !== SIG_ZIP64_END) throw new ZipError('a ZIP64 file without its end record');
      entries = u64(end64, 32);
      size = u64(end64, 40);
      offset = u64(end64, 48);
    }
    return { offset, size, entries };
  }
  throw new ZipError('not a zip file (no end of central directory)');
}

interface Entry {
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

function zip64Extra(v: DataView, at: number, length: number, entry: Entry): void {
  const end = at + length;
  while (at + 4 <= end) {
    const id = v.getUint16(at, true);
    const size = v.getUint16(at + 2, true);
    if (id === 0x0001) {
      let p = at + 4;
      if (entry.size === U32_MAX) {
        entry.size = u64(v, p);
        p += 8;
      }
      if (entry.compressedSize === U32_MAX) {
        entry.compressedSize = u64(v, p);
        p += 8;
      }
      if (entry.localOffset === U32_MAX) entry.localOffset = u64(v, p);
      return;
    }
    at += 4 + size;
  }
}

async function findEntry(blob: Blob, name: string): Promise<Entry> {
  const dir = await findDirectory(blob);
  if (dir.size > MAX_DIRECTORY_BYTES) throw new ZipError('the zip directory is too large');
  const v = await view(blob, dir.offset, dir.offset + dir.size);
  const decoder = new TextDecoder();
  let at = 0;
  for (let i = 0; i < dir.entries; i++) {
    if (at + 46 > v.byteLength || v.getUint32(at, true) !== SIG_CENTRAL) throw new ZipError('the zip directory is damaged');
    const flags = v.getUint16(at + 8, true);
    const nameLength = v.getUint16(at + 28, true);
    const extraLength = v.getUint16(at + 30, true);
    const commentLength = v.getUint16(at + 32, true);
    const entryName = decoder.decode(new Uint8Array(v.buffer, v.byteOffset + at + 46, nameLength));
    if (entryName === name) {
      if (flags & 0x1) throw new ZipError(`${name} is encrypted`);
      const entry: Entry = {
        method: v.getUint16(at + 10, true),
        crc32: v.getUint32(at + 16, true),
        compressedSize: v.getUint32(at + 20, true),
        size: v.getUint32(at + 24, true),
        localOffset: v.getUint32(at + 42, true),
      };
      zip64Extra(v, at + 46 + nameLength, extraLength, entry);
      return entry;
    }
    at += 46 + nameLength + extraLength + commentLength;
  }
  throw new ZipError(`${name} is not in the zip`);
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

async function readAll(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array> {
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > limit) {
      await reader.cancel();
      throw new ZipError('the file inflates beyond its declared size');
    }
    parts.push(value);
  }
  const out = new Uint8Array(length);
  let p = 0;
  for (const part of parts) {
    out.set(part, p);
    p += part.byteLength;
  }
  return out;
}

/** The bytes of one file of the zip; refuses files larger than maxBytes. */
export async function readZipEntry(blob: Blob, name: string, maxBytes = 16 * 1024 * 1024): Promise<Uint8Array> {
  const entry = await findEntry(blob, name);
  if (entry.size > maxBytes) throw new ZipError(`${name} is larger than ${maxBytes} bytes`);
  const local = await view(blob, entry.localOffset, entry.localOffset + 30);
  if (local.getUint32(0, true) !== SIG_LOCAL) throw new ZipError(`the local header of ${name} is damaged`);
  const start = entry.localOffset + 30 + local.getUint16(26, true) + local.getUint16(28, true);
  if (start + entry.compressedSize > blob.size) throw new ZipError('the zip is cut short');
  const data = blob.slice(start, start + entry.compressedSize);
  let bytes: Uint8Array;
  if (entry.method === 0) bytes = new Uint8Array(await data.arrayBuffer());
  else if (entry.method === 8) {
    try {
      bytes = await readAll(data.stream().pipeThrough(new DecompressionStream('deflate-raw')), entry.size);
    } catch (error) {
      if (error instanceof ZipError) throw error;
      throw new ZipError(`${name} does not inflate: ${error instanceof Error ? error.message : String(error)}`);
    }
  } else throw new ZipError(`${name} uses compression method ${entry.method}`);
  if (bytes.byteLength !== entry.size) throw new ZipError(`${name} has ${bytes.byteLength} bytes, its directory says ${entry.size}`);
  if (crc32(bytes) !== entry.crc32) throw new ZipError(`${name} fails its CRC-32 check`);
  return bytes;
}
