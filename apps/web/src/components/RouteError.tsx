import { Alert, Button, Container, Stack, Text } from '@mantine/core';
import { useRouteError } from 'react-router';
import { useTranslation } from 'react-i18next';
import { errorDetail } from './QueryState';

const RELOADED_KEY = 'console.reloadedForNewVersion';
const STALE_CHUNK = /dynamically imported module|Importing a module script failed|error loading dynamically imported module/i;

/**
 * What a page that failed to load shows. After an upgrade the code a browser still holds names
 * bundles that are gone: the page reloads once to get the new version, instead of failing.
 */
export function RouteError() {
  const error = useRouteError();
  const { t } = useTranslation();
  const detail = errorDetail(error);
  if (STALE_CHUNK.test(detail) && sessionStorage.getItem(RELOADED_KEY) === null) {
    sessionStorage.setItem(RELOADED_KEY, '1');
    window.location.reload();
    return null;
  }
  sessionStorage.removeItem(RELOADED_KEY);
  return (
    <Container size="sm" py="xl">
      <Alert color="red" role="alert" title={t('common.error', { detail })}>
        <Stack gap="sm">
          <Text size="sm">{t('app.reloadHint')}</Text>
          <Button variant="light" color="red" onClick={() => window.location.reload()} w="fit-content">
            {t('app.reload')}
          </Button>
        </Stack>
      </Alert>
    </Container>
  );
}
