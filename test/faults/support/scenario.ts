import { call } from './server-process';

export const MEMBERS = ['ARG', 'BLZ', 'BOL', 'BRA', 'CAN', 'CHL', 'COL', 'CRI', 'DOM', 'ECU', 'GTM', 'HND', 'JAM', 'MEX', 'NIC', 'PAN', 'PER', 'PRY', 'SLV', 'USA'];

/** Members, an approved budget and its assessments: what payments need to exist. */
export async function seedContributions(url: string, adminToken: string, fiscalYear: number): Promise<string> {
  const issued = await call(url, 'POST', '/v1/tokens', adminToken, { name: 'fault suite', role: 'secretariat' });
  if (issued?.status !== 201) throw new Error(`token: ${JSON.stringify(issued)}`);
  const token = (issued.body as { token: string }).token;
  for (const code of MEMBERS) {
    const r = await call(url, 'POST', '/v1/members', token, { code, name: code, joinedOn: '2000-01-01' });
    if (r?.status !== 201) throw new Error(`member ${code}: ${JSON.stringify(r)}`);
  }
  const budget = await call(url, 'POST', '/v1/budgets', token, {
    fiscalYear,
    total: '1000000.00',
    currency: 'USD',
    approval: { meeting: 'Fault suite', date: `${fiscalYear - 1}-11-01`, reference: 'FS-1' },
    lines: [{ code: 'OPS', name: 'Operations', amount: '1000000.00' }],
    scale: MEMBERS.map((member) => ({ member, share: '5' })),
  });
  if (budget?.status !== 201) throw new Error(`budget: ${JSON.stringify(budget)}`);
  const assessed = await call(url, 'POST', `/v1/budgets/${fiscalYear}/assessments`, token, {}, `assess-${fiscalYear}`);
  if (assessed?.status !== 201) throw new Error(`assessment: ${JSON.stringify(assessed)}`);
  return token;
}
