/**
 * `npm run demo`: loads the illustrative CRM data set (demo-data.ts) into a RUNNING installation
 * through its public API, then prints where to look. Safe to run twice: every posting carries a
 * fixed Idempotency-Key, and records that already exist are left as they are.
 *
 *   API_URL   default http://localhost:3000
 *   ADMIN_TOKEN  an admin token (the one printed at first start, or the ADMIN_TOKEN you set)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BUDGETS, EXPENDITURES, GRANT, MEMBERS, PAYMENTS_2004, PAYMENTS_2005, RESERVE } from './demo-data';

const API = (process.env.API_URL ?? 'http://localhost:3000').replace(/\/$/, '');
const ADMIN = process.env.ADMIN_TOKEN ?? process.argv.find((a) => a.startsWith('--token='))?.slice('--token='.length);

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

let step = 0;
const TOTAL_STEPS = 12;
function progress(what: string): void {
  step += 1;
  process.stdout.write(`[${step}/${TOTAL_STEPS}] ${what}\n`);
}

async function send(method: string, route: string, token: string, body?: unknown, key?: string): Promise<Answer> {
  const res = await fetch(`${API}${route}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
      ...(key ? { 'Idempotency-Key': key } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** Accepts success, and "already there" on a second run; anything else stops the demo. */
