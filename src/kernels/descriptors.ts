/**
 * The WebAssembly kernels as one table: which compiled bodies exist (and how their loops are
 * generated) and which body computes each activation, with its parameter layout. Two readers:
 * the router (src/kernels/wasm.ts) and the loop generator (tools/generate-kernel-loops.mjs,
 * which transpiles this file, so it holds data and pure functions only: no runtime import; the
 * helpers a layout needs arrive as its second argument).
 *
 * Adding an activation: give it an entry in {@link KERNELS} — a route to an existing body, a new
 * body in {@link KERNEL_BODIES} (written in assembly/kernels/activations.ts, and fast.ts for a
 * fast body; `npm run build:wasm` generates its loops), or `typescriptOnly` with the reason.
 * test/registry-coverage.test.ts fails for an elementwise activation with none of these.
 * @module
 */

/** Kernel arguments p0…p3 (float64; unused ones 0). */
export type KernelArgs = readonly [number, number, number, number];

/**
 * One compiled body. `f64x2`: `<name>F(x)` = f and `<name>D(x)` = f′ in
 * assembly/kernels/activations.ts on two widened float32 lanes (the precise float32 mode);
 * `f32x4`: `<name>F4`/`<name>B4` on four float32 lanes (exact piecewise-linear bodies);
 * `handwritten`: whole exported loops written by hand (assembly/identity.ts, assembly/double).
 */
export interface KernelBody {
  readonly name: string;
  readonly lanes: 'f64x2' | 'f32x4' | 'handwritten';
  /**
   * Vectors per iteration of the generated float32 loops (measured: ×4 beats ×1 by 1.3–1.6× on
   * most bodies; the largest f64x2 bodies run out of registers at ×4 and do best at ×2;
   * squareplus′ is fastest not unrolled: 411 vs 378 M/s). Default 4 both ways.
   */
  readonly unroll?: { readonly forward: number; readonly backward: number };
  /**
   * f or f′ can be a constant picked by a comparison, which NaN would fail: the loop puts the
   * NaN input back (other f64x2 bodies propagate NaN through their arithmetic; f32x4 bodies
   * always restore it in the loop).
   */
  readonly nanByLoop?: boolean;
  /** A fast float32 forward body `<name>FF` in assembly/kernels/fast.ts (the default 'fast' mode). */
  readonly fastForward?: boolean;
  /**
   * The float32 forward body — the fast `<name>FF` where there is one, else the f32x4 `<name>F4` —
   * has a variant `…Special(x, p0…p3)` for the parameters that `…SpecialWhen(p0…p3)` accepts,
   * beside it in assembly/kernels, run in a loop of its own by the exported forward loop: ELU and
   * CELU at α = 1 (their default), HardSigmoid at slope 1/6 with 6·offset a float32 (its default),
   * the clamp (ReLU6, HardTanh) as pmin/pmax when its float32 bounds are its values.
   */
  readonly forwardSpecial?: boolean;
  /** A fast float32 backward body `<name>FD(x, g)` = g·f′ in assembly/kernels/fast.ts. */
  readonly fastBackward?: boolean;
  /** Exact float64 bodies `<name>F2`/`<name>B2` (f64x2) in assembly/kernels/activations.ts. */
  readonly float64?: boolean;
}

// sigmoid, softplus and log-sigmoid forward had fast bodies too (f32x4 logistic; log1p of the
// f32x4 exponential in f64x2) but measured no faster than the unrolled precise ones (486 vs 503,
// 264 vs 252, 287 vs 275 M/s), so the precise bodies serve both modes there.
const WIDE_X2 = { forward: 2, backward: 2 } as const;

/**
 * Every compiled body, in the order the generator emits them (f64x2 bodies, f32x4 bodies, fast
 * forward, fast backward and float64 bodies each keep this relative order; changing it changes
 * the binary's bytes, not its results).
 */
