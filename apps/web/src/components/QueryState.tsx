import { Alert, Button, Group, Loader, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

export function errorDetail(error: unknown): string {
  if (error instanceof ApiError) return error.detail ?? `HTTP ${error.status}`;
  return error instanceof Error ? error.message : String(error);
}

/** A request that failed (a download, a change), in the API's words, read out at once; nothing otherwise. */
export function RequestError({ request }: { request: { isError: boolean; error: unknown } }): React.ReactNode {
  return request.isError ? (
    <Alert color="red" role="alert">
      {errorDetail(request.error)}
    </Alert>
  ) : null;
}

/**
 * What a page shows while its data loads or when reading it failed; the page itself once it is
 * there. Failures say what the API answered and offer to try again.
 */
export function QueryState<T>({
  query,
  children,
}: {
  query: Pick<UseQueryResult<T>, 'data' | 'error' | 'isPending' | 'refetch'>;
  children: (data: T) => React.ReactNode;
}): React.ReactNode {
  const { t } = useTranslation();
  if (query.isPending) {
    return (
      <Group role="status" aria-live="polite" gap="xs" py="md">
        <Loader size="sm" aria-hidden />
        <Text c="dimmed">{t('common.loading')}</Text>
      </Group>
    );
  }
  if (query.error || query.data === undefined) {
    return (
      <Alert color="red" role="alert" title={t('common.error', { detail: errorDetail(query.error) })}>
        <Button variant="light" color="red" size="xs" onClick={() => void query.refetch()}>
          {t('common.retry')}
        </Button>
      </Alert>
    );
  }
  return children(query.data);
}
