export * from './problem.filter';
export * from './validation.pipe';
export * from './text-sanity.pipe';
export * from './renderer-registry';
