/**
 * Initialisation gains for any activation, and the initialisers that use them.
 *
 * The variance-preserving gain is g = 1/√E[f(z)²] for z ~ N(0, 1): with weights of variance
 * g²/fan_in, a layer maps unit-variance pre-activations to unit-variance pre-activations
 * (He et al. 2015 derive g = √2 for ReLU this way). PyTorch's `calculate_gain` tabulates seven
 * values and refuses everything else; actlab computes g for every activation and says where
 * and why PyTorch's number differs.
 * @module
 */
import { getElementwise, resolveParams } from '../activations/index.js';
import type { ElementwiseActivation, ParamValues } from '../activations/types.js';
import { InvalidParameterError } from '../errors.js';
import type { RandomSource } from '../math/random.js';
import { gaussianMoments, type Moments } from './moments.js';

/** PyTorch's `torch.nn.init.calculate_gain` value for an activation, where it has one. */
export interface PytorchGain {
  readonly value: number;
  /** How PyTorch writes it, e.g. `5/3`. */
  readonly formula: string;
  /** Why it differs from (or agrees with) the variance-preserving gain. */
  readonly explanation: string;
}

export interface GainReport {
  readonly id: string;
  readonly params: ParamValues;
  /** E[f(z)²] at z ~ N(0, 1). */
  readonly secondMoment: number;
  /** 1/√E[f(z)²]. */
  readonly gain: number;
  /** PyTorch's value, or undefined where calculate_gain raises (ValueError, or `pytorchRaises`). */
  readonly pytorch?: PytorchGain;
  /** What calculate_gain raises where it has a formula but cannot evaluate it (e.g. OverflowError). */
  readonly pytorchRaises?: string;
}

/** PyTorch's table (torch.nn.init.calculate_gain documentation), keyed by actlab id. */
function pytorchGain(id: string, p: ParamValues, secondMoment: number, computed: number): PytorchGain | undefined {
  // With gain g the next layer's pre-activations start with variance g²·E[f(z)²].
  const variance = (g: number) => `with it the next layer's pre-activation variance is ${(g * g * secondMoment).toPrecision(4)}, not 1`;
  // "agrees" only where both numbers are finite and equal to rounding.
  const agreeing = (value: number, formula: string, why: string): PytorchGain => {
    const agrees = Number.isFinite(value) && Number.isFinite(computed) && value > 0 && Math.abs(value - computed) <= 1e-9 * computed;
    return {
      value,
      formula,
      explanation: agrees ? `agrees: ${why}` : `differs: PyTorch's ${formula} = ${value}, the variance-preserving gain is ${computed}`,
    };
  };
  switch (id) {
    case 'linear':
      return agreeing(1, '1', 'E[z²] = 1.');
    case 'relu':
      return agreeing(Math.SQRT2, '√2', 'E[relu(z)²] = 1/2 exactly (He et al. 2015).');
    case 'leaky_relu': {
      const a = p.negative_slope as number;
      // Python's float a**2 raises OverflowError where a² exceeds float64: calculate_gain has no value there.
      if (!Number.isFinite(a * a)) return undefined;
      return agreeing(Math.sqrt(2 / (1 + a * a)), '√(2/(1 + negative_slope²))', 'E[leaky(z)²] = (1 + a²)/2 exactly.');
    }
    case 'tanh':
      return {
        value: 5 / 3,
        formula: '5/3',
        explanation: `differs: 5/3 is an empirical choice (PyTorch gives no derivation); ${variance(5 / 3)}.`,
      };
    case 'sigmoid':
      return {
        value: 1,
        formula: '1',
        explanation: `differs: PyTorch applies no correction for sigmoid; ${variance(1)} (and most of E[σ(z)²] is the mean ½ squared).`,
      };
    case 'selu':
      return {
        value: 3 / 4,
        formula: '3/4',
        explanation: `differs: PyTorch trades self-normalisation for gradient flow in rectangular layers (${variance(3 / 4)}) and advises nonlinearity='linear', gain 1 — the value computed here — for self-normalising networks.`,
      };
    default:
      return undefined;
  }
}

/**
 * PyTorch's `calculate_gain` value for an activation (resolved parameters), without the Gaussian
 * quadrature the variance-preserving gain needs: the same number as {@link GainReport.pytorch}'s
 * `value`, or undefined where that is undefined.
 */
