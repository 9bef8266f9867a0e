/**
 * Toy 2-D sets: the chapter's four XOR points, TensorFlow Playground's four classification sets
 * and two of its regression sets (src/dataset.ts of github.com/tensorflow/playground), and
 * scikit-learn's two moons.
 *
 * Conventions, the same for every set:
 * - `x` is n×2 (columns: x, y coordinates), `y` holds 0/1 labels. Playground labels +1/−1;
 *   its +1 is label 1 here. The regression sets' `y` holds Playground's targets in [−1, 1].
 * - `noise` is Playground's fraction: its slider shows 0…50 and passes `noise / 100`, so the
 *   useful range is 0…0.5.
 * - Points come in Playground's generation order (class 1 first where it generates by class);
 *   Playground shuffles afterwards in the UI, {@link Network.fit} shuffles every epoch.
 * - Random draws happen in Playground's order, with `random.uniform()` for its `Math.random()`,
 *   so a source replaying Playground's seedrandom stream replays its data.
 * @module
 */
import { InvalidParameterError } from '../errors.js';
import type { RandomSource } from '../math/random.js';
import { fromRows, matrix, type Matrix } from './matrix.js';

/** Inputs (n×2) and 0/1 labels (regression: targets in [−1, 1]). */
export interface Dataset {
  readonly x: Matrix;
  readonly y: Float64Array;
}

/** A generator of a 2-D set. */
export type DatasetGenerator = (n: number, noise: number, random: RandomSource) => Dataset;

/** The chapter's XOR: inputs (0,0), (0,1), (1,0), (1,1), labels 0, 1, 1, 0. */
export function xorPoints(): Dataset {
  return {
    x: fromRows([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]),
    y: Float64Array.of(0, 1, 1, 0),
  };
}

/** Playground's radius: its sets live in [−6, 6]², the two-class ones within radius 5. */
const RADIUS = 5;

function check(name: string, n: number, noise: number, even: boolean): void {
  if (!Number.isInteger(n) || n < 0 || (even && n % 2 !== 0)) {
    throw new InvalidParameterError(name, 'n', n, even ? 'a non-negative even integer (half the points in each class)' : 'a non-negative integer');
  }
  if (!(noise >= 0) || !Number.isFinite(noise)) throw new InvalidParameterError(name, 'noise', noise, 'a finite number >= 0 (Playground uses 0…0.5)');
}

/** Playground's randUniform(a, b) = a + (b − a)·U. */
function uniform(random: RandomSource, a: number, b: number): number {
  return random.uniform() * (b - a) + a;
}

class Builder {
  private readonly points: number[] = [];
  private readonly labels: number[] = [];
  push(x: number, y: number, label: number): void {
    this.points.push(x, y);
    this.labels.push(label);
  }
  build(): Dataset {
    return { x: matrix(this.labels.length, 2, Float64Array.from(this.points)), y: Float64Array.from(this.labels) };
  }
}

/**
 * Playground's circle: n/2 points with radius r ~ U(0, 2.5) and n/2 with r ~ U(3.5, 5), angle
 * θ ~ U(0, 2π), point (r·sin θ, r·cos θ). The label is whether the point *plus noise*
 * (each coordinate + U(−5, 5)·noise) lies within radius 2.5 of the origin — noise flips labels
 * and leaves the points where they are, as in Playground.
 */
export function circle(n: number, noise: number, random: RandomSource): Dataset {
  check('circle', n, noise, true);
  const data = new Builder();
  const labelOf = (x: number, y: number) => (Math.hypot(x, y) < RADIUS * 0.5 ? 1 : 0);
  for (const [low, high] of [
    [0, RADIUS * 0.5],
    [RADIUS * 0.7, RADIUS],
  ] as const) {
    for (let i = 0; i < n / 2; i++) {
      const r = uniform(random, low, high);
      const angle = uniform(random, 0, 2 * Math.PI);
      const x = r * Math.sin(angle);
      const y = r * Math.cos(angle);
      const noiseX = uniform(random, -RADIUS, RADIUS) * noise;
      const noiseY = uniform(random, -RADIUS, RADIUS) * noise;
      data.push(x, y, labelOf(x + noiseX, y + noiseY));
    }
  }
  return data.build();
}

