/**
 * The chapter's transformer feed-forward comparison (modern.py,
 * `transformer_activation_comparison`): BERT-base sizes (4096 tokens = 32 sequences × 128,
 * d_model 768, d_ff 3072), out = act(x·W1ᵀ)·W2ᵀ for ReLU, "GELU" and Swish, and the mean, std
 * and range of the output — plus, beyond the chapter, exact GELU and the gated FFNs of modern
 * LLMs (SwiGLU, GEGLU) at the same parameter count.
 *
 * Reproducing numpy (seed 42, `--rng numpy`): x, W1 and W2 are drawn once, in that order,
 * before the loop, and shared by every activation, exactly as the chapter does; x·W1ᵀ does not
 * depend on the activation, so it is computed once. The chapter writes
 * `W = np.random.randn(...).astype(np.float32) * np.sqrt(2/d)`: `np.sqrt` returns a numpy
 * float64 *scalar*, and under numpy ≥ 2's promotion rules (NEP 50) float32 array × np.float64
 * scalar is a float64 array. So on current numpy W1 and W2 are float64 (each value is
 * fround(g)·s rounded once in float64), and x·W1ᵀ, the activation and the output are all
 * float64 — `precision: 'float64'`, the default. numpy 1.x instead cast the scalar to float32
 * and kept everything in float32 (W = round32(round32(g)·round32(s)), Rng's `roundFirst`) —
 * `precision: 'float32'`. Both print the chapter's digits.
 *
 * Differences from numpy, none visible in the printed digits: the products use
 * {@link matmulTransposeB} (WebAssembly SIMD, sums in the matrices' type like numpy's BLAS, in
 * a different order; without WebAssembly, float64 sums rounded once); activations are computed in float64 and rounded once
 * (numpy's float32 formulas round at each step); mean and std are accumulated in float64 in
 * index order, two-pass, std the population std as numpy's `std()` (numpy's float32 `mean()`
 * sums pairwise in float32; the 4 printed decimals agree either way).
 *
 * Gated variants (a ⊙ act(b), value half first, as the kernels' `swiglu`/`geglu`): to keep the
 * parameter count equal to the ungated FFN's 2·d_model·d_ff, the hidden width is
 * h = 2/3·d_ff (2048 for 3072; rounded to an integer when d_ff is not a multiple of 3): an
 * up-projection W_up of 2h × d_model (value and gate halves) and a down-projection W_down of
 * d_model × h, 3·d_model·h = 2·d_model·d_ff weights (Shazeer 2020; LLaMA's 8/3·d_model). Their
 * weights are drawn after the chapter's (W_up ~ N(0, 2/d_model), W_down ~ N(0, 2/h), same
 * dtype rules), once, shared by all gated variants — so the chapter's numbers are unaffected.
 * @module
 */
import { getActivation, getElementwise, resolveParams } from '../activations/index.js';
import type { ElementwiseActivation, VectorActivation } from '../activations/types.js';
import { InvalidParameterError } from '../errors.js';
import { forward } from '../kernels/index.js';
import { matmulTransposeB, type MatrixArray } from '../kernels/matmul.js';
import { forwardSplit } from '../kernels/parallel.js';
import type { Rng } from '../math/rng.js';
import { activationsNanoseconds, checkElementwiseList, NS_PER_ACTIVATION, NS_PER_FMA, NS_PER_MATMUL_FMA, NS_PER_NORMAL, seconds } from './settings.js';
import { pythonFixed, type Experiment, type Progress } from './types.js';

export interface TransformerFfnConfig {
  readonly [key: string]: number | string | readonly string[];
  /** Rows of x: batch × sequence length (the chapter: 32 × 128). */
  readonly tokens: number;
  readonly dModel: number;
  readonly dFF: number;
  /** Elementwise activations, in the order run (the chapter: relu, gelu_tanh, swish). */
  readonly activations: readonly string[];
  /** Gated (GLU-family) activations, run after the chapter's at equal parameter count. */
  readonly gated: readonly string[];
  /** 'float64' (numpy ≥ 2 on the chapter's code) or 'float32' (numpy 1.x). */
  readonly precision: string;
  /** Histogram bins over [min, max] of each output. */
  readonly bins: number;
}

