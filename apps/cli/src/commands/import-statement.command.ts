import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { Command, CommandRunner, Option } from 'nest-commander';
import { AuditService } from '@app/auth';
import { DomainError, ERROR_STATUS, isDatabaseUnavailable } from '@app/common';
import { isIsoDate } from '@app/ledger';
import {
  AutoMatchResult,
  BankReconciliationReport,
  BankReconciliationService,
  ImportResult,
  MatchingService,
  StatementFormat,
  StatementImportService,
  STATEMENT_FORMATS,
} from '@app/reconciliation';
import { CliError, describeFailure, usage } from '../cli-errors';
import { progressBar } from '../progress';

interface ImportStatementOptions {
  bankAccount?: string;
  format?: string;
  autoMatch?: boolean;
  openingBalance?: string;
  closingBalance?: string;
  dateFormat?: string;
  asOf?: string;
}

const DATE_FORMATS = ['YYYY-MM-DD', 'DD/MM/YYYY'] as const;
type DateFormat = (typeof DATE_FORMATS)[number];

/** What a file's extension says it is; anything not listed is read as CSV. */
const FORMAT_OF_EXTENSION: Record<string, StatementFormat> = {
  '.xml': 'camt053',
  '.sta': 'mt940',
  '.mt940': 'mt940',
  '.940': 'mt940',
  '.xlsx': 'xlsx',
};

/** The format named, else the file's: `.xml` camt.053, `.sta`/`.mt940`/`.940` MT940, `.xlsx` XLSX, anything else CSV. */
function formatOf(file: string, named: string | undefined): StatementFormat {
  if (named === undefined) return FORMAT_OF_EXTENSION[path.extname(file).toLowerCase()] ?? 'csv';
  if (!(STATEMENT_FORMATS as readonly string[]).includes(named))
    throw usage(`--format must be one of ${STATEMENT_FORMATS.join(', ')}`);
  return named as StatementFormat;
}

/** The latest date the import's statements cover: the bank reconciliation is shown as at it. */
function statementEnd(result: ImportResult): string | undefined {
  const ends = result.statements.flatMap((s) => (s.toDate === null ? [] : [s.toDate])).sort();
  return ends[ends.length - 1];
}

@Command({
  name: 'import-statement',
  arguments: '<file>',
  description:
    'Import a bank statement file (CSV, camt.053, MT940 or XLSX) into a bank account, optionally auto-match it, and print the match summary',
})
export class ImportStatementCommand extends CommandRunner {
  constructor(
    private readonly statements: StatementImportService,
    private readonly matching: MatchingService,
    private readonly reconciliation: BankReconciliationService,
    private readonly audit: AuditService,
  ) {
    super();
  }

  async run(params: string[], options: ImportStatementOptions): Promise<void> {
    const file = params[0];
    const bankAccount = options.bankAccount;
    if (bankAccount === undefined || bankAccount === '') throw usage('--bank-account is required');
    if (file === undefined || !existsSync(file) || !statSync(file).isFile()) throw usage(`no such file: ${file}`);
    const format = formatOf(file, options.format);
    if (options.asOf !== undefined && !isIsoDate(options.asOf))
      throw usage('--as-of must be a calendar date YYYY-MM-DD');
    if (options.dateFormat !== undefined && !(DATE_FORMATS as readonly string[]).includes(options.dateFormat))
      throw usage(`--date-format must be one of ${DATE_FORMATS.join(', ')}`);

    const target = `${bankAccount} ${path.basename(file)}`;
    const bar = progressBar('import-statement', statSync(file).size);
    let result: ImportResult;
    try {
      result = await this.statements
        .importStatementFile(bankAccount, file, format, (p) => bar.update(p.bytesRead), {
          fileName: path.basename(file),
          openingBalance: options.openingBalance,
          closingBalance: options.closingBalance,
          dateFormat: options.dateFormat as DateFormat | undefined,
        })
        .finally(() => bar.stop());
    } catch (error) {
      // Nothing was stored (the import is one transaction); the attempt is still on record — and
      // if even that cannot be written (the database is away), the import's own error is the one
      // reported.
      await this.audit
        .append({
          actorRole: 'cli',
          action: 'CLI import-statement',
          target,
          outcome: 'rejected',
          statusCode: statusOf(error),
          detail: { format, error: describeFailure(error).line },
        })
        .catch(() => undefined);
      throw error;
    }
    // The lines are stored: on record before matching, which may still fail on its own.
    await this.audit.append({
      actorRole: 'cli',
      action: 'CLI import-statement',
      target,
      outcome: 'success',
      statusCode: 201,
      detail: { import: result.id, format, lines: result.lines, duplicates: result.duplicates },
    });

    let matched: AutoMatchResult | undefined;
    if (options.autoMatch === true) {
      try {
        matched = await this.matching.autoMatch(bankAccount);
      } catch (error) {
        throw new CliError(
          `the statement was imported (${result.lines} lines, import ${result.id}), but auto-matching failed: ${describeFailure(error).line}`,
        );
      }
      await this.audit.append({
        actorRole: 'cli',
        action: 'CLI auto-match',
        target: bankAccount,
        outcome: 'success',
        statusCode: 201,
        detail: { afterImport: result.id, matched: matched.matched, byRule: matched.byRule },
      });
    }
    const asOf = options.asOf ?? statementEnd(result) ?? new Date().toISOString().slice(0, 10);
    const report = await this.reconciliation.get(bankAccount, asOf);
    process.stdout.write(summary(result, matched, report));
  }

