/**
 * An ILLUSTRATIVE data set for the Regional Conference on Migration (CRM). The eleven members are
 * those of the December 2004 meeting record; budgets, the scale of assessments, payments, grant
 * spending and the reserve-fund case are made up for the demonstration and are not the CRM's
 * real figures. The US$250,000 contribution of the United States for the awareness campaign on the
 * risks of migrant smuggling and trafficking in persons (implemented by IOM) is from the record.
 */
export const MEMBERS = [
  { code: 'BLZ', name: 'Belize', nameEs: 'Belice', share: '3.5' },
  { code: 'CAN', name: 'Canada', nameEs: 'Canadá', share: '20' },
  { code: 'CRI', name: 'Costa Rica', nameEs: 'Costa Rica', share: '6' },
  { code: 'SLV', name: 'El Salvador', nameEs: 'El Salvador', share: '5' },
  { code: 'USA', name: 'United States of America', nameEs: 'Estados Unidos de América', share: '25' },
  { code: 'GTM', name: 'Guatemala', nameEs: 'Guatemala', share: '6' },
  { code: 'HND', name: 'Honduras', nameEs: 'Honduras', share: '5' },
  { code: 'MEX', name: 'Mexico', nameEs: 'México', share: '15' },
  { code: 'NIC', name: 'Nicaragua', nameEs: 'Nicaragua', share: '3.5' },
  { code: 'PAN', name: 'Panama', nameEs: 'Panamá', share: '6' },
  { code: 'DOM', name: 'Dominican Republic', nameEs: 'República Dominicana', share: '5' },
];

export const BUDGETS = [
  {
    fiscalYear: 2004,
    total: '180000.00',
    approval: { meeting: 'VIII Regional Conference on Migration (illustrative)', date: '2003-05-22', reference: 'CRM-VIII-2003/BUDGET-2004' },
    lines: [
      { code: 'PERSONNEL', name: 'Technical Secretariat personnel', amount: '110000.00' },
      { code: 'MEETINGS', name: 'Meetings and travel', amount: '45000.00' },
      { code: 'COMMUNICATIONS', name: 'Communications', amount: '15000.00' },
      { code: 'OPERATIONS', name: 'Office operations', amount: '10000.00' },
    ],
  },
  {
    fiscalYear: 2005,
    total: '200000.00',
    approval: { meeting: 'IX Regional Conference on Migration, Panama (illustrative)', date: '2004-05-20', reference: 'CRM-IX-2004/BUDGET-2005' },
    lines: [
      { code: 'PERSONNEL', name: 'Technical Secretariat personnel', amount: '120000.00' },
      { code: 'MEETINGS', name: 'Meetings and travel', amount: '50000.00' },
      { code: 'COMMUNICATIONS', name: 'Communications', amount: '18000.00' },
      { code: 'OPERATIONS', name: 'Office operations', amount: '12000.00' },
    ],
  },
];

export interface DemoPayment {
  member: string;
  amount: string;
  currency: string;
  rate?: string;
  receivedOn: string;
  reference: string;
}

export const PAYMENTS_2004: DemoPayment[] = [
  { member: 'CAN', amount: '36000.00', currency: 'USD', receivedOn: '2004-02-20', reference: 'CAN-2004-01' },
  { member: 'USA', amount: '45000.00', currency: 'USD', receivedOn: '2004-03-15', reference: 'USA-2004-01' },
  { member: 'PAN', amount: '10800.00', currency: 'USD', receivedOn: '2004-03-31', reference: 'PAN-2004-01' },
  { member: 'MEX', amount: '27000.00', currency: 'USD', receivedOn: '2004-04-30', reference: 'MEX-2004-01' },
  { member: 'CRI', amount: '10800.00', currency: 'USD', receivedOn: '2004-05-05', reference: 'CRI-2004-01' },
  { member: 'GTM', amount: '10800.00', currency: 'USD', receivedOn: '2004-06-10', reference: 'GTM-2004-01' },
  { member: 'SLV', amount: '9000.00', currency: 'USD', receivedOn: '2004-07-15', reference: 'SLV-2004-01' },
  { member: 'BLZ', amount: '12600.00', currency: 'BZD', rate: '0.5', receivedOn: '2004-08-10', reference: 'BLZ-2004-01' },
  { member: 'DOM', amount: '9000.00', currency: 'USD', receivedOn: '2004-09-01', reference: 'DOM-2004-01' },
  { member: 'HND', amount: '4500.00', currency: 'USD', receivedOn: '2004-10-20', reference: 'HND-2004-01' },
  // Paid before the 2005 assessment: an advance, applied when 2005 is assessed.
  { member: 'CAN', amount: '40000.00', currency: 'USD', receivedOn: '2004-12-15', reference: 'CAN-2005-ADV' },
];

