/**
 * Charts never collapse: every spec builder, fed any series (constant, all zero, a single point,
 * 1e−300, 1e300, zeros and negatives on a log axis, NaN and ±∞), compiles with Vega-Lite, renders
 * with Vega headless, and each quantitative axis shows at least two tick labels that differ and
 * read as numbers ("0.000000" and "NaN" do not).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS } from '../src/activations/index.js';
import type { DeadNeuronsResult } from '../src/experiments/dead-neurons.js';
import type { GradientFlowResult } from '../src/experiments/gradient-flow.js';
import type { SeluNormalisationResult } from '../src/experiments/selu-normalisation.js';
import type { TransformerFfnResult } from '../src/experiments/transformer-ffn.js';
import type { XorRaceResult } from '../src/experiments/xor-race.js';
import { linearAxis, logAxis } from '../src/figures/axes.js';
import { renderSvg } from '../src/figures/render.js';
import { classicalActivationsFigure, ffnHistogramFigure, gradientFlowFigure, reluVariantsFigure, xorConvergenceFigure } from '../src/figures/specs.js';
import { deadNeuronsSpec, gallerySpec, seluSpec } from '../web/src/specs.js';
import * as vega from 'vega';

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

describe('safe axes (the helper every spec uses)', () => {
  it('gives a finite domain of positive width, ≥ 2 ticks inside it and distinct readable labels, for any series', () => {
    fc.assert(
      fc.property(series, fc.boolean(), (values, log) => {
        const axis = log ? logAxis(values) : linearAxis(values);
        const [lo, hi] = axis.domain;
        expect(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi).toBe(true);
        expect(axis.values.length).toBeGreaterThanOrEqual(2);
        for (const v of axis.values) expect(v >= lo && v <= hi).toBe(true);
        const labels = axis.values.map((v) => format(axis.format)(v).replace('-', '−'));
        expect(new Set(labels).size).toBe(labels.length);
        for (const label of labels) expect(readable(label), `${label} in ${JSON.stringify(labels)} for ${JSON.stringify(values)}`).toBe(true);
      }),
      { numRuns: 2000 },
    );
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
  'XOR convergence': (values) =>
    xorConvergenceFigure({ epochs: 100, stats: [{ activation: 'relu', epochs: values.map((v) => (Number.isFinite(v) ? Math.min(100, Math.abs(Math.round(v))) : 100)) }] } as unknown as XorRaceResult),
};

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
