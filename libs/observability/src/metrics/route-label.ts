/** What the HTTP metrics need of a finished request (Express's request, after routing). */
export interface RoutedRequest {
  baseUrl?: string;
  route?: { path?: unknown };
}

/** The label of requests no route handled: unknown paths, and bodies refused before routing. */
export const UNROUTED = '(unrouted)';

/**
 * The route's template (`/v1/members/:code/statement`), never the raw path: one series per route
 * the code declares, however many members, ids or junk paths callers send.
 */
export function routeLabel(request: RoutedRequest): string {
  const path = request.route?.path;
  if (typeof path !== 'string') return UNROUTED;
  return `${request.baseUrl ?? ''}${path}` || '/';
}
