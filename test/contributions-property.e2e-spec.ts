import fc from 'fast-check';
import * as countries from 'i18n-iso-countries';
import { Dec } from '@app/common';
import { createMember, memberBalances, memberStatus } from './support/contributions-factory';
import { expectLedgerSound } from './support/ledger-assertions';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Random histories of one member (assessments and revisions, payments — some recorded late, some
 * designated — reversals and write-offs, in any order of dates). At every date of the history:
 *   assessed − paid − writtenOff = outstanding ≥ 0 for every year;
 *   assessed is what the accepted assessments posted up to that date;
 *   Σ paid (allocations) = Σ payments received and not reversed − advance;
 *   the receivable control account 1100 of the member = Σ outstanding, and 2100 = its advance.
 * Operations the API refuses (a reduction dated before later payments, a write-off beyond what is
 * owed, a reversal dated too early) are simply left out of the model: a refusal writes nothing.
 */
type Op =
  | { kind: 'assess'; year: number; cents: number; day: number }
  | { kind: 'pay'; cents: number; day: number; designated: number | null }
  | { kind: 'reverse'; index: number; day: number }
  | { kind: 'writeOff'; year: number; cents: number; day: number };

const YEARS = 4;
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('assess' as const),
    year: fc.integer({ min: 0, max: YEARS - 1 }),
    cents: fc.integer({ min: 0, max: 50_000 }),
    day: fc.integer({ min: 0, max: 365 * YEARS }),
  }),
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('pay' as const),
      cents: fc.integer({ min: 1, max: 60_000 }),
      day: fc.integer({ min: 0, max: 365 * YEARS }),
      designated: fc.option(fc.integer({ min: 0, max: YEARS - 1 }), { nil: null }),
    }),
  },
  fc.record({ kind: fc.constant('reverse' as const), index: fc.nat(), day: fc.integer({ min: 0, max: 365 * YEARS }) }),
  fc.record({
    kind: fc.constant('writeOff' as const),
    year: fc.integer({ min: 0, max: YEARS - 1 }),
    cents: fc.integer({ min: 1, max: 5_000 }),
    day: fc.integer({ min: 0, max: 365 * YEARS }),
  }),
);

