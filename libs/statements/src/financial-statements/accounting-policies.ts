import type { StatementLang } from './labels';

export interface PolicyParagraph {
  key: string;
  title: string;
  text: string;
}

/**
 * Note 1 — accounting policies, in the two working languages. Each paragraph states a choice
 * these statements embody, so a reader can tell how every figure was produced.
 */
export function accountingPolicies(lang: StatementLang, p: { baseCurrency: string; startsOn: string; endsOn: string }): PolicyParagraph[] {
  const es: PolicyParagraph[] = [
    {
      key: 'basis',
      title: 'Base de preparación',
      text:
        `Los estados financieros se preparan sobre la base contable de acumulación (devengo), siguiendo la ` +
        `presentación de las NICSP 1, 2 y 24, para el ejercicio del ${p.startsOn} al ${p.endsOn}, con cifras ` +
        `comparativas del ejercicio anterior. Se obtienen exclusivamente del libro mayor de partida doble.`,
    },
    {
      key: 'currency',
      title: 'Moneda de presentación',
      text:
        `Las cifras se presentan en ${p.baseCurrency}. Las operaciones en otras monedas se registran al tipo de ` +
        `cambio de la fecha de la operación, redondeado al centavo por el método del banquero.`,
    },
    {
      key: 'funds',
      title: 'Contabilidad por fondos',
      text:
        'Cada fondo (general, de reserva y uno por donación) se equilibra por sí mismo. Los activos netos se ' +
        'presentan por tipo de fondo: no restringidos, de reserva y restringidos.',
    },
    {
      key: 'revenue',
      title: 'Reconocimiento de ingresos',
      text:
        'Las contribuciones señaladas se reconocen como ingreso al señalarse (NICSP 23). Las donaciones ' +
        'restringidas se reconocen al ser exigibles; las condicionadas se difieren hasta cumplirse la condición.',
    },
    {
      key: 'transfers',
      title: 'Transferencias entre fondos',
      text:
        'Las transferencias entre fondos se eliminan del estado de rendimiento financiero de la entidad y se ' +
        'presentan por separado, fondo por fondo, en el estado de cambios en los activos netos.',
    },
    {
      key: 'closing',
      title: 'Cierre del ejercicio',
      text:
        'Los asientos de cierre, que trasladan ingresos y gastos a los activos netos, no se cuentan como ' +
        'ingresos ni gastos del ejercicio; el resultado del ejercicio forma parte de los activos netos, ' +
        'esté o no cerrado el ejercicio.',
    },
    {
      key: 'cash',
      title: 'Efectivo y flujos de efectivo',
      text:
        'El efectivo comprende las cuentas contables vinculadas a cuentas bancarias. El estado de flujos de ' +
        'efectivo se prepara por el método directo, clasificando cada movimiento según las cuentas de ' +
        'contrapartida del mismo asiento.',
    },
    {
      key: 'budget',
      title: 'Base presupuestaria',
      text:
        'El presupuesto del fondo general se aprueba sobre la misma base de acumulación; los gastos reales ' +
        'se comparan por línea presupuestaria con el presupuesto final aprobado.',
    },
    {
      key: 'integrity',
      title: 'Integridad de los registros',
      text:
        'Los asientos son inalterables: cada uno se encadena al anterior mediante un hash SHA-256 y las ' +
        'correcciones se hacen con asientos de reversión.',
    },
  ];
  const en: PolicyParagraph[] = [
    {
      key: 'basis',
      title: 'Basis of preparation',
      text:
        `The financial statements are prepared on the accrual basis of accounting, following the presentation ` +
        `of IPSAS 1, 2 and 24, for the year from ${p.startsOn} to ${p.endsOn}, with comparative figures for the ` +
        `prior year. They are derived solely from the double-entry general ledger.`,
    },
    {
      key: 'currency',
      title: 'Presentation currency',
      text:
        `Amounts are presented in ${p.baseCurrency}. Transactions in other currencies are recorded at the rate of ` +
        `the transaction date, rounded to the cent with banker's rounding.`,
    },
    {
      key: 'funds',
      title: 'Fund accounting',
      text:
        'Each fund (general, reserve, and one per grant) balances on its own. Net assets are presented by fund ' +
        'kind: unrestricted, reserve and restricted.',
    },
    {
      key: 'revenue',
      title: 'Revenue recognition',
      text:
        'Assessed contributions are recognised as revenue when assessed (IPSAS 23). Restricted grants are ' +
        'recognised when they become enforceable; conditional grants are deferred until the condition is met.',
    },
    {
      key: 'transfers',
      title: 'Inter-fund transfers',
      text:
        'Transfers between funds are eliminated from the entity-wide statement of financial performance and ' +
        'shown separately, fund by fund, in the statement of changes in net assets.',
    },
    {
      key: 'closing',
      title: 'Year-end close',
      text:
        'Closing entries, which move revenue and expenses to net assets, are not counted as revenue or ' +
        "expenses of the year; the year's surplus is part of net assets whether or not the year is closed.",
    },
    {
      key: 'cash',
      title: 'Cash and cash flows',
      text:
        'Cash comprises the ledger accounts linked to bank accounts. The cash flow statement uses the direct ' +
        'method, classifying each movement by the counter-accounts of the same entry.',
    },
    {
      key: 'budget',
      title: 'Budget basis',
      text:
        'The general fund budget is approved on the same accrual basis; actual expenses are compared by budget ' +
        'line with the final approved budget.',
    },
    {
      key: 'integrity',
      title: 'Integrity of the records',
      text:
        'Entries cannot be altered: each is chained to the previous one by a SHA-256 hash, and corrections are ' +
        'made with reversing entries.',
    },
  ];
  return lang === 'es' ? es : en;
}
