import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { generatePassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, ROLES, Role, USERNAME, UsersService } from '@app/auth';
import { usage } from '../cli-errors';

interface CreateOptions {
  username?: string;
  displayName?: string;
  role?: string;
  passwordStdin?: boolean;
}

interface ResetOptions {
  username?: string;
  passwordStdin?: boolean;
}

const CLI_ACTOR = { role: 'cli' };

/** The password from stdin (its first line), or a generated one; `generated` says which. */
async function passwordFrom(stdin: boolean | undefined): Promise<{ password: string; generated: boolean }> {
  if (!stdin) return { password: generatePassword(), generated: true };
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of process.stdin) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    bytes += buffer.length;
    if (bytes > 8_192) throw usage('--password-stdin: the input is too long');
    chunks.push(buffer);
  }
  const password = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
    throw usage(`--password-stdin: the password must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters long`);
  }
  return { password, generated: false };
}

function printGenerated(username: string, password: string): void {
  process.stderr.write(`password of '${username}', shown only this once:\n`);
  process.stdout.write(`${password}\n`);
}

@SubCommand({
  name: 'create',
  description: 'Create a person who signs in to the console; without --password-stdin a password is generated and printed once on stdout',
})
export class UserCreateCommand extends CommandRunner {
  constructor(private readonly users: UsersService) {
    super();
  }

  async run(_params: string[], options: CreateOptions): Promise<void> {
    const username = options.username ?? '';
    if (!USERNAME.test(username)) throw usage("--username must be 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
    const displayName = (options.displayName ?? '').trim();
    if (displayName.length < 1 || displayName.length > 100) throw usage('--display-name must be 1 to 100 characters');
    const role = options.role ?? '';
    if (!(ROLES as readonly string[]).includes(role)) throw usage(`--role must be one of ${ROLES.join(', ')}`);
    const { password, generated } = await passwordFrom(options.passwordStdin);
    const user = await this.users.create({ username, displayName, role: role as Role, password }, CLI_ACTOR);
    process.stderr.write(`user ${user.id} '${user.username}' (${user.role}) created\n`);
    if (generated) printGenerated(user.username, password);
  }

  @Option({ flags: '--username <username>', description: 'Sign-in name (unique regardless of case)', required: true })
  parseUsername(value: string): string {
    return value;
  }

  @Option({ flags: '--display-name <name>', description: 'Name shown in the console and the audit log', required: true })
  parseDisplayName(value: string): string {
    return value;
  }

  @Option({ flags: '--role <role>', description: `One of ${ROLES.join(', ')}`, required: true })
  parseRole(value: string): string {
    return value;
  }

  @Option({ flags: '--password-stdin', description: `Read the password (${PASSWORD_MIN_LENGTH}+ characters) from the first line of stdin` })
  parsePasswordStdin(): boolean {
    return true;
  }
}

@SubCommand({
  name: 'reset-password',
  description: "Set a person's password (their sessions end); without --password-stdin one is generated and printed once on stdout",
})
export class UserResetPasswordCommand extends CommandRunner {
  constructor(private readonly users: UsersService) {
    super();
  }

  async run(_params: string[], options: ResetOptions): Promise<void> {
    const username = options.username ?? '';
    const { password, generated } = await passwordFrom(options.passwordStdin);
    const user = await this.users.resetPassword(username, password, CLI_ACTOR);
    process.stderr.write(`password of '${user.username}' changed; their sessions have ended\n`);
    if (generated) printGenerated(user.username, password);
  }

  @Option({ flags: '--username <username>', description: 'Sign-in name', required: true })
  parseUsername(value: string): string {
    return value;
  }

  @Option({ flags: '--password-stdin', description: 'Read the new password from the first line of stdin' })
  parsePasswordStdin(): boolean {
    return true;
  }
}

@Command({ name: 'user', description: 'Manage the people who sign in to the console', subCommands: [UserCreateCommand, UserResetPasswordCommand] })
export class UserCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}
