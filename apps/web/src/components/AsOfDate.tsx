import { formatDate } from '../format/dates';
import { useLang } from '../i18n';

/** "Cifras al 30 de junio de 2005" / "Figures as at 30 June 2005". */
export function AsOfDate({ date }: { date: string }) {
  const { t, lang } = useLang();
  return <>{t('common.asOfDate', { date: formatDate(date, lang) })}</>;
}
