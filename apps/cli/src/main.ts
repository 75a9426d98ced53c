import 'reflect-metadata';
import * as path from 'node:path';
import { CommandFactory } from 'nest-commander';
import { Client } from 'pg';
import { ConfigError, loadConfig } from '@app/common';
import { isServerRunning, resolveDataDir, startEmbeddedPostgres } from '@app/database';
import { CliModule } from './cli.module';
import { describeFailure, EXIT_OK, EXIT_USAGE } from './cli-errors';
import { runVerifyPackage } from './verify-package';

/**
 * `npm run cli -- <command>`: connects like the API (DATABASE_URL, else the embedded PostgreSQL),
 * runs one command, and exits 0 (done), 1 (failed, e.g. a broken chain) or 2 (bad usage or
 * configuration) with one line on stderr saying why.
 */
async function main(): Promise<void> {
  // Auditors check a package without the server or its database.
  if (process.argv[2] === 'verify-package') {
    process.exitCode = await runVerifyPackage(process.argv.slice(3));
    return;
  }
  const config = loadConfig();
  let databaseUrl = config.databaseUrl;
  let stopDatabase = async (): Promise<void> => undefined;
  if (databaseUrl === undefined) {
    // Leave a server the API is using running; stop only one this process started.
    const startedHere = !isServerRunning(resolveDataDir(path.resolve(config.dataDir)));
    const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPostgresPort });
    databaseUrl = embedded.url;
    if (startedHere) stopDatabase = embedded.stop;
  }
  try {
    await assertReachable(databaseUrl);
    await CommandFactory.run(CliModule.register({ databaseUrl }), {
      cliName: 'ledger',
      logger: ['error'],
      abortOnError: false,
      // Usage errors are thrown (see CommanderSettings) after commander printed its message or the help.
      errorHandler: (error) => {
        throw error;
      },
      serviceErrorHandler: (error) => {
        const commander = error as Error & { code?: string; exitCode?: number };
        if (typeof commander.code === 'string' && commander.code.startsWith('commander.')) {
          process.exitCode = commander.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
          return;
        }
        const failure = describeFailure(error);
        process.stderr.write(`error: ${failure.line}\n`);
        process.exitCode = failure.exitCode;
      },
    });
  } finally {
    await stopDatabase();
  }
}

/** Fails fast with one line when the database is away (TypeORM would retry for half a minute). */
async function assertReachable(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`error: configuration: ${error.message}\n`);
    process.exitCode = EXIT_USAGE;
    return;
  }
  const failure = describeFailure(error);
  process.stderr.write(`error: ${failure.line}\n`);
  process.exitCode = failure.exitCode;
});
