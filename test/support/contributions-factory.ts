import { Dec } from '@app/common';
import { TransactionRunner } from '@app/database';
import { BalancesService } from '@app/ledger';
import { TestApp } from './test-app';

/** Small factories for the contributions e2e specs: members, budgets, assessments, payments. */

export interface StatusYearBody {
  fiscalYear: number;
  assessed: string;
  paid: string;
  writtenOff: string;
  outstanding: string;
}
export interface StatusMemberBody {
  member: string;
  assessed: string;
  paid: string;
  writtenOff: string;
  outstanding: string;
  advance: string;
  arrears: string;
  standing: string;
  collectionRate: string | null;
  years: StatusYearBody[];
}

export async function createMember(
  t: TestApp,
  code: string,
  joinedOn = '1900-01-01',
  extra: Record<string, unknown> = {},
): Promise<void> {
  const res = await t.as('admin').post('/v1/members', { code, name: `Member ${code}`, joinedOn, ...extra });
  if (res.status !== 201) throw new Error(`member ${code}: ${res.status} ${JSON.stringify(res.body)}`);
}

/** A budget of one line whose scale gives each member a fixed amount (the total is their sum). */
export async function createBudget(
  t: TestApp,
  fiscalYear: number,
  amounts: Record<string, string>,
  approvalDate = `${fiscalYear - 1}-12-01`,
): Promise<{ version: number }> {
  const total = Object.values(amounts)
    .reduce((s, a) => s.plus(a), new Dec(0))
    .toFixed(2);
  const res = await t.as('secretariat').post('/v1/budgets', {
    fiscalYear,
    total,
    currency: 'USD',
    approval: { meeting: `Meeting ${fiscalYear}`, date: approvalDate, reference: `DEC-${fiscalYear}` },
    lines: [{ code: 'OPS', name: 'Operations', amount: total }],
    scale: Object.entries(amounts).map(([member, amount]) => ({ member, amount })),
  });
  if (res.status !== 201) throw new Error(`budget ${fiscalYear}: ${res.status} ${JSON.stringify(res.body)}`);
  return { version: res.body.version };
}

export async function assess(t: TestApp, fiscalYear: number, assessedOn?: string) {
  const res = await t.as('secretariat').post(`/v1/budgets/${fiscalYear}/assessments`, assessedOn ? { assessedOn } : {});
  if (res.status !== 201) throw new Error(`assess ${fiscalYear}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as {
    assessments: { member: string; amount: string; difference: string }[];
    advancesApplied: { member: string; amount: string }[];
    releasedToAdvance: { member: string; amount: string }[];
  };
}

export interface PaymentBody {
  id: string;
  member: string;
  amountBase: string;
  allocations: { fiscalYear: number; amount: string; appliedOn: string }[];
  advance: string;
}

export async function pay(
  t: TestApp,
  member: string,
  amount: string,
  receivedOn: string,
  extra: Record<string, unknown> = {},
): Promise<PaymentBody> {
  const res = await t.as('secretariat').post('/v1/payments', {
    member,
    amount,
    currency: 'USD',
    receivedOn,
    reference: `REF-${member}-${receivedOn}-${amount}`,
    ...extra,
  });
  if (res.status !== 201) throw new Error(`payment ${member} ${amount}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as PaymentBody;
}

export async function statusOf(
  t: TestApp,
  asOf: string,
): Promise<{ members: StatusMemberBody[]; totals: Record<string, string>; honourRoll: unknown[] }> {
  const res = await t.as('viewer').get(`/v1/reports/status-of-contributions?asOf=${asOf}`);
  if (res.status !== 200) throw new Error(`status ${asOf}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function memberStatus(t: TestApp, member: string, asOf: string): Promise<StatusMemberBody | undefined> {
  return (await statusOf(t, asOf)).members.find((m) => m.member === member);
}

/** Net balance (debit − credit) of an account per member as at a date, straight from the postings. */
export async function memberBalances(t: TestApp, account: string, asOf: string): Promise<Map<string, string>> {
  const rows = await t.app
    .get(TransactionRunner)
    .snapshot((m) => t.app.get(BalancesService).byDimension(m, 'member_code', account, asOf));
  return new Map(rows.map((r) => [r.key, new Dec(r.debitBase).minus(r.creditBase).toFixed(2)]));
}
