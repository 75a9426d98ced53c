export * from './backup-error';
export * from './backup-file';
export * from './backup-manifest';
export * from './backup-schedule';
export * from './backup-writer';
export * from './migrations-up-to';
export * from './pg-tools';
export * from './restore';
