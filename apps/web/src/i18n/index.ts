import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { en } from './en';
import { es } from './es';
import { isLang, Lang, rememberedLang, rememberLang } from './languages';

/** Spanish first; English a click away. The choice is remembered and sets <html lang>. */
export function initI18n(lang: Lang = rememberedLang()): typeof i18n {
  void i18n.use(initReactI18next).init({
    resources: { es: { translation: es }, en: { translation: en } },
    lng: lang,
    fallbackLng: 'es',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = lang;
  return i18n;
}

i18n.on('languageChanged', (lng) => {
  if (isLang(lng)) document.documentElement.lang = lng;
});

export async function switchLang(lang: Lang): Promise<void> {
  rememberLang(lang);
  await i18n.changeLanguage(lang);
}

/** The current language, typed, and the translation function. */
export function useLang(): { lang: Lang; t: ReturnType<typeof useTranslation>['t'] } {
  const { t, i18n: instance } = useTranslation();
  const lang = isLang(instance.language) ? instance.language : 'es';
  return { lang, t };
}

export { i18n };
