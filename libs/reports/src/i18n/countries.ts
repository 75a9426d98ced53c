import * as countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json';
import es from 'i18n-iso-countries/langs/es.json';
import { Lang } from './lang';

countries.registerLocale(es);
countries.registerLocale(en);

/**
 * The country's short name in `lang` from its ISO 3166 alpha-3 (or alpha-2) code: MEX → "México" /
 * "Mexico". An unknown code is returned as is: a member whose code is not a country (a regional
 * body) still gets a readable row, and the code is what its delegates know it by.
 */
export function countryName(code: string, lang: Lang): string {
  return countries.getName(code, lang, { select: 'official' }) ?? code;
}
