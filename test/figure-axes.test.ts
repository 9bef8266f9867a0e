/**
 * Charts never collapse: every spec builder, fed any series (constant, all zero, a single point,
 * 1e−300, 1e300, zeros and negatives on a log axis, NaN and ±∞), compiles with Vega-Lite, renders
 * with Vega headless, and each quantitative axis shows at least two tick labels that differ and
 * read as numbers ("0.000000" and "NaN" do not). The Playground's canvas charts use the same axes
 * (src/figures/axes.ts) with a tick count fitted to their size, and label them as d3-format would.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS } from '../src/activations/index.js';
import type { DeadNeuronsResult } from '../src/experiments/dead-neurons.js';
import type { GradientFlowResult } from '../src/experiments/gradient-flow.js';
import type { SeluNormalisationResult } from '../src/experiments/selu-normalisation.js';
import type { TransformerFfnResult } from '../src/experiments/transformer-ffn.js';
import type { XorRaceResult } from '../src/experiments/xor-race.js';
import { axisLabels, linearAxis, logAxis, type SafeAxis } from '../src/figures/axes.js';
import { renderSvg } from '../src/figures/render.js';
import { classicalActivationsFigure, ffnHistogramFigure, gradientFlowFigure, reluVariantsFigure, xorConvergenceFigure } from '../src/figures/specs.js';
import { deadNeuronsSpec, gallerySpec, seluSpec } from '../web/src/specs.js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { FashionMnistResult } from '../src/experiments/fashion-mnist.js';
import { fashionMnistFigure } from '../src/figures/fashion-mnist-figure.js';
import { accuracySpec } from '../web/src/real-data-spec.js';

/** The tick labels of every quantitative (linear or log) axis of a rendered SVG, with the axis's description. */
export function quantitativeAxes(svg: string): { axis: string; labels: string[] }[] {
  const parts = svg.split('<g class="mark-group role-axis" role="graphics-symbol"').slice(1);
  return parts
    .map((part) => {
      const axis = /aria-label="([^"]*)"/.exec(part)?.[1] ?? '';
      const group = /<g class="mark-text role-axis-label"[^>]*>(.*?)<\/g>/s.exec(part)?.[1] ?? '';
      const labels = [...group.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)].filter((m) => !/opacity="0"/.test(m[1] as string)).map((m) => m[2] as string);
      return { axis, labels };
    })
    .filter((a) => /linear scale|log scale/.test(a.axis));
}

/** A label a reader can use: a number, short, not a run of zeros, not NaN. */
function readable(label: string): boolean {
  return label.length > 0 && label.length <= 14 && !/NaN|Infinity|∞/.test(label) && !/0\.0{5,}/.test(label) && /^[−-]?[\d.]+(e[+−-]?\d+)?$/.test(label);
}

function expectReadableAxes(svg: string, what: string): void {
  const axes = quantitativeAxes(svg);
  expect(axes.length, `${what}: no quantitative axis found`).toBeGreaterThan(0);
  for (const { axis, labels } of axes) {
    expect(labels.length, `${what}: ${axis}: ${JSON.stringify(labels)}`).toBeGreaterThanOrEqual(2);
    expect(new Set(labels).size, `${what}: ${axis}: repeated labels ${JSON.stringify(labels)}`).toBe(labels.length);
    for (const label of labels) expect(readable(label), `${what}: ${axis}: unreadable label "${label}" in ${JSON.stringify(labels)}`).toBe(true);
  }
}

const SPECIAL = [0, -0, 1, 0.6931471805599453, 1e-300, -1e-300, 5e-324, 1e300, -1e300, Number.MAX_VALUE, -Number.MAX_VALUE, 1e-12, NaN, Infinity, -Infinity];

/** Vega's own number format (its default locale, as the rendered axes use). */
const format = (spec: string): ((value: number) => string) => (vega as unknown as { defaultLocale(): { format(spec: string): (value: number) => string } }).defaultLocale().format(spec);

