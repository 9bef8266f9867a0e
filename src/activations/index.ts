/**
 * The activation registry: every activation actlab knows, looked up by id or alias, with
 * parameter resolution and validation.
 * @module
 */
import { ForeignConventionError, InvalidParameterError, UnknownActivationError } from '../errors.js';
import { closestName } from '../suggest.js';
import { linear, sigmoid, tanh } from './classical.js';
import { celu, elu, selu } from './exponential.js';
import { geglu, glu, reglu, swiglu } from './gated.js';
import { hardSigmoid, hardSwish, hardTanh } from './hard.js';
import { logSoftmax, softmax } from './output.js';
import { snake } from './periodic.js';
import { leakyRelu, prelu, relu, relu6, rrelu, threshold } from './relu.js';
import { hardshrink, softshrink, tanhshrink } from './shrink.js';
import { gelu, geluTanh, logSigmoid, mish, softplus, softsign, squareplus, swish } from './smooth.js';
import { FRAMEWORK_LABELS, PARAM_RENAMES, REFUSED_EVERYWHERE, REFUSED_PARAMS, REFUSED_SPELLINGS } from './foreign.js';
import type { Activation, ElementwiseActivation, ParamSpec, ParamValues, VectorActivation } from './types.js';
import type { FormulaActivation } from '../formula/activation.js';

export * from './types.js';
export * from './foreign.js';
export type { FormulaActivation } from '../formula/activation.js';
export { SELU_ALPHA, SELU_SCALE } from './exponential.js';
export { rreluEvalSlope } from './relu.js';

/**
 * The registered definitions with their literal ids and aliases: the one list the id types
 * below are read from, so they cannot drift from the registry.
 */
const REGISTERED = [
  sigmoid,
  tanh,
  relu,
  leakyRelu,
  prelu,
  elu,
  selu,
  swish,
  gelu,
  geluTanh,
  linear,
  softplus,
  logSigmoid,
  mish,
  celu,
  relu6,
  hardTanh,
  hardSigmoid,
  hardSwish,
  softsign,
  squareplus,
  tanhshrink,
  softshrink,
  hardshrink,
  threshold,
  rrelu,
  snake,
  softmax,
  logSoftmax,
  glu,
  swiglu,
  geglu,
  reglu,
] as const;

type Registered = (typeof REGISTERED)[number];
type RegisteredElementwise = Extract<Registered, { readonly kind: 'elementwise' }>;
type RegisteredVector = Extract<Registered, { readonly kind: 'vector' }>;

/** Every canonical activation id: `'sigmoid' | 'tanh' | 'relu' | …`. */
export type ActivationId = Registered['id'];
/** The ids of the elementwise activations (everything but softmax, log_softmax and the GLU family). */
export type ElementwiseId = RegisteredElementwise['id'];
/** The ids of the vector activations: softmax, log_softmax, glu, swiglu, geglu, reglu. */
export type VectorId = RegisteredVector['id'];
/** An elementwise id or one of its aliases, as the registry spells them (`'silu'`, `'hardtanh'`, …). */
export type ElementwiseName = ElementwiseId | RegisteredElementwise['aliases'][number];
/** A vector id or one of its aliases. */
export type VectorName = VectorId | RegisteredVector['aliases'][number];
/** The registered definition of an id, with its literal id, aliases and parameter names. */
export type DefinitionOf<Id extends ActivationId> = Extract<Registered, { readonly id: Id }>;
/** The parameter names of an activation: `ParamName<'elu'>` is `'alpha'`. */
export type ParamName<Id extends ActivationId> = keyof DefinitionOf<Id>['params'] & string;
/** Parameter values of an activation, each optional (defaults fill in): `ParamsOf<'elu'>` is `{ alpha?: number }`. */
export type ParamsOf<Id extends ActivationId> = { readonly [K in ParamName<Id>]?: number };
/** Any id or alias the registry spells out (other spellings, e.g. `'GELU'`, are accepted as plain strings). */
export type ActivationName = ElementwiseName | VectorName;

/** Every activation, in catalogue order: the chapter's first, then the peers', then vector ones. */
export const ACTIVATIONS: readonly Activation[] = Object.freeze([...REGISTERED]);

