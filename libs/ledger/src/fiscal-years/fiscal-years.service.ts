import { Injectable } from '@nestjs/common';
import { Dec, DomainError, ErrorCode } from '@app/common';
import { EntityManager } from 'typeorm';
import { TransactionRunner } from '@app/database';
import { fiscalYearBounds } from '../domain/fiscal-calendar';
import { PostingLine } from '../domain/posting';
import { EntryRow, JournalRepository } from '../entries/journal.repository';
import { LedgerService } from '../entries/ledger.service';
import { PoliciesRepository } from '../policies/policies.repository';
import { FiscalYearRow, ReferenceDataRepository } from '../reference-data.repository';
import { BalancesRepository } from '../reports/balances.repository';

export interface CloseResult {
  fiscalYear: number;
  closedOn: string;
  closingEntries: EntryRow[];
}

@Injectable()
export class FiscalYearsService {
  constructor(
    private readonly db: TransactionRunner,
    private readonly ledger: LedgerService,
    private readonly reference: ReferenceDataRepository,
    private readonly policies: PoliciesRepository,
    private readonly journal: JournalRepository,
    private readonly balances: BalancesRepository,
  ) {}

  /** The fiscal years the ledger knows, in the caller's transaction when given one. */
  list(m?: EntityManager): Promise<FiscalYearRow[]> {
    return m ? this.reference.fiscalYears(m) : this.db.run((tx) => this.reference.fiscalYears(tx));
  }

  /** The latest closed fiscal year: nothing may be posted into it or any year before it; null if none. */
  lastClosedYear(m: EntityManager): Promise<number | null> {
    return this.reference.lastClosedYear(m);
  }

  /**
   * Year-end close: one closing entry per fund moves that fund's revenue and expenses of the year
   * to its net assets, dated the last day of the year; then the year is locked, and with it every
   * year before it (the database refuses entries there too), so years are closed in order.
   * Taking the year's row FOR UPDATE makes the close wait for postings in flight into the year and
   * makes later ones see it closed.
   */
  close(year: number, actorTokenId?: string, today = new Date().toISOString().slice(0, 10)): Promise<CloseResult> {
    return this.db.run(async (m) => {
      const policies = await this.policies.get(m);
      const bounds = fiscalYearBounds(year, policies.fiscalYearStartMonth);
      // The closing entries are dated the year's last day and the close locks the year: until that
      // day has passed, postings of the year may still come.
      if (bounds.endsOn >= today) {
        throw new DomainError(ErrorCode.BusinessRule, `fiscal year ${year} ends on ${bounds.endsOn}: it can be closed once that day has passed`);
      }
      if (!(await this.reference.fiscalYearKnown(m, year))) {
        throw new DomainError(
          ErrorCode.NotFound,
          `fiscal year ${year} is unknown to the ledger: nothing was posted into it and no budget was approved for it`,
        );
      }
      await this.reference.ensureFiscalYear(m, year, bounds.startsOn, bounds.endsOn);
      const row = await this.reference.lockFiscalYearForClose(m, year);
      if (row?.status === 'closed') throw new DomainError(ErrorCode.PeriodClosed, `fiscal year ${year} is already closed`);
      // From here to commit nothing else is appended to the ledger: a posting into an earlier year
      // either committed before (and is in the figures below) or will find this year closed.
      // (Postings into this year wait on its row, and take the chain lock after it: no cycle.)
      await this.journal.lockChainHead(m);
      const open = await this.reference.earliestOpenYearBefore(m, year);
      if (open !== undefined) {
        throw new DomainError(ErrorCode.BusinessRule, `fiscal year ${open} is still open: close the years in order, ${open} first`);
      }
      const balances = await this.balances.revenueAndExpenseNets(m, year);
      const byFund = new Map<string, typeof balances>();
      for (const b of balances) byFund.set(b.fund, [...(byFund.get(b.fund) ?? []), b]);
      const closingEntries: EntryRow[] = [];
      for (const [fund, rows] of byFund) {
        const lines: PostingLine[] = [];
        let toNetAssets = new Dec(0);
        for (const r of rows) {
          const net = new Dec(r.net);
          // A debit balance is closed with a credit, and the other way round.
          lines.push({ account: r.account, fund, side: net.gt(0) ? 'credit' : 'debit', amount: net.abs() });
          toNetAssets = toNetAssets.plus(net);
        }
        if (!toNetAssets.isZero()) {
          lines.push({ account: rows[0].netAssets, fund, side: toNetAssets.gt(0) ? 'debit' : 'credit', amount: toNetAssets.abs() });
        }
        if (lines.length < 2) continue;
        closingEntries.push(
          await this.ledger.post(
            {
              date: bounds.endsOn,
              description: `Year-end close ${year}: revenue and expenses of fund ${fund} to net assets`,
              source: 'closing',
              sourceId: String(year),
              actorTokenId,
              lines,
            },
            m,
          ),
        );
      }
      await this.reference.markClosed(m, year);
      return { fiscalYear: year, closedOn: bounds.endsOn, closingEntries };
    });
  }
}
