import { Alert, NativeSelect, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { i18n } from '../../i18n';
import { SECRETARIAT } from '../../app/pages';
import { useSession } from '../../auth/session';
import { Amount } from '../../components/Amount';
import type { FieldProblem } from '../../api/client';
import { isIsoDate } from '../../format/dates';
import { isDecimal } from '../../format/decimal';
import { fundsQueries, type JournalEntry } from './api';
import { useFundsText } from './messages';

/** Whether the signed-in person may write (the Secretariat and admins); the API refuses the others anyway. */
export function useCanWrite(): boolean {
  const { user } = useSession();
  return user !== null && user !== undefined && SECRETARIAT.includes(user.role);
}

/** A short confirmation in the corner; its close button is named (axe: button-name). */
export function notifyDone(message: string): void {
  notifications.show({ message, color: 'teal', closeButtonProps: { 'aria-label': i18n.t('common.close') } });
}

/** A positive amount as the API takes it: digits and at most one decimal point, no sign, no grouping. */
export function amountError(value: string, message: string): string | null {
  return isDecimal(value.trim()) && !value.trim().startsWith('-') && /[1-9]/.test(value) ? null : message;
}

export function dateError(value: string, message: string): string | null {
  return isIsoDate(value) ? null : message;
}

/** The API's refusal of a field, in the person's language, beside its input. */
export function apiFieldError(problem: FieldProblem | undefined, invalid: string): string | undefined {
  return problem ? invalid : undefined;
}

/** A date field the keyboard can fill (the browser's own date input). */
export function DateField(props: React.ComponentProps<typeof TextInput>) {
  return <TextInput type="date" w={200} {...props} />;
}

/** The bank accounts to pay from or into; empty = the installation's default one. */
export function BankAccountSelect({ currency, ...props }: { currency?: string } & Omit<React.ComponentProps<typeof NativeSelect>, 'data'>) {
  const { t } = useFundsText();
  const accounts = useQuery(fundsQueries.bankAccounts());
  const list = (accounts.data ?? []).filter((a) => currency === undefined || a.currency === currency);
  return (
    <NativeSelect
      label={t('bankAccount')}
      data={[{ value: '', label: t('defaultBankAccount') }, ...list.map((a) => ({ value: a.code, label: `${a.code} — ${a.name} (${a.currency})` }))]}
      {...props}
    />
  );
}

/** The journal entry a posting would make (from the API's dry run), account by account. */
export function EntryPreview({ entry, currency }: { entry: JournalEntry; currency: string }) {
  const { t } = useFundsText();
  const accounts = useQuery(fundsQueries.accounts());
  const nameOf = (code: string): string => accounts.data?.find((a) => a.code === code)?.name ?? '';
  return (
    <Alert color="blue" title={t('entryTitle')} data-preview>
      <Text size="xs" mb="xs">
        {t('previewNote')}
      </Text>
      <Table.ScrollContainer minWidth={420}>
        <Table withTableBorder verticalSpacing={4} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('account')}</Table.Th>
              <Table.Th scope="col">{t('fund')}</Table.Th>
              <Table.Th scope="col" className="num">
                {t('debit')}
              </Table.Th>
              <Table.Th scope="col" className="num">
                {t('credit')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entry.lines.map((line) => (
              <Table.Tr key={line.line}>
                <Table.Td>
                  {line.account} {nameOf(line.account)}
                </Table.Td>
                <Table.Td>{line.fund}</Table.Td>
                <Table.Td className="num">{line.side === 'debit' ? <Amount value={line.amountBase} currency={currency} /> : ''}</Table.Td>
                <Table.Td className="num">{line.side === 'credit' ? <Amount value={line.amountBase} currency={currency} /> : ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Alert>
  );
}
