export * from './problem.filter';
export * from './validation.pipe';
export * from './reserved-keys';
export * from './text-sanity.pipe';
export * from './renderer-registry';
