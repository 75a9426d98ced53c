import { once } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Command, CommandRunner, Option } from 'nest-commander';
import { GeneralLedgerService, parseGlFormat, parseGlRange } from '@app/exports';
import { usage } from '../cli-errors';

interface ExportOptions {
  from?: string;
  to?: string;
  format?: string;
  out?: string;
}

@Command({
  name: 'export-gl',
  description: 'Write the general ledger (the same stream as GET /v1/exports/general-ledger) to a file',
})
export class ExportGlCommand extends CommandRunner {
  constructor(private readonly generalLedger: GeneralLedgerService) {
    super();
  }

  async run(_params: string[], options: ExportOptions): Promise<void> {
    const range = parseGlRange(options.from, options.to);
    const format = parseGlFormat(options.format);
    const out = options.out;
    if (out === undefined || out === '') throw usage('--out must name a file, or - for stdout');
    const started = Date.now();
    // A file is written beside its target and renamed at the end: a failed export never leaves a file that looks whole.
    const partial =
      out === '-'
        ? undefined
        : path.join(path.dirname(path.resolve(out)), `.${path.basename(out)}.${process.pid}.partial`);
    let bytes = 0;
    let rows = 0;
    try {
      const sink: Writable = partial === undefined ? process.stdout : fs.createWriteStream(partial, { flags: 'wx' });
      if (partial !== undefined) await once(sink, 'open');
      const file = await this.generalLedger.open(range, format);
      const written = pipeline(file.stream, sink, { end: partial !== undefined });
      file.stream.on('data', (chunk: Buffer) => (bytes += chunk.length));
      await written;
      await file.done;
      rows = file.rows();
      if (partial !== undefined) fs.renameSync(partial, out);
    } catch (error) {
      if (partial !== undefined) fs.rmSync(partial, { force: true });
      throw error;
    }
    const seconds = (Date.now() - started) / 1000;
    const mb = bytes / 1_048_576;
    process.stderr.write(
      `exported ${rows} postings as ${format} (${mb.toFixed(1)} MB) in ${seconds.toFixed(1)} s ` +
        `(${(mb / Math.max(seconds, 0.001)).toFixed(1)} MB/s)${out === '-' ? '' : ` to ${out}`}\n`,
    );
  }

  @Option({ flags: '--from <date>', description: 'First value date included (YYYY-MM-DD)' })
  parseFrom(value: string): string {
    return value;
  }

  @Option({ flags: '--to <date>', description: 'Last value date included (YYYY-MM-DD)' })
  parseTo(value: string): string {
    return value;
  }

  @Option({ flags: '--format <format>', description: 'csv (default), jsonl or xlsx' })
  parseFormat(value: string): string {
    return value;
  }

  @Option({ flags: '--out <file>', description: 'File to write (- for stdout)', required: true })
  parseOut(value: string): string {
    return value;
  }
}
