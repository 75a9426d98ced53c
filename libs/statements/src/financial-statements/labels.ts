import type { AssetLine, CashFlowLine, ExpenseLine, LiabilityLine, RevenueLine } from './classification';

export const STATEMENT_LANGS = ['es', 'en'] as const;
export type StatementLang = (typeof STATEMENT_LANGS)[number];

type NetAssetsLine = 'unrestricted' | 'reserve' | 'restricted';
type LineKey = AssetLine | LiabilityLine | RevenueLine | ExpenseLine | CashFlowLine | NetAssetsLine | 'unbudgeted' | 'unallocated';

/** Line labels in both languages; the titles of the statements follow IPSAS 1, 2 and 24. */
const LINE_LABELS: Record<LineKey, { es: string; en: string }> = {
  cashAndBank: { es: 'Efectivo y bancos', en: 'Cash and bank' },
  contributionsReceivable: { es: 'Contribuciones señaladas por cobrar', en: 'Assessed contributions receivable' },
  grantsReceivable: { es: 'Donaciones por cobrar', en: 'Grants receivable' },
  otherAssets: { es: 'Otros activos', en: 'Other assets' },
  advances: { es: 'Contribuciones recibidas por anticipado', en: 'Contributions received in advance' },
  deferredRevenue: { es: 'Ingresos diferidos', en: 'Deferred revenue' },
  payables: { es: 'Cuentas por pagar', en: 'Accounts payable' },
  refundsPayable: { es: 'Reembolsos por pagar a donantes', en: 'Refunds payable to donors' },
  otherLiabilities: { es: 'Otros pasivos', en: 'Other liabilities' },
  unrestricted: { es: 'No restringidos (fondo general)', en: 'Unrestricted (general fund)' },
  reserve: { es: 'Fondo de reserva', en: 'Reserve fund' },
  restricted: { es: 'Restringidos (donaciones)', en: 'Restricted (grants)' },
  assessedContributions: { es: 'Contribuciones señaladas', en: 'Assessed contributions' },
  voluntaryContributions: { es: 'Contribuciones voluntarias', en: 'Voluntary contributions' },
  reserveFundContributions: { es: 'Contribuciones al fondo de reserva', en: 'Contributions to the reserve fund' },
  interest: { es: 'Intereses', en: 'Interest' },
  foreignExchangeGains: { es: 'Ganancias cambiarias', en: 'Foreign exchange gains' },
  otherRevenue: { es: 'Otros ingresos', en: 'Other revenue' },
  personnel: { es: 'Personal', en: 'Personnel' },
  meetingsAndTravel: { es: 'Reuniones y viajes', en: 'Meetings and travel' },
  communicationsAndCampaigns: { es: 'Comunicaciones y campañas', en: 'Communications and campaigns' },
  assistedReturns: { es: 'Retornos asistidos de migrantes', en: 'Assisted returns of migrants' },
  bankCharges: { es: 'Cargos bancarios', en: 'Bank charges' },
  foreignExchangeLosses: { es: 'Pérdidas cambiarias', en: 'Foreign exchange losses' },
  writeOffs: { es: 'Contribuciones condonadas', en: 'Contributions written off' },
  otherExpenses: { es: 'Otros gastos', en: 'Other expenses' },
  receiptsAssessedContributions: { es: 'Cobros de contribuciones señaladas', en: 'Receipts from assessed contributions' },
  receiptsVoluntaryContributions: { es: 'Cobros de donantes', en: 'Receipts from donors' },
  receiptsReserveFundContributions: { es: 'Cobros de contribuciones al fondo de reserva', en: 'Receipts of contributions to the reserve fund' },
  interestReceived: { es: 'Intereses cobrados', en: 'Interest received' },
  otherReceipts: { es: 'Otros cobros', en: 'Other receipts' },
  paymentsPersonnel: { es: 'Pagos al personal', en: 'Payments to personnel' },
  paymentsSuppliers: { es: 'Pagos a proveedores', en: 'Payments to suppliers' },
  paymentsAssistedReturns: { es: 'Pagos por retornos asistidos', en: 'Payments for assisted returns' },
  paymentsBankCharges: { es: 'Cargos bancarios pagados', en: 'Bank charges paid' },
  refundsToDonors: { es: 'Reembolsos a donantes', en: 'Refunds to donors' },
  interFundTransfers: { es: 'Transferencias entre fondos (neto)', en: 'Inter-fund transfers (net)' },
  otherCashFlows: { es: 'Otros flujos de efectivo', en: 'Other cash flows' },
  unbudgeted: { es: 'Gastos fuera de las líneas del presupuesto', en: 'Expenses outside the budget lines' },
  unallocated: { es: 'Gastos sin línea presupuestaria', en: 'Expenses without a budget line' },
};

export function lineLabel(key: LineKey, lang: StatementLang): string {
  return LINE_LABELS[key][lang];
}

const TITLES = {
  financialPosition: { es: 'Estado de situación financiera', en: 'Statement of financial position' },
  financialPerformance: { es: 'Estado de rendimiento financiero', en: 'Statement of financial performance' },
  changesInNetAssets: { es: 'Estado de cambios en los activos netos', en: 'Statement of changes in net assets' },
  cashFlow: { es: 'Estado de flujos de efectivo', en: 'Cash flow statement' },
  budgetVsActual: {
    es: 'Estado de comparación de los importes presupuestados y reales',
    en: 'Statement of comparison of budget and actual amounts',
  },
  notes: { es: 'Notas a los estados financieros', en: 'Notes to the financial statements' },
  accountingPolicies: { es: 'Políticas contables', en: 'Accounting policies' },
  contributionsNote: { es: 'Contribuciones señaladas por miembro', en: 'Assessed contributions by member' },
  grantsNote: { es: 'Donaciones (fondos restringidos)', en: 'Grants (restricted funds)' },
  reserveFundNote: { es: 'Fondo de reserva', en: 'Reserve fund' },
} as const;

export type StatementTitle = keyof typeof TITLES;

export function titleOf(key: StatementTitle, lang: StatementLang): string {
  return TITLES[key][lang];
}
