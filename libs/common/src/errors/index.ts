export * from './error-codes';
export * from './domain-error';
export * from './problem';
export * from './problem.dto';