export interface FfnHistogram {
  readonly min: number;
  readonly max: number;
  /** counts[i] = outputs in [min + i·w, min + (i+1)·w), w = (max − min)/bins; max in the last bin. */
  readonly counts: readonly number[];
}

export interface FfnOutputStats {
  /** Activation id. */
  readonly id: string;
  /** Printed name ("GELU" for gelu_tanh, as the chapter). */
  readonly label: string;
  readonly gated: boolean;
  /** Width of the activation's output (d_ff, or h for gated). */
  readonly hidden: number;
  /** Weights in the two projections. */
  readonly parameters: number;
  readonly mean: number;
  /** Population standard deviation (numpy's default ddof = 0). */
  readonly std: number;
  readonly min: number;
  readonly max: number;
  readonly histogram: FfnHistogram;
}

export interface TransformerFfnResult {
  readonly precision: 'float64' | 'float32';
  readonly tokens: number;
  readonly dModel: number;
  readonly dFF: number;
  /** Hidden width of the gated variants, 2/3·dFF rounded. */
  readonly gatedHidden: number;
  /** One entry per activation, `activations` first, then `gated`. */
  readonly outputs: readonly FfnOutputStats[];
}

/** The chapter's printed names. */
const CHAPTER_LABELS: Readonly<Record<string, string>> = { relu: 'ReLU', gelu_tanh: 'GELU', swish: 'Swish' };

/** Hidden width of a gated FFN with the parameter count of an ungated one of width dFF: 2/3·dFF, rounded. */
export function gatedHiddenWidth(dFF: number): number {
  return Math.max(1, Math.round((2 * dFF) / 3));
}

/**
 * Weights of an FFN's two projections (no biases, as the chapter): 2·dModel·hidden ungated,
 * 3·dModel·hidden gated (the up-projection has value and gate halves).
 */
export function ffnParameterCount(dModel: number, hidden: number, gated: boolean): number {
  return (gated ? 3 : 2) * dModel * hidden;
}

/** Mean, population std, min, max (float64, two passes) and a histogram over [min, max]. */
export function outputStatistics(values: MatrixArray, bins: number): Omit<FfnOutputStats, 'id' | 'label' | 'gated' | 'hidden' | 'parameters'> {
  const n = values.length;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const d = (values[i] as number) - mean;
    squares += d * d;
  }
  const counts = new Array<number>(bins).fill(0);
  const width = (max - min) / bins;
  for (let i = 0; i < n; i++) {
    const b = width > 0 ? Math.min(bins - 1, Math.floor(((values[i] as number) - min) / width)) : 0;
    counts[b] = (counts[b] as number) + 1;
  }
  return { mean, std: Math.sqrt(squares / n), min, max, histogram: { min, max, counts } };
}

/**
 * Draws a rows × cols weight matrix as the chapter's `randn(rows, cols).astype(np.float32) * scale`
 * with `scale` a numpy float64 scalar: float64 values fround(g)·scale under numpy ≥ 2, or float32
 * values round32(round32(g)·round32(scale)) under numpy 1.x (see the module notes).
 */
function drawWeights(rng: Rng, rows: number, cols: number, scale: number, precision: 'float64' | 'float32'): MatrixArray {
  if (precision === 'float32') return rng.fillNormal(allocate('float32', rows * cols) as Float32Array, scale, { roundFirst: true });
  const g = rng.fillNormal(new Float32Array(rows * cols));
  const w = allocate('float64', rows * cols);
  for (let i = 0; i < w.length; i++) w[i] = (g[i] as number) * scale;
  return w;
}

