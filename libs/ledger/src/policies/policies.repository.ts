import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Policies } from './policies';

@Injectable()
export class PoliciesRepository {
  async get(m: EntityManager, lock = false): Promise<Policies> {
    const rows: { document: Policies }[] = await m.query(
      `SELECT document FROM policies WHERE id = 1${lock ? ' FOR UPDATE' : ''}`,
    );
    return rows[0].document;
  }

  async put(m: EntityManager, policies: Policies): Promise<void> {
    await m.query('UPDATE policies SET document = $1, updated_at = now() WHERE id = 1', [JSON.stringify(policies)]);
  }

  async hasPostings(m: EntityManager): Promise<boolean> {
    const rows: unknown[] = await m.query('SELECT 1 FROM journal_entries LIMIT 1');
    return rows.length > 0;
  }
}
