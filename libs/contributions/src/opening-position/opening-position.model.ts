/**
 * The opening-position template: one table (a CSV file, or the first sheet of an XLSX workbook)
 * whose `record` column says what each row is. The same columns serve every record type; a row
 * fills only those its type uses (see docs/opening-position.md).
 */

export const RECORD_KINDS = ['member', 'budget', 'budget_line', 'scale', 'assessment', 'payment'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export const COLUMNS = [
  'record',
  'member',
  'name',
  'name_es',
  'joined_on',
  'left_on',
  'fiscal_year',
  'code',
  'amount',
  'share',
  'currency',
  'rate',
  'approved_on',
  'meeting',
  'reference',
  'assessed_on',
  'received_on',
  'designated_fiscal_year',
  'bank_account',
] as const;
export type Column = (typeof COLUMNS)[number];

/** Which columns each record type must fill, and which it may. Anything else must stay empty. */
export const RECORD_COLUMNS: Record<RecordKind, { required: readonly Column[]; optional: readonly Column[] }> = {
  member: { required: ['member', 'name', 'joined_on'], optional: ['name_es', 'left_on'] },
  budget: { required: ['fiscal_year', 'amount', 'currency', 'approved_on', 'meeting', 'reference'], optional: [] },
  budget_line: { required: ['fiscal_year', 'code', 'name', 'amount'], optional: [] },
  scale: { required: ['fiscal_year', 'member'], optional: ['share', 'amount'] },
  assessment: { required: ['fiscal_year'], optional: ['assessed_on'] },
  payment: {
    required: ['member', 'received_on', 'amount', 'currency', 'reference'],
    optional: ['rate', 'designated_fiscal_year', 'bank_account'],
  },
};

/** Spanish (and camelCase API) spellings of the column names, after normalisation. */
const COLUMN_ALIASES: Record<string, Column> = {
  registro: 'record',
  tipo: 'record',
  tipo_de_registro: 'record',
  miembro: 'member',
  estado_miembro: 'member',
  pais: 'member',
  nombre: 'name',
  name_en: 'name',
  nombre_es: 'name_es',
  nombre_espanol: 'name_es',
  fecha_ingreso: 'joined_on',
  fecha_de_ingreso: 'joined_on',
  fecha_retiro: 'left_on',
  fecha_de_retiro: 'left_on',
  ejercicio: 'fiscal_year',
  ejercicio_fiscal: 'fiscal_year',
  ano_fiscal: 'fiscal_year',
  codigo: 'code',
  monto: 'amount',
  importe: 'amount',
  total: 'amount',
  porcentaje: 'share',
  cuota: 'share',
  moneda: 'currency',
  tasa: 'rate',
  tasa_de_cambio: 'rate',
  tipo_de_cambio: 'rate',
  fecha_aprobacion: 'approved_on',
  fecha_de_aprobacion: 'approved_on',
  reunion: 'meeting',
  referencia: 'reference',
  fecha_asignacion: 'assessed_on',
  fecha_de_asignacion: 'assessed_on',
  fecha_recepcion: 'received_on',
  fecha_de_recepcion: 'received_on',
  fecha_pago: 'received_on',
  ejercicio_designado: 'designated_fiscal_year',
  cuenta_bancaria: 'bank_account',
};

/** Spanish spellings of the record types, after normalisation. */
const RECORD_ALIASES: Record<string, RecordKind> = {
  miembro: 'member',
  presupuesto: 'budget',
  linea_presupuestaria: 'budget_line',
  linea_de_presupuesto: 'budget_line',
  linea: 'budget_line',
  partida: 'budget_line',
  escala: 'scale',
  escala_de_cuotas: 'scale',
  asignacion: 'assessment',
  prorrateo: 'assessment',
  pago: 'payment',
};

/** "Fecha de Ingreso", "fecha-ingreso", "joinedOn" → "fecha_de_ingreso", "fecha_ingreso", "joined_on". */
export function normaliseLabel(label: string): string {
  return label
    .trim()
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

export function columnOf(label: string): Column | undefined {
  const key = normaliseLabel(label);
  if ((COLUMNS as readonly string[]).includes(key)) return key as Column;
  return COLUMN_ALIASES[key];
}

export function recordKindOf(value: string): RecordKind | undefined {
  const key = normaliseLabel(value);
  if ((RECORD_KINDS as readonly string[]).includes(key)) return key as RecordKind;
  return RECORD_ALIASES[key];
}

/** One data row of the file: where it is, and its non-empty cells by column (trimmed text). */
export interface SourceRow {
  sheet: string;
  /** The row number a spreadsheet shows (the header is row 1). */
  row: number;
  kind: RecordKind;
  cells: Partial<Record<Column, string>>;
}

/** A problem with the file, located as precisely as possible. */
export interface Problem {
  sheet: string;
  row?: number;
  field?: string;
  message: string;
}

export function formatProblem(p: Problem): string {
  const where = p.row === undefined ? p.sheet : `${p.sheet}/row ${p.row}`;
  return p.field === undefined ? `${where}: ${p.message}` : `${where}: ${p.field}: ${p.message}`;
}

/** Problems in file order: those of the whole file first, then by row; a row's own in the order found. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
}

/** Limits: an opening position is a few thousand rows at most; anything far larger is a mistake. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_DATA_ROWS = 50_000;
export const MAX_CELL_LENGTH = 500;
/** What an XLSX may unpack to (its zip's parts), checked before the workbook is loaded. */
export const XLSX_ZIP_LIMITS = { maxEntries: 1_000, maxEntryBytes: 64 * 1024 * 1024, maxTotalBytes: 96 * 1024 * 1024 };
