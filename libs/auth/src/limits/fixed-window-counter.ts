/**
 * Counts events per key in fixed windows, in memory. Bounded: past `maxKeys` keys, expired windows
 * are dropped first, then the oldest, so a flood of distinct keys cannot exhaust memory.
 */
export class FixedWindowCounter {
  private readonly windows = new Map<string, { count: number; endsAtMs: number }>();

  constructor(
    readonly windowMs: number,
    private readonly maxKeys = 100_000,
  ) {
    if (!(windowMs > 0) || !(maxKeys > 0)) throw new Error('window and key bound must be positive');
  }

  /** Events counted for `key` in its current window (0 when its window has ended). */
  count(key: string, nowMs: number): number {
    const window = this.windows.get(key);
    return window && window.endsAtMs > nowMs ? window.count : 0;
  }

  /** Counts one event and returns the window's new count. */
  add(key: string, nowMs: number): number {
    const window = this.windows.get(key);
    if (window && window.endsAtMs > nowMs) {
      window.count += 1;
      return window.count;
    }
    if (window) this.windows.delete(key);
    this.makeRoom(nowMs);
    this.windows.set(key, { count: 1, endsAtMs: nowMs + this.windowMs });
    return 1;
  }

  /** Milliseconds until `key`'s window ends (0 when it has none). */
  remainingMs(key: string, nowMs: number): number {
    const window = this.windows.get(key);
    return window && window.endsAtMs > nowMs ? window.endsAtMs - nowMs : 0;
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  get size(): number {
    return this.windows.size;
  }

  private makeRoom(nowMs: number): void {
    if (this.windows.size < this.maxKeys) return;
    for (const [key, window] of this.windows) if (window.endsAtMs <= nowMs) this.windows.delete(key);
    // Maps iterate in insertion order: the first key is the oldest window.
    while (this.windows.size >= this.maxKeys) {
      const oldest = this.windows.keys().next().value as string;
      this.windows.delete(oldest);
    }
  }
}
