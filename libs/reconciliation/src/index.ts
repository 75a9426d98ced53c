export * from './statement-parsers';
