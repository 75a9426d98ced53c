export {
  FORMULA_GUARD_PREFIX,
  FORMULA_START_CHARACTERS,
  guardFormula,
  guardFormulaOrNull,
  guardFormulaSql,
  unguardFormula,
} from './formula-guard';
