/**
 * The files of an auditors' package and their columns: shared by the writer (the API) and the
 * offline verifier, so the two can never drift apart.
 */
export const AUDIT_PACKAGE_FORMAT = 'audit-package/v1';
export const MANIFEST_NAME = 'manifest.json';

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
  format: typeof AUDIT_PACKAGE_FORMAT;
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
