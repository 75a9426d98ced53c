export type LogSink = (fields: Record<string, unknown>, message: string) => void;

/**
 * Writes at most `perWindow` lines per window and counts the rest, reporting how many were left
 * out with the first line of the next window: a flood of rejected requests cannot flood the log.
 */
export class SampledLog {
  private windowEndsAtMs = 0;
  private written = 0;
  private suppressed = 0;

  constructor(
    private readonly sink: LogSink,
    private readonly perWindow: number,
    private readonly windowMs: number,
  ) {}

  write(nowMs: number, fields: Record<string, unknown>, message: string): void {
    if (nowMs >= this.windowEndsAtMs) {
      if (this.suppressed > 0) {
        this.sink({ suppressed: this.suppressed }, `${this.suppressed} more like it left out of the log`);
      }
      this.windowEndsAtMs = nowMs + this.windowMs;
      this.written = 0;
      this.suppressed = 0;
    }
    if (this.written < this.perWindow) {
      this.written += 1;
      this.sink(fields, message);
    } else {
      this.suppressed += 1;
    }
  }
}
