import { Injectable } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import { EntityManager } from 'typeorm';
import { Dec, formatAmount } from '@app/common';
import { BalancesService } from '@app/ledger';
import { explanationOf, RegisterCheck, RegisterCheckResult } from '@app/register-checks';
import { StatusOfContributionsService } from '../reports/status-of-contributions.service';

/** The contributions control accounts of the default chart (this lib posts to these). */
const RECEIVABLE = '1100';
const ADVANCES = '2100';

/**
 * The contributions sub-ledger against its control accounts, as at asOf (base currency):
 * - contributions:receivable — 1100's debit balance (all postings, tagged with a member or not)
 *   against Σ members' outstanding in the status of contributions;
 * - contributions:advances — 2100's credit balance against Σ members' advances.
 * A failing check lists the members whose own ledger balance (member dimension) differs from the
 * register, and the part of the control account carried by no member.
 */
@Injectable()
export class ContributionsChecks implements RegisterCheck {
  readonly name = 'contributions';

  constructor(
    private readonly status: StatusOfContributionsService,
    private readonly balances: BalancesService,
  ) {}

  async run(m: EntityManager, asOf: string): Promise<RegisterCheckResult[]> {
    const report = await this.status.build(m, asOf, 'en');
    const base = report.currency;
    const accounts = await this.balances.byAccountAndFund(m, asOf);
    const netDebit = (account: string): Decimal =>
      accounts
        .filter((r) => r.account === account)
        .reduce((s, r) => s.plus(r.debitBase).minus(r.creditBase), new Dec(0));
    const register = (field: 'outstanding' | 'advance'): Map<string, Decimal> =>
      new Map(report.members.map((row) => [row.member, new Dec(row[field])]));

    return [
      await this.compare(
        m,
        asOf,
        base,
        'contributions:receivable',
        RECEIVABLE,
        netDebit(RECEIVABLE),
        register('outstanding'),
        1,
      ),
      await this.compare(
        m,
        asOf,
        base,
        'contributions:advances',
        ADVANCES,
        netDebit(ADVANCES).negated(),
        register('advance'),
        -1,
      ),
    ];
  }

  /** `sign` turns a member's net debit into the register's sense (+1 receivable, −1 advances). */
  private async compare(
    m: EntityManager,
    asOf: string,
    base: string,
    name: string,
    account: string,
    ledger: Decimal,
    registerByMember: Map<string, Decimal>,
    sign: 1 | -1,
  ): Promise<RegisterCheckResult> {
    const fmt = (d: Decimal): string => formatAmount(d, base);
    const register = [...registerByMember.values()].reduce((s, d) => s.plus(d), new Dec(0));
    const difference = register.minus(ledger);
    const result: RegisterCheckResult = {
      name,
      ledger: fmt(ledger),
      register: fmt(register),
      difference: fmt(difference),
      ok: difference.isZero(),
    };
    if (result.ok) return result;
    const explanation: unknown[] = [];
    const byMember = await this.balances.byDimension(m, 'member_code', account, asOf);
    let tagged = new Dec(0);
    for (const row of byMember) {
      const memberLedger = new Dec(row.debitBase).minus(row.creditBase).times(sign);
      tagged = tagged.plus(memberLedger);
      const memberRegister = registerByMember.get(row.key) ?? new Dec(0);
      registerByMember.delete(row.key);
      if (!memberLedger.equals(memberRegister)) {
        explanation.push({
          member: row.key,
          ledger: fmt(memberLedger),
          register: fmt(memberRegister),
          difference: fmt(memberRegister.minus(memberLedger)),
        });
      }
    }
    for (const [member, amount] of registerByMember) {
      if (!amount.isZero())
        explanation.push({ member, ledger: fmt(new Dec(0)), register: fmt(amount), difference: fmt(amount) });
    }
    const untagged = ledger.minus(tagged);
    // Postings on the control account that name no member: the register has nothing against them.
    if (!untagged.isZero())
      explanation.push({ member: null, account, ledger: fmt(untagged), difference: fmt(untagged.negated()) });
    return { ...result, ...explanationOf(explanation) };
  }
}
