import { Injectable } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import { Dec, formatAmount, notFound } from '@app/common';
import { TransactionRunner } from '@app/database';
import { PoliciesService } from '@app/ledger';
import {
  assertStatementCloses,
  BalancedLine,
  runningBalance,
  statementDrafts,
  StatementWords,
} from '../domain/member-statement';
import { MemberStatement, ReportLang, StatementLine } from './report-types';
import { ReportsRepository } from './reports.repository';
import { StatusOfContributionsService } from './status-of-contributions.service';

const ZERO = new Dec(0);

/** Words of the statement lines, in the report's language. */
const WORDS: Record<ReportLang, StatementWords> = {
  en: {
    assessment: 'Assessed contribution',
    assessment_reduction: 'Assessment lowered by budget revision',
    payment: 'Payment received',
    advance_applied: 'Advance applied',
    advance_released: 'Paid beyond the revised assessment, returned to advance',
    write_off: 'Written off',
    waiver: 'Waived',
    write_off_reduction: 'Write-off given back (assessment lowered)',
    payment_reversal: 'Payment reversed',
    fiscalYear: 'FY',
  },
  es: {
    assessment: 'Contribución señalada',
    assessment_reduction: 'Contribución reducida por revisión del presupuesto',
    payment: 'Pago recibido',
    advance_applied: 'Anticipo aplicado',
    advance_released: 'Pagado en exceso de la contribución revisada, devuelto al anticipo',
    write_off: 'Castigado',
    waiver: 'Condonado',
    write_off_reduction: 'Castigo revertido (contribución reducida)',
    payment_reversal: 'Pago revertido',
    fiscalYear: 'Ejercicio',
  },
};

/**
 * A member's statement of account as at a date: every assessment, payment (with where its money
 * went), advance applied or released, write-off and reversal, in ledger order, with a running
 * balance of what the member owes (receivable less advance).
 */
@Injectable()
export class MemberStatementService {
  constructor(
    private readonly db: TransactionRunner,
    private readonly reports: ReportsRepository,
    private readonly policies: PoliciesService,
    private readonly status: StatusOfContributionsService,
  ) {}

  get(member: string, asOf: string, from: string | undefined, lang: ReportLang = 'en'): Promise<MemberStatement> {
    return this.db.snapshot(async (m) => {
      const [who] = await this.reports.members(m, member);
      if (!who) throw notFound('member', member);
      const { baseCurrency } = await this.policies.get(m);
      const events = await this.reports.statementEvents(m, member, asOf);
      const { opening, lines, closing } = runningBalance(statementDrafts(events, baseCurrency, WORDS[lang]), from);
      const [row] = (await this.status.build(m, asOf, lang, member)).members;
      const outstanding = new Dec(row?.outstanding ?? '0');
      const advance = new Dec(row?.advance ?? '0');
      assertStatementCloses(member, closing, outstanding, advance);
      const fmt = (d: Decimal): string => formatAmount(d, baseCurrency);
      return {
        member,
        name: lang === 'es' ? who.nameEs : who.nameEn,
        asOf,
        from: from ?? null,
        currency: baseCurrency,
        lang,
        opening: { date: from ?? null, balance: fmt(opening) },
        lines: lines.map((line) => formatLine(line, fmt)),
        closing: {
          balance: fmt(closing),
          outstanding: fmt(outstanding),
          advance: fmt(advance),
          arrears: row?.arrears ?? fmt(ZERO),
          writtenOff: row?.writtenOff ?? fmt(ZERO),
          years: row?.years ?? [],
        },
      };
    });
  }
}

/** A planned line as the report gives it: amounts formatted, the effect split into debit and credit. */
function formatLine(d: BalancedLine, fmt: (d: Decimal) => string): StatementLine {
  return {
    date: d.date,
    sequence: d.sequence,
    entryId: d.entryId,
    type: d.type,
    description: d.description,
    fiscalYear: d.fiscalYear,
    reference: d.reference,
    amount: fmt(d.amount),
    debit: fmt(d.effect.gt(0) ? d.effect : ZERO),
    credit: fmt(d.effect.lt(0) ? d.effect.negated() : ZERO),
    balance: fmt(d.balance),
    allocations: d.allocations.map((y) => ({ fiscalYear: y.fiscalYear, amount: fmt(y.amount) })),
  };
}
