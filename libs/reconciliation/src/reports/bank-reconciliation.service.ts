import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import { EntityManager } from 'typeorm';
import { Dec, DomainError, ErrorCode, formatAmount, notFound, validationError } from '@app/common';
import { TransactionRunner } from '@app/database';
import { PoliciesService } from '@app/ledger';
import { BankScope, BankScopeRepository } from '../bank-scope.repository';
import { StatementRow, StatementsRepository } from '../statements/statements.repository';
import {
  BankReconciliationRepository,
  PreparationRow,
  SignOffRow,
  UnmatchedLineItem,
} from './bank-reconciliation.repository';
import {
  ageInDays,
  basisBalance,
  chooseBasis,
  isReconciled,
  isStale,
  mergePages,
  reconciliationDifference,
  reconciliationStart,
  StatementBalanceBasis,
  StatementBalanceFacts,
  StatementGap,
  statementGaps,
} from './bank-reconciliation.rules';

/** Most unmatched items listed per side (oldest first); the totals always cover all of them. */
export const MAX_LISTED_ITEMS = 1_000;

export interface UnmatchedStatementLineView {
  id: string;
  statementId: string;
  date: string;
  valueDate: string | null;
  direction: 'credit' | 'debit';
  amount: string;
  currency: string;
  reference: string;
  bankReference: string | null;
  description: string;
  reversal: boolean;
  foreignCurrency: boolean;
  ageDays: number;
  stale: boolean;
}

export interface UnmatchedLedgerItemView {
  postingId: string;
  entryId: string;
  sequence: number;
  line: number;
  date: string;
  description: string;
  side: 'debit' | 'credit';
  amount: string;
  currency: string;
  fund: string;
  ageDays: number;
  stale: boolean;
}

/** Two consecutive statements whose balances do not follow: a statement is missing between them. */
export interface StatementGapView {
  after: string;
  before: string;
  closingBalance: string;
  openingBalance: string;
  afterStatement: { id: string; statementRef: string | null };
  beforeStatement: { id: string; statementRef: string | null };
}

export interface BankReconciliationReport {
  bankAccount: string;
  currency: string;
  ledgerAccount: string;
  asOf: string;
  statementBalance: string;
  statementBalanceBasis: {
    kind: 'closing' | 'opening' | 'lines' | 'none';
    statementId: string | null;
    statementRef: string | null;
    date: string | null;
    balance: string | null;
  };
  ledgerBalance: string;
  /** Σ unmatched statement lines (money in positive), foreign-currency lines excluded. */
  unmatchedStatementTotal: string;
  /** Σ unmatched ledger items (debits of the bank positive). */
  unmatchedLedgerTotal: string;
  /** ledgerBalance + unmatchedStatementTotal − unmatchedLedgerTotal: what the statement should show. */
  adjustedLedgerBalance: string;
  difference: string;
  reconciled: boolean;
  reconciliationStart: string | null;
  matchingWindowDays: number;
  staleItems: number;
  counts: { unmatchedStatementLines: number; unmatchedLedgerItems: number };
  /** Statements that do not follow on from the one before, up to asOf: the account is not reconciled across them. */
  gaps: StatementGapView[];
  truncated: boolean;
  unmatchedStatementLines: UnmatchedStatementLineView[];
  unmatchedLedgerItems: UnmatchedLedgerItemView[];
}

export interface SignOffView {
  id: string;
  bankAccount: string;
  asOf: string;
  preparedBy: string;
  reviewedBy: string;
  reconciled: boolean;
  difference: string;
  signedAt: string;
  /** The preparation this sign-off reviewed (null for sign-offs typed before reviews existed). */
  preparationId: string | null;
  figures: unknown;
}

/** A bank reconciliation prepared by one person, as it stood then, awaiting another's review. */
export interface PreparationView {
  id: string;
  bankAccount: string;
  asOf: string;
  preparedBy: string;
  preparedAt: string;
  reconciled: boolean;
  difference: string;
  /** The sign-off its review wrote; null while it awaits review. */
  signOffId: string | null;
  figures: unknown;
}

