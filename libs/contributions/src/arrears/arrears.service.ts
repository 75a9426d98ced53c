import { Injectable } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { DomainError, ErrorCode, formatAmount, notFound, parsePositiveAmount } from '@app/common';
import { TransactionRunner } from '@app/database';
import { LedgerService, PoliciesService, PostCommand } from '@app/ledger';
import { MemberBook } from '../domain/member-book';
import { planWriteOff } from '../domain/payment-allocation';
import { MembersRepository } from '../members/members.repository';
import { ExemptionRow, RegisterRepository } from '../register/register.repository';
import { Decision } from '../shared/dto';
import { line, RECEIVABLE, WRITTEN_OFF } from '../shared/postings';

export interface NewWriteOff {
  fiscalYear: number;
  amount: string;
  date: string;
  decision: Decision;
  kind: 'write_off' | 'waiver';
}

export interface RecordedWriteOff {
  id: string;
  member: string;
  fiscalYear: number;
  kind: 'write_off' | 'waiver';
  amount: string;
  date: string;
  decision: Decision;
  entryId: string;
  /** What the member still owes for that year afterwards. */
  outstanding: string;
}

export interface StandingExemption {
  id: string;
  member: string;
  fromYear: number;
  toYear: number | null;
  decision: Decision;
  createdAt: string;
}

/** Write-offs and waivers of assessed contributions, and exemptions from the standing rule. */
@Injectable()
export class ArrearsService {
  constructor(
    private readonly db: TransactionRunner,
    private readonly members: MembersRepository,
    private readonly register: RegisterRepository,
    private readonly ledger: LedgerService,
    private readonly policies: PoliciesService,
  ) {}

  /**
   * Settles part of an assessment without payment, by decision: Dr 5700 / Cr 1100 (member).
   * Counted as settled, never as paid. At most what stays outstanding from its date onwards.
   */
  writeOff(member: string, input: NewWriteOff, actorTokenId?: string): Promise<RecordedWriteOff> {
    return this.db.run(async (m) => {
      const { baseCurrency } = await this.policies.get(m);
      const amount = parsePositiveAmount(input.amount, baseCurrency, 'amount');
      await this.lockAssessedMember(m, member, input);
      const book = (await this.register.loadBooks(m, [member])).get(member) as MemberBook;
      planWriteOff(book, input.fiscalYear, input.date, input.kind, amount);
      const id = randomUUID();
      const entry = await this.ledger.post(writeOffCommand(id, member, input, amount, actorTokenId), m);
      const written = {
        id,
        member,
        fiscalYear: input.fiscalYear,
        kind: input.kind,
        amount: formatAmount(amount, baseCurrency),
      };
      await this.register.insertWriteOffs(
        m,
        [{ ...written, effectiveOn: input.date, decision: input.decision, entryId: entry.id }],
        actorTokenId,
      );
      book.assertSound();
      return {
        ...written,
        date: input.date,
        decision: input.decision,
        entryId: entry.id,
        outstanding: formatAmount(book.outstanding(input.fiscalYear), baseCurrency),
      };
    });
  }

  /** The member, locked: assessed for the year, and the write-off dated on or after its decision. */
  private async lockAssessedMember(m: EntityManager, member: string, input: NewWriteOff): Promise<void> {
    const [row] = await this.members.lock(m, [member]);
    if (!row) throw notFound('member', member);
    if (input.decision.date > input.date) {
      throw new DomainError(
        ErrorCode.BusinessRule,
        `a write-off cannot be dated before the decision that allows it (${input.decision.date})`,
        [{ field: 'date', message: `must be on or after ${input.decision.date}` }],
      );
    }
    if (!(await this.register.isMemberYear(m, member, input.fiscalYear))) {
      throw new DomainError(ErrorCode.BusinessRule, `${member} has no assessment for fiscal year ${input.fiscalYear}`, [
        { field: 'fiscalYear', message: 'not assessed' },
      ]);
    }
  }

  writeOffs(member: string) {
    return this.db.run(async (m) => {
      if (!(await this.members.find(m, member))) throw notFound('member', member);
      return this.register.writeOffs(m, member);
    });
  }

  /** Records that, by decision, a member keeps its standing for some fiscal years despite arrears. */
  exempt(
    member: string,
    input: { fromYear: number; toYear?: number | null; decision: Decision },
    actorTokenId?: string,
  ): Promise<StandingExemption> {
    return this.db.run(async (m) => {
      if (!(await this.members.find(m, member))) throw notFound('member', member);
      const toYear = input.toYear ?? null;
      if (toYear !== null && toYear < input.fromYear) {
        throw new DomainError(ErrorCode.ValidationFailed, 'toYear: must not be before fromYear', [
          { field: 'toYear', message: 'must not be before fromYear' },
        ]);
      }
      const row: Omit<ExemptionRow, 'createdAt'> = {
        id: randomUUID(),
        member,
        fromYear: input.fromYear,
        toYear,
        decision: input.decision,
      };
      await this.register.insertExemption(m, row, actorTokenId);
      const stored = (await this.register.exemptions(m, member)).find((e) => e.id === row.id);
      if (!stored) throw new Error(`post-condition failed: exemption ${row.id} not stored`);
      return { ...stored, createdAt: new Date(stored.createdAt).toISOString() };
    });
  }

  exemptions(member: string): Promise<StandingExemption[]> {
    return this.db.run(async (m) => {
      if (!(await this.members.find(m, member))) throw notFound('member', member);
      return (await this.register.exemptions(m, member)).map((e) => ({
        ...e,
        createdAt: new Date(e.createdAt).toISOString(),
      }));
    });
  }
}

/** Dr written off (5700) / Cr the member's receivable (1100), by reference to the decision. */
function writeOffCommand(
  id: string,
  member: string,
  input: NewWriteOff,
  amount: Decimal,
  actorTokenId: string | undefined,
): PostCommand {
  const what = input.kind === 'waiver' ? 'Waiver' : 'Write-off';
  return {
    date: input.date,
    description: `${what} of ${member}'s FY ${input.fiscalYear} contribution (${input.decision.reference})`.slice(
      0,
      500,
    ),
    source: 'write_off',
    sourceId: id,
    metadata: { decision: input.decision.reference.slice(0, 500), meeting: input.decision.meeting.slice(0, 500) },
    actorTokenId,
    lines: [line(WRITTEN_OFF, 'debit', amount), line(RECEIVABLE, 'credit', amount, member)],
  };
}
