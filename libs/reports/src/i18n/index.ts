export { LANGS, DEFAULT_LANG, isLang, parseLang } from './lang';
export type { Lang } from './lang';
export { CATALOGUES, isLabelKey, placeholdersOf, t } from './catalogue';
export type { LabelArgs, LabelKey, LabelParams } from './catalogue';
export {
  DEFAULT_PERCENT_DECIMALS,
  ENGLISH_STYLE,
  LATIN_AMERICAN_STYLE,
  NUMBER_STYLES,
  SI_STYLE,
  SPAIN_STYLE,
  formatDecimal,
  formatInteger,
  formatMoney,
  formatMoneyWithCode,
  formatPercent,
  groupDigits,
  toDecimal,
} from './number-format';
export type { DecimalInput, NegativeStyle, NumberFormatOptions, NumberStyle } from './number-format';
export {
  dayNumber,
  formatDate,
  formatMonthYear,
  formatShortDate,
  formatShortMonthYear,
  isIsoDate,
  parseIsoDate,
} from './date-format';
export type { CalendarDate } from './date-format';
export { countryName } from './countries';