/** Series that collapse a naive axis, and ordinary ones. */
const series = fc.oneof(
  fc.tuple(fc.constantFrom(...SPECIAL), fc.integer({ min: 1, max: 12 })).map(([v, n]) => Array<number>(n).fill(v)),
  fc.array(fc.constantFrom(...SPECIAL), { minLength: 1, maxLength: 8 }),
  fc.array(fc.double(), { minLength: 0, maxLength: 12 }),
  fc.array(fc.double({ min: -1e-300, max: 1e-300, noNaN: true }), { minLength: 1, maxLength: 8 }),
  fc.array(fc.double({ min: 0.5, max: 0.5000001, noNaN: true }), { minLength: 1, maxLength: 8 }),
  fc.array(fc.double({ min: 1e300, max: 1.00001e300, noNaN: true }), { minLength: 1, maxLength: 8 }),
);

/** A tick-count target as the canvas charts give it (about one per 110 px or 28 px), or none (the specs). */
const counts = fc.option(fc.oneof(fc.integer({ min: 2, max: 12 }), fc.double({ min: 0, max: 60, noNaN: true })), { nil: undefined });

/** ≥ 2 increasing ticks inside a finite domain of positive width, labelled (as d3-format would) distinctly and readably. */
function expectSafe(axis: SafeAxis, what: string): void {
  const [lo, hi] = axis.domain;
  expect(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi, `${what}: domain ${lo} … ${hi}`).toBe(true);
  expect(axis.values.length, what).toBeGreaterThanOrEqual(2);
  axis.values.forEach((v, k) => {
    expect(v >= lo && v <= hi, `${what}: tick ${v} outside ${lo} … ${hi}`).toBe(true);
    if (k > 0) expect(v, what).toBeGreaterThan(axis.values[k - 1] as number);
  });
  const labels = axisLabels(axis);
  expect(labels, `${what}: the canvas labels are d3-format's`).toEqual(axis.values.map((v) => format(axis.format)(v)));
  expect(new Set(labels).size, `${what}: ${JSON.stringify(labels)}`).toBe(labels.length);
  for (const label of labels) expect(readable(label), `${what}: "${label}" in ${JSON.stringify(labels)}`).toBe(true);
}

describe('safe axes (the one helper every spec and canvas chart uses)', () => {
  it('gives a finite domain of positive width, ≥ 2 ticks inside it and distinct readable labels, for any series and tick count', () => {
    fc.assert(
      fc.property(series, fc.boolean(), (values, log) => {
        expectSafe(log ? logAxis(values) : linearAxis(values), `${log ? 'log' : 'linear'} ${JSON.stringify(values)}`);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(series, fc.boolean(), counts, (values, log, count) => {
        expectSafe(log ? logAxis(values, { count }) : linearAxis(values, { count }), `${log ? 'log' : 'linear'} count ${count} ${JSON.stringify(values)}`);
      }),
      { numRuns: 1000 },
    );
  });

  it('the canvas uses: a fixed linear domain (a board, the epochs) and log losses (zeros, a constant) at any size', () => {
    const end = fc.oneof(fc.constantFrom(...SPECIAL), fc.double({ min: -1e9, max: 1e9, noNaN: true }));
    const loss = fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e4, noNaN: true }), fc.double({ min: 1e-12, max: 1e-3, noNaN: true }));
    fc.assert(fc.property(end, end, counts, (a, b, count) => {
      expectSafe(linearAxis([], { domain: [a, b], count }), `domain ${a} … ${b}, count ${count}`);
    }));
    fc.assert(fc.property(fc.array(loss, { maxLength: 6 }), counts, (losses, count) => {
      expectSafe(logAxis(losses, { count }), `losses ${JSON.stringify(losses)}, count ${count}`);
    }));
    for (const [a, b] of [[0, 0], [5, 5], [-6, 6], [0, 10], [0, 1], [0.3, 0.30000000000000004], [1e-300, 1e-300]] as const) {
      for (const count of [2, 3, 5, 12]) expectSafe(linearAxis([], { domain: [a, b], count }), `domain ${a} … ${b}, count ${count}`);
    }
    expect(axisLabels(linearAxis([], { domain: [-6, 6], count: 3 }))).toEqual(['−5', '0', '5']);
    expect(axisLabels(linearAxis([], { domain: [0, 10], count: 2 }))).toEqual(['0', '5', '10']);
    expect(axisLabels(linearAxis([], { domain: [0, 1000], count: 8 }))).toEqual(['0', '200', '400', '600', '800', '1000']);
    expect(axisLabels(logAxis([0.693, 0.693], { count: 5 }))).toEqual(['1e-1', '1e+0']);
    expect(axisLabels(logAxis([0, 0]))).toEqual(['1e-1', '1e+0', '1e+1']);
    expect(axisLabels(linearAxis([-9.090909090454545e-7]))).toEqual(['−1e-6', '−9.5e-7', '−9e-7', '−8.5e-7']);
    expect(logAxis([1e-9, 5], { count: 2 }).values).toEqual([1e-9, 1e-4, 1e1]);
  });

  it('writes labels exactly as d3-format does for the specs\' formats (.N~g, .N~e, .0e), any value', () => {
    const formats = fc.oneof(fc.tuple(fc.integer({ min: 1, max: 15 }), fc.constantFrom('~g', '~e')).map(([n, t]) => `.${t === '~e' ? n - 1 : n}${t}`), fc.constant('.0e'));
    const value = fc.oneof(fc.double(), fc.constantFrom(...SPECIAL), fc.integer({ min: -1e6, max: 1e6 }).map((k) => k / 1000));
    fc.assert(fc.property(formats, fc.array(value, { maxLength: 8 }), (spec, values) => {
      expect(axisLabels({ values, format: spec })).toEqual(values.map((v) => format(spec)(v)));
    }), { numRuns: 3000 });
    expect(() => axisLabels({ values: [1], format: ',.2f' })).toThrow(/not \.N~g or \.N~e/);
  });

  it('keeps the data inside the domain when it has a width (the axis is widened, never cropped)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e299, max: 1e299, noNaN: true }), { minLength: 1, maxLength: 10 }), (values) => {
        const [lo, hi] = linearAxis(values).domain;
        for (const v of values) expect(v >= lo && v <= hi).toBe(true);
      }),
    );
  });
});

