import { Injectable } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import { EntityManager } from 'typeorm';
import { DomainError, ErrorCode, formatAmount, parsePositiveAmount, parseRate, validationError } from '@app/common';
import { TransactionRunner } from '@app/database';
import {
  BankAccountsService,
  ChartService,
  EntryRow,
  fiscalPosition,
  FundRow,
  LedgerService,
  PoliciesService,
} from '@app/ledger';
import { ApprovedBudgetsRepository } from '../shared/approved-budgets.repository';
import { ExpenditureFilter, ExpendituresRepository, ExpenditureRow } from './expenditures.repository';

export interface ExpenditureCommand {
  fund: string;
  budgetLine: string;
  account: string;
  amount: string;
  currency: string;
  rate?: string;
  date: string;
  payee: string;
  description: string;
  bankAccount?: string;
  metadata?: Record<string, string>;
}

export interface Expenditure {
  entry: EntryRow;
  baseCurrency: string;
  payee: string;
}

/**
 * The Secretariat's day-to-day spending: Dr expense (tagged with its budget line) / Cr bank, in the
 * fund that pays. The general fund spends only on lines of the budget the meeting approved for the
 * year; grant funds spend through their grant (which checks what the donor has sent).
 */
@Injectable()
export class ExpendituresService {
  constructor(
    private readonly db: TransactionRunner,
    private readonly ledger: LedgerService,
    private readonly chart: ChartService,
    private readonly policies: PoliciesService,
    private readonly bankAccounts: BankAccountsService,
    private readonly budgets: ApprovedBudgetsRepository,
    private readonly expenditures: ExpendituresRepository,
  ) {}

  record(c: ExpenditureCommand, actorTokenId?: string): Promise<Expenditure> {
    return this.db.run(async (m) => {
      const { baseCurrency, fiscalYearStartMonth } = await this.policies.get(m);
      const fund = await this.payingFund(m, c.fund);
      await this.assertExpenseAccount(m, c.account);
      if (fund.kind === 'general') {
        await this.assertBudgetLine(m, fiscalPosition(c.date, fiscalYearStartMonth).fiscalYear, c.budgetLine);
      }
      const bank = await this.bankAccounts.resolve(m, c.bankAccount);
      if (bank.currency !== c.currency) {
        throw validationError('currency', `bank account '${bank.code}' holds ${bank.currency}; record what left it, in ${bank.currency}`);
      }
      const amount: Decimal = parsePositiveAmount(c.amount, c.currency);
      const rate = c.rate === undefined ? undefined : parseRate(c.rate);
      if (c.metadata !== undefined && 'payee' in c.metadata) throw validationError('metadata.payee', 'is reserved: send the payee as `payee`');
      const entry = await this.ledger.post(
        {
          date: c.date,
          description: c.description,
          source: 'expenditure',
          metadata: { ...(c.metadata ?? {}), payee: c.payee },
          actorTokenId,
          lines: [
            { account: c.account, fund: fund.code, side: 'debit', amount, currency: c.currency, rate, budgetLine: c.budgetLine },
            { account: bank.ledgerAccount, fund: fund.code, side: 'credit', amount, currency: c.currency, rate, bankAccount: bank.code },
          ],
        },
        m,
      );
      return { entry, baseCurrency, payee: c.payee };
    });
  }

  list(filter: ExpenditureFilter): Promise<{ rows: ExpenditureRow[] }> {
    return this.db.snapshot(async (m) => ({ rows: await this.expenditures.list(m, filter) }));
  }

  private async payingFund(m: EntityManager, code: string): Promise<FundRow> {
    const [fund] = await this.chart.funds(m, [code]);
    if (!fund) throw validationError('fund', `unknown fund '${code}'`);
    if (fund.kind === 'restricted') {
      throw new DomainError(
        ErrorCode.Conflict,
        `fund '${code}' is a grant fund: use POST /v1/grants/${code}/expenditures, which checks what the donor has sent`,
        [{ field: 'fund', message: `use POST /v1/grants/${code}/expenditures` }],
      );
    }
    return fund;
  }

  private async assertExpenseAccount(m: EntityManager, code: string): Promise<void> {
    const [account] = await this.chart.accounts(m, [code]);
    if (!account) throw validationError('account', `unknown account '${code}'`);
    if (account.type !== 'expense') throw validationError('account', `'${code}' is a${account.type === 'asset' ? 'n' : ''} ${account.type} account, not an expense account`);
  }

  /** The line must be in the latest approved version of the budget of the expenditure's fiscal year. */
  private async assertBudgetLine(m: EntityManager, fiscalYear: number, code: string): Promise<void> {
    const versions = await this.budgets.versions(m, fiscalYear);
    const current = versions[versions.length - 1];
    if (!current) throw validationError('budgetLine', `no budget has been approved for fiscal year ${fiscalYear}`);
    if (!(await this.budgets.lineExists(m, fiscalYear, current.version, code))) {
      throw validationError('budgetLine', `'${code}' is not a line of the approved budget of fiscal year ${fiscalYear} (version ${current.version})`);
    }
  }
}

export function expenditureResponse(e: Expenditure) {
  const [expense, bank] = e.entry.lines;
  return {
    id: e.entry.id,
    sequence: e.entry.sequence,
    date: e.entry.date,
    fiscalYear: e.entry.fiscalYear,
    fund: expense.fund,
    budgetLine: expense.budgetLine ?? '',
    account: expense.account,
    amount: formatAmount(expense.amount, expense.currency),
    currency: expense.currency,
    rate: expense.rate.toFixed(),
    amountBase: formatAmount(expense.amountBase, e.baseCurrency),
    payee: e.payee,
    description: e.entry.description,
    bankAccount: bank.bankAccount ?? '',
    metadata: e.entry.metadata,
    hash: e.entry.hash,
    reversedBy: e.entry.reversedByEntryId,
  };
}

export function expenditureRowResponse(r: ExpenditureRow) {
  return {
    id: r.id,
    sequence: Number(r.sequence),
    date: r.date,
    fiscalYear: r.fiscalYear,
    fund: r.fund,
    budgetLine: r.budgetLine ?? '',
    account: r.account,
    amount: r.amount,
    currency: r.currency,
    rate: r.rate,
    amountBase: r.amountBase,
    payee: r.metadata.payee ?? '',
    description: r.description,
    bankAccount: r.bankAccount ?? '',
    metadata: r.metadata,
    hash: r.hash,
    reversedBy: r.reversedBy,
  };
}
