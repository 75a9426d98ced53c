import { Button, Card, Group, SimpleGrid, Stack, Text, Timeline, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { queries } from '../../api/queries';
import type { ReserveCase } from '../../api/responses';
import { Amount } from '../../components/Amount';
import { AsOfDate } from '../../components/AsOfDate';
import { AsOfInput, useAsOf } from '../../components/AsOfInput';
import { AmountFigure } from '../../components/Figures';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { formatShortDate } from '../../format/dates';
import { isDecimal } from '../../format/decimal';
import { formatAmount } from '../../format/money';
import { useLang } from '../../i18n';
import { Tag } from '../../components/Tag';
import { useFundsText } from '../funds/messages';
import { useCanWrite } from '../funds/ui';
import { ReserveFundFigures } from './ReserveFundFigures';

const STATUS_COLOR: Record<ReserveCase['status'], string> = {
  requested: 'blue',
  consulting: 'cyan',
  approved: 'indigo',
  rejected: 'red',
  notified: 'violet',
  disbursed: 'teal',
  closed: 'gray',
};

const DETAIL_KEYS = ['people', 'requestedAmount', 'country', 'response', 'decidedBy', 'approvedAmount', 'reference', 'amount', 'reason'] as const;
type DetailKey = (typeof DETAIL_KEYS)[number];
const isDetailKey = (key: string): key is DetailKey => (DETAIL_KEYS as readonly string[]).includes(key);

/** One of a case's amounts, as a description-list pair. */
function Term({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" c="dimmed">
        {label}
      </Text>
      <Text component="dd" m={0} fw={600}>
        {children}
      </Text>
    </div>
  );
}

/**
 * The details the API keeps with a step of a case (country, response, amounts, references), in
 * the reader's language. The journal entry's id is for auditors, not shown here.
 */
function Details({ detail, currency }: { detail: Record<string, string>; currency: string }) {
  const { t, lang } = useLang();
  const entries = Object.entries(detail).filter(([key]) => key !== 'entry');
  if (entries.length === 0) return null;
  return (
    <Text size="sm" c="dimmed">
      {entries
        .map(([key, value]) => {
          const label = isDetailKey(key) ? t(`reserve.details.${key}`) : key;
          const shown = /amount/i.test(key) && isDecimal(value) ? formatAmount(value, lang, currency) : value;
          return `${label}: ${shown}`;
        })
        .join(' · ')}
    </Text>
  );
}

function CaseCard({ c, currency, canWrite }: { c: ReserveCase; currency: string; canWrite: boolean }) {
  const { t, lang } = useLang();
  const { t: tf } = useFundsText();
  const done = c.history.length;
  return (
    <Card withBorder radius="md" padding="lg" component="article" aria-labelledby={`case-${c.id}`} data-case={c.id}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Title order={3} size="h4" id={`case-${c.id}`}>
              {c.title}
            </Title>
            <Text size="sm" c="dimmed">
              {t('reserve.requestedOn')} {formatShortDate(c.requestedOn, lang)} · {t('reserve.countries')}: {c.countriesInvolved.join(', ')} ·{' '}
              {t('reserve.people')}: {c.people}
            </Text>
          </Stack>
          <Group gap="xs">
            <Tag color={STATUS_COLOR[c.status]}>
              {t(`reserve.statuses.${c.status}`)}
            </Tag>
            {canWrite && c.status !== 'closed' ? (
              <Button component={Link} to={`/fondo-de-reserva/casos/${c.id}`} size="xs" variant="light" aria-label={tf('reserve.openCase', { title: c.title })}>
                {tf('reserve.handle')}
              </Button>
            ) : null}
          </Group>
        </Group>
        <SimpleGrid cols={{ base: 2, md: 4 }} component="dl" m={0}>
          <Term label={t('reserve.requested')}>
            <Amount value={c.requestedAmount} currency={currency} />
          </Term>
          <Term label={t('reserve.approved')}>{c.approvedAmount ? <Amount value={c.approvedAmount} currency={currency} /> : '—'}</Term>
          <Term label={t('reserve.disbursed')}>
            <Amount value={c.disbursed} currency={currency} />
          </Term>
          <Term label={t('reserve.commitment')}>
            <Amount value={c.commitment} currency={currency} />
          </Term>
        </SimpleGrid>
        <Stack gap="xs">
          <Text fw={600} size="sm">
            {t('reserve.timeline')}
          </Text>
          <Timeline active={done - 1} bulletSize={14} lineWidth={2} aria-label={`${t('reserve.timeline')}: ${c.title}`}>
            {c.history.map((h, i) => (
              <Timeline.Item key={`${h.event}-${i}`} title={`${t(`reserve.events.${h.event}`)} — ${formatShortDate(h.date, lang)}`}>
                <Details detail={h.detail} currency={currency} />
              </Timeline.Item>
            ))}
          </Timeline>
        </Stack>
      </Stack>
    </Card>
  );
}

export default function ReserveFundPage() {
  const { t } = useLang();
  const { t: tf } = useFundsText();
  const canWrite = useCanWrite();
  const [asOf, setAsOf] = useAsOf();
  const position = useQuery(queries.reserveFund(asOf));
  return (
    <Stack gap="xl">
      <PageHeader title={t('reserve.title')} subtitle={<AsOfDate date={asOf} />}>
        <AsOfInput value={asOf} onChange={setAsOf} />
        {canWrite ? (
          <>
            <Button component={Link} to="/fondo-de-reserva/aportes/nuevo" variant="default">
              {tf('reserve.contribute')}
            </Button>
            <Button component={Link} to="/fondo-de-reserva/casos/nuevo">
              {tf('reserve.newCase')}
            </Button>
          </>
        ) : null}
      </PageHeader>
      <QueryState query={position}>
        {(r) => (
          <Stack gap="xl">
            <ReserveFundFigures
              position={r}
              idPrefix="reserve"
              labels={{ balance: t('figures.reserveBalance'), committed: t('figures.reserveCommitted'), available: t('figures.reserveAvailable') }}
            >
              <AmountFigure id="reserve-floor" label={t('reserve.floor')} value={r.floor} currency={r.currency} />
            </ReserveFundFigures>
            <Stack gap="md" component="section" aria-labelledby="cases-title">
              <Title order={2} size="h3" id="cases-title">
                {t('reserve.cases')}
              </Title>
              {r.cases.length === 0 ? (
                <Text c="dimmed">{t('reserve.noCases')}</Text>
              ) : (
                r.cases.map((c) => <CaseCard key={c.id} c={c} currency={r.currency} canWrite={canWrite} />)
              )}
            </Stack>
          </Stack>
        )}
      </QueryState>
    </Stack>
  );
}