export const PAYMENTS_2005: DemoPayment[] = [
  { member: 'USA', amount: '50000.00', currency: 'USD', receivedOn: '2005-02-28', reference: 'USA-2005-01' },
  { member: 'MEX', amount: '30000.00', currency: 'USD', receivedOn: '2005-03-15', reference: 'MEX-2005-01' },
  { member: 'CRI', amount: '12000.00', currency: 'USD', receivedOn: '2005-03-30', reference: 'CRI-2005-01' },
  { member: 'GTM', amount: '12000.00', currency: 'USD', receivedOn: '2005-04-12', reference: 'GTM-2005-01' },
  { member: 'BLZ', amount: '14000.00', currency: 'BZD', rate: '0.5', receivedOn: '2005-04-20', reference: 'BLZ-2005-01' },
  // Honduras clears its 2004 arrears first (oldest first), the rest goes to 2005.
  { member: 'HND', amount: '9000.00', currency: 'USD', receivedOn: '2005-05-10', reference: 'HND-2005-01' },
  { member: 'PAN', amount: '12000.00', currency: 'USD', receivedOn: '2005-05-20', reference: 'PAN-2005-01' },
  { member: 'SLV', amount: '10000.00', currency: 'USD', receivedOn: '2005-06-30', reference: 'SLV-2005-01' },
  { member: 'DOM', amount: '10000.00', currency: 'USD', receivedOn: '2005-07-15', reference: 'DOM-2005-01' },
  { member: 'NIC', amount: '6300.00', currency: 'USD', receivedOn: '2005-09-01', reference: 'NIC-2004-01' },
];

export const EXPENDITURES = [
  { fiscalYear: 2004, budgetLine: 'PERSONNEL', account: '5100', amount: '50000.00', date: '2004-06-30', payee: 'Technical Secretariat staff', description: 'Salaries January-June 2004', reference: 'GEN-PERS-2004-01' },
  { fiscalYear: 2004, budgetLine: 'COMMUNICATIONS', account: '5300', amount: '12000.00', date: '2004-09-15', payee: 'Imprenta Nacional', description: 'CRM poster and leaflet', reference: 'GEN-COMMS-2004-01' },
  { fiscalYear: 2004, budgetLine: 'OPERATIONS', account: '5900', amount: '8000.00', date: '2004-11-30', payee: 'Office services', description: 'Office operations 2004', reference: 'GEN-OPS-2004-01' },
  { fiscalYear: 2004, budgetLine: 'MEETINGS', account: '5200', amount: '40000.00', date: '2004-12-03', payee: 'Hotel and travel agency, Panama City', description: 'GRCM meeting, Panama City, 2-3 December 2004', reference: 'GEN-MEET-2004-01' },
  { fiscalYear: 2004, budgetLine: 'PERSONNEL', account: '5100', amount: '50000.00', date: '2004-12-20', payee: 'Technical Secretariat staff', description: 'Salaries July-December 2004', reference: 'GEN-PERS-2004-02' },
  { fiscalYear: 2005, budgetLine: 'COMMUNICATIONS', account: '5300', amount: '6000.00', date: '2005-03-10', payee: 'Imprenta Nacional', description: 'Printing of the CRM brochure', reference: 'GEN-COMMS-2005-01' },
  { fiscalYear: 2005, budgetLine: 'MEETINGS', account: '5200', amount: '25000.00', date: '2005-04-28', payee: 'Conference services, Vancouver', description: 'X CRM meeting costs', reference: 'GEN-MEET-2005-01' },
  { fiscalYear: 2005, budgetLine: 'PERSONNEL', account: '5100', amount: '60000.00', date: '2005-06-30', payee: 'Technical Secretariat staff', description: 'Salaries January-June 2005', reference: 'GEN-PERS-2005-01' },
  { fiscalYear: 2005, budgetLine: 'OPERATIONS', account: '5900', amount: '10000.00', date: '2005-10-31', payee: 'Office services', description: 'Office operations 2005', reference: 'GEN-OPS-2005-01' },
  { fiscalYear: 2005, budgetLine: 'MEETINGS', account: '5200', amount: '20000.00', date: '2005-11-15', payee: 'Hotel and travel agency', description: 'GRCM meeting November 2005', reference: 'GEN-MEET-2005-02' },
  { fiscalYear: 2005, budgetLine: 'PERSONNEL', account: '5100', amount: '60000.00', date: '2005-12-20', payee: 'Technical Secretariat staff', description: 'Salaries July-December 2005', reference: 'GEN-PERS-2005-02' },
];

