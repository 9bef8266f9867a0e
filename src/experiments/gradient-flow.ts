/**
 * The chapter's gradient-flow comparison (relu_family.py, `gradient_flow_comparison`), for any
 * list of activations, with the mean-field prediction beside each simulated number.
 *
 * Per layer the simulation draws standard-normal pre-activations z (shared by all activations,
 * as in the chapter), multiplies the gradient by f′(z) and then by Wᵀ, W ~ N(0, g²/n). Because z
 * is drawn afresh rather than propagated forward, this is exactly the mean-field setting at
 * q = 1: E‖δ‖² grows by χ = g²·E[f′(z)²] per layer, so the mean norm after L layers is
 * ≈ √n·χ^{L/2} — the "predicted" column, from the analysis engine's Gaussian moments.
 *
 * With the default generator each layer's Wᵀh is drawn as (g/√n)·‖h‖·ξ, ξ ~ N(0, I) — exactly
 * its distribution for a fresh W (gaussian-layer.ts) — so a layer costs n normals and n
 * derivatives instead of n² normals and n² multiply-adds, and the simulations run across all
 * depths at once, so partial results sharpen every depth's estimate together. `method=matrices`
 * (the default with numpy's generator, for the chapter's bits) draws the full matrices.
 * @module
 */
import { getElementwise, resolveParams } from '../activations/index.js';
import type { ElementwiseActivation, ParamValues } from '../activations/types.js';
import { pytorchGainValue } from '../analysis/gain.js';
import type { Rng } from '../math/rng.js';
import { GAIN_CHOICES } from './choices.js';
import { activationLabel, activationsNanoseconds, checkElementwiseList, NS_PER_FMA, NS_PER_NORMAL, seconds } from './settings.js';
import { pythonExponential, type Experiment, type Progress, type SettingValue } from './types.js';
import { norm2, transposeTimes } from './vanishing-gradient.js';
import { cachedGain, cachedMoments, knownMoments, LAYER_METHODS, layerMethod, NormalPool, scaledNorm, type LayerMethod } from './gaussian-layer.js';

export interface GradientFlowConfig {
  readonly [key: string]: readonly number[] | readonly string[] | number | string;
  readonly depths: readonly number[];
  readonly units: number;
  readonly simulations: number;
  readonly activations: readonly string[];
  /** 'pytorch': PyTorch's calculate_gain where it has one (the chapter: √2 for ReLU, 1 for sigmoid), else the variance-preserving gain; 'variance-preserving': 1/√E[f(z)²] for all. */
  readonly gains: string;
  /** How each layer's Wᵀ·g is drawn: 'projected', 'matrices', or 'auto' (see {@link layerMethod}). */
  readonly method: string;
}

export interface GradientFlowRow {
  readonly depth: number;
  /** Mean gradient norm over the simulations, per activation (in `activations` order); non-finite when it overflowed. */
  readonly simulated: readonly number[];
  /** √n·χ^{depth/2}, χ = g²·E[f′(z)²] at z ~ N(0, 1) (NaN while χ is not yet known, see {@link GradientFlowResult.chi}). */
  readonly predicted: readonly number[];
  /** Simulations averaged in `simulated` (fewer than configured only in a partial result). */
  readonly simulations: number;
}

export interface GradientFlowResult {
  readonly activations: readonly string[];
  readonly gains: readonly number[];
  /**
   * χ per activation. NaN (and so every row's `predicted`) in a partial result sent before χ's
   * quadrature is done: with PyTorch's tabulated gains the simulation starts without it, and the
   * first partial result goes out before it is computed.
   */
  readonly chi: readonly number[];
  /** How the layers' products were drawn (see gaussian-layer.ts): the same distribution either way. */
  readonly method: LayerMethod;
  /**
   * Simulations behind the least-sampled row: the configured number in a finished run. A
   * partial result (sent with progress) holds every depth's mean over the simulations done so
   * far ('projected' runs the simulations across all depths at once, so the estimate sharpens
   * everywhere) or, with 'matrices' (depth by depth, the chapter's order), the depths finished
   * and the current one.
   */
  readonly simulationsDone: number;
  readonly rows: readonly GradientFlowRow[];
}

/** What a run needs to know about its activations. */
interface Setup {
  readonly n: number;
  readonly defs: readonly ElementwiseActivation[];
  readonly params: readonly ParamValues[];
  readonly gains: readonly number[];
  /** χ per activation, its quadrature done on the first call. */
  chi(): readonly number[];
  /** χ if it has been computed, else NaN per activation. */
  chiSoFar(): readonly number[];
}

/**
 * Every entry an elementwise activation whose gain and moments the analysis can compute (a
 * formula without a limit at ±∞ is refused with the reason), before the run starts; the
 * quadratures are cached, so the run does not redo them. Registered activations are not
 * integrated here: their gains are known to exist, and a run with PyTorch's tabulated gains
 * starts before any quadrature.
 */
