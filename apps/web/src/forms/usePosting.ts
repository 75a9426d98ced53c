import { useState } from 'react';
import { newIdempotencyKey } from './problem';
import { useSubmission, type Submission } from './useSubmission';

export interface Posting<V, R> {
  /** Whether the confirmation dialog is open. */
  confirming: boolean;
  /** The dry run of the values under review (a key of its own: nothing is written). */
  preview: Submission<V, R>;
  /** The posting itself, with the submission's key. */
  submission: Submission<V, R>;
  /** Opens the confirmation and asks the API for its dry run of these values. */
  review: (values: V) => void;
  cancel: () => void;
}

/**
 * Review, then confirm: the form's values go to the API as a dry run (nothing written) while the
 * confirmation opens; confirming posts them with the submission's Idempotency-Key. The dialog
 * closes on success, before `onDone` runs.
 */
export function usePosting<V, R>(
  send: (values: V, idempotencyKey: string, preview: boolean) => Promise<R>,
  onDone: (result: R) => void | Promise<void>,
): Posting<V, R> {
  const [confirming, setConfirming] = useState(false);
  const preview = useSubmission((values: V) => send(values, newIdempotencyKey(), true));
  const submission = useSubmission((values: V, key: string) => send(values, key, false), {
    onSuccess: async (result) => {
      setConfirming(false);
      await onDone(result);
    },
  });
  return {
    confirming,
    preview,
    submission,
    review: (values: V) => {
      submission.reset();
      setConfirming(true);
      preview.submit(values);
    },
    cancel: () => setConfirming(false),
  };
}
