import { describe, expect, it } from 'vitest';
import { generatePassword, PASSWORD_MIN_LENGTH, USERNAME } from './api';

describe('generatePassword', () => {
  it('is 24 base64url characters of 18 random bytes, long enough for the API’s policy', () => {
    const password = generatePassword();
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(password.length).toBeGreaterThanOrEqual(PASSWORD_MIN_LENGTH);
  });

  it('encodes exactly the bytes it was given', () => {
    expect(generatePassword((b) => b.fill(0xff))).toBe('________________________');
    expect(generatePassword((b) => b.fill(0))).toBe('AAAAAAAAAAAAAAAAAAAAAAAA');
  });

  it('differs from one call to the next', () => {
    expect(new Set(Array.from({ length: 50 }, () => generatePassword())).size).toBe(50);
  });
});

describe('USERNAME: the API’s rule for sign-in names', () => {
  it.each(['mlopez', 'm.lopez', 'auditor@crm', 'a', 'A1_-.'])('accepts %j', (name) => expect(USERNAME.test(name)).toBe(true));
  it.each(['', '.mlopez', 'm lopez', 'ñandú', 'x'.repeat(65)])('refuses %j', (name) => expect(USERNAME.test(name)).toBe(false));
});
