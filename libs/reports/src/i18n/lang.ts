import { validationError } from '@app/common';

/** The languages every report is published in (the CRM works in Spanish and English). */
export const LANGS = ['es', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** Spanish first: it is the working language of the CRM and of most of its members. */
export const DEFAULT_LANG: Lang = 'es';

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/**
 * Reads a `?lang=` query value: absent → the default, anything but a supported code → 400 naming
 * the field, so a typo ("sp") is reported instead of silently producing a Spanish document.
 */
export function parseLang(value: unknown, field = 'lang'): Lang {
  if (value === undefined || value === null || value === '') return DEFAULT_LANG;
  if (isLang(value)) return value;
  throw validationError(field, `must be one of ${LANGS.join(', ')}`);
}
