import { Alert, Button, Grid, Group, List, NativeSelect, Paper, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { HeadRow } from '../../components/HeadRow';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type DragEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useSetSearchParams } from '../../app/search-params';
import { SECRETARIAT } from '../../app/pages';
import { useSession } from '../../auth/session';
import { Amount } from '../../components/Amount';
import { AsOfInput, useAsOf } from '../../components/AsOfInput';
import { Figure, FigureGrid } from '../../components/Figures';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { formatDate, formatTimestamp } from '../../format/dates';
import { formatAmount, formatMoney } from '../../format/money';
import { ConfirmDialog, ProblemAlert, useSubmission, type RuleSentences } from '../../forms';
import { RoleGate } from '../audit/RoleGate';
import { ResultTag, ScrollTable, Tag } from '../audit/ui';
import {
  bankCommands,
  bankQueries,
  formatOfFile,
  selectionTotals,
  STATEMENT_FORMATS,
  suggestionsFor,
  type BankAccountView,
  type ImportResult,
  type Reconciliation,
  type StatementFormat,
  type StatementLine,
} from './api';
import { useBankText } from './messages';
import { Section, SignOffTable, UnmatchedItem, UnmatchedSide } from './ui';

type Text = ReturnType<typeof useBankText>;

/** An alert's title in the page's text colour: no shade of teal or orange reads at 4.5:1 on its light background. */
const TITLE_IN_TEXT_COLOUR = { title: { color: 'var(--mantine-color-text)' } };

/** The sentences of the sign-off's refusals, with their figures. */
export function signOffRules(t: Text['t']): RuleSentences {
  const str = (v: unknown): string => (typeof v === 'string' ? v : '');
  return {
    'sign-off.reviewer-is-preparer': (f) => t('bank.rules.reviewerIsPreparer', { preparedBy: str(f.preparedBy) }),
    'sign-off.figures-changed': (f) =>
      t('bank.rules.figuresChanged', { prepared: str(f.preparedDifference), current: str(f.currentDifference) }),
    'sign-off.already-reviewed': () => t('bank.rules.alreadyReviewed'),
  };
}

function useRefresh(): () => Promise<void> {
  const client = useQueryClient();
  return async () => {
    await Promise.all(
      ['bank-reconciliation', 'bank-matches', 'bank-preparations', 'bank-sign-offs'].map((k) => client.invalidateQueries({ queryKey: [k] })),
    );
  };
}

// ---------------------------------------------------------------- upload

