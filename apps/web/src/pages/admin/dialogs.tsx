import { Button, Group, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { RequestError } from '../../components/QueryState';
import { ROLES } from './api';
import { useAdminText } from './messages';
import { SecretBox } from './SecretBox';

/** What a dialog's request needs to show: whether it failed, why, and whether it is under way. */
export interface DialogRequest {
  isError: boolean;
  error: unknown;
  isPending: boolean;
}

/** A role's name in the reader's language. */
export function useRoleLabel(): (role: string) => string {
  const { t } = useAdminText();
  return (role) => t(`user.roles.${role}`, { ns: 'translation', defaultValue: role });
}

/** The roles in the reader's language, for a role select. */
export function useRoleOptions(): { value: string; label: string }[] {
  const roleLabel = useRoleLabel();
  return ROLES.map((r) => ({ value: r, label: roleLabel(r) }));
}

/** After a change: the lists of `keys` and the audit log (which records the change) are read again. */
export function useChanged(key: string): () => Promise<void> {
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: [key] });
    await queryClient.invalidateQueries({ queryKey: ['audit-log'] });
  };
}

/** The foot of a dialog: "cancel" (focused first when `focusCancel`), then the dialog's own buttons. */
export function DialogButtons({ onCancel, focusCancel, children }: { onCancel: () => void; focusCancel?: boolean; children: ReactNode }) {
  const { t } = useAdminText();
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel} data-autofocus={focusCancel || undefined}>
        {t('cancel')}
      </Button>
      {children}
    </Group>
  );
}

/** A dialog that asks before one action: the refusal if any, a sentence, "cancel" (focused) and the action's button. */
export function ConfirmStep({
  request,
  text,
  action,
  color,
  onConfirm,
  onCancel,
}: {
  request: DialogRequest;
  text: string;
  action: string;
  color?: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <Stack>
      <RequestError request={request} />
      <Text>{text}</Text>
      <DialogButtons onCancel={onCancel} focusCancel>
        <Button color={color} loading={request.isPending} onClick={onConfirm}>
          {action}
        </Button>
      </DialogButtons>
    </Stack>
  );
}

/** A secret shown once, and the one button that closes its dialog. */
export function SecretStep({ label, value, note, onClose }: { label: string; value: string; note: string; onClose: () => void }) {
  const { t } = useAdminText();
  return (
    <Stack>
      <SecretBox label={label} value={value} note={note} />
      <Group justify="flex-end">
        <Button onClick={onClose}>{t('close')}</Button>
      </Group>
    </Stack>
  );
}
