import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { TransactionRunner } from '@app/database';
import { Clock } from '../clock';
import { clientAddress } from '../limits/client-address';
import { Principal, Role } from '../roles';
import { hashToken } from '../tokens/token-hash';
import { clearSessionCookie, sessionTokenOf, setSessionCookie } from './session-cookie';
import { SessionEndReason, SessionsRepository } from './sessions.repository';

/** A session ends after this long without a request that counts as activity. */
export const SESSION_IDLE_TIMEOUT_MS = 30 * 60_000;
/** A session ends this long after sign-in, whatever the activity. */
export const SESSION_ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60_000;
/** Activity is recorded at most once per step: one write a minute per session, not one per request. */
const ACTIVITY_STEP_MS = 60_000;
/** Open sessions per person (browsers, devices); a login beyond it ends the oldest. */
const OPEN_SESSIONS_PER_USER = 10;

/**
 * Sessions of people signed in to the console, kept in PostgreSQL. The cookie holds 256 random
 * bits; the database holds only their SHA-256 (like API tokens: nothing there to brute-force).
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly db: TransactionRunner,
    private readonly sessions: SessionsRepository,
    private readonly clock: Clock,
  ) {}

  /** The person a session token belongs to, if the session is live; records activity unless passive. */
  async authenticate(token: string, countsAsActivity: boolean): Promise<Principal | undefined> {
    const nowMs = this.clock.nowMs();
    const m = this.db.current() ?? this.db.dataSource.manager;
    const s = await this.sessions.findActive(m, hashToken(token), new Date(nowMs), new Date(nowMs - SESSION_IDLE_TIMEOUT_MS));
    if (!s) return undefined;
    if (countsAsActivity) await this.sessions.touch(m, s.sessionId, new Date(nowMs), new Date(nowMs - ACTIVITY_STEP_MS));
    return {
      tokenId: s.userId,
      kind: 'user',
      role: s.role,
      name: s.displayName,
      userId: s.userId,
      username: s.username,
      sessionId: s.sessionId,
    };
  }

  /** When a live session ends by itself: the earlier of its idle and absolute expiry. */
  async expiry(sessionId: string): Promise<{ expiresAt: Date; idleExpiresAt: Date } | undefined> {
    const open = await this.sessions.findOpen(this.db.dataSource.manager, sessionId);
    if (!open) return undefined;
    return { expiresAt: open.expiresAt, idleExpiresAt: new Date(open.lastSeenAt.getTime() + SESSION_IDLE_TIMEOUT_MS) };
  }

  /**
   * Opens a new session for a user inside the caller's transaction and sets its cookie. The
   * session the request presented, if any, ends: every sign-in gets a fresh token.
   */
  async open(m: EntityManager, userId: string, request: Request, response: Response): Promise<void> {
    const nowMs = this.clock.nowMs();
    const now = new Date(nowMs);
    const presented = sessionTokenOf(request);
    if (presented) await this.sessions.end(m, hashToken(presented), 'replaced', now);
    await this.sessions.tidy(m, userId, now, new Date(nowMs - SESSION_IDLE_TIMEOUT_MS), OPEN_SESSIONS_PER_USER - 1);
    const token = randomBytes(32).toString('base64url');
    await this.sessions.insert(m, {
      userId,
      tokenHash: hashToken(token),
      now,
      expiresAt: new Date(nowMs + SESSION_ABSOLUTE_TIMEOUT_MS),
      clientAddress: clientAddress(request),
    });
    setSessionCookie(request, response, token, SESSION_ABSOLUTE_TIMEOUT_MS);
  }

  /** Ends the session the request presents (if it is open) and clears the cookie; returns its user. */
  async endPresented(
    m: EntityManager,
    request: Request,
    response: Response,
    reason: SessionEndReason,
  ): Promise<{ userId: string; role: Role } | undefined> {
    clearSessionCookie(request, response);
    const presented = sessionTokenOf(request);
    if (!presented) return undefined;
    return this.sessions.end(m, hashToken(presented), reason, this.clock.now());
  }

  endAllOfUser(m: EntityManager, userId: string, reason: SessionEndReason): Promise<number> {
    return this.sessions.endAllOfUser(m, userId, reason, this.clock.now());
  }
}
