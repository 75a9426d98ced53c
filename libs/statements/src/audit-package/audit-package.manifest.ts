/**
 * The files of an auditors' package and their columns: shared by the writer (the API) and the
 * offline verifier, so the two can never drift apart.
 */
/**
 * v2: text fields of the CSV files go through the formula guard (`guardFormula`). v1 packages (raw
 * text) are still verified, read as they were written.
 */
export const AUDIT_PACKAGE_FORMAT = 'audit-package/v2';
export const AUDIT_PACKAGE_FORMATS_READ = ['audit-package/v1', AUDIT_PACKAGE_FORMAT] as const;
export type AuditPackageFormat = (typeof AUDIT_PACKAGE_FORMATS_READ)[number];
export const MANIFEST_NAME = 'manifest.json';

/**
 * How to read a text field of the package's CSV files, in the manifest itself so that a package
 * explains itself to whoever holds it (the same rule as `unguardFormula`).
 */
export const TEXT_FIELDS_RULE =
  'CSV text fields that would start with = + - @ a tab or a carriage return (after any apostrophes) are written with one ' +
  "apostrophe (') in front, so that spreadsheets show them as text instead of running them as formulas. To read the raw " +
  'value: if a field is one or more apostrophes followed by one of those characters, remove its first apostrophe; ' +
  'any other field is the value itself. Numbers are never prefixed. The hash chain covers the raw values.';

export type PackageFileKind = 'journal' | 'general-ledger' | 'trial-balance' | 'balances' | 'financial-statements' | 'audit-log';

/**
 * One row per posting of every entry whose sequence lies between the first and the last entry
 * dated in the year (entries of other years posted in between are included, flagged by
 * `fiscal_year`, so the chain is unbroken). Holds every field `canonicalEntry` covers: the hash of
 * each entry can be recomputed from this file alone.
 */
export const JOURNAL_COLUMNS = [
  'sequence',
  'entry_id',
  'date',
  'fiscal_year',
  'period',
  'description',
  'source',
  'source_id',
  'reverses_entry_id',
  'metadata',
  'actor_token_id',
  'posted_at',
  'prev_hash',
  'entry_hash',
  'line_no',
  'account',
  'fund',
  'side',
  'amount',
  'currency',
  'rate',
  'amount_base',
  'member',
  'grant',
  'budget_line',
  'bank_account',
] as const;

/** Net balance per account × fund at the year end, on its debit or credit side. */
export const TRIAL_BALANCE_COLUMNS = ['account', 'account_name', 'account_type', 'fund', 'debit', 'credit'] as const;

/** Opening balance, the year's debits and credits (closing entries included), closing balance; signed, debit positive. */
export const BALANCES_COLUMNS = [
  'account',
  'account_name',
  'account_type',
  'fund',
  'opening_balance',
  'debits',
  'credits',
  'closing_balance',
] as const;

export const AUDIT_LOG_COLUMNS = [
  'id',
  'occurred_at',
  'actor_token_id',
  'actor_role',
  'action',
  'target',
  'request_id',
  'outcome',
  'status_code',
  'detail',
] as const;

export interface ManifestFile {
  name: string;
  kind: PackageFileKind;
  sha256: string;
  /** Data records of a CSV file (the header is not counted); null for a JSON document. */
  rows: number | null;
  bytes: number;
}

export interface AuditPackageManifest {
  format: AuditPackageFormat;
  fiscalYear: number;
  baseCurrency: string;
  startsOn: string;
  endsOn: string;
  yearStatus: 'open' | 'closed';
  generatedAt: string;
  /** Hash of the last entry of the journal file (its `lastSequence`). */
  chainHead: string;
  firstSequence: number;
  lastSequence: number;
  /** prev_hash of the first entry: where the chain of this package starts. */
  prevHashBeforeYear: string;
  /** Entries dated in the fiscal year (the general ledger's entries). */
  entriesInYear: number;
  /** TEXT_FIELDS_RULE (v2 on; a v1 package's text fields are raw). */
  textFields?: string;
  files: ManifestFile[];
}

/** File names, by kind; the statements come once per language (`financial-statements-2005.es.json`). */
export function packageFileName(kind: PackageFileKind, fiscalYear: number, endsOn: string, lang = 'en'): string {
  switch (kind) {
    case 'journal':
      return `journal-${fiscalYear}.csv`;
    case 'general-ledger':
      return `general-ledger-${fiscalYear}.csv`;
    case 'trial-balance':
      return `trial-balance-${endsOn}.csv`;
    case 'balances':
      return `balances-${fiscalYear}.csv`;
    case 'financial-statements':
      return `financial-statements-${fiscalYear}.${lang}.json`;
    case 'audit-log':
      return `audit-log-${fiscalYear}.csv`;
  }
}
