import { Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Amount } from '../../components/Amount';
import { formatDate } from '../../format/dates';
import { ScrollTable } from '../audit/ui';
import { paymentQueries, type JournalEntry } from './api';
import { usePaymentsText } from './messages';

/** An account's name in the reader's language, after its code (the code alone until the chart has loaded). */
export function useAccountName(): (code: string) => string {
  const { lang } = usePaymentsText();
  const accounts = useQuery(paymentQueries.accounts());
  return (code) => {
    const account = accounts.data?.find((a) => a.code === code);
    return account ? `${code} ${account.names[lang] || account.name}` : code;
  };
}

/** A journal entry as it will be (or was) posted: each line's account, side, amount and member. */
export function EntryTable({ entry, baseCurrency }: { entry: JournalEntry; baseCurrency: string }) {
  const { t, lang } = usePaymentsText();
  const accountName = useAccountName();
  const title = t('entryTitle', { date: formatDate(entry.date, lang) });
  const foreign = entry.lines.some((l) => l.currency !== baseCurrency);
  return (
    <ScrollTable minWidth={640} label={title}>
      <Table withTableBorder verticalSpacing={4} data-entry={entry.id}>
        <Table.Caption style={{ captionSide: 'top', textAlign: 'left' }}>
          <Text fw={600} size="sm">
            {title} — {entry.description}
          </Text>
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('account')}</Table.Th>
            <Table.Th scope="col">{t('memberCol')}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t('debit')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('credit')}
            </Table.Th>
            {foreign ? (
              <Table.Th scope="col" ta="right">
                {t('amountCol')}
              </Table.Th>
            ) : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entry.lines.map((l) => (
            <Table.Tr key={l.line} data-line={`${l.side}-${l.account}`}>
              <Table.Td>{accountName(l.account)}</Table.Td>
              <Table.Td>{l.member ?? ''}</Table.Td>
              <Table.Td ta="right">
                {l.side === 'debit' ? <Amount value={l.amountBase} currency={baseCurrency} /> : null}
              </Table.Td>
              <Table.Td ta="right">
                {l.side === 'credit' ? <Amount value={l.amountBase} currency={baseCurrency} /> : null}
              </Table.Td>
              {foreign ? (
                <Table.Td ta="right">
                  {l.currency !== baseCurrency ? <Amount value={l.amount} currency={l.currency} withCode /> : null}
                </Table.Td>
              ) : null}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}
