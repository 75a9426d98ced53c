import { Injectable } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import { Dec, formatAmount, notFound } from '@app/common';
import { TransactionRunner } from '@app/database';
import { PoliciesService } from '@app/ledger';
import { MemberStatement, ReportLang, StatementLine, StatementLineType } from './report-types';
import { AllocationEventRow, ReportsRepository } from './reports.repository';
import { StatusOfContributionsService } from './status-of-contributions.service';

const ZERO = new Dec(0);

/** Words of the statement lines, in the report's language. */
const WORDS: Record<ReportLang, Record<StatementLineType, string>> = {
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
  },
};

const FY: Record<ReportLang, string> = { en: 'FY', es: 'Ejercicio' };

interface Draft {
  date: string;
  sequence: number;
  entryId: string;
  type: StatementLineType;
  description: string;
  fiscalYear: number | null;
  reference: string | null;
  amount: Decimal;
  /** Effect on what the member owes: positive raises it. */
  effect: Decimal;
  allocations: { fiscalYear: number; amount: Decimal }[];
}

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
      const fmt = (d: Decimal): string => formatAmount(d, baseCurrency);
      const words = WORDS[lang];
      const [assessments, payments, allocations, writeOffs, reversals] = [
        await this.reports.assessmentEvents(m, member, asOf),
        await this.reports.paymentEvents(m, member, asOf),
        await this.reports.allocationEvents(m, member, asOf),
        await this.reports.writeOffEvents(m, member, asOf),
        await this.reports.reversalEvents(m, member, asOf),
      ];
      const perYear = (rows: readonly AllocationEventRow[]) => {
        const years = new Map<number, Decimal>();
        for (const r of rows) years.set(r.fiscalYear, (years.get(r.fiscalYear) ?? ZERO).plus(r.amount));
        return [...years].sort((a, b) => a[0] - b[0]).map(([fiscalYear, amount]) => ({ fiscalYear, amount }));
      };

      const drafts: Draft[] = [];
      for (const a of assessments) {
        const delta = new Dec(a.delta);
        const type: StatementLineType = delta.gt(0) ? 'assessment' : 'assessment_reduction';
        drafts.push({
          ...a,
          type,
          description: `${words[type]}, ${FY[lang]} ${a.fiscalYear} (v${a.version})`,
          reference: a.reference,
          amount: delta.abs(),
          effect: delta,
          allocations: [],
        });
      }
      for (const p of payments) {
        const amountBase = new Dec(p.amountBase);
        const foreign = p.currency === baseCurrency ? '' : ` (${p.amount} ${p.currency})`;
        drafts.push({
          date: p.date,
          sequence: p.sequence,
          entryId: p.entryId,
          type: 'payment',
          description: `${words.payment}${foreign}`,
          fiscalYear: null,
          reference: p.reference,
          amount: amountBase,
          effect: amountBase.negated(),
          allocations: perYear(allocations.filter((a) => a.paymentId === p.paymentId && a.kind === 'payment')),
        });
      }
      // Advances applied or released: one line per entry, money moved between advance and years.
      for (const kind of ['advance', 'release'] as const) {
        const byEntry = new Map<string, AllocationEventRow[]>();
        for (const a of allocations.filter((x) => x.kind === kind))
          byEntry.set(a.entryId, [...(byEntry.get(a.entryId) ?? []), a]);
        for (const rows of byEntry.values()) {
          const type: StatementLineType = kind === 'advance' ? 'advance_applied' : 'advance_released';
          const years = perYear(rows);
          drafts.push({
            date: rows[0].date,
            sequence: rows[0].sequence,
            entryId: rows[0].entryId,
            type,
            description: `${words[type]}, ${FY[lang]} ${years.map((y) => y.fiscalYear).join(', ')}`,
            fiscalYear: years.length === 1 ? years[0].fiscalYear : null,
            reference: [...new Set(rows.map((r) => r.paymentReference))].join(', '),
            amount: years.reduce((s, y) => s.plus(y.amount), ZERO),
            effect: ZERO,
            allocations: years,
          });
        }
      }
      for (const w of writeOffs) {
        const type: StatementLineType = w.kind === 'reduction' ? 'write_off_reduction' : w.kind;
        const amount = new Dec(w.amount);
        drafts.push({
          date: w.date,
          sequence: w.sequence,
          entryId: w.entryId,
          type,
          description: `${words[type]}, ${FY[lang]} ${w.fiscalYear}`,
          fiscalYear: w.fiscalYear,
          reference: w.reference,
          amount,
          effect: w.kind === 'reduction' ? amount : amount.negated(),
          allocations: [],
        });
      }
      for (const r of reversals) {
        const amountBase = new Dec(r.amountBase);
        drafts.push({
          date: r.date,
          sequence: r.sequence,
          entryId: r.entryId,
          type: 'payment_reversal',
          description: `${words.payment_reversal}: ${r.reason}`.slice(0, 500),
          fiscalYear: null,
          reference: r.reference,
          amount: amountBase,
          effect: amountBase,
          allocations: perYear(allocations.filter((a) => a.paymentId === r.paymentId && a.kind === 'reversal')),
        });
      }
      drafts.sort((a, b) => (a.date === b.date ? a.sequence - b.sequence : a.date < b.date ? -1 : 1));

      const opening = drafts
        .filter((d) => from !== undefined && d.date < from)
        .reduce((s, d) => s.plus(d.effect), ZERO);
      let balance = opening;
      const lines: StatementLine[] = drafts
        .filter((d) => from === undefined || d.date >= from)
        .map((d) => {
          balance = balance.plus(d.effect);
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
            balance: fmt(balance),
            allocations: d.allocations.map((y) => ({ fiscalYear: y.fiscalYear, amount: fmt(y.amount) })),
          };
        });

      const [row] = (await this.status.build(m, asOf, lang, member)).members;
      const outstanding = new Dec(row?.outstanding ?? '0');
      const advance = new Dec(row?.advance ?? '0');
      if (!balance.equals(outstanding.minus(advance))) {
        throw new Error(
          `post-condition failed: statement of ${member} closes at ${balance.toFixed()}, register says ${outstanding.minus(advance).toFixed()}`,
        );
      }
      return {
        member,
        name: lang === 'es' ? who.nameEs : who.nameEn,
        asOf,
        from: from ?? null,
        currency: baseCurrency,
        lang,
        opening: { date: from ?? null, balance: fmt(opening) },
        lines,
        closing: {
          balance: fmt(balance),
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
