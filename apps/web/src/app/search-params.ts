import { useSearchParams } from 'react-router';

export type SearchParamChanges = Record<string, string | null>;

/**
 * Sets (a string) or removes (null) parameters of the page's address, keeping the others. The
 * address is read as it is when called, not as the page last rendered it: the router renders a
 * navigation in a transition, so a person can change a second field before the page has rendered
 * the first change, and react-router's functional update would hand over the parameters of the
 * last render and drop that change.
 */
export function useSetSearchParams(): (changes: SearchParamChanges, options?: { replace?: boolean }) => void {
  const [, setParams] = useSearchParams();
  return (changes, options) => setParams(withChanges(window.location.search, changes), options);
}

/** `search` with `changes` applied: a string sets its parameter, null removes it. */
export function withChanges(search: string, changes: SearchParamChanges): URLSearchParams {
  const updated = new URLSearchParams(search);
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) updated.delete(name);
    else updated.set(name, value);
  }
  return updated;
}