/** Who signs: the caller, a signed-in person or an API token (its name and a stable actor id). */
export interface Signer {
  name: string;
  actor: string;
  actorTokenId?: string;
}

/** The figures a reviewer signs: if any of them moved since the preparation, it is prepared again. */
const SIGNED_FIGURES = ['statementBalance', 'ledgerBalance', 'unmatchedStatementTotal', 'unmatchedLedgerTotal', 'difference', 'reconciled'] as const;

/**
 * The bank reconciliation as at a date (see bank-reconciliation.rules.ts for the formula), and
 * its sign-offs. Reads in one snapshot so every figure agrees with every other.
 */
@Injectable()
export class BankReconciliationService {
  constructor(
    private readonly db: TransactionRunner,
    private readonly scopes: BankScopeRepository,
    private readonly statements: StatementsRepository,
    private readonly reports: BankReconciliationRepository,
    private readonly policies: PoliciesService,
  ) {}

  get(bankAccount: string | undefined, asOf: string): Promise<BankReconciliationReport> {
    return this.db.snapshot(async (m) => this.build(m, await this.scopeOf(m, bankAccount), asOf));
  }

  async build(
    m: EntityManager,
    scope: BankScope,
    asOf: string,
    listLimit = MAX_LISTED_ITEMS,
  ): Promise<BankReconciliationReport> {
    const { matchingWindowDays: windowDays } = await this.policies.get(m);
    const cur = scope.currency;
    const f = (d: Decimal | string): string => formatAmount(new Dec(d), cur);
    // The pages of a paginated message are one statement.
    const facts = mergePages((await this.statements.statementsOf(m, scope.code)).map(statementFactsOf));
    const gaps = statementGaps(facts, asOf);
    const { basis, lines: range } = chooseBasis(facts, asOf);
    const start = reconciliationStart(facts);
    const statementBalance =
      basis.kind === 'none'
        ? new Dec(0)
        : basisBalance(basis).plus(await this.reports.linesTotal(m, scope.code, asOf, range));
    const ledgerBalance = new Dec(await this.reports.ledgerBalance(m, scope, asOf));
    const lineTotals = await this.reports.unmatchedLineTotals(m, scope.code, asOf, windowDays);
    const postingTotals = await this.reports.unmatchedPostingTotals(m, scope, asOf, start, windowDays);
    const unmatchedStatementTotal = new Dec(lineTotals.total);
    const unmatchedLedgerTotal = new Dec(postingTotals.total);
    const difference = reconciliationDifference(
      statementBalance,
      ledgerBalance,
      unmatchedStatementTotal,
      unmatchedLedgerTotal,
    );
    const staleItems = lineTotals.stale + postingTotals.stale;
    const lines = await this.reports.unmatchedLines(m, scope.code, asOf, listLimit);
    const postings = await this.reports.unmatchedPostings(m, scope, asOf, start, listLimit);
    return {
      bankAccount: scope.code,
      currency: cur,
      ledgerAccount: scope.ledgerAccount,
      asOf,
      statementBalance: f(statementBalance),
      statementBalanceBasis: basisView(basis, f),
      ledgerBalance: f(ledgerBalance),
      unmatchedStatementTotal: f(unmatchedStatementTotal),
      unmatchedLedgerTotal: f(unmatchedLedgerTotal),
      adjustedLedgerBalance: f(ledgerBalance.plus(unmatchedStatementTotal).minus(unmatchedLedgerTotal)),
      difference: f(difference),
      reconciled: isReconciled(difference, staleItems, gaps.length),
      reconciliationStart: start,
      matchingWindowDays: windowDays,
      staleItems,
      counts: { unmatchedStatementLines: lineTotals.count, unmatchedLedgerItems: postingTotals.count },
      gaps: gaps.map((g) => gapView(g, f)),
      truncated: lineTotals.count > lines.length || postingTotals.count > postings.length,
      unmatchedStatementLines: lines.map((l) => lineView(l, asOf, windowDays)),
      unmatchedLedgerItems: postings.map((p) => ({
        ...p,
        amount: f(p.amount),
        ageDays: ageInDays(p.date, asOf),
        stale: isStale(p.date, asOf, windowDays),
      })),
    };
  }