export function pytorchGainValue(id: string, values: ParamValues): number | undefined {
  // The table's values depend on the parameters alone: the moments only shape the explanation.
  return pytorchGain(id, values, NaN, NaN)?.value;
}

/**
 * The variance-preserving gain of an activation, with PyTorch's value beside it where it has one.
 * The gain is computed from √E[f²] (never from E[f²] itself), so it is finite even where E[f²]
 * exceeds float64 (`secondMoment` is then ∞); it is ∞ only where E[f²] is 0.
 * @throws {InvalidParameterError} for vector activations (they have no elementwise gain).
 * @throws {AnalysisDomainError} for parameters that put f beyond what float64 resolves.
 */
export function gain(activation: string | ElementwiseActivation, params: Readonly<Record<string, number>> = {}): GainReport {
  const definition = typeof activation === 'string' ? getElementwise(activation) : activation;
  const values = resolveParams(definition, params);
  return gainFromMoments(definition, values, gaussianMoments(definition, values, 1));
}

/**
 * {@link gain} from the activation's Gaussian moments at q = 1, already computed (a caller that
 * needs both — χ = g²·E[f′(z)²] — runs the quadrature once). `values` are resolved parameters.
 */
export function gainFromMoments(definition: ElementwiseActivation, values: ParamValues, moments: Moments): GainReport {
  const secondMoment = moments.meanSquare;
  const g = 1 / moments.rootMeanSquare;
  const pytorch = pytorchGain(definition.id, values, secondMoment, g);
  const raises = definition.id === 'leaky_relu' && !pytorch ? 'OverflowError: negative_slope² exceeds float64' : undefined;
  return { id: definition.id, params: values, secondMoment, gain: g, ...(pytorch ? { pytorch } : {}), ...(raises ? { pytorchRaises: raises } : {}) };
}

/** Weight initialisation schemes. */
export type InitScheme = 'he' | 'lecun' | 'xavier';

export interface InitOptions {
  readonly scheme: InitScheme;
  readonly fanIn: number;
  readonly fanOut?: number;
  /** Gain g (default 1): use {@link gain}(activation).gain, or pass `activation` instead. */
  readonly gain?: number;
  /** An activation whose variance-preserving gain to use (ignored when `gain` is given). */
  readonly activation?: string;
  /** He's `mode`: scale by fan_in (forward variance, default) or fan_out (backward). */
  readonly mode?: 'fan_in' | 'fan_out';
}

/**
 * Standard deviation of the initial weights:
 * He/Kaiming g/√fan (He et al. 2015), LeCun 1/√fan_in (LeCun et al. 1998; He with g = 1),
 * Xavier/Glorot g·√(2/(fan_in + fan_out)) (Glorot & Bengio 2010).
 */
export function initStd(options: InitOptions): number {
  const { scheme, fanIn } = options;
  const fanOut = options.fanOut ?? fanIn;
  for (const [name, value] of [
    ['fanIn', fanIn],
    ['fanOut', fanOut],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) throw new InvalidParameterError(`${scheme} init`, name, value, 'a positive integer');
  }
  const g = options.gain ?? (options.activation ? gain(options.activation).gain : 1);
  if (!(g > 0) || !Number.isFinite(g)) throw new InvalidParameterError(`${scheme} init`, 'gain', g, 'a finite number > 0');
  switch (scheme) {
    case 'he':
      return g / Math.sqrt(options.mode === 'fan_out' ? fanOut : fanIn);
    case 'lecun':
      return 1 / Math.sqrt(fanIn);
    case 'xavier':
      return g * Math.sqrt(2 / (fanIn + fanOut));
    default:
      throw new InvalidParameterError('init', 'scheme', scheme, 'one of: he, lecun, xavier');
  }
}

/**
 * Fills `weights` from N(0, std²) or the uniform distribution with the same variance
 * (U(−√3·std, √3·std)), std from {@link initStd}. Returns `weights`.
 */
export function initialise<T extends Float32Array | Float64Array>(
  weights: T,
  options: InitOptions & { readonly distribution?: 'normal' | 'uniform'; readonly random: RandomSource },
): T {
  const std = initStd(options);
  if (options.distribution === 'uniform') {
    const bound = Math.sqrt(3) * std;
    for (let i = 0; i < weights.length; i++) weights[i] = bound * (2 * options.random.uniform() - 1);
  } else {
    for (let i = 0; i < weights.length; i++) weights[i] = std * options.random.normal();
  }
  return weights;
}
