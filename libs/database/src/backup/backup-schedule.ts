import { Logger } from '@nestjs/common';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BackupResult, writeBackup } from './backup-writer';

/** `ledger-backup-20260315T020000Z.zip`: the time it was taken, in UTC; names sort by time. */
const BACKUP_NAME = /^ledger-backup-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z\.zip$/;
/** What a backup being written (or one cut short by a crash) is called meanwhile. */
const PARTIAL_NAME = /^\.ledger-backup-\d{8}T\d{6}Z\.zip\.\d+\.partial$/;

export function backupFileName(at: Date): string {
  return `ledger-backup-${at.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z.zip`;
}

export interface StoredBackup {
  name: string;
  takenAt: Date;
}

/** The scheduled backups in a folder, newest first (other files are not ours and are left alone). */
export function listBackups(dir: string): StoredBackup[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const found: StoredBackup[] = [];
  for (const name of names) {
    const m = BACKUP_NAME.exec(name);
    if (m) found.push({ name, takenAt: new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6])) });
  }
  return found.sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime() || b.name.localeCompare(a.name));
}

/**
 * Retention: keeps the `keep` newest backups and removes older ones, plus leftovers of backups
 * cut short more than a day ago. Files that are not scheduled backups are never touched.
 * Returns the names removed.
 */
export function pruneBackups(dir: string, keep: number, now = new Date()): string[] {
  if (!Number.isInteger(keep) || keep < 1) throw new Error('at least one backup is kept');
  const removed: string[] = [];
  for (const old of listBackups(dir).slice(keep)) {
    fs.rmSync(path.join(dir, old.name), { force: true });
    removed.push(old.name);
  }
  for (const name of fs.readdirSync(dir)) {
    if (!PARTIAL_NAME.test(name)) continue;
    const file = path.join(dir, name);
    if (now.getTime() - fs.statSync(file).mtimeMs > DAY_MS) {
      fs.rmSync(file, { force: true });
      removed.push(name);
    }
  }
  return removed;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How long after start-up the first backup runs: when the newest one is an interval old (at once
 * when there is none, or it is older), but never before `startDelayMs`.
 */
export function firstBackupDelayMs(
  newest: Date | undefined,
  now: Date,
  intervalMs: number,
  startDelayMs: number,
): number {
  const due = newest === undefined ? 0 : newest.getTime() + intervalMs - now.getTime();
  // A newest backup dated in the future (the clock was set back) delays the next by one interval at most.
  return Math.max(Math.min(due, intervalMs), startDelayMs);
}

export interface BackupScheduleConfig {
  dir: string;
  keep: number;
  /** Time between backups (a day). */
  intervalMs?: number;
  /** The earliest first backup after start-up, so start-up itself is not slowed (a minute). */
  startDelayMs?: number;
  /** After a failed backup, when to try again (an hour). */
  retryMs?: number;
}

/**
 * Daily backups run by the API process: one when the newest backup in the folder is a day old
 * (or there is none) — a minute after start-up at the earliest — then every day; each followed
 * by the retention. The timer never keeps the process alive; a failure is logged and retried.
 */
export class BackupSchedule {
  private readonly logger = new Logger('Backups');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;

  constructor(
    private readonly url: string,
    readonly config: BackupScheduleConfig,
  ) {}

  private get intervalMs(): number {
    return this.config.intervalMs ?? DAY_MS;
  }

  start(now = new Date()): void {
    fs.mkdirSync(this.config.dir, { recursive: true, mode: 0o700 });
    this.schedule(
      firstBackupDelayMs(
        listBackups(this.config.dir)[0]?.takenAt,
        now,
        this.intervalMs,
        this.config.startDelayMs ?? 60_000,
      ),
    );
  }

  /** Takes one backup now and applies the retention. */
  async runOnce(now = new Date()): Promise<BackupResult> {
    fs.mkdirSync(this.config.dir, { recursive: true, mode: 0o700 });
    const result = await writeBackup(this.url, path.join(this.config.dir, backupFileName(now)));
    pruneBackups(this.config.dir, this.config.keep, now);
    return result;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => this.tick(), delayMs);
    this.timer.unref();
  }

  private tick(): void {
    const run = this.runOnce().then(
      (result) => {
        this.logger.log(
          `backup ${path.basename(result.file)}: ${result.manifest.totals.rows} rows, ${(result.bytes / 1_048_576).toFixed(1)} MB ` +
            `in ${(result.elapsedMs / 1000).toFixed(1)} s (${result.manifest.method}); keeping the ${this.config.keep} newest`,
        );
        this.schedule(this.intervalMs);
      },
      (error: unknown) => {
        this.logger.error(
          `backup into ${this.config.dir} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
        this.schedule(this.config.retryMs ?? 60 * 60 * 1000);
      },
    );
    this.running = run;
  }
}
