import { Client } from 'pg';
import { TestApp } from './test-app';

/**
 * What every test that writes money ends with: every fund's trial balance is zero (debits equal
 * credits) at the far future date, the hash chain recomputes, and the monthly and daily roll-ups
 * the trial balance is read from equal the sums of the postings themselves.
 */
export async function expectLedgerSound(t: TestApp, asOf = '2999-12-31'): Promise<void> {
  const tb = await t.as('auditor').get(`/v1/reports/trial-balance?asOf=${asOf}`).expect(200);
  expect(tb.body.totals.debit).toBe(tb.body.totals.credit);
  for (const fund of tb.body.funds as { fund: string; debit: string; credit: string; balanced: boolean }[]) {
    expect({ fund: fund.fund, debit: fund.debit }).toEqual({ fund: fund.fund, debit: fund.credit });
  }
  expect(tb.body.balanced).toBe(true);
  const verification = await t.as('auditor').get('/v1/ledger/verification').expect(200);
  expect(verification.body).toMatchObject({ ok: true });
  expect(await rollupMismatches(t.databaseUrl)).toEqual([]);
}

const ROLLUPS = [
  { table: 'balance_rollups', period: 'month', of: `date_trunc('month', entry_date)::date` },
  { table: 'balance_rollups_daily', period: 'day', of: 'entry_date' },
] as const;

/**
 * Every (roll-up, account, fund, period) whose debit or credit total differs from the sum of its
 * postings, as text lines; empty when the roll-ups are exact.
 */
export async function rollupMismatches(databaseUrl: string): Promise<string[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const out: string[] = [];
    for (const { table, period, of } of ROLLUPS) {
      const { rows } = await client.query<Record<string, string>>(`
        WITH posted AS (
          SELECT account_code, fund_code, ${of} AS period,
                 sum(CASE side WHEN 'debit' THEN amount_base ELSE 0 END) AS debit,
                 sum(CASE side WHEN 'credit' THEN amount_base ELSE 0 END) AS credit
            FROM postings GROUP BY 1, 2, 3)
        SELECT coalesce(p.account_code, r.account_code) AS account, coalesce(p.fund_code, r.fund_code) AS fund,
               coalesce(p.period, r.${period})::text AS period,
               coalesce(p.debit, 0)::text AS "postedDebit", coalesce(r.debit_base, 0)::text AS "rolledDebit",
               coalesce(p.credit, 0)::text AS "postedCredit", coalesce(r.credit_base, 0)::text AS "rolledCredit"
          FROM posted p
          FULL JOIN ${table} r
            ON r.account_code = p.account_code AND r.fund_code = p.fund_code AND r.${period} = p.period
         WHERE coalesce(p.debit, 0) <> coalesce(r.debit_base, 0) OR coalesce(p.credit, 0) <> coalesce(r.credit_base, 0)
         ORDER BY 1, 2, 3`);
      for (const r of rows) {
        out.push(
          `${table} ${r.account}/${r.fund} ${r.period}: debit ${r.rolledDebit} rolled up, ${r.postedDebit} posted; ` +
            `credit ${r.rolledCredit} rolled up, ${r.postedCredit} posted`,
        );
      }
    }
    return out;
  } finally {
    await client.end();
  }
}