  /**
   * The first half of a sign-off: the caller prepares the reconciliation as at asOf; its figures
   * are stored as they stand, awaiting someone else's review. Preparing does not require
   * `reconciled`: an explained difference can be signed off; the stored figures say what was signed.
   */
  prepare(input: { bankAccount: string; asOf: string; by: Signer }): Promise<PreparationView> {
    return this.db.run(async (m) => {
      const scope = await this.scopeOf(m, input.bankAccount);
      const report = await this.build(m, scope, input.asOf);
      const row = await this.reports.insertPreparation(m, {
        id: randomUUID(),
        bankAccount: scope.code,
        asOf: input.asOf,
        preparedBy: input.by.name,
        preparedByActor: input.by.actor,
        reconciled: report.reconciled,
        difference: report.difference,
        figures: report,
      });
      return toPreparationView(row);
    });
  }

  /**
   * The second half: the caller reviews a preparation and the sign-off is written with both
   * people. Refused when the reviewer is the preparer, when it was reviewed already, and when the
   * reconciliation's figures moved since it was prepared (the reviewer would sign other figures).
   */
  review(input: { preparationId: string; by: Signer }): Promise<SignOffView> {
    return this.db.run(async (m) => {
      const prepared = await this.reports.preparationForReview(m, input.preparationId);
      if (!prepared) throw notFound('bank reconciliation preparation', input.preparationId);
      if (prepared.preparedByActor === input.by.actor) {
        throw new DomainError(
          ErrorCode.BusinessRule,
          'the reviewer must be someone other than the preparer',
          undefined,
          {
            rule: 'sign-off.reviewer-is-preparer',
            preparedBy: prepared.preparedBy,
          },
        );
      }
      if (prepared.signOffId !== null) {
        throw new DomainError(
          ErrorCode.Conflict,
          'this preparation has been reviewed and signed off already',
          undefined,
          {
            rule: 'sign-off.already-reviewed',
            signOffId: prepared.signOffId,
          },
        );
      }
      const report = await this.build(m, await this.scopeOf(m, prepared.bankAccount), prepared.asOf);
      const before = prepared.figures as Record<string, unknown>;
      const moved = SIGNED_FIGURES.filter((k) => String(before[k]) !== String(report[k]));
      if (moved.length > 0) {
        throw new DomainError(
          ErrorCode.Conflict,
          `the reconciliation changed since it was prepared (${moved.join(', ')}): prepare it again`,
          undefined,
          {
            rule: 'sign-off.figures-changed',
            preparedDifference: prepared.difference,
            currentDifference: report.difference,
          },
        );
      }
      const row = await this.reports.insertSignOff(m, {
        id: randomUUID(),
        bankAccount: prepared.bankAccount,
        asOf: prepared.asOf,
        preparedBy: prepared.preparedBy,
        reviewedBy: input.by.name,
        reconciled: prepared.reconciled,
        difference: prepared.difference,
        figures: prepared.figures,
        actorTokenId: input.by.actorTokenId ?? null,
        preparationId: prepared.id,
        preparedByActor: prepared.preparedByActor,
        reviewedByActor: input.by.actor,
      });
      return toSignOffView(row);
    });
  }

  listPreparations(
    bankAccount: string | undefined,
    awaitingReview: boolean,
    limit: number,
  ): Promise<PreparationView[]> {
    return this.db.snapshot(async (m) => {
      if (bankAccount !== undefined && !(await this.scopes.find(m, bankAccount)))
        throw notFound('bank account', bankAccount);
      return (await this.reports.listPreparations(m, bankAccount, awaitingReview, limit)).map(toPreparationView);
    });
  }

  /** The latest sign-off of the account as at `asOf` or before, in the caller's snapshot. */
  async latestSignOff(m: EntityManager, bankAccount: string, asOf: string): Promise<SignOffView | null> {
    const row = await this.reports.latestSignOff(m, bankAccount, asOf);
    return row ? toSignOffView(row) : null;
  }

