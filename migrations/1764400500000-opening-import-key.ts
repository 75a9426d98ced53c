import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A payment brought in by the opening-position import carries its import key
 * (`opening-position/<member>/<reference>`) in its metadata. At most one payment may hold a given
 * key, so no way of running imports — concurrently, or interrupted and resumed — can record a
 * row of the file twice.
 */
export class OpeningImportKey1764400500000 implements MigrationInterface {
  name = 'OpeningImportKey1764400500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE UNIQUE INDEX payments_import_key ON payments ((metadata->>'importKey')) WHERE metadata ? 'importKey'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX payments_import_key');
  }
}
