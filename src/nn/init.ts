/**
 * Weight initialisers. Every one fills a weight matrix W (outputs × inputs, as PyTorch's
 * `nn.Linear.weight` and the chapter's `W1 = np.random.randn(4, 2)`) in row-major order, one
 * draw per element from the given {@link RandomSource}. So a source whose `normal()` replays
 * numpy's `randn` stream reproduces `np.random.randn(out, in) * 0.5` bit for bit.
 *
 * fan_in = W.cols (inputs), fan_out = W.rows (outputs).
 * @module
 */
import { initStd } from '../analysis/gain.js';
import { InvalidParameterError } from '../errors.js';
import type { RandomSource } from '../math/random.js';
import type { Matrix } from './matrix.js';

/** Draw from N(0, std²) or from the uniform distribution with the same variance. */
export type Distribution = 'normal' | 'uniform';

/**
 * A layer's initialiser. `gain: 'auto'` means the variance-preserving gain of the layer's
 * activation (computed in `analysis/gain.ts`); a layer fills it in.
 */
export type InitSpec =
  | 'he'
  | 'lecun'
  | 'xavier'
  | 'orthogonal'
  | 'zeros'
  | { readonly scheme: 'he'; readonly distribution?: Distribution; readonly mode?: 'fan_in' | 'fan_out'; readonly gain?: number | 'auto' }
  | { readonly scheme: 'lecun'; readonly distribution?: Distribution }
  | { readonly scheme: 'xavier'; readonly distribution?: Distribution; readonly gain?: number | 'auto' }
  | { readonly scheme: 'orthogonal'; readonly gain?: number | 'auto' }
  | { readonly scheme: 'scaled-normal'; readonly scale: number }
  | { readonly scheme: 'zeros' };

function fill(w: Matrix, std: number, distribution: Distribution, random: RandomSource): Matrix {
  const data = w.data;
  if (distribution === 'uniform') {
    // U(−b, b) has variance b²/3, so b = √3·std matches the normal variant (PyTorch's *_uniform_).
    const bound = Math.sqrt(3) * std;
    for (let i = 0; i < data.length; i++) data[i] = bound * (2 * random.uniform() - 1);
  } else {
    for (let i = 0; i < data.length; i++) data[i] = std * random.normal();
  }
  return w;
}

function checkGain(gain: number, scheme: string): void {
  if (!(gain > 0) || !Number.isFinite(gain)) throw new InvalidParameterError(`${scheme} init`, 'gain', gain, 'a finite number > 0');
}

/**
 * He/Kaiming (He et al. 2015): std = gain/√fan, fan = fan_in (default, preserves forward
 * variance) or fan_out (preserves backward variance). Default gain √2, PyTorch's
 * `kaiming_normal_` default (ReLU).
 */
export function kaiming(
  w: Matrix,
  random: RandomSource,
  options: { readonly distribution?: Distribution; readonly mode?: 'fan_in' | 'fan_out'; readonly gain?: number } = {},
): Matrix {
  const gain = options.gain ?? Math.SQRT2;
  checkGain(gain, 'he');
  const std = initStd({ scheme: 'he', fanIn: w.cols, fanOut: w.rows, gain, mode: options.mode ?? 'fan_in' });
  return fill(w, std, options.distribution ?? 'normal', random);
}

/** LeCun (LeCun et al. 1998): std = 1/√fan_in — He with gain 1; SELU's initialiser. */
export function lecun(w: Matrix, random: RandomSource, options: { readonly distribution?: Distribution } = {}): Matrix {
  const std = initStd({ scheme: 'lecun', fanIn: w.cols, fanOut: w.rows });
  return fill(w, std, options.distribution ?? 'normal', random);
}

/**
 * Xavier/Glorot (Glorot & Bengio 2010): std = gain·√(2/(fan_in + fan_out)), a compromise
 * between forward and backward variance. Default gain 1 (PyTorch); Keras' default initialiser
 * is the uniform variant.
 */
export function xavier(
  w: Matrix,
  random: RandomSource,
  options: { readonly distribution?: Distribution; readonly gain?: number } = {},
): Matrix {
  const gain = options.gain ?? 1;
  checkGain(gain, 'xavier');
  const std = initStd({ scheme: 'xavier', fanIn: w.cols, fanOut: w.rows, gain });
  return fill(w, std, options.distribution ?? 'normal', random);
}

/** The chapter's `np.random.randn(out, in) * scale`. */
export function scaledNormal(w: Matrix, random: RandomSource, scale: number): Matrix {
  if (!(scale >= 0) || !Number.isFinite(scale)) throw new InvalidParameterError('scaled-normal init', 'scale', scale, 'a finite number >= 0');
  return fill(w, scale, 'normal', random);
}

/**
 * Orthogonal (Saxe, McClelland, Ganguli 2014), as PyTorch's `orthogonal_`: QR of a Gaussian
 * matrix (transposed first when wide, so it is tall), the sign of each column of Q fixed so R
 * has a positive diagonal (which makes Q Haar-distributed rather than biased by the QR
 * algorithm's sign choices), transposed back, times gain. Square W gives WᵀW = gain²·I; a tall
 * W has orthonormal columns, a wide one orthonormal rows.
 *
 * QR by Householder reflections, not Gram–Schmidt: its orthogonality error is O(ε)
 * independently of the Gaussian matrix's condition number.
 */
