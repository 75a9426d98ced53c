export * from './database.module';
export * from './data-source-options';
export * from './embedded-postgres';
export * from './migrate';
export * from './transaction-runner';
export * from './abandon-connection';
export * from './backup';
export * from './group-commit';
