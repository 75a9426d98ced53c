import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { migrationStatus } from '@app/database';

/** A probe answers fast or not at all: load balancers give up after a second or two. */
const READINESS_TIMEOUT_MS = 2_000;

export type Readiness =
  | { ready: true; database: 'up'; appliedMigrations: number }
  | { ready: false; database: 'up'; appliedMigrations: number; pendingMigrations: string[] }
  | { ready: false; database: 'down'; reason: string };

function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Ready = the database answers and has every migration this build knows. A process started
 * against a database that an older release migrated (or a restore from before a migration)
 * stays out of the load balancer until `migrate` has run.
 */
@Injectable()
export class ReadinessService {
  constructor(private readonly dataSource: DataSource) {}

  async check(): Promise<Readiness> {
    let status;
    try {
      status = await withTimeout(migrationStatus(this.dataSource), READINESS_TIMEOUT_MS);
    } catch (error) {
      return { ready: false, database: 'down', reason: error instanceof Error ? error.message : String(error) };
    }
    if (status.pending.length > 0) {
      return { ready: false, database: 'up', appliedMigrations: status.applied.length, pendingMigrations: status.pending };
    }
    return { ready: true, database: 'up', appliedMigrations: status.applied.length };
  }
}
