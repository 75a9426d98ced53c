import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { newIdempotencyKey, problemView, type ProblemView } from './problem';
import { useSubmission, type Submission } from './useSubmission';

export interface PreviewedPosting<B, R> {
  /** The preview of the body as it is now; undefined when there is none or the form changed since. */
  previewed: R | undefined;
  /** A preview was made, but of other values than the form's now. */
  stale: boolean;
  previewPending: boolean;
  /** The latest refusal, of the preview or of the posting. */
  problem: ProblemView | null;
  /** The posting itself, with the submission's key. */
  submission: Submission<B, R>;
  /** Whether the confirmation dialog is open. */
  confirming: boolean;
  /** Asks the API for its dry run of this body (nothing written). */
  review: (body: B) => void;
  resetPreview: () => void;
  confirm: () => void;
  cancel: () => void;
  /** Posts the body under review. */
  post: () => void;
}

/**
 * Preview, then confirm, on the page: the form asks the API for a dry run of its body and shows
 * it; the preview holds only while the form still says the same (a change makes it stale).
 * Confirming posts the body with the submission's Idempotency-Key; the dialog closes once
 * `onPosted` is done.
 */
export function usePreviewedPosting<B, R>(
  body: B,
  commands: { preview: (body: B, idempotencyKey: string) => Promise<R>; record: (body: B, idempotencyKey: string) => Promise<R> },
  onPosted: (result: R) => void | Promise<void>,
): PreviewedPosting<B, R> {
  const [confirming, setConfirming] = useState(false);
  const preview = useMutation({ mutationFn: (values: B) => commands.preview(values, newIdempotencyKey()) });
  const submission = useSubmission(commands.record, {
    onSuccess: async (result) => {
      await onPosted(result);
      setConfirming(false);
    },
  });
  const previewed =
    preview.data !== undefined && JSON.stringify(preview.variables) === JSON.stringify(body) ? preview.data : undefined;
  return {
    previewed,
    stale: preview.data !== undefined && previewed === undefined,
    previewPending: preview.isPending,
    problem: submission.problem ?? problemView(preview.error),
    submission,
    confirming,
    review: (values) => {
      submission.reset();
      preview.mutate(values);
    },
    resetPreview: preview.reset,
    confirm: () => setConfirming(true),
    cancel: () => setConfirming(false),
    post: () => submission.submit(body),
  };
}
