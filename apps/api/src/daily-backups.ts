import * as path from 'node:path';
import { AppConfig, ConfigError } from '@app/common';
import { BackupSchedule, resolveDataDir } from '@app/database';

export interface DailyBackupSettings {
  dir: string;
  keep: number;
}

export const DEFAULT_BACKUP_KEEP = 14;

/**
 * BACKUP_DIR and BACKUP_KEEP, read at start-up (a bad value stops it). With the embedded
 * PostgreSQL, daily backups are on by default, in a folder beside its data folder
 * (`<data dir>-backups`: never inside the server's own folder, so re-initialising or removing it
 * leaves the backups); with DATABASE_URL they run only when BACKUP_DIR is set. BACKUP_KEEP=0
 * turns them off.
 */
export function dailyBackupSettings(
  config: AppConfig,
  env: NodeJS.ProcessEnv = process.env,
): DailyBackupSettings | undefined {
  const rawKeep = env.BACKUP_KEEP?.trim();
  let keep = DEFAULT_BACKUP_KEEP;
  if (rawKeep !== undefined && rawKeep !== '') {
    if (!/^\d+$/.test(rawKeep) || Number(rawKeep) > 10_000) {
      throw new ConfigError(`BACKUP_KEEP must be a whole number between 0 and 10000 (got "${env.BACKUP_KEEP}")`);
    }
    keep = Number(rawKeep);
  }
  if (keep === 0) return undefined;
  const rawDir = env.BACKUP_DIR?.trim();
  if (rawDir !== undefined && rawDir !== '') return { dir: path.resolve(rawDir), keep };
  if (config.databaseUrl !== undefined) return undefined;
  return { dir: `${resolveDataDir(config.dataDir)}-backups`, keep };
}

/** Starts the daily backups (a timer that never keeps the process alive) and says where they go. */
export function startDailyBackups(
  settings: DailyBackupSettings | undefined,
  databaseUrl: string,
): BackupSchedule | undefined {
  if (!settings) return undefined;
  const schedule = new BackupSchedule(databaseUrl, settings);
  schedule.start();
  process.stdout.write(`daily backups: into ${settings.dir}, keeping the ${settings.keep} newest\n`);
  return schedule;
}
