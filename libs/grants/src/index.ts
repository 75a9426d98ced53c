export * from './grants.module';
export * from './grant-report';
export { GrantsService, grantView } from './grants.service';
export type { DonorView, ExpenditureView, GrantCreated, ReceiptView, RefundView } from './grants.service';
export { GrantReportService } from './grant-report.service';
export { ACCOUNTS as GRANT_ACCOUNTS, GRANT_KINDS } from './domain/grant-postings';
export type { GrantKind } from './domain/grant-postings';
export { GRANT_RULES } from './domain/grant-rules';
