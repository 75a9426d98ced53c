import { Injectable } from '@nestjs/common';
import { Dec, DomainError, ErrorCode } from '@app/common';
import { BankAccountsService, PoliciesService } from '@app/ledger';
import { Lang } from '@app/reports';
import { BudgetsService } from '../budgets/budgets.service';
import { MembersService } from '../members/members.service';
import { MemberStatementService } from '../reports/member-statement.service';
import { AssessmentNotice, NoticeBankAccount, NoticeInconsistency, buildNotice } from './assessment-notice';

/** A write landing between two reads can make them disagree; reading again settles it. */
const ATTEMPTS = 3;

/**
 * Assessment notices, read through the contributions services: the budget (its decision, the
 * member's share and amount, the assessment date), the member's statement as at that date
 * (advances applied, arrears), and the default bank account from the policies.
 */
@Injectable()
export class AssessmentNoticesService {
  constructor(
    private readonly members: MembersService,
    private readonly budgets: BudgetsService,
    private readonly statements: MemberStatementService,
    private readonly policies: PoliciesService,
    private readonly bankAccounts: BankAccountsService,
  ) {}

  async notice(member: string, fiscalYear: number, lang: Lang): Promise<AssessmentNotice> {
    await this.members.get(member);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.read(member, fiscalYear, lang);
      } catch (error) {
        if (!(error instanceof NoticeInconsistency) || attempt >= ATTEMPTS) throw error;
      }
    }
  }

  private async read(member: string, fiscalYear: number, lang: Lang): Promise<AssessmentNotice> {
    const budget = await this.budgets.get(fiscalYear);
    const version = [...budget.history].reverse().find((v) => v.assessed !== null);
    if (version?.assessed == null) {
      throw new DomainError(
        ErrorCode.NotFound,
        `the budget of fiscal year ${fiscalYear} has not been assessed, so there is no assessment notice yet`,
      );
    }
    const entry = version.scale.find((s) => s.member === member);
    if (entry === undefined || new Dec(entry.assessment).isZero()) {
      throw new DomainError(
        ErrorCode.NotFound,
        `member '${member}' is not assessed for fiscal year ${fiscalYear} (budget version ${version.version})`,
      );
    }
    const statement = await this.statements.get(member, version.assessed.assessedOn, undefined, lang);
    return buildNotice({ fiscalYear, version, statement, payTo: await this.payTo() });
  }

  /** The installation's default bank account, or null when none is set (the notice then says so). */
  private async payTo(): Promise<NoticeBankAccount | null> {
    const { defaultBankAccount } = await this.policies.get();
    if (defaultBankAccount === null) return null;
    const account = (await this.bankAccounts.list()).find((b) => b.code === defaultBankAccount && b.active);
    return account === undefined ? null : { code: account.code, name: account.name, currency: account.currency };
  }
}
