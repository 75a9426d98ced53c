import { createHash, randomBytes } from 'node:crypto';

// Tokens carry 256 random bits, so a plain SHA-256 is enough to store them: there is nothing to
// brute-force that a slow hash would protect.
export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export const generateToken = (): string => `clg_${randomBytes(32).toString('base64url')}`;
