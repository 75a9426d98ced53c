/** Addresses of the auditors' pages (Spanish words, as every address of the console). */
export const AUDIT_PATHS = {
  verification: '/auditoria/verificacion',
  journal: '/auditoria/diario',
  entry: (id: string) => `/auditoria/diario/${encodeURIComponent(id)}`,
  trialBalance: '/auditoria/balance-de-comprobacion',
  registerChecks: '/auditoria/controles',
  exports: '/auditoria/exportaciones',
  auditLog: '/auditoria/bitacora',
} as const;

export const AUDIT_ROLES = ['auditor', 'admin'] as const;
