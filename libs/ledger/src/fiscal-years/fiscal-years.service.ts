import { Injectable } from '@nestjs/common';
import { Dec, DomainError, ErrorCode } from '@app/common';
import { TransactionRunner } from '@app/database';
import { fiscalYearBounds } from '../domain/fiscal-calendar';
import { PostingLine } from '../domain/posting';
import { EntryRow, JournalRepository } from '../entries/journal.repository';
import { LedgerService } from '../entries/ledger.service';
import { PoliciesRepository } from '../policies/policies.repository';
import { FiscalYearRow, ReferenceDataRepository } from '../reference-data.repository';

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
  ) {}

  list(): Promise<FiscalYearRow[]> {
    return this.db.run((m) => this.reference.fiscalYears(m));
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
      await m.query('INSERT INTO fiscal_years (year, starts_on, ends_on) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
        year,
        bounds.startsOn,
        bounds.endsOn,
      ]);
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
      const balances: { fund: string; account: string; type: string; net: string; netAssets: string }[] = await m.query(
        `SELECT p.fund_code AS fund, p.account_code AS account, a.type, f.net_assets_account AS "netAssets",
                sum(CASE p.side WHEN 'debit' THEN p.amount_base ELSE -p.amount_base END)::text AS net
           FROM postings p JOIN accounts a ON a.code = p.account_code JOIN funds f ON f.code = p.fund_code
          WHERE p.fiscal_year = $1 AND a.type IN ('revenue', 'expense')
          GROUP BY 1, 2, 3, 4 HAVING sum(CASE p.side WHEN 'debit' THEN p.amount_base ELSE -p.amount_base END) <> 0
          ORDER BY 1, 2`,
        [year],
      );
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
