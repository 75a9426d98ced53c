import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainError, ErrorCode, notFound, validationError } from '@app/common';
import { TransactionRunner } from '@app/database';
import { AccountRow, AccountType, FundRow, ReferenceDataRepository } from '../reference-data.repository';

const DEFAULT_NET_ASSETS: Record<FundRow['kind'], string> = { general: '3100', reserve: '3200', restricted: '3300' };

/** The chart of accounts and the funds. */
@Injectable()
export class ChartService {
  constructor(
    private readonly db: TransactionRunner,
    private readonly reference: ReferenceDataRepository,
  ) {}

  /** The accounts (those of `codes` when given), in the caller's transaction when given one. */
  accounts(m?: EntityManager, codes?: readonly string[]): Promise<AccountRow[]> {
    return m ? this.reference.accounts(m, codes) : this.db.run((tx) => this.reference.accounts(tx, codes));
  }

  /** The funds (those of `codes` when given), in the caller's transaction when given one. */
  funds(m?: EntityManager, codes?: readonly string[]): Promise<FundRow[]> {
    return m ? this.reference.funds(m, codes) : this.db.run((tx) => this.reference.funds(tx, codes));
  }

  createAccount(input: { code: string; name: string; nameEs?: string; type: AccountType; parent?: string }): Promise<AccountRow> {
    return this.db.run(async (m) => {
      if (input.parent !== undefined) {
        const [parent] = await this.reference.accounts(m, [input.parent]);
        if (!parent) throw validationError('parent', `unknown account '${input.parent}'`);
        if (parent.type !== input.type) throw validationError('parent', `the parent is ${parent.type}, not ${input.type}`);
      }
      const row: AccountRow = {
        code: input.code,
        nameEn: input.name,
        nameEs: input.nameEs ?? input.name,
        type: input.type,
        parent: input.parent ?? null,
        active: true,
      };
      if (!(await this.reference.insertAccount(m, row))) {
        throw new DomainError(ErrorCode.AlreadyExists, `account '${input.code}' already exists`);
      }
      return row;
    });
  }

  updateAccount(code: string, change: { name?: string; nameEs?: string; active?: boolean }): Promise<AccountRow> {
    return this.db.run(async (m) => {
      const [current] = await this.reference.accounts(m, [code]);
      if (!current) throw notFound('account', code);
      const row = {
        ...current,
        nameEn: change.name ?? current.nameEn,
        nameEs: change.nameEs ?? current.nameEs,
        active: change.active ?? current.active,
      };
      await this.reference.updateAccount(m, row);
      return row;
    });
  }

  createFund(input: { code: string; name: string; kind: FundRow['kind']; netAssetsAccount?: string }): Promise<FundRow> {
    return this.db.run(async (m) => {
      const netAssetsAccount = input.netAssetsAccount ?? DEFAULT_NET_ASSETS[input.kind];
      const [account] = await this.reference.accounts(m, [netAssetsAccount]);
      if (!account || account.type !== 'net_assets') {
        throw validationError('netAssetsAccount', `'${netAssetsAccount}' is not a net-assets account`);
      }
      const row: FundRow = { code: input.code, name: input.name, kind: input.kind, netAssetsAccount, active: true };
      if (!(await this.reference.insertFund(m, row))) {
        throw new DomainError(ErrorCode.AlreadyExists, `fund '${input.code}' already exists`);
      }
      return row;
    });
  }
}
