/**
 * A backup or a restore that cannot go on, said in one line a person can act on (a file that is
 * not a whole backup, a database that is not empty, a missing pg_restore).
 */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}
