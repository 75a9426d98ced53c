import { createHash } from 'node:crypto';
import { Decimal } from 'decimal.js';
import * as yauzl from 'yauzl';
import { Dec, unguardFormula } from '@app/common';
import { GL_COLUMNS } from '@app/exports';
import { ENTRY_SOURCES, EntrySource, entryHash, fundImbalances, HashableEntry, PricedLine } from '@app/ledger';
import {
  AUDIT_LOG_COLUMNS,
  AUDIT_PACKAGE_FORMATS_READ,
  AuditPackageManifest,
  BALANCES_COLUMNS,
  JOURNAL_COLUMNS,
  MANIFEST_NAME,
  ManifestFile,
  PackageFileKind,
  TRIAL_BALANCE_COLUMNS,
} from './audit-package.manifest';
import { CsvReader, CsvValue } from './csv';

export interface PackageProblem {
  /** The file at fault (null: the package as a whole). */
  file: string | null;
  message: string;
}

export interface AuditPackageVerification {
  ok: boolean;
  fiscalYear: number | null;
  chainHead: string | null;
  /** Journal entries whose hash was recomputed. */
  entriesChecked: number;
  filesChecked: number;
  problems: PackageProblem[];
}

/** A problem list that stays readable on a badly damaged package. */
const MAX_PROBLEMS = 100;
const MAX_JSON_BYTES = 64 * 1024 * 1024;
const HEX64 = /^[0-9a-f]{64}$/;
const KINDS: readonly PackageFileKind[] = ['journal', 'general-ledger', 'balances', 'trial-balance', 'financial-statements', 'audit-log'];

class Problems {
  readonly list: PackageProblem[] = [];
  add(file: string | null, message: string): void {
    if (this.list.length < MAX_PROBLEMS) this.list.push({ file, message });
  }
}

type Row = Record<string, CsvValue>;
const text = (row: Row, column: string): string => row[column] ?? '';

/** Consumes the data records of one CSV file (header already checked). */
interface RecordChecker {
  record(row: Row, line: number): void;
  end(): void;
}

const keyOf = (account: string, fund: string): string => `${account}\u0000${fund}`;

/** A GL row's projection: what the general ledger says about a posting, compared with the journal. */
const glProjection = (row: Row): CsvValue[] => GL_COLUMNS.map((c) => row[c] ?? null);

/**
 * Checks the journal: sequences gapless from `firstSequence` to `lastSequence`, each prev_hash the
 * previous entry's hash (starting from `prevHashBeforeYear`), each hash recomputed with the
 * ledger's own `canonicalEntry`/`entryHash`, each entry balanced per fund, the last hash the chain head.
 */
class JournalChecker implements RecordChecker {
  readonly projections = new Map<number, string>();
  entriesChecked = 0;
  private group: { sequence: number; rows: Row[]; firstLine: number } | undefined;
  private expectedSequence: number;
  private prevHash: string;
  private chainBroken = false;

  constructor(
    private readonly m: AuditPackageManifest,
    private readonly file: string,
    private readonly problems: Problems,
  ) {
    this.expectedSequence = m.firstSequence;
    this.prevHash = m.prevHashBeforeYear;
  }

  record(row: Row, line: number): void {
    const sequence = Number(text(row, 'sequence'));
    if (this.group && this.group.sequence !== sequence) this.finish();
    this.group ??= { sequence, rows: [], firstLine: line };
    this.group.rows.push(row);
  }

  end(): void {
    if (this.group) this.finish();
    if (this.chainBroken) return;
    if (this.expectedSequence - 1 !== this.m.lastSequence) {
      this.problems.add(this.file, `the journal ends at sequence ${this.expectedSequence - 1}, the manifest says ${this.m.lastSequence}`);
    } else if (this.prevHash !== this.m.chainHead) {
      this.problems.add(this.file, `the chain ends at hash ${this.prevHash}, not at the manifest's chainHead ${this.m.chainHead}`);
    }
  }

  private broken(sequence: number, message: string): void {
    if (!this.chainBroken) this.problems.add(this.file, `chain broken at sequence ${sequence}: ${message}`);
    this.chainBroken = true;
  }