const rows = (values: readonly number[]) => values.map((v, i) => ({ i, v }));

/** Each data-driven spec builder, fed one series. */
const BUILDERS: Record<string, (values: readonly number[]) => unknown> = {
  'dead neurons (explorer)': (values) =>
    deadNeuronsSpec(
      { training: { runs: ['relu', 'leaky_relu'].map((activation) => ({ activation, strategy: 'negative_bias', finalDead: [0], curve: rows(values).map(({ i, v }) => ({ epoch: i, dead: [Math.min(1, Math.abs(v) || 0)], loss: v })) })) } } as unknown as DeadNeuronsResult,
      900,
    ),
  'self-normalisation (explorer)': (values) =>
    seluSpec({ series: [{ activation: 'selu', init: 'lecun', means: values, variances: values }, { activation: 'relu', init: 'he', means: values.map((v) => -v), variances: values.map(Math.abs) }] } as unknown as SeluNormalisationResult, 900),
  'gradient flow': (values) =>
    gradientFlowFigure({ activations: ['relu', 'tanh'], rows: rows(values).map(({ i, v }) => ({ depth: i + 1, simulated: [v, v / 2], predicted: [v, 0] })) } as unknown as GradientFlowResult),
  'relu variants (variance, dead rates)': (values) =>
    reluVariantsFigure(
      { series: [{ activation: 'selu', init: 'lecun', means: values, variances: values }] } as unknown as SeluNormalisationResult,
      values.slice(0, 3).map((v, k) => ({ activation: ['ReLU', 'Leaky ReLU', 'ELU'][k] as string, id: ['relu', 'leaky_relu', 'elu'][k] as string, percent: Number.isFinite(v) ? Math.min(100, Math.abs(v)) : 0 })),
    ),
  'transformer FFN outputs': (values) =>
    ffnHistogramFigure({
      tokens: 8, dModel: 8, dFF: 16, precision: 'float64',
      outputs: [{ id: 'gelu', label: 'GELU', gated: false, hidden: 16, histogram: { min: values[0] ?? 0, max: values[values.length - 1] ?? 0, counts: values.map((v) => (Number.isFinite(v) ? Math.abs(v) : 0)) } }],
    } as unknown as TransformerFfnResult),
  'fashion-mnist accuracy': (values) => fashionMnistFigure(fashionResult(values)),
  'real data accuracy (explorer)': (values) =>
    accuracySpec(['relu', 'gelu'], ['relu', 'gelu'].flatMap((id, k) => values.map((v, i) => ({ id, epoch: i + 1, accuracy: k ? v : v / 2 }))), values.length, 900),
  'XOR convergence': (values) =>
    xorConvergenceFigure({ epochs: 100, stats: [{ activation: 'relu', epochs: values.map((v) => (Number.isFinite(v) ? Math.min(100, Math.abs(Math.round(v))) : 100)) }] } as unknown as XorRaceResult),
};

