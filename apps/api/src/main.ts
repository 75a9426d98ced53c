import 'reflect-metadata';
import { ConfigError, loadConfig } from '@app/common';
import { runMigrations, startEmbeddedPostgres } from '@app/database';
import { TokensService, UsersService } from '@app/auth';
import { createApp } from './app.factory';
import { dailyBackupSettings, startDailyBackups } from './daily-backups';

async function main(): Promise<void> {
  const config = loadConfig();
  const backups = dailyBackupSettings(config);
  let stopDatabase = async (): Promise<void> => undefined;
  let databaseUrl = config.databaseUrl;
  if (databaseUrl === undefined) {
    const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPostgresPort });
    process.stdout.write(`embedded PostgreSQL: data in ${embedded.dataDir}, port ${config.embeddedPostgresPort}\n`);
    databaseUrl = embedded.url;
    stopDatabase = embedded.stop;
  }
  const applied = await runMigrations(databaseUrl);
  if (applied.length > 0) process.stdout.write(`migrations applied: ${applied.join(', ')}\n`);

  const app = await createApp({ ...config, databaseUrl });
  const firstAdmin = await app.get(TokensService).bootstrapAdmin(config.adminToken);
  if (firstAdmin) {
    process.stdout.write(`\nFirst start: an admin token was created. It is shown only this once:\n\n  ${firstAdmin}\n\n`);
  }
  const firstUser = await app.get(UsersService).bootstrapFirstAdmin();
  if (firstUser) {
    process.stdout.write(
      `\nFirst start: sign in to the console as '${firstUser.username}' with this password, shown only this once\n` +
        `(change it once signed in: POST /v1/auth/password):\n\n  ${firstUser.password}\n\n`,
    );
  }
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: stopping\n`);
    void app
      .close()
      .then(stopDatabase)
      .finally(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  await app.listen(config.port, '0.0.0.0');
  startDailyBackups(backups, databaseUrl);
  process.stdout.write(`Contributions Ledger API on http://localhost:${config.port} (OpenAPI at /docs)\n`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`Configuration error: ${error.message}\n`);
  } else {
    process.stderr.write(`Start-up failed: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exit(1);
});