/**
 * A zeroed array in shared memory where the platform has it (Node; browsers only when
 * cross-origin isolated), else an ordinary one: a thread splitter (`enableMatmulThreads` in
 * src/node) then hands each worker its block in place instead of copying it in and out.
 */
function allocate(precision: 'float64' | 'float32', length: number): MatrixArray {
  const Type = precision === 'float32' ? Float32Array : Float64Array;
  const bytes = length * Type.BYTES_PER_ELEMENT;
  return new Type(typeof SharedArrayBuffer === 'function' ? (new SharedArrayBuffer(bytes) as unknown as ArrayBuffer) : new ArrayBuffer(bytes));
}

/** Spreads per-matmul (and within-matmul) progress over the whole run, weighted by flops. */
function progressTracker(progress: Progress | undefined, steps: readonly number[]) {
  const total = steps.reduce((a, b) => a + b, 0);
  let done = 0;
  let index = 0;
  return {
    /** Progress callback for the current matmul. */
    within(label: string): ((fraction: number) => void) | undefined {
      if (!progress) return undefined;
      const weight = steps[index] ?? 0;
      return (fraction) => progress((done + weight * fraction) / total, label);
    },
    /** Marks the current matmul finished. */
    finish(label: string): void {
      done += steps[index] ?? 0;
      index++;
      progress?.(done / total, label);
    },
  };
}

/** A gated (GLU-family) activation by id, or an error naming them. */
function gatedDefinition(id: string): VectorActivation {
  const definition = getActivation(id);
  if (definition.kind !== 'vector' || definition.family !== 'gated') {
    throw new InvalidParameterError('transformer-ffn', 'gated', id, 'a gated activation (glu, reglu, geglu, swiglu)');
  }
  return definition;
}

function labelFor(definition: ElementwiseActivation | VectorActivation): string {
  if (CHAPTER_LABELS[definition.id]) return CHAPTER_LABELS[definition.id] as string;
  if (definition.id === 'gelu') return 'GELU (exact)';
  return definition.name;
}

function statBlock(s: FfnOutputStats): string[] {
  return [
    '',
    `${s.label}:`,
    ` Output mean: ${pythonFixed(s.mean, 4)}`,
    ` Output std: ${pythonFixed(s.std, 4)}`,
    ` Output range: [${pythonFixed(s.min, 2)}, ${pythonFixed(s.max, 2)}]`,
  ];
}

