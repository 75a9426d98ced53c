import { Platform1764400000000 } from './1764400000000-platform';

/** Every migration, in order. Listed explicitly so the same list works compiled and under jest. */
export const MIGRATIONS = [Platform1764400000000];