function checkGainList(value: SettingValue): void {
  checkElementwiseList(value);
  for (const id of value as readonly string[]) {
    const def = getElementwise(id);
    if (def.family === 'formula') cachedGain(def, resolveParams(def, {}));
  }
}

/**
 * The activations, their gains and (on demand) χ. PyTorch's tabulated gains need no quadrature,
 * so with them the simulation starts at once and χ's quadrature (the slowest part of a small
 * run on a cold worker) waits until the first partial result is out; the numbers are the same.
 */
function setup(config: GradientFlowConfig): Setup {
  const defs = config.activations.map((id) => getElementwise(id));
  const params = defs.map((d) => resolveParams(d, {}));
  const gains = defs.map((d, k) => {
    const p = params[k] as ParamValues;
    return (config.gains === 'pytorch' ? pytorchGainValue(d.id, p) : undefined) ?? cachedGain(d, p).gain;
  });
  let chi: readonly number[] | undefined;
  const compute = () => (chi ??= defs.map((d, k) => (gains[k] as number) ** 2 * cachedMoments(d, params[k] as ParamValues, 1).meanDerivativeSquare));
  return {
    n: config.units,
    defs,
    params,
    gains,
    chi: compute,
    // Moments remembered from an earlier run (a slider nudge) cost nothing: then χ is known at once.
    chiSoFar: () => chi ?? (defs.every((d, k) => knownMoments(d, params[k] as ParamValues, 1)) ? compute() : defs.map(() => NaN)),
  };
}

function row(s: Setup, depth: number, sums: ArrayLike<number>, simulations: number, chi: readonly number[]): GradientFlowRow {
  return {
    depth,
    simulated: Array.from(sums, (v) => v / simulations),
    predicted: chi.map((c) => Math.sqrt(s.n) * c ** (depth / 2)),
    simulations,
  };
}

/** Sends a partial result at most ~100 times per run (and for the first simulation). */
function partialDue(sim: number, total: number, last: number): boolean {
  return sim === 1 || sim === total || sim - last >= Math.ceil(total / 100);
}

/**
 * One backward pass through `depth` projected layers: the final gradient norm per activation in
 * `out`. With g = σ‖h‖·ξ after every layer (h = f′(z)⊙g before Wᵀ), only ‖h‖ needs carrying:
 * ‖h₁‖² = Σf′(zᵢ)², ‖h_l‖ = σ‖h_{l−1}‖·√Σ(f′(zᵢ)ξᵢ)², and the result is σ‖h_L‖·‖ξ_L‖. The
 * direction ξ of a layer's Wᵀh is drawn when the next layer reads it (all draws are
 * independent, so the order of drawing does not matter).
 */
function projectedPass(s: Setup, depth: number, pool: NormalPool, z: Float64Array, out: Float64Array): void {
  const { n, defs, params, gains } = s;
  out.fill(1);
  for (let layer = 0; layer < depth; layer++) {
    const at = pool.take(n);
    const values = pool.values;
    for (let i = 0; i < n; i++) z[i] = values[at + i] as number;
    for (let k = 0; k < defs.length; k++) {
      const def = defs[k] as ElementwiseActivation;
      const p = params[k] as ParamValues;
      let t = 0;
      if (layer === 0) {
        for (let i = 0; i < n; i++) t += def.df(z[i] as number, p) ** 2;
        out[k] = Math.sqrt(t);
        continue;
      }
      const xi = pool.take(n);
      const v = pool.values;
      for (let i = 0; i < n; i++) t += (def.df(z[i] as number, p) * (v[xi + i] as number)) ** 2;
      const h = out[k] as number;
      // Once overflowed, stays overflowed (∞·0 would be NaN).
      if (h !== Infinity) out[k] = ((gains[k] as number) / Math.sqrt(n)) * h * Math.sqrt(t);
    }
  }
  for (let k = 0; k < defs.length; k++) {
    const at = pool.take(n);
    const h = out[k] as number;
    if (h !== Infinity) out[k] = ((gains[k] as number) / Math.sqrt(n)) * h * scaledNorm(pool.values, at, n);
  }
}

