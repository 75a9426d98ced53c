import * as countries from 'i18n-iso-countries';
import es from 'i18n-iso-countries/langs/es.json';

countries.registerLocale(es);

/** Is `code` an assigned ISO 3166-1 alpha-3 country code ('XXX' is not)? */
export function isIsoAlpha3(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && countries.isValid(code) && countries.alpha3ToAlpha2(code) !== undefined;
}

/** The country's short name in Spanish, used when a member is created without `nameEs`. */
export function spanishNameOf(code: string): string | undefined {
  return countries.getName(code, 'es');
}
