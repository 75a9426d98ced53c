import { TestApp } from './test-app';

/**
 * What every test that writes money ends with: every fund's trial balance is zero (debits equal
 * credits) at the far future date, and the hash chain recomputes.
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
}
