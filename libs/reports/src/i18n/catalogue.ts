import { Lang, isLang } from './lang';
import { commonEn, commonEs } from './labels/common.labels';
import { contributionsEn, contributionsEs } from './labels/contributions.labels';
import { grantsEn, grantsEs } from './labels/grants.labels';
import { reconciliationEn, reconciliationEs } from './labels/reconciliation.labels';
import { reserveFundEn, reserveFundEs } from './labels/reserve-fund.labels';
import { statementsEn, statementsEs } from './labels/statements.labels';

/**
 * Joins the per-domain label files, refusing at load time a key defined twice: a later file would
 * otherwise silently replace an earlier label.
 */
function disjoint<T extends Record<string, string>>(...parts: ReadonlyArray<Partial<T>>): T {
  const out: Record<string, string> = {};
  for (const part of parts) {
    for (const [key, value] of Object.entries(part)) {
      if (key in out) throw new Error(`label key "${key}" is defined twice in the catalogue`);
      if (typeof value === 'string') out[key] = value;
    }
  }
  return out as T;
}

type EsCatalogue = typeof commonEs &
  typeof contributionsEs &
  typeof grantsEs &
  typeof reserveFundEs &
  typeof statementsEs &
  typeof reconciliationEs;

/** Every label the reports know. Add keys in the domain's `labels/*.labels.ts`, in both languages. */
export type LabelKey = keyof EsCatalogue;

const es: Record<LabelKey, string> = disjoint<EsCatalogue>(
  commonEs,
  contributionsEs,
  grantsEs,
  reserveFundEs,
  statementsEs,
  reconciliationEs,
);
// Each *En record is typed Record<keyof *Es, string>, so a key missing (or extra) in English is a
// compile error in its own file; this record adds the same check for the union.
const en: Record<LabelKey, string> = disjoint<Record<LabelKey, string>>(
  commonEn,
  contributionsEn,
  grantsEn,
  reserveFundEn,
  statementsEn,
  reconciliationEn,
);

export const CATALOGUES: Readonly<Record<Lang, Readonly<Record<LabelKey, string>>>> = { es, en };

/** The `{name}` placeholders of a label, read from the Spanish literal type. */
type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never;

export type LabelParams<K extends LabelKey> = Readonly<Record<Placeholders<EsCatalogue[K]>, string | number>>;

/** `[]` for a label without placeholders, `[params]` (required) for one with them. */
export type LabelArgs<K extends LabelKey> = [Placeholders<EsCatalogue[K]>] extends [never] ? [] : [LabelParams<K>];

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

export function isLabelKey(key: string): key is LabelKey {
  return Object.prototype.hasOwnProperty.call(es, key);
}

/** The placeholder names a label uses (for the consistency spec and for callers building keys at run time). */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]).sort();
}

/**
 * The label `key` in `lang`, with its `{placeholders}` filled from `params`. Which params a label
 * needs is checked at compile time; at run time a missing one throws (a document with a literal
 * "{date}" in it would go to a ministerial meeting otherwise). Numbers passed as params are page
 * numbers, counts and years, never money: format money with `formatMoney` first.
 */
export function t<K extends LabelKey>(lang: Lang, key: K, ...args: LabelArgs<K>): string {
  if (!isLang(lang)) throw new RangeError(`unknown language "${String(lang)}"`);
  const template: string | undefined = CATALOGUES[lang][key];
  if (template === undefined) throw new RangeError(`unknown label key "${String(key)}"`);
  const params: Readonly<Record<string, string | number>> = args[0] ?? {};
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new RangeError(`label "${key}" needs the parameter "${name}"`);
    return String(value);
  });
}
