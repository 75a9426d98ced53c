export { ConfirmDialog } from './ConfirmDialog';
export { AmountColumns, refusableFields } from './fields';
export { useFormsText } from './messages';
export { fieldMessage, fieldProblem, newIdempotencyKey, problemView, type ProblemView, type RuleSentences } from './problem';
export { ProblemAlert } from './ProblemAlert';
export { ConfirmButton, ConfirmPosting, PreviewButton, PreviewProblem } from './PreviewedPosting';
export { usePosting, type Posting } from './usePosting';
export { usePreviewedPosting, type PreviewedPosting } from './usePreviewedPosting';
export { useSubmission, type Submission } from './useSubmission';
