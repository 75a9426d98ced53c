import { CATALOGUES, LabelKey, isLabelKey, placeholdersOf, t } from './catalogue';
import { DEFAULT_LANG, LANGS, parseLang } from './lang';

const keys = Object.keys(CATALOGUES.es) as LabelKey[];

describe('t()', () => {
  it.each<[string, () => string, string]>([
    ['es page label', () => t('es', 'common.page', { page: 2, pages: 7 }), 'Página 2 de 7'],
    ['en page label', () => t('en', 'common.page', { page: 2, pages: 7 }), 'Page 2 of 7'],
    ['es without params', () => t('es', 'contributions.statusTitle'), 'Estado de las contribuciones'],
    ['en without params', () => t('en', 'contributions.statusTitle'), 'Status of contributions'],
    ['es date param', () => t('es', 'common.asOf', { date: '29 de noviembre de 2026' }), 'Al 29 de noviembre de 2026'],
    ['en date param', () => t('en', 'common.asOf', { date: '29 November 2026' }), 'As at 29 November 2026'],
    [
      'status key built from a union',
      () => t('es', `reserveFund.status.${'notified' as 'notified' | 'closed'}`),
      'Notificado a la PPT',
    ],
  ])('%s', (_name, call, expected) => {
    expect(call()).toBe(expected);
  });

  it('checks params at compile time (these lines would not compile without the expect-error)', () => {
    // @ts-expect-error -- the label needs {page} and {pages}
    expect(() => t('es', 'common.page')).toThrow('needs the parameter "page"');
    // @ts-expect-error -- {pages} is missing
    expect(() => t('es', 'common.page', { page: 1 })).toThrow('needs the parameter "pages"');
    // @ts-expect-error -- no such key
    expect(() => t('es', 'common.nope')).toThrow('unknown label key "common.nope"');
    // @ts-expect-error -- no such language
    expect(() => t('fr', 'common.total')).toThrow('unknown language "fr"');
  });

  it('has the same keys, non-empty, in every language', () => {
    for (const lang of LANGS) {
      expect(Object.keys(CATALOGUES[lang]).sort()).toEqual([...keys].sort());
      for (const key of keys) expect(CATALOGUES[lang][key].trim()).not.toBe('');
    }
  });

  it.each(keys)('%s has the same placeholders in es and en', (key) => {
    expect(placeholdersOf(CATALOGUES.en[key])).toEqual(placeholdersOf(CATALOGUES.es[key]));
  });

  it('namespaces every key by its domain file', () => {
    for (const key of keys)
      expect(key).toMatch(/^(common|contributions|grants|reserveFund|statements|reconciliation)\./);
    expect(isLabelKey('common.total')).toBe(true);
    expect(isLabelKey('common.nope')).toBe(false);
  });
});

describe('parseLang', () => {
  it.each<[unknown, string]>([
    [undefined, 'es'],
    ['', 'es'],
    ['es', 'es'],
    ['en', 'en'],
  ])('%p → %s', (input, expected) => {
    expect(parseLang(input)).toBe(expected);
  });

  it.each<[unknown]>([['fr'], ['ES'], [1]])('refuses %p with a 400 naming the field', (input) => {
    expect(() => parseLang(input)).toThrow(
      expect.objectContaining({
        code: 'validation_failed',
        errors: [{ field: 'lang', message: 'must be one of es, en' }],
      }),
    );
  });

  it('defaults to Spanish', () => {
    expect(DEFAULT_LANG).toBe('es');
  });
});