  listSignOffs(bankAccount: string | undefined, limit: number): Promise<SignOffView[]> {
    return this.db.snapshot(async (m) => {
      if (bankAccount !== undefined && !(await this.scopes.find(m, bankAccount)))
        throw notFound('bank account', bankAccount);
      return (await this.reports.listSignOffs(m, bankAccount, limit)).map(toSignOffView);
    });
  }

  /** The named bank account, else the installation's default one. */
  private async scopeOf(m: EntityManager, code: string | undefined): Promise<BankScope> {
    const wanted = code ?? (await this.policies.get(m)).defaultBankAccount ?? undefined;
    if (wanted === undefined)
      throw validationError('bankAccount', 'name a bank account (no default bank account is set in the policies)');
    const scope = await this.scopes.find(m, wanted);
    if (!scope) throw notFound('bank account', wanted);
    return scope;
  }
}

/** A stored statement's dates and balances, as the reconciliation rules read them. */
function statementFactsOf(s: StatementRow & { importedAt: string }): StatementBalanceFacts {
  return {
    id: s.id,
    statementRef: s.statementRef,
    importedAt: s.importedAt,
    position: s.position,
    startsOn: s.startsOn,
    endsOn: s.endsOn,
    openingBalance: s.openingBalance === null ? null : new Dec(s.openingBalance),
    closingBalance: s.closingBalance === null ? null : new Dec(s.closingBalance),
    continuesStatementId: s.continuesStatementId,
  };
}

/** Where the statement balance comes from; a statement and its balance only for a closing or opening basis. */
function basisView(
  basis: StatementBalanceBasis,
  f: (d: Decimal) => string,
): BankReconciliationReport['statementBalanceBasis'] {
  return basis.kind === 'closing' || basis.kind === 'opening'
    ? {
        kind: basis.kind,
        statementId: basis.statementId,
        statementRef: basis.statementRef,
        date: basis.date,
        balance: f(basis.balance),
      }
    : { kind: basis.kind, statementId: null, statementRef: null, date: null, balance: null };
}

function gapView(g: StatementGap, f: (d: Decimal) => string): StatementGapView {
  return {
    after: g.after,
    before: g.before,
    closingBalance: f(g.closingBalance),
    openingBalance: f(g.openingBalance),
    afterStatement: g.afterStatement,
    beforeStatement: g.beforeStatement,
  };
}

/** An unmatched statement line in its own currency, with its age as at the report's date. */
function lineView(l: UnmatchedLineItem, asOf: string, windowDays: number): UnmatchedStatementLineView {
  return {
    id: l.id,
    statementId: l.statementId,
    date: l.bookingDate,
    valueDate: l.valueDate,
    direction: l.direction,
    amount: formatAmount(new Dec(l.amount), l.currency),
    currency: l.currency,
    reference: l.reference,
    bankReference: l.bankReference,
    description: l.description,
    reversal: l.reversal,
    foreignCurrency: l.foreignCurrency,
    ageDays: ageInDays(l.bookingDate, asOf),
    stale: isStale(l.bookingDate, asOf, windowDays),
  };
}

function toSignOffView(r: SignOffRow): SignOffView {
  return {
    id: r.id,
    bankAccount: r.bankAccount,
    asOf: r.asOf,
    preparedBy: r.preparedBy,
    reviewedBy: r.reviewedBy,
    reconciled: r.reconciled,
    difference: r.difference,
    signedAt: r.signedAt,
    preparationId: r.preparationId,
    figures: r.figures,
  };
}

function toPreparationView(r: PreparationRow): PreparationView {
  return {
    id: r.id,
    bankAccount: r.bankAccount,
    asOf: r.asOf,
    preparedBy: r.preparedBy,
    preparedAt: r.preparedAt,
    reconciled: r.reconciled,
    difference: r.difference,
    signOffId: r.signOffId,
    figures: r.figures,
  };
}
