/**
 * The activation registry: every activation actlab knows, looked up by id or alias, with
 * parameter resolution and validation.
 * @module
 */
import { distance } from 'fastest-levenshtein';
import { InvalidParameterError, UnknownActivationError } from '../errors.js';
import { linear, sigmoid, tanh } from './classical.js';
import { celu, elu, selu } from './exponential.js';
import { geglu, glu, reglu, swiglu } from './gated.js';
import { hardSigmoid, hardSwish, hardTanh } from './hard.js';
import { logSoftmax, softmax } from './output.js';
import { leakyRelu, prelu, relu, relu6, rrelu, threshold } from './relu.js';
import { hardshrink, softshrink, tanhshrink } from './shrink.js';
import { gelu, geluTanh, logSigmoid, mish, softplus, softsign, squareplus, swish } from './smooth.js';
import type { Activation, ElementwiseActivation, ParamSpec, ParamValues, VectorActivation } from './types.js';

export * from './types.js';
export { SELU_ALPHA, SELU_SCALE } from './exponential.js';
export { rreluEvalSlope } from './relu.js';

/** Every activation, in catalogue order: the chapter's first, then the peers', then vector ones. */
export const ACTIVATIONS: readonly Activation[] = Object.freeze([
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
]);

/** Normalises a user-typed name: case-insensitive, '-' and ' ' treated as '_'. */
function normaliseName(name: string): string {
  return name.trim().toLowerCase().replace(/[-\s]+/g, '_');
}

const byName = new Map<string, Activation>();
for (const activation of ACTIVATIONS) {
  for (const name of [activation.id, ...activation.aliases]) {
    if (byName.has(name)) throw new Error(`duplicate activation name ${name}`);
    byName.set(name, activation);
  }
}

/** Canonical ids in catalogue order. */
export const ACTIVATION_IDS: readonly string[] = ACTIVATIONS.map((a) => a.id);

/**
 * Looks up an activation by id or alias (case-insensitive; `-` and spaces count as `_`).
 * @throws {UnknownActivationError} naming the closest known name and listing all of them.
 */
export function getActivation(name: string): Activation {
  const found = byName.get(normaliseName(name));
  if (found) return found;
  throw new UnknownActivationError(name, suggestName(name), ACTIVATION_IDS);
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
  const names = Object.keys(activation.params);
  // Own keys only, checked against the definition's own parameters: "__proto__" or "toString"
  // (from a map without a prototype, or JSON) are unknown names, never silently ignored.
  for (const key of Object.keys(given)) {
    if (!Object.hasOwn(activation.params, key)) {
      const allowed = names.length ? `one of: ${names.join(', ')}` : 'absent (this activation has no parameters)';
      throw new InvalidParameterError(activation.id, 'parameter name', key, allowed);
    }
  }
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
