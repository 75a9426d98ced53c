import { describe, expect, it } from 'vitest';
import type { CaseView } from './api';
import { nextAction, protocolState } from './protocol';

const requested: CaseView = {
  id: '00000000-0000-4000-8000-000000000001',
  title: 'Assisted return',
  status: 'requested',
  countriesInvolved: ['CRI', 'NIC'],
  requestedAmount: '15000.00',
  people: 12,
  requestedOn: '2005-03-01',
  decidedBy: null,
  decidedOn: null,
  approvedAmount: null,
  notifiedOn: null,
  notificationReference: null,
  closedOn: null,
  disbursed: '0.00',
  commitment: '0.00',
  consultations: [],
  history: [],
};
const consultedCri: CaseView = { ...requested, status: 'consulting', consultations: [{ country: 'CRI', date: '2005-03-05', response: 'agrees' }] };
const consultedAll: CaseView = { ...consultedCri, consultations: [...consultedCri.consultations, { country: 'NIC', date: '2005-03-07', response: 'agrees' }] };
const approved: CaseView = { ...consultedAll, status: 'approved', decidedBy: 'IOM', decidedOn: '2005-03-10', approvedAmount: '14500.00', commitment: '14500.00' };
const rejected: CaseView = { ...consultedAll, status: 'rejected', decidedBy: 'IOM', decidedOn: '2005-03-10' };
const notified: CaseView = { ...approved, status: 'notified', notifiedOn: '2005-03-11', notificationReference: 'PPT-1' };
const partlyPaid: CaseView = { ...notified, status: 'disbursed', disbursed: '9000.00', commitment: '5500.00' };
const paid: CaseView = { ...notified, status: 'disbursed', disbursed: '14500.00', commitment: '0.00' };
const closedEarly: CaseView = { ...consultedCri, status: 'closed', closedOn: '2005-03-06' };

describe('where a case stands in the Protocol, and the one step offered next', () => {
  it.each<[string, CaseView, string, ReturnType<typeof nextAction>]>([
    ['a new request: consult', requested, 'done current pending pending pending', 'consulted'],
    ['one country of two consulted: consult the other', consultedCri, 'done current pending pending pending', 'consulted'],
    ['every country consulted: IOM decides', consultedAll, 'done done current pending pending', 'decided'],
    ['approved: notify the Pro-Tempore Presidency', approved, 'done done done current pending', 'notified'],
    ['notified: disburse', notified, 'done done done done current', 'disbursed'],
    ['partly disbursed: disburse the rest', partlyPaid, 'done done done done current', 'disbursed'],
    ['fully disbursed: only closing is left', paid, 'done done done done done', 'close'],
    ['rejected: no notification or disbursement, only closing', rejected, 'done done done stopped stopped', 'close'],
    ['closed before the decision: nothing', closedEarly, 'done stopped stopped stopped stopped', null],
  ])('%s', (_name, c, states, next) => {
    const state = protocolState(c);
    expect([state.requested, state.consulted, state.decided, state.notified, state.disbursed].join(' ')).toBe(states);
    expect(nextAction(c)).toBe(next);
  });
});
