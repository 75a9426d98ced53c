import { useTranslation } from 'react-i18next';
import type { Standing } from '../api/responses';
import { Tag } from './Tag';

const COLOR: Record<Standing, string> = { good: 'teal', in_arrears: 'red', exempt: 'gray' };

export function StandingBadge({ standing }: { standing: Standing }) {
  const { t } = useTranslation();
  return <Tag color={COLOR[standing]}>{t(`status.standings.${standing}`)}</Tag>;
}