/** 'projected': simulation by simulation across all depths, so partial results cover every depth. */
function runProjected(config: GradientFlowConfig, s: Setup, rng: Rng, progress?: Progress<GradientFlowResult>): GradientFlowResult {
  const pool = new NormalPool(rng);
  const z = new Float64Array(s.n);
  const norms = new Float64Array(s.defs.length);
  const sums = config.depths.map(() => new Float64Array(s.defs.length));
  const layersPerSim = config.depths.reduce((a, b) => a + b, 0);
  const base = { activations: config.activations, gains: s.gains, method: 'projected' as const };
  let lastPartial = 0;
  for (let sim = 1; sim <= config.simulations; sim++) {
    let layers = 0;
    config.depths.forEach((depth, r) => {
      projectedPass(s, depth, pool, z, norms);
      const sum = sums[r] as Float64Array;
      for (let k = 0; k < norms.length; k++) sum[k] = (sum[k] as number) + (norms[k] as number);
      layers += depth;
      if (!progress || layers === layersPerSim) return;
      progress(((sim - 1) * layersPerSim + layers) / (config.simulations * layersPerSim), `simulation ${sim}`);
    });
    if (progress && partialDue(sim, config.simulations, lastPartial)) {
      lastPartial = sim;
      const chi = s.chiSoFar();
      const rows = config.depths.map((depth, r) => row(s, depth, sums[r] as Float64Array, sim, chi));
      progress(sim / config.simulations, `simulation ${sim} of ${config.simulations}`, { ...base, chi, simulationsDone: sim, rows });
      // The first partial result is out: now χ's quadrature (the next one has the prediction).
      s.chi();
    }
  }
  const chi = s.chi();
  return { ...base, chi, simulationsDone: config.simulations, rows: config.depths.map((depth, r) => row(s, depth, sums[r] as Float64Array, config.simulations, chi)) };
}

/** 'matrices': the chapter's loops (depth by depth, a full n×n W per layer and activation), numpy's bits in textbook mode. */
function runMatrices(config: GradientFlowConfig, s: Setup, rng: Rng, progress?: Progress<GradientFlowResult>): GradientFlowResult {
  const { n, defs, params, gains } = s;
  const z = new Float64Array(n);
  const w = new Float64Array(n * n);
  const grads = defs.map(() => new Float64Array(n));
  const scratch = new Float64Array(n);
  const totalLayers = config.depths.reduce((a, b) => a + b, 0) * config.simulations;
  const base = { activations: config.activations, gains, method: 'matrices' as const };
  let done = 0;
  const rows: GradientFlowRow[] = [];
  for (const depth of config.depths) {
    const sums = defs.map(() => 0);
    let lastPartial = 0;
    for (let sim = 1; sim <= config.simulations; sim++) {
      for (const g of grads) g.fill(1);
      for (let layer = 0; layer < depth; layer++) {
        rng.fillNormal(z);
        defs.forEach((def, k) => {
          const g = grads[k] as Float64Array;
          const p = params[k] as ParamValues;
          for (let i = 0; i < n; i++) g[i] = (g[i] as number) * def.df(z[i] as number, p);
          rng.fillNormal(w, (gains[k] as number) / Math.sqrt(n));
          transposeTimes(w, g, n, scratch);
          g.set(scratch);
        });
        done++;
      }
      defs.forEach((_, k) => {
        sums[k] = (sums[k] as number) + norm2(grads[k] as Float64Array);
      });
      if (!progress) continue;
      const partial = partialDue(sim, config.simulations, lastPartial);
      if (partial) lastPartial = sim;
      const chi = s.chiSoFar();
      const now = partial ? { ...base, chi, simulationsDone: sim, rows: [...rows, row(s, depth, sums, sim, chi)] } : undefined;
      progress(done / totalLayers, `depth ${depth}`, now);
      if (partial) s.chi();
    }
    rows.push(row(s, depth, sums, config.simulations, s.chi()));
  }
  return { ...base, chi: s.chi(), simulationsDone: config.simulations, rows };
}

