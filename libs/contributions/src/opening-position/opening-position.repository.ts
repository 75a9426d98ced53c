import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { ExistingPayment } from './opening-position.validator';

/** The reads an opening-position import needs beyond what the contributions services offer. */
@Injectable()
export class OpeningPositionRepository {
  /** Payments of these members that carry one of these references or import keys. */
  paymentsMatching(
    m: EntityManager,
    members: readonly string[],
    references: readonly string[],
    importKeys: readonly string[],
  ): Promise<ExistingPayment[]> {
    if (members.length === 0) return Promise.resolve([]);
    return m.query(
      `SELECT member_code AS member, reference, to_char(received_on, 'YYYY-MM-DD') AS "receivedOn", amount::text,
              currency, rate::text, designated_fiscal_year AS "designatedFiscalYear", bank_account AS "bankAccount",
              metadata->>'importKey' AS "importKey"
         FROM payments
        WHERE member_code = ANY($1) AND (reference = ANY($2) OR metadata->>'importKey' = ANY($3))
        ORDER BY seq`,
      [members, references, importKeys],
    );
  }

  /**
   * One opening-position import at a time: a second one waits here until the first has committed,
   * then reads what it wrote and finds those rows already present.
   */
  async lockImports(m: EntityManager): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('contributions.opening-position'))`);
  }
}
