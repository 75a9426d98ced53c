import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';

export default function Page() {
  const { t } = useTranslation();
  return <PageHeader title={t('reserve.title')} />;
}
