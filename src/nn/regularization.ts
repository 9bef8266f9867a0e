/**
 * L1 and L2 weight penalties, as TensorFlow Playground offers them: the objective becomes
 * loss + λ·R(W) with R(W) = Σ|w| (L1) or ½·Σw² (L2), summed over the **weights** only —
 * biases and learnable activation parameters (PReLU's slope) are not penalised, as in
 * Playground, Keras' `kernel_regularizer` and the usual textbook convention.
 *
 * The penalty enters through the gradient, before the optimiser's step, so it works with every
 * optimiser: λ·w for L2 (PyTorch's coupled `weight_decay`; with plain SGD it is weight decay
 * w ← (1 − lr·λ)·w), λ·sign(w) for L1 — the subgradient, with sign(0) = 0 so a weight at
 * exactly zero stays there. Playground differs in two details, both said here rather than
 * copied: it takes sign(0) = +1, and after an L1 step that makes a weight cross zero it sets the
 * weight to 0 and freezes it for the rest of the run. With the plain subgradient a weight
 * that L1 drives to zero instead oscillates within lr·λ of it.
 * @module
 */
import { InvalidParameterError } from '../errors.js';
import type { Parameter } from './layers.js';

/** The penalties by name: none, L1 (Σ|w|), L2 (½·Σw²). */
export const REGULARIZATIONS = ['none', 'l1', 'l2'] as const;
export type Regularization = (typeof REGULARIZATIONS)[number];

/** Playground's choices of the regularisation rate λ (its drop-down, 0 to 10). */
export const REGULARIZATION_RATES = [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10] as const;

/** A parameter is a weight matrix (penalised) when its name ends in `.weight`. */
export function isWeight(parameter: Parameter): boolean {
  return parameter.name.endsWith('.weight');
}

/** Refuses an unknown penalty or a rate that is negative or not finite. */
export function checkRegularization(owner: string, kind: string, rate: number): void {
  if (!(REGULARIZATIONS as readonly string[]).includes(kind)) throw new InvalidParameterError(owner, 'regularization', kind, `one of: ${REGULARIZATIONS.join(', ')}`);
  if (!Number.isFinite(rate) || rate < 0) throw new InvalidParameterError(owner, 'regularizationRate', rate, 'a finite number >= 0');
}

/** λ·R(W) over the weights among `parameters` (0 for `none` or λ = 0). */
export function regularizationPenalty(parameters: readonly Parameter[], kind: Regularization, rate: number): number {
  if (kind === 'none' || rate === 0) return 0;
  let total = 0;
  for (const p of parameters) {
    if (!isWeight(p)) continue;
    for (const w of p.value) total += kind === 'l1' ? Math.abs(w) : 0.5 * w * w;
  }
  return rate * total;
}

/**
 * Adds ∂(λ·R)/∂w to the gradient of every weight among `parameters`, in place: λ·w (L2) or
 * λ·sign(w) (L1, sign(0) = 0). Biases and other parameters are left as they are.
 */
export function addRegularizationGradient(parameters: readonly Parameter[], kind: Regularization, rate: number): void {
  if (kind === 'none' || rate === 0) return;
  for (const p of parameters) {
    if (!isWeight(p)) continue;
    const { value, gradient } = p;
    for (let i = 0; i < value.length; i++) {
      const w = value[i] as number;
      gradient[i] = (gradient[i] as number) + rate * (kind === 'l1' ? Math.sign(w) : w);
    }
  }
}
