export * from './auth.module';
export * from './roles';
export * from './audit/audit.service';
export * from './tokens/tokens.service';
export { hashToken } from './tokens/token-hash';
