/** fast-check arbitraries shared by the property tests: parameter sets the validator accepts. */
import fc from 'fast-check';
import { resolveParams, type ElementwiseActivation, type ParamSpec, type ParamValues } from '../../src/activations/index.js';

/**
 * Parameter sets of `a` drawn with `valueOf` for each parameter, resolved by the registry's own
 * validator; draws it refuses are discarded (each test file draws values its own way, and the
 * validator, not the test, says what is accepted).
 */
export function acceptedParams(a: ElementwiseActivation, valueOf: (spec: ParamSpec) => fc.Arbitrary<number>): fc.Arbitrary<ParamValues> {
  const names = Object.keys(a.params);
  if (names.length === 0) return fc.constant(resolveParams(a, {}));
  const record = Object.fromEntries(names.map((n) => [n, valueOf(a.params[n] as ParamSpec)]));
  return fc
    .record(record)
    .map((given) => {
      try {
        return resolveParams(a, given);
      } catch {
        return undefined;
      }
    })
    .filter((p): p is ParamValues => p !== undefined);
}

/**
 * An activation of `defs` with parameters it accepts: up to two of its parameters are given a
 * `value` each (each kept or left at its default), resolved by the registry's own validator;
 * draws it refuses are discarded.
 */
export function acceptedActivation(
  defs: readonly ElementwiseActivation[],
  value: fc.Arbitrary<number>,
): fc.Arbitrary<{ def: ElementwiseActivation; params: ParamValues }> {
  return fc
    .tuple(fc.constantFrom(...defs), fc.array(value, { minLength: 2, maxLength: 2 }), fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }))
    .map(([def, values, keep]) => {
      const given: Record<string, number> = {};
      Object.keys(def.params).forEach((name, i) => {
        if (keep[i]) given[name] = values[i] as number;
      });
      try {
        return { def, params: resolveParams(def, given) as ParamValues | undefined };
      } catch {
        return { def, params: undefined };
      }
    })
    .filter((x): x is { def: ElementwiseActivation; params: ParamValues } => x.params !== undefined);
}