  private finish(): void {
    const group = this.group;
    this.group = undefined;
    if (!group) return;
    const { sequence, rows } = group;
    const head = rows[0];
    if (!Number.isSafeInteger(sequence) || sequence !== this.expectedSequence) {
      this.broken(this.expectedSequence, `expected sequence ${this.expectedSequence}, found '${text(head, 'sequence')}' (line ${group.firstLine})`);
      this.expectedSequence = Number.isSafeInteger(sequence) ? sequence + 1 : this.expectedSequence + 1;
      this.prevHash = text(head, 'entry_hash');
      return;
    }
    this.expectedSequence += 1;
    const storedHash = text(head, 'entry_hash');
    const entryColumns = JOURNAL_COLUMNS.slice(0, JOURNAL_COLUMNS.indexOf('line_no'));
    if (rows.some((r) => entryColumns.some((c) => r[c] !== head[c]))) {
      this.problems.add(this.file, `entry ${sequence}: its lines disagree on the entry's own fields`);
    }
    if (text(head, 'prev_hash') !== this.prevHash) this.broken(sequence, 'prev_hash is not the hash of the previous entry');
    try {
      const entry = toHashableEntry(head, rows, this.m.baseCurrency);
      if (entryHash(text(head, 'prev_hash'), entry) !== storedHash) this.broken(sequence, 'the entry as exported does not match its hash');
      if (entry.lines.length < 2 || fundImbalances(entry.lines).length > 0) {
        this.problems.add(this.file, `entry ${sequence} does not balance per fund`);
      }
      this.entriesChecked += 1;
    } catch (error) {
      this.broken(sequence, `unreadable entry (${error instanceof Error ? error.message : String(error)})`);
    }
    this.prevHash = storedHash;
    const date = text(head, 'date');
    if (date >= this.m.startsOn && date <= this.m.endsOn) {
      this.projections.set(sequence, digest(rows.map(glProjection)));
    }
  }
}

function decimal(value: string, what: string): Decimal {
  if (!/^-?\d+(\.\d+)?$/.test(value)) throw new Error(`${what} '${value}' is not a decimal`);
  return new Dec(value);
}

function toHashableEntry(head: Row, rows: Row[], baseCurrency: string): HashableEntry {
  const source = text(head, 'source');
  if (!(ENTRY_SOURCES as readonly string[]).includes(source)) throw new Error(`unknown source '${source}'`);
  const metadata: unknown = JSON.parse(text(head, 'metadata'));
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) throw new Error('metadata is not an object');
  const lines: PricedLine[] = rows.map((r) => {
    const side = text(r, 'side');
    if (side !== 'debit' && side !== 'credit') throw new Error(`side '${side}'`);
    const dims = { member: r.member, grant: r.grant, budgetLine: r.budget_line, bankAccount: r.bank_account };
    return {
      lineNo: Number(text(r, 'line_no')),
      account: text(r, 'account'),
      fund: text(r, 'fund'),
      side,
      amount: decimal(text(r, 'amount'), 'amount'),
      currency: text(r, 'currency'),
      rate: decimal(text(r, 'rate'), 'rate'),
      amountBase: decimal(text(r, 'amount_base'), 'amount_base'),
      ...Object.fromEntries(Object.entries(dims).filter(([, v]) => v !== null && v !== undefined)),
    };
  });
  return {
    id: text(head, 'entry_id'),
    sequence: Number(text(head, 'sequence')),
    date: text(head, 'date'),
    fiscalYear: Number(text(head, 'fiscal_year')),
    period: Number(text(head, 'period')),
    description: text(head, 'description'),
    source: source as EntrySource,
    sourceId: head.source_id,
    reversesEntryId: head.reverses_entry_id,
    metadata: metadata as Record<string, string>,
    actorTokenId: head.actor_token_id,
    postedAt: text(head, 'posted_at'),
    baseCurrency,
    lines,
  };
}

const digest = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** The general ledger must be the journal's entries dated in the year, posting for posting, each balanced. */
class GeneralLedgerChecker implements RecordChecker {
  readonly movements = new Map<string, { debit: Decimal; credit: Decimal }>();
  private group: { sequence: number; rows: Row[] } | undefined;
  private readonly seen = new Set<number>();

  constructor(
    private readonly m: AuditPackageManifest,
    private readonly file: string,
    private readonly problems: Problems,
    private readonly journal: JournalChecker | undefined,
  ) {}

