export * from './problem.filter';
export * from './validation.pipe';
export * from './reserved-keys';
export * from './api-file-response';
export * from './text-sanity.pipe';
