import { Anchor, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { HOME_PATH } from '../../app/pages';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Stack>
      <PageHeader title={t('app.notFound')} />
      <Text>
        <Anchor component={Link} to={HOME_PATH}>
          {t('app.backHome')}
        </Anchor>
      </Text>
    </Stack>
  );
}
