import { NativeSelect } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { queries } from '../api/queries';

/**
 * The bank accounts money is paid from or into; the empty choice (`defaultLabel`) leaves it to the
 * installation's default account. `currency` keeps the accounts in that currency, `activeOnly`
 * the active ones.
 */
export function BankAccountSelect({
  defaultLabel,
  currency,
  activeOnly = false,
  ...props
}: {
  defaultLabel: string;
  currency?: string;
  activeOnly?: boolean;
} & Omit<React.ComponentProps<typeof NativeSelect>, 'data'>) {
  const accounts = useQuery(queries.bankAccounts());
  const list = (accounts.data ?? [])
    .filter((a) => currency === undefined || a.currency === currency)
    .filter((a) => !activeOnly || a.active);
  return (
    <NativeSelect
      data={[{ value: '', label: defaultLabel }, ...list.map((a) => ({ value: a.code, label: `${a.code} — ${a.name} (${a.currency})` }))]}
      {...props}
    />
  );
}