/** Normalises a user-typed name: case-insensitive, '-' and ' ' treated as '_'. */
export function normaliseName(name: string): string {
  return name.trim().toLowerCase().replace(/[-\s]+/g, '_');
}

const byName = new Map<string, Activation>();
const byId = new Map<string, Activation>();
for (const activation of ACTIVATIONS) {
  byId.set(activation.id, activation);
  for (const name of [activation.id, ...activation.aliases]) {
    if (byName.has(name)) throw new Error(`duplicate activation name ${name}`);
    byName.set(name, activation);
  }
}

/** Canonical ids in catalogue order. */
export const ACTIVATION_IDS: readonly ActivationId[] = REGISTERED.map((a) => a.id);

const formatNumber = (value: number) => (value === 1 / 6 ? '1/6' : String(value));
const formatParams = (values: Readonly<Record<string, number>>) =>
  `{ ${Object.entries(values).map(([param, value]) => `${param}: ${formatNumber(value)}`).join(', ')} }`;

/**
 * The refusal of another framework's spelling that means something else than the actlab name
 * it would fall on (TF.js's `hardSigmoid` on `hardsigmoid`, PyTorch's slope 1/6), with a note
 * naming actlab's spelling of that meaning.
 */
function refusal(name: string): ForeignConventionError | undefined {
  if (!Object.hasOwn(REFUSED_SPELLINGS, name)) return undefined;
  const use = REFUSED_SPELLINGS[name]!;
  const definition = byId.get(use.id) as Activation;
  const actlabDefaults = Object.fromEntries(Object.entries(definition.params).map(([param, spec]) => [param, spec.default]));
  const framework = FRAMEWORK_LABELS[use.framework];
  const suggestion = `"${use.id}" with ${formatParams(use.defaults)}`;
  const as = use.actlabAs.length ? ` as ${use.actlabAs.map((f) => FRAMEWORK_LABELS[f]).join(', ')}` : '';
  const reason =
    `"${name}" is ${framework}'s ${definition.name} (${use.api}) with ${formatParams({ ...actlabDefaults, ...use.defaults })}; ` +
    `actlab's ${use.id} defaults to ${formatParams(actlabDefaults)}${as}`;
  const note = `${reason}: use ${suggestion}, or fromFramework('${use.framework}', '${name}')`;
  return new ForeignConventionError(name, [framework], suggestion, note, { reason, id: use.id, params: use.defaults });
}

/**
 * Looks up an activation by id or alias (case-insensitive; `-` and spaces count as `_`).
 * A known id or alias is typed: `getActivation('gelu')` is an {@link ElementwiseActivation}.
 * @throws {ForeignConventionError} for another framework's spelling that means something else
 *   than actlab's activation of that name (TF.js's `hardSigmoid`, `leakyRelu`), with a note
 *   naming actlab's spelling of it.
 * @throws {UnknownActivationError} naming the closest known name and listing all of them.
 */
export function getActivation(name: ElementwiseName): ElementwiseActivation;
export function getActivation(name: VectorName): VectorActivation;
export function getActivation(name: string): Activation;
export function getActivation(name: string): Activation {
  const found = byName.get(normaliseName(name));
  const refused = refusal(name);
  if (refused) throw refused;
  if (found) return found;
  if (typeof name === 'string' && reader?.looksLikeFormula(name)) return reader.read(name, {});
  throw new UnknownActivationError(name, suggestName(name), ACTIVATION_IDS);
}

/**
 * Whether {@link getActivation} reads `text` as a formula: it is not a registered id or alias
 * (after {@link normaliseName}: `leaky-relu` is Leaky ReLU) and looks like an expression — `z`,
 * or text holding an operator, a parenthesis, a comma, `=`, `.`, a digit first or a space
 * between words. A plain word (`tnah`) is a (misspelt) name. Says nothing about validity:
 * {@link formulaActivation} parses. Always false where the formula reader is not installed
 * (`actlab/activations` imported alone).
 */
export function isFormula(text: string): boolean {
  return !byName.has(normaliseName(text)) && refusal(text) === undefined && reader !== undefined && reader.looksLikeFormula(text);
}

