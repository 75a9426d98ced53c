import { Alert, Button, Code, Group, Loader, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { PageHeader } from '../../components/PageHeader';
import { errorDetail, QueryState, RequestError } from '../../components/QueryState';
import { formatDate, formatTimestamp } from '../../format/dates';
import { formatCount } from '../../format/money';
import type { Lang } from '../../i18n/languages';
import { auditQueries, downloadAuditPackage, downloadGeneralLedger, GL_FORMATS, type FiscalYearView, type GlFormat, type SavedFile } from './api';
import { readManifest, type AuditPackageManifest } from './manifest';
import { useAuditText } from './messages';
import { AUDIT_ROLES } from './paths';
import { RoleGate } from './RoleGate';
import { DateRange, rangeWrong } from './PagedTable';
import { Hash, ScrollTable, Tag } from './ui';

/** A file size for people: bytes, kB or MB (powers of 1024), one decimal. */
export function formatBytes(bytes: number, lang: Lang): string {
  const units = ['B', 'kB', 'MB', 'GB'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const text = new Intl.NumberFormat(lang === 'es' ? 'es-419' : 'en-US', { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value);
  return `${text}\u00a0${units[unit]}`;
}

function Fact({ label, children, id }: { label: string; children: React.ReactNode; id?: string }) {
  return (
    <div data-manifest={id}>
      <Text component="dt" size="sm" c="dimmed" fw={500}>
        {label}
      </Text>
      <Text component="dd" m={0} mt={2} data-value>
        {children}
      </Text>
    </div>
  );
}

function GeneralLedgerExport() {
  const { t, lang } = useAuditText();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [format, setFormat] = useState<GlFormat>('csv');
  const download = useMutation({ mutationFn: () => downloadGeneralLedger({ from: from || undefined, to: to || undefined }, format) });

  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="gl-title">
      <Stack gap="md">
        <Title order={2} size="h3" id="gl-title">
          {t('exports.glTitle')}
        </Title>
        <Text size="sm" maw={820}>
          {t('exports.glIntro')}
        </Text>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (!rangeWrong(from, to)) download.mutate();
          }}
        >
          <Group align="flex-end" gap="sm" wrap="wrap">
            <DateRange
              names={['gl-from', 'gl-to']}
              from={from}
              to={to}
              onChange={(range) => {
                setFrom(range.from);
                setTo(range.to);
              }}
            />
            <NativeSelect
              label={t('exports.format')}
              name="gl-format"
              w={180}
              value={format}
              onChange={(e) => setFormat(e.currentTarget.value as GlFormat)}
              data={GL_FORMATS.map((f) => ({ value: f, label: t(`exports.formats.${f}`) }))}
            />
            <Button type="submit" loading={download.isPending}>
              {t('exports.download')}
            </Button>
          </Group>
        </form>
        {download.isSuccess ? (
          <Text size="sm" role="status" data-downloaded={download.data.name}>
            {t('exports.downloaded', { name: download.data.name, size: formatBytes(download.data.blob.size, lang) })}
          </Text>
        ) : null}
        <RequestError request={download} />
      </Stack>
    </Paper>
  );
}

