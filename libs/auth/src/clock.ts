import { Injectable } from '@nestjs/common';

/**
 * The time as authentication sees it (session expiry, login slow-down, rate windows). One
 * injectable source, so tests can move it forward instead of waiting.
 */
@Injectable()
export class Clock {
  nowMs(): number {
    return Date.now();
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  /** Waits (used to slow repeated failed logins down). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }
}