  @Option({ flags: '--bank-account <code>', description: 'Bank account code (e.g. OPERATING)', required: true })
  parseBankAccount(value: string): string {
    return value;
  }

  @Option({
    flags: '--format <format>',
    description:
      'csv, camt053, mt940 or xlsx; default by extension: .xml camt053, .sta/.mt940/.940 mt940, .xlsx xlsx, else csv',
  })
  parseFormat(value: string): string {
    return value;
  }

  @Option({ flags: '--auto-match', description: 'Match the imported lines with ledger postings afterwards' })
  parseAutoMatch(): boolean {
    return true;
  }

  @Option({
    flags: '--opening-balance <amount>',
    description: 'CSV or XLSX whose file gives no balances: the statement opening balance (signed)',
  })
  parseOpeningBalance(value: string): string {
    return value;
  }

  @Option({
    flags: '--closing-balance <amount>',
    description: 'CSV or XLSX whose file gives no balances: the statement closing balance (signed)',
  })
  parseClosingBalance(value: string): string {
    return value;
  }

  @Option({
    flags: '--date-format <format>',
    description:
      "CSV in the product's layout: YYYY-MM-DD (default) or DD/MM/YYYY (a bank account's csvProfile has its own)",
  })
  parseDateFormat(value: string): string {
    return value;
  }

  @Option({
    flags: '--as-of <date>',
    description: "Date of the reconciliation summary; default the statement's last date",
  })
  parseAsOf(value: string): string {
    return value;
  }
}

/** What scripts read on stdout: one `name: value` per line. */
function summary(result: ImportResult, matched: AutoMatchResult | undefined, report: BankReconciliationReport): string {
  const lines: [string, string | number][] = [
    ['bank account', result.bankAccount],
    ['format', result.format],
    ['lines read', result.linesRead],
    ['lines imported', result.lines],
    ['duplicates', result.duplicates],
  ];
  for (const skipped of result.skipped) {
    lines.push([
      'skipped',
      `${skipped.accountIdentifier}: ${skipped.statements} statement(s), ${skipped.lines} line(s) of another account`,
    ]);
  }
  if (matched === undefined) {
    lines.push(['auto-match', 'not run (use --auto-match)']);
  } else {
    lines.push(
      ['matched one-to-one', matched.byRule.reference + matched.byRule['amount-date']],
      ['matched one-to-many', matched.byRule['one-to-many']],
      ['reversal pairs', matched.byRule['reversal-pair']],
    );
  }
  lines.push(
    ['as of', report.asOf],
    ['unmatched statement lines', report.counts.unmatchedStatementLines],
    ['unmatched ledger items', report.counts.unmatchedLedgerItems],
    ['statement balance', `${report.statementBalance} ${report.currency}`],
    ['ledger balance', `${report.ledgerBalance} ${report.currency}`],
    ['difference', `${report.difference} ${report.currency}`],
    ['reconciled', report.reconciled ? 'yes' : 'no'],
  );
  for (const gap of report.gaps) {
    lines.push([
      'gap',
      `after ${gap.after} (closing ${gap.closingBalance}) and before ${gap.before} (opening ${gap.openingBalance}): a statement is missing`,
    ]);
  }
  for (const warning of result.warnings) lines.push(['warning', warning]);
  return lines.map(([name, value]) => `${name}: ${value}\n`).join('');
}

/** The HTTP-like status an audit row records for a failed import. */
function statusOf(error: unknown): number {
  if (error instanceof DomainError) return ERROR_STATUS[error.code];
  return isDatabaseUnavailable(error) ? 503 : 500;
}
