/**
 * The property sheet's shape: what src/analysis/properties.ts computes for an activation.
 * @module
 */
import type { ParamValues } from '../../activations/types.js';
import type { Moments } from '../moments.js';

/** Infimum and supremum of a function's values, and whether each is attained. */
export interface Interval {
  readonly infimum: number;
  readonly supremum: number;
  readonly infimumAttained: boolean;
  readonly supremumAttained: boolean;
}

export interface Extremum {
  readonly kind: 'minimum' | 'maximum';
  readonly at: number;
  readonly value: number;
}

/** Continuity class at a kink: how many derivatives agree from both sides. */
export type Continuity = 'discontinuous' | 'C0' | 'C1' | 'C2';

export interface Kink {
  readonly at: number;
  readonly continuity: Continuity;
  /** One-sided limits [left, right] of f, f′, f″. */
  readonly f: readonly [number, number];
  readonly df: readonly [number, number];
  readonly d2f: readonly [number, number];
}

/** How f′ behaves as z → ±∞. */
export interface Saturation {
  /** lim f(z). */
  readonly limit: number;
  /** lim f′(z). */
  readonly derivativeLimit: number;
  /** f′ → 0. */
  readonly saturates: boolean;
  /** 'none' (f′ → a nonzero constant), 'exact' (f′ = 0 beyond the last kink), or the decay law of |f′|. */
  readonly decay: 'none' | 'exact' | 'power' | 'exponential' | 'gaussian' | 'cubic';
  /**
   * For the decay laws, fitted: |f′| ∝ |z|^power · e^{−coefficient·|z|^k} with k = 1, 2, 3
   * (exponential, Gaussian, cubic; the cubic law also has a linear `rate` term).
   */
  readonly power?: number;
  readonly coefficient?: number;
  readonly rate?: number;
  /** A short human description, e.g. "f′ ∝ e^{−1|z|}". */
  readonly description: string;
}

export interface Cost {
  /** Average calls per element to each transcendental Math function, for f and for f′. */
  readonly f: Readonly<Record<string, number>>;
  readonly df: Readonly<Record<string, number>>;
  /** Measured ns per element of the array kernel (forward, Float64Array of 2¹⁶). */
  readonly nsPerElement?: number;
}

export interface ElementwisePropertySheet {
  readonly kind: 'elementwise';
  readonly id: string;
  readonly name: string;
  readonly params: ParamValues;
  readonly range: Interval & { readonly bounded: boolean };
  readonly derivativeRange: Interval & {
    /** When f is piecewise linear, the finitely many values f′ takes. */
    readonly values?: readonly number[];
  };
  /** Non-decreasing everywhere. */
  readonly monotone: boolean;
  readonly extrema: readonly Extremum[];
  /** Kinks where f jumps down (each makes f non-monotone). */
  readonly decreasingJumps: readonly { readonly at: number; readonly from: number; readonly to: number }[];
  /** Where f′ < 0, when f is not monotone and neither an extremum nor a jump says so. */
  readonly negativeDerivativeAt?: number;
  readonly inflectionPoints: readonly number[];
  readonly kinks: readonly Kink[];
  /** The weakest continuity over all kinks; 'C∞' without kinks. */
  readonly smoothness: Continuity | 'C∞';
  readonly saturation: { readonly left: Saturation; readonly right: Saturation };
  /** Gaussian moments at z ~ N(0, q) (a moment too large for float64 is ±∞). */
  readonly moments: Moments;
  /** Variance-preserving gain 1/√E[f(z)²] at z ~ N(0, 1) (computed without forming E[f²], so finite even where E[f²] overflows). */
  readonly gain: number;
  readonly cost: Cost;
}

export interface VectorPropertySheet {
  readonly kind: 'vector';
  readonly id: string;
  readonly name: string;
  readonly params: ParamValues;
  /** Output length for an input row of length 8 (n, or n/2 for the gated family). */
  readonly outputLengthFor8: number;
  /** f(x + c) = f(x) for a constant shift c (checked on a probe vector). */
  readonly shiftInvariant: boolean;
  /** Outputs sum to 1 (checked on probe vectors). */
  readonly sumsToOne: boolean;
}

export type PropertySheet = ElementwisePropertySheet | VectorPropertySheet;

export interface PropertyOptions {
  /** Variance of z ~ N(0, q) for the moments (default 1; `MIN_VARIANCE` … `MAX_VARIANCE` of moments.ts). */
  readonly q?: number;
  /** Measure the kernel's ns/element (default true; a few ms). */
  readonly timing?: boolean;
}
