import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { backupFileName, firstBackupDelayMs, listBackups, pruneBackups } from './backup-schedule';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

describe('daily backups: names, retention, when the first one runs', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backup-retention-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const touch = (name: string, mtime?: Date): void => {
    fs.writeFileSync(path.join(dir, name), 'x');
    if (mtime) fs.utimesSync(path.join(dir, name), mtime, mtime);
  };

  it('names a backup by its UTC time, so names sort by time', () => {
    expect(backupFileName(new Date('2026-03-15T02:00:07.123Z'))).toBe('ledger-backup-20260315T020007Z.zip');
  });

  it('lists only scheduled backups, newest first', () => {
    for (const d of ['20260101T000000Z', '20260103T000000Z', '20260102T000000Z']) touch(`ledger-backup-${d}.zip`);
    touch('notes.txt');
    touch('ledger-backup-latest.zip');
    expect(listBackups(dir).map((b) => b.name)).toEqual([
      'ledger-backup-20260103T000000Z.zip',
      'ledger-backup-20260102T000000Z.zip',
      'ledger-backup-20260101T000000Z.zip',
    ]);
    expect(listBackups(path.join(dir, 'missing'))).toEqual([]);
  });

  it.each([
    [1, ['20260110T000000Z']],
    [3, ['20260110T000000Z', '20260109T000000Z', '20260108T000000Z']],
    [20, ['20260110T000000Z', '20260109T000000Z', '20260108T000000Z', '20260107T000000Z', '20260106T000000Z']],
  ])('keeping %i: the newest stay, older ones go, other files are never touched', (keep, kept) => {
    for (let day = 6; day <= 10; day++) touch(`ledger-backup-202601${String(day).padStart(2, '0')}T000000Z.zip`);
    touch('my-own-copy.zip');
    pruneBackups(dir, keep, new Date('2026-01-10T01:00:00Z'));
    expect(fs.readdirSync(dir).sort()).toEqual(
      [...kept.map((d) => `ledger-backup-${d}.zip`), 'my-own-copy.zip'].sort(),
    );
  });

  it('removes what a backup cut short more than a day ago left, not one being written', () => {
    const now = new Date('2026-01-10T12:00:00Z');
    touch('.ledger-backup-20260108T000000Z.zip.4242.partial', new Date(now.getTime() - 2 * DAY));
    touch('.ledger-backup-20260110T115900Z.zip.4243.partial', new Date(now.getTime() - 60_000));
    expect(pruneBackups(dir, 14, now)).toEqual(['.ledger-backup-20260108T000000Z.zip.4242.partial']);
    expect(fs.readdirSync(dir)).toEqual(['.ledger-backup-20260110T115900Z.zip.4243.partial']);
  });

  it('refuses to keep no backup at all', () => {
    expect(() => pruneBackups(dir, 0)).toThrow('at least one backup is kept');
  });

  const now = new Date('2026-01-10T12:00:00Z');
  it.each([
    ['no backup yet: after the start-up delay', undefined, 60_000],
    ['the newest is two days old: after the start-up delay', new Date(now.getTime() - 2 * DAY), 60_000],
    ['the newest is 20 hours old: in 4 hours', new Date(now.getTime() - 20 * HOUR), 4 * HOUR],
    ['the newest is dated in the future: one day at most', new Date(now.getTime() + 5 * DAY), DAY],
  ])('first backup after start-up — %s', (_label, newest, expected) => {
    expect(firstBackupDelayMs(newest, now, DAY, 60_000)).toBe(expected);
  });
});
