export { checkZipLimits, type ZipLimits, type ZipProblem } from './zip-limits';