  record(row: Row, line: number): void {
    const sequence = Number(text(row, 'sequence'));
    const date = text(row, 'date');
    if (date < this.m.startsOn || date > this.m.endsOn) this.problems.add(this.file, `line ${line}: date ${date} is outside the fiscal year`);
    if (this.group && this.group.sequence !== sequence) this.finish();
    this.group ??= { sequence, rows: [] };
    this.group.rows.push(row);
    try {
      const amount = decimal(text(row, 'amount_base'), 'amount_base');
      const k = keyOf(text(row, 'account'), text(row, 'fund'));
      const mv = this.movements.get(k) ?? { debit: new Dec(0), credit: new Dec(0) };
      if (text(row, 'side') === 'debit') mv.debit = mv.debit.plus(amount);
      else mv.credit = mv.credit.plus(amount);
      this.movements.set(k, mv);
    } catch (error) {
      this.problems.add(this.file, `line ${line}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  end(): void {
    if (this.group) this.finish();
    if (!this.journal) return;
    const missing = [...this.journal.projections.keys()].filter((s) => !this.seen.has(s));
    if (missing.length > 0) this.problems.add(this.file, `entries dated in the year are missing: sequence ${missing.slice(0, 10).join(', ')}`);
    if (this.seen.size !== this.m.entriesInYear) {
      this.problems.add(this.file, `${this.seen.size} entries, the manifest counts ${this.m.entriesInYear} dated in the year`);
    }
  }

  private finish(): void {
    const group = this.group;
    this.group = undefined;
    if (!group) return;
    const { sequence, rows } = group;
    if (this.seen.has(sequence)) this.problems.add(this.file, `entry ${sequence} appears twice`);
    this.seen.add(sequence);
    const perFund = new Map<string, Decimal>();
    for (const r of rows) {
      const amount = /^\d+(\.\d+)?$/.test(text(r, 'amount_base')) ? new Dec(text(r, 'amount_base')) : new Dec(0);
      const signed = text(r, 'side') === 'debit' ? amount : amount.negated();
      perFund.set(text(r, 'fund'), (perFund.get(text(r, 'fund')) ?? new Dec(0)).plus(signed));
    }
    if ([...perFund.values()].some((v) => !v.isZero())) this.problems.add(this.file, `entry ${sequence} does not balance per fund`);
    if (this.journal) {
      const expected = this.journal.projections.get(sequence);
      if (expected === undefined) this.problems.add(this.file, `entry ${sequence} is not an entry of the year in the journal`);
      else if (expected !== digest(rows.map(glProjection))) {
        this.problems.add(this.file, `entry ${sequence} differs from the journal (amounts, accounts or hash)`);
      }
    }
  }
}

/** Opening + debits − credits = closing, row by row; the year's debits and credits are the general ledger's. */
class BalancesChecker implements RecordChecker {
  readonly closing = new Map<string, Decimal>();
  private readonly fundOpening = new Map<string, Decimal>();
  private readonly fundClosing = new Map<string, Decimal>();
  private readonly listed = new Set<string>();

  constructor(
    private readonly file: string,
    private readonly problems: Problems,
    private readonly gl: GeneralLedgerChecker | undefined,
  ) {}

  record(row: Row, line: number): void {
    try {
      const [opening, debits, credits, closing] = (['opening_balance', 'debits', 'credits', 'closing_balance'] as const).map((c) =>
        decimal(text(row, c), c),
      );
      const account = text(row, 'account');
      const fund = text(row, 'fund');
      const k = keyOf(account, fund);
      this.listed.add(k);
      this.closing.set(k, closing);
      if (!opening.plus(debits).minus(credits).equals(closing)) {
        this.problems.add(this.file, `line ${line}: ${account}/${fund} opening + debits − credits ≠ closing`);
      }
      const mv = this.gl?.movements.get(k);
      if (this.gl && (!(mv?.debit ?? new Dec(0)).equals(debits) || !(mv?.credit ?? new Dec(0)).equals(credits))) {
        this.problems.add(this.file, `line ${line}: ${account}/${fund} debits and credits differ from the general ledger`);
      }
      this.fundOpening.set(fund, (this.fundOpening.get(fund) ?? new Dec(0)).plus(opening));
      this.fundClosing.set(fund, (this.fundClosing.get(fund) ?? new Dec(0)).plus(closing));
    } catch (error) {
      this.problems.add(this.file, `line ${line}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  end(): void {
    for (const [fund, total] of [...this.fundOpening, ...this.fundClosing]) {
      if (!total.isZero()) this.problems.add(this.file, `fund ${fund} does not balance (opening or closing)`);
    }
    for (const [k, mv] of this.gl?.movements ?? []) {
      if (!this.listed.has(k) && !(mv.debit.isZero() && mv.credit.isZero())) {
        this.problems.add(this.file, `${k.replace('\u0000', '/')} has movements in the general ledger but no row`);
      }
    }
  }
}

/** Each fund's debits equal its credits, and each row is the closing balance of its account. */
class TrialBalanceChecker implements RecordChecker {
  private readonly perFund = new Map<string, Decimal>();
  private readonly listed = new Set<string>();

  constructor(
    private readonly file: string,
    private readonly problems: Problems,
    private readonly balances: BalancesChecker | undefined,
  ) {}

  record(row: Row, line: number): void {
    try {
      const net = decimal(text(row, 'debit'), 'debit').minus(decimal(text(row, 'credit'), 'credit'));
      const fund = text(row, 'fund');
      const k = keyOf(text(row, 'account'), fund);
      this.listed.add(k);
      this.perFund.set(fund, (this.perFund.get(fund) ?? new Dec(0)).plus(net));
      if (this.balances && !(this.balances.closing.get(k) ?? new Dec(0)).equals(net)) {
        this.problems.add(this.file, `line ${line}: ${text(row, 'account')}/${fund} differs from the closing balance`);
      }
    } catch (error) {
      this.problems.add(this.file, `line ${line}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  end(): void {
    for (const [fund, total] of this.perFund) if (!total.isZero()) this.problems.add(this.file, `fund ${fund}: debits ≠ credits`);
    for (const [k, closing] of this.balances?.closing ?? []) {
      if (!closing.isZero() && !this.listed.has(k)) this.problems.add(this.file, `${k.replace('\u0000', '/')} is missing`);
    }
  }
}

const HEADERS: Record<Exclude<PackageFileKind, 'financial-statements'>, readonly string[]> = {
  journal: JOURNAL_COLUMNS,
  'general-ledger': GL_COLUMNS,
  'trial-balance': TRIAL_BALANCE_COLUMNS,
  balances: BALANCES_COLUMNS,
  'audit-log': AUDIT_LOG_COLUMNS,
};

function manifestProblems(value: unknown): string | undefined {
  const m = value as Partial<AuditPackageManifest> | null;
  if (m === null || typeof m !== 'object') return 'is not a JSON object';
  if (!(AUDIT_PACKAGE_FORMATS_READ as readonly unknown[]).includes(m.format)) return `format is not one of ${AUDIT_PACKAGE_FORMATS_READ.join(', ')}`;
  if (!Number.isSafeInteger(m.fiscalYear)) return 'fiscalYear is missing';
  if (typeof m.baseCurrency !== 'string' || !/^[A-Z]{3}$/.test(m.baseCurrency)) return 'baseCurrency is missing';
  if (typeof m.startsOn !== 'string' || typeof m.endsOn !== 'string') return 'startsOn/endsOn are missing';
  if (typeof m.chainHead !== 'string' || !HEX64.test(m.chainHead)) return 'chainHead is not a sha256';
  if (typeof m.prevHashBeforeYear !== 'string' || !HEX64.test(m.prevHashBeforeYear)) return 'prevHashBeforeYear is not a sha256';
  if (!Number.isSafeInteger(m.firstSequence) || !Number.isSafeInteger(m.lastSequence)) return 'firstSequence/lastSequence are missing';
  if (!Number.isSafeInteger(m.entriesInYear)) return 'entriesInYear is missing';
  if (!Array.isArray(m.files)) return 'files is not a list';
  for (const f of m.files as Partial<ManifestFile>[]) {
    if (typeof f?.name !== 'string' || typeof f.sha256 !== 'string' || !HEX64.test(f.sha256)) return 'a file has no name or sha256';
    if (!KINDS.includes(f.kind as PackageFileKind)) return `file ${f.name} has an unknown kind`;
    if (f.rows !== null && !Number.isSafeInteger(f.rows)) return `file ${f.name}: rows is not a count`;
  }
  return undefined;
}

async function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, onChunk: (chunk: Buffer) => void): Promise<{ sha256: string; bytes: number }> {
  const stream = await zip.openReadStreamPromise(entry);
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
    onChunk(chunk);
  }
  return { sha256: hash.digest('hex'), bytes };
}

/**
 * Checks an auditors' package offline — no server, no database: the manifest is well formed; every
 * file it lists is in the zip with the sha256 and row count it states (and nothing else is); the
 * journal's chain recomputes from `prevHashBeforeYear` to `chainHead` with the ledger's own hash
 * function and every entry balances per fund; the general ledger is the journal's entries of the
 * year, posting for posting; balances roll forward and agree with the general ledger; the trial
 * balance agrees with the closing balances; the statements tie. Every CSV field is read back to its
 * raw value first (the formula guard undone, `fieldReader`), so hashes recompute from the raw text.
 * Memory holds one record per file, plus one digest per entry of the year.
 */
export async function verifyAuditPackage(zipPath: string): Promise<AuditPackageVerification> {
  const problems = new Problems();
  const result = (m: AuditPackageManifest | undefined, entriesChecked = 0, filesChecked = 0): AuditPackageVerification => ({
    ok: problems.list.length === 0,
    fiscalYear: m?.fiscalYear ?? null,
    chainHead: m?.chainHead ?? null,
    entriesChecked,
    filesChecked,
    problems: problems.list,
  });
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(zipPath, { lazyEntries: true, autoClose: false });
  } catch (error) {
    problems.add(null, `not a readable zip: ${error instanceof Error ? error.message : String(error)}`);
    return result(undefined);
  }
  try {
    const entries = await zipEntries(zip, problems);
    const manifest = await readManifest(zip, entries, problems);
    if (!manifest) return result(undefined);
    const listed = new Set(manifest.files.map((f) => f.name));
    for (const name of entries.keys()) if (name !== MANIFEST_NAME && !listed.has(name)) problems.add(name, 'is in the zip but not in the manifest');
    const checked = await checkFiles(zip, entries, manifest, problems);
    return result(manifest, checked.entriesChecked, checked.filesChecked);
  } finally {
    zip.close();
  }
}

/** The zip's entries by name; a name twice is a problem. */
async function zipEntries(zip: yauzl.ZipFile, problems: Problems): Promise<Map<string, yauzl.Entry>> {
  const entries = new Map<string, yauzl.Entry>();
  for await (const entry of zip.eachEntry()) {
    if (entries.has(entry.fileName)) problems.add(entry.fileName, 'appears twice in the zip');
    entries.set(entry.fileName, entry);
  }
  return entries;
}

/** The manifest, when it is there, valid JSON and well formed (each failure is a problem). */
async function readManifest(
  zip: yauzl.ZipFile,
  entries: ReadonlyMap<string, yauzl.Entry>,
  problems: Problems,
): Promise<AuditPackageManifest | undefined> {
  const manifestEntry = entries.get(MANIFEST_NAME);
  if (!manifestEntry) {
    problems.add(MANIFEST_NAME, 'is missing');
    return undefined;
  }
  const manifestBytes: Buffer[] = [];
  await readEntry(zip, manifestEntry, (c) => manifestBytes.push(c));
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(manifestBytes).toString('utf8'));
  } catch {
    problems.add(MANIFEST_NAME, 'is not valid JSON');
    return undefined;
  }
  const invalid = manifestProblems(parsed);
  if (invalid) {
    problems.add(MANIFEST_NAME, invalid);
    return undefined;
  }
  return parsed as AuditPackageManifest;
}

/**
 * Every file the manifest lists, in the order the checks build on each other (the journal, then
 * the general ledger against it, the balances against that, the trial balance against those): its
 * records checked and its sha256 compared.
 */
async function checkFiles(
  zip: yauzl.ZipFile,
  entries: ReadonlyMap<string, yauzl.Entry>,
  manifest: AuditPackageManifest,
  problems: Problems,
): Promise<{ entriesChecked: number; filesChecked: number }> {
  const ordered = [...manifest.files].sort((a, b) => KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind));
  let journal: JournalChecker | undefined;
  let gl: GeneralLedgerChecker | undefined;
  let balances: BalancesChecker | undefined;
  let filesChecked = 0;
  for (const file of ordered) {
    const entry = entries.get(file.name);
    if (!entry) {
      problems.add(file.name, 'is listed in the manifest but missing from the zip');
      continue;
    }
    let checker: RecordChecker | undefined;
    if (file.kind === 'journal') checker = journal = new JournalChecker(manifest, file.name, problems);
    if (file.kind === 'general-ledger') checker = gl = new GeneralLedgerChecker(manifest, file.name, problems, journal);
    if (file.kind === 'balances') checker = balances = new BalancesChecker(file.name, problems, gl);
    if (file.kind === 'trial-balance') checker = new TrialBalanceChecker(file.name, problems, balances);
    try {
      const checked =
        file.kind === 'financial-statements'
          ? await checkStatements(zip, entry, file, manifest, problems)
          : await checkCsv(zip, entry, file, checker, problems, fieldReader(manifest));
      if (checked.sha256 !== file.sha256) problems.add(file.name, `sha256 is ${checked.sha256}, the manifest says ${file.sha256}`);
      filesChecked += 1;
    } catch (error) {
      problems.add(file.name, `could not be read: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { entriesChecked: journal?.entriesChecked ?? 0, filesChecked };
}

/**
 * The raw value of a CSV field: from v2 on, text a spreadsheet would run as a formula was written
 * with one apostrophe in front (`guardFormula`), removed here; a v1 package holds raw text.
 */
function fieldReader(manifest: AuditPackageManifest): (value: CsvValue) => CsvValue {
  if (manifest.format === 'audit-package/v1') return (value) => value;
  return (value) => (value === null ? null : unguardFormula(value));
}

async function checkCsv(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  file: ManifestFile,
  checker: RecordChecker | undefined,
  problems: Problems,
  rawValue: (value: CsvValue) => CsvValue,
): Promise<{ sha256: string }> {
  const expectedHeader = HEADERS[file.kind as keyof typeof HEADERS];
  const reader = new CsvReader();
  let header: CsvValue[] | undefined;
  let records = 0;
  let badHeader = false;
  const take = (values: CsvValue[][]): void => {
    for (const values1 of values) {
      if (!header) {
        header = values1;
        badHeader = header.join(',') !== expectedHeader.join(',');
        if (badHeader) problems.add(file.name, `header is '${header.join(',')}', expected '${expectedHeader.join(',')}'`);
        continue;
      }
      records += 1;
      if (badHeader || !checker) continue;
      if (values1.length !== expectedHeader.length) {
        problems.add(file.name, `line ${records + 1} has ${values1.length} fields, not ${expectedHeader.length}`);
        continue;
      }
      checker.record(Object.fromEntries(expectedHeader.map((c, i) => [c, rawValue(values1[i])])), records + 1);
    }
  };
  const read = await readEntry(zip, entry, (chunk) => take(reader.push(chunk)));
  take(reader.end());
  const error = reader.error();
  if (error) problems.add(file.name, `is not well-formed CSV: ${error}`);
  if (!badHeader) checker?.end();
  if (records !== file.rows) problems.add(file.name, `has ${records} rows, the manifest says ${String(file.rows)}`);
  return read;
}

async function checkStatements(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  file: ManifestFile,
  manifest: AuditPackageManifest,
  problems: Problems,
): Promise<{ sha256: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  const read = await readEntry(zip, entry, (c) => {
    size += c.length;
    if (size <= MAX_JSON_BYTES) chunks.push(c);
  });
  if (size > MAX_JSON_BYTES) {
    problems.add(file.name, 'is too large to be the statements');
    return read;
  }
  try {
    const s = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      fiscalYear?: unknown;
      financialPosition?: { totals?: { assets?: string; liabilities?: string; netAssets?: string } };
      cashFlow?: { totals?: { openingCash?: string; netFlow?: string; closingCash?: string } };
    };
    const p = s.financialPosition?.totals;
    const c = s.cashFlow?.totals;
    if (s.fiscalYear !== manifest.fiscalYear) problems.add(file.name, `is for fiscal year ${String(s.fiscalYear)}`);
    if (!p?.assets || !p.liabilities || !p.netAssets || !new Dec(p.assets).equals(new Dec(p.liabilities).plus(p.netAssets))) {
      problems.add(file.name, 'the statement of financial position does not balance');
    }
    if (!c?.openingCash || !c.netFlow || !c.closingCash || !new Dec(c.openingCash).plus(c.netFlow).equals(c.closingCash)) {
      problems.add(file.name, 'the cash-flow statement does not tie');
    }
  } catch (error) {
    problems.add(file.name, `is not valid statements JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (file.rows !== null) problems.add(file.name, 'a JSON document has no row count (rows must be null)');
  return read;
}
