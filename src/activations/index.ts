/**
 * The activation registry: every activation actlab knows, looked up by id or alias, with
 * parameter resolution and validation.
 * @module
 */
import { distance } from 'fastest-levenshtein';
import { ForeignConventionError, InvalidArgumentError, InvalidParameterError, UnknownActivationError } from '../errors.js';
import { linear, sigmoid, tanh } from './classical.js';
import { celu, elu, selu } from './exponential.js';
import { geglu, glu, reglu, swiglu } from './gated.js';
import { hardSigmoid, hardSwish, hardTanh } from './hard.js';
import { logSoftmax, softmax } from './output.js';
import { leakyRelu, prelu, relu, relu6, rrelu, threshold } from './relu.js';
import { hardshrink, softshrink, tanhshrink } from './shrink.js';
import { gelu, geluTanh, logSigmoid, mish, softplus, softsign, squareplus, swish } from './smooth.js';
import { CONVENTIONS, FRAMEWORK_LABELS, FRAMEWORKS, REFUSED_EVERYWHERE, type Framework, type FrameworkName } from './conventions.js';
import type { Activation, ElementwiseActivation, ParamSpec, ParamValues, VectorActivation } from './types.js';

export * from './types.js';
export * from './conventions.js';
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
function normaliseName(name: string): string {
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

// ───────────────────────── other frameworks' spellings ─────────────────────────

/** One framework's spelling of one activation, with the activation it names. */
export interface FrameworkSpelling extends FrameworkName {
  readonly name: string;
  readonly framework: Framework;
  readonly id: ActivationId;
}

/** Every named spelling in {@link CONVENTIONS}, in table order. */
export const FRAMEWORK_SPELLINGS: readonly FrameworkSpelling[] = Object.freeze(
  ACTIVATION_IDS.flatMap((id) =>
    FRAMEWORKS.flatMap((framework) =>
      (CONVENTIONS[id][framework]?.names ?? []).flatMap((entry) =>
        entry.name === undefined ? [] : [Object.freeze({ ...entry, name: entry.name, framework, id })],
      ),
    ),
  ),
);

/** Whether a spelling means what actlab's definition with its own defaults means. */
function sameMeaning(spelling: FrameworkSpelling, definition: Activation): boolean {
  if (spelling.id !== definition.id) return false;
  return Object.entries(spelling.defaults ?? {}).every(([param, value]) => definition.params[param]?.default === value);
}

const formatNumber = (value: number) => (value === 1 / 6 ? '1/6' : String(value));
const formatParams = (values: Readonly<Record<string, number>>) =>
  `{ ${Object.entries(values).map(([param, value]) => `${param}: ${formatNumber(value)}`).join(', ')} }`;

/**
 * The spellings refused by exact match, each with its note: those that normalise to an actlab
 * name (or to nothing) but mean something else in every framework that writes them so —
 * TF.js's `hardSigmoid` would otherwise fall on `hardsigmoid`, PyTorch's slope 1/6. A spelling
 * that some framework uses with actlab's meaning (`LeakyReLU`: PyTorch 0.01, Keras 0.3) keeps
 * actlab's meaning, and a canonical id always does; docs/conventions.md flags both.
 */
const refusedSpellings = new Map<string, ForeignConventionError>();
{
  const spellings = new Map<string, FrameworkSpelling[]>();
  for (const spelling of FRAMEWORK_SPELLINGS) spellings.set(spelling.name, [...(spellings.get(spelling.name) ?? []), spelling]);
  for (const [name, uses] of spellings) {
    const resolved = byName.get(normaliseName(name));
    if (resolved && (resolved.id === normaliseName(name) || uses.some((use) => sameMeaning(use, resolved)))) continue;
    const use = uses[0] as FrameworkSpelling;
    const definition = byId.get(use.id) as Activation;
    const defaults = use.defaults ?? {};
    const actlabDefaults = Object.fromEntries(Object.entries(definition.params).map(([param, spec]) => [param, spec.default]));
    const differing = Object.keys(defaults);
    const agreeing = FRAMEWORKS.filter((framework) =>
      (CONVENTIONS[use.id][framework]?.names ?? []).some((entry) =>
        differing.every((param) => !entry.required?.includes(param) && (entry.defaults?.[param] ?? actlabDefaults[param]) === actlabDefaults[param]),
      ),
    ).map((framework) => FRAMEWORK_LABELS[framework]);
    const frameworks = [...new Set(uses.map((u) => FRAMEWORK_LABELS[u.framework]))];
    const suggestion = `"${use.id}" with ${formatParams(defaults)}`;
    const note =
      `"${name}" is ${frameworks.join(' and ')}'s ${definition.name} (${use.api}) with ${formatParams({ ...actlabDefaults, ...defaults })}; ` +
      `actlab's ${use.id} defaults to ${formatParams(actlabDefaults)}${agreeing.length ? ` as ${agreeing.join(', ')}` : ''}: ` +
      `use ${suggestion}, or fromFramework('${use.framework}', '${name}')`;
    refusedSpellings.set(name, new ForeignConventionError(name, frameworks, suggestion, note));
  }
}

/** The note of a refused spelling (a fresh error each time, so stacks point at the caller). */
function refusal(name: string): ForeignConventionError | undefined {
  const template = refusedSpellings.get(name);
  return template && new ForeignConventionError(template.requested, template.frameworks, template.suggestion, template.note);
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
  throw new UnknownActivationError(name, suggestName(name), ACTIVATION_IDS);
}

/**
 * What a framework means by one of its names: actlab's definition and that framework's
 * defaults (in actlab's parameter names). The spelling is matched exactly, then ignoring case,
 * `-` and `_` among that framework's spellings.
 * @throws {InvalidArgumentError} for a framework other than 'pytorch', 'tfjs', 'jax', 'keras'.
 * @throws {UnknownActivationError} for a name the framework's column of the table does not hold.
 */
export function frameworkMeaning(framework: Framework, name: string): { readonly definition: Activation; readonly defaults: ParamValues; readonly spelling: FrameworkSpelling } {
  if (typeof framework !== 'string' || !FRAMEWORKS.includes(framework)) {
    throw new InvalidArgumentError('fromFramework', 'framework', `one of ${FRAMEWORKS.map((f) => `'${f}'`).join(', ')}`, framework);
  }
  if (typeof name !== 'string') throw new InvalidArgumentError('fromFramework', 'name', 'a string', name);
  const own = FRAMEWORK_SPELLINGS.filter((s) => s.framework === framework);
  const spelling = own.find((s) => s.name === name) ?? own.find((s) => normaliseName(s.name) === normaliseName(name));
  if (!spelling) {
    const known = [...new Set(own.map((s) => s.name))];
    const wanted = normaliseName(name);
    const near = known.map((k) => [k, distance(wanted, normaliseName(k))] as const).sort((a, b) => a[1] - b[1])[0];
    throw new UnknownActivationError(name, near && near[1] <= Math.max(2, Math.floor(wanted.length / 3)) ? near[0] : undefined, known);
  }
  return { definition: byId.get(spelling.id) as Activation, defaults: Object.freeze({ ...(spelling.defaults ?? {}) }), spelling };
}

/** Like {@link getActivation}, but the activation must be elementwise. */
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
  const wanted = normaliseName(name);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of byName.keys()) {
    const d = distance(wanted, candidate);
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  return bestDistance <= limit ? best : undefined;
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
  const conventions = Object.hasOwn(CONVENTIONS, activation.id) ? CONVENTIONS[activation.id as ActivationId] : undefined;
  let renamed: Record<string, unknown> | undefined;
  for (const key of Object.keys(given)) {
    if (Object.hasOwn(activation.params, key)) continue;
    const frameworks = FRAMEWORKS.filter((framework) => {
      const params = conventions?.[framework]?.params;
      return params !== undefined && Object.hasOwn(params, key);
    });
    const target = frameworks.length ? (conventions?.[frameworks[0] as Framework]?.params?.[key] as string) : undefined;
    if (target !== undefined && Object.hasOwn(activation.params, target)) {
      if (Object.hasOwn(given, target)) {
        throw new InvalidParameterError(activation.id, key, given[key], `absent when ${target} is given (${key} is ${frameworks.map((f) => FRAMEWORK_LABELS[f]).join(' and ')}'s name for ${target})`);
      }
      renamed ??= { ...given };
      renamed[target] = given[key];
      delete renamed[key];
      continue;
    }
    const refused = (conventions?.refusedParams && Object.hasOwn(conventions.refusedParams, key) ? conventions.refusedParams[key] : undefined) ??
      (Object.hasOwn(REFUSED_EVERYWHERE, key) ? REFUSED_EVERYWHERE[key] : undefined);
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
export { softshrink, softsign, squareplus, swiglu, swish, tanh, tanhshrink, threshold };