/** Reads a formula into an activation: the parser and compiler of src/formula/ (install.ts). */
export interface FormulaReader {
  /** Whether a text that is not a registered name is meant as a formula (not a misspelt name). */
  readonly looksLikeFormula: (text: string) => boolean;
  readonly read: (text: string, options: { readonly name?: string }) => FormulaActivation;
}

let reader: FormulaReader | undefined;

/**
 * Installs the formula reader; `src/formula/install.ts` does it, imported for that effect by
 * every entry point that reads user text (`actlab`, `actlab/nn`, `actlab/experiments`, …, the
 * CLI and the explorer's workers).
 * @internal
 */
export function installFormulaReader(installed: FormulaReader): void {
  reader = installed;
}

/**
 * An activation from a formula in `z`, e.g. `z*tanh(softplus(z))`, `max(z, 0.1*z)`,
 * `where(z > 0, z, exp(z) - 1)`, `My mish=z*tanh(softplus(z))` (a label before a top-level
 * `=`). The grammar, the functions and the kink conventions are documented in
 * `src/formula/index.ts`: numbers, `z`, `pi`, `e`, `+ - * / ^`, comparisons, exp, expm1, log,
 * log1p, sqrt, sin, cos, tanh, erf, erfc, abs, min, max, where, and every elementwise
 * activation of the registry by id or alias with its exact f, f′, f″ (`elu(z, alpha=0.5)` sets
 * parameters by name). f′ and f″ come from second-order automatic differentiation over the
 * tree, each primitive with its exact derivative.
 *
 * The id is the text trimmed (`label=expression` when labelled), so `getActivation(a.id)`
 * gives `a` back; the same text gives the same object (a cache of the last 256 texts).
 * Formulas are read once the reader is installed (`src/formula/install.ts`): every entry point
 * that takes user text installs it; the registry alone (`actlab/activations`) does not, which
 * keeps the parser out of a scalar-only browser bundle.
 *
 * ```ts
 * import { formulaActivation } from 'actlab';
 *
 * const leaky = formulaActivation('Leaky 0.1=max(z, 0.1*z)');
 * leaky.name;          // 'Leaky 0.1'
 * leaky.kinks({});     // [0]
 * leaky.df(-2, {});    // 0.1
 * ```
 * @param options.name the display name (default: the label, else the expression).
 * @throws {FormulaError} naming the problem and its 1-based column, e.g. `unknown function
 *   "tnah" at 3 — did you mean tanh?`.
 */
export function formulaActivation(text: string, options: { readonly name?: string } = {}): FormulaActivation {
  if (!reader) throw new InvalidParameterError('activation', 'formula', text, "read from the 'actlab' entry point ('actlab/activations' alone reads ids only)");
  return reader.read(text, options);
}

/** Like {@link getActivation}, but the activation must be elementwise (a formula is). */
export function getElementwise(name: string): ElementwiseActivation {
  const activation = getActivation(name);
  if (activation.kind !== 'elementwise') {
    throw new InvalidParameterError(activation.id, 'activation', name, 'an elementwise activation (this one acts on whole vectors)');
  }
  return activation;
}

/** Like {@link getActivation}, but the activation must be a vector function. */
export function getVector(name: string): VectorActivation {
  const activation = getActivation(name);
  if (activation.kind !== 'vector') {
    throw new InvalidParameterError(activation.id, 'activation', name, 'a vector activation (softmax, log_softmax, glu, …)');
  }
  return activation;
}

/** The known name closest to a typo, if it is within a plausible edit distance. */
function suggestName(name: string): string | undefined {
  return closestName(normaliseName(name), byName.keys());
}

/**
 * The parameters given, with other frameworks' names for them renamed to actlab's (`lambd` →
 * `lambda`, TF.js's `alpha` → `negative_slope` for Leaky ReLU: the same meaning under another
 * name). Own keys only, checked against the definition's own parameters: "__proto__" or
 * "toString" (from a map without a prototype, or JSON) are unknown names, never silently ignored.
 * @throws {ForeignConventionError} for a framework's parameter that actlab does not offer
 *   (PyTorch softplus's `threshold`, `approximate`, `dim`, `inplace`), with a note.
 * @throws {InvalidParameterError} for an unknown name, or a value given under two names.
 */
