import { notifications } from '@mantine/notifications';
import { i18n } from '../../i18n';
import { ADMIN_NS } from './messages';

/** A short confirmation in the corner; its close button is named (axe: button-name). */
export function notifyDone(message: string): void {
  notifications.show({
    message,
    color: 'teal',
    closeButtonProps: { 'aria-label': i18n.t('closeNotice', { ns: ADMIN_NS }) },
  });
}
