import { randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';

export const CURSOR_BATCH_ROWS = 1_000;

/**
 * Rows of a query, a batch at a time, from a server-side cursor inside the caller's transaction
 * (a report snapshot): memory stays flat however many rows the query returns. The cursor is
 * closed when the consumer stops early, too.
 */
export async function* cursorRows<T>(
  m: EntityManager,
  sql: string,
  params: readonly unknown[],
  batchRows = CURSOR_BATCH_ROWS,
): AsyncGenerator<T, void, undefined> {
  const name = `c_${randomBytes(6).toString('hex')}`;
  await m.query(`DECLARE ${name} NO SCROLL CURSOR FOR ${sql}`, [...params]);
  try {
    for (;;) {
      const rows: T[] = await m.query(`FETCH ${batchRows} FROM ${name}`);
      for (const row of rows) yield row;
      if (rows.length < batchRows) return;
    }
  } finally {
    await m.query(`CLOSE ${name}`);
  }
}
