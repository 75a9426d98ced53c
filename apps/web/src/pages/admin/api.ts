import { queryOptions } from '@tanstack/react-query';
import type { SessionUser } from '../../api/auth-contract';
import { api, unwrapAs } from '../../api/client';
import type { components } from '../../api/schema';

export type Role = SessionUser['role'];
export const ROLES: readonly Role[] = ['admin', 'secretariat', 'viewer', 'auditor'];

type Schemas = components['schemas'];

/** People and API tokens, as the API's OpenAPI document describes them (schema.d.ts). */
export type UserView = Schemas['UserResponseDto'];
export type NewUser = Schemas['CreateUserDto'];
export type UserPatch = Schemas['UpdateUserDto'];
/** A token; `token` (the secret) only in the answer that creates it. */
export type TokenView = Schemas['TokenResponseDto'];

/** libs/auth/src/users/password-policy.ts */
export const PASSWORD_MIN_LENGTH = 12;
export const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

export const adminQueries = {
  users: () => queryOptions({ queryKey: ['users'], queryFn: () => unwrapAs<UserView[]>(api.GET('/v1/users')) }),
  tokens: () => queryOptions({ queryKey: ['tokens'], queryFn: () => unwrapAs<TokenView[]>(api.GET('/v1/tokens')) }),
};

export const adminCommands = {
  createUser: (body: NewUser) => unwrapAs<UserView>(api.POST('/v1/users', { body })),
  updateUser: (id: string, body: UserPatch) => unwrapAs<UserView>(api.PATCH('/v1/users/{id}', { params: { path: { id } }, body })),
  createToken: (body: { name: string; role: Role }) => unwrapAs<TokenView>(api.POST('/v1/tokens', { body })),
  revokeToken: (id: string) => unwrapAs<TokenView>(api.DELETE('/v1/tokens/{id}', { params: { path: { id } } })),
};

/**
 * A password to hand to a person: 18 random bytes from the platform's generator, base64url
 * (24 characters, 144 bits), as the API's own first-admin password.
 */
export function generatePassword(fill: (bytes: Uint8Array<ArrayBuffer>) => void = (b) => crypto.getRandomValues(b)): string {
  const bytes = new Uint8Array(18);
  fill(bytes);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
