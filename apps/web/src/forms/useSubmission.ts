import { useMutation } from '@tanstack/react-query';
import { useCallback, useRef } from 'react';
import type { FieldProblem } from '../api/client';
import { fieldProblem, newIdempotencyKey, problemView, type ProblemView } from './problem';

export interface Submission<V, R> {
  /** Sends the values; ignored while a send is under way (a double click posts once). */
  submit: (values: V) => void;
  /** The same, awaitable: resolves with the result, or undefined when it was refused or ignored. */
  submitAsync: (values: V) => Promise<R | undefined>;
  pending: boolean;
  /** The last refusal, ready to be put in words (ProblemAlert, fieldError). */
  problem: ProblemView | null;
  /** The API's refusal of one field, if any. */
  fieldError: (field: string) => FieldProblem | undefined;
  result: R | undefined;
  reset: () => void;
}

/**
 * One form submission that changes the ledger. The Idempotency-Key is made once per submission:
 * a retry of the same values after a refusal or a lost answer sends the same key (the API answers
 * the first result again instead of posting twice); new values, or a new submission after a
 * success, get a new key. While one is under way, further submits are ignored.
 */
export function useSubmission<V, R>(
  send: (values: V, idempotencyKey: string) => Promise<R>,
  options: { onSuccess?: (result: R, values: V) => void | Promise<void> } = {},
): Submission<V, R> {
  const key = useRef<{ fingerprint: string; key: string; used: boolean } | null>(null);
  const inFlight = useRef(false);
  const mutation = useMutation<R, unknown, { values: V; key: string }>({
    mutationFn: ({ values, key: idempotencyKey }) => send(values, idempotencyKey),
  });

  const submitAsync = useCallback(
    async (values: V): Promise<R | undefined> => {
      if (inFlight.current) return undefined;
      const fingerprint = JSON.stringify(values);
      if (key.current === null || key.current.used || key.current.fingerprint !== fingerprint) {
        key.current = { fingerprint, key: newIdempotencyKey(), used: false };
      }
      const current = key.current;
      inFlight.current = true;
      try {
        const result = await mutation.mutateAsync({ values, key: current.key });
        current.used = true;
        await options.onSuccess?.(result, values);
        return result;
      } catch {
        return undefined; // the refusal is in `problem`
      } finally {
        inFlight.current = false;
      }
    },
    [mutation, options],
  );

  const problem = problemView(mutation.error);
  return {
    submit: (values) => void submitAsync(values),
    submitAsync,
    pending: mutation.isPending,
    problem,
    fieldError: (field) => fieldProblem(problem, field),
    result: mutation.data,
    reset: mutation.reset,
  };
}
