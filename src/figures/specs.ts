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
import type { SeluNormalisationResult } from '../experiments/selu-normalisation.js';
import type { TransformerFfnResult } from '../experiments/transformer-ffn.js';
import type { XorRaceResult } from '../experiments/xor-race.js';
import { axisEncoding, column, linearAxis, logAxis, positiveRows, VEGA_LITE_SCHEMA } from './axes.js';
import { activationColourEncoding, activationSeriesEncodings, dashFor, displayName, type DashedSeries } from './palette.js';

export { gradientFlowFigure } from './flow-figure.js';

type Row = Record<string, number | string>;
type Panel = Record<string, unknown>;

const SCHEMA = VEGA_LITE_SCHEMA;
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

/** How a line panel's series are told apart: colour (and dash) encodings on the series' field. */
interface LineStyle {
  readonly colour: Record<string, unknown>;
  readonly strokeDash?: Record<string, unknown>;
}

interface LineOptions {
  readonly yDomain?: readonly [number, number];
  readonly rules?: Row[];
  readonly logY?: boolean;
  readonly xTitle?: string;
  readonly style: LineStyle;
}

function linePanel(title: string, values: Row[], y: string, options: LineOptions): Panel {
  const ruleValues = (options.rules ?? []).map((r) => r.y as number);
  const yAxis = options.logY ? logAxis(column(values, 'value'), { include: ruleValues }) : linearAxis(column(values, 'value'), options.yDomain ? { domain: options.yDomain } : {});
  const data = options.logY ? positiveRows(values, 'value') : values;
  const layers: Panel[] = [
    {
      mark: { type: 'line', strokeWidth: 2, clip: true },
      encoding: {
        x: axisEncoding('z', options.xTitle ?? 'z (pre-activation)', linearAxis(column(values, 'z'))),
        y: axisEncoding('value', y, yAxis, options.logY ? { axis: { grid: true } } : {}),
        color: options.style.colour,
        ...(options.style.strokeDash ? { strokeDash: options.style.strokeDash } : {}),
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
  return { title, width: WIDTH, height: HEIGHT, data: { values: data }, layer: layers };
}

/** A series of a line panel: its legend label, the activation whose colour it takes, and its dash (solid by default). */
type Series = DashedSeries;

/** Colour by activation and dash where given (ReLU dashed as in the chapter, the kinds of decay curve), in one legend. */
function activationStyle(series: readonly Series[], options: { legend?: boolean } = {}): LineStyle {
  const legend = options.legend === false ? null : { orient: 'bottom', labelLimit: 400, columns: 1, symbolStrokeWidth: 2 };
  const { color, strokeDash } = activationSeriesEncodings(series, { legend });
  return strokeDash ? { colour: color, strokeDash } : { colour: color };
}

/** Figure 1 (classical.py): sigmoid and tanh values, derivatives, and gradient scale by depth. */
export function classicalActivationsFigure(): TopLevelSpec {
  const pair = [
    { label: 'Sigmoid', id: 'sigmoid' },
    { label: 'Tanh', id: 'tanh' },
  ];
  const sigmoidMean = gaussianMoments(getElementwise('sigmoid'), {}, 1).meanDerivative;
  const tanhMean = gaussianMoments(getElementwise('tanh'), {}, 1).meanDerivative;
  // Each decay curve in its activation's colour; dotted the best case, dashed the chapter's "typical" guesses, solid the computed mean.
  const kinds: (Series & { base: number })[] = [
    { label: 'Sigmoid best case 0.25^d', id: 'sigmoid', base: 0.25, dash: [2, 3] },
    { label: "Sigmoid 'typical' 0.2^d (chapter)", id: 'sigmoid', base: 0.2, dash: [6, 4] },
    { label: "Tanh 'typical' 0.7^d (chapter)", id: 'tanh', base: 0.7, dash: [6, 4] },
    { label: `Sigmoid E[σ′(z)]^d = ${sigmoidMean.toFixed(4)}^d`, id: 'sigmoid', base: sigmoidMean, dash: [1, 0] },
    { label: `Tanh E[tanh′(z)]^d = ${tanhMean.toFixed(4)}^d`, id: 'tanh', base: tanhMean, dash: [1, 0] },
  ];
  const decay: Row[] = [];
  for (let d = 1; d <= 20; d++) for (const kind of kinds) decay.push({ z: d, value: kind.base ** d, activation: kind.label });
  return {
    $schema: SCHEMA,
    title: 'Classical activations',
    hconcat: [
      linePanel('Activation values', curves(pair, -6, 6, 0), 'f(z)', { yDomain: [-1.2, 1.2], style: activationStyle(pair) }),
      linePanel('Derivatives (gradient flow)', curves(pair, -6, 6, 1), 'f′(z)', {
        yDomain: [-0.1, 1.2],
        rules: [{ y: 0.25 }, { y: 1 }],
        style: activationStyle(pair, { legend: false }),
      }),
      linePanel('Gradient magnitude vs depth', decay, 'gradient scale (log)', { logY: true, xTitle: 'network depth (layers)', style: activationStyle(kinds) }),
    ],
    resolve: { scale: { color: 'independent', strokeDash: 'independent' } },
  } as unknown as TopLevelSpec;
}

/** Figure 2 (relu_variants.py): values, derivatives, SELU's variance by layer, dead-unit rate. */
export function reluVariantsFigure(
  selu: SeluNormalisationResult,
  deadRates: readonly { readonly activation: string; readonly id?: string; readonly percent: number }[],
  deadNote?: string,
): TopLevelSpec {
  const family = [
    { label: 'ReLU', id: 'relu' },
    { label: 'Leaky ReLU (α=0.1)', id: 'leaky_relu', params: { negative_slope: 0.1 } },
    { label: 'ELU (α=1.0)', id: 'elu' },
  ];
  const seluSeries = selu.series.map((s) => ({ ...s, label: `${displayName(s.activation)} (${s.init} init) variance` }));
  const variance: Row[] = seluSeries.flatMap((s) => s.variances.map((v, i) => ({ z: i + 1, value: v, activation: s.label })));
  return {
    $schema: SCHEMA,
    title: 'ReLU variants',
    vconcat: [
      {
        hconcat: [
          linePanel('Activation functions', curves(family, -4, 4, 0), 'f(z)', { yDomain: [-2, 4], style: activationStyle(family) }),
          linePanel('Derivatives', curves(family, -4, 4, 1), 'f′(z)', { yDomain: [-0.2, 1.5], style: activationStyle(family) }),
        ],
      },
      {
        hconcat: [
          linePanel('Self-normalizing property', variance, 'activation variance (log)', {
            logY: true,
            xTitle: 'layer depth',
            rules: [{ y: 1 }],
            style: activationStyle(seluSeries.map((s) => ({ label: s.label, id: s.activation, dash: dashFor(seluSeries.map((t) => t.init), s.init) }))),
          }),
          deadRatePanel(deadRates, deadNote),
        ],
        resolve: { scale: { color: 'independent', strokeDash: 'independent' } },
      },
    ],
    resolve: { scale: { color: 'independent', strokeDash: 'independent' } },
  } as unknown as TopLevelSpec;
}

/**
 * The dead/inactive rate per activation as bars in the activation's colour. A figure of nothing
 * but zeros (the chapter's criterion makes every bar 0 %) says why in its subtitle, and so does
 * one with no bars at all.
 */
function deadRatePanel(deadRates: readonly { readonly activation: string; readonly id?: string; readonly percent: number }[], note?: string): Panel {
  const values = deadRates.map((d) => ({ activation: d.activation, percent: d.percent }));
  const why =
    note ??
    (values.length === 0
      ? 'No bars: the dead-neurons experiment was not run.'
      : values.every((v) => v.percent === 0)
        ? 'Every rate is 0 %: no unit was inactive on all of its inputs.'
        : undefined);
  const y = axisEncoding('percent', '% neurons dead', linearAxis(column(values, 'percent'), { include: [0, 1] }));
  const colour = activationColourEncoding(deadRates.map((d) => ({ label: d.activation, id: d.id ?? d.activation })), { legend: null });
  return {
    title: why ? { text: 'Dead/inactive neuron rate', subtitle: wrap(why, 48), subtitleFontSize: 10 } : 'Dead/inactive neuron rate',
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    layer: [
      { mark: 'bar', encoding: { x: { field: 'activation', type: 'nominal', title: null, sort: null, axis: { labelAngle: 0 } }, y, color: colour } },
      { mark: { type: 'text', dy: -6 }, encoding: { x: { field: 'activation', type: 'nominal', sort: null }, y: { field: 'percent', type: 'quantitative' }, text: { field: 'percent', type: 'quantitative', format: '.1f' } } },
    ],
  };
}

/** Text broken into lines of at most about `width` characters (Vega draws each line of a subtitle). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** The GELU approximations' errors: not activations of the registry, so one dark grey told apart by dash, in a legend of their own. */
function approximationErrorPanel(approximation: GeluApproximationResult): Panel {
  const forms = approximation.approximations.map((a, k) => ({ label: `|exact − ${a.name} form|`, dash: k === 0 ? [1, 0] : [6, 4] }));
  const errors: Row[] = approximation.approximations.flatMap((a, k) =>
    a.curve.filter((p) => p.z >= -4 && p.z <= 4).map((p) => ({ z: p.z, value: Math.abs(p.error) + 1e-10, activation: (forms[k] as { label: string }).label })),
  );
  const legend = { orient: 'bottom', labelLimit: 400, columns: 1, symbolStrokeWidth: 2 };
  const domain = forms.map((f) => f.label);
  const style: LineStyle = {
    colour: { field: 'activation', type: 'nominal', title: null, scale: { domain, range: forms.map(() => '#444444') }, legend },
    strokeDash: { field: 'activation', type: 'nominal', title: null, scale: { domain, range: forms.map((f) => f.dash) }, legend },
  };
  return linePanel('GELU approximation error', errors, '|exact − approx| (log)', { logY: true, rules: [{ y: 1e-3 }], style });
}

/** Swish and GELU near their minima, each true minimum marked in the activation's colour. */
function minimaPanel(smooth: readonly Series[]): Panel {
  const minima = (['swish', 'gelu'] as const).map((id) => {
    const sheet = properties(id, {}, { timing: false }) as ElementwisePropertySheet;
    const m = sheet.extrema[0];
    return { z: m?.at ?? NaN, value: m?.value ?? NaN, activation: displayName(id), label: `min ${(m?.value ?? NaN).toFixed(4)} at ${(m?.at ?? NaN).toFixed(4)}` };
  });
  const zoom = curves(smooth, -3, 1, 0);
  const x = axisEncoding('z', 'z (pre-activation)', linearAxis(column(zoom, 'z')));
  const y = axisEncoding('value', 'f(z)', linearAxis([], { domain: [-0.4, 0.6] }));
  return {
    title: 'Non-monotonicity (true minima marked)',
    width: WIDTH,
    height: HEIGHT,
    layer: [
      linePanel('', zoom, 'f(z)', { yDomain: [-0.4, 0.6], style: activationStyle(smooth, { legend: false }) }),
      { data: { values: minima }, mark: { type: 'point', shape: 'triangle-down', size: 120, filled: true }, encoding: { x, y, color: activationColourEncoding(smooth, { legend: null }) } },
      { data: { values: minima }, mark: { type: 'text', dy: 14, fontSize: 10 }, encoding: { x, y, text: { field: 'label' } } },
    ],
  };
}

/** Figure 3 (modern.py): values, derivatives (exact GELU′), GELU approximation error, and the true minima. */
export function modernActivationsFigure(approximation: GeluApproximationResult): TopLevelSpec {
  // ReLU dashed, as in the chapter.
  const trio: Series[] = [
    { label: 'ReLU', id: 'relu', dash: [6, 4] },
    { label: 'Swish', id: 'swish' },
    { label: 'GELU', id: 'gelu' },
  ];
  const values = curves(trio, -4, 4, 0);
  const derivatives = curves(trio, -4, 4, 1);
  return {
    $schema: SCHEMA,
    title: 'Modern activations',
    vconcat: [
      {
        hconcat: [
          linePanel('Activation functions', values, 'f(z)', { yDomain: [-0.5, 4], style: activationStyle(trio) }),
          linePanel('Derivatives (exact)', derivatives, 'f′(z)', { yDomain: [-0.2, 1.5], rules: [{ y: 1 }], style: activationStyle(trio) }),
        ],
      },
      {
        hconcat: [
          approximationErrorPanel(approximation),
          minimaPanel(trio.slice(1)),
        ],
        // The approximation errors and the minima mean different things: separate scales, separate legends.
        resolve: { scale: { color: 'independent', strokeDash: 'independent' } },
      },
    ],
    resolve: { scale: { color: 'independent', strokeDash: 'independent' } },
  } as unknown as TopLevelSpec;
}

/** New: the XOR convergence epoch over seeds, per activation. */
export function xorConvergenceFigure(result: XorRaceResult): TopLevelSpec {
  const values: Row[] = result.stats.flatMap((s) =>
    s.epochs.map((epoch) => ({ activation: displayName(s.activation), epoch: epoch < result.epochs ? epoch : result.epochs, converged: epoch < result.epochs ? 'converged' : 'did not converge' })),
  );
  return {
    $schema: SCHEMA,
    title: `XOR convergence epoch over ${result.stats[0]?.epochs.length ?? 0} seeds`,
    width: 420,
    height: 28 * Math.max(1, result.stats.length),
    data: { values },
    mark: { type: 'tick', thickness: 2 },
    encoding: {
      y: { field: 'activation', type: 'nominal', title: null, sort: null },
      x: axisEncoding('epoch', `epoch with loss < 0.01 (${result.epochs} = never)`, linearAxis([], { domain: [0, Math.max(1, result.epochs)] })),
      color: { field: 'converged', type: 'nominal', title: null },
    },
  } as unknown as TopLevelSpec;
}

/** New: histograms of the transformer FFN's outputs per activation (equal parameter counts). */
export function ffnHistogramFigure(result: TransformerFfnResult): TopLevelSpec {
  // The controls' names ("GELU (tanh approximation)" for gelu_tanh, which the chapter prints as GELU), so the colour and the name agree.
  const label = (o: TransformerFfnResult['outputs'][number]): string => `${displayName(o.id)}${o.gated ? ` (h = ${o.hidden})` : ''}`;
  const values: Row[] = result.outputs.flatMap((o) => {
    const width = (o.histogram.max - o.histogram.min) / o.histogram.counts.length;
    const total = o.histogram.counts.reduce((a, b) => a + b, 0);
    return o.histogram.counts.map((count, i) => ({
      output: o.histogram.min + (i + 0.5) * width,
      density: count / total / width,
      activation: label(o),
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
      x: axisEncoding('output', 'output value', linearAxis(column(values, 'output'))),
      y: axisEncoding('density', 'density', linearAxis(column(values, 'density'), { include: [0] })),
      color: activationColourEncoding(result.outputs.map((o) => ({ label: label(o), id: o.id })), { legend: { labelLimit: 400 } }),
    },
  } as unknown as TopLevelSpec;
}
