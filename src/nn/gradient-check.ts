/**
 * Central-difference gradient check: compares the network's back-propagated gradient with
 * (J(θ + h) − J(θ − h))/(2h) for every entry of every parameter, J being the network's
 * {@link Network.objective} (the mean loss, ×N in `sum` gradient mode).
 *
 * Central differences have truncation error O(h²) and rounding error O(ε·|J|/h); h = 1e-6
 * balances them near 1e-10 in absolute terms for losses of order 1. Near a kink of the
 * activation (ReLU at 0) the finite difference straddles two branches and the check is
 * meaningless: keep pre-activations away from kinks by more than h·|x|.
 * @module
 */
import type { Matrix } from './matrix.js';
import type { Network, Targets } from './network.js';

/** Options of {@link gradientCheck}. */
export interface GradientCheckOptions {
  /** Step h (default 1e-6). */
  readonly step?: number;
}

/** The comparison for one parameter array. */
export interface ParameterCheck {
  readonly name: string;
  readonly analytic: Float64Array;
  readonly numeric: Float64Array;
  /**
   * ‖analytic − numeric‖ / max(‖analytic‖, ‖numeric‖) (0 when both vanish). Norm-wise, so an
   * entry that is zero up to rounding does not dominate, as it would entry by entry.
   */
  readonly relativeError: number;
  /** max |analytic − numeric| over the entries. */
  readonly maxAbsoluteError: number;
}

/** What {@link gradientCheck} returns. */
export interface GradientCheckResult {
  readonly parameters: readonly ParameterCheck[];
  /** The largest per-parameter relative error. */
  readonly maxRelativeError: number;
  /** The relative error over all parameters concatenated. */
  readonly relativeError: number;
}

function relative(difference2: number, a2: number, b2: number): number {
  const scale = Math.sqrt(Math.max(a2, b2));
  return scale === 0 ? 0 : Math.sqrt(difference2) / scale;
}

/**
 * Checks every parameter's gradient on the batch (x, y). Parameters are restored bit for bit;
 * the network's gradients afterwards are the analytic ones at the original parameters.
 */
export function gradientCheck(network: Network, x: Matrix, y: Targets, options: GradientCheckOptions = {}): GradientCheckResult {
  const h = options.step ?? 1e-6;
  const target = network.targetMatrix(y, x.rows);
  const scale = network.gradientMode === 'sum' ? x.rows : 1;
  const objective = () => network.loss.evaluate(network.forward(x), target).loss * scale;
  const parameters = network.parameters();
  network.computeGradients(x, target);
  const analytic = parameters.map((p) => p.gradient.slice());
  const checks: ParameterCheck[] = [];
  let totalDifference = 0;
  let totalAnalytic = 0;
  let totalNumeric = 0;
  parameters.forEach((p, index) => {
    const numeric = new Float64Array(p.value.length);
    for (let i = 0; i < p.value.length; i++) {
      const original = p.value[i] as number;
      p.value[i] = original + h;
      const plus = objective();
      p.value[i] = original - h;
      const minus = objective();
      p.value[i] = original;
      numeric[i] = (plus - minus) / (2 * h);
    }
    const exact = analytic[index] as Float64Array;
    let difference2 = 0;
    let analytic2 = 0;
    let numeric2 = 0;
    let maxAbsoluteError = 0;
    for (let i = 0; i < exact.length; i++) {
      const d = (exact[i] as number) - (numeric[i] as number);
      difference2 += d * d;
      analytic2 += (exact[i] as number) ** 2;
      numeric2 += (numeric[i] as number) ** 2;
      maxAbsoluteError = Math.max(maxAbsoluteError, Math.abs(d));
    }
    totalDifference += difference2;
    totalAnalytic += analytic2;
    totalNumeric += numeric2;
    checks.push({ name: p.name, analytic: exact, numeric, relativeError: relative(difference2, analytic2, numeric2), maxAbsoluteError });
  });
  // Leave the caches and gradients describing the unperturbed parameters.
  network.computeGradients(x, target);
  return {
    parameters: checks,
    maxRelativeError: checks.reduce((m, c) => Math.max(m, c.relativeError), 0),
    relativeError: relative(totalDifference, totalAnalytic, totalNumeric),
  };
}
