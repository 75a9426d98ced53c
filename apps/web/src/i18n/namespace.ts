import { useTranslation } from 'react-i18next';
import { i18n } from './index';
import { isLang, type Lang } from './languages';

export type Translate = ReturnType<typeof useTranslation>['t'];

/**
 * A translation namespace of its own for a part of the console (its messages live beside its
 * pages): added to i18next once it has started, with a hook that reads it in the current language.
 * `en` must have every key of `es` (the type says so).
 */
export function defineMessages<M extends object>(ns: string, messages: { es: M; en: M }): () => { t: Translate; lang: Lang } {
  const add = (): void => {
    for (const lang of ['es', 'en'] as const) {
      if (!i18n.hasResourceBundle(lang, ns)) i18n.addResourceBundle(lang, ns, messages[lang]);
    }
  };
  if (i18n.isInitialized) add();
  else i18n.on('initialized', add);
  return function useText() {
    const { t, i18n: instance } = useTranslation(ns);
    return { t, lang: isLang(instance.language) ? instance.language : 'es' };
  };
}