export function orthogonal(w: Matrix, random: RandomSource, options: { readonly gain?: number } = {}): Matrix {
  const gain = options.gain ?? 1;
  checkGain(gain, 'orthogonal');
  const { rows, cols } = w;
  if (rows === 0 || cols === 0) return w;
  // Draw in W's row-major order (as PyTorch does), then work on the tall orientation m ≥ n.
  const gaussian = new Float64Array(rows * cols);
  for (let i = 0; i < gaussian.length; i++) gaussian[i] = random.normal();
  const wide = rows < cols;
  const m = wide ? cols : rows;
  const n = wide ? rows : cols;
  // a is m×n row-major: the Gaussian matrix, or its transpose when W is wide.
  const a = new Float64Array(m * n);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const value = gaussian[i * cols + j] as number;
      if (wide) a[j * n + i] = value;
      else a[i * n + j] = value;
    }
  }
  const q = householderQ(a, m, n);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) w.data[i * cols + j] = gain * (wide ? (q[j * n + i] as number) : (q[i * n + j] as number));
  }
  return w;
}

/**
 * The m×n factor Q of a = QR (m ≥ n), with columns signed so that diag(R) > 0.
 * `a` (m×n row-major) is overwritten.
 */
function householderQ(a: Float64Array, m: number, n: number): Float64Array {
  const vectors: Float64Array[] = [];
  const rSign = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let norm = 0;
    for (let i = k; i < m; i++) norm = Math.hypot(norm, a[i * n + k] as number);
    const x0 = a[k * n + k] as number;
    // v = x + sign(x₀)‖x‖e₁ avoids cancellation; the reflection maps x to −sign(x₀)‖x‖e₁.
    const alpha = x0 >= 0 ? -norm : norm;
    const v = new Float64Array(m - k);
    for (let i = k; i < m; i++) v[i - k] = a[i * n + k] as number;
    v[0] = x0 - alpha;
    let vNorm2 = 0;
    for (let i = 0; i < v.length; i++) vNorm2 += (v[i] as number) ** 2;
    if (vNorm2 > 0) {
      const scale = 1 / Math.sqrt(vNorm2);
      for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) * scale;
      for (let j = k; j < n; j++) {
        let dot = 0;
        for (let i = k; i < m; i++) dot += (v[i - k] as number) * (a[i * n + j] as number);
        for (let i = k; i < m; i++) a[i * n + j] = (a[i * n + j] as number) - 2 * dot * (v[i - k] as number);
      }
    }
    vectors.push(v);
    // diag(R)ₖ = alpha; a zero column (probability 0) counts as positive.
    rSign[k] = alpha < 0 ? -1 : 1;
  }
  // Q = H₀H₁…Hₙ₋₁ applied to the first n columns of the identity, last reflection first.
  const q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) q[j * n + j] = 1;
  for (let k = n - 1; k >= 0; k--) {
    const v = vectors[k] as Float64Array;
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let i = k; i < m; i++) dot += (v[i - k] as number) * (q[i * n + j] as number);
      if (dot === 0) continue;
      for (let i = k; i < m; i++) q[i * n + j] = (q[i * n + j] as number) - 2 * dot * (v[i - k] as number);
    }
  }
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) q[i * n + j] = (q[i * n + j] as number) * (rSign[j] as number);
  }
  return q;
}

/**
 * Fills W according to a spec. `activationGain` replaces `gain: 'auto'` (a layer passes its
 * activation's variance-preserving gain). Returns W.
 */
export function initialiseWeights(w: Matrix, spec: InitSpec, random: RandomSource, activationGain = 1): Matrix {
  const resolved = typeof spec === 'string' ? ({ scheme: spec } as Exclude<InitSpec, string>) : spec;
  const gainOf = (g: number | 'auto' | undefined, fallback: number) => (g === 'auto' ? activationGain : (g ?? fallback));
  switch (resolved.scheme) {
    case 'he':
      return kaiming(w, random, {
        gain: gainOf(resolved.gain, Math.SQRT2),
        ...(resolved.distribution ? { distribution: resolved.distribution } : {}),
        ...(resolved.mode ? { mode: resolved.mode } : {}),
      });
    case 'lecun':
      return lecun(w, random, resolved.distribution ? { distribution: resolved.distribution } : {});
    case 'xavier':
      return xavier(w, random, {
        gain: gainOf(resolved.gain, 1),
        ...(resolved.distribution ? { distribution: resolved.distribution } : {}),
      });
    case 'orthogonal':
      return orthogonal(w, random, { gain: gainOf(resolved.gain, 1) });
    case 'scaled-normal':
      return scaledNormal(w, random, resolved.scale);
    case 'zeros':
      w.data.fill(0);
      return w;
    default:
      throw new InvalidParameterError('init', 'scheme', (resolved as { scheme: unknown }).scheme, 'one of: he, lecun, xavier, orthogonal, scaled-normal, zeros');
  }
}
