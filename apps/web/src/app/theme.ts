import { createTheme, type CSSVariablesResolver } from '@mantine/core';

/** Sober colours with enough contrast for projected statements (WCAG AA on every text). */
export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: 8,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '700' },
  defaultRadius: 'sm',
  // Dialogs and menus appear at once for a person whose system asks for less motion.
  respectReducedMotion: true,
});

/**
 * Secondary ("dimmed") text one shade darker than Mantine's, and error text (a refused field's
 * message and border) in a darker red than Mantine's default: 4.5:1 on white and on table stripes.
 */
export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: { '--mantine-color-dimmed': t.colors.gray[7], '--mantine-color-error': t.colors.red[9] },
  dark: {},
});
