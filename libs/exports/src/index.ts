export * from './exports.module';
export * from './general-ledger/general-ledger.service';
export * from './general-ledger/general-ledger.dto';
export { GL_COLUMNS, glCopySql } from './general-ledger/general-ledger.repository';
export type { GlColumn, GlRange, GlRow } from './general-ledger/general-ledger.repository';
export { GL_CONTENT_TYPES, GL_FORMATS } from './general-ledger/gl-formats';
export type { GlFormat, GlJsonRecord } from './general-ledger/gl-formats';
