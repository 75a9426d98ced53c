import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DomainError, ErrorCode, notFound } from '@app/common';
import { TransactionRunner } from '@app/database';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../clock';
import { Role } from '../roles';
import { SessionsService } from '../sessions/sessions.service';
import { PasswordHasher } from './password-hasher';
import { UserChanges, UserRow, UsersRepository } from './users.repository';

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
}

/** Who makes a change to users: an API caller, or the command line / first start. */
export interface UserActor {
  tokenId?: string;
  role: string;
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  password: string;
}

export interface UserPatch {
  displayName?: string;
  role?: Role;
  disabled?: boolean;
  password?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const toUserView = (u: UserRow): UserView => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  disabled: u.disabledAt !== null,
  createdAt: u.createdAt.toISOString(),
});

/** A password for a first admin or a reset: 144 random bits, printed once. */
export const generatePassword = (): string => randomBytes(18).toString('base64url');

/**
 * People who sign in to the console. Every change is one transaction holding its audit row; a
 * password or a disabled flag set here ends the person's sessions in the same transaction.
 * Neither the password nor its hash ever leaves this service.
 */
@Injectable()
export class UsersService {
  constructor(
    private readonly db: TransactionRunner,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(input: NewUser, actor: UserActor): Promise<UserView> {
    const passwordHash = await this.hasher.hash(input.password);
    return this.db.run(async (m) => {
      const row = await this.users.insert(m, { ...input, passwordHash, createdBy: actor.tokenId });
      if (!row) throw new DomainError(ErrorCode.AlreadyExists, `a user named '${input.username}' already exists (usernames ignore case)`);
      await this.audit.append({
        actorTokenId: actor.tokenId,
        actorRole: actor.role,
        action: 'user created',
        target: `user=${row.id}`,
        outcome: 'success',
        statusCode: 201,
        detail: { username: row.username, displayName: row.displayName, role: row.role },
      });
      return toUserView(row);
    });
  }

  async list(): Promise<UserView[]> {
    return (await this.db.run((m) => this.users.list(m))).map(toUserView);
  }

  async update(id: string, patch: UserPatch, actor: UserActor): Promise<UserView> {
    if (!UUID.test(id)) throw notFound('user', id);
    if (Object.values(patch).every((v) => v === undefined)) {
      throw new DomainError(ErrorCode.ValidationFailed, 'send at least one of displayName, role, disabled, password');
    }
    const passwordHash = patch.password === undefined ? undefined : await this.hasher.hash(patch.password);
    return this.db.run(async (m) => {
      const before = await this.users.findById(m, id, true);
      if (!before) throw notFound('user', id);
      const changes: UserChanges = { displayName: patch.displayName, role: patch.role, disabled: patch.disabled, passwordHash };
      const after = await this.users.update(m, id, changes, this.clock.now());
      let sessionsEnded = 0;
      if (patch.disabled === true) sessionsEnded += await this.sessions.endAllOfUser(m, id, 'user_disabled');
      if (passwordHash !== undefined) sessionsEnded += await this.sessions.endAllOfUser(m, id, 'password_changed');
      await this.audit.append({
        actorTokenId: actor.tokenId,
        actorRole: actor.role,
        action: 'user changed',
        target: `user=${id}`,
        outcome: 'success',
        statusCode: 200,
        detail: { username: after.username, changes: differences(before, after), passwordChanged: passwordHash !== undefined, sessionsEnded },
      });
      return toUserView(after);
    });
  }

  /** Sets a new password (command line reset); the person's sessions end. */
  async resetPassword(username: string, password: string, actor: UserActor): Promise<UserView> {
    const user = await this.db.run((m) => this.users.findByUsername(m, username));
    if (!user) throw notFound('user', username);
    return this.update(user.id, { password }, actor);
  }

  /**
   * So that a new installation can be signed in to: when no user exists at all, creates `admin`
   * with a generated password and returns it to be printed once.
   */
  async bootstrapFirstAdmin(): Promise<{ username: string; password: string } | undefined> {
    const password = generatePassword();
    const passwordHash = await this.hasher.hash(password);
    return this.db.run(async (m) => {
      await this.users.lockFirstAdminBootstrap(m);
      if (await this.users.any(m)) return undefined;
      const row = await this.users.insert(m, { username: 'admin', displayName: 'Administrator', role: 'admin', passwordHash });
      if (!row) return undefined;
      await this.audit.append({
        actorRole: 'system',
        action: 'user created',
        target: `user=${row.id}`,
        outcome: 'success',
        statusCode: 201,
        detail: { username: row.username, displayName: row.displayName, role: row.role, reason: 'first start' },
      });
      return { username: row.username, password };
    });
  }
}

function differences(before: UserRow, after: UserRow): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  if (before.displayName !== after.displayName) out.displayName = { from: before.displayName, to: after.displayName };
  if (before.role !== after.role) out.role = { from: before.role, to: after.role };
  const [was, is] = [before.disabledAt !== null, after.disabledAt !== null];
  if (was !== is) out.disabled = { from: was, to: is };
  return out;
}