/** A fashion-mnist result whose two activations' curves are the series (and half of it). */
function fashionResult(values: readonly number[]): FashionMnistResult {
  const curve = (scale: number) => values.map((v, i) => ({ epoch: i + 1, mean: v * scale, min: v * scale - Math.abs(v) / 10, max: v * scale + Math.abs(v) / 10 }));
  return {
    summaries: [{ activation: 'relu', curve: curve(1) }, { activation: 'gelu', curve: curve(0.5) }],
    runs: [{ seed: 0 }, { seed: 1 }],
  } as unknown as FashionMnistResult;
}

/** Builders whose charts draw several series (activations): each must say which is which. */
const MULTI_SERIES = ['dead neurons (explorer)', 'self-normalisation (explorer)', 'gradient flow', 'fashion-mnist accuracy', 'real data accuracy (explorer)'];

describe('every chart of several series names them', () => {
  it.each(MULTI_SERIES)('%s: compiles without a Vega-Lite warning and draws a legend', async (name) => {
    const spec = (BUILDERS[name] as (values: readonly number[]) => unknown)([0.8, 0.85, 0.9]) as TopLevelSpec;
    const warnings: string[] = [];
    const logger = { level: () => logger, error: (...m: unknown[]) => warnings.push(m.join(' ')), warn: (...m: unknown[]) => warnings.push(m.join(' ')), info: () => logger, debug: () => logger };
    compile(spec, { logger: logger as never });
    expect(warnings).toEqual([]);
    expect(await renderSvg(spec)).toContain('role-legend');
  });
});

describe('every chart has ≥ 2 readable ticks per axis, rendered by Vega', () => {
  for (const [name, build] of Object.entries(BUILDERS)) {
    it(`${name}, for any series`, async () => {
      await fc.assert(
        fc.asyncProperty(series, async (values) => {
          expectReadableAxes(await renderSvg(build(values) as never), `${name} ${JSON.stringify(values)}`);
        }),
        { numRuns: 12 },
      );
    }, 120_000);
  }

  it('the gallery: f, f′ and f″ of every elementwise activation (ReLU’s f″ ≡ 0 reads −1 … 1, not "0.000000")', async () => {
    for (const { id } of ACTIVATIONS.filter((a) => a.kind === 'elementwise')) {
      for (const x of [0.5, 50]) expectReadableAxes(await renderSvg(gallerySpec([{ id, params: {} }], x, 900, 101)), `gallery ${id} ±${x}`);
    }
    const relu = quantitativeAxes(await renderSvg(gallerySpec([{ id: 'relu', params: {} }], 5, 900, 101)));
    expect(relu.find((a) => a.axis.includes('f″'))?.labels).toEqual(['−1', '−0.5', '0', '0.5', '1']);
  }, 180_000);

  it('the chapter’s classical figure', async () => {
    expectReadableAxes(await renderSvg(classicalActivationsFigure()), 'classical');
  });

  it('the dead-rate panel of all zeros says why in words, and one with no run says so', () => {
    const selu = { series: [{ activation: 'selu', init: 'lecun', means: [0, 0], variances: [1, 1] }] } as unknown as SeluNormalisationResult;
    const subtitle = (rates: Parameters<typeof reluVariantsFigure>[1], note?: string): string | undefined => {
      const spec = reluVariantsFigure(selu, rates, note) as unknown as { vconcat: { hconcat: { title: string | { subtitle: string[] } }[] }[] };
      const title = spec.vconcat[1]?.hconcat[1]?.title;
      return typeof title === 'object' ? title.subtitle.join(' ') : undefined;
    };
    expect(subtitle([{ activation: 'ReLU', id: 'relu', percent: 0 }, { activation: 'ELU', id: 'elu', percent: 0 }])).toBe('Every rate is 0 %: no unit was inactive on all of its inputs.');
    expect(subtitle([])).toBe('No bars: the dead-neurons experiment was not run.');
    expect(subtitle([{ activation: 'ReLU', id: 'relu', percent: 3 }])).toBeUndefined();
    expect(subtitle([{ activation: 'ReLU', id: 'relu', percent: 0 }], 'why, from the run')).toBe('why, from the run');
  });
});
