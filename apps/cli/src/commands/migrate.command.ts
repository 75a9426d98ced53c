import { Inject } from '@nestjs/common';
import { Command, CommandRunner } from 'nest-commander';
import { runMigrations } from '@app/database';
import { CLI_CONFIG, CliConfig } from '../cli-config';

@Command({ name: 'migrate', description: 'Apply pending database migrations and print which ran' })
export class MigrateCommand extends CommandRunner {
  constructor(@Inject(CLI_CONFIG) private readonly config: CliConfig) {
    super();
  }

  async run(): Promise<void> {
    const applied = await runMigrations(this.config.databaseUrl);
    if (applied.length === 0) {
      process.stdout.write('no pending migrations\n');
      return;
    }
    for (const name of applied) process.stdout.write(`applied ${name}\n`);
    process.stdout.write(`${applied.length} migration(s) applied\n`);
  }
}
