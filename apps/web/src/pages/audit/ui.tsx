import { ActionIcon, Badge, Button, Code, CopyButton, Group, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { isIsoDate } from '../../format/dates';
import { useAuditText } from './messages';

/**
 * A status label: the colour in its background and border, the text in the page's own text
 * colour (no shade of teal or orange reads at 4.5:1 on its own light background).
 */
export function Tag({ color, children, ...data }: { color: string; children: React.ReactNode; [data: `data-${string}`]: unknown }) {
  return (
    <Badge
      variant="light"
      color={color}
      c="var(--mantine-color-text)"
      tt="none"
      bd={`1px solid var(--mantine-color-${color}-4)`}
      // Never cut to "Agr…" in a narrow column: the label is the information.
      styles={{ root: { minWidth: 'max-content', maxWidth: 'none' }, label: { overflow: 'visible' } }}
      {...data}
    >
      {children}
    </Badge>
  );
}

/** Agrees / does not agree. */
export function ResultTag({ ok, children }: { ok: boolean; children: React.ReactNode }) {
  return (
    <Tag color={ok ? 'teal' : 'red'} data-ok={ok}>
      {children}
    </Tag>
  );
}

const ICON = { width: 16, height: 16, viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', strokeWidth: 2, 'aria-hidden': true } as const;

function CopyIcon() {
  return (
    <svg {...ICON}>
      <rect x="9" y="9" width="12" height="12" rx="2" />
      <path d="M5 15H4a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1h10a1 1 0 0 1 1 1v1" />
    </svg>
  );
}

function CheckIcon() {
  return (
    <svg {...ICON}>
      <path d="M4 12l5 5L20 6" />
    </svg>
  );
}

/** A SHA-256 hash in full (monospace, wrapping), with a button that copies it. */
export function Hash({ value, label }: { value: string; label?: string }) {
  const { t } = useAuditText();
  return (
    <Group gap={4} wrap="nowrap" align="flex-start">
      <Code style={{ wordBreak: 'break-all', whiteSpace: 'normal' }} data-hash>
        {value}
      </Code>
      <CopyButton value={value} timeout={1500}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? t('copied') : t('copyHash')} withArrow>
            <ActionIcon variant="subtle" color="gray" size="sm" onClick={copy} aria-label={label ? `${t('copyHash')}: ${label}` : t('copyHash')}>
              {copied ? <CheckIcon /> : <CopyIcon />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}

/** A date field of a filter: empty, or a calendar date (the browser's own date picker). */
export function DateField({
  label,
  value,
  onChange,
  error,
  name,
}: {
  label: string;
  value: string;
  onChange: (next: string) => void;
  error?: string | null;
  name: string;
}) {
  const { t } = useAuditText();
  return (
    <TextInput
      type="date"
      label={label}
      name={name}
      value={value}
      w={170}
      onChange={(event) => onChange(event.currentTarget.value)}
      error={error ?? (value && !isIsoDate(value) ? t('badDate') : undefined)}
    />
  );
}

/**
 * Cursor paging: the API gives the cursor of the next page only, so the pages seen are kept to
 * go back.
 */
export function CursorPager({
  page,
  hasNext,
  onFirst,
  onPrevious,
  onNext,
}: {
  page: number;
  hasNext: boolean;
  onFirst: () => void;
  onPrevious: () => void;
  onNext: () => void;
}) {
  const { t } = useAuditText();
  return (
    <Group gap="xs" role="group" aria-label={t('pages')} justify="flex-end">
      <Button variant="default" size="xs" onClick={onFirst} disabled={page <= 1}>
        {t('firstPage')}
      </Button>
      <Button variant="default" size="xs" onClick={onPrevious} disabled={page <= 1}>
        {t('previousPage')}
      </Button>
      <Text size="sm" aria-live="polite" px="xs">
        {t('pageN', { n: page })}
      </Text>
      <Button variant="default" size="xs" onClick={onNext} disabled={!hasNext} data-next-page>
        {t('nextPage')}
      </Button>
    </Group>
  );
}

/**
 * A wide table in its own horizontal scroll box: a named region that the keyboard can reach and
 * scroll with the arrow keys (on a tablet the table scrolls, not the page).
 */
export function ScrollTable({ minWidth, label, children }: { minWidth: number; label: string; children: React.ReactNode }) {
  return (
    // Positioned, so that visually hidden header text (absolutely placed) stays inside the box.
    <Table.ScrollContainer type="native" minWidth={minWidth} tabIndex={0} role="region" aria-label={label} pos="relative">
      {children}
    </Table.ScrollContainer>
  );
}
