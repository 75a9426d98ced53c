export * from './auth.module';
export * from './roles';
export * from './audit/audit.service';
export * from './tokens/tokens.service';
export { hashToken } from './tokens/token-hash';
export { Clock } from './clock';
export { AUTH_FAILURES_PER_MINUTE } from './limits/auth-failure-limiter';
export { requestIdFor } from './request-id';
export { applyHttpSecurity } from './http/http-security';
