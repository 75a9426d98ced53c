import { beforeAll, describe, expect, it } from 'vitest';
import { i18n, initI18n } from '../../i18n';
import { logFiltersOf, logParamsOf } from './AuditLogPage';
import { formatBytes, packageYear } from './ExportsPage';
import { AUDIT_NS } from './messages';
import { checkLabel } from './RegisterChecksPage';

describe('register checks are named in words, as the reconciliation pack names them', () => {
  beforeAll(() => {
    initI18n('es');
  });

  it.each([
    ['es', 'trial-balance:GEN', 'Balance de comprobación, fondo GEN: débitos = créditos'],
    ['en', 'trial-balance:USA-2004-CAMPAIGN', 'Trial balance, fund USA-2004-CAMPAIGN: debits = credits'],
    ['es', 'bank:OPERATING', 'Cuenta bancaria OPERATING: libro mayor vs extractos'],
    ['en', 'grant:USA-2004-CAMPAIGN:spent', 'Grant USA-2004-CAMPAIGN: spent'],
    ['es', 'contributions:receivable', 'Contribuciones por cobrar (1100) vs estado de contribuciones'],
    ['es', 'contributions:status-figures', 'Cifras del estado de contribuciones (por miembro y ejercicio) = registro'],
    ['en', 'contributions:status-figures', 'Status of contributions figures (per member and fiscal year) = register'],
    ['en', 'reserve-fund:commitments', 'Reserve fund: commitments'],
    ['es', 'hash-chain', 'Cadena de hash del diario (asientos verificados)'],
    // A check this console does not know keeps its key.
    ['en', 'grant:X:pledged', 'grant:X:pledged'],
    ['es', 'members:register', 'members:register'],
  ] as const)('%s %s → %s', (lang, name, expected) => {
    expect(checkLabel(name, i18n.getFixedT(lang, AUDIT_NS))).toBe(expected);
  });
});

describe('audit log filters in the address', () => {
  const uuid = '0b8f8d5e-2f4b-4c7e-9d1a-3c5e7f9a1b2d';
  it.each<[string, Record<string, unknown>]>([
    ['', { limit: 100 }],
    [`from=2026-01-01&to=2026-12-31&actor=${uuid}&action=login&limit=500`, { from: '2026-01-01', to: '2026-12-31', actor: uuid, action: 'login', limit: 500 }],
    ['from=2026-02-30&actor=not-a-uuid&limit=3', { limit: 100 }],
    ['from=2026-12-31&to=2026-01-01', { from: '2026-12-31', limit: 100 }],
    [`action=${'x'.repeat(201)}`, { limit: 100 }],
  ])('%j', (query, expected) => {
    const filters = logFiltersOf(new URLSearchParams(query));
    expect(Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined))).toEqual(expected);
    expect(logFiltersOf(logParamsOf(filters))).toEqual(filters);
  });
});

describe('exports page helpers', () => {
  it.each<[number, 'es' | 'en', string]>([
    [0, 'es', '0\u00a0B'],
    [555, 'en', '555\u00a0B'],
    [1536, 'en', '1.5\u00a0kB'],
    [52_736, 'es', '51.5\u00a0kB'],
    [5 * 1024 * 1024, 'en', '5\u00a0MB'],
  ])('formatBytes(%i, %s) = %j', (bytes, lang, expected) => {
    expect(formatBytes(bytes, lang)).toBe(expected);
  });

  it('offers the latest closed year first, else the latest', () => {
    const year = (y: number, status: 'open' | 'closed') => ({ year: y, startsOn: `${y}-01-01`, endsOn: `${y}-12-31`, status, closedAt: null });
    expect(packageYear([year(2004, 'closed'), year(2005, 'open')])).toBe(2004);
    expect(packageYear([year(2005, 'open'), year(2006, 'open')])).toBe(2006);
    expect(packageYear([])).toBeUndefined();
  });
});
