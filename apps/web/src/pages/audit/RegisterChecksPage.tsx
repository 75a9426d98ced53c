import { Button, Code, Group, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { api } from '../../api/client';
import { Amount } from '../../components/Amount';
import { AsOfDate } from '../../components/AsOfDate';
import { AsOfInput, useAsOf } from '../../components/AsOfInput';
import { DownloadMenu, type FileFormat } from '../../components/DownloadMenu';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { auditQueries, type RegisterChecks } from './api';
import { useAuditText } from './messages';
import { AUDIT_ROLES } from './paths';
import { RoleGate } from './RoleGate';
import { ResultTag, ScrollTable } from './ui';

type Check = RegisterChecks['checks'][number];

const FIXED_NAMES: Readonly<Record<string, string>> = {
  'balance-rollups': 'balance-rollups',
  'contributions:receivable': 'contributions-receivable',
  'contributions:advances': 'contributions-advances',
  'contributions:status-figures': 'contributions-status-figures',
  'reserve-fund:contributions': 'reserve-contributions',
  'reserve-fund:disbursements': 'reserve-disbursements',
  'reserve-fund:balance': 'reserve-balance',
  'reserve-fund:commitments': 'reserve-commitments',
  'hash-chain': 'hash-chain',
};

/**
 * A check's name in words, as the reconciliation pack names it (libs/reconciliation …
 * reconciliation-pack.document.ts checkLabel); a check not known here keeps its key.
 */
export function checkLabel(name: string, t: (key: string, options?: Record<string, unknown>) => string): string {
  const fixed = FIXED_NAMES[name];
  if (fixed !== undefined) return t(`checks.names.${fixed}`);
  const [kind, code, figure] = name.split(':');
  if (kind === 'trial-balance' && code !== undefined) return t('checks.names.trial-balance', { fund: code });
  if (kind === 'bank' && code !== undefined) return t('checks.names.bank', { code });
  if (kind === 'grant' && code !== undefined && ['received', 'spent', 'available'].includes(figure ?? '')) {
    return t(`checks.names.grant-${figure}`, { grant: code });
  }
  return name;
}

/** The hash chain's figures are entry counts, every other check's are money. */
function Figure({ check, value }: { check: Check; value: string | null }) {
  const { t } = useAuditText();
  if (value === null) return <>—</>;
  if (check.name === 'hash-chain') return <>{t('checks.entriesCount', { value })}</>;
  return <Amount value={value} />;
}

/** One item of a check's explanation: its fields as the API gives them, one per line. */
function explanationText(item: unknown): string {
  if (typeof item !== 'object' || item === null) return String(item);
  return Object.entries(item as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
    .join('  ·  ');
}

function CheckRow({ check, index }: { check: Check; index: number }) {
  const { t } = useAuditText();
  const [open, setOpen] = useState(!check.ok);
  const items = check.explanation ?? [];
  const panel = `check-explanation-${index}`;
  return (
    <Fragment>
      <Table.Tr data-check={check.name} data-ok={check.ok}>
        <Table.Th scope="row" fw={500}>
          {checkLabel(check.name, t)}
          <Text size="xs" c="dimmed" ff="monospace" fw={400}>
            {check.name}
          </Text>
        </Table.Th>
        <Table.Td className="num">
          <Figure check={check} value={check.ledger} />
        </Table.Td>
        <Table.Td className="num">
          <Figure check={check} value={check.register} />
        </Table.Td>
        <Table.Td className="num">
          <Figure check={check} value={check.difference} />
        </Table.Td>
        <Table.Td>
          <ResultTag ok={check.ok}>{check.ok ? t('checks.ok') : t('checks.fail')}</ResultTag>
        </Table.Td>
        <Table.Td>
          {items.length > 0 ? (
            <Button
              variant="subtle"
              size="compact-sm"
              onClick={() => setOpen((o) => !o)}
              aria-expanded={open}
              aria-controls={panel}
              aria-label={open ? t('checks.hideExplanation', { name: checkLabel(check.name, t) }) : t('checks.showExplanation', { name: checkLabel(check.name, t) })}
            >
              {t('checks.explanation')} ({check.explanationTotal ?? items.length})
            </Button>
          ) : null}
        </Table.Td>
      </Table.Tr>
      {items.length > 0 ? (
        <Table.Tr id={panel} hidden={!open}>
          <Table.Td colSpan={6}>
            <Stack gap={4}>
              {items.map((item, i) => (
                <Code key={i} block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                  {explanationText(item)}
                </Code>
              ))}
              {check.explanationTotal !== undefined && check.explanationTotal > items.length ? (
                <Text size="xs" c="dimmed">
                  {t('checks.cut', { shown: items.length, total: check.explanationTotal })}
                </Text>
              ) : null}
            </Stack>
          </Table.Td>
        </Table.Tr>
      ) : null}
    </Fragment>
  );
}

function Checks({ report }: { report: RegisterChecks }) {
  const { t } = useAuditText();
  const failing = report.checks.filter((c) => !c.ok).length;
  return (
    <Stack gap="md">
      <Group gap="sm">
        <ResultTag ok={report.ok}>{report.ok ? t('checks.allOk') : t('checks.someFail', { count: failing })}</ResultTag>
        <Text size="sm" c="dimmed">
          <AsOfDate date={report.asOf} />
        </Text>
      </Group>
      <ScrollTable minWidth={900} label={t('checks.title')}>
        <Table withTableBorder verticalSpacing={6} data-table="register-checks">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('checks.name')}</Table.Th>
              <Table.Th scope="col" className="num">
                {t('checks.ledger')}
              </Table.Th>
              <Table.Th scope="col" className="num">
                {t('checks.register')}
              </Table.Th>
              <Table.Th scope="col" className="num">
                {t('checks.difference')}
              </Table.Th>
              <Table.Th scope="col">{t('checks.result')}</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>{t('checks.explanation')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.checks.map((c, i) => (
              <CheckRow key={c.name} check={c} index={i} />
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
    </Stack>
  );
}

function RegisterChecksView() {
  const { t } = useAuditText();
  const [asOf, setAsOf] = useAsOf();
  const report = useQuery(auditQueries.registerChecks(asOf));
  return (
    <Stack gap="lg">
      <PageHeader title={t('checks.title')} subtitle={t('checks.intro')}>
        <AsOfInput value={asOf} onChange={setAsOf} />
        <DownloadMenu
          formats={['pdf', 'xlsx']}
          baseName={`reconciliation-pack-${asOf}`}
          fetchFile={(format: FileFormat, lang) =>
            api.GET('/v1/reports/reconciliation', { params: { query: { asOf, format: format === 'xlsx' ? 'xlsx' : 'pdf', lang } }, parseAs: 'blob' })
          }
        />
      </PageHeader>
      <QueryState query={report}>{(r) => <Checks report={r} />}</QueryState>
    </Stack>
  );
}

export default function RegisterChecksPage() {
  const { t } = useAuditText();
  return (
    <RoleGate roles={AUDIT_ROLES} title={t('checks.title')} message={t('noAccess')}>
      <RegisterChecksView />
    </RoleGate>
  );
}
