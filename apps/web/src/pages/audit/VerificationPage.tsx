import { Alert, Anchor, Button, Paper, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { formatCount } from '../../format/money';
import { auditQueries, type Verification } from './api';
import { useAuditText } from './messages';
import { AUDIT_PATHS, AUDIT_ROLES } from './paths';
import { RoleGate } from './RoleGate';
import { Hash } from './ui';

function Result({ result, checkedAt }: { result: Verification; checkedAt: number }) {
  const { t, lang } = useAuditText();
  const time = new Intl.DateTimeFormat(lang === 'es' ? 'es-419' : 'en-GB', { timeStyle: 'medium' }).format(checkedAt);
  return (
    <Stack gap="md">
      <Alert
        color={result.ok ? 'teal' : 'red'}
        variant="light"
        role="status"
        title={
          <Text span fw={700} c="var(--mantine-color-text)" data-verification={result.ok ? 'ok' : 'broken'}>
            {result.ok ? t('verification.ok') : t('verification.broken')}
          </Text>
        }
      >
        <Text size="sm">{t('verification.checkedAt', { time })}</Text>
      </Alert>
      <Paper withBorder p="md" radius="md">
        <Stack component="dl" m={0} gap="md">
          <div>
            <Text component="dt" size="sm" c="dimmed" fw={500}>
              {t('verification.entries')}
            </Text>
            <Text component="dd" m={0} mt={4} fz="xl" fw={700} data-figure="entries">
              {formatCount(result.entries, lang)}
            </Text>
          </div>
          <div>
            <Text component="dt" size="sm" c="dimmed" fw={500}>
              {t('verification.head')}
            </Text>
            <Text component="dd" m={0} mt={4} data-figure="head">
              <Hash value={result.head} label={t('verification.head')} />
            </Text>
          </div>
          {result.firstBrokenSequence !== undefined ? (
            <div>
              <Text component="dt" size="sm" c="dimmed" fw={500}>
                {t('verification.firstBroken')}
              </Text>
              <Text component="dd" m={0} mt={4} fz="xl" fw={700} c="red.9" data-figure="first-broken">
                {result.firstBrokenSequence}{' '}
                <Anchor component={Link} to={`${AUDIT_PATHS.journal}?limit=25&after=${Math.max(0, result.firstBrokenSequence - 1)}`} size="sm" fw={400}>
                  {t('verification.openEntry', { sequence: result.firstBrokenSequence })}
                </Anchor>
              </Text>
            </div>
          ) : null}
          {result.problem ? (
            <div>
              <Text component="dt" size="sm" c="dimmed" fw={500}>
                {t('verification.problem')}
              </Text>
              <Text component="dd" m={0} mt={4}>
                {result.problem}
              </Text>
            </div>
          ) : null}
        </Stack>
      </Paper>
    </Stack>
  );
}

function VerificationView() {
  const { t } = useAuditText();
  const verification = useQuery(auditQueries.verification());
  return (
    <Stack gap="lg">
      <PageHeader title={t('verification.title')}>
        <Button onClick={() => void verification.refetch()} loading={verification.isFetching}>
          {t('verification.again')}
        </Button>
      </PageHeader>
      <Text maw={820}>{t('verification.intro')}</Text>
      <QueryState query={verification}>{(result) => <Result result={result} checkedAt={verification.dataUpdatedAt} />}</QueryState>
    </Stack>
  );
}

export default function VerificationPage() {
  const { t } = useAuditText();
  return (
    <RoleGate roles={AUDIT_ROLES} title={t('verification.title')} message={t('noAccess')}>
      <VerificationView />
    </RoleGate>
  );
}
