export * from './problem.filter';
export * from './validation.pipe';
