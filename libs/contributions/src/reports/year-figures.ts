import { Lang, TableColumn, TableRow, money, t, text } from '@app/reports';
import { StatusYear } from './report-types';

/**
 * A member's fiscal years as a table (assessed, paid, written off, outstanding): the member
 * statement's closing position and the assessment notice's arrears show the same columns.
 */
export function yearFiguresColumns(lang: Lang): TableColumn[] {
  return [
    text('fiscal_year', t(lang, 'common.fiscalYear')),
    money('assessed', t(lang, 'contributions.assessed')),
    money('paid', t(lang, 'contributions.paid')),
    money('written_off', t(lang, 'contributions.writtenOff')),
    money('outstanding', t(lang, 'contributions.outstanding')),
  ];
}

export function yearFiguresRow(y: StatusYear): TableRow {
  return {
    fiscal_year: String(y.fiscalYear),
    assessed: y.assessed,
    paid: y.paid,
    written_off: y.writtenOff,
    outstanding: y.outstanding,
  };
}
