import { useLang } from '../i18n';
import { formatAmount, formatMoney, formatRate } from '../format/money';

/** An amount from a decimal string, in the reader's language; tabular digits line up in columns. */
export function Amount({ value, currency, withCode = false }: { value: string; currency?: string; withCode?: boolean }) {
  const { lang } = useLang();
  return (
    <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
      {withCode ? formatMoney(value, lang, currency) : formatAmount(value, lang, currency)}
    </span>
  );
}

export function Rate({ value }: { value: string | null }) {
  const { lang } = useLang();
  return <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{formatRate(value, lang)}</span>;
}