export const transformerFfn: Experiment<TransformerFfnConfig, TransformerFfnResult> = {
  id: 'transformer-ffn',
  title: 'Activations in a transformer feed-forward block (ReLU, GELU, Swish; SwiGLU, GEGLU)',
  description:
    'out = act(x·W1ᵀ)·W2ᵀ at BERT-base sizes (4096 tokens, d_model 768, d_ff 3072, He-scaled weights): mean, std and range of the output per activation, with x, W1, W2 drawn once and shared, as the chapter. The chapter\'s "GELU" is the tanh approximation (gelu_tanh). ' +
    'Beyond the chapter: exact GELU if listed, and gated FFNs a ⊙ act(b) at the same parameter count (hidden width 2/3·d_ff = 2048), their weights drawn after the chapter\'s. ' +
    "precision 'float64' is what numpy ≥ 2 computes for the chapter's code (np.sqrt(…) is a float64 scalar, which promotes the float32 weights), 'float32' what numpy 1.x computed; both print the chapter's digits. Products are summed in the matrices' type, as numpy's BLAS does (in another order).",
  chapter: 'modern.py: transformer_activation_comparison()',
  defaults: {
    tokens: 32 * 128,
    dModel: 768,
    dFF: 3072,
    activations: ['relu', 'gelu_tanh', 'swish'],
    gated: ['swiglu', 'geglu'],
    precision: 'float64',
    bins: 60,
  },
  settings: {
    tokens: { type: 'integer', min: 1, max: 1 << 20, description: 'rows of x (batch × sequence length; the chapter: 32 × 128)' },
    dModel: { type: 'integer', min: 1, max: 1 << 16, description: 'model width (BERT-base: 768)' },
    dFF: { type: 'integer', min: 2, max: 1 << 18, description: 'feed-forward width (BERT-base: 3072)' },
    activations: { type: 'list', maxItems: 32, allowNone: true, entries: 'elementwise activation ids or formulas in z', check: checkElementwiseList, description: 'elementwise activation ids, run in order on the shared x, W1, W2 (none: gated only)' },
    gated: {
      type: 'list',
      maxItems: 8,
      entries: 'gated activation ids (glu, reglu, geglu, swiglu)',
      allowNone: true,
      check: (value) => {
        for (const id of value as readonly string[]) gatedDefinition(id);
      },
      description: 'gated activation ids (swiglu, geglu, reglu, glu) at equal parameter count; none for the chapter alone',
    },
    precision: { type: 'string', choices: ['float64', 'float32'], description: "numpy ≥ 2 ('float64', what the chapter's code computes today) or numpy 1.x ('float32') dtypes" },
    bins: { type: 'integer', min: 1, max: 10_000, description: 'histogram bins over [min, max] of each output' },
  },
  validate(config) {
    if (!config.activations.length && !config.gated.length) {
      throw new InvalidParameterError('transformer-ffn', 'activations', 'none', 'at least one activation (in activations or gated)');
    }
  },
  cost(config) {
    const { tokens: m, dModel: d, dFF: f } = config;
    const h = gatedHiddenWidth(f);
    const b = config.precision === 'float32' ? 4 : 8;
    const a = config.activations.length;
    const g = config.gated.length;
    // x (float32), the weights (and their float32 draws), the hidden and activated blocks, the output.
    const ungatedBytes = a ? b * (2 * f * d + 2 * m * f) + 4 * f * d : 0;
    const gatedBytes = g ? b * (3 * h * d + 3 * m * h) + 4 * 2 * h * d : 0;
    const fmas = (a ? m * d * f * (1 + a) : 0) + (g ? m * d * h * (2 + g) : 0);
    return {
      bytes: 4 * m * d + b * m * d + ungatedBytes + gatedBytes + 1e6,
      largestArray: Math.max(4 * m * d, b * m * Math.max(a ? f : 0, g ? 2 * h : 0), b * f * d, b * 2 * h * d),
      seconds: seconds(fmas * NS_PER_MATMUL_FMA + (m * d + 2 * f * d + 3 * h * d) * NS_PER_NORMAL + m * f * activationsNanoseconds(config.activations) + g * m * h * NS_PER_ACTIVATION + (a + g) * m * d * 3 * NS_PER_FMA),
      drivers: 'tokens × dModel × dFF (and the number of activations)',
    };
  },
  run(config, rng: Rng, progress?: Progress) {
    const precision = config.precision === 'float32' ? 'float32' : config.precision === 'float64' ? 'float64' : undefined;
    if (!precision) throw new InvalidParameterError('transformer-ffn', 'precision', config.precision, 'one of: float64, float32');
    const { tokens: m, dModel: d, dFF: f, bins } = config;
    const elementwise = config.activations.map((id) => getElementwise(id));
    const gatedDefs = config.gated.map(gatedDefinition);
    const h = gatedHiddenWidth(f);

    // The chapter's draws, in its order: x, W1, W2 (x is float32 in both numpy versions).
    const x = rng.fillNormal(new Float32Array(m * d));
    const w1 = drawWeights(rng, f, d, Math.sqrt(2 / d), precision);
    const w2 = drawWeights(rng, d, f, Math.sqrt(2 / f), precision);
    // The gated variants' weights, after the chapter's.
    const wUp = gatedDefs.length ? drawWeights(rng, 2 * h, d, Math.sqrt(2 / d), precision) : undefined;
    const wDown = gatedDefs.length ? drawWeights(rng, d, h, Math.sqrt(2 / h), precision) : undefined;

    const steps: number[] = [];
    if (elementwise.length) steps.push(m * d * f, ...elementwise.map(() => m * f * d));
    if (gatedDefs.length) steps.push(m * d * 2 * h, ...gatedDefs.map(() => m * h * d));
    const tracker = progressTracker(progress, steps);
    const outputs: FfnOutputStats[] = [];
    const out = allocate(precision, m * d);

    if (elementwise.length) {
      const hidden = matmulTransposeB(x, w1, m, d, f, allocate(precision, m * f), { progress: tracker.within('x·W1ᵀ') });
      tracker.finish('x·W1ᵀ');
      const activated = allocate(precision, m * f);
      for (const definition of elementwise) {
        // Split across threads when they are enabled (float64 smooth activations): the same bits.
        forwardSplit(definition, hidden, activated, resolveParams(definition, {}));
        const label = labelFor(definition);
        matmulTransposeB(activated, w2, m, f, d, out, { progress: tracker.within(label) });
        tracker.finish(label);
        outputs.push({ id: definition.id, label, gated: false, hidden: f, parameters: ffnParameterCount(d, f, false), ...outputStatistics(out, bins) });
      }
    }

    if (wUp && wDown) {
      const up = matmulTransposeB(x, wUp, m, d, 2 * h, allocate(precision, m * 2 * h), { progress: tracker.within('x·W_upᵀ') });
      tracker.finish('x·W_upᵀ');
      const activated = allocate(precision, m * h);
      for (const definition of gatedDefs) {
        forward(definition, up, { out: activated, rowLength: 2 * h });
        const label = labelFor(definition);
        matmulTransposeB(activated, wDown, m, h, d, out, { progress: tracker.within(label) });
        tracker.finish(label);
        outputs.push({ id: definition.id, label, gated: true, hidden: h, parameters: ffnParameterCount(d, h, true), ...outputStatistics(out, bins) });
      }
    }
    return { precision, tokens: m, dModel: d, dFF: f, gatedHidden: h, outputs };
  },
  report(result) {
    const lines = ['Activation Comparison for Transformer FFN', '='.repeat(50)];
    const chapter = result.outputs.filter((s) => !s.gated && CHAPTER_LABELS[s.id]);
    const extra = result.outputs.filter((s) => !s.gated && !CHAPTER_LABELS[s.id]);
    const gated = result.outputs.filter((s) => s.gated);
    for (const s of chapter) lines.push(...statBlock(s));
    if (chapter.some((s) => s.id === 'gelu_tanh')) {
      lines.push('', 'Note: the chapter\'s "GELU" is its gelu_approx, the tanh approximation (actlab id gelu_tanh); exact GELU z·Φ(z) is gelu.');
    }
    if (extra.length) {
      lines.push('', '-'.repeat(50), 'Beyond the chapter (the same x, W1, W2):');
      for (const s of extra) lines.push(...statBlock(s));
    }
    if (gated.length) {
      const { dModel: d, dFF: f, gatedHidden: h } = result;
      const ungated = ffnParameterCount(d, f, false);
      const own = ffnParameterCount(d, h, true);
      lines.push(
        '',
        '-'.repeat(50),
        `Gated FFNs, out = (a ⊙ act(b))·W_downᵀ with [a, b] = x·W_upᵀ: hidden width ${h} ≈ 2/3·${f},`,
        `W_up ${2 * h}×${d} and W_down ${d}×${h}: ${own} weights (ungated: ${ungated}); weights drawn after the chapter's.`,
      );
      for (const s of gated) lines.push(...statBlock(s));
    }
    const overflowed = result.outputs.filter((s) => ![s.mean, s.std, s.min, s.max].every(Number.isFinite));
    if (overflowed.length) lines.push('', `Non-finite outputs (overflow) for: ${overflowed.map((s) => s.label).join(', ')}; their statistics mean nothing.`);
    return lines.join('\n');
  },
};
