/**
 * The chapter's three figures, panel by panel, and the new ones, as Vega-Lite specs built from
 * the library and from experiment results. Pure functions: the web explorer builds the same
 * specs in the browser.
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import { getElementwise, resolveParams } from '../activations/index.js';
import { gaussianMoments } from '../analysis/moments.js';
import { properties, type ElementwisePropertySheet } from '../analysis/properties.js';
import type { GeluApproximationResult } from '../experiments/gelu-approximation.js';
import type { GradientFlowResult } from '../experiments/gradient-flow.js';
import type { SeluNormalisationResult } from '../experiments/selu-normalisation.js';
import type { TransformerFfnResult } from '../experiments/transformer-ffn.js';
import type { XorRaceResult } from '../experiments/xor-race.js';

type Row = Record<string, number | string>;
type Panel = Record<string, unknown>;

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const WIDTH = 300;
const HEIGHT = 220;

/** Samples f (order 0) or f′ (order 1) of each named activation on [from, to]. */
export function curves(
  entries: readonly { readonly label: string; readonly id: string; readonly params?: Record<string, number> }[],
  from: number,
  to: number,
  order: 0 | 1,
  points = 401,
): Row[] {
  const rows: Row[] = [];
  for (const { label, id, params } of entries) {
    const def = getElementwise(id);
    const p = resolveParams(def, params ?? {});
    for (let i = 0; i < points; i++) {
      const z = from + ((to - from) * i) / (points - 1);
      rows.push({ z, value: order === 0 ? def.f(z, p) : def.df(z, p), activation: label });
    }
  }
  return rows;
}

function linePanel(title: string, values: Row[], y: string, options: { yDomain?: [number, number]; rules?: Row[]; logY?: boolean; xTitle?: string } = {}): Panel {
  const layers: Panel[] = [
    {
      mark: { type: 'line', strokeWidth: 2, clip: true },
      encoding: {
        x: { field: 'z', type: 'quantitative', title: options.xTitle ?? 'z (pre-activation)' },
        y: {
          field: 'value',
          type: 'quantitative',
          title: y,
          ...(options.yDomain ? { scale: { domain: options.yDomain } } : {}),
          ...(options.logY ? { scale: { type: 'log' }, axis: { tickCount: 6, format: '.0e', grid: true } } : {}),
        },
        color: { field: 'activation', type: 'nominal', title: null, legend: { labelLimit: 400, orient: 'bottom', columns: 1 } },
        // ReLU is drawn dashed, as in the chapter; everything else solid.
        strokeDash: { field: 'dash', type: 'nominal', legend: null, scale: { domain: ['solid', 'dashed'], range: [[1, 0], [6, 4]] } },
      },
    },
  ];
  if (options.rules?.length) {
    layers.push({
      data: { values: options.rules },
      mark: { type: 'rule', strokeDash: [4, 4], opacity: 0.6 },
      encoding: { y: { field: 'y', type: 'quantitative' }, color: { value: '#888' } },
    });
  }
  return { title, width: WIDTH, height: HEIGHT, data: { values }, layer: layers };
}

/** Figure 1 (classical.py): sigmoid and tanh values, derivatives, and gradient scale by depth. */
export function classicalActivationsFigure(): TopLevelSpec {
  const pair = [
    { label: 'Sigmoid', id: 'sigmoid' },
    { label: 'Tanh', id: 'tanh' },
  ];
  const sigmoidMean = gaussianMoments(getElementwise('sigmoid'), {}, 1).meanDerivative;
  const tanhMean = gaussianMoments(getElementwise('tanh'), {}, 1).meanDerivative;
  const decay: Row[] = [];
  for (let d = 1; d <= 20; d++) {
    decay.push({ z: d, value: 0.25 ** d, activation: 'Sigmoid best case 0.25^d' });
    decay.push({ z: d, value: 0.2 ** d, activation: "Sigmoid 'typical' 0.2^d (chapter)" });
    decay.push({ z: d, value: 0.7 ** d, activation: "Tanh 'typical' 0.7^d (chapter)" });
    decay.push({ z: d, value: sigmoidMean ** d, activation: `Sigmoid E[σ′(z)]^d = ${sigmoidMean.toFixed(4)}^d` });
    decay.push({ z: d, value: tanhMean ** d, activation: `Tanh E[tanh′(z)]^d = ${tanhMean.toFixed(4)}^d` });
  }
  return {
    $schema: SCHEMA,
    title: 'Classical activations',
    hconcat: [
      linePanel('Activation values', curves(pair, -6, 6, 0), 'f(z)', { yDomain: [-1.2, 1.2] }),
      linePanel('Derivatives (gradient flow)', curves(pair, -6, 6, 1), 'f′(z)', {
        yDomain: [-0.1, 1.2],
        rules: [{ y: 0.25 }, { y: 1 }],
      }),
      linePanel('Gradient magnitude vs depth', decay, 'gradient scale (log)', { logY: true, xTitle: 'network depth (layers)' }),
    ],
    resolve: { scale: { color: 'independent' } },
  } as unknown as TopLevelSpec;
}

