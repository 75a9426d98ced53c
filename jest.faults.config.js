/** Fault, fuzz, authorization and soak suites: `npm run test:faults` (run by CI after `npm test`). */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'],
  testTimeout: 300_000,
  maxWorkers: 1,
};
