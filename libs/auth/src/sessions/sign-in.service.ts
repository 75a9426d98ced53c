import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, ErrorCode, requestIdOf, validationError } from '@app/common';
import { TransactionRunner } from '@app/database';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../clock';
import { AuthFailureLimiter } from '../limits/auth-failure-limiter';
import { clientAddress } from '../limits/client-address';
import { Principal, Role } from '../roles';
import { PasswordHasher } from '../users/password-hasher';
import { UsersRepository, UserWithHash } from '../users/users.repository';
import { LoginThrottle } from './login-throttle';
import { SessionsService } from './sessions.service';

export interface SignedInUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}

/**
 * A failed sign-in is answered no sooner than this after it arrived, so that what differs between
 * an unknown user and a wrong password (an audit row is written only for a real user) cannot be
 * timed. Both already cost the same password verification.
 */
const FAILED_SIGN_IN_MIN_MS = 250;
const WRONG_CREDENTIALS = 'the username or password is not correct';

const signedIn = (u: { id: string; username: string; displayName: string; role: Role }): SignedInUser => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
});

/** Sign-in, sign-out and a person's own password change. */
@Injectable()
export class SignInService {
  constructor(
    private readonly db: TransactionRunner,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly throttle: LoginThrottle,
    private readonly rejections: AuthFailureLimiter,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async login(username: string, password: string, request: Request, response: Response): Promise<{ user: SignedInUser }> {
    const startedMs = this.clock.nowMs();
    const address = clientAddress(request);
    this.throttle.assertAllowed(username, address, response);
    const user = await this.db.run((m) => this.users.findByUsername(m, username));
    // One verification whether or not the user exists (against a dummy hash when not).
    const matches = await this.hasher.verify(user?.passwordHash, password);
    if (!user || !matches || user.disabledAt !== null) {
      await this.refuse(user, username, address, request, startedMs);
      throw new DomainError(ErrorCode.Unauthenticated, WRONG_CREDENTIALS);
    }
    this.throttle.recordSuccess(username);
    await this.db.run(async (m) => {
      await this.sessions.open(m, user.id, request, response);
      await this.audit.append({
        actorTokenId: user.id,
        actorRole: user.role,
        action: 'login',
        target: `user=${user.id}`,
        requestId: requestIdOf(request),
        outcome: 'success',
        statusCode: 200,
        detail: { username: user.username, address },
      });
    });
    return { user: signedIn(user) };
  }

  /** Ends the session the request presents, if any; always clears the cookie. */
  async logout(request: Request, response: Response): Promise<void> {
    await this.db.run(async (m) => {
      const ended = await this.sessions.endPresented(m, request, response, 'logout');
      if (!ended) return;
      await this.audit.append({
        actorTokenId: ended.userId,
        actorRole: ended.role,
        action: 'logout',
        target: `user=${ended.userId}`,
        requestId: requestIdOf(request),
        outcome: 'success',
        statusCode: 204,
      });
    });
  }

  /**
   * A person changes their own password: the current one must match (failures count toward the
   * sign-in limits), every session of theirs ends, and this browser gets a new one.
   */
  async changePassword(principal: Principal, current: string, next: string, request: Request, response: Response): Promise<{ user: SignedInUser }> {
    if (principal.kind !== 'user' || !principal.userId || !principal.username) {
      throw new DomainError(ErrorCode.Forbidden, 'only a person signed in to the console has a password; an API token has none');
    }
    const { userId, username } = principal;
    const address = clientAddress(request);
    this.throttle.assertAllowed(username, address, response);
    if (current === next) throw validationError('next', 'must differ from the current password');
    const user = await this.db.run((m) => this.users.findById(m, userId));
    if (!user || !(await this.hasher.verify(user.passwordHash, current))) {
      this.throttle.recordFailure(username, address);
      throw validationError('current', 'is not your current password');
    }
    const passwordHash = await this.hasher.hash(next);
    return this.db.run(async (m) => {
      const updated = await this.users.update(m, userId, { passwordHash }, this.clock.now());
      const sessionsEnded = await this.sessions.endAllOfUser(m, userId, 'password_changed');
      await this.sessions.open(m, userId, request, response);
      await this.audit.append({
        actorTokenId: userId,
        actorRole: updated.role,
        action: 'password changed',
        target: `user=${userId}`,
        requestId: requestIdOf(request),
        outcome: 'success',
        statusCode: 200,
        detail: { username: updated.username, sessionsEnded },
      });
      return { user: signedIn(updated) };
    });
  }

  private async refuse(user: UserWithHash | undefined, username: string, address: string, request: Request, startedMs: number): Promise<void> {
    const delayMs = this.throttle.recordFailure(username, address);
    if (user) {
      await this.audit.append({
        action: 'login',
        target: `user=${user.id}`,
        requestId: requestIdOf(request),
        outcome: 'rejected',
        statusCode: 401,
        detail: { username: user.username, address, reason: user.disabledAt !== null ? 'user disabled' : 'wrong password' },
      });
    } else {
      // Not in the audit log (anyone can send these) and without the name typed: it may be a password.
      this.rejections.logRejection(request, 'sign-in for an unknown username');
    }
    const elapsedMs = this.clock.nowMs() - startedMs;
    await this.clock.sleep(Math.max(delayMs, FAILED_SIGN_IN_MIN_MS - elapsedMs));
  }
}
