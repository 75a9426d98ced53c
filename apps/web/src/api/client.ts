import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

/** One field the API refused, as its problem+json `errors` names it. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** A problem+json answer of the API (or a network failure, status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    readonly detail: string | undefined,
    /** The fields the API refused (`errors`), each with its English message. */
    readonly errors: readonly FieldProblem[] = [],
    /** The rest of the body: machine-readable facts such as `rule` and the figures behind it. */
    readonly extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(detail ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }
}

type Listener = () => void;
const unauthenticatedListeners = new Set<Listener>();

/** Called when the API answers 401: the session ended (expired, signed out in another tab). */
export function onUnauthenticated(listener: Listener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const consoleMiddleware: Middleware = {
  onRequest({ request }) {
    // Cookie-authenticated writes must carry it: the API refuses a state-changing request
    // without it (a cross-site form cannot set a custom header).
    if (!SAFE_METHODS.has(request.method)) request.headers.set('X-Requested-With', 'fetch');
    return request;
  },
  onResponse({ response, schemaPath }) {
    if (response.status === 401 && !schemaPath.startsWith('/v1/auth/')) {
      for (const listener of unauthenticatedListeners) listener();
    }
    return response;
  },
};

/**
 * The console's one way to reach the API: typed from the API's own OpenAPI document
 * (schema.d.ts, `npm run api:types`). Same origin, so the session cookie goes with every call.
 */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(consoleMiddleware);

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

const PROBLEM_MEMBERS = new Set(['type', 'title', 'status', 'detail', 'code', 'errors']);

function problemOf(error: unknown): { code?: string; detail?: string; errors: FieldProblem[]; extensions: Record<string, unknown> } {
  if (typeof error !== 'object' || error === null) return { errors: [], extensions: {} };
  const e = error as Record<string, unknown>;
  const errors = Array.isArray(e.errors)
    ? e.errors.filter(
        (item): item is FieldProblem =>
          typeof item === 'object' && item !== null && typeof (item as FieldProblem).field === 'string' && typeof (item as FieldProblem).message === 'string',
      )
    : [];
  const extensions = Object.fromEntries(Object.entries(e).filter(([key]) => !PROBLEM_MEMBERS.has(key)));
  return {
    code: typeof e.code === 'string' ? e.code : undefined,
    detail: typeof e.detail === 'string' ? e.detail : typeof e.title === 'string' ? e.title : undefined,
    errors,
    extensions,
  };
}

/** The body of a successful answer; anything else throws an ApiError. */
export async function unwrap<T>(call: Promise<Answer<T>>): Promise<NonNullable<T>> {
  let answer: Answer<T>;
  try {
    answer = await call;
  } catch (error) {
    throw new ApiError(0, 'network', error instanceof Error ? error.message : String(error));
  }
  if (!answer.response.ok || answer.data === undefined || answer.data === null) {
    const { code, detail, errors, extensions } = problemOf(answer.error);
    throw new ApiError(answer.response.status, code, detail, errors, extensions);
  }
  return answer.data;
}

/**
 * For routes whose OpenAPI document does not describe the JSON body yet (it is `unknown` or
 * absent in schema.d.ts): the console states the shape it reads in responses.ts.
 */
export async function unwrapAs<T>(call: Promise<Answer<unknown>>): Promise<T> {
  return (await unwrap(call)) as T;
}
