import { Grid, TextInput } from '@mantine/core';
import type { GetInputPropsReturnType } from '@mantine/form';
import type { Lang } from '../i18n/languages';
import { fieldMessage, type ProblemView } from './problem';

/**
 * The props of a form's fields: value and handlers, and the error beside the input — the form's
 * own check first, then the API's refusal of that field (`otherwise` in any language but English).
 */
export function refusableFields<F extends string>(
  form: { getInputProps: (field: F) => GetInputPropsReturnType; errors: Readonly<Record<string, unknown>> },
  problem: ProblemView | null,
  lang: Lang,
  otherwise: string,
): (field: F) => GetInputPropsReturnType {
  return (field) => ({
    ...form.getInputProps(field),
    error: form.errors[field] ?? fieldMessage(problem, field, lang, otherwise),
  });
}

/**
 * An amount, its currency and, for a currency other than the base one, the rate to it: three
 * columns of a form's grid.
 */
export function AmountColumns({
  field,
  labels,
  foreign,
  rateHint,
  autoComplete,
}: {
  field: (name: 'amount' | 'currency' | 'rate') => GetInputPropsReturnType;
  labels: { amount: string; currency: string; rate: string };
  /** Whether the currency is not the base one (the rate is asked for). */
  foreign: boolean;
  rateHint?: string;
  /** The browser's autofill of the currency and the rate (the amount's is always off). */
  autoComplete?: 'off';
}) {
  return (
    <>
      <Grid.Col span={{ base: 12, sm: 4 }}>
        <TextInput label={labels.amount} required inputMode="decimal" autoComplete="off" {...field('amount')} />
      </Grid.Col>
      <Grid.Col span={{ base: 6, sm: 2 }}>
        <TextInput label={labels.currency} required maxLength={3} autoComplete={autoComplete} {...field('currency')} />
      </Grid.Col>
      <Grid.Col span={{ base: 6, sm: 6 }}>
        {foreign ? (
          <TextInput
            label={labels.rate}
            description={rateHint}
            required
            inputMode="decimal"
            autoComplete={autoComplete}
            {...field('rate')}
          />
        ) : null}
      </Grid.Col>
    </>
  );
}