const money = (cents: number): string => new Dec(cents).dividedBy(100).toFixed(2);
const dateOf = (base: number, day: number): string =>
  new Date(Date.UTC(base, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);

describe('contributions: properties of random histories', () => {
  let t: TestApp;
  const codes = Object.keys(countries.getAlpha3Codes()).sort();
  let run = 0;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('keeps the register and the ledger in agreement at every date', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 10 }), async (ops) => {
        const member = codes[run];
        const base = 2100 + 5 * run;
        run += 1;
        await createMember(t, member);
        const assessedEvents: { year: number; date: string; delta: InstanceType<typeof Dec> }[] = [];
        const payments: { id: string; date: string; amountBase: string; reversedOn: string | null }[] = [];
        const dates = new Set<string>();
        let writtenOff = 0;
        const budgets = new Set<number>();

        for (const o of ops) {
          const date = dateOf(base, o.day);
          if (o.kind === 'assess') {
            const year = base + o.year;
            const res = await t.as('secretariat').post('/v1/budgets', {
              fiscalYear: year,
              total: money(Math.max(o.cents, 1)),
              currency: 'USD',
              approval: { meeting: 'M', date, reference: `R-${year}` },
              lines: [{ code: 'ALL', name: 'All', amount: money(Math.max(o.cents, 1)) }],
              scale: [{ member, amount: money(Math.max(o.cents, 1)) }],
            });
            expect(res.status).toBe(201);
            const assessed = await t
              .as('secretariat')
              .post(`/v1/budgets/${year}/assessments`, budgets.has(year) ? {} : { assessedOn: date });
            if (assessed.status === 201) {
              budgets.add(year);
              const [line] = assessed.body.assessments as { difference: string }[];
              assessedEvents.push({ year, date: assessed.body.assessedOn, delta: new Dec(line.difference) });
              dates.add(assessed.body.assessedOn);
            } else {
              expect(assessed.status).toBe(422);
              // The new version stays unassessed; the next one supersedes it.
            }
          } else if (o.kind === 'pay') {
            const res = await t.as('secretariat').post('/v1/payments', {
              member,
              amount: money(o.cents),
              currency: 'USD',
              receivedOn: date,
              reference: `P${payments.length}`,
              ...(o.designated !== null ? { designatedFiscalYear: base + o.designated } : {}),
            });
            expect(res.status).toBe(201);
            payments.push({ id: res.body.id, date, amountBase: res.body.amountBase, reversedOn: null });
            dates.add(date);
            for (const a of res.body.allocations as { appliedOn: string }[]) dates.add(a.appliedOn);
          } else if (o.kind === 'reverse') {
            const live = payments.filter((p) => p.reversedOn === null);
            if (live.length === 0) continue;
            const target = live[o.index % live.length];
            const on = date < target.date ? target.date : date;
            const res = await t
              .as('secretariat')
              .post(`/v1/payments/${target.id}/reversal`, { date: on, reason: 'property' });
            if (res.status === 201) {
              target.reversedOn = on;
              dates.add(on);
            } else {
              expect(res.status).toBe(422);
            }
          } else {
            const assessedYears = [...budgets].sort();
            if (assessedYears.length === 0) continue;
            const res = await t.as('secretariat').post(`/v1/members/${member}/write-offs`, {
              fiscalYear: assessedYears[o.year % assessedYears.length],
              amount: money(o.cents),
              date,
              kind: 'write_off',
              decision: { meeting: 'M', date: dateOf(base, 0), reference: 'W' },
            });
            expect([201, 422]).toContain(res.status);
            if (res.status === 201) {
              dates.add(date);
              writtenOff += 1;
            }
          }
        }

        for (const asOf of [...dates].sort()) {
          const row = await memberStatus(t, member, asOf);
          const years = row?.years ?? [];
          let outstanding = new Dec(0);
          let paid = new Dec(0);
          for (const y of years) {
            expect(new Dec(y.assessed).minus(y.paid).minus(y.writtenOff).toFixed(2)).toBe(y.outstanding);
            expect(new Dec(y.outstanding).gte(0)).toBe(true);
            const modelAssessed = assessedEvents
              .filter((e) => e.year === y.fiscalYear && e.date <= asOf)
              .reduce((s, e) => s.plus(e.delta), new Dec(0));
            expect(y.assessed).toBe(modelAssessed.toFixed(2));
            outstanding = outstanding.plus(y.outstanding);
            paid = paid.plus(y.paid);
          }
          const received = payments
            .filter((p) => p.date <= asOf && (p.reversedOn === null || p.reversedOn > asOf))
            .reduce((s, p) => s.plus(p.amountBase), new Dec(0));
          const advance = new Dec(row?.advance ?? '0');
          expect(paid.toFixed(2)).toBe(received.minus(advance).toFixed(2));
          expect(advance.gte(0)).toBe(true);
          expect((await memberBalances(t, '1100', asOf)).get(member) ?? '0.00').toBe(outstanding.toFixed(2));
          expect((await memberBalances(t, '2100', asOf)).get(member) ?? '0.00').toBe(advance.negated().toFixed(2));
        }

        if (process.env.CONTRIBUTIONS_PROPERTY_STATS) {
          process.stdout.write(
            `${member}: ${ops.length} ops, ${assessedEvents.length} assessed, ${payments.length} paid, ${payments.filter((p) => p.reversedOn).length} reversed, ${writtenOff} written off, ${dates.size} dates\n`,
          );
        }
        // Where every payment's money went adds up too.
        const list = await t.as('viewer').get(`/v1/payments?member=${member}&limit=500`).expect(200);
        const allocated = (list.body.items as { allocations: { amount: string }[] }[])
          .flatMap((p) => p.allocations)
          .reduce((s, a) => s.plus(a.amount), new Dec(0));
        const totalAdvance = (list.body.items as { advance: string }[]).reduce((s, p) => s.plus(p.advance), new Dec(0));
        const stillReceived = payments
          .filter((p) => p.reversedOn === null)
          .reduce((s, p) => s.plus(p.amountBase), new Dec(0));
        expect(allocated.toFixed(2)).toBe(stillReceived.minus(totalAdvance).toFixed(2));
      }),
      // CONTRIBUTIONS_PROPERTY_RUNS (≤ 170: each run takes its own member and block of years) to search harder.
      { numRuns: Number(process.env.CONTRIBUTIONS_PROPERTY_RUNS ?? 15), endOnFailure: true },
    );
    await expectLedgerSound(t);
  }, 600_000);
});