/** Figure 2 (relu_variants.py): values, derivatives, SELU's variance by layer, dead-unit rate. */
export function reluVariantsFigure(selu: SeluNormalisationResult, deadRates: readonly { readonly activation: string; readonly percent: number }[]): TopLevelSpec {
  const family = [
    { label: 'ReLU', id: 'relu' },
    { label: 'Leaky ReLU (α=0.1)', id: 'leaky_relu', params: { negative_slope: 0.1 } },
    { label: 'ELU (α=1.0)', id: 'elu' },
  ];
  const variance: Row[] = selu.series.flatMap((s) =>
    s.variances.map((v, i) => ({ z: i + 1, value: v, activation: `${s.activation} (${s.init}) variance` })),
  );
  return {
    $schema: SCHEMA,
    title: 'ReLU variants',
    vconcat: [
      {
        hconcat: [
          linePanel('Activation functions', curves(family, -4, 4, 0), 'f(z)', { yDomain: [-2, 4] }),
          linePanel('Derivatives', curves(family, -4, 4, 1), 'f′(z)', { yDomain: [-0.2, 1.5] }),
        ],
      },
      {
        hconcat: [
          linePanel('Self-normalizing property', variance, 'activation variance (log)', { logY: true, xTitle: 'layer depth', rules: [{ y: 1 }] }),
          {
            title: 'Dead/inactive neuron rate',
            width: WIDTH,
            height: HEIGHT,
            data: { values: deadRates.map((d) => ({ activation: d.activation, percent: d.percent })) },
            layer: [
              { mark: 'bar', encoding: { x: { field: 'activation', type: 'nominal', title: null, sort: null }, y: { field: 'percent', type: 'quantitative', title: '% neurons dead' } } },
              { mark: { type: 'text', dy: -6 }, encoding: { x: { field: 'activation', type: 'nominal', sort: null }, y: { field: 'percent', type: 'quantitative' }, text: { field: 'percent', type: 'quantitative', format: '.1f' } } },
            ],
          },
        ],
      },
    ],
    resolve: { scale: { color: 'independent' } },
  } as unknown as TopLevelSpec;
}

/** Figure 3 (modern.py): values, derivatives (exact GELU′), GELU approximation error, and the true minima. */
export function modernActivationsFigure(approximation: GeluApproximationResult): TopLevelSpec {
  const trio = [
    { label: 'ReLU', id: 'relu' },
    { label: 'Swish', id: 'swish' },
    { label: 'GELU', id: 'gelu' },
  ];
  const values = curves(trio, -4, 4, 0).map((r) => ({ ...r, dash: r.activation === 'ReLU' ? 'dashed' : 'solid' }));
  const derivatives = curves(trio, -4, 4, 1).map((r) => ({ ...r, dash: r.activation === 'ReLU' ? 'dashed' : 'solid' }));
  const errors: Row[] = approximation.approximations.flatMap((a) =>
    a.curve.filter((p) => p.z >= -4 && p.z <= 4).map((p) => ({ z: p.z, value: Math.abs(p.error) + 1e-10, activation: `|exact − ${a.name} form|` })),
  );
  const minima = (['swish', 'gelu'] as const).map((id) => {
    const sheet = properties(id, {}, { timing: false }) as ElementwisePropertySheet;
    const m = sheet.extrema[0];
    return { z: m?.at ?? NaN, value: m?.value ?? NaN, activation: id === 'swish' ? 'Swish' : 'GELU', label: `min ${(m?.value ?? NaN).toFixed(4)} at ${(m?.at ?? NaN).toFixed(4)}` };
  });
  const zoom = curves(trio.slice(1), -3, 1, 0);
  return {
    $schema: SCHEMA,
    title: 'Modern activations',
    vconcat: [
      {
        hconcat: [
          linePanel('Activation functions', values, 'f(z)', { yDomain: [-0.5, 4] }),
          linePanel('Derivatives (exact)', derivatives, 'f′(z)', { yDomain: [-0.2, 1.5], rules: [{ y: 1 }] }),
        ],
      },
      {
        hconcat: [
          linePanel('GELU approximation error', errors, '|exact − approx| (log)', { logY: true, rules: [{ y: 1e-3 }] }),
          {
            title: 'Non-monotonicity (true minima marked)',
            width: WIDTH,
            height: HEIGHT,
            layer: [
              linePanel('', zoom, 'f(z)', { yDomain: [-0.4, 0.6] }),
              {
                data: { values: minima },
                mark: { type: 'point', shape: 'triangle-down', size: 120, filled: true },
                encoding: { x: { field: 'z', type: 'quantitative' }, y: { field: 'value', type: 'quantitative' }, color: { field: 'activation', type: 'nominal' } },
              },
              {
                data: { values: minima },
                mark: { type: 'text', dy: 14, fontSize: 10 },
                encoding: { x: { field: 'z', type: 'quantitative' }, y: { field: 'value', type: 'quantitative' }, text: { field: 'label' } },
              },
            ],
          },
        ],
      },
    ],
    resolve: { scale: { color: 'independent' } },
  } as unknown as TopLevelSpec;
}

