import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Dec, formatAmount, minorUnits } from '@app/common';
import { fiscalPosition, fiscalYearBounds, PoliciesService } from '@app/ledger';
import { explanationOf, RegisterCheck, RegisterCheckResult } from '@app/register-checks';
import { ReportsRepository } from '../reports/reports.repository';

/**
 * contributions:status-figures — the figures the status of contributions reads (maintained per
 * member-year and per member's receipts by triggers on the register) against the same figures
 * summed from the register joined with the journal, as at asOf: every member-year's assessed,
 * paid, written off, outstanding, arrears and threshold, every member's receipts and every
 * honour-roll date. `ledger` and `register` are Σ outstanding from the journal and from the
 * figures; the check fails when any one figure differs, and lists them.
 */
@Injectable()
export class StatusFiguresCheck implements RegisterCheck {
  readonly name = 'contributions:status-figures';

  constructor(
    private readonly reports: ReportsRepository,
    private readonly policies: PoliciesService,
  ) {}

  async run(m: EntityManager, asOf: string): Promise<RegisterCheckResult> {
    const policies = await this.policies.get(m);
    const { fiscalYear } = fiscalPosition(asOf, policies.fiscalYearStartMonth);
    const f = {
      asOf,
      scale: minorUnits(policies.baseCurrency),
      currentYear: fiscalYear,
      standingYears: policies.standing.years,
    };
    const startsOn = fiscalYearBounds(fiscalYear, policies.fiscalYearStartMonth).startsOn;
    const differences: unknown[] = [];
    const compare = <T>(what: string, keyOf: (row: T) => string, maintained: T[], fromJournal: T[]): void => {
      const journal = new Map(fromJournal.map((row) => [keyOf(row), row]));
      const figures = new Map(maintained.map((row) => [keyOf(row), row]));
      for (const key of new Set([...journal.keys(), ...figures.keys()]))
        if (JSON.stringify(figures.get(key)) !== JSON.stringify(journal.get(key)))
          differences.push({ what, key, ledger: journal.get(key) ?? null, register: figures.get(key) ?? null });
    };

    const figures = await this.reports.statusFigures(m, f);
    const fromJournal = await this.reports.statusFiguresFromRegister(m, f);
    compare('member-year', (r) => `${r.member} ${r.fiscalYear ?? 'total'}`, figures, fromJournal);
    // Receipts compare as amounts (a member with nothing received may be listed by one side only).
    const amounts = (rows: { member: string; received: string }[]) =>
      rows.map((r) => ({ member: r.member, received: new Dec(r.received) })).filter((r) => !r.received.isZero());
    const received = amounts(await this.reports.received(m, { asOf, fiscalYear, startsOn }));
    const receivedFromJournal = amounts(await this.reports.receivedFromRegister(m, asOf));
    compare(
      'received',
      (r) => r.member,
      received.map((r) => ({ ...r, received: r.received.toFixed() })),
      receivedFromJournal.map((r) => ({ ...r, received: r.received.toFixed() })),
    );
    compare(
      'honour roll',
      (r) => `${r.member} ${r.fiscalYear}`,
      await this.reports.honourRollCandidates(m, asOf),
      await this.reports.honourRollCandidatesFromRegister(m, asOf),
    );

    const outstanding = (rows: typeof figures) =>
      rows.filter((r) => r.fiscalYear === null).reduce((s, r) => s.plus(r.outstanding), new Dec(0));
    const ledger = outstanding(fromJournal);
    const register = outstanding(figures);
    const fmt = (d: InstanceType<typeof Dec>): string => formatAmount(d, policies.baseCurrency);
    return {
      name: this.name,
      ledger: fmt(ledger),
      register: fmt(register),
      difference: fmt(register.minus(ledger)),
      ok: differences.length === 0,
      ...(differences.length === 0 ? {} : explanationOf(differences)),
    };
  }
}
