import { Injectable } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import { EntityManager } from 'typeorm';
import { BalanceDimension, BalanceRow, BalancesRepository, DimensionBalanceRow } from './balances.repository';

/**
 * What other domains read of the ledger's balances, in their own transaction (`m`): balances of
 * accounts per fund as at a date, per dimension (member, grant, budget line), and the net of some
 * accounts in one fund.
 */
@Injectable()
export class BalancesService {
  constructor(private readonly balances: BalancesRepository) {}

  /** Balances per account × fund as at `asOf` (in `fund` when given), from the roll-ups. */
  byAccountAndFund(m: EntityManager, asOf: string, fund?: string): Promise<BalanceRow[]> {
    return this.balances.byAccountAndFund(m, asOf, fund);
  }

  /** The same balances summed straight from the postings: the reference the roll-ups are checked against. */
  byAccountAndFundFromPostings(m: EntityManager, asOf: string): Promise<BalanceRow[]> {
    return this.balances.byAccountAndFundFromPostings(m, asOf);
  }

  /** Balances of one account per dimension value (member, grant, budget line), as at a date. */
  byDimension(
    m: EntityManager,
    dimension: BalanceDimension,
    account: string,
    asOf: string,
    fund?: string,
  ): Promise<DimensionBalanceRow[]> {
    return this.balances.byDimension(m, dimension, account, asOf, fund);
  }

  /** Net debit balance (base currency; negative = credit) of `accounts` in `fund` up to `asOf` (all dates when absent). */
  netDebit(m: EntityManager, fund: string, accounts: readonly string[], asOf?: string): Promise<Decimal> {
    return this.balances.netDebit(m, fund, accounts, asOf);
  }

  /**
   * The lowest net debit balance of `accounts` in `fund` on `date` or any later date with
   * postings: a back-dated payment must not take the balance below a limit at any time after.
   */
  lowestNetDebitFrom(m: EntityManager, fund: string, accounts: readonly string[], date: string): Promise<Decimal> {
    return this.balances.lowestNetDebitFrom(m, fund, accounts, date);
  }
}
