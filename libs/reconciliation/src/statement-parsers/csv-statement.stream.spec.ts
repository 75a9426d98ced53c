import { Dec } from '@app/common';
import { parseCsvStatementStream } from './index';

const LINE_COUNT = 100_000;
/** Cut sizes in bytes, cycled: tiny and large, none aligned to lines. */
const CUT_SIZES = [1, 7, 64, 1000, 3, 8191, 2, 4096];

interface SourceStats {
  bytes: number;
  chunks: number;
  cutsMidLine: number;
  cutsInQuotedField: number;
  cutsInUtf8Character: number;
  expectedNetCents: bigint;
}

function csvLine(i: number): { text: string; cents: bigint } {
  const cents = BigInt(((i * 7919) % 1_000_000) + 1); // 0.01 .. 10,000.00
  const sign = i % 3 === 0 ? '-' : i % 3 === 1 ? '+' : '';
  const amount = `${sign}${cents / 100n}.${(cents % 100n).toString().padStart(2, '0')}`;
  const day = String((i % 28) + 1).padStart(2, '0');
  const text = `2024-02-${day},${amount},REF-${i},"Paiement ${i}, lot ""B${i % 97}"" — reçu"\r\n`;
  return { text, cents: sign === '-' ? -cents : cents };
}

/**
 * A 100,000-line CSV produced lazily as Buffers cut at CUT_SIZES, so cuts fall mid-line, inside
 * quoted fields and inside multi-byte UTF-8 characters; only one chunk exists at a time.
 */
async function* generatedCsv(stats: SourceStats): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [Buffer.from('\ufeffdate,amount,reference,description\r\n')];
  let partsLength = parts[0].length;
  let quotesSeen = 0;
  let cut = 0;
  const emit = (chunk: Buffer, next: number | undefined): Buffer => {
    stats.bytes += chunk.length;
    stats.chunks++;
    for (const byte of chunk) if (byte === 0x22) quotesSeen++;
    if (chunk[chunk.length - 1] !== 0x0a) stats.cutsMidLine++;
    if (quotesSeen % 2 === 1) stats.cutsInQuotedField++;
    if (next !== undefined && (next & 0xc0) === 0x80) stats.cutsInUtf8Character++;
    return chunk;
  };
  for (let i = 0; i < LINE_COUNT; i++) {
    const { text, cents } = csvLine(i);
    stats.expectedNetCents += cents;
    const bytes = Buffer.from(text);
    parts.push(bytes);
    partsLength += bytes.length;
    if (partsLength <= CUT_SIZES[cut % CUT_SIZES.length]) continue;
    let pending = Buffer.concat(parts);
    while (pending.length > CUT_SIZES[cut % CUT_SIZES.length]) {
      const size = CUT_SIZES[cut++ % CUT_SIZES.length];
      yield emit(pending.subarray(0, size), pending[size]);
      pending = pending.subarray(size);
    }
    parts = [pending];
    partsLength = pending.length;
  }
  const rest = Buffer.concat(parts);
  yield emit(rest, undefined);
}

function formatCents(cents: bigint): string {
  const abs = cents < 0n ? -cents : cents;
  return `${cents < 0n ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

describe('parseCsvStatementStream — 100,000 lines in chunks cut anywhere', () => {
  it('yields every line, as soon as it is complete, and the amounts sum exactly', async () => {
    const stats: SourceStats = { bytes: 0, chunks: 0, cutsMidLine: 0, cutsInQuotedField: 0, cutsInUtf8Character: 0, expectedNetCents: 0n };
    let count = 0;
    let net = new Dec(0);
    let bytesReadAtFirstLine = -1;
    let lastLineNumber = 0;
    let lastReference = '';

    for await (const line of parseCsvStatementStream(generatedCsv(stats), { currency: 'EUR', minorUnits: 2 })) {
      if (count === 0) bytesReadAtFirstLine = stats.bytes;
      count++;
      net = line.direction === 'credit' ? net.plus(line.amount) : net.minus(line.amount);
      lastLineNumber = line.lineNumber;
      lastReference = line.reference;
    }

    expect(count).toBe(LINE_COUNT);
    expect(net.toFixed(2)).toBe(formatCents(stats.expectedNetCents));
    expect(lastLineNumber).toBe(LINE_COUNT + 1);
    expect(lastReference).toBe(`REF-${LINE_COUNT - 1}`);
    // The generator really cut where it is hard to cut.
    expect(stats.cutsMidLine).toBeGreaterThan(1000);
    expect(stats.cutsInQuotedField).toBeGreaterThan(1000);
    expect(stats.cutsInUtf8Character).toBeGreaterThan(10);
    // Streaming, not buffering: the first line came out before 1% of the file was read.
    expect(bytesReadAtFirstLine).toBeGreaterThan(0);
    expect(bytesReadAtFirstLine).toBeLessThan(stats.bytes / 100);
  });

  it('parses a generated line with its quoted comma, escaped quotes and accents intact', async () => {
    const stats: SourceStats = { bytes: 0, chunks: 0, cutsMidLine: 0, cutsInQuotedField: 0, cutsInUtf8Character: 0, expectedNetCents: 0n };
    const iterator = parseCsvStatementStream(generatedCsv(stats), { currency: 'EUR', minorUnits: 2 });
    const first = await iterator.next();
    const second = await iterator.next();
    await iterator.return(undefined);
    expect(first.done).toBe(false);
    expect(second.done).toBe(false);
    if (first.done || second.done) return;
    expect(first.value).toMatchObject({ lineNumber: 2, bookingDate: '2024-02-01', direction: 'debit', reference: 'REF-0', description: 'Paiement 0, lot "B0" — reçu' });
    expect(first.value.amount.toFixed(2)).toBe('0.01');
    expect(second.value).toMatchObject({ lineNumber: 3, bookingDate: '2024-02-02', direction: 'credit', reference: 'REF-1', description: 'Paiement 1, lot "B1" — reçu' });
    expect(second.value.amount.toFixed(2)).toBe('79.20');
  });
});
