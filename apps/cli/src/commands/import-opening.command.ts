import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SingleBar } from 'cli-progress';
import { Command, CommandRunner, Option } from 'nest-commander';
import { AuditService } from '@app/auth';
import {
  OPENING_POSITION_MAX_BYTES,
  OpeningOutcome,
  OpeningPositionService,
  OpeningRecordRefused,
  OpeningSummary,
} from '@app/contributions';
import { CliError, usage } from '../cli-errors';
import { progressBar } from '../progress';

interface ImportOpeningOptions {
  dryRun?: boolean;
}

/** Problems printed one per line; beyond this many only their number is given. */
const MAX_PROBLEMS_PRINTED = 1_000;

@Command({
  name: 'import-opening',
  arguments: '<file>',
  description:
    'Import an opening position (members, budgets with lines and scale, assessments, payments) from the CSV or XLSX template of docs/opening-position.md; every row is checked first, records already present are skipped',
})
export class ImportOpeningCommand extends CommandRunner {
  constructor(
    private readonly opening: OpeningPositionService,
    private readonly audit: AuditService,
  ) {
    super();
  }

  async run(params: string[], options: ImportOpeningOptions): Promise<void> {
    const file = params[0];
    if (file === undefined || file === '') throw usage('name the file to import: import-opening FILE [--dry-run]');
    const bytes = readFile(file);
    const dryRun = options.dryRun === true;
    let bar: SingleBar | undefined;
    const outcome = await this.opening
      .import(file, bytes, {
        dryRun,
        onProgress: (done, total) => {
          if (total === 0) return;
          bar ??= progressBar('import-opening', total);
          bar.setTotal(total);
          bar.update(done);
        },
        beforeCommit: (o) =>
          this.audit.append({
            actorRole: 'cli',
            action: 'CLI import-opening',
            target: `file=${path.basename(file)} sha256=${o.file.sha256}`,
            outcome: 'success',
            statusCode: 201,
            detail: { format: o.file.format, rows: o.file.rows, ...o.summary },
          }),
      })
      .catch((error: unknown) => {
        // A service refused a record while posting: the whole import was rolled back.
        throw error instanceof OpeningRecordRefused ? new CliError(error.message) : error;
      })
      .finally(() => bar?.stop());

    if (dryRun) process.stdout.write(describeSummary(outcome.summary, 'to create'));
    if (outcome.problems.length > 0) {
      for (const p of outcome.problems.slice(0, MAX_PROBLEMS_PRINTED)) process.stderr.write(`${p}\n`);
      if (outcome.problems.length > MAX_PROBLEMS_PRINTED) {
        process.stderr.write(`... and ${outcome.problems.length - MAX_PROBLEMS_PRINTED} more\n`);
      }
      throw new CliError(`${outcome.problems.length} problem(s) in ${file}; nothing was written`);
    }
    if (dryRun) {
      process.stdout.write(`${header(outcome)}: no problems; dry run, nothing was written\n`);
      return;
    }
    process.stdout.write(describeSummary(outcome.summary, 'created'));
    process.stdout.write(`${header(outcome)}: imported\n`);
  }

  @Option({ flags: '--dry-run', description: 'Check every row and say what would be created; write nothing' })
  parseDryRun(): boolean {
    return true;
  }
}

function readFile(file: string): Buffer {
  let size: number;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw usage(`${file} is not a file`);
    size = stat.size;
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw usage(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  if (size > OPENING_POSITION_MAX_BYTES)
    throw usage(`${file} is larger than ${OPENING_POSITION_MAX_BYTES / 1_048_576} MB`);
  return fs.readFileSync(file);
}

const header = (o: OpeningOutcome): string => `${o.file.name} (${o.file.format}, ${o.file.rows} rows)`;

function describeSummary(summary: OpeningSummary, verb: string): string {
  return (Object.keys(summary) as (keyof OpeningSummary)[])
    .map((kind) => `${kind}: ${summary[kind].created} ${verb}, ${summary[kind].present} already present\n`)
    .join('');
}
