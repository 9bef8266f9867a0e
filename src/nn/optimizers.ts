/**
 * First-order optimisers over (value, gradient) Float64Array pairs. Each keeps its state (velocity,
 * moments) per parameter array, keyed by the array itself, so one optimiser serves one network.
 * Update rules follow PyTorch's `torch.optim` so results can be compared with it.
 * @module
 */
import { InvalidParameterError, ShapeError } from '../errors.js';

/** Anything with a value array and a gradient array of the same length. */
export interface ParameterPair {
  readonly value: Float64Array;
  readonly gradient: Float64Array;
}

/** An optimiser: `step` updates every value in place from its gradient. */
export interface Optimizer {
  readonly name: string;
  step(parameters: readonly ParameterPair[]): void;
  /**
   * Sets the learning rate of the steps that follow (a schedule's job); the state (velocities,
   * moments, Adam's step count) is kept. The built-in optimisers all have it.
   * @throws {InvalidParameterError} unless it is a finite number > 0
   */
  setLearningRate?(learningRate: number): void;
}

function positive(owner: string, name: string, value: number, allowZero = false): number {
  const ok = Number.isFinite(value) && (allowZero ? value >= 0 : value > 0);
  if (!ok) throw new InvalidParameterError(owner, name, value, allowZero ? 'a finite number >= 0' : 'a finite number > 0');
  return value;
}

function checkPair(p: ParameterPair): void {
  if (p.value.length !== p.gradient.length) throw new ShapeError(`optimiser: value has length ${p.value.length} but gradient ${p.gradient.length}`);
}

/** Plain gradient descent θ ← θ − lr·g. */
export function sgd(options: { readonly learningRate: number }): Optimizer {
  let lr = positive('sgd', 'learningRate', options.learningRate);
  return {
    name: 'sgd',
    setLearningRate: (next) => (lr = positive('sgd', 'learningRate', next)),
    step(parameters) {
      for (const p of parameters) {
        checkPair(p);
        const { value, gradient } = p;
        for (let i = 0; i < value.length; i++) value[i] = (value[i] as number) - lr * (gradient[i] as number);
      }
    },
  };
}

/**
 * Momentum, PyTorch's form: v ← μ·v + g, then θ ← θ − lr·v (classical) or θ ← θ − lr·(g + μ·v)
 * (Nesterov, Sutskever et al. 2013 rewritten to use the gradient at θ). This differs from
 * v ← μ·v − lr·g only by where lr sits, which matters when lr changes during training.
 */
export function momentum(options: { readonly learningRate: number; readonly momentum?: number; readonly nesterov?: boolean }): Optimizer {
  let lr = positive('momentum', 'learningRate', options.learningRate);
  const mu = options.momentum ?? 0.9;
  if (!(mu >= 0 && mu < 1)) throw new InvalidParameterError('momentum', 'momentum', mu, 'a number in [0, 1)');
  const nesterov = options.nesterov ?? false;
  const velocities = new Map<Float64Array, Float64Array>();
  return {
    name: nesterov ? 'nesterov' : 'momentum',
    setLearningRate: (next) => (lr = positive('momentum', 'learningRate', next)),
    step(parameters) {
      for (const p of parameters) {
        checkPair(p);
        const { value, gradient } = p;
        let v = velocities.get(value);
        if (!v) {
          v = new Float64Array(value.length);
          velocities.set(value, v);
        }
        for (let i = 0; i < value.length; i++) {
          const g = gradient[i] as number;
          const vi = mu * (v[i] as number) + g;
          v[i] = vi;
          value[i] = (value[i] as number) - lr * (nesterov ? g + mu * vi : vi);
        }
      }
    },
  };
}

/**
 * Adam (Kingma & Ba 2015) with bias correction: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
 * θ ← θ − lr·m̂/(√v̂ + ε) with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ). ε outside the square root, as
 * PyTorch and the paper. t counts `step` calls.
 */
export function adam(
  options: { readonly learningRate?: number; readonly beta1?: number; readonly beta2?: number; readonly epsilon?: number } = {},
): Optimizer {
  let lr = positive('adam', 'learningRate', options.learningRate ?? 1e-3);
  const beta1 = options.beta1 ?? 0.9;
  const beta2 = options.beta2 ?? 0.999;
  const epsilon = positive('adam', 'epsilon', options.epsilon ?? 1e-8, true);
  for (const [name, beta] of [
    ['beta1', beta1],
    ['beta2', beta2],
  ] as const) {
    if (!(beta >= 0 && beta < 1)) throw new InvalidParameterError('adam', name, beta, 'a number in [0, 1)');
  }
  const moments = new Map<Float64Array, { m: Float64Array; v: Float64Array }>();
  let t = 0;
  return {
    name: 'adam',
    setLearningRate: (next) => (lr = positive('adam', 'learningRate', next)),
    step(parameters) {
      t++;
      const correction1 = 1 - beta1 ** t;
      const correction2 = 1 - beta2 ** t;
      for (const p of parameters) {
        checkPair(p);
        const { value, gradient } = p;
        let state = moments.get(value);
        if (!state) {
          state = { m: new Float64Array(value.length), v: new Float64Array(value.length) };
          moments.set(value, state);
        }
        const { m, v } = state;
        for (let i = 0; i < value.length; i++) {
          const g = gradient[i] as number;
          const mi = beta1 * (m[i] as number) + (1 - beta1) * g;
          const vi = beta2 * (v[i] as number) + (1 - beta2) * g * g;
          m[i] = mi;
          v[i] = vi;
          value[i] = (value[i] as number) - (lr * (mi / correction1)) / (Math.sqrt(vi / correction2) + epsilon);
        }
      }
    },
  };
}

/** The optimisers {@link createOptimizer} builds by name. */
export const OPTIMIZERS = ['sgd', 'momentum', 'adam'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

/**
 * The optimiser called `name` with learning rate `learningRate` and its other settings at their
 * defaults (momentum 0.9; Adam's β₁ 0.9, β₂ 0.999, ε 1e−8): the one factory behind the
 * playground's and the experiments' `optimizer` settings.
 * @param owner what the error message names as asking (`playground`, `dead-neurons`)
 * @throws {InvalidParameterError} for a name not in {@link OPTIMIZERS}, naming them
 */
export function createOptimizer(name: string, learningRate: number, owner = 'optimizer'): Optimizer {
  switch (name) {
    case 'sgd':
      return sgd({ learningRate });
    case 'momentum':
      return momentum({ learningRate });
    case 'adam':
      return adam({ learningRate });
    default:
      throw new InvalidParameterError(owner, 'optimizer', name, `one of: ${OPTIMIZERS.join(', ')}`);
  }
}
