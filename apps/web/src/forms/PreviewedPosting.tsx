import { Button, Group } from '@mantine/core';
import type { ReactNode } from 'react';
import { ConfirmDialog } from './ConfirmDialog';
import { ProblemAlert } from './ProblemAlert';
import type { PreviewedPosting } from './usePreviewedPosting';

type Flow = PreviewedPosting<unknown, unknown>;

/** The form's submit button, which asks for the preview: filled until the form's values are previewed. */
export function PreviewButton({ flow, children }: { flow: Pick<Flow, 'previewed' | 'previewPending'>; children: ReactNode }) {
  return (
    <Group mt="md">
      <Button type="submit" variant={flow.previewed !== undefined ? 'default' : 'filled'} loading={flow.previewPending}>
        {children}
      </Button>
    </Group>
  );
}

/** The refusal of the preview or of the posting on the page; while the confirmation is open, it says its own. */
export function PreviewProblem({ flow, labels }: { flow: Pick<Flow, 'confirming' | 'problem'>; labels: Readonly<Record<string, string>> }) {
  return !flow.confirming ? <ProblemAlert problem={flow.problem} fieldLabels={labels} /> : null;
}

/** The button under a preview that opens its confirmation. */
export function ConfirmButton({ flow, children }: { flow: Pick<Flow, 'confirm'>; children: ReactNode }) {
  return (
    <Group>
      <Button onClick={flow.confirm}>{children}</Button>
    </Group>
  );
}

/** The last look at a previewed posting: open while confirming and the preview still holds. */
export function ConfirmPosting({
  flow,
  title,
  confirmLabel,
  labels,
  children,
}: {
  flow: Pick<Flow, 'confirming' | 'previewed' | 'cancel' | 'post'> & { submission: Pick<Flow['submission'], 'pending' | 'problem'> };
  title: string;
  confirmLabel: string;
  labels: Readonly<Record<string, string>>;
  children: ReactNode;
}) {
  return (
    <ConfirmDialog
      opened={flow.confirming && flow.previewed !== undefined}
      title={title}
      confirmLabel={confirmLabel}
      pending={flow.submission.pending}
      onCancel={flow.cancel}
      onConfirm={flow.post}
      problem={<ProblemAlert problem={flow.submission.problem} fieldLabels={labels} />}
    >
      {children}
    </ConfirmDialog>
  );
}
