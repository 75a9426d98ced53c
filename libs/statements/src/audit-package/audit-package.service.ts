import { Injectable, Logger } from '@nestjs/common';
import { ZipArchive } from 'archiver';
import { once } from 'node:events';
import type { CopyToStreamQuery } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EntityManager } from 'typeorm';
import { Dec, DomainError, ErrorCode, formatAmount, guardFormula as text, guardFormulaOrNull as textOrNull } from '@app/common';
import { TransactionRunner } from '@app/database';
import { BalancesService, ChartService, FiscalYearsService, PoliciesService, TrialBalanceService } from '@app/ledger';
import { FinancialStatementsService } from '../financial-statements/financial-statements.service';
import type { FinancialStatements } from '../financial-statements/financial-statements.types';
import { FiscalYearSpan, fiscalYearSpan } from '../shared/fiscal-year';
import {
  AUDIT_LOG_COLUMNS,
  AUDIT_PACKAGE_FORMAT,
  AuditPackageManifest,
  BALANCES_COLUMNS,
  MANIFEST_NAME,
  ManifestFile,
  PackageFileKind,
  packageFileName,
  TEXT_FIELDS_RULE,
  TRIAL_BALANCE_COLUMNS,
} from './audit-package.manifest';
import { AuditPackageRepository, SequenceRange } from './audit-package.repository';
import { csvRecord } from './csv';
import { HashingPassThrough } from './hashing-pass-through';

export interface AuditPackageDownload {
  filename: string;
  /** The zip's bytes. Read it to the end, or call `abort`, and the snapshot is released. */
  stream: Readable;
  /** Settles with the manifest once every file is in the zip; rejects if the package failed. */
  done: Promise<AuditPackageManifest>;
  abort(reason: Error): void;
}

interface Plan {
  span: FiscalYearSpan;
  baseCurrency: string;
  range: SequenceRange;
  prevHashBeforeYear: string;
  chainHead: string;
  generatedAt: Date;
  statements: FinancialStatements[];
}

/** Settles with `work`, or rejects as soon as the download is aborted (a client that hung up). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/**
 * A new file in the zip fed through a hashing pass-through; `entered` settles once the zip has
 * taken all of it (and rejects on abort — awaited by the caller, never left unhandled).
 */
function appendHashed(
  archive: ZipArchive,
  fileName: string,
  date: Date,
  signal: AbortSignal,
): { hasher: HashingPassThrough; entered: Promise<unknown> } {
  const hasher = new HashingPassThrough();
  const entered = once(archive, 'entry', { signal });
  entered.catch(() => undefined);
  archive.append(hasher, { name: fileName, date });
  return { hasher, entered };
}

/** Bytes gathered before a write into the zip: large enough to keep the overhead low. */
const CHUNK_CHARS = 64 * 1024;

/**
 * The auditors' package of a fiscal year, streamed as a zip from one REPEATABLE READ snapshot:
 * every file goes through a hashing pass-through on its way into the zip, so the manifest (written
 * last) carries each file's sha256 and row count without any file being held in memory.
 */
@Injectable()
export class AuditPackageService {
  private readonly logger = new Logger('AuditPackage');

  constructor(
    private readonly db: TransactionRunner,
    private readonly repository: AuditPackageRepository,
    private readonly chart: ChartService,
    private readonly fiscalYears: FiscalYearsService,
    private readonly policies: PoliciesService,
    private readonly balances: BalancesService,
    private readonly trialBalance: TrialBalanceService,
    private readonly statements: FinancialStatementsService,
  ) {}

  /**
   * Resolves once the package is known to be producible (the year has entries and its statements
   * build), before the first byte: until then a failure is an ordinary error answer.
   */
  async open(fiscalYear: number): Promise<AuditPackageDownload> {
    const archive = new ZipArchive({ zlib: { level: 6 } });
    const aborter = new AbortController();
    archive.on('error', (error) => aborter.abort(error));
    let planned: ((plan: Plan) => void) | undefined;
    let failedEarly: ((error: unknown) => void) | undefined;
    const ready = new Promise<Plan>((resolve, reject) => {
      planned = resolve;
      failedEarly = reject;
    });
    const done = this.db.snapshot(async (m) => {
      const plan = await this.plan(m, fiscalYear);
      planned?.(plan);
      return this.write(m, plan, archive, aborter.signal);
    });
    done.catch((error: unknown) => {
      failedEarly?.(error);
      if (!archive.destroyed) archive.destroy(error instanceof Error ? error : new Error(String(error)));
    });
    const plan = await ready;
    return {
      filename: `audit-package-${plan.span.year}.zip`,
      stream: archive,
      done,
      abort: (reason) => aborter.abort(reason),
    };
  }

