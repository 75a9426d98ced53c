import { ApiError, type FieldProblem } from '../api/client';
import type { Lang } from '../i18n/languages';
import type { ErrorCodeKey } from './messages';

/** What a refusal of the API says, ready to be put in words (problem+json, or a network failure). */
export interface ProblemView {
  status: number;
  /** The API's stable code (`network` when nothing answered, `unknown` for anything else). */
  code: ErrorCodeKey;
  /** The API's English detail: kept for the person who reports a problem, not the main message. */
  detail?: string;
  /** The rule that was broken (the API's `rule` extension), when the API names one. */
  rule?: string;
  /** The figures behind the refusal (the API's extensions besides `rule`), as decimal strings. */
  facts: Readonly<Record<string, unknown>>;
  /** The fields the API refused. */
  errors: readonly FieldProblem[];
  requestId?: string;
}

const KNOWN_CODES = new Set<string>([
  'validation_failed', 'malformed_json', 'payload_too_large', 'request_timeout', 'unauthenticated', 'forbidden',
  'not_found', 'route_not_found', 'already_exists', 'idempotency_key_reused', 'idempotency_in_progress',
  'period_closed', 'already_reversed', 'inactive_account', 'unbalanced_entry', 'business_rule_violated',
  'conflict', 'rate_limited', 'statement_malformed', 'service_unavailable', 'internal_error', 'network',
]);

/** The view of any error a submission threw; null when there is none. */
export function problemView(error: unknown): ProblemView | null {
  if (error === null || error === undefined) return null;
  if (!(error instanceof ApiError)) return { status: 0, code: 'unknown', detail: error instanceof Error ? error.message : undefined, facts: {}, errors: [] };
  const { rule, requestId, ...facts } = error.extensions;
  return {
    status: error.status,
    code: error.code !== undefined && KNOWN_CODES.has(error.code) ? (error.code as ErrorCodeKey) : 'unknown',
    detail: error.detail,
    rule: typeof rule === 'string' ? rule : undefined,
    facts,
    errors: error.errors,
    requestId: typeof requestId === 'string' ? requestId : undefined,
  };
}

/**
 * How a page says a broken rule in words: the rule's id (the API's `rule`) to a sentence in the
 * person's language, built from the refusal's figures.
 */
export type RuleSentences = Readonly<Record<string, (facts: Readonly<Record<string, unknown>>, lang: Lang) => string>>;

/** The refused field's message for one form field (a path like `lines.2.amount` matches `lines.2.amount` and `lines`). */
export function fieldProblem(problem: ProblemView | null, field: string): FieldProblem | undefined {
  if (!problem) return undefined;
  return problem.errors.find((e) => e.field === field || e.field.startsWith(`${field}.`) || e.field.startsWith(`${field}[`));
}

/**
 * The refused field's message beside its input: the API's own words in English (it writes in
 * English), the page's `otherwise` in any other language.
 */
export function fieldMessage(problem: ProblemView | null, field: string, lang: Lang, otherwise: string): string | undefined {
  const p = fieldProblem(problem, field);
  return p ? (lang === 'en' ? p.message : otherwise) : undefined;
}

/**
 * An Idempotency-Key: 128 random bits as a UUID v4, from the platform's generator (works on plain
 * http too, where crypto.randomUUID does not exist).
 */
export function newIdempotencyKey(fill: (bytes: Uint8Array<ArrayBuffer>) => void = (b) => crypto.getRandomValues(b)): string {
  const b = new Uint8Array(16);
  fill(b);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
