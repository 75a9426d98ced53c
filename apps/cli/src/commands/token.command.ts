import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { AuditService, ROLES, Role, TokensService } from '@app/auth';
import { TransactionRunner } from '@app/database';
import { usage } from '../cli-errors';

interface CreateOptions {
  name?: string;
  role?: string;
}

@SubCommand({ name: 'create', description: 'Issue an API token; the token is printed once, on stdout' })
export class TokenCreateCommand extends CommandRunner {
  constructor(
    private readonly db: TransactionRunner,
    private readonly tokens: TokensService,
    private readonly audit: AuditService,
  ) {
    super();
  }

  async run(_params: string[], options: CreateOptions): Promise<void> {
    const name = (options.name ?? '').trim();
    if (name.length < 1 || name.length > 100) throw usage('--name must be 1 to 100 characters');
    const role = options.role ?? '';
    if (!(ROLES as readonly string[]).includes(role)) throw usage(`--role must be one of ${ROLES.join(', ')}`);
    // The token and its audit row commit together, as a POST /v1/tokens would.
    const issued = await this.db.run(async () => {
      const token = await this.tokens.issue(name, role as Role);
      await this.audit.append({
        actorRole: 'cli',
        action: 'CLI token create',
        target: `id=${token.id}`,
        outcome: 'success',
        statusCode: 201,
        detail: { name, role },
      });
      return token;
    });
    process.stderr.write(`token ${issued.id} (${issued.role}) "${issued.name}" created; it is shown only this once:\n`);
    process.stdout.write(`${issued.token}\n`);
  }

  @Option({ flags: '--name <name>', description: 'Who or what holds the token', required: true })
  parseName(value: string): string {
    return value;
  }

  @Option({ flags: '--role <role>', description: `One of ${ROLES.join(', ')}`, required: true })
  parseRole(value: string): string {
    return value;
  }
}

@Command({ name: 'token', description: 'Manage API tokens', subCommands: [TokenCreateCommand] })
export class TokenCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}
