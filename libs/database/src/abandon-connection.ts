import type { ClientBase } from 'pg';
import type { EntityManager } from 'typeorm';

/**
 * Closes a connection's socket at once. For a connection left in the middle of a COPY's output
 * (its reader gone): no statement can be sent on it any more, and closing it politely would wait
 * on a server blocked writing to it. The driver sees the socket fail, discards the connection
 * (never back into the pool), and the server ends its backend and the transaction with it.
 */
export function abandonConnection(client: ClientBase | undefined, reason: string): void {
  const socket = (client as unknown as { connection?: { stream?: { destroy(error?: Error): void } } } | undefined)
    ?.connection?.stream;
  socket?.destroy(new Error(reason));
}

/** The pg connection under a TypeORM transaction's manager (undefined outside a transaction). */
export function connectionOf(m: EntityManager): ClientBase | undefined {
  return (m.queryRunner as unknown as { databaseConnection?: ClientBase } | undefined)?.databaseConnection;
}
