import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Dec, formatAmount, minorUnits } from '@app/common';
import { TransactionRunner } from '@app/database';
import { fiscalPosition, fiscalYearBounds, PoliciesService } from '@app/ledger';
import { collectionRate, standingFrom } from '../domain/standing';
import { honourRoll, isListed, StatusFigures, statusFigures, totalFigures } from '../domain/status-figures';
import { ReportLang, StatusMember, StatusOfContributions, StatusTotals, StatusYear } from './report-types';
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

/** The figures as the report gives them: decimal strings at the base currency's scale. */
function formatted(f: StatusFigures, currency: string): Omit<StatusTotals, 'collectionRate'> {
  return {
    assessed: formatAmount(f.assessed, currency),
    paid: formatAmount(f.paid, currency),
    writtenOff: formatAmount(f.writtenOff, currency),
    outstanding: formatAmount(f.outstanding, currency),
    advance: formatAmount(f.advance, currency),
    arrears: formatAmount(f.arrears, currency),
  };
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
    const listed: StatusFigures[] = [];
    const rows: StatusMember[] = [];
    for (const who of members) {
      const position = positionOf.get(who.code);
      const receivedBase = receivedOf.get(who.code) ?? ZERO;
      if (!isListed(who.joinedOn, asOf, position, receivedBase)) continue;
      const f = statusFigures(who.code, asOf, position, receivedBase);
      listed.push(f);
      rows.push({
        member: who.code,
        name: lang === 'es' ? who.nameEs : who.nameEn,
        ...formatted(f, base),
        standing: standingFrom(policies.standing, f.arrears, new Dec(position?.threshold ?? 0), exempt.has(who.code)),
        collectionRate: collectionRate(f.paid, f.assessed),
        years: position === undefined ? [] : yearsOf(position, asOf),
      });
    }
    const totals = totalFigures(listed);
    // The query already keeps only the member-years within the window (so that a long history is
    // not read whole); the rule is applied again to what it returns, which costs one pass.
    const roll =
      member === undefined
        ? honourRoll(await this.reports.honourRollCandidates(m, asOf, policies.honourRollDays), policies.honourRollDays)
        : [];

    return {
      asOf,
      currency: base,
      lang,
      fiscalYear,
      standingPolicy: { rule: policies.standing.rule, years: policies.standing.years },
      honourRollDays: policies.honourRollDays,
      members: rows,
      totals: { ...formatted(totals, base), collectionRate: collectionRate(totals.paid, totals.assessed) },
      honourRoll: roll,
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