export function canonicalParams(activation: Activation, given: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  const names = Object.keys(activation.params);
  const id = activation.id as ActivationId;
  const renames = Object.hasOwn(PARAM_RENAMES, id) ? PARAM_RENAMES[id] : undefined;
  const refusedHere = Object.hasOwn(REFUSED_PARAMS, id) ? REFUSED_PARAMS[id] : undefined;
  let renamed: Record<string, unknown> | undefined;
  for (const key of Object.keys(given)) {
    if (Object.hasOwn(activation.params, key)) continue;
    const rename = renames && Object.hasOwn(renames, key) ? renames[key] : undefined;
    if (rename && Object.hasOwn(activation.params, rename.to)) {
      if (Object.hasOwn(given, rename.to)) {
        const whose = rename.frameworks.map((f) => FRAMEWORK_LABELS[f]).join(' and ');
        throw new InvalidParameterError(activation.id, key, given[key], `absent when ${rename.to} is given (${key} is ${whose}'s name for ${rename.to})`);
      }
      renamed ??= { ...given };
      renamed[rename.to] = given[key];
      delete renamed[key];
      continue;
    }
    const refused =
      (refusedHere && Object.hasOwn(refusedHere, key) ? refusedHere[key] : undefined) ?? (Object.hasOwn(REFUSED_EVERYWHERE, key) ? REFUSED_EVERYWHERE[key] : undefined);
    if (refused) {
      const labels = refused.frameworks.map((f) => FRAMEWORK_LABELS[f]);
      throw new ForeignConventionError(key, labels, names.length ? `one of: ${names.join(', ')}` : 'no parameters', `${activation.id}: parameter ${key}: ${refused.note}`);
    }
    const allowed = names.length ? `one of: ${names.join(', ')}` : 'absent (this activation has no parameters)';
    throw new InvalidParameterError(activation.id, 'parameter name', key, allowed);
  }
  return renamed ?? given;
}

/** Human-readable allowed range of a parameter, e.g. `> 0` or `a finite number`. */
export function describeRange(spec: ParamSpec): string {
  const parts: string[] = [];
  if (spec.min !== undefined) parts.push(`${spec.exclusiveMin ? '>' : '>='} ${spec.min}`);
  if (spec.max !== undefined) parts.push(`${spec.exclusiveMax ? '<' : '<='} ${spec.max}`);
  return parts.length ? `a finite number ${parts.join(' and ')}` : 'a finite number';
}

/**
 * Fills in defaults and validates parameter values.
 * @throws {InvalidParameterError} for an unknown parameter name, a value that is not a finite
 *   number, a value out of range, or a violated constraint between parameters.
 */
export function resolveParams(activation: Activation, given: Readonly<Record<string, unknown>> = {}): ParamValues {
  if (given === null || typeof given !== 'object' || Array.isArray(given)) {
    throw new InvalidParameterError(activation.id, 'parameters', given, 'an object of name: number');
  }
  given = canonicalParams(activation, given);
  const names = Object.keys(activation.params);
  const values: Record<string, number> = {};
  for (const name of names) {
    const spec = activation.params[name] as ParamSpec;
    const raw = Object.hasOwn(given, name) ? given[name] : spec.default;
    if (typeof raw !== 'number' || !Number.isFinite(raw)) {
      throw new InvalidParameterError(activation.id, name, raw, describeRange(spec));
    }
    const belowMin = spec.min !== undefined && (spec.exclusiveMin ? raw <= spec.min : raw < spec.min);
    const aboveMax = spec.max !== undefined && (spec.exclusiveMax ? raw >= spec.max : raw > spec.max);
    if (belowMin || aboveMax) throw new InvalidParameterError(activation.id, name, raw, describeRange(spec));
    values[name] = raw;
  }
  const violation = activation.crossCheck?.(values);
  if (violation) throw new InvalidParameterError(activation.id, violation[0], values[violation[0]], violation[1]);
  return Object.freeze(values);
}

export { celu, elu, geglu, gelu, geluTanh, glu, hardSigmoid, hardSwish, hardTanh, hardshrink, leakyRelu, linear };
export { logSigmoid, logSoftmax, mish, prelu, reglu, relu, relu6, rrelu, selu, sigmoid, softmax, softplus };
export { snake, softshrink, softsign, squareplus, swiglu, swish, tanh, tanhshrink, threshold };
