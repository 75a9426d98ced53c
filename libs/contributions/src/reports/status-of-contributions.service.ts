import { Injectable } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import { EntityManager } from 'typeorm';
import { Dec, formatAmount, minorUnits } from '@app/common';
import { TransactionRunner } from '@app/database';
import { fiscalPosition, fiscalYearBounds, PoliciesService } from '@app/ledger';
import { addDays, collectionRate, standingFrom } from '../domain/standing';
import { HonourRollEntry, ReportLang, StatusMember, StatusOfContributions, StatusYear } from './report-types';
import { MemberPosition, memberYears, ReportsRepository } from './reports.repository';

const ZERO = new Dec(0);

/** A member's years, oldest first; none may owe less than nothing. */
function yearsOf(position: MemberPosition, asOf: string): StatusYear[] {
  const years = memberYears(position);
  for (const y of years)
    if (y.outstanding.startsWith('-'))
      throw new Error(`invariant: ${position.member} FY ${y.fiscalYear} outstanding ${y.outstanding} as at ${asOf}`);
  return years;
}

/**
 * Status of contributions as at any date: member × fiscal year assessed, paid, written off,
 * outstanding; advances, arrears, standing, collection rate and the honour roll. Read in one
 * REPEATABLE READ snapshot from the figures maintained per member-year in the same transactions as
 * the register rows and journal entries that change them (and checked against them by the
 * `contributions:status-figures` register check); what straddles the date is summed from the register.
 */
@Injectable()
export class StatusOfContributionsService {
  constructor(
    private readonly db: TransactionRunner,
    private readonly reports: ReportsRepository,
    private readonly policies: PoliciesService,
  ) {}

  get(asOf: string, lang: ReportLang = 'en'): Promise<StatusOfContributions> {
    return this.db.snapshot((m) => this.build(m, asOf, lang));
  }

  /**
   * The report inside the caller's transaction (other reports reuse it within their own
   * snapshot). With `member`, only that member's row and no honour roll.
   */
  async build(m: EntityManager, asOf: string, lang: ReportLang, member?: string): Promise<StatusOfContributions> {
    const policies = await this.policies.get(m);
    const base = policies.baseCurrency;
    const fmt = (d: Decimal): string => formatAmount(d, base);
    const { fiscalYear } = fiscalPosition(asOf, policies.fiscalYearStartMonth);
    const [positions, received, members, exempt] = [
      await this.reports.memberPositions(m, {
        asOf,
        scale: minorUnits(base),
        currentYear: fiscalYear,
        standingYears: policies.standing.years,
        member,
      }),
      await this.reports.received(m, {
        asOf,
        fiscalYear,
        startsOn: fiscalYearBounds(fiscalYear, policies.fiscalYearStartMonth).startsOn,
        member,
      }),
      await this.reports.members(m, member),
      await this.reports.exemptMembers(m, asOf, fiscalYear),
    ];

    const positionOf = new Map(positions.map((p) => [p.member, p]));
    const receivedOf = new Map(received.map((r) => [r.member, new Dec(r.received)]));

    const rows: StatusMember[] = [];
    const totals = { assessed: ZERO, paid: ZERO, writtenOff: ZERO, outstanding: ZERO, advance: ZERO, arrears: ZERO };
    for (const who of members) {
      const t = positionOf.get(who.code);
      const receivedBase = receivedOf.get(who.code) ?? ZERO;
      if (who.joinedOn > asOf && t === undefined && receivedBase.isZero()) continue;
      const assessed = new Dec(t?.assessed ?? 0);
      const paid = new Dec(t?.paid ?? 0);
      const writtenOff = new Dec(t?.writtenOff ?? 0);
      const outstanding = new Dec(t?.outstanding ?? 0);
      const arrears = new Dec(t?.arrears ?? 0);
      const advance = receivedBase.minus(paid);
      if (advance.lt(0))
        throw new Error(
          `invariant: ${who.code} has applied more than it paid as at ${asOf} (advance ${advance.toFixed()})`,
        );
      rows.push({
        member: who.code,
        name: lang === 'es' ? who.nameEs : who.nameEn,
        assessed: fmt(assessed),
        paid: fmt(paid),
        writtenOff: fmt(writtenOff),
        outstanding: fmt(outstanding),
        advance: fmt(advance),
        arrears: fmt(arrears),
        standing: standingFrom(policies.standing, arrears, new Dec(t?.threshold ?? 0), exempt.has(who.code)),
        collectionRate: collectionRate(paid, assessed),
        years: t === undefined ? [] : yearsOf(t, asOf),
      });
      totals.assessed = totals.assessed.plus(assessed);
      totals.paid = totals.paid.plus(paid);
      totals.writtenOff = totals.writtenOff.plus(writtenOff);
      totals.outstanding = totals.outstanding.plus(outstanding);
      totals.advance = totals.advance.plus(advance);
      totals.arrears = totals.arrears.plus(arrears);
    }

    const honourRoll: HonourRollEntry[] =
      member === undefined
        ? (await this.reports.honourRollCandidates(m, asOf, policies.honourRollDays))
            .filter(
              (c) =>
                c.paidInFullOn !== null &&
                c.dueFrom !== null &&
                c.paidInFullOn <= addDays(c.dueFrom, policies.honourRollDays),
            )
            .map((c) => ({ member: c.member, fiscalYear: c.fiscalYear, paidInFullOn: c.paidInFullOn as string }))
        : [];

    return {
      asOf,
      currency: base,
      lang,
      fiscalYear,
      standingPolicy: { rule: policies.standing.rule, years: policies.standing.years },
      honourRollDays: policies.honourRollDays,
      members: rows,
      totals: {
        assessed: fmt(totals.assessed),
        paid: fmt(totals.paid),
        writtenOff: fmt(totals.writtenOff),
        outstanding: fmt(totals.outstanding),
        advance: fmt(totals.advance),
        arrears: fmt(totals.arrears),
        collectionRate: collectionRate(totals.paid, totals.assessed),
      },
      honourRoll,
    };
  }

  /**
   * The register's side of the sub-ledger checks (reconciliation): Σ outstanding should equal the
   * member balances of receivable 1100, Σ advance the member credits of 2100.
   */
  async registerTotals(m: EntityManager, asOf: string): Promise<{ outstanding: string; advance: string }> {
    const report = await this.build(m, asOf, 'en');
    return { outstanding: report.totals.outstanding, advance: report.totals.advance };
  }
}
