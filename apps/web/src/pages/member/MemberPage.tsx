import { Alert, Anchor, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api, ApiError } from '../../api/client';
import { queries } from '../../api/queries';
import type { MemberStatement } from '../../api/responses';
import { Amount } from '../../components/Amount';
import { AsOfDate } from '../../components/AsOfDate';
import { AsOfInput, useAsOf } from '../../components/AsOfInput';
import { DownloadMenu } from '../../components/DownloadMenu';
import { AmountFigure, FigureGrid } from '../../components/Figures';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { formatShortDate } from '../../format/dates';
import { useLang } from '../../i18n';

function StatementTable({ statement }: { statement: MemberStatement }) {
  const { t, lang } = useLang();
  const currency = statement.currency;
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table striped withTableBorder verticalSpacing="xs" data-table="statement">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('common.date')}</Table.Th>
            <Table.Th>{t('member.description')}</Table.Th>
            <Table.Th>{t('member.reference')}</Table.Th>
            <Table.Th>{t('common.fiscalYear')}</Table.Th>
            <Table.Th className="num">{t('member.debit')}</Table.Th>
            <Table.Th className="num">{t('member.credit')}</Table.Th>
            <Table.Th className="num">{t('member.balance')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <Table.Tr>
            <Table.Td>{statement.opening.date ? formatShortDate(statement.opening.date, lang) : ''}</Table.Td>
            <Table.Td colSpan={5}>{t('member.opening')}</Table.Td>
            <Table.Td className="num">
              <Amount value={statement.opening.balance} currency={currency} />
            </Table.Td>
          </Table.Tr>
          {statement.lines.map((line) => (
            <Table.Tr key={`${line.entryId}-${line.type}-${line.fiscalYear ?? ''}`}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatShortDate(line.date, lang)}</Table.Td>
              <Table.Td>{line.description}</Table.Td>
              <Table.Td>{line.reference ?? ''}</Table.Td>
              <Table.Td>{line.fiscalYear ?? ''}</Table.Td>
              <Table.Td className="num">
                <Amount value={line.debit} currency={currency} />
              </Table.Td>
              <Table.Td className="num">
                <Amount value={line.credit} currency={currency} />
              </Table.Td>
              <Table.Td className="num">
                <Amount value={line.balance} currency={currency} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr fw={700}>
            <Table.Th scope="row" colSpan={6}>
              {t('member.closing')}
            </Table.Th>
            <Table.Td className="num" data-total="balance">
              <Amount value={statement.closing.balance} currency={currency} />
            </Table.Td>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  );
}

export default function MemberPage() {
  const { t, lang } = useLang();
  const { member = '' } = useParams();
  const code = member.toUpperCase();
  const [asOf, setAsOf] = useAsOf();
  const statement = useQuery(queries.memberStatement(code, asOf, lang));
  const notFound = statement.error instanceof ApiError && (statement.error.status === 404 || statement.error.status === 400);

  return (
    <Stack gap="xl">
      <Anchor component={Link} to={`/estado?asOf=${asOf}`} size="sm">
        ← {t('member.back')}
      </Anchor>
      <PageHeader title={t('member.title', { name: statement.data?.name ?? code })} subtitle={<AsOfDate date={asOf} />}>
        <AsOfInput value={asOf} onChange={setAsOf} />
        <DownloadMenu
          formats={['pdf', 'csv']}
          baseName={`statement-${code}-${asOf}`}
          fetchFile={(format, fileLang) =>
            api.GET('/v1/members/{code}/statement', {
              params: { path: { code }, query: { asOf, format, lang: fileLang } },
              parseAs: 'blob',
            })
          }
        />
      </PageHeader>
      {notFound ? (
        <Alert color="yellow" role="alert">
          {t('member.notFound', { code })}
        </Alert>
      ) : (
        <QueryState query={statement}>
          {(s) => (
            <Stack gap="xl">
              <FigureGrid>
                <AmountFigure id="outstanding" label={t('figures.outstanding')} value={s.closing.outstanding} currency={s.currency} />
                <AmountFigure id="arrears" label={t('figures.arrears')} value={s.closing.arrears} currency={s.currency} />
                <AmountFigure id="advance" label={t('figures.advance')} value={s.closing.advance} currency={s.currency} />
                <AmountFigure id="balance" label={t('member.closing')} value={s.closing.balance} currency={s.currency} />
              </FigureGrid>
              <Stack gap="sm" component="section" aria-labelledby="statement-title">
                <Title order={2} size="h3" id="statement-title">
                  {t('member.statement')}
                </Title>
                <StatementTable statement={s} />
              </Stack>
              <Stack gap="sm" component="section" aria-labelledby="member-years-title">
                <Title order={2} size="h3" id="member-years-title">
                  {t('member.byYear')}
                </Title>
                {s.closing.years.length === 0 ? (
                  <Text c="dimmed">{t('common.none')}</Text>
                ) : (
                  <Table.ScrollContainer minWidth={500}>
                    <Table striped withTableBorder verticalSpacing="xs">
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>{t('common.fiscalYear')}</Table.Th>
                          {(['assessed', 'paid', 'writtenOff', 'outstanding'] as const).map((c) => (
                            <Table.Th key={c} className="num">
                              {t(`figures.${c}`)}
                            </Table.Th>
                          ))}
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {s.closing.years.map((y) => (
                          <Table.Tr key={y.fiscalYear}>
                            <Table.Th scope="row">{y.fiscalYear}</Table.Th>
                            {(['assessed', 'paid', 'writtenOff', 'outstanding'] as const).map((c) => (
                              <Table.Td key={c} className="num">
                                <Amount value={y[c]} currency={s.currency} />
                              </Table.Td>
                            ))}
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </Table.ScrollContainer>
                )}
              </Stack>
            </Stack>
          )}
        </QueryState>
      )}
    </Stack>
  );
}
