import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { OpeningPositionModule } from '@app/contributions';
import { DatabaseModule } from '@app/database';
import { ExportsModule } from '@app/exports';
import { LedgerModule } from '@app/ledger';
import { ReconciliationModule } from '@app/reconciliation';
import { CLI_CONFIG, CliConfig } from './cli-config';
import { CommanderSettings } from './commander-settings';
import { BackupCommand } from './commands/backup.command';
import { BulkLoadCommand } from './commands/bulk-load.command';
import { ExportGlCommand } from './commands/export-gl.command';
import { ImportOpeningCommand } from './commands/import-opening.command';
import { ImportStatementCommand } from './commands/import-statement.command';
import { MigrateCommand } from './commands/migrate.command';
import { RestoreCommand } from './commands/restore.command';
import { TokenCommand, TokenCreateCommand } from './commands/token.command';
import { UserCommand, UserCreateCommand, UserResetPasswordCommand } from './commands/user.command';
import { VerifyCommand } from './commands/verify.command';

/** The command-line tool: the same services as the API, no HTTP. */
@Module({})
export class CliModule {
  static register(config: CliConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [
        // A small pool: one command at a time, plus the export's dedicated connection.
        DatabaseModule.forUrl(config.databaseUrl, 4),
        // For TokensService, UsersService and AuditService; its guards and interceptor only act on HTTP requests.
        AuthModule.register({ rateLimitPerMinute: 0 }),
        LedgerModule,
        ExportsModule,
        OpeningPositionModule,
        ReconciliationModule,
      ],
      providers: [
        { provide: CLI_CONFIG, useValue: config },
        CommanderSettings,
        MigrateCommand,
        TokenCommand,
        TokenCreateCommand,
        UserCommand,
        UserCreateCommand,
        UserResetPasswordCommand,
        VerifyCommand,
        BulkLoadCommand,
        ExportGlCommand,
        ImportOpeningCommand,
        ImportStatementCommand,
        BackupCommand,
        RestoreCommand,
      ],
    };
  }
}