export const KERNEL_BODIES: readonly KernelBody[] = [
  { name: 'sigmoid', lanes: 'f64x2', fastForward: true, fastBackward: true },
  { name: 'tanh', lanes: 'f64x2', fastForward: true, fastBackward: true },
  { name: 'elu', lanes: 'f64x2', fastForward: true, forwardSpecial: true, fastBackward: true },
  { name: 'selu', lanes: 'f64x2', fastForward: true, fastBackward: true },
  { name: 'celu', lanes: 'f64x2', fastForward: true, forwardSpecial: true, fastBackward: true },
  { name: 'swish', lanes: 'f64x2', fastForward: true, fastBackward: true },
  { name: 'gelu', lanes: 'f64x2', unroll: WIDE_X2 },
  { name: 'geluTanh', lanes: 'f64x2', unroll: WIDE_X2 },
  { name: 'softplus', lanes: 'f64x2', fastBackward: true },
  { name: 'logSigmoid', lanes: 'f64x2', fastBackward: true },
  { name: 'mish', lanes: 'f64x2', fastBackward: true },
  { name: 'softsign', lanes: 'f64x2', fastForward: true },
  { name: 'squareplus', lanes: 'f64x2', unroll: { forward: 4, backward: 1 } },
  { name: 'tanhshrink', lanes: 'f64x2' },
  { name: 'threshold', lanes: 'f32x4', float64: true },
  { name: 'clamp', lanes: 'f32x4', float64: true, forwardSpecial: true },
  { name: 'leaky', lanes: 'f32x4', float64: true },
  { name: 'hardshrink', lanes: 'f32x4', float64: true },
  { name: 'softshrink', lanes: 'f64x2', nanByLoop: true, float64: true },
  { name: 'hardSigmoid', lanes: 'f64x2', nanByLoop: true, fastForward: true, forwardSpecial: true },
  { name: 'hardSwish', lanes: 'f64x2' },
  // A copy (assembly/identity.ts), and the float64 forward passes that give the TypeScript
  // definitions' bits (assembly/double/activations.ts: V8's Math.exp ported bit for bit).
  { name: 'identity', lanes: 'handwritten', float64: true },
  { name: 'sigmoidExact', lanes: 'handwritten' },
  { name: 'swishExact', lanes: 'handwritten' },
  { name: 'geluTanhExact', lanes: 'handwritten' },
];

/** Parameter values as the registry resolves them. */
export type KernelParams = Readonly<Record<string, number>>;

/** What a layout may compute with (passed in by the router, so this file imports nothing). */
export interface LayoutHelpers {
  /** The largest float32 ≤ t. */
  readonly below32: (t: number) => number;
  /** The smallest float32 ≥ t. */
  readonly above32: (t: number) => number;
  /** The upper 26 significant bits of a, truncated: high·z and (a − high)·z are exact for a float32 z. */
  readonly splitHigh: (a: number) => number;
  /** a·b exactly, as [hi, lo]. */
  readonly twoProd: (a: number, b: number) => readonly [number, number];
  /** RReLU's evaluation slope (lower + upper)/2. */
  readonly rreluEvalSlope: (p: KernelParams) => number;
}

/** A body and the arguments p0…p3 it gets for given parameters. */
export interface Layout {
  readonly body: string;
  readonly args?: (p: KernelParams, h: LayoutHelpers) => KernelArgs;
  /**
   * Whether the fast body may compute these parameters (default: yes). The fast bodies use
   * their parameters as float32 values, exact only when the parameter is one (a rounded β in
   * βx or α in x/α would cost more than the bound allows); other values take the precise body.
   */
  readonly fast?: (p: KernelParams) => boolean;
}

/** How an activation reaches the kernels; `typescriptOnly` says why it does not. */
export interface KernelRoute {
  /** Float32 forward and backward (a body of every kind). */
  readonly float32?: Layout;
  /** Float64 forward and backward: the exact piecewise-linear bodies. */
  readonly float64?: Layout;
  /** Float64 forward only: the bit-exact bodies of assembly/double (backward stays in TypeScript). */
  readonly forward64?: Layout;
  /** No float32 kernel: the reason (the TypeScript backend computes it). */
  readonly typescriptOnly?: string;
}

const isFloat32 = (v: number): boolean => Math.fround(v) === v;
/** ±2^n in the normal float32 range: β·x is then exact in float32 (σ(βx) is sensitive to βx's rounding for large |βx|). */
const isPowerOfTwo = (v: number): boolean => v !== 0 && Math.abs(v) >= 2 ** -100 && Math.abs(v) <= 2 ** 100 && Number.isInteger(Math.log2(Math.abs(v)));

const NONE: KernelArgs = [0, 0, 0, 0];
const one = (v: number): KernelArgs => [v, 0, 0, 0];
const plain = (body: string): Layout => ({ body });
/** Slope·z below 0 (the kernel treats a zero slope as the scalar definitions do). */
const leaky = (slope: (p: KernelParams, h: LayoutHelpers) => number): Layout => ({ body: 'leaky', args: (p, h) => one(slope(p, h)) });
/** Clamps in float32: the float32 bounds that decide (m′, M′) and the values (m, M) rounded. */
const clamp32 = (m: (p: KernelParams) => number, big: (p: KernelParams) => number): Layout => ({
  body: 'clamp',
  args: (p, h) => [h.below32(m(p)), h.above32(big(p)), Math.fround(m(p)), Math.fround(big(p))],
});
const clamp64 = (m: (p: KernelParams) => number, big: (p: KernelParams) => number): Layout => ({
  body: 'clamp',
  args: (p) => [m(p), big(p), m(p), big(p)],
});
const param = (name: string) => (p: KernelParams) => p[name] as number;

/**
 * HardSigmoid as the scalar definition: the default slope fl(1/6) is read as 1/6 itself,
 * t = (z + 6b)/6 (6b as a double-double; past 2^1000 the offset dominates every float32 z
 * anyway); any other slope as given, t = a·z + b exactly (a split in two halves).
 */
