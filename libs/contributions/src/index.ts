export * from './contributions.module';
export * from './reports/report-types';
export * from './reports/status-of-contributions.service';
export * from './reports/member-statement.service';
export * from './members/members.service';
export type { MemberRow } from './members/members.repository';
export * from './budgets/budgets.service';
export * from './budgets/assessments.service';
export * from './payments/payments.service';
export * from './arrears/arrears.service';
export type { Decision } from './shared/dto';
export { standingOf, standingFrom, collectionRate, arrearsOf } from './domain/standing';
export { OpeningPositionModule } from './opening-position/opening-position.module';
export { OpeningPositionService, OpeningRecordRefused } from './opening-position/opening-position.service';
export { MAX_FILE_BYTES as OPENING_POSITION_MAX_BYTES } from './opening-position/opening-position.model';
export type {
  OpeningOutcome,
  OpeningSummary,
  OpeningOptions,
  Tally,
} from './opening-position/opening-position.service';
