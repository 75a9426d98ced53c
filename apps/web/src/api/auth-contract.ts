import type { paths } from './schema';

/** A person signed in to the console (API.md, "Tokens (machines) and people"). */
export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: 'admin' | 'secretariat' | 'viewer' | 'auditor';
}

type NoParameters = { query?: never; header?: never; path?: never; cookie?: never };
type Json<T> = { headers: { [name: string]: unknown }; content: { 'application/json': T } };
type Operation<Body, Ok> = {
  parameters: NoParameters;
  responses: { 200: Json<Ok>; 401: Json<unknown>; 429: Json<unknown> };
} & ([Body] extends [undefined] ? { requestBody?: never } : { requestBody: { content: { 'application/json': Body } } });
type Route<Method extends 'get' | 'post', Op> = {
  parameters: NoParameters;
  get: Method extends 'get' ? Op : never;
  post: Method extends 'post' ? Op : never;
  put?: never;
  delete?: never;
  options?: never;
  head?: never;
  patch?: never;
  trace?: never;
};

/**
 * The sign-in routes as API.md states them, for as long as the API's OpenAPI document does not
 * describe them yet. Once it does (and `npm run api:types` has run), the document's own types
 * are used and this contract no longer applies.
 */
interface AuthContract {
  '/v1/auth/login': Route<'post', Operation<{ username: string; password: string }, { user: SessionUser }>>;
  '/v1/auth/session': Route<'get', Operation<undefined, SessionUser | { user: SessionUser }>>;
  '/v1/auth/logout': Route<'post', Operation<undefined, unknown>>;
}

export type ConsolePaths = '/v1/auth/login' extends keyof paths ? paths : paths & AuthContract;