export const gradientFlow: Experiment<GradientFlowConfig, GradientFlowResult> = {
  id: 'gradient-flow',
  title: 'Gradient flow by depth: ReLU vs sigmoid (and any other activation)',
  description:
    'Mean gradient norm after backpropagating a unit gradient through 5, 10, 20 and 50 layers of 256 units, 100 simulations each, beside the mean-field prediction √n·χ^{L/2}. ' +
    'Each layer multiplies the gradient by f′(z) at fresh standard-normal z and by Wᵀ with a fresh W ~ N(0, gain²/n). For such a W, Wᵀh is exactly distributed as (gain/√n)·‖h‖·ξ with ξ ~ N(0, I): with the default generator (method=auto or projected) each layer draws those n normals instead of the n² weights — the same stochastic process, drawn n times faster, not an approximation; method=matrices (and --rng numpy, for the chapter’s bits) draws the full matrices.',
  chapter: 'relu_family.py: gradient_flow_comparison()',
  defaults: { depths: [5, 10, 20, 50], units: 256, simulations: 100, activations: ['relu', 'sigmoid'], gains: 'pytorch', method: 'auto' },
  settings: {
    depths: { type: 'numbers', integer: true, min: 1, max: 10_000, maxItems: 64, description: 'network depths to simulate' },
    units: { type: 'integer', min: 1, max: 4096, description: 'units per layer' },
    simulations: { type: 'integer', min: 1, max: 100_000, description: 'simulations per depth' },
    activations: { type: 'list', maxItems: 32, entries: 'elementwise activation ids or formulas in z', check: checkGainList, description: 'activation ids (elementwise)' },
    gains: { type: 'string', choices: GAIN_CHOICES, description: 'weight gain per activation' },
    method: {
      type: 'string',
      choices: LAYER_METHODS,
      description: 'how each layer’s Wᵀ·g is drawn: projected (σ‖g‖·ξ, n normals: the same distribution), matrices (all n² weights, as the chapter), auto (projected; matrices with --rng numpy)',
    },
  },
  cost(config, rng) {
    const n = config.units;
    const layers = config.depths.reduce((a, b) => a + b, 0) * config.simulations;
    const a = config.activations.length;
    const matrices = layerMethod(config.method, rng === undefined ? undefined : { kind: rng }) === 'matrices';
    const f = activationsNanoseconds(config.activations);
    const perLayer = matrices
      ? n * NS_PER_NORMAL + a * n * n * (NS_PER_NORMAL + NS_PER_FMA) + n * f
      : n * NS_PER_NORMAL + a * n * (NS_PER_NORMAL + NS_PER_FMA) + n * f;
    return {
      bytes: 8 * ((matrices ? n * n : 1 << 14) + (a + 2) * n) + 1e6,
      largestArray: 8 * (matrices ? n * n : Math.max(n, 1 << 14)),
      seconds: seconds(layers * perLayer) + 0.05 * a,
      drivers: matrices ? 'sum of depths × simulations × activations × units²' : 'sum of depths × simulations × activations × units',
    };
  },
  run(config, rng: Rng, progress?: Progress<GradientFlowResult>) {
    const s = setup(config);
    return layerMethod(config.method, rng) === 'projected' ? runProjected(config, s, rng, progress) : runMatrices(config, s, rng, progress);
  },
  report(result) {
    const names = result.activations.map((id) => (id === 'relu' ? 'ReLU' : id === 'sigmoid' ? 'Sigmoid' : activationLabel(id)));
    const chapterPair = names.length === 2;
    const lines = ['Gradient Flow Comparison', '='.repeat(50)];
    lines.push(`${'Depth'.padStart(6)} | ${names.map((n) => n.padStart(12)).join(' | ')}${chapterPair ? ` | ${'Ratio'.padStart(10)}` : ''}`);
    lines.push('-'.repeat(50));
    for (const row of result.rows) {
      const cells = row.simulated.map((v) => (Number.isFinite(v) ? pythonExponential(v, 2) : 'overflow').padStart(12));
      let line = `${String(row.depth).padStart(6)} | ${cells.join(' | ')}`;
      if (chapterPair) {
        const [a, b] = row.simulated as [number, number];
        const ratio = Number.isFinite(a) && Number.isFinite(b) ? (b > 0 ? a / b : Infinity) : NaN;
        // Python's f"{ratio:>10.0f}x" prints the full integer part of a large float.
        line += ` | ${(Number.isFinite(ratio) ? BigInt(Math.round(ratio)).toString() : Number.isNaN(ratio) ? '—' : 'inf').padStart(10)}x`;
      }
      lines.push(line);
    }
    if (result.rows.some((row) => row.simulated.some((v) => !Number.isFinite(v)))) {
      lines.push('overflow: the simulated gradient norm exceeded the float64 range (χ > 1 over many layers): no finite mean to report.');
    }
    if (result.method === 'projected') lines.push('Each layer’s Wᵀ·g drawn as (gain/√n)·‖g‖·ξ, ξ ~ N(0, I): its exact distribution (method=matrices draws the n×n matrices).');
    lines.push('', 'Mean-field prediction √n·χ^(L/2), χ = gain²·E[f′(z)²] at z ~ N(0, 1):');
    lines.push(`  ${result.activations.map((id, k) => `${activationLabel(id)}: gain ${(result.gains[k] as number).toPrecision(6)}, χ = ${(result.chi[k] as number).toPrecision(6)}`).join('; ')}`);
    for (const row of result.rows) {
      lines.push(
        `  depth ${String(row.depth).padStart(3)}: ${row.predicted.map((p, k) => `${activationLabel(result.activations[k] as string)} ${Number.isFinite(p) ? pythonExponential(p, 2) : '> 1.8e+308'} (simulated ${Number.isFinite(row.simulated[k]) ? pythonExponential(row.simulated[k] as number, 2) : 'overflow'})`).join(', ')}`,
      );
    }
    return lines.join('\n');
  },
};
