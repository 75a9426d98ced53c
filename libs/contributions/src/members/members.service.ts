import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, notFound, validationError } from '@app/common';
import { TransactionRunner } from '@app/database';
import { PoliciesService } from '@app/ledger';
import { isAssessable } from '../domain/eligibility';
import { isIsoAlpha3, spanishNameOf } from './iso-countries';
import { MemberRow, MembersRepository } from './members.repository';

export interface NewMember {
  code: string;
  name: string;
  nameEs?: string;
  joinedOn: string;
  leftOn?: string | null;
}

export interface MemberChanges {
  name?: string;
  nameEs?: string;
  leftOn?: string | null;
}

/** Member states: named by ISO 3166 alpha-3 code, with the dates they joined and left. */
@Injectable()
export class MembersService {
  constructor(
    private readonly db: TransactionRunner,
    private readonly members: MembersRepository,
    private readonly policies: PoliciesService,
  ) {}

  list(): Promise<MemberRow[]> {
    return this.db.run((m) => this.members.list(m));
  }

  get(code: string): Promise<MemberRow> {
    return this.db.run(async (m) => {
      const row = await this.members.find(m, code);
      if (!row) throw notFound('member', code);
      return row;
    });
  }

  create(input: NewMember): Promise<MemberRow> {
    return this.db.run(async (m) => {
      if (!isIsoAlpha3(input.code)) {
        throw validationError('code', `'${input.code}' is not an assigned ISO 3166-1 alpha-3 country code`);
      }
      const leftOn = input.leftOn ?? null;
      if (leftOn !== null && leftOn < input.joinedOn) throw validationError('leftOn', 'must not be before joinedOn');
      const row = {
        code: input.code,
        nameEn: input.name,
        nameEs: input.nameEs ?? spanishNameOf(input.code) ?? input.name,
        joinedOn: input.joinedOn,
        leftOn,
      };
      if (!(await this.members.insert(m, row))) {
        throw new DomainError(ErrorCode.AlreadyExists, `member '${input.code}' already exists`);
      }
      const stored = await this.members.find(m, input.code);
      if (!stored) throw new Error(`post-condition failed: member ${input.code} not stored`);
      return stored;
    });
  }

  /**
   * Renames a member or records the date it left. Leaving may not strand an assessment already
   * made for a fiscal year that starts after that date: revise that year's budget first.
   */
  update(code: string, changes: MemberChanges): Promise<MemberRow> {
    return this.db.run(async (m) => {
      const [current] = await this.members.lock(m, [code]);
      if (!current) throw notFound('member', code);
      const leftOn = changes.leftOn === undefined ? current.leftOn : changes.leftOn;
      if (leftOn !== null && leftOn < current.joinedOn)
        throw validationError('leftOn', `must not be before joinedOn (${current.joinedOn})`);
      if (leftOn !== null && leftOn !== current.leftOn) {
        const { fiscalYearStartMonth } = await this.policies.get(m);
        const stranded = (await this.members.assessedYears(m, code)).filter(
          (y) => !isAssessable({ joinedOn: current.joinedOn, leftOn }, y.fiscalYear, fiscalYearStartMonth),
        );
        if (stranded.length > 0) {
          throw new DomainError(
            ErrorCode.BusinessRule,
            `${code} is assessed for fiscal year(s) ${stranded.map((y) => y.fiscalYear).join(', ')}, which start after ${leftOn}; revise those budgets first`,
            [{ field: 'leftOn', message: `fiscal year ${stranded[0].fiscalYear} is already assessed` }],
          );
        }
      }
      await this.members.update(m, {
        code,
        nameEn: changes.name ?? current.nameEn,
        nameEs: changes.nameEs ?? current.nameEs,
        leftOn,
      });
      const stored = await this.members.find(m, code);
      if (!stored) throw new Error(`post-condition failed: member ${code} vanished`);
      return stored;
    });
  }
}
