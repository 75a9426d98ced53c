import { Role } from '@app/auth';

const ALL: Role[] = ['admin', 'secretariat', 'viewer', 'auditor'];
const MONEY: Role[] = ['secretariat', 'admin'];
const ADMIN: Role[] = ['admin'];
const AUDIT: Role[] = ['auditor', 'admin'];

/**
 * Who may call what: the declared expectation every route of /docs-json is checked against.
 * A route missing here, or here but not served, fails the suite.
 */
export const AUTHORIZATION_MATRIX: Record<string, Role[] | 'public'> = {
  'GET /health': 'public',
  'POST /v1/tokens': ADMIN,
  'GET /v1/tokens': ADMIN,
  'DELETE /v1/tokens/{id}': ADMIN,
  'GET /v1/policies': ALL,
  'PUT /v1/policies': ADMIN,
  'GET /v1/accounts': ALL,
  'POST /v1/accounts': ADMIN,
  'PUT /v1/accounts/{code}': ADMIN,
  'GET /v1/funds': ALL,
  'POST /v1/funds': ADMIN,
  'POST /v1/journal-entries': MONEY,
  'GET /v1/journal-entries': ALL,
  'GET /v1/journal-entries/{id}': ALL,
  'POST /v1/journal-entries/{id}/reversal': MONEY,
  'GET /v1/reports/trial-balance': ALL,
  'GET /v1/ledger/verification': ['auditor', 'admin', 'secretariat'],
  'GET /v1/fiscal-years': ALL,
  'POST /v1/fiscal-years/{year}/close': MONEY,
};

export { ALL, MONEY, ADMIN, AUDIT };
