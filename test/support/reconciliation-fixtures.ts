import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { TestApp } from './test-app';

/** The reconciliation lib's own fixtures (written for this project). */
export const RECONCILIATION_FIXTURES = path.resolve(__dirname, '..', '..', 'libs', 'reconciliation', 'src', 'fixtures');
/** Third-party camt.053 samples, read in place (never copied into the project). */
export const SHARED_CAMT_SAMPLES = path.resolve(__dirname, '..', '..', '..', 'shared', 'fixtures', 'camt053');
export const sharedSamplesPresent = existsSync(SHARED_CAMT_SAMPLES);

export const fixture = (name: string): Buffer => readFileSync(path.join(RECONCILIATION_FIXTURES, name));

/** Multipart upload of a statement; `fields` are the form fields besides the file. */
export function uploadStatement(
  t: TestApp,
  bankAccount: string,
  file: Buffer,
  fileName: string,
  fields: Record<string, string>,
  role: 'secretariat' | 'admin' | 'viewer' | 'auditor' = 'secretariat',
): request.Test {
  let r = t.as(role).post(`/v1/bank-accounts/${bankAccount}/statements`, undefined, null);
  for (const [name, value] of Object.entries(fields)) r = r.field(name, value);
  return r.attach('file', file, fileName);
}

export interface LedgerLine {
  account: string;
  fund?: string;
  side: 'debit' | 'credit';
  amount: string;
  currency?: string;
  rate?: string;
}

/** A manual journal entry through the API (no bank-account dimension: the ledger account's sole bank account owns it). */
export async function postEntry(
  t: TestApp,
  date: string,
  description: string,
  lines: LedgerLine[],
  metadata?: Record<string, string>,
): Promise<{ id: string; sequence: number }> {
  const res = await t
    .as('secretariat')
    .post('/v1/journal-entries', {
      date,
      description,
      lines: lines.map((l) => ({ fund: 'GEN', ...l })),
      ...(metadata ? { metadata } : {}),
    })
    .expect(201);
  return { id: res.body.id, sequence: res.body.sequence };
}

/** The posting id of an entry's line on `account` (the reconciliation API names postings by id). */
export async function postingIdOf(db: Client, entryId: string, account: string): Promise<string> {
  const { rows } = await db.query('SELECT id::text AS id FROM postings WHERE entry_id = $1 AND account_code = $2', [
    entryId,
    account,
  ]);
  if (rows.length !== 1) throw new Error(`entry ${entryId} has ${rows.length} postings on ${account}`);
  return rows[0].id as string;
}

/** Row counts of every reconciliation table: a refused import must leave all of them unchanged. */
export async function reconciliationFootprint(db: Client): Promise<Record<string, string>> {
  const { rows } = await db.query(`SELECT
      (SELECT count(*) FROM statement_imports)::text AS imports,
      (SELECT count(*) FROM bank_statements)::text AS statements,
      (SELECT count(*) FROM statement_lines)::text AS lines,
      (SELECT count(*) FROM bank_matches)::text AS matches,
      (SELECT count(*) FROM journal_entries)::text AS entries`);
  return rows[0];
}
