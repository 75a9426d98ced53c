import { Button, Group, Modal, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { useFormsText } from './messages';

/**
 * The last look before something is posted: what will be written, in words and figures, and one
 * button that says what it does. The button is busy while the request is under way (one click,
 * one posting); the refusal, if any, is shown inside (pass a ProblemAlert as `problem`).
 */
export function ConfirmDialog({
  opened,
  title,
  confirmLabel,
  onConfirm,
  onCancel,
  pending,
  problem,
  children,
  color,
}: {
  opened: boolean;
  title: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  pending: boolean;
  problem?: ReactNode;
  children: ReactNode;
  color?: string;
}) {
  const { t } = useFormsText();
  return (
    <Modal opened={opened} onClose={pending ? () => undefined : onCancel} title={title} size="lg" closeButtonProps={{ 'aria-label': t('closeDialog') }}>
      <Stack>
        {children}
        {problem}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} disabled={pending}>
            {t('cancel')}
          </Button>
          <Button onClick={onConfirm} loading={pending} color={color} data-autofocus>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
