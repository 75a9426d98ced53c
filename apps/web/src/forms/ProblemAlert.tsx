import { Alert, List, Text } from '@mantine/core';
import { useFormsText } from './messages';
import type { ProblemView, RuleSentences } from './problem';

/**
 * A refusal of the API in words, in the person's language: what the stable code means, the broken
 * rule with its figures when the page knows how to say it, and the fields the form does not show
 * beside an input. The API's English detail stays visible (small) for whoever reports a problem.
 */
export function ProblemAlert({
  problem,
  rules = {},
  fieldLabels = {},
}: {
  problem: ProblemView | null;
  rules?: RuleSentences;
  /** Labels of the fields this form shows; refused fields not in it are listed in the alert. */
  fieldLabels?: Readonly<Record<string, string>>;
}) {
  const { t, lang } = useFormsText();
  if (!problem) return null;
  const ruleSentence = problem.rule && rules[problem.rule] ? rules[problem.rule](problem.facts, lang) : undefined;
  const fields = problem.errors.map((e) => ({ ...e, label: labelOf(e.field, fieldLabels) }));
  // A broken rule comes as a 409 `conflict` from some domains: say it is a rule, not a change by someone else.
  const code = problem.rule && problem.code === 'conflict' ? 'business_rule_violated' : problem.code;
  return (
    <Alert color="red" role="alert" title={t(`codes.${code}`)} data-problem={problem.code} data-rule={problem.rule}>
      {ruleSentence ? <Text size="sm">{ruleSentence}</Text> : null}
      {fields.length > 0 ? (
        <List size="sm" aria-label={t('fieldsTitle')}>
          {fields.map((f) => (
            <List.Item key={f.field}>
              <strong>{f.label}</strong>: {lang === 'en' ? f.message : t('invalidField')}
            </List.Item>
          ))}
        </List>
      ) : null}
      {!ruleSentence && problem.detail && problem.code !== 'validation_failed' ? (
        <Text size="xs" c="dimmed" mt={4}>
          {t('serverSays', { detail: problem.detail })}
        </Text>
      ) : null}
      {problem.requestId ? (
        <Text size="xs" c="dimmed" mt={4}>
          {t('reference', { requestId: problem.requestId })}
        </Text>
      ) : null}
    </Alert>
  );
}

function labelOf(field: string, labels: Readonly<Record<string, string>>): string {
  if (labels[field]) return labels[field];
  const prefix = Object.keys(labels)
    .filter((k) => field.startsWith(`${k}.`))
    .sort((a, b) => b.length - a.length)[0];
  return prefix ? `${labels[prefix]} (${field.slice(prefix.length + 1)})` : field;
}
