import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { Inject } from '@nestjs/common';
import { Command, CommandRunner } from 'nest-commander';
import { AuditService } from '@app/auth';
import { restoreBackup, RestorePhase } from '@app/database';
import { VerificationService } from '@app/ledger';
import { CLI_CONFIG, CliConfig } from '../cli-config';
import { CliError, usage } from '../cli-errors';
import { progressBar } from '../progress';

@Command({
  name: 'restore',
  arguments: '<file>',
  description:
    'Restore a backup into an empty database, then verify the hash chain and compare every count with the manifest',
})
export class RestoreCommand extends CommandRunner {
  constructor(
    @Inject(CLI_CONFIG) private readonly config: CliConfig,
    private readonly verification: VerificationService,
    private readonly audit: AuditService,
  ) {
    super();
  }

  async run(params: string[]): Promise<void> {
    const file = params[0];
    if (file === undefined || !existsSync(file) || !statSync(file).isFile()) throw usage(`no such file: ${file}`);

    let bar: ReturnType<typeof progressBar> | undefined;
    let shown: RestorePhase | undefined;
    const result = await restoreBackup(this.config.databaseUrl, file, {
      onProgress: (phase, done, total) => {
        if (shown !== phase) {
          bar?.stop();
          bar = progressBar(phase === 'checking' ? 'check' : 'restore', total);
          shown = phase;
        }
        bar?.update(done);
      },
    }).finally(() => bar?.stop());
    const m = result.manifest;
    process.stdout.write(
      `restored ${path.basename(file)} (${m.method} backup of ${m.createdAt}): ${result.tables.length} tables, ` +
        `${result.rows} rows; every table's row count matches the manifest (${(result.elapsedMs / 1000).toFixed(1)} s)\n`,
    );
    if (result.migrationsApplied.length > 0) {
      process.stdout.write(`migrations newer than the backup applied: ${result.migrationsApplied.join(', ')}\n`);
    }

    const verification = await this.verification.verify();
    if (!verification.ok) {
      throw new CliError(
        `restored, but the chain does not verify: broken at sequence ${verification.firstBrokenSequence ?? '?'}: ${verification.problem ?? 'unknown problem'}`,
      );
    }
    const expected = m.chainHead ?? { sequence: 0, hash: '0'.repeat(64) };
    if (verification.entries !== expected.sequence || verification.head !== expected.hash) {
      throw new CliError(
        `restored, but the chain (${verification.entries} entries, head ${verification.head}) is not the manifest's ` +
          `(${expected.sequence} entries, head ${expected.hash})`,
      );
    }
    process.stdout.write(`chain ok: ${verification.entries} entries, head ${verification.head}, as in the manifest\n`);
    await this.audit.append({
      actorRole: 'cli',
      action: 'CLI restore',
      target: path.basename(file),
      outcome: 'success',
      statusCode: 201,
      detail: { backupCreatedAt: m.createdAt, method: m.method, rows: result.rows, chainHead: verification.entries },
    });
  }
}
