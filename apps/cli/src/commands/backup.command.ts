import * as fs from 'node:fs';
import * as path from 'node:path';
import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { BACKUP_METHODS, backupFileName, BackupMethodChoice, writeBackup } from '@app/database';
import { CLI_CONFIG, CliConfig } from '../cli-config';
import { usage } from '../cli-errors';
import { progressBar } from '../progress';

interface BackupOptions {
  out?: string;
  method?: string;
}

const METHOD_CHOICES: readonly BackupMethodChoice[] = ['auto', ...BACKUP_METHODS];

@Command({
  name: 'backup',
  description:
    'Write a consistent backup of the whole database (one snapshot, while the API keeps serving) into one zip with a manifest',
})
export class BackupCommand extends CommandRunner {
  constructor(@Inject(CLI_CONFIG) private readonly config: CliConfig) {
    super();
  }

  async run(_params: string[], options: BackupOptions): Promise<void> {
    const method = (options.method ?? 'auto') as BackupMethodChoice;
    if (!METHOD_CHOICES.includes(method)) throw usage(`--method must be one of ${METHOD_CHOICES.join(', ')}`);
    const out = options.out ?? backupFileName(new Date());
    if (out === '') throw usage('--out must name a file');
    if (fs.existsSync(out)) throw usage(`${out} already exists: name a new file`);
    if (!fs.existsSync(path.dirname(path.resolve(out)))) throw usage(`no such folder: ${path.dirname(out)}`);

    let bar: ReturnType<typeof progressBar> | undefined;
    const result = await writeBackup(this.config.databaseUrl, out, {
      method,
      onProgress: (p) => {
        bar ??= progressBar('backup', p.tables);
        bar.update(p.tablesDone);
      },
    }).finally(() => bar?.stop());
    const m = result.manifest;
    const head = m.chainHead === null ? 'no ledger' : `chain head ${m.chainHead.sequence} ${m.chainHead.hash}`;
    process.stdout.write(
      `backup written to ${out}: ${m.totals.tables} tables, ${m.totals.rows} rows, ${head}; ` +
        `${(result.bytes / 1_048_576).toFixed(1)} MB in ${(result.elapsedMs / 1000).toFixed(1)} s (${m.method})\n`,
    );
  }

  @Option({ flags: '--out <file>', description: 'File to write (default: ledger-backup-<UTC time>.zip here)' })
  parseOut(value: string): string {
    return value;
  }

  @Option({
    flags: '--method <method>',
    description: 'auto (default: pg_dump when one as new as the server is installed, else copy), copy or pg_dump',
  })
  parseMethod(value: string): string {
    return value;
  }
}
