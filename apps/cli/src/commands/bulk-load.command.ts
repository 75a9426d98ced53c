import { Command, CommandRunner, Option } from 'nest-commander';
import { AuditService } from '@app/auth';
import { BulkLoaderService, isIsoDate, MAX_BULK_BATCH_SIZE, syntheticLedger } from '@app/ledger';
import { usage, wholeNumber } from '../cli-errors';
import { progressBar } from '../progress';

interface BulkLoadOptions {
  entries?: string;
  seed?: string;
  batchSize?: string;
  startDate?: string;
  days?: string;
  members?: string;
}

const MAX_ENTRIES = 100_000_000;

@Command({
  name: 'bulk-load',
  description: 'Append a synthetic, balanced ledger through the bulk loader (benchmarks, demos)',
})
export class BulkLoadCommand extends CommandRunner {
  constructor(
    private readonly loader: BulkLoaderService,
    private readonly audit: AuditService,
  ) {
    super();
  }

  async run(_params: string[], options: BulkLoadOptions): Promise<void> {
    const entries = wholeNumber('entries', options.entries, 1, MAX_ENTRIES);
    const seed = wholeNumber('seed', options.seed ?? '1', 0, 2 ** 32 - 1);
    const batchSize = wholeNumber('batch-size', options.batchSize ?? '1000', 1, MAX_BULK_BATCH_SIZE);
    const days = wholeNumber('days', options.days ?? '1095', 1, 36_500);
    const startDate = options.startDate ?? '2005-01-01';
    if (!isIsoDate(startDate)) throw usage('--start-date must be a calendar date YYYY-MM-DD');
    const members = (options.members ?? '')
      .split(',')
      .map((m) => m.trim())
      .filter((m) => m !== '');
    if (members.some((m) => !/^[A-Z]{3}$/.test(m)))
      throw usage('--members must be ISO 3166 alpha-3 codes separated by commas');

    const bar = progressBar('bulk-load', entries);
    const started = Date.now();
    const result = await this.loader
      .load(syntheticLedger({ seed, entries, startDate, days, members }), {
        batchSize,
        onProgress: (p) => bar.update(p.entries),
      })
      .finally(() => bar.stop());
    const seconds = (Date.now() - started) / 1000;
    await this.audit.append({
      actorRole: 'cli',
      action: 'CLI bulk-load',
      target: `sequences=${result.lastSequence - result.entries + 1}..${result.lastSequence}`,
      outcome: 'success',
      statusCode: 201,
      detail: { entries: result.entries, postings: result.postings, seed, batchSize },
    });
    process.stdout.write(
      `loaded ${result.entries} entries (${result.postings} postings) in ${seconds.toFixed(1)} s ` +
        `(${Math.round(result.postings / Math.max(seconds, 0.001))} postings/s); chain head ${result.lastSequence} ${result.headHash}\n`,
    );
  }

  @Option({ flags: '--entries <n>', description: 'Journal entries to generate', required: true })
  parseEntries(value: string): string {
    return value;
  }

  @Option({ flags: '--seed <s>', description: 'Seed of the generator (same seed, same ledger); default 1' })
  parseSeed(value: string): string {
    return value;
  }

  @Option({
    flags: '--batch-size <n>',
    description: `Entries per transaction (1 to ${MAX_BULK_BATCH_SIZE}); default 1000`,
  })
  parseBatchSize(value: string): string {
    return value;
  }

  @Option({ flags: '--start-date <date>', description: 'First value date; default 2005-01-01' })
  parseStartDate(value: string): string {
    return value;
  }

  @Option({ flags: '--days <n>', description: 'Value dates spread over this many days; default 1095' })
  parseDays(value: string): string {
    return value;
  }

  @Option({
    flags: '--members <codes>',
    description: 'Existing member codes to tag receivable/revenue lines with, e.g. MEX,GTM',
  })
  parseMembers(value: string): string {
    return value;
  }
}
