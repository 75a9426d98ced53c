import { Alert, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { i18n } from '../../i18n';
import { SECRETARIAT } from '../../app/pages';
import { useSession } from '../../auth/session';
import { Amount } from '../../components/Amount';
import { BankAccountSelect as SharedBankAccountSelect } from '../../components/BankAccountSelect';
import type { FieldProblem } from '../../api/client';
import { ConfirmDialog, ProblemAlert, type Posting, type RuleSentences } from '../../forms';
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
export function BankAccountSelect(props: Omit<React.ComponentProps<typeof SharedBankAccountSelect>, 'defaultLabel'>) {
  const { t } = useFundsText();
  return <SharedBankAccountSelect label={t('bankAccount')} defaultLabel={t('defaultBankAccount')} {...props} />;
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

/**
 * The confirmation of a posting under review: what it does in a sentence, the journal entry of
 * the API's dry run, and the refusals of the dry run and of the posting, if any.
 */
export function PostingDialog<V, R extends { entry?: JournalEntry | null }>({
  flow,
  title,
  confirmLabel,
  values,
  summary,
  rules,
  labels,
  currency,
  color,
}: {
  flow: Posting<V, R>;
  title: string;
  confirmLabel: string;
  values: V;
  summary: React.ReactNode;
  rules: RuleSentences;
  labels: Record<string, string>;
  currency: string;
  color?: string;
}) {
  const entry = flow.preview.result?.entry;
  return (
    <ConfirmDialog
      opened={flow.confirming}
      title={title}
      confirmLabel={confirmLabel}
      color={color}
      onConfirm={() => flow.submission.submit(values)}
      onCancel={flow.cancel}
      pending={flow.submission.pending || flow.preview.pending}
      problem={
        <>
          <ProblemAlert problem={flow.preview.problem} rules={rules} fieldLabels={labels} />
          <ProblemAlert problem={flow.submission.problem} rules={rules} fieldLabels={labels} />
        </>
      }
    >
      <Text>{summary}</Text>
      {entry ? <EntryPreview entry={entry} currency={currency} /> : null}
    </ConfirmDialog>
  );
}
