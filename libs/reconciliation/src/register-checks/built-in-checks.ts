import { Injectable } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import { EntityManager } from 'typeorm';
import { Dec, formatAmount } from '@app/common';
import { BalanceRow, BalancesService, PoliciesService, VerificationService } from '@app/ledger';
import { BankScopeRepository } from '../bank-scope.repository';
import { BankReconciliationService } from '../reports/bank-reconciliation.service';
import { explanationOf, RegisterCheck, RegisterCheckResult } from '@app/register-checks';

/**
 * Every fund's trial balance sums to zero: ledger = Σ debits, register = Σ credits (base
 * currency), summed straight from the postings — not from the monthly roll-ups the trial-balance
 * report reads, which the next check compares with the postings — so the check holds on its own.
 */
@Injectable()
export class TrialBalanceCheck implements RegisterCheck {
  readonly name = 'trial-balance';

  constructor(
    private readonly balances: BalancesService,
    private readonly policies: PoliciesService,
  ) {}

  async run(m: EntityManager, asOf: string): Promise<RegisterCheckResult[]> {
    const { baseCurrency: currency } = await this.policies.get(m);
    const funds = new Map<string, { debit: Decimal; credit: Decimal }>();
    for (const r of await this.balances.byAccountAndFundFromPostings(m, asOf)) {
      const f = funds.get(r.fund) ?? { debit: new Dec(0), credit: new Dec(0) };
      funds.set(r.fund, { debit: f.debit.plus(r.debitBase), credit: f.credit.plus(r.creditBase) });
    }
    if (funds.size === 0) return [{ name: this.name, ledger: '0', register: '0', difference: '0', ok: true }];
    return [...funds.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([fund, f]) => {
        const debits = formatAmount(f.debit, currency);
        const credits = formatAmount(f.credit, currency);
        const difference = formatAmount(f.credit.minus(f.debit), currency);
        const balanced = f.debit.equals(f.credit);
        return {
          name: `${this.name}:${fund}`,
          ledger: debits,
          register: credits,
          difference,
          ok: balanced,
          ...(balanced ? {} : { explanation: [{ fund, debits, credits, currency, difference }] }),
        };
      });
  }
}

/**
 * The monthly roll-up the fast balances read from agrees with the postings themselves, per
 * account × fund (ledger = from the postings, register = from the roll-up; Σ debits shown). A
 * failing check lists each account × fund whose debits or credits part, with both sides' figures.
 */
@Injectable()
export class BalanceRollupCheck implements RegisterCheck {
  readonly name = 'balance-rollups';

  constructor(
    private readonly balances: BalancesService,
    private readonly policies: PoliciesService,
  ) {}

  async run(m: EntityManager, asOf: string): Promise<RegisterCheckResult> {
    const { baseCurrency } = await this.policies.get(m);
    const fromPostings = await this.balances.byAccountAndFundFromPostings(m, asOf);
    const fromRollups = await this.balances.byAccountAndFund(m, asOf);
    const fmt = (d: Decimal.Value): string => formatAmount(new Dec(d), baseCurrency);
    const key = (r: { account: string; fund: string }): string => `${r.account}|${r.fund}`;
    const side = (r: BalanceRow | undefined): { debit: string; credit: string } | null =>
      r === undefined ? null : { debit: fmt(r.debitBase), credit: fmt(r.creditBase) };
    const mismatch = (account: string, fund: string, p: BalanceRow | undefined, r: BalanceRow | undefined) => {
      const ledgerDebits = new Dec(p?.debitBase ?? 0);
      const registerDebits = new Dec(r?.debitBase ?? 0);
      return {
        account,
        fund,
        postings: side(p),
        rollup: side(r),
        ledger: fmt(ledgerDebits),
        register: fmt(registerDebits),
        difference: fmt(registerDebits.minus(ledgerDebits)),
      };
    };
    const rolled = new Map(fromRollups.map((r) => [key(r), r]));
    const mismatches: unknown[] = [];
    for (const p of fromPostings) {
      const r = rolled.get(key(p));
      rolled.delete(key(p));
      const same =
        r !== undefined && new Dec(r.debitBase).equals(p.debitBase) && new Dec(r.creditBase).equals(p.creditBase);
      if (!same) mismatches.push(mismatch(p.account, p.fund, p, r));
    }
    for (const r of rolled.values()) {
      if (!new Dec(r.debitBase).isZero() || !new Dec(r.creditBase).isZero()) {
        mismatches.push(mismatch(r.account, r.fund, undefined, r));
      }
    }
    const total = (rows: { debitBase: string }[]): Decimal => rows.reduce((s, r) => s.plus(r.debitBase), new Dec(0));
    const ledger = total(fromPostings);
    const register = total(fromRollups);
    return {
      name: this.name,
      ledger: formatAmount(ledger, baseCurrency),
      register: formatAmount(register, baseCurrency),
      difference: formatAmount(register.minus(ledger), baseCurrency),
      ok: mismatches.length === 0,
      ...(mismatches.length > 0 ? explanationOf(mismatches) : {}),
    };
  }
}