function Upload({ account }: { account: BankAccountView }) {
  const { t, lang } = useBankText();
  const refresh = useRefresh();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<StatementFormat>('camt053');
  const [over, setOver] = useState(false);
  const upload = useSubmission<{ name: string; size: number; format: StatementFormat }, ImportResult>(
    async () => {
      if (!file) throw new Error('no file');
      return bankCommands.upload(account.code, file, format);
    },
    { onSuccess: refresh },
  );
  const choose = (f: File | undefined): void => {
    if (!f) return;
    setFile(f);
    setFormat(formatOfFile(f.name));
    upload.reset();
  };
  const onDrop = (e: DragEvent<HTMLLabelElement>): void => {
    e.preventDefault();
    setOver(false);
    choose(e.dataTransfer.files[0]);
  };
  return (
    <Section title={t('bank.upload.title')} id="bank-upload">
      <Stack>
        <label
          htmlFor="statement-file"
          onDragOver={(e) => {
            e.preventDefault();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={onDrop}
          data-dropzone
          style={{
            display: 'block',
            border: `2px dashed var(--mantine-color-${over ? 'blue-6' : 'gray-5'})`,
            borderRadius: 8,
            padding: '1.25rem',
            textAlign: 'center',
            cursor: 'pointer',
            background: over ? 'var(--mantine-color-blue-0)' : undefined,
          }}
        >
          <Text fw={600}>{file ? t('bank.upload.chosen', { name: file.name }) : t('bank.upload.drop')}</Text>
          <Text size="sm" c="dimmed">
            {t('bank.upload.dropHint')}
          </Text>
          <input
            ref={input}
            id="statement-file"
            name="file"
            type="file"
            accept=".xml,.csv,.txt,.sta,.mt940,.940,.xlsx"
            onChange={(e) => choose(e.currentTarget.files?.[0])}
            style={{ position: 'absolute', width: 1, height: 1, opacity: 0, overflow: 'hidden' }}
          />
        </label>
        <Group align="flex-end">
          <NativeSelect
            label={t('bank.upload.format')}
            value={format}
            onChange={(e) => setFormat(e.currentTarget.value as StatementFormat)}
            data={STATEMENT_FORMATS.map((f) => ({ value: f, label: t(`bank.upload.formats.${f}`) }))}
          />
          <Button disabled={!file} loading={upload.pending} onClick={() => file && upload.submit({ name: file.name, size: file.size, format })}>
            {t('bank.upload.submit')}
          </Button>
        </Group>
        <ProblemAlert problem={upload.problem} />
        {upload.result ? <ImportSummary result={upload.result} currency={account.currency} lang={lang} /> : null}
      </Stack>
    </Section>
  );
}

function ImportSummary({ result, currency, lang }: { result: ImportResult; currency: string; lang: 'es' | 'en' }) {
  const { t } = useBankText();
  return (
    <Alert color="teal" title={t('bank.upload.resultTitle')} role="status" data-import={result.id} styles={TITLE_IN_TEXT_COLOUR}>
      <Stack gap="xs">
        <Text size="sm">
          {t('bank.upload.lines')}: <strong data-import-lines>{result.lines}</strong> · {t('bank.upload.duplicates')}:{' '}
          <strong data-import-duplicates>{result.duplicates}</strong>
        </Text>
        {result.sameFileAs ? <Text size="sm">{t('bank.upload.sameFile')}</Text> : null}
        {result.statements.length > 0 ? (
          <ScrollTable minWidth={560} label={t('bank.upload.statements')}>
            <Table withTableBorder verticalSpacing={4}>
              <Table.Thead>
                <HeadRow
                  columns={[
                    t('bank.upload.statement'),
                    t('bank.upload.period'),
                    { label: t('bank.upload.opening'), numeric: true },
                    { label: t('bank.upload.closing'), numeric: true },
                    { label: t('bank.upload.lines'), numeric: true },
                  ]}
                />
              </Table.Thead>
              <Table.Tbody>
                {result.statements.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td>
                      {s.statementId ?? '—'}{' '}
                      {s.balancesAgree === false ? <Tag color="red">{t('bank.upload.balancesDisagree')}</Tag> : null}
                    </Table.Td>
                    <Table.Td>{s.fromDate && s.toDate ? `${formatDate(s.fromDate, lang)} – ${formatDate(s.toDate, lang)}` : '—'}</Table.Td>
                    <Table.Td ta="right">{s.openingBalance ? <Amount value={s.openingBalance} currency={currency} /> : '—'}</Table.Td>
                    <Table.Td ta="right">{s.closingBalance ? <Amount value={s.closingBalance} currency={currency} /> : '—'}</Table.Td>
                    <Table.Td ta="right">{s.lines}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        ) : null}
        {result.skipped.length > 0 ? (
          <div>
            <Text size="sm" fw={600}>
              {t('bank.upload.skipped')}
            </Text>
            <List size="sm">
              {result.skipped.map((s) => (
                <List.Item key={s.accountIdentifier}>
                  {t('bank.upload.skippedLine', { account: s.accountIdentifier, statements: s.statements, lines: s.lines })}
                </List.Item>
              ))}
            </List>
          </div>
        ) : null}
        {result.warnings.length > 0 ? (
          <div data-import-warnings>
            <Text size="sm" fw={600}>
              {t('bank.upload.warnings')}
            </Text>
            <List size="sm">
              {result.warnings.map((w) => (
                <List.Item key={w}>{w}</List.Item>
              ))}
            </List>
          </div>
        ) : null}
      </Stack>
    </Alert>
  );
}

// ---------------------------------------------------------------- reconciliation figures

function Figures({ rec, account }: { rec: Reconciliation; account: BankAccountView }) {
  const { t, lang } = useBankText();
  const refresh = useRefresh();
  const [notice, setNotice] = useState<string | null>(null);
  const auto = useSubmission<{ code: string }, { matched: number }>(() => bankCommands.autoMatch(account.code), {
    onSuccess: async (r) => {
      setNotice(t('bank.rec.autoMatched', { count: r.matched }));
      await refresh();
    },
  });
  const cur = rec.currency;
  return (
    <Section title={t('bank.rec.title', { date: formatDate(rec.asOf, lang) })} id="bank-reconciliation">
      <Stack>
        <Group justify="space-between">
          <ResultTag ok={rec.reconciled}>
            <span data-reconciled={rec.reconciled}>{rec.reconciled ? t('bank.rec.reconciled') : t('bank.rec.notReconciled')}</span>
          </ResultTag>
          <Button loading={auto.pending} onClick={() => auto.submit({ code: account.code })}>
            {t('bank.rec.autoMatch')}
          </Button>
        </Group>
        {notice ? (
          <Alert color="teal" role="status">
            {notice}
          </Alert>
        ) : null}
        <ProblemAlert problem={auto.problem} />
        <FigureGrid>
          <Figure label={t('bank.rec.statementBalance')} id="statement-balance">
            <Amount value={rec.statementBalance} currency={cur} />
          </Figure>
          <Figure label={t('bank.rec.ledgerBalance')} id="ledger-balance">
            <Amount value={rec.ledgerBalance} currency={cur} />
          </Figure>
          <Figure label={t('bank.rec.adjusted')} id="adjusted-balance">
            <Amount value={rec.adjustedLedgerBalance} currency={cur} />
          </Figure>
          <Figure label={t('bank.rec.difference')} id="difference">
            <Amount value={rec.difference} currency={cur} />
          </Figure>
        </FigureGrid>
        {rec.staleItems > 0 ? <Text size="sm">{t('bank.rec.stale', { count: rec.staleItems, days: rec.matchingWindowDays })}</Text> : null}
        {rec.gaps.length > 0 ? (
          <Alert color="orange" title={t('bank.rec.gapsTitle')} data-gaps={rec.gaps.length} styles={TITLE_IN_TEXT_COLOUR}>
            <List size="sm">
              {rec.gaps.map((g) => (
                <List.Item key={`${g.after}-${g.before}`}>
                  {t('bank.rec.gap', {
                    after: formatDate(g.after, lang),
                    before: formatDate(g.before, lang),
                    closing: formatAmount(g.closingBalance, lang, cur),
                    opening: formatAmount(g.openingBalance, lang, cur),
                  })}
                </List.Item>
              ))}
            </List>
          </Alert>
        ) : null}
        {rec.truncated ? <Text size="sm">{t('bank.rec.truncated')}</Text> : null}
      </Stack>
    </Section>
  );
}

// ---------------------------------------------------------------- side by side

function SideBySide({ rec, account }: { rec: Reconciliation; account: BankAccountView }) {
  const { t, lang } = useBankText();
  const refresh = useRefresh();
  const [lines, setLines] = useState<Set<string>>(new Set());
  const [postings, setPostings] = useState<Set<string>>(new Set());
  const [recording, setRecording] = useState<StatementLine | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const chosenLines = rec.unmatchedStatementLines.filter((l) => lines.has(l.id));
  const chosenPostings = rec.unmatchedLedgerItems.filter((p) => postings.has(p.postingId));
  const totals = selectionTotals(chosenLines, chosenPostings);
  const match = useSubmission<{ l: string[]; p: string[] }, unknown>((v) => bankCommands.match(account.code, v.l, v.p), {
    onSuccess: async () => {
      setLines(new Set());
      setPostings(new Set());
      setNotice(t('bank.side.matched'));
      await refresh();
    },
  });
  const toggle = (set: Set<string>, id: string, update: (s: Set<string>) => void): void => {
    const next = new Set(set);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    update(next);
  };
  const cur = rec.currency;
  const direction = (l: StatementLine): string => (l.direction === 'credit' ? t('bank.side.moneyIn') : t('bank.side.moneyOut'));
  return (
    <Stack>
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <UnmatchedSide
            title={t('bank.side.lines', { count: rec.counts.unmatchedStatementLines })}
            id="bank-lines"
            side="lines"
            items={rec.unmatchedStatementLines}
            none={t('bank.side.none')}
          >
            {(l) => {
              const suggestion = suggestionsFor(l, rec.unmatchedLedgerItems, rec.matchingWindowDays)[0];
              return (
                <UnmatchedItem
                  key={l.id}
                  data={{ 'data-line': l.id, 'data-reference': l.reference }}
                  checked={lines.has(l.id)}
                  onToggle={() => toggle(lines, l.id, setLines)}
                  label={
                    <span>
                      {formatDate(l.date, lang)} · <strong>{l.reference || '—'}</strong> · {l.description}
                    </span>
                  }
                  amount={
                    <>
                      {direction(l)} <Amount value={l.amount} currency={l.currency} />
                    </>
                  }
                >
                  <Group gap="xs" mt={4}>
                    {l.stale ? <Tag color="orange">{t('bank.side.old')}</Tag> : null}
                    {suggestion ? (
                      <Button
                        size="compact-sm"
                        variant="default"
                        h="auto"
                        py={2}
                        styles={{ label: { whiteSpace: 'normal', textAlign: 'left' } }}
                        onClick={() => {
                          setLines(new Set([l.id]));
                          setPostings(new Set([suggestion.postingId]));
                        }}
                      >
                        {t('bank.side.suggestion', { description: suggestion.description, date: formatDate(suggestion.date, lang) })}
                      </Button>
                    ) : null}
                    <Button size="compact-sm" variant="default" onClick={() => setRecording(l)}>
                      {t('bank.side.record')}
                    </Button>
                  </Group>
                </UnmatchedItem>
              );
            }}
          </UnmatchedSide>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <UnmatchedSide
            title={t('bank.side.ledger', { count: rec.counts.unmatchedLedgerItems })}
            id="bank-ledger"
            side="ledger"
            items={rec.unmatchedLedgerItems}
            none={t('bank.side.none')}
          >
            {(p) => (
              <UnmatchedItem
                key={p.postingId}
                data={{ 'data-posting': p.postingId }}
                checked={postings.has(p.postingId)}
                onToggle={() => toggle(postings, p.postingId, setPostings)}
                label={
                  <span>
                    {formatDate(p.date, lang)} · #{p.sequence} · {p.description}
                  </span>
                }
                amount={
                  <>
                    {p.side === 'debit' ? t('bank.side.moneyIn') : t('bank.side.moneyOut')} <Amount value={p.amount} currency={p.currency} />
                  </>
                }
              >
                {p.stale ? <Tag color="orange">{t('bank.side.old')}</Tag> : null}
              </UnmatchedItem>
            )}
          </UnmatchedSide>
        </Grid.Col>
      </Grid>
      <Paper withBorder p="sm" radius="md">
        <Group justify="space-between">
          <Text size="sm" data-selection-totals>
            {t('bank.side.selected', { lines: formatAmount(totals.lines, lang, cur), ledger: formatAmount(totals.postings, lang, cur) })}
          </Text>
          <Button disabled={!totals.agree} loading={match.pending} onClick={() => match.submit({ l: [...lines], p: [...postings] })}>
            {t('bank.side.match')}
          </Button>
        </Group>
        {(chosenLines.length > 0 || chosenPostings.length > 0) && !totals.agree ? (
          <Text size="sm" c="dimmed" mt={4}>
            {t('bank.side.disagree')}
          </Text>
        ) : null}
        {notice ? (
          <Text size="sm" role="status" mt={4}>
            {notice}
          </Text>
        ) : null}
        <ProblemAlert problem={match.problem} />
      </Paper>
      {recording ? <RecordEntry line={recording} account={account} onClose={() => setRecording(null)} onDone={setNotice} /> : null}
    </Stack>
  );
}

function RecordEntry({
  line,
  account,
  onClose,
  onDone,
}: {
  line: StatementLine;
  account: BankAccountView;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const { t, lang } = useBankText();
  const refresh = useRefresh();
  const chart = useQuery(bankQueries.accountsChart());
  const funds = useQuery(bankQueries.funds());
  const charge = line.direction === 'debit';
  const [values, setValues] = useState({
    account: charge ? '5500' : '4400',
    fund: 'GEN',
    description: t(charge ? 'bank.entry.chargeDescription' : 'bank.entry.interestDescription', { reference: line.reference || line.date }),
  });
  const [confirming, setConfirming] = useState(false);
  const record = useSubmission<typeof values, { entry: { sequence: number } }>(
    (v, key) => bankCommands.recordEntry(account.code, line.id, v, key),
    {
      onSuccess: async (r) => {
        onDone(t('bank.entry.done', { sequence: r.entry.sequence }));
        await refresh();
        onClose();
      },
    },
  );
  const others = (chart.data ?? []).filter((a) => a.active && a.type === (charge ? 'expense' : 'revenue'));
  const accountName = (code: string): string => {
    const a = others.find((x) => x.code === code);
    return a ? `${a.code} ${lang === 'es' ? a.names.es : a.names.en}` : code;
  };
  const text = t(charge ? 'bank.entry.chargeText' : 'bank.entry.interestText', {
    amount: formatMoney(line.amount, lang, line.currency),
    date: formatDate(line.date, lang),
    account: accountName(values.account),
    fund: values.fund,
  });
  return (
    <ConfirmDialog
      opened
      title={t('bank.entry.title')}
      confirmLabel={confirming ? t('bank.entry.confirm') : t('bank.entry.review')}
      onConfirm={() => (confirming ? record.submit(values) : setConfirming(true))}
      onCancel={onClose}
      pending={record.pending}
      problem={<ProblemAlert problem={record.problem} fieldLabels={{ account: t('bank.entry.account'), fund: t('bank.entry.fund'), description: t('bank.entry.description') }} />}
    >
      <Stack>
        <NativeSelect
          label={t('bank.entry.account')}
          value={values.account}
          disabled={confirming}
          onChange={(e) => setValues({ ...values, account: e.currentTarget.value })}
          data={(others.length > 0 ? others : [{ code: values.account, names: { es: '', en: '' } }]).map((a) => ({
            value: a.code,
            label: `${a.code} ${lang === 'es' ? a.names.es : a.names.en}`.trim(),
          }))}
          error={record.fieldError('account')?.message}
        />
        <NativeSelect
          label={t('bank.entry.fund')}
          value={values.fund}
          disabled={confirming}
          onChange={(e) => setValues({ ...values, fund: e.currentTarget.value })}
          data={(funds.data ?? [{ code: 'GEN', name: 'GEN', active: true }]).filter((f) => f.active).map((f) => ({ value: f.code, label: `${f.code} ${f.name}` }))}
        />
        <TextInput
          label={t('bank.entry.description')}
          value={values.description}
          disabled={confirming}
          maxLength={500}
          onChange={(e) => setValues({ ...values, description: e.currentTarget.value })}
          error={record.fieldError('description')?.message}
        />
        {confirming ? (
          <Alert color="blue" data-entry-preview>
            {text}
          </Alert>
        ) : null}
      </Stack>
    </ConfirmDialog>
  );
}

// ---------------------------------------------------------------- matches

function Matches({ account }: { account: BankAccountView }) {
  const { t, lang } = useBankText();
  const refresh = useRefresh();
  const matches = useQuery(bankQueries.matches(account.code));
  const [undoing, setUndoing] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const unmatch = useSubmission<{ id: string; reason: string }, unknown>((v) => bankCommands.unmatch(account.code, v.id, v.reason), {
    onSuccess: async () => {
      setUndoing(null);
      setReason('');
      await refresh();
    },
  });
  return (
    <Section title={t('bank.matches.title')} id="bank-matches">
      <QueryState query={matches}>
        {(list) =>
          list.length === 0 ? (
            <Text c="dimmed">{t('bank.matches.none')}</Text>
          ) : (
            <ScrollTable minWidth={640} label={t('bank.matches.title')}>
              <Table withTableBorder verticalSpacing={4} data-table="matches">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('bank.matches.rule')}</Table.Th>
                    <Table.Th scope="col">{t('bank.matches.settles')}</Table.Th>
                    <Table.Th scope="col">{t('bank.matches.items')}</Table.Th>
                    <Table.Th scope="col">{t('bank.matches.by')}</Table.Th>
                    <Table.Th scope="col">
                      <VisuallyHidden>{t('bank.matches.unmatch')}</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.slice(0, 20).map((m) => (
                    <Table.Tr key={m.id} data-match={m.id} data-rule={m.rule}>
                      <Table.Td>{t(`bank.matches.rules.${m.rule}`, { defaultValue: m.rule })}</Table.Td>
                      <Table.Td>{formatDate(m.settlesOn, lang)}</Table.Td>
                      <Table.Td>
                        {m.statementLineIds.length} / {m.postingIds.length}
                      </Table.Td>
                      <Table.Td>{formatTimestamp(m.matchedAt, lang)}</Table.Td>
                      <Table.Td>
                        <Button size="compact-sm" variant="default" color="red" onClick={() => setUndoing(m.id)} disabled={m.rule === 'entry'}>
                          {t('bank.matches.unmatch')}
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          )
        }
      </QueryState>
      <ConfirmDialog
        opened={undoing !== null}
        title={t('bank.matches.unmatchTitle')}
        confirmLabel={t('bank.matches.unmatch')}
        color="red"
        onConfirm={() => undoing && unmatch.submit({ id: undoing, reason })}
        onCancel={() => setUndoing(null)}
        pending={unmatch.pending}
        problem={<ProblemAlert problem={unmatch.problem} />}
      >
        <Text size="sm">{t('bank.matches.unmatchText')}</Text>
        <TextInput label={t('bank.matches.reason')} value={reason} maxLength={500} onChange={(e) => setReason(e.currentTarget.value)} />
      </ConfirmDialog>
    </Section>
  );
}

// ---------------------------------------------------------------- sign-off

function SignOff({ rec, account }: { rec: Reconciliation; account: BankAccountView }) {
  const { t, lang } = useBankText();
  const { user } = useSession();
  const refresh = useRefresh();
  const preparations = useQuery(bankQueries.preparations(account.code));
  const signOffs = useQuery(bankQueries.signOffs(account.code));
  const [dialog, setDialog] = useState<{ kind: 'prepare' } | { kind: 'review'; id: string; preparedBy: string; difference: string; reconciled: boolean; asOf: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const rules = signOffRules(t);
  const prepare = useSubmission<{ asOf: string }, unknown>((v) => bankCommands.prepare(account.code, v.asOf), {
    onSuccess: async () => {
      setDialog(null);
      setNotice(t('bank.signOff.prepared'));
      await refresh();
    },
  });
  const review = useSubmission<{ id: string }, unknown>((v) => bankCommands.review(v.id), {
    onSuccess: async () => {
      setDialog(null);
      setNotice(t('bank.signOff.reviewed'));
      await refresh();
    },
  });
  const state = (reconciled: boolean): string => (reconciled ? t('bank.rec.reconciled') : t('bank.rec.notReconciled')).toLowerCase();
  const name = user?.displayName ?? '';
  return (
    <Section title={t('bank.signOff.title')} id="bank-sign-off">
      <Stack>
        <Text size="sm">{t('bank.signOff.intro', { date: formatDate(rec.asOf, lang) })}</Text>
        <Group>
          <Button onClick={() => setDialog({ kind: 'prepare' })}>{t('bank.signOff.prepare', { date: formatDate(rec.asOf, lang) })}</Button>
        </Group>
        {notice ? (
          <Text size="sm" role="status">
            {notice}
          </Text>
        ) : null}
        <SignOffTable
          title={t('bank.signOff.awaiting')}
          query={preparations}
          none={t('bank.signOff.noneAwaiting')}
          table="preparations"
          head={
            <HeadRow
              columns={[
                t('bank.signOff.asOf'),
                t('bank.signOff.preparedBy'),
                t('bank.signOff.preparedAt'),
                { label: t('bank.rec.difference'), numeric: true },
                <VisuallyHidden key="review">{t('bank.signOff.review')}</VisuallyHidden>,
              ]}
            />
          }
        >
          {(p) => (
            <Table.Tr key={p.id} data-preparation={p.id}>
              <Table.Td>{formatDate(p.asOf, lang)}</Table.Td>
              <Table.Td>{p.preparedBy}</Table.Td>
              <Table.Td>{formatTimestamp(p.preparedAt, lang)}</Table.Td>
              <Table.Td ta="right">
                <Amount value={p.difference} currency={rec.currency} />
              </Table.Td>
              <Table.Td>
                <Button
                  size="compact-sm"
                  onClick={() => setDialog({ kind: 'review', id: p.id, preparedBy: p.preparedBy, difference: p.difference, reconciled: p.reconciled, asOf: p.asOf })}
                >
                  {t('bank.signOff.review')}
                </Button>
                {p.preparedBy === name ? (
                  <Text size="xs" c="dimmed">
                    {t('bank.signOff.ownPreparation')}
                  </Text>
                ) : null}
              </Table.Td>
            </Table.Tr>
          )}
        </SignOffTable>
        <SignOffTable
          title={t('bank.signOff.signed')}
          query={signOffs}
          none={t('bank.signOff.noneSigned')}
          table="sign-offs"
          head={
            <HeadRow
              columns={[
                t('bank.signOff.asOf'),
                t('bank.signOff.preparedBy'),
                t('bank.signOff.reviewedBy'),
                t('bank.signOff.signedAt'),
                { label: t('bank.rec.difference'), numeric: true },
              ]}
            />
          }
        >
          {(s) => (
            <Table.Tr key={s.id} data-sign-off={s.id}>
              <Table.Td>{formatDate(s.asOf, lang)}</Table.Td>
              <Table.Td>{s.preparedBy}</Table.Td>
              <Table.Td>{s.reviewedBy}</Table.Td>
              <Table.Td>{formatTimestamp(s.signedAt, lang)}</Table.Td>
              <Table.Td ta="right">
                <Amount value={s.difference} currency={rec.currency} />
              </Table.Td>
            </Table.Tr>
          )}
        </SignOffTable>
      </Stack>
      <ConfirmDialog
        opened={dialog?.kind === 'prepare'}
        title={t('bank.signOff.prepareTitle', { date: formatDate(rec.asOf, lang) })}
        confirmLabel={t('bank.signOff.prepare', { date: formatDate(rec.asOf, lang) })}
        onConfirm={() => prepare.submit({ asOf: rec.asOf })}
        onCancel={() => setDialog(null)}
        pending={prepare.pending}
        problem={<ProblemAlert problem={prepare.problem} rules={rules} />}
      >
        <Text size="sm">
          {t('bank.signOff.prepareText', { difference: formatMoney(rec.difference, lang, rec.currency), state: state(rec.reconciled), name })}
        </Text>
      </ConfirmDialog>
      <ConfirmDialog
        opened={dialog?.kind === 'review'}
        title={dialog?.kind === 'review' ? t('bank.signOff.reviewTitle', { date: formatDate(dialog.asOf, lang) }) : ''}
        confirmLabel={t('bank.signOff.review')}
        onConfirm={() => dialog?.kind === 'review' && review.submit({ id: dialog.id })}
        onCancel={() => {
          setDialog(null);
          review.reset();
        }}
        pending={review.pending}
        problem={<ProblemAlert problem={review.problem} rules={rules} />}
      >
        {dialog?.kind === 'review' ? (
          <Text size="sm">
            {t('bank.signOff.reviewText', {
              preparedBy: dialog.preparedBy,
              difference: formatMoney(dialog.difference, lang, rec.currency),
              state: state(dialog.reconciled),
              name,
            })}
          </Text>
        ) : null}
      </ConfirmDialog>
    </Section>
  );
}

// ---------------------------------------------------------------- page

function Bank() {
  const { t } = useBankText();
  const [asOf, setAsOf] = useAsOf();
  const [params] = useSearchParams();
  const setParams = useSetSearchParams();
  const accounts = useQuery(bankQueries.accounts());
  const list = (accounts.data ?? []).filter((a) => a.active);
  const code = params.get('cuenta') ?? list[0]?.code;
  const account = list.find((a) => a.code === code);
  const rec = useQuery({ ...bankQueries.reconciliation(account?.code ?? '', asOf), enabled: account !== undefined });
  return (
    <Stack gap="lg">
      <PageHeader title={t('bank.title')} subtitle={t('bank.intro')}>
        <NativeSelect
          label={t('bank.account')}
          value={account?.code ?? ''}
          onChange={(e) => {
            const next = e.currentTarget.value;
            setParams({ cuenta: next });
          }}
          data={list.map((a) => ({ value: a.code, label: `${a.code} — ${a.name} (${a.currency})` }))}
        />
        <AsOfInput value={asOf} onChange={setAsOf} />
      </PageHeader>
      <QueryState query={accounts}>
        {() =>
          account === undefined ? (
            <Text c="dimmed">{t('bank.noAccounts')}</Text>
          ) : (
            <Stack gap="lg">
              <Upload account={account} key={account.code} />
              <QueryState query={rec}>
                {(r) => (
                  <Stack gap="lg">
                    <Figures rec={r} account={account} />
                    <SideBySide rec={r} account={account} key={`${account.code}-${asOf}`} />
                    <Matches account={account} />
                    <SignOff rec={r} account={account} />
                  </Stack>
                )}
              </QueryState>
            </Stack>
          )
        }
      </QueryState>
    </Stack>
  );
}

export default function BankPage() {
  const { t } = useBankText();
  return (
    <RoleGate roles={SECRETARIAT} title={t('bank.title')} message={t('bank.readOnly')}>
      <Bank />
    </RoleGate>
  );
}
