import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Role } from '../roles';

export type SessionEndReason = 'logout' | 'password_changed' | 'user_disabled' | 'replaced';

export interface ActiveSession {
  sessionId: string;
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  lastSeenAt: Date;
  expiresAt: Date;
}

@Injectable()
export class SessionsRepository {
  async insert(
    m: EntityManager,
    s: { userId: string; tokenHash: string; now: Date; expiresAt: Date; clientAddress: string },
  ): Promise<string> {
    const rows: { id: string }[] = await m.query(
      `INSERT INTO sessions (user_id, token_hash, created_at, last_seen_at, expires_at, client_address)
       VALUES ($1, $2, $3, $3, $4, $5) RETURNING id`,
      [s.userId, s.tokenHash, s.now, s.expiresAt, s.clientAddress.slice(0, 64)],
    );
    return rows[0].id;
  }

  /** The live session with this token hash: not ended, not past its absolute or idle expiry, user enabled. */
  async findActive(m: EntityManager, tokenHash: string, now: Date, idleSince: Date): Promise<ActiveSession | undefined> {
    const rows: ActiveSession[] = await m.query(
      `SELECT s.id AS "sessionId", u.id AS "userId", u.username, u.display_name AS "displayName", u.role,
              s.last_seen_at AS "lastSeenAt", s.expires_at AS "expiresAt"
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = $1 AND s.ended_at IS NULL AND s.expires_at > $2 AND s.last_seen_at > $3
          AND u.disabled_at IS NULL`,
      [tokenHash, now, idleSince],
    );
    return rows[0];
  }

  /** A session not yet ended (expired or not): its absolute expiry and last activity. */
  async findOpen(m: EntityManager, sessionId: string): Promise<{ expiresAt: Date; lastSeenAt: Date } | undefined> {
    const rows: { expiresAt: Date; lastSeenAt: Date }[] = await m.query(
      'SELECT expires_at AS "expiresAt", last_seen_at AS "lastSeenAt" FROM sessions WHERE id = $1 AND ended_at IS NULL',
      [sessionId],
    );
    return rows[0];
  }

  /** Records activity, at most once per `staleBefore` step (one write a minute, not one a request). */
  async touch(m: EntityManager, sessionId: string, now: Date, staleBefore: Date): Promise<void> {
    await m.query('UPDATE sessions SET last_seen_at = $2 WHERE id = $1 AND ended_at IS NULL AND last_seen_at < $3', [
      sessionId,
      now,
      staleBefore,
    ]);
  }

  /** Ends one session; returns its user when it was still open. */
  async end(
    m: EntityManager,
    tokenHash: string,
    reason: SessionEndReason,
    now: Date,
  ): Promise<{ id: string; userId: string; role: Role } | undefined> {
    const rows: [{ id: string; userId: string; role: Role }[], number] = await m.query(
      `UPDATE sessions SET ended_at = $3, end_reason = $2 WHERE token_hash = $1 AND ended_at IS NULL
       RETURNING id, user_id AS "userId", (SELECT role FROM users WHERE users.id = sessions.user_id) AS role`,
      [tokenHash, reason, now],
    );
    return rows[0][0];
  }

  /** Ends every open session of a user; returns how many. */
  async endAllOfUser(m: EntityManager, userId: string, reason: SessionEndReason, now: Date): Promise<number> {
    const rows: [unknown[], number] = await m.query(
      'UPDATE sessions SET ended_at = $3, end_reason = $2 WHERE user_id = $1 AND ended_at IS NULL RETURNING 1',
      [userId, reason, now],
    );
    return rows[1];
  }

  /**
   * Keeps a user's sessions bounded: drops those that have ended or expired (the audit log keeps
   * the logins and logouts), and ends the oldest open ones beyond `keepOpen`.
   */
  async tidy(m: EntityManager, userId: string, now: Date, idleSince: Date, keepOpen: number): Promise<void> {
    await m.query(
      'DELETE FROM sessions WHERE user_id = $1 AND (ended_at IS NOT NULL OR expires_at <= $2 OR last_seen_at <= $3)',
      [userId, now, idleSince],
    );
    await m.query(
      `UPDATE sessions SET ended_at = $2, end_reason = 'replaced'
        WHERE id IN (SELECT id FROM sessions WHERE user_id = $1 AND ended_at IS NULL
                      ORDER BY created_at DESC, id OFFSET $3)`,
      [userId, now, keepOpen],
    );
  }
}
