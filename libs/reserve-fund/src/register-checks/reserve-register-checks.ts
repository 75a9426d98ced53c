import { Injectable } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import { EntityManager } from 'typeorm';
import { Dec, formatAmount } from '@app/common';
import { BankAccountsService, PoliciesService } from '@app/ledger';
import { compareFundFigures, explanationOf, ZERO } from '@app/register-checks';
import type { FundFigure, RegisterCheck, RegisterCheckResult } from '@app/register-checks';
import { commitment } from '../domain/case-rules';
import { caseViews } from '../reserve-cases.service';
import { ReserveFundRepository } from '../reserve-fund.repository';
import {
  ReserveFundEntryRow,
  ReserveRegister,
  ReserveRegisterChecksRepository,
} from './reserve-register-checks.repository';

/**
 * The reserve-fund registers against fund RES, as at asOf (base currency):
 * - `reserve-fund:contributions` — Σ contributions in the register vs the revenue of RES
 *   (the year-end close left out);
 * - `reserve-fund:disbursements` — Σ disbursements of cases vs the expenses of RES (same);
 * - `reserve-fund:balance` — contributions − disbursements vs the cash of RES (the reserve-fund
 *   report's balance);
 * - `reserve-fund:commitments` — Σ (approved − disbursed) of the approved, open cases, with
 *   disbursed from the register, vs the same with disbursed from the ledger (what the reserve-fund
 *   report and the Protocol's checks use): they part when a disbursement's entry is reversed.
 * A failing check lists the entries of RES no register row names, the rows whose entry is
 * missing, disagrees or has been reversed, or (commitments) the cases whose figures part.
 */
@Injectable()
export class ReserveRegisterChecks implements RegisterCheck {
  readonly name = 'reserve-fund';

  private static readonly FIGURES: readonly FundFigure<ReserveFundEntryRow, ReserveRegister>[] = [
    {
      suffix: 'contributions',
      ofEntry: (e) => (e.source === 'closing' ? ZERO : new Dec(e.revenue)),
      rows: { reserve_contributions: 1, reserve_case_disbursements: 0 },
    },
    {
      suffix: 'disbursements',
      ofEntry: (e) => (e.source === 'closing' ? ZERO : new Dec(e.expense)),
      rows: { reserve_contributions: 0, reserve_case_disbursements: 1 },
    },
    {
      suffix: 'balance',
      ofEntry: (e) => new Dec(e.cash),
      rows: { reserve_contributions: 1, reserve_case_disbursements: -1 },
    },
  ];

  constructor(
    private readonly repository: ReserveRegisterChecksRepository,
    private readonly reserveFund: ReserveFundRepository,
    private readonly bankAccounts: BankAccountsService,
    private readonly policies: PoliciesService,
  ) {}

  async run(m: EntityManager, asOf: string): Promise<RegisterCheckResult[]> {
    const { baseCurrency } = await this.policies.get(m);
    const cash = [...new Set((await this.bankAccounts.list(m)).map((b) => b.ledgerAccount))];
    const entries = await this.repository.fundEntries(m, cash, asOf);
    const rows = await this.repository.registerRows(m, asOf);
    const results = compareFundFigures({
      name: this.name,
      currency: baseCurrency,
      figures: ReserveRegisterChecks.FIGURES,
      entries,
      rows,
    });
    results.push(await this.commitments(m, asOf, baseCurrency));
    return results;
  }

  private async commitments(m: EntityManager, asOf: string, base: string): Promise<RegisterCheckResult> {
    const fmt = (d: Decimal): string => formatAmount(d, base);
    const cases = await caseViews(this.reserveFund, m, await this.reserveFund.listCases(m, asOf), asOf, base);
    const paidPerRegister = await this.repository.registerDisbursedByCase(m, asOf);
    let ledger = ZERO;
    let register = ZERO;
    const parted: unknown[] = [];
    for (const c of cases) {
      const approved = c.approvedAmount === null ? null : new Dec(c.approvedAmount);
      const registerPaid = new Dec(paidPerRegister.get(c.id) ?? 0);
      const inLedger = new Dec(c.commitment);
      const inRegister = commitment(c.status, approved, registerPaid);
      ledger = ledger.plus(inLedger);
      register = register.plus(inRegister);
      if (!inLedger.equals(inRegister)) {
        parted.push({
          case: c.id,
          title: c.title,
          status: c.status,
          approved: c.approvedAmount,
          disbursedPerLedger: c.disbursed,
          disbursedPerRegister: fmt(registerPaid),
          ledger: fmt(inLedger),
          register: fmt(inRegister),
          difference: fmt(inRegister.minus(inLedger)),
        });
      }
    }
    const difference = register.minus(ledger);
    return {
      name: `${this.name}:commitments`,
      ledger: fmt(ledger),
      register: fmt(register),
      difference: fmt(difference),
      ok: difference.isZero() && parted.length === 0,
      ...(parted.length > 0 ? explanationOf(parted) : {}),
    };
  }
}