  private async plan(m: EntityManager, fiscalYear: number): Promise<Plan> {
    const { baseCurrency } = await this.policies.get(m);
    const span = await fiscalYearSpan(m, fiscalYear, this.fiscalYears, this.policies);
    const range = await this.repository.sequenceRange(m, span.startsOn, span.endsOn);
    if (!range) throw new DomainError(ErrorCode.NotFound, `no journal entry is dated in fiscal year ${fiscalYear}`);
    const first = await this.repository.hashesAt(m, range.firstSequence);
    const last = await this.repository.hashesAt(m, range.lastSequence);
    return {
      span,
      baseCurrency,
      range,
      prevHashBeforeYear: first.prevHash,
      chainHead: last.hash,
      generatedAt: new Date(),
      statements: [await this.statements.build(m, fiscalYear, 'es'), await this.statements.build(m, fiscalYear, 'en')],
    };
  }

  private async write(m: EntityManager, plan: Plan, archive: ZipArchive, signal: AbortSignal): Promise<AuditPackageManifest> {
    const { span } = plan;
    const name = (kind: PackageFileKind, lang?: string) => packageFileName(kind, span.year, span.endsOn, lang);
    const files: ManifestFile[] = [];
    await this.addCopiedCsv(files, archive, plan, signal, 'journal', name('journal'), m, () =>
      this.repository.copyJournal(m, plan.range),
    );
    await this.addCopiedCsv(files, archive, plan, signal, 'general-ledger', name('general-ledger'), m, () =>
      this.repository.copyGeneralLedger(m, span.startsOn, span.endsOn),
    );
    await this.addCsv(files, archive, plan, signal, 'trial-balance', name('trial-balance'), await this.trialBalanceLines(m, span));
    await this.addCsv(files, archive, plan, signal, 'balances', name('balances'), await this.balanceLines(m, span));
    for (const statements of plan.statements) {
      const fileName = name('financial-statements', statements.lang);
      const added = await this.addFile(archive, fileName, [`${JSON.stringify(statements, null, 2)}\n`], plan.generatedAt, signal);
      files.push({ name: fileName, kind: 'financial-statements', sha256: added.sha256, rows: null, bytes: added.bytes });
    }
    await this.addCsv(files, archive, plan, signal, 'audit-log', name('audit-log'), this.auditLogLines(m, span));

    const manifest: AuditPackageManifest = {
      format: AUDIT_PACKAGE_FORMAT,
      fiscalYear: span.year,
      baseCurrency: plan.baseCurrency,
      startsOn: span.startsOn,
      endsOn: span.endsOn,
      yearStatus: span.status,
      generatedAt: plan.generatedAt.toISOString(),
      chainHead: plan.chainHead,
      firstSequence: plan.range.firstSequence,
      lastSequence: plan.range.lastSequence,
      prevHashBeforeYear: plan.prevHashBeforeYear,
      entriesInYear: plan.range.entriesInYear,
      textFields: TEXT_FIELDS_RULE,
      files,
    };
    archive.append(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'), { name: MANIFEST_NAME, date: plan.generatedAt });
    await untilAborted(archive.finalize(), signal);
    return manifest;
  }

  /** A CSV file: its first line is the header, every other line one record. */
  private async addCsv(
    files: ManifestFile[],
    archive: ZipArchive,
    plan: Plan,
    signal: AbortSignal,
    kind: PackageFileKind,
    fileName: string,
    lines: AsyncIterable<string> | Iterable<string>,
  ): Promise<void> {
    const added = await this.addFile(archive, fileName, lines, plan.generatedAt, signal);
    files.push({ name: fileName, kind, sha256: added.sha256, rows: added.lines - 1, bytes: added.bytes });
  }

  /** A large CSV file written by PostgreSQL (COPY), straight through the hashing pass-through into the zip. */
  private async addCopiedCsv(
    files: ManifestFile[],
    archive: ZipArchive,
    plan: Plan,
    signal: AbortSignal,
    kind: PackageFileKind,
    fileName: string,
    m: EntityManager,
    start: () => CopyToStreamQuery,
  ): Promise<void> {
    signal.throwIfAborted();
    await this.repository.tuneForStreaming(m);
    const { hasher, entered } = appendHashed(archive, fileName, plan.generatedAt, signal);
    const copy = start();
    try {
      await pipeline(copy, hasher, { signal });
    } catch (error) {
      if (!copy.readableEnded) this.repository.abandonCopy(m);
      throw error;
    }
    await entered;
    await this.repository.barrier(m);
    files.push({ name: fileName, kind, sha256: hasher.sha256(), rows: copy.rowCount, bytes: hasher.bytes() });
  }

  /** Streams one file into the zip through the hashing pass-through, honouring back-pressure. */
  private async addFile(
    archive: ZipArchive,
    fileName: string,
    lines: AsyncIterable<string> | Iterable<string>,
    date: Date,
    signal: AbortSignal,
  ): Promise<{ sha256: string; lines: number; bytes: number }> {
    signal.throwIfAborted();
    const { hasher, entered } = appendHashed(archive, fileName, date, signal);
    let count = 0;
    let pending = '';
    const flush = async (): Promise<void> => {
      if (pending.length === 0) return;
      const chunk = pending;
      pending = '';
      if (!hasher.write(chunk, 'utf8')) await once(hasher, 'drain', { signal });
    };
    for await (const line of lines) {
      pending += line;
      count += 1;
      if (pending.length >= CHUNK_CHARS) await flush();
    }
    await flush();
    hasher.end();
    await entered;
    return { sha256: hasher.sha256(), lines: count, bytes: hasher.bytes() };
  }

  private async accountInfo(m: EntityManager): Promise<Map<string, { name: string; type: string }>> {
    return new Map((await this.chart.accounts(m)).map((a) => [a.code, { name: a.nameEn, type: a.type }]));
  }

  private async trialBalanceLines(m: EntityManager, span: FiscalYearSpan): Promise<string[]> {
    const accounts = await this.accountInfo(m);
    const tb = await this.trialBalance.build(m, span.endsOn);
    // Text through the formula guard (a spreadsheet must not run an account's name); figures as they are.
    return [
      csvRecord(TRIAL_BALANCE_COLUMNS),
      ...tb.rows.map((r) =>
        csvRecord([text(r.account), text(accounts.get(r.account)?.name ?? ''), text(accounts.get(r.account)?.type ?? ''), text(r.fund), r.debit, r.credit]),
      ),
    ];
  }

  private async balanceLines(m: EntityManager, span: FiscalYearSpan): Promise<string[]> {
    const { baseCurrency } = await this.policies.get(m);
    const accounts = await this.accountInfo(m);
    const key = (account: string, fund: string) => `${account}\u0000${fund}`;
    const rows = new Map<string, { account: string; fund: string; opening: Dec; debits: Dec; credits: Dec; closing: Dec }>();
    const row = (account: string, fund: string) => {
      const k = key(account, fund);
      const zero = new Dec(0);
      const found = rows.get(k) ?? { account, fund, opening: zero, debits: zero, credits: zero, closing: zero };
      rows.set(k, found);
      return found;
    };
    for (const b of await this.balances.byAccountAndFund(m, span.dayBefore)) row(b.account, b.fund).opening = new Dec(b.debitBase).minus(b.creditBase);
    for (const b of await this.repository.movements(m, span.startsOn, span.endsOn)) {
      const r = row(b.account, b.fund);
      r.debits = new Dec(b.debitBase);
      r.credits = new Dec(b.creditBase);
    }
    for (const b of await this.balances.byAccountAndFund(m, span.endsOn)) row(b.account, b.fund).closing = new Dec(b.debitBase).minus(b.creditBase);
    const fmt = (d: Dec) => formatAmount(d, baseCurrency);
    const lines = [csvRecord(BALANCES_COLUMNS)];
    for (const r of [...rows.values()].sort((a, b) => a.account.localeCompare(b.account) || a.fund.localeCompare(b.fund))) {
      if (![r.opening, r.debits, r.credits, r.closing].every((d) => d.isZero())) {
        // The roll-forward the verifier re-checks: opening + debits − credits = closing.
        if (!r.opening.plus(r.debits).minus(r.credits).equals(r.closing)) {
          throw new Error(`balances of ${r.account}/${r.fund} do not roll forward: the ledger's roll-ups disagree with its postings`);
        }
        const info = accounts.get(r.account);
        lines.push(
          csvRecord([text(r.account), text(info?.name ?? ''), text(info?.type ?? ''), text(r.fund), fmt(r.opening), fmt(r.debits), fmt(r.credits), fmt(r.closing)]),
        );
      }
    }
    return lines;
  }

  private async *auditLogLines(m: EntityManager, span: FiscalYearSpan): AsyncGenerator<string> {
    yield csvRecord(AUDIT_LOG_COLUMNS);
    for await (const r of this.repository.auditLog(m, span.startsOn)) {
      yield csvRecord([
        r.id,
        r.occurred_at.toISOString(),
        r.actor_token_id,
        textOrNull(r.actor_role),
        text(r.action),
        textOrNull(r.target),
        textOrNull(r.request_id),
        text(r.outcome),
        r.status_code,
        r.detail === null || r.detail === undefined ? null : text(JSON.stringify(r.detail)),
      ]);
    }
  }

  /** Logs a package that failed after its first byte (the client sees a truncated download). */
  reportFailure(fiscalYear: number, error: unknown): void {
    // A client that hung up aborts the package: worth a line, not an alarm.
    if (error instanceof Error && error.name === 'AbortError') {
      this.logger.warn(`audit package ${fiscalYear} abandoned before the end: ${error.cause instanceof Error ? error.cause.message : error.message}`);
      return;
    }
    this.logger.error(`audit package ${fiscalYear} failed while streaming: ${error instanceof Error ? error.message : String(error)}`);
  }
}
type Dec = InstanceType<typeof Dec>;