function Manifest({ manifest, file }: { manifest: AuditPackageManifest; file: SavedFile }) {
  const { t, lang } = useAuditText();
  return (
    <Stack gap="md" component="section" aria-labelledby="manifest-title" data-manifest-of={file.name}>
      <Title order={3} size="h4" id="manifest-title">
        {t('exports.manifestOf', { name: file.name })}
      </Title>
      <SimpleGrid component="dl" m={0} cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
        <Fact label={t('exports.fiscalYear')} id="fiscalYear">
          {manifest.fiscalYear}
        </Fact>
        <Fact label={t('exports.period')} id="period">
          {formatDate(manifest.startsOn, lang)} – {formatDate(manifest.endsOn, lang)}
        </Fact>
        <Fact label={t('exports.yearStatus')} id="yearStatus">
          <Tag color={manifest.yearStatus === 'closed' ? 'indigo' : 'gray'}>{t(`exports.yearStatuses.${manifest.yearStatus}`)}</Tag>
        </Fact>
        <Fact label={t('exports.entriesInYear')} id="entriesInYear">
          {formatCount(manifest.entriesInYear, lang)}
        </Fact>
        <Fact label={t('exports.sequences')} id="sequences">
          {t('exports.sequencesRange', { first: manifest.firstSequence, last: manifest.lastSequence })}
        </Fact>
        <Fact label={t('exports.baseCurrency')} id="baseCurrency">
          {manifest.baseCurrency}
        </Fact>
        <Fact label={t('exports.generatedAt')} id="generatedAt">
          {formatTimestamp(manifest.generatedAt, lang)}
        </Fact>
        <Fact label={t('exports.packageFormat')} id="format">
          <Code>{manifest.format}</Code>
        </Fact>
      </SimpleGrid>
      <Stack component="dl" m={0} gap="sm">
        <Fact label={t('exports.chainHead')} id="chainHead">
          <Hash value={manifest.chainHead} label={t('exports.chainHead')} />
        </Fact>
        <Fact label={t('exports.prevHash')} id="prevHashBeforeYear">
          <Hash value={manifest.prevHashBeforeYear} label={t('exports.prevHash')} />
        </Fact>
        {manifest.textFields ? (
          <Fact label={t('exports.textFields')} id="textFields">
            <Text span size="sm">
              {manifest.textFields}
            </Text>
          </Fact>
        ) : null}
      </Stack>
      <ScrollTable minWidth={900} label={t('exports.files')}>
        <Table striped withTableBorder verticalSpacing={6} data-table="manifest-files">
          <Table.Caption>{t('exports.files')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('exports.fileName')}</Table.Th>
              <Table.Th scope="col">{t('exports.kind')}</Table.Th>
              <Table.Th scope="col" className="num">
                {t('exports.rows')}
              </Table.Th>
              <Table.Th scope="col" className="num">
                {t('exports.bytes')}
              </Table.Th>
              <Table.Th scope="col">{t('exports.sha256')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {manifest.files.map((f) => (
              <Table.Tr key={f.name} data-file={f.name}>
                <Table.Th scope="row" fw={500} ff="monospace" fz="sm">
                  {f.name}
                </Table.Th>
                <Table.Td>{t(`exports.kinds.${f.kind}`, { defaultValue: f.kind })}</Table.Td>
                <Table.Td className="num">{f.rows === null ? '—' : formatCount(f.rows, lang)}</Table.Td>
                <Table.Td className="num">{formatBytes(f.bytes, lang)}</Table.Td>
                <Table.Td>
                  <Code fz="xs" style={{ wordBreak: 'break-all', whiteSpace: 'normal' }}>
                    {f.sha256}
                  </Code>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
    </Stack>
  );
}

/** The year offered first: the latest closed one (what is audited), else the latest. */
export function packageYear(years: FiscalYearView[]): number | undefined {
  const closed = years.filter((y) => y.status === 'closed');
  return (closed.at(-1) ?? years.at(-1))?.year;
}

function AuditPackage({ years }: { years: FiscalYearView[] }) {
  const { t, lang } = useAuditText();
  const sorted = [...years].sort((a, b) => a.year - b.year);
  const [year, setYear] = useState<number | undefined>(packageYear(sorted));
  const download = useMutation({
    mutationFn: async (fiscalYear: number) => {
      const file = await downloadAuditPackage(fiscalYear);
      try {
        return { file, manifest: await readManifest(file.blob), problem: null };
      } catch (error) {
        return { file, manifest: null, problem: errorDetail(error) };
      }
    },
  });

  if (sorted.length === 0 || year === undefined) return <Text c="dimmed">{t('exports.noYears')}</Text>;
  return (
    <Stack gap="md">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          download.mutate(year);
        }}
      >
        <Group align="flex-end" gap="sm" wrap="wrap">
          <NativeSelect
            label={t('exports.fiscalYear')}
            name="package-year"
            w={200}
            value={String(year)}
            onChange={(e) => setYear(Number(e.currentTarget.value))}
            data={sorted.map((y) => ({ value: String(y.year), label: `${y.year} (${t(`exports.yearStatuses.${y.status}`)})` }))}
          />
          <Button type="submit" loading={download.isPending}>
            {t('exports.downloadPackage')}
          </Button>
        </Group>
      </form>
      {download.isPending ? (
        <Group gap="xs" role="status" aria-live="polite">
          <Loader size="sm" aria-hidden />
          <Text size="sm" c="dimmed">
            {t('exports.preparing')}
          </Text>
        </Group>
      ) : null}
      <RequestError request={download} />
      {download.isSuccess ? (
        <Stack gap="md">
          <Text size="sm" role="status" data-downloaded={download.data.file.name}>
            {t('exports.downloaded', { name: download.data.file.name, size: formatBytes(download.data.file.blob.size, lang) })}
          </Text>
          {download.data.manifest ? (
            <Manifest manifest={download.data.manifest} file={download.data.file} />
          ) : (
            <Alert color="red" role="alert">
              {t('exports.manifestUnreadable', { detail: download.data.problem })}
            </Alert>
          )}
        </Stack>
      ) : null}
    </Stack>
  );
}

function ExportsView() {
  const { t } = useAuditText();
  const years = useQuery(auditQueries.fiscalYears());
  return (
    <Stack gap="lg">
      <PageHeader title={t('exports.title')} />
      <GeneralLedgerExport />
      <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="package-title">
        <Stack gap="md">
          <Title order={2} size="h3" id="package-title">
            {t('exports.packageTitle')}
          </Title>
          <Text size="sm" maw={820}>
            {t('exports.packageIntro')}
          </Text>
          <QueryState query={years}>{(list) => <AuditPackage years={list} />}</QueryState>
        </Stack>
      </Paper>
    </Stack>
  );
}

export default function ExportsPage() {
  const { t } = useAuditText();
  return (
    <RoleGate roles={AUDIT_ROLES} title={t('exports.title')} message={t('noAccess')}>
      <ExportsView />
    </RoleGate>
  );
}