/**
 * Playground's XOR: x, y ~ U(−5, 5) each pushed 0.3 away from its axis (so no point lies on
 * the decision boundary); label 1 when (x + noiseX)·(y + noiseY) ≥ 0 with noise
 * U(−5, 5)·noise per coordinate. Label balance is ½ only in expectation.
 */
export function xor(n: number, noise: number, random: RandomSource): Dataset {
  check('xor', n, noise, false);
  const data = new Builder();
  const padding = 0.3;
  for (let i = 0; i < n; i++) {
    let x = uniform(random, -5, 5);
    x += x > 0 ? padding : -padding;
    let y = uniform(random, -5, 5);
    y += y > 0 ? padding : -padding;
    const noiseX = uniform(random, -5, 5) * noise;
    const noiseY = uniform(random, -5, 5) * noise;
    data.push(x, y, (x + noiseX) * (y + noiseY) >= 0 ? 1 : 0);
  }
  return data.build();
}

/**
 * Playground's Marsaglia polar method (its normalRandom), kept so the draws match it:
 * v₁, v₂ ~ U(−1, 1) until s = v₁² + v₂² ≤ 1, then v₁·√(−2 ln s / s). Playground would return
 * NaN for s = 0 (probability 2⁻¹⁰⁰-ish); that draw is rejected here.
 */
function polarNormal(random: RandomSource, mean: number, variance: number): number {
  let v1: number;
  let s: number;
  do {
    v1 = 2 * random.uniform() - 1;
    const v2 = 2 * random.uniform() - 1;
    s = v1 * v1 + v2 * v2;
  } while (s > 1 || s === 0);
  return mean + Math.sqrt(variance) * v1 * Math.sqrt((-2 * Math.log(s)) / s);
}

/**
 * Playground's two Gaussians: n/2 points around (2, 2) with label 1, then n/2 around (−2, −2)
 * with label 0; each coordinate ~ N(centre, variance) with variance = 0.5 + 7·noise
 * (Playground's linear map of noise 0…0.5 onto variance 0.5…4).
 */
export function twoGaussians(n: number, noise: number, random: RandomSource): Dataset {
  check('gaussian', n, noise, true);
  const data = new Builder();
  const variance = 0.5 + ((4 - 0.5) / 0.5) * noise;
  for (const [centre, label] of [
    [2, 1],
    [-2, 0],
  ] as const) {
    for (let i = 0; i < n / 2; i++) {
      const x = polarNormal(random, centre, variance);
      const y = polarNormal(random, centre, variance);
      data.push(x, y, label);
    }
  }
  return data.build();
}

/**
 * Playground's two spirals: for each class (label 1 with phase 0, label 0 with phase π) and
 * i = 0…n/2−1, r = 5·i/(n/2), t = 1.75·2π·i/(n/2) + phase, point
 * (r·sin t + U(−1, 1)·noise, r·cos t + U(−1, 1)·noise). Here noise moves the points (labels
 * never flip), by at most `noise` per coordinate.
 */
export function spiral(n: number, noise: number, random: RandomSource): Dataset {
  check('spiral', n, noise, true);
  const data = new Builder();
  const half = n / 2;
  for (const [phase, label] of [
    [0, 1],
    [Math.PI, 0],
  ] as const) {
    for (let i = 0; i < half; i++) {
      const r = (i / half) * RADIUS;
      const t = ((1.75 * i) / half) * 2 * Math.PI + phase;
      const x = r * Math.sin(t) + uniform(random, -1, 1) * noise;
      const y = r * Math.cos(t) + uniform(random, -1, 1) * noise;
      data.push(x, y, label);
    }
  }
  return data.build();
}

/**
 * scikit-learn's `make_moons(n, shuffle=False, noise)` (Playground has no moons): the upper
 * half circle (cos s, sin s), s = linspace(0, π, ⌊n/2⌋), label 0; the lower one
 * (1 − cos s, ½ − sin s), s = linspace(0, π, n − ⌊n/2⌋), label 1; then N(0, noise²) added to
 * every coordinate in row-major order. Unlike the Playground sets, `noise` here is a standard
 * deviation in the moons' own units (radius 1); scikit-learn's examples use 0.1…0.3.
 */
