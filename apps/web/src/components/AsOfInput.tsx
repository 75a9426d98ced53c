import { TextInput } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { useSetSearchParams } from '../app/search-params';
import { useTranslation } from 'react-i18next';
import { isIsoDate, todayIso } from '../format/dates';

/** The "as at" date of a page, kept in the address (?asOf=) so that a link shows the same figures. */
export function useAsOf(): [string, (next: string) => void] {
  const [params] = useSearchParams();
  const setParams = useSetSearchParams();
  const value = params.get('asOf');
  const asOf = isIsoDate(value) ? value : todayIso();
  const setAsOf = (next: string): void => {
    if (!isIsoDate(next)) return;
    setParams({ asOf: next }, { replace: true });
  };
  return [asOf, setAsOf];
}

export function AsOfInput({ value, onChange }: { value: string; onChange: (next: string) => void }) {
  const { t } = useTranslation();
  return (
    <TextInput
      type="date"
      label={t('common.asOf')}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      w={170}
      name="asOf"
    />
  );
}
