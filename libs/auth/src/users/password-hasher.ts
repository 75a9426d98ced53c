import { Injectable, OnModuleInit } from '@nestjs/common';
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

// @node-rs/argon2 declares Algorithm as a const enum, which per-file compilers cannot inline.
const ARGON2ID = 2 as Algorithm;
/** OWASP's argon2id setting: 19 MiB, 2 passes, 1 lane. */
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/**
 * Password hashes: argon2id with a random salt, in PHC format. Checking a password for a user that
 * does not exist runs the same verification against a dummy hash, so an unknown user and a wrong
 * password take the same time.
 */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private dummyHash?: Promise<string>;

  onModuleInit(): void {
    this.dummy().catch(() => undefined);
  }

  hash(password: string): Promise<string> {
    return hash(password, OPTIONS);
  }

  /** True only when `passwordHash` is a user's hash and `password` matches it. */
  async verify(passwordHash: string | undefined, password: string): Promise<boolean> {
    const target = passwordHash ?? (await this.dummy());
    let matches: boolean;
    try {
      matches = await verify(target, password);
    } catch {
      matches = false;
    }
    return matches && passwordHash !== undefined;
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= hash(randomBytes(32).toString('base64url'), OPTIONS);
    return this.dummyHash;
  }
}
