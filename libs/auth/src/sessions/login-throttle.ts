import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, ErrorCode } from '@app/common';
import { Clock } from '../clock';
import { FixedWindowCounter } from '../limits/fixed-window-counter';

const WINDOW_MS = 15 * 60_000;
/** Failed logins for one username (from anywhere) in 15 minutes before 429. */
export const LOGIN_FAILURES_PER_USERNAME = 10;
/** Failed logins from one address (for any usernames) in 15 minutes before 429. */
export const LOGIN_FAILURES_PER_ADDRESS = 30;
/**
 * Failures answered at full speed, per username and per address (an office behind one address has
 * many people mistyping); each one after these waits one more second, up to five.
 */
const FREE_FAILURES_PER_USERNAME = 3;
const FREE_FAILURES_PER_ADDRESS = 10;
const DELAY_STEP_MS = 1_000;
const MAX_DELAY_MS = 5_000;

const delayAfter = (failures: number, free: number): number => Math.min(MAX_DELAY_MS, Math.max(0, failures - free) * DELAY_STEP_MS);

/**
 * Slows repeated failed logins, then refuses them for the rest of the window (429): per username,
 * so one account cannot be guessed at from many addresses, and per address, so one address cannot
 * try many accounts. Nothing locks an account for good: the window passes, and a correct password
 * clears the username's count. Usernames that do not exist are counted too (otherwise a 429 would
 * tell which exist). Counts live in this process's memory.
 */
@Injectable()
export class LoginThrottle {
  private readonly byUsername = new FixedWindowCounter(WINDOW_MS);
  private readonly byAddress = new FixedWindowCounter(WINDOW_MS);

  constructor(private readonly clock: Clock) {}

  /** Throws 429 (with Retry-After) when the username or the address has failed too often. */
  assertAllowed(username: string, address: string, response: Response): void {
    const now = this.clock.nowMs();
    const user = usernameKey(username);
    let waitMs = 0;
    if (this.byUsername.count(user, now) >= LOGIN_FAILURES_PER_USERNAME) waitMs = this.byUsername.remainingMs(user, now);
    if (this.byAddress.count(address, now) >= LOGIN_FAILURES_PER_ADDRESS) waitMs = Math.max(waitMs, this.byAddress.remainingMs(address, now));
    if (waitMs === 0) return;
    const retryAfterS = Math.max(1, Math.ceil(waitMs / 1000));
    response.setHeader('Retry-After', String(retryAfterS));
    throw new DomainError(ErrorCode.RateLimited, `too many failed sign-ins; try again in ${retryAfterS} s`);
  }

  /** Counts a failure; returns how long its answer should wait. */
  recordFailure(username: string, address: string): number {
    const now = this.clock.nowMs();
    const byUsername = this.byUsername.add(usernameKey(username), now);
    const byAddress = this.byAddress.add(address, now);
    return Math.max(delayAfter(byUsername, FREE_FAILURES_PER_USERNAME), delayAfter(byAddress, FREE_FAILURES_PER_ADDRESS));
  }

  recordSuccess(username: string): void {
    this.byUsername.reset(usernameKey(username));
  }
}

const usernameKey = (username: string): string => username.toLowerCase().slice(0, 256);