export function twoMoons(n: number, noise: number, random: RandomSource): Dataset {
  check('moons', n, noise, false);
  const data = new Builder();
  const outer = Math.floor(n / 2);
  const inner = n - outer;
  const angle = (i: number, count: number) => (count > 1 ? (Math.PI * i) / (count - 1) : 0);
  for (let i = 0; i < outer; i++) data.push(Math.cos(angle(i, outer)), Math.sin(angle(i, outer)), 0);
  for (let i = 0; i < inner; i++) data.push(1 - Math.cos(angle(i, inner)), 0.5 - Math.sin(angle(i, inner)), 1);
  const dataset = data.build();
  if (noise > 0) {
    const values = dataset.x.data;
    for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) + noise * random.normal();
  }
  return dataset;
}

/** Playground's regression sets span [−6, 6]² (its classification sets stay within radius 5). */
const REGRESSION_RADIUS = 6;

/**
 * Points x, y ~ U(−6, 6) with the target `label(x + noiseX, y + noiseY)`, noise U(−6, 6)·noise
 * per coordinate (drawn after the point, in Playground's order): noise blurs the targets and
 * leaves the points where they are.
 */
function regression(name: string, n: number, noise: number, random: RandomSource, label: (x: number, y: number) => number): Dataset {
  check(name, n, noise, false);
  const data = new Builder();
  const r = REGRESSION_RADIUS;
  for (let i = 0; i < n; i++) {
    const x = uniform(random, -r, r);
    const y = uniform(random, -r, r);
    const noiseX = uniform(random, -r, r) * noise;
    const noiseY = uniform(random, -r, r) * noise;
    data.push(x, y, label(x + noiseX, y + noiseY));
  }
  return data.build();
}

/**
 * Playground's "plane" regression set: target (x + y)/10, the linear map of x + y ∈ [−10, 10]
 * onto [−1, 1] (Playground does not clamp: a corner point of [−6, 6]² reaches ±1.2).
 */
export function regressPlane(n: number, noise: number, random: RandomSource): Dataset {
  return regression('reg-plane', n, noise, random, (x, y) => (x + y) / 10);
}

/** Centres and signs of Playground's six Gaussian bumps (a 3 × 2 checkerboard). */
const BUMPS: readonly (readonly [number, number, number])[] = [
  [-4, 2.5, 1],
  [0, 2.5, -1],
  [4, 2.5, 1],
  [-4, -2.5, -1],
  [0, -2.5, 1],
  [4, -2.5, -1],
];

/**
 * Playground's "multi-Gaussian" regression set: six bumps of alternating sign; each gives
 * sign·max(0, 1 − d/2) at distance d from its centre (a cone of radius 2, Playground's clamped
 * linear scale), and the target is the bump value largest in absolute value (0 far from all).
 */
export function regressGaussian(n: number, noise: number, random: RandomSource): Dataset {
  return regression('reg-gauss', n, noise, random, (x, y) => {
    let best = 0;
    for (const [cx, cy, sign] of BUMPS) {
      const value = sign * Math.max(0, 1 - Math.hypot(x - cx, y - cy) / 2);
      if (Math.abs(value) > Math.abs(best)) best = value;
    }
    return best;
  });
}

/** The 2-D classification generators by name (Playground's names, plus `moons`). */
export const DATASETS: Readonly<Record<'circle' | 'xor' | 'gaussian' | 'spiral' | 'moons', DatasetGenerator>> = Object.freeze({
  circle,
  xor,
  gaussian: twoGaussians,
  spiral,
  moons: twoMoons,
});

/** The 2-D regression generators by name (Playground's `reg-plane` and `reg-gauss`). */
export const REGRESSION_DATASETS: Readonly<Record<'reg-plane' | 'reg-gauss', DatasetGenerator>> = Object.freeze({
  'reg-plane': regressPlane,
  'reg-gauss': regressGaussian,
});
