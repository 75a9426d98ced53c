import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import { EntityManager } from 'typeorm';
import { Dec, formatAmount, parsePositiveAmount, parseRate, toBase, validationError } from '@app/common';
import { TransactionRunner } from '@app/database';
import {
  BalancesService,
  BankAccountsService,
  ChartService,
  LedgerService,
  PoliciesService,
  toEntryResponse,
} from '@app/ledger';
import { RESERVE_RULES, ruleBroken } from './domain/case-rules';
import { contributionDescription, contributionLines } from './domain/contribution-postings';
import { ReserveContributionDto } from './reserve-fund.dto';
import { ReserveFundRepository } from './reserve-fund.repository';

export interface ContributionView {
  id: string;
  source: ReserveContributionDto['source'];
  amount: string;
  currency: string;
  rate: string;
  amountBase: string;
  date: string;
  member: string | null;
  donor: string | null;
  fromFund: string | null;
  decision: string | null;
  reference: string | null;
  bankAccount: string;
  entry: ReturnType<typeof toEntryResponse>;
}

/** No rate for the base currency (a stated one must be 1); a positive one otherwise. */
export function rateFor(currency: string, rate: string | undefined, base: string, field = 'rate'): Decimal | undefined {
  if (currency === base) {
    if (rate !== undefined && !new Dec(rate).equals(1))
      throw validationError(field, `must be 1 (or absent) for the base currency ${base}`);
    return undefined;
  }
  if (rate === undefined) throw validationError(field, `is required: ${currency} is not the base currency ${base}`);
  return parseRate(rate, field);
}

/** The ledger accounts of the bank accounts: a fund's cash. */
export async function cashAccounts(m: EntityManager, bankAccounts: BankAccountsService): Promise<string[]> {
  return [...new Set((await bankAccounts.list(m)).map((b) => b.ledgerAccount))];
}

/**
 * Money into the reserve fund: from a member, from a donor, or transferred from the general fund
 * by a decision. A transfer is two balanced halves of one entry, because the cash sits in one
 * bank account shared by the funds: GEN Dr 5800 / Cr bank, RES Dr bank / Cr 4800.
 */
@Injectable()
export class ReserveContributionsService {
  constructor(
    private readonly db: TransactionRunner,
    private readonly repository: ReserveFundRepository,
    private readonly ledger: LedgerService,
    private readonly bankAccounts: BankAccountsService,
    private readonly chart: ChartService,
    private readonly balances: BalancesService,
    private readonly policies: PoliciesService,
  ) {}

  contribute(dto: ReserveContributionDto, actorTokenId?: string): Promise<ContributionView> {
    return this.db.run(async (m) => {
      const { baseCurrency: base } = await this.policies.get(m);
      await this.checkParties(m, dto);
      const bank = await this.bankAccounts.resolve(m, dto.bankAccount);
      const currency = dto.currency ?? bank.currency;
      if (dto.source === 'general_fund' && currency !== base) {
        throw validationError('currency', `a transfer between funds is in the base currency ${base}`);
      }
      const amount = parsePositiveAmount(dto.amount, currency);
      const rate = rateFor(currency, dto.rate, base);
      const amountBase = toBase(amount, rate ?? new Dec(1), base);
      const fromFund = dto.source === 'general_fund' ? await this.sourceFund(m, dto, amountBase, base) : null;

      const id = randomUUID();
      const facts = { ...dto, fromFund, bank, amount, currency, rate, amountBase, base };
      const entry = await this.ledger.post(
        {
          date: dto.date,
          description: contributionDescription(facts),
          source: 'reserve_contribution',
          sourceId: id,
          metadata: dto.metadata,
          actorTokenId,
          lines: contributionLines(facts),
        },
        m,
      );
      const row = {
        id,
        source: dto.source,
        amount: formatAmount(amount, currency),
        currency,
        rate: (rate ?? new Dec(1)).toFixed(),
        amountBase: formatAmount(amountBase, base),
        date: dto.date,
        member: dto.member ?? null,
        donor: dto.donor ?? null,
        fromFund,
        decision: dto.decision ?? null,
        reference: dto.reference ?? null,
        bankAccount: bank.code,
        entryId: entry.id,
        actorTokenId: actorTokenId ?? null,
      };
      await this.repository.insertContribution(m, row);
      return {
        ...row,
        entry: toEntryResponse(entry, base),
      };
    });
  }

  /** Who may be named for each source, and that they exist. */
  private async checkParties(m: EntityManager, dto: ReserveContributionDto): Promise<void> {
    if (dto.source === 'member') {
      if (dto.member === undefined) throw validationError('member', "is required when source is 'member'");
      if (!(await this.repository.memberExists(m, dto.member)))
        throw validationError('member', `unknown member '${dto.member}'`);
    } else if (dto.member !== undefined) {
      throw validationError('member', "only a contribution with source 'member' names a member");
    }
    if (dto.source !== 'general_fund' && dto.fromFund !== undefined) {
      throw validationError('fromFund', "only a transfer (source 'general_fund') comes from another fund");
    }
    if (dto.source === 'general_fund' && dto.decision === undefined) {
      throw validationError('decision', 'a transfer from the general fund needs the decision that authorised it');
    }
    if (dto.donor !== undefined) {
      if (dto.source !== 'donor')
        throw validationError('donor', "only a contribution with source 'donor' names a donor");
      if (!(await this.repository.donorExists(m, dto.donor)))
        throw validationError('donor', `unknown donor '${dto.donor}'`);
    }
  }

  /** The general fund the transfer comes from, which must have the cash from that date on. */
  private async sourceFund(
    m: EntityManager,
    dto: ReserveContributionDto,
    amountBase: Decimal,
    base: string,
  ): Promise<string> {
    const code = dto.fromFund ?? 'GEN';
    const [fund] = await this.chart.funds(m, [code]);
    if (!fund || fund.kind !== 'general' || !fund.active) {
      throw validationError(
        'fromFund',
        `'${code}' is not an active general fund; transfers to the reserve fund come from unrestricted money`,
      );
    }
    const lowest = await this.balances.lowestNetDebitFrom(m, code, await cashAccounts(m, this.bankAccounts), dto.date);
    if (lowest.lt(amountBase)) {
      throw ruleBroken(
        RESERVE_RULES.transferCash,
        `fund ${code} holds ${formatAmount(Dec.max(lowest, 0), base)} ${base} of cash from ${dto.date} on; ` +
          `it cannot transfer ${formatAmount(amountBase, base)} ${base} to the reserve fund`,
        { available: formatAmount(Dec.max(lowest, 0), base), currency: base },
      );
    }
    return code;
  }
}
