import * as yauzl from 'yauzl';

export interface ZipLimits {
  maxEntries: number;
  /** Unpacked bytes of any one entry. */
  maxEntryBytes: number;
  /** Unpacked bytes of all the entries together. */
  maxTotalBytes: number;
}

/** What is wrong with a zip: it cannot be read as a zip at all, or it unpacks to too much. */
export type ZipProblem = { kind: 'unreadable'; detail: string } | { kind: 'too_large'; detail: string };

const MIB = 1_048_576;
const unreadable = (error: unknown): ZipProblem => ({
  kind: 'unreadable',
  detail: error instanceof Error ? error.message : String(error),
});
const tooLarge = (detail: string): ZipProblem => ({ kind: 'too_large', detail });
const mib = (bytes: number): string => `${Math.round((bytes / MIB) * 10) / 10} MB`;

/**
 * Checks what a zip (an XLSX) unpacks to before anything loads it: a small file may unpack to
 * gigabytes. First the sizes the central directory declares, without unpacking anything; then
 * every entry is inflated once, counting its bytes and stopping at the first byte beyond the size
 * it declared, so an entry that lies about its size is refused too. Returns what is wrong, or
 * undefined when the zip is readable and within the limits.
 *
 * A reader that goes by the central directory (JSZip, as exceljs's Workbook.xlsx.load does)
 * inflates exactly the bytes counted here. Memory stays at one inflate buffer: nothing is kept.
 */
export async function checkZipLimits(bytes: Buffer, limits: ZipLimits): Promise<ZipProblem | undefined> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true, autoClose: false, validateEntrySizes: true });
  } catch (error) {
    return unreadable(error);
  }
  try {
    if (zip.entryCount > limits.maxEntries)
      return tooLarge(`the workbook holds ${zip.entryCount} files; at most ${limits.maxEntries}`);
    const entries: yauzl.Entry[] = [];
    let declaredTotal = 0;
    for await (const entry of zip.eachEntry()) {
      if (entry.uncompressedSize > limits.maxEntryBytes) {
        return tooLarge(
          `${entry.fileName} unpacks to ${mib(entry.uncompressedSize)}; a workbook's part may be at most ${mib(limits.maxEntryBytes)}`,
        );
      }
      declaredTotal += entry.uncompressedSize;
      if (declaredTotal > limits.maxTotalBytes) {
        return tooLarge(`the workbook unpacks to more than ${mib(limits.maxTotalBytes)}`);
      }
      entries.push(entry);
    }
    for (const entry of entries) {
      const problem = await inflateCounting(zip, entry);
      if (problem) return problem;
    }
    return undefined;
  } catch (error) {
    return unreadable(error);
  } finally {
    zip.close();
  }
}

/** Inflates one entry to nowhere, refusing it at the first byte beyond its declared size. */
async function inflateCounting(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<ZipProblem | undefined> {
  if (entry.fileName.endsWith('/')) return undefined;
  const stream = await zip.openReadStreamPromise(entry);
  let count = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      count += chunk.length;
      if (count > entry.uncompressedSize) {
        return tooLarge(`${entry.fileName} unpacks to more than the ${entry.uncompressedSize} bytes it declares`);
      }
    }
  } catch (error) {
    // yauzl's own count (validateEntrySizes) and a corrupt deflate stream end here.
    return tooLarge(
      `${entry.fileName} cannot be unpacked as it declares (${error instanceof Error ? error.message : String(error)})`,
    );
  } finally {
    stream.destroy();
  }
  if (count !== entry.uncompressedSize)
    return unreadable(`${entry.fileName} unpacks to ${count} bytes, not the ${entry.uncompressedSize} it declares`);
  return undefined;
}