/**
 * The hash chain recomputes (whole chain, whatever asOf): ledger = entries the chain head
 * claims, register = entries that verify before the first broken one. It reads in the report's
 * snapshot, so the chain it verifies is the one the other checks read.
 */
@Injectable()
export class HashChainCheck implements RegisterCheck {
  readonly name = 'hash-chain';

  constructor(private readonly verification: VerificationService) {}

  async run(m: EntityManager): Promise<RegisterCheckResult> {
    const result = await this.verification.verifyWith(m);
    const verified = result.ok ? result.entries : Math.max(0, (result.firstBrokenSequence ?? 1) - 1);
    return {
      name: this.name,
      ledger: String(result.entries),
      register: String(verified),
      difference: String(verified - result.entries),
      ok: result.ok,
      ...(result.ok
        ? {}
        : { explanation: [{ firstBrokenSequence: result.firstBrokenSequence, problem: result.problem }] }),
    };
  }
}

/**
 * Each bank account: its ledger balance against what its statements imply the ledger should be —
 * the statement balance less the bank items not yet in the ledger plus the ledger items not yet
 * at the bank. The difference is the bank reconciliation's difference; 0 when everything is
 * explained (items merely in transit or stale still count as explained here; the bank
 * reconciliation report's `reconciled` is stricter).
 */
@Injectable()
export class BankAccountsCheck implements RegisterCheck {
  readonly name = 'bank';

  constructor(
    private readonly scopes: BankScopeRepository,
    private readonly reconciliation: BankReconciliationService,
  ) {}

  async run(m: EntityManager, asOf: string): Promise<RegisterCheckResult[]> {
    const results: RegisterCheckResult[] = [];
    for (const scope of await this.scopes.list(m)) {
      const r = await this.reconciliation.build(m, scope, asOf, 10);
      const register = new Dec(r.statementBalance).minus(r.unmatchedStatementTotal).plus(r.unmatchedLedgerTotal);
      const difference = register.minus(r.ledgerBalance);
      results.push({
        name: `${this.name}:${scope.code}`,
        ledger: r.ledgerBalance,
        register: formatAmount(register, scope.currency),
        difference: formatAmount(difference, scope.currency),
        // A statement missing (a gap) leaves the bank's side incomplete: the check cannot agree across it.
        ok: difference.isZero() && r.gaps.length === 0,
        explanation: [
          {
            currency: r.currency,
            ledgerBalance: r.ledgerBalance,
            statementBalance: r.statementBalance,
            statementBalanceBasis: r.statementBalanceBasis,
            unmatchedStatementTotal: r.unmatchedStatementTotal,
            unmatchedLedgerTotal: r.unmatchedLedgerTotal,
            unmatchedStatementLines: r.counts.unmatchedStatementLines,
            unmatchedLedgerItems: r.counts.unmatchedLedgerItems,
            staleItems: r.staleItems,
            gaps: r.gaps,
            reconciled: r.reconciled,
          },
        ],
      });
    }
    return results;
  }
}
