import { CHAIN_PROBLEMS } from '@app/ledger';
import type { RegisterCheckResult } from '@app/register-checks';
import { explanationCutNote, explanationRows } from './reconciliation-explanations';

const check = (
  name: string,
  explanation: unknown[],
  extra: Partial<RegisterCheckResult> = {},
): RegisterCheckResult => ({
  name,
  ledger: null,
  register: null,
  difference: null,
  ok: false,
  explanation,
  ...extra,
});

/** Words a reader of the pack would not understand: JSON, a camelCase key, a snake_case code. */
const RAW = /\{"|\b[a-z]+[A-Z][A-Za-z]*\b|\b[a-z]+_[a-z_]+\b/;

const CASES: [string, RegisterCheckResult, { es: string[]; en: string[] }][] = [
  [
    'trial balance',
    check('trial-balance:GEN', [
      { fund: 'GEN', debits: '100.00', credits: '90.00', currency: 'USD', difference: '-10.00' },
    ]),
    { es: ['Fondo GEN', 'Débitos (libro mayor)'], en: ['Fund GEN', 'Debits (general ledger)'] },
  ],
  [
    'balance roll-ups',
    check('balance-rollups', [
      {
        account: '1010',
        fund: 'GEN',
        postings: { debit: '100.00', credit: '0.00' },
        rollup: null,
        ledger: '100.00',
        register: '0.00',
        difference: '-100.00',
      },
    ]),
    {
      es: ['Cuenta 1010, fondo GEN', 'según los apuntes: débitos 100.00', 'ningún saldo mensual'],
      en: ['Account 1010, fund GEN', 'per postings: debits 100.00', 'no monthly roll-up'],
    },
  ],
  [
    'hash chain',
    check('hash-chain', [{ firstBrokenSequence: 7, problem: CHAIN_PROBLEMS.hashMismatch }]),
    {
      es: ['Cadena rota en este asiento', 'no coincide con su hash'],
      en: ['Chain broken at this entry', 'does not match its hash'],
    },
  ],
  [
    'reserve-fund commitments',
    check('reserve-fund:commitments', [
      {
        case: '0b6a3c52-0000-4000-8000-000000000001',
        title: 'Return of 3 nationals',
        status: 'approved',
        approved: '3000.00',
        disbursedPerLedger: '0.00',
        disbursedPerRegister: '1000.00',
        ledger: '3000.00',
        register: '2000.00',
        difference: '-1000.00',
      },
    ]),
    {
      es: ['Caso: Return of 3 nationals', 'Estado: Aprobado', 'aprobado: 3,000.00', 'según el registro: 1,000.00'],
      en: ['Case: Return of 3 nationals', 'Status: Approved', 'approved: 3,000.00', 'per register: 1,000.00'],
    },
  ],
  [
    'a check that could not run',
    check('contributions', [{ kind: 'check-failed', error: 'relation "x" does not exist' }]),
    { es: ['La comprobación no pudo ejecutarse'], en: ['The check could not run'] },
  ],
  [
    'a register row whose entry was reversed',
    check('reserve-fund:disbursements', [
      {
        kind: 'register-row-entry-reversed',
        table: 'reserve_case_disbursements',
        id: '1',
        date: '2005-07-01',
        reference: 'TKT-1',
        entryId: 'e1',
        register: '1000.00',
        reversedBy: { entryId: 'e2', sequence: 12, date: '2005-08-01' },
        difference: '0.00',
      },
    ]),
    {
      es: ['Desembolsos de casos del fondo de reserva, referencia TKT-1', 'revertido por el asiento n.º 12'],
      en: ['Reserve fund case disbursements, reference TKT-1', 'reversed by entry no. 12'],
    },
  ],
  [
    'status of contributions figures',
    check('contributions:status-figures', [
      {
        what: 'member-year',
        key: 'MEX 2005',
        ledger: { member: 'MEX', fiscalYear: 2005, assessed: '1000.00', paid: '400.00', writtenOff: '0.00', outstanding: '600.00', arrears: '0.00', threshold: '0.00' },
        register: { member: 'MEX', fiscalYear: 2005, assessed: '1000.00', paid: '500.00', writtenOff: '0.00', outstanding: '500.00', arrears: '0.00', threshold: '0.00' },
      },
      { what: 'received', key: 'GTM', ledger: { member: 'GTM', received: '25.00' }, register: null },
      { what: 'member-year', key: 'BLZ total', ledger: null, register: { member: 'BLZ', fiscalYear: null, assessed: '1.00' } },
    ]),
    {
      es: [
        'Miembro MEX, ejercicio 2005',
        'pagado: 500.00 en las cifras mantenidas, 400.00 sumado del registro',
        'pendiente: 500.00 en las cifras mantenidas, 600.00 sumado del registro',
        'Miembro GTM, recibido',
        'Falta en las cifras mantenidas',
        'Miembro BLZ, total',
        'Falta en el registro sumado',
      ],
      en: ['Member MEX, fiscal year 2005', 'paid: 500.00 in the maintained figures, 400.00 summed from the register', 'Member GTM, received'],
    },
  ],
];

describe('reconciliation pack explanations', () => {
  it.each(CASES)('%s: in words in both languages', (_case, c, expected) => {
    for (const lang of ['es', 'en'] as const) {
      const rows = explanationRows(c, lang, 'USD');
      const words = rows.map((r) => [r.item, r.detail].filter((w) => w !== null).join(' ')).join(' | ');
      for (const phrase of expected[lang]) expect(words).toContain(phrase);
      const shown = words.replace(/relation "x" does not exist/, '');
      expect(shown).not.toMatch(RAW);
    }
  });

  it('figures are copied from the item', () => {
    const [row] = explanationRows(CASES[1][1], 'en', 'USD');
    expect(row).toMatchObject({ ledger: '100.00', register: '0.00', difference: '-100.00' });
  });

  it('an item of a check it does not know: its fields, flattened, never JSON', () => {
    const [row] = explanationRows(check('future', [{ a: { b: 1 }, c: 'x' }]), 'en', 'USD');
    expect(row.detail).toBe('a.b: 1 · c: x');
  });

  it('says when the explanation was cut, and not otherwise', () => {
    const items = Array.from({ length: 50 }, () => ({}));
    expect(explanationCutNote(check('x', items, { explanationTotal: 1234 }), 'es')).toContain('primeros 50 de 1,234');
    expect(explanationCutNote(check('x', items, { explanationTotal: 1234 }), 'en')).toContain('first 50 of 1,234');
    expect(explanationCutNote(check('x', items), 'en')).toBeNull();
  });
});
