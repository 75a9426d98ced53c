import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainError, ErrorCode, minorUnits, validationError } from '@app/common';
import { TransactionRunner } from '@app/database';
import { PoliciesRepository } from '../policies/policies.repository';
import { ReferenceDataRepository } from '../reference-data.repository';
import { BankAccountRow, BankAccountsRepository } from './bank-accounts.repository';

@Injectable()
export class BankAccountsService {
  constructor(
    private readonly db: TransactionRunner,
    private readonly bankAccounts: BankAccountsRepository,
    private readonly reference: ReferenceDataRepository,
    private readonly policies: PoliciesRepository,
  ) {}

  /** Every bank account by code, in the caller's transaction when given one. */
  list(m?: EntityManager): Promise<BankAccountRow[]> {
    return m ? this.bankAccounts.list(m) : this.db.run((tx) => this.bankAccounts.list(tx));
  }

  /**
   * The bank account a payment or receipt goes to: the one named, else the installation's
   * default. Its ledger account is what the posting debits (with the `bankAccount` dimension).
   */
  async resolve(m: EntityManager, code: string | undefined, field = 'bankAccount'): Promise<BankAccountRow> {
    const wanted = code ?? (await this.policies.get(m)).defaultBankAccount;
    if (!wanted) throw validationError(field, 'no bank account named and no default bank account is set in the policies');
    const account = await this.bankAccounts.find(m, wanted);
    if (!account) throw validationError(field, `unknown bank account '${wanted}'`);
    if (!account.active) throw new DomainError(ErrorCode.InactiveAccount, `bank account '${wanted}' is inactive`);
    return account;
  }

  create(input: {
    code: string;
    name: string;
    currency: string;
    ledgerAccount: string;
    accountNumber?: string | null;
  }): Promise<BankAccountRow> {
    return this.db.run(async (m) => {
      minorUnits(input.currency, 'currency');
      const [ledgerAccount] = await this.reference.accounts(m, [input.ledgerAccount]);
      if (!ledgerAccount || ledgerAccount.type !== 'asset') {
        throw validationError('ledgerAccount', `'${input.ledgerAccount}' is not an asset account`);
      }
      const row: BankAccountRow = {
        code: input.code,
        name: input.name,
        currency: input.currency,
        ledgerAccount: input.ledgerAccount,
        active: true,
        accountNumber: normaliseAccountNumber(input.accountNumber),
      };
      if (!(await this.bankAccounts.insert(m, row))) {
        throw new DomainError(ErrorCode.AlreadyExists, `bank account '${input.code}' already exists`);
      }
      return row;
    });
  }
}

/** Longest account number kept (an IBAN has at most 34 characters; MT940 :25: at most 35). */
export const MAX_ACCOUNT_NUMBER_LENGTH = 70;

/**
 * An account number as bank files are compared with it: spaces removed (IBANs are printed in
 * groups of four), capitals. Null or blank → null. Anything else unusable is a 400 on `field`.
 */
export function normaliseAccountNumber(raw: string | null | undefined, field = 'accountNumber'): string | null {
  if (raw === null || raw === undefined) return null;
  const value = raw.replace(/\s+/g, '').toUpperCase();
  if (value === '') return null;
  if (value.length > MAX_ACCOUNT_NUMBER_LENGTH) {
    throw validationError(field, `must have at most ${MAX_ACCOUNT_NUMBER_LENGTH} characters besides spaces`);
  }
  if (!/^[\x21-\x7e]+$/.test(value)) throw validationError(field, 'may hold only visible ASCII characters and spaces');
  return value;
}
