import { EntityManager } from 'typeorm';

/**
 * For the rest of the transaction, settings for statements over a whole statement's lines (an
 * import, an auto-match): sorts and hashes of 100,000 rows in memory rather than on disk, and no
 * JIT compilation — their row estimates make PostgreSQL compile plans for longer than they run.
 */
export async function bulkSettings(m: EntityManager): Promise<void> {
  await m.query(`SET LOCAL work_mem = '64MB'`);
  await m.query(`SET LOCAL jit = off`);
}
