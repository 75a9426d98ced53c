import { Text } from '@mantine/core';

/**
 * A status label: dark text on a light tint of its colour, framed by the colour itself. Coloured
 * text on a tint (Mantine's light badge) falls below 4.5:1 for several colours; dark text never does.
 */
export function Tag({ color, children }: { color: string; children: React.ReactNode }) {
  return (
    <Text
      span
      fz="xs"
      fw={700}
      tt="uppercase"
      px={10}
      py={2}
      style={{
        display: 'inline-block',
        borderRadius: 999,
        letterSpacing: '0.02em',
        whiteSpace: 'nowrap',
        background: `var(--mantine-color-${color}-0)`,
        border: `1px solid var(--mantine-color-${color}-6)`,
        color: 'var(--mantine-color-gray-9)',
      }}
    >
      {children}
    </Text>
  );
}
