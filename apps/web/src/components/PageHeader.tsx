import { Group, Stack, Text, Title } from '@mantine/core';

/** The page's one h1 (focused after each navigation, see Shell) and its controls. */
export function PageHeader({ title, subtitle, children }: { title: string; subtitle?: React.ReactNode; children?: React.ReactNode }) {
  return (
    <Group justify="space-between" align="flex-end" mb="lg" wrap="wrap" gap="md">
      <Stack gap={4}>
        <Title order={1} size="h2" tabIndex={-1} data-page-title>
          {title}
        </Title>
        {subtitle ? <Text c="dimmed">{subtitle}</Text> : null}
      </Stack>
      {children ? (
        <Group gap="sm" align="flex-end" wrap="wrap">
          {children}
        </Group>
      ) : null}
    </Group>
  );
}
