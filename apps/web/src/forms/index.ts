export { ConfirmDialog } from './ConfirmDialog';
export { useFormsText } from './messages';
export { fieldProblem, newIdempotencyKey, problemView, type ProblemView, type RuleSentences } from './problem';
export { ProblemAlert } from './ProblemAlert';
export { useSubmission, type Submission } from './useSubmission';
