import { Alert, Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import { useAdminText } from './messages';

/** A secret shown once (a new token, a new password), with a button that copies it. */
export function SecretBox({ label, value, note }: { label: string; value: string; note: string }) {
  const { t } = useAdminText();
  return (
    <Stack gap="sm">
      <Alert color="yellow" variant="light">
        <Text size="sm">{note}</Text>
      </Alert>
      <Text size="sm" fw={600} id="secret-label">
        {label}
      </Text>
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <Code block fz="sm" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap', flex: 1 }} aria-labelledby="secret-label" data-secret>
          {value}
        </Code>
        <CopyButton value={value} timeout={2000}>
          {({ copied, copy }) => (
            <Button variant={copied ? 'filled' : 'default'} color={copied ? 'teal' : undefined} onClick={copy} data-copy>
              {copied ? t('copied') : t('copy')}
            </Button>
          )}
        </CopyButton>
      </Group>
    </Stack>
  );
}
