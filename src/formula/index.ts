/**
 * Activations written as formulas in `z`. `formulaActivation` (in the registry, so that
 * `getActivation` falls back to it) turns text into an {@link ElementwiseActivation} of family
 * `'formula'` that every face reads like a registered one:
 *
 * ```ts
 * import { formulaActivation, getElementwise } from 'actlab';
 *
 * const mine = getElementwise('z*tanh(softplus(z))');   // not a registered name: a formula
 * mine.f(1, {});     // 0.8650983882673103 (Mish)
 * mine.df(1, {});    // 1.0490362200997922 (registry mish: 1.049036220099792)
 * formulaActivation('My mish=z*tanh(softplus(z))').name;   // 'My mish'
 * formulaActivation('max(z, 0.1*z)').df(0, {});   // 0.55 (a tie: half of each side)
 * ```
 *
 * **Grammar.** Numbers (`1`, `1.5`, `.5`, `1e-3`), the variable `z`, the constants `pi` and
 * `e`; `+ - * / ^` with `^` right-associative and tighter than unary minus (`-z^2` = −(z²));
 * comparisons `< <= > >= == !=` (1 when true, 0 when not: meant for `where`); the functions
 * exp, expm1, log, log1p, sqrt, sin, cos, tanh, erf, erfc, abs, min(a, b, …), max(a, b, …),
 * where(cond, a, b); and every elementwise activation of the registry by its exact id or alias
 * (`softplus(z)`, `gelu(z)`, `leaky_relu(z, negative_slope=0.1)`: parameters by name, constant).
 * Names are case-sensitive. At most {@link MAX_FORMULA_LENGTH} characters and
 * {@link MAX_FORMULA_DEPTH} levels of nesting. A text `label=expression` (the first top-level
 * `=` that is not part of `==`, `<=`, `>=`, `!=`) names the activation.
 *
 * **Derivatives** are exact by construction: a jet (value, f′, f″) per node, each primitive with
 * its own derivative (tanh′ = sech² from e^{−2|u|}, erf′ with u² exact); a registry activation
 * brings its exact f′ and f″. `a^n` with a constant exponent uses the power rule (any sign of
 * the base); `a^b` with z on both sides uses e^{b log a} and needs a > 0.
 *
 * **Kinks** follow PyTorch's backward: abs′(0) = 0; max/min at a tie give each side half
 * (torch.maximum), so `max(z, 0.1*z)` has f′(0) = 0.55 where `leaky_relu` has 0.1; `where(c,
 * a, b)` differentiates the branch c picks. `kinks()` finds the switch points numerically
 * (see `kinks.ts` for the grid and its limits).
 *
 * **At ±∞** f is the formula's value when it is a number; otherwise, and always for f′ and f″,
 * the value at ±MAX_VALUE when it equals the value at ±MAX_VALUE/2 (else NaN: no limit).
 *
 * **Safety.** No `eval`, no `Function`: a name that is not in the lists above is a
 * {@link FormulaError} (`constructor`, `__proto__`, `globalThis` are unknown variables).
 * @module
 */
export { FORMULA_BUILTINS, type BuiltinName, type ComparisonOperator, type FormulaNode, type ActivationCall } from './ast.js';
export { MAX_FORMULA_LENGTH } from './lexer.js';
export { MAX_FORMULA_DEPTH, parseFormula, type FormulaContext } from './parser.js';
export { MAX_FORMULA_KINKS } from './kinks.js';
export { toLatex } from './latex.js';
export { INFINITY_NOTE, looksLikeFormula, parseActivationSpec, splitActivationList, type ActivationSpec, type FormulaActivation } from './activation.js';
