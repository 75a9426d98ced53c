import type { RuleSentences } from '../../forms';
import { isDecimal } from '../../format/decimal';
import { formatMoney } from '../../format/money';
import { i18n } from '../../i18n';
import type { Lang } from '../../i18n/languages';
import { GRANTS_NS } from './grant-messages';
import { FUNDS_NS } from './messages';

/**
 * What the form sent, for the figures a refusal does not repeat (the amount asked for, the
 * country, the date): the API's facts name what the fund holds; the form knows what was asked.
 */
export interface RuleContext {
  currency: string;
  approved?: string;
  requested?: string;
  amount?: string;
  country?: string;
  date?: string;
  /** The date of the case's last step. */
  previous?: string;
}

type Facts = Readonly<Record<string, unknown>>;

const text = (facts: Facts, key: string): string | undefined => {
  const value = facts[key];
  return typeof value === 'string' ? value : undefined;
};

/** The reserve fund's Protocol rules (libs/reserve-fund/src/domain/case-rules.ts RESERVE_RULES) in words, with their figures. */
export function reserveRuleSentences(context: RuleContext): RuleSentences {
  const say =
    (key: string, figures: (facts: Facts, lang: Lang) => Record<string, string>) =>
    (facts: Facts, lang: Lang): string => {
      const currency = text(facts, 'currency') ?? context.currency;
      const money = (value: string | undefined): string => (value !== undefined && isDecimal(value) ? formatMoney(value, lang, currency) : '—');
      const status = text(facts, 'status');
      const base: Record<string, string> = {
        approved: money(context.approved),
        requested: money(context.requested),
        amount: money(context.amount),
        balance: money(text(facts, 'balance')),
        committed: money(text(facts, 'committed')),
        floor: money(text(facts, 'floor')),
        available: money(text(facts, 'available')),
        cap: money(text(facts, 'cap')),
        remaining: money(text(facts, 'remaining')),
        missing: (text(facts, 'notConsulted') ?? '').split(',').join(', '),
        status: status ? i18n.getFixedT(lang)(`reserve.statuses.${status}`) : '—',
        country: context.country ?? '—',
        date: context.date ?? '—',
        previous: context.previous ?? '—',
      };
      return i18n.getFixedT(lang, FUNDS_NS)(`rules.${key}`, { ...base, ...figures(facts, lang) });
    };
  const plain = (key: string) => say(key, () => ({}));
  return {
    'reserve.available_balance': plain('available'),
    'reserve.per_case_cap': plain('perCaseCap'),
    'reserve.approved_over_requested': plain('overRequested'),
    'reserve.balance_floor': plain('floor'),
    'reserve.disbursed_over_approved': plain('overApproved'),
    'reserve.consult_every_country': plain('consultAll'),
    'reserve.decided_by_iom': plain('decidedByIom'),
    'reserve.country_not_involved': plain('countryNotInvolved'),
    'reserve.notify_after_approval': plain('notifyAfterApproval'),
    'reserve.disburse_after_approval_and_notification': plain('disburseAfterNotification'),
    'reserve.invalid_transition': plain('transition'),
    'reserve.date_order': plain('dateOrder'),
    'reserve.transfer_exceeds_source_cash': plain('transferCash'),
  };
}

/** The grant rules (libs/grants/src/domain/grant-rules.ts GRANT_RULES) in words, with their figures. */
export function grantRuleSentences(context: { currency: string; amount?: string; date?: string }): RuleSentences {
  const say =
    (key: string) =>
    (facts: Facts, lang: Lang): string => {
      const currency = text(facts, 'currency') ?? context.currency;
      const money = (value: string | undefined): string => (value !== undefined && isDecimal(value) ? formatMoney(value, lang, currency) : '—');
      return i18n.getFixedT(lang, GRANTS_NS)(`rules.${key}`, {
        amount: money(context.amount),
        date: context.date ?? '—',
        outstanding: money(text(facts, 'outstanding')),
        available: money(text(facts, 'available')),
        overspent: money(text(facts, 'overspent')),
      });
    };
  return {
    'grant.closed': say('closed'),
    'grant.receipt_exceeds_pledge': say('receiptExceedsPledge'),
    'grant.spending_exceeds_received': say('spendingExceedsReceived'),
    'grant.outside_period': say('outsidePeriod'),
    'grant.refund_exceeds_available': say('refundExceedsAvailable'),
    'grant.close_while_overspent': say('closeWhileOverspent'),
  };
}
