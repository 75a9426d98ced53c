import { Paper, SimpleGrid, Text } from '@mantine/core';
import { Amount } from './Amount';

/** A key figure: its label and value, as a description-list pair (read as such by screen readers). */
export function Figure({ label, children, id }: { label: string; children: React.ReactNode; id?: string }) {
  return (
    <Paper withBorder p="md" radius="md" component="div" data-figure={id}>
      <Text component="dt" size="sm" c="dimmed" fw={500}>
        {label}
      </Text>
      <Text component="dd" m={0} mt={4} fz="xl" fw={700} data-figure-value>
        {children}
      </Text>
    </Paper>
  );
}

/** A key figure that is an amount of money, with its currency's code. */
export function AmountFigure({
  label,
  value,
  currency,
  id,
}: {
  label: string;
  value: string;
  currency: string;
  id?: string;
}) {
  return (
    <Figure id={id} label={label}>
      <Amount value={value} currency={currency} withCode />
    </Figure>
  );
}

export function FigureGrid({ children }: { children: React.ReactNode }) {
  return (
    <SimpleGrid component="dl" m={0} cols={{ base: 1, xs: 2, md: 4 }} spacing="md">
      {children}
    </SimpleGrid>
  );
}