async function ensure(method: string, route: string, token: string, body?: unknown, key?: string): Promise<Answer> {
  const answer = await send(method, route, token, body, key);
  const again = answer.status === 409 && ['already_exists', 'already_assessed', 'already_closed', 'period_closed'].includes(String(answer.body.code));
  if (answer.status >= 400 && !again) {
    throw new Error(`${method} ${route} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
  return answer;
}

async function upload(route: string, token: string, file: string, format: string): Promise<Answer> {
  const form = new FormData();
  form.append('format', format);
  form.append('file', new Blob([fs.readFileSync(file)]), path.basename(file));
  const res = await fetch(`${API}${route}`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
  const text = await res.text();
  const answer = { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  if (answer.status >= 400) throw new Error(`upload ${file} answered ${answer.status}: ${text}`);
  return answer;
}

async function main(): Promise<void> {
  if (!ADMIN) {
    throw new Error('set ADMIN_TOKEN to an admin token (printed at the first `npm start`), e.g. ADMIN_TOKEN=clg_... npm run demo');
  }
  const health = await fetch(`${API}/health`).catch(() => undefined);
  if (!health || health.status !== 200) throw new Error(`no healthy API at ${API}: start it with \`npm start\` first`);

  progress('a token for the Technical Secretariat');
  const issued = await ensure('POST', '/v1/tokens', ADMIN, { name: 'demo: Technical Secretariat', role: 'secretariat' });
  const ts = String(issued.body.token);

  progress('the eleven members of the 2004 meeting record');
  for (const m of MEMBERS) await ensure('POST', '/v1/members', ts, { code: m.code, name: m.name, nameEs: m.nameEs, joinedOn: '1996-03-13' });

  progress('budgets 2004 and 2005 with an illustrative scale of assessments, and their assessments');
  for (const b of BUDGETS) {
    await ensure('POST', '/v1/budgets', ts, {
      fiscalYear: b.fiscalYear,
      total: b.total,
      currency: 'USD',
      approval: b.approval,
      lines: b.lines,
      scale: MEMBERS.map((m) => ({ member: m.code, share: m.share })),
    });
    if (b.fiscalYear === 2004) await ensure('POST', '/v1/budgets/2004/assessments', ts, { assessedOn: '2004-01-01' }, 'demo-assess-2004');
  }

  progress('payments of 2004 (Honduras pays half, Nicaragua nothing, Canada pays 2005 in advance)');
  for (const p of PAYMENTS_2004) await ensure('POST', '/v1/payments', ts, p, `demo-pay-${p.reference}`);

  progress('the 2005 assessment (Canada\'s advance is applied to it)');
  await ensure('POST', '/v1/budgets/2005/assessments', ts, { assessedOn: '2005-01-01' }, 'demo-assess-2005');

  progress('payments of 2005 (Honduras and Nicaragua clear their 2004 arrears)');
  for (const p of PAYMENTS_2005) await ensure('POST', '/v1/payments', ts, p, `demo-pay-${p.reference}`);

  progress('the general fund\'s expenditures by budget line');
  for (const e of EXPENDITURES) {
    await ensure('POST', '/v1/expenditures', ts, {
      fund: 'GEN',
      budgetLine: e.budgetLine,
      account: e.account,
      amount: e.amount,
      currency: 'USD',
      date: e.date,
      payee: e.payee,
      description: `${e.description} (${e.reference})`,
    }, `demo-exp-${e.reference}`);
  }

  progress('the United States\' US$250,000 campaign grant, its tranches and its spending');
  await ensure('POST', '/v1/donors', ts, GRANT.donor);
  await ensure('POST', '/v1/grants', ts, GRANT.grant, 'demo-grant');
  for (const r of GRANT.receipts) await ensure('POST', `/v1/grants/${GRANT.grant.code}/receipts`, ts, r, `demo-grant-${r.reference}`);
  for (const [i, e] of GRANT.expenditures.entries()) await ensure('POST', `/v1/grants/${GRANT.grant.code}/expenditures`, ts, e, `demo-grant-exp-${i}`);

  progress('the reserve fund: contributions, and one case taken through the whole Protocol');
  await ensure('POST', '/v1/reserve-fund/contributions', ts, RESERVE.transferFromGeneral, 'demo-rf-transfer');
  await ensure('POST', '/v1/reserve-fund/contributions', ts, RESERVE.memberContribution, 'demo-rf-mex');
  const existing = await send('GET', '/v1/reserve-fund?asOf=2005-12-31', ts);
  const cases = (existing.body.cases as { id: string; title: string }[] | undefined) ?? [];
  let caseId = cases.find((c) => c.title === RESERVE.case.title)?.id;
  if (!caseId) {
    caseId = String((await ensure('POST', '/v1/reserve-fund/cases', ts, RESERVE.case, 'demo-rf-case')).body.id);
    for (const c of RESERVE.consultations) await ensure('POST', `/v1/reserve-fund/cases/${caseId}/consultations`, ts, c, `demo-rf-consult-${c.country}`);
    await ensure('POST', `/v1/reserve-fund/cases/${caseId}/decision`, ts, RESERVE.decision, 'demo-rf-decision');
    await ensure('POST', `/v1/reserve-fund/cases/${caseId}/notification`, ts, RESERVE.notification, 'demo-rf-notify');
    for (const d of RESERVE.disbursements) await ensure('POST', `/v1/reserve-fund/cases/${caseId}/disbursements`, ts, d, `demo-rf-${d.reference}`);
  }

  progress('bank statements of the operating account (camt.053 Jan-Mar, CSV Apr-Jun 2005), matching');
  const data = path.join(__dirname, 'data');
  await upload('/v1/bank-accounts/OPERATING/statements', ts, path.join(data, 'operating-2005-q1.camt053.xml'), 'camt053');
  await upload('/v1/bank-accounts/OPERATING/statements', ts, path.join(data, 'operating-2005-q2.csv'), 'csv');
  await ensure('POST', '/v1/bank-accounts/OPERATING/auto-match', ts, {});

  progress('the bank charge the ledger did not have yet, recorded from the statement line');
  const rec = await send('GET', '/v1/reports/bank-reconciliation?bankAccount=OPERATING&asOf=2005-06-30', ts);
  const lines = (rec.body.unmatchedStatementLines as { id: string; amount: string; description?: string }[] | undefined) ?? [];
  const charge = lines.find((l) => l.amount === '-35.00' || l.amount === '35.00');
  if (charge) {
    await ensure('POST', `/v1/bank-accounts/OPERATING/statement-lines/${charge.id}/entry`, ts, { account: '5500', fund: 'GEN', description: 'Bank charges Q2 2005' }, 'demo-bank-charge');
  }

  progress('closing fiscal year 2004');
  await ensure('POST', '/v1/fiscal-years/2004/close', ts, {});

  const after = await send('GET', '/v1/reports/bank-reconciliation?bankAccount=OPERATING&asOf=2005-06-30', ts);
  const verification = await send('GET', '/v1/ledger/verification', ADMIN);
  process.stdout.write(`
Demo loaded. Bank reconciliation at 2005-06-30: difference ${String(after.body.difference)}, reconciled: ${String(after.body.reconciled)}.
Hash chain: ${verification.body.ok ? 'verified' : 'BROKEN'} (${String(verification.body.entries)} entries).

Where to look (send Authorization: Bearer <token>; the secretariat token of this run is ${ts}):
  ${API}/docs                                                    the API, described
  ${API}/v1/reports/status-of-contributions?asOf=2005-06-30&lang=es&format=pdf
  ${API}/v1/members/NIC/statement?asOf=2005-12-31&format=pdf
  ${API}/v1/reports/financial-statements?fiscalYear=2005&lang=es&format=pdf&meeting=XI%20Reuni%C3%B3n%20Viceministerial%20(ilustrativa)
  ${API}/v1/grants/${GRANT.grant.code}/report
  ${API}/v1/reserve-fund?asOf=2005-12-31
  ${API}/v1/reports/bank-reconciliation?bankAccount=OPERATING&asOf=2005-06-30
  ${API}/v1/reports/reconciliation?asOf=2005-06-30&lang=es&format=pdf    the TS reconciliation pack (also format=xlsx, lang=en)
  ${API}/v1/reports/trial-balance?asOf=2005-12-31
  ${API}/v1/exports/audit-package?fiscalYear=2005                (auditor or admin token)
`);
}

main().catch((error: unknown) => {
  process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