export const GRANT = {
  donor: { code: 'USA-GOV', name: 'Government of the United States of America', member: 'USA' },
  grant: {
    code: 'USA-2004-CAMPAIGN',
    donor: 'USA-GOV',
    title: 'Awareness campaign on the risks of migrant smuggling and trafficking in persons',
    amount: '250000.00',
    currency: 'USD',
    signedOn: '2004-11-15',
    purpose: 'Campaña de sensibilización sobre los riesgos del tráfico ilícito de migrantes y trata de personas (GRCM, Panamá, diciembre de 2004, conclusión 12)',
    implementingPartner: 'IOM',
    kind: 'restricted',
  },
  receipts: [
    { amount: '150000.00', currency: 'USD', receivedOn: '2004-12-10', reference: 'USA-GRANT-T1' },
    { amount: '100000.00', currency: 'USD', receivedOn: '2005-03-01', reference: 'USA-GRANT-T2' },
  ],
  expenditures: [
    { amount: '60000.00', budgetLine: 'CONSULTANTS', date: '2005-02-15', description: 'IOM campaign consultants (CAMP-CONSULT-01)' },
    { amount: '45000.00', budgetLine: 'MATERIALS', date: '2005-04-30', description: 'Campaign materials (CAMP-MATERIALS-01)' },
    { amount: '70000.00', budgetLine: 'BROADCAST', date: '2005-06-15', description: 'Campaign broadcast airtime (CAMP-BROADCAST-01)' },
  ],
};

export const RESERVE = {
  transferFromGeneral: { amount: '20000.00', date: '2004-12-20', source: 'general_fund', decision: 'GRCM Panamá 2004-12 (illustrative)' },
  memberContribution: { amount: '10000.00', date: '2005-02-10', source: 'member', member: 'MEX' },
  case: {
    title: 'Assisted return of 12 stranded extra-regional migrants (illustrative)',
    countriesInvolved: ['CRI', 'NIC'],
    requestedAmount: '15000.00',
    people: 12,
    requestedOn: '2005-03-01',
  },
  consultations: [
    { country: 'CRI', date: '2005-03-05', response: 'agrees' },
    { country: 'NIC', date: '2005-03-07', response: 'agrees' },
  ],
  decision: { decidedBy: 'IOM', date: '2005-03-10', outcome: 'approved', approvedAmount: '14500.00' },
  notification: { date: '2005-03-11', reference: 'PPT-CAN-2005-014' },
  disbursements: [
    { amount: '9000.00', date: '2005-03-20', reference: 'RF-CASE-1-D1' },
    { amount: '5500.00', date: '2005-05-05', reference: 'RF-CASE-1-D2' },
  ],
};