function hardSigmoidArgs(p: KernelParams, h: LayoutHelpers): KernelArgs {
  const [slope, offset] = [p.slope as number, p.offset as number];
  if (slope === 1 / 6 && Math.abs(offset) <= 2 ** 1000) {
    const [hi, lo] = h.twoProd(6, offset);
    return [hi, lo, NaN, 0];
  }
  const high = h.splitHigh(slope);
  return [slope, offset, high, slope - high];
}

/** Every activation's route, by registry id (test/registry-coverage.test.ts holds it to the registry). */
export const KERNELS: Readonly<Record<string, KernelRoute>> = {
  sigmoid: { float32: plain('sigmoid'), forward64: plain('sigmoidExact') },
  tanh: { float32: plain('tanh') },
  relu: { float32: plain('threshold'), float64: plain('threshold') },
  leaky_relu: { float32: leaky(param('negative_slope')), float64: leaky(param('negative_slope')) },
  prelu: { float32: leaky(param('slope')), float64: leaky(param('slope')) },
  rrelu: { float32: leaky((p, h) => h.rreluEvalSlope(p)), float64: leaky((p, h) => h.rreluEvalSlope(p)) },
  linear: { float32: plain('identity'), float64: plain('identity') },
  elu: { float32: { body: 'elu', args: (p) => one(p.alpha as number), fast: (p) => isFloat32(p.alpha as number) } },
  selu: { float32: plain('selu') },
  // The fast body forms z/α in float32: exact only for α a power of two. Any other α would cost
  // |z/α|·2^−24 in e^{z/α} (32 ULP in f′ at z/α ≈ −80), so it takes the precise body.
  celu: { float32: { body: 'celu', args: (p) => one(p.alpha as number), fast: (p) => isPowerOfTwo(p.alpha as number) } },
  swish: {
    // The fast forward scales x by up to 2^63 and clamps βx at −131: β positive, within [2^−24, 2^24].
    float32: { body: 'swish', args: (p) => one(p.beta as number), fast: (p) => isPowerOfTwo(p.beta as number) && (p.beta as number) >= 2 ** -24 && (p.beta as number) <= 2 ** 24 },
    forward64: { body: 'swishExact', args: (p) => one(p.beta as number) },
  },
  gelu: { float32: plain('gelu') },
  gelu_tanh: { float32: plain('geluTanh'), forward64: plain('geluTanhExact') },
  softplus: {
    float32: { body: 'softplus', args: (p) => [p.beta as number, 1 / (p.beta as number), 0, 0], fast: (p) => isPowerOfTwo(p.beta as number) },
  },
  log_sigmoid: { float32: plain('logSigmoid') },
  mish: { float32: plain('mish') },
  relu6: { float32: clamp32(() => 0, () => 6), float64: clamp64(() => 0, () => 6) },
  hard_tanh: { float32: clamp32(param('min_val'), param('max_val')), float64: clamp64(param('min_val'), param('max_val')) },
  hard_sigmoid: { float32: { body: 'hardSigmoid', args: hardSigmoidArgs } },
  hard_swish: { float32: plain('hardSwish') },
  softsign: { float32: plain('softsign') },
  // b + 0: a b of −0 (accepted: b ≥ 0) must not turn the limits 0 at −∞ into −0.
  squareplus: { float32: { body: 'squareplus', args: (p) => [(p.b as number) + 0, (p.b as number) > 2 ** 1000 ? 2 ** -64 : 1, 0, 0] } },
  tanhshrink: { float32: plain('tanhshrink') },
  softshrink: { float32: { body: 'softshrink', args: (p) => one(p.lambda as number) }, float64: { body: 'softshrink', args: (p) => one(p.lambda as number) } },
  hardshrink: { float32: { body: 'hardshrink', args: (p, h) => one(h.below32(p.lambda as number)) }, float64: { body: 'hardshrink', args: (p) => one(p.lambda as number) } },
  threshold: {
    float32: { body: 'threshold', args: (p, h) => [h.below32(p.threshold as number), Math.fround(p.value as number), 0, 0] },
    float64: { body: 'threshold', args: (p) => [p.threshold as number, p.value as number, 0, 0] },
  },
  snake: {
    typescriptOnly:
      'sin and cos of αz need a reduction of the 106-bit product αz modulo π/4 to ~2^−100 (src/activations/periodic.ts: double-double Cody–Waite, exact Payne–Hanek next to multiples of π/4); ' +
      "the kernels' math library has exp, expm1 and log1p only, so the float32 arrays are computed in float64 and rounded once",
  },
};

/** The arguments of a layout for given parameters (none: all zero). */
export function layoutArgs(layout: Layout, p: KernelParams, h: LayoutHelpers): KernelArgs {
  return layout.args ? layout.args(p, h) : NONE;
}