/** New: mean gradient norm by depth, simulated vs the mean-field prediction. */
export function gradientFlowFigure(result: GradientFlowResult): TopLevelSpec {
  const values: Row[] = result.rows.flatMap((row) =>
    result.activations.flatMap((id, k) => [
      { depth: row.depth, norm: row.simulated[k] as number, activation: id, kind: 'simulated' },
      { depth: row.depth, norm: row.predicted[k] as number, activation: id, kind: 'mean-field prediction' },
    ]),
  );
  return {
    $schema: SCHEMA,
    title: 'Gradient norm by depth: simulated vs predicted',
    width: 420,
    height: 280,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'depth', type: 'quantitative', title: 'depth (layers)' },
      y: { field: 'norm', type: 'quantitative', scale: { type: 'log' }, title: 'mean gradient norm (log)' },
      color: { field: 'activation', type: 'nominal' },
      // Solid for the simulation, dashed for the prediction (the default scale would pick by name).
      strokeDash: {
        field: 'kind',
        type: 'nominal',
        title: null,
        scale: { domain: ['simulated', 'mean-field prediction'], range: [[1, 0], [6, 3]] },
        legend: { labelLimit: 300, symbolType: 'stroke', symbolStrokeWidth: 2, symbolSize: 400, encode: { symbols: { update: { stroke: { value: '#444' } } } } },
      },
    },
  } as unknown as TopLevelSpec;
}

/** New: the XOR convergence epoch over seeds, per activation. */
export function xorConvergenceFigure(result: XorRaceResult): TopLevelSpec {
  const values: Row[] = result.stats.flatMap((s) =>
    s.epochs.map((epoch) => ({ activation: s.activation, epoch: epoch < result.epochs ? epoch : result.epochs, converged: epoch < result.epochs ? 'converged' : 'did not converge' })),
  );
  return {
    $schema: SCHEMA,
    title: `XOR convergence epoch over ${result.stats[0]?.epochs.length ?? 0} seeds`,
    width: 420,
    height: 28 * Math.max(1, result.stats.length),
    data: { values },
    mark: { type: 'tick', thickness: 2 },
    encoding: {
      y: { field: 'activation', type: 'nominal', title: null },
      x: { field: 'epoch', type: 'quantitative', title: `epoch with loss < 0.01 (${result.epochs} = never)` },
      color: { field: 'converged', type: 'nominal', title: null },
    },
  } as unknown as TopLevelSpec;
}

/** New: histograms of the transformer FFN's outputs per activation (equal parameter counts). */
export function ffnHistogramFigure(result: TransformerFfnResult): TopLevelSpec {
  const values: Row[] = result.outputs.flatMap((o) => {
    const width = (o.histogram.max - o.histogram.min) / o.histogram.counts.length;
    const total = o.histogram.counts.reduce((a, b) => a + b, 0);
    return o.histogram.counts.map((count, i) => ({
      output: o.histogram.min + (i + 0.5) * width,
      density: count / total / width,
      activation: `${o.label}${o.gated ? ` (h = ${o.hidden})` : ''}`,
    }));
  });
  return {
    $schema: SCHEMA,
    title: `Transformer FFN outputs (${result.tokens}×${result.dModel} → ${result.dFF} → ${result.dModel}, ${result.precision})`,
    width: 420,
    height: 280,
    data: { values },
    mark: { type: 'line', interpolate: 'step' },
    encoding: {
      x: { field: 'output', type: 'quantitative', title: 'output value' },
      y: { field: 'density', type: 'quantitative', title: 'density' },
      color: { field: 'activation', type: 'nominal', title: null, legend: { labelLimit: 400 } },
    },
  } as unknown as TopLevelSpec;
}
