export * from './config';
export * from './csv';
export * from './errors';
export * from './files';
export * from './http';
export * from './money';
