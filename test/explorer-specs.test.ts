/** The explorer's own chart specs (data checked against the definitions), and the chapter figure lookup it shares with the report. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DeadNeuronsResult } from '../src/experiments/dead-neurons.js';
import type { GeluApproximationResult } from '../src/experiments/gelu-approximation.js';
import type { GradientFlowResult } from '../src/experiments/gradient-flow.js';
import { runExperiment } from '../src/experiments/index.js';
import type { SeluNormalisationResult } from '../src/experiments/selu-normalisation.js';
import type { TransformerFfnResult } from '../src/experiments/transformer-ffn.js';
import type { XorRaceResult } from '../src/experiments/xor-race.js';
import { CHAPTER_FIGURE_IDS, deadRatesOf, drawChapterFigure, getChapterFigure } from '../src/figures/chapter.js';
import {
  classicalActivationsFigure,
  ffnHistogramFigure,
  gradientFlowFigure,
  modernActivationsFigure,
  reluVariantsFigure,
  xorConvergenceFigure,
} from '../src/figures/specs.js';
import { assembleReport, type ReportSection } from '../src/report/build.js';
import { FIGURE_PLAN } from '../web/src/figure-plan.js';
import { gallerySpec, curveLabel } from '../web/src/specs.js';
import { defaultState, parseState, STATE_KEYS } from '../web/src/state.js';
import { allowedFor, describeAllowed, readNumber } from '../web/src/number-range.js';

type Row = { z: number; value: number | null; activation: string };
const panels = (spec: unknown) => (spec as { concat: { data: { values: Row[] } }[] }).concat.map((p) => p.data.values);

describe('gallery spec', () => {
  it('samples f, f′ and f″ and breaks the line at a jump instead of drawing a vertical segment', () => {
    const [f, df, d2f] = panels(gallerySpec([{ id: 'relu', params: {} }], 2, 900, 5)) as [Row[], Row[], Row[]];
    expect(f.map((r) => [r.z, r.value])).toEqual([[-2, 0], [-1, 0], [0, 0], [1, 1], [2, 2]]);
    // ReLU′ jumps 0 → 1 at 0: left limit, a gap (null), right limit; the grid point at 0 is left out.
    expect(df.map((r) => [r.z, r.value])).toEqual([[-2, 0], [-1, 0], [0, 0], [0, null], [0, 1], [1, 1], [2, 1]]);
    expect(d2f.every((r) => r.value === 0)).toBe(true);
  });

  it('labels non-default parameters and keeps the chosen order for colours', () => {
    const spec = gallerySpec([{ id: 'elu', params: { alpha: 0.5 } }, { id: 'gelu', params: {} }], 3, 900) as unknown as { concat: { encoding: { color: { scale: { domain: string[] } } } }[] };
    expect(spec.concat[0]?.encoding.color.scale.domain).toEqual(['ELU (alpha=0.5)', 'GELU']);
    expect(curveLabel({ id: 'elu', params: { alpha: 1 } })).toBe('ELU');
  });
});

describe('the chapter figure lookup (one for the report and the explorer)', () => {
  /** Every experiment a figure needs, at sizes that run in milliseconds. */
  const SMALL: Readonly<Record<string, Readonly<Record<string, string>>>> = {
    'selu-normalisation': { units: '20', layers: '5' },
    'dead-neurons': { parts: 'panel', panelSamples: '20', panelNeurons: '10' },
    'gelu-approximation': { points: '21' },
    'gradient-flow': { depths: '2,4', units: '8', simulations: '2' },
    'xor-race': { seeds: '0-2', epochs: '50', activations: 'relu,tanh' },
    'transformer-ffn': { tokens: '8', dModel: '8', dFF: '16' },
  };
  const run = (experiment: string, set: Readonly<Record<string, string>> = SMALL[experiment] ?? {}): ReportSection => {
    const r = runExperiment(experiment, { rng: 'default', seed: 1, set });
    return { experiment, title: experiment, config: r.config, result: r.result, printout: r.report, seconds: 0 };
  };

  it('the report draws each figure with the builder, name and title it had before the lookup moved to src/figures', () => {
    const sections = Object.keys(SMALL).map((id) => run(id));
    // The report's convergence figure comes from its 100-seed race, not from the chapter's seed 42.
    const chapterRace = { ...run('xor-race', { seeds: '42', epochs: '20', activations: 'sigmoid' }), title: 'XOR race: the chapter’s seed 42' };
    const hundred = { ...(sections.find((s) => s.experiment === 'xor-race') as ReportSection), title: 'XOR race over 100 seeds' };
    const ordered = [chapterRace, ...sections.filter((s) => s.experiment !== 'xor-race'), hundred];
    const result = (id: string) => ordered.find((s) => s.experiment === id && (id !== 'xor-race' || s === hundred))?.result;
    const dead = result('dead-neurons') as DeadNeuronsResult;
    const report = assembleReport(ordered, 'default', 1);
    expect(report.figures.map((f) => [f.name, f.title])).toEqual([
      ['classical_activations', 'Classical activations (classical.py)'],
      ['relu_variants', 'ReLU variants (relu_variants.py)'],
      ['modern_activations', 'Modern activations (modern.py)'],
      ['gradient_flow', 'Gradient norm by depth: simulated vs mean-field prediction'],
      ['xor_convergence', 'XOR convergence over 100 seeds'],
      ['ffn_outputs', 'Transformer FFN output distributions'],
    ]);
    expect(report.figures.map((f) => f.spec)).toEqual([
      classicalActivationsFigure(),
      reluVariantsFigure(result('selu-normalisation') as SeluNormalisationResult, deadRatesOf(dead).rates, deadRatesOf(dead).note),
      modernActivationsFigure(result('gelu-approximation') as GeluApproximationResult),
      gradientFlowFigure(result('gradient-flow') as GradientFlowResult),
      xorConvergenceFigure(result('xor-race') as XorRaceResult),
      ffnHistogramFigure(result('transformer-ffn') as TransformerFfnResult),
    ]);
  });

  it('leaves out a figure whose results are missing (the classical one needs none); dead-neuron bars are optional', () => {
    const selu = run('selu-normalisation');
    const report = assembleReport([selu], 'default', 1);
    expect(report.figures.map((f) => f.name)).toEqual(['classical_activations', 'relu_variants']);
    expect(report.figures[1]?.spec).toEqual(reluVariantsFigure(selu.result as SeluNormalisationResult, []));
    const figure = getChapterFigure('gradient_flow');
    expect(figure && drawChapterFigure(figure, () => undefined)).toBeUndefined();
  });

  it('the explorer offers exactly the library’s figures, each with a plan', () => {
    expect(CHAPTER_FIGURE_IDS).toEqual(['classical', 'relu_variants', 'modern', 'gradient_flow', 'xor_convergence', 'ffn_outputs']);
    expect(Object.keys(FIGURE_PLAN)).toEqual(CHAPTER_FIGURE_IDS);
    for (const id of CHAPTER_FIGURE_IDS) {
      const needs = getChapterFigure(id)?.needs ?? [];
      expect(FIGURE_PLAN[id].experiments.map((e) => e.experiment)).toEqual(expect.arrayContaining([...needs]));
    }
  });
});

describe('number boxes accept exactly what the address accepts', () => {
  /** Texts a person might type: negatives, 0, huge, NaN, decimals, exponents, blanks, words. */
  const typed = fc.oneof(
    fc.constantFrom('', ' ', '0', '-0', '-5', '1', '0.5', '1.5', '200', '201', '1e3', '1e308', '1e309', 'NaN', 'Infinity', '-Infinity', 'abc', '5,5', '0x10', '.5', '3.'),
    fc.double().map(String),
    fc.integer({ min: -10_000, max: 10_000 }).map(String),
    fc.string({ maxLength: 6 }),
  );
  const numeric = STATE_KEYS.filter((k) => k.type.kind === 'number' || k.type.kind === 'integers');

  it('for every numeric key, a box takes a text exactly when a reload keeps it, and its message names the range', () => {
    expect(numeric.map((k) => k.key)).toEqual(expect.arrayContaining(['p.batch', 'p.lr', 'p.noise', 'p.hidden', 'f.depth', 'f.units', 'd.lr', 'd.hidden', 's.units', 'seed']));
    fc.assert(
      fc.property(fc.constantFrom(...numeric), typed, (entry, text) => {
        // A list key's box holds one entry (a layer's width): a comma makes it a list in the address.
        fc.pre(entry.type.kind !== 'integers' || !text.includes(','));
        const state = defaultState();
        const read = readNumber(text, allowedFor(entry.key, state));
        const { notices } = parseState(new URLSearchParams({ [entry.key]: text }).toString());
        const refused = notices.some((n) => n.startsWith(`“${entry.key}=`));
        expect('value' in read, `${entry.key}=${JSON.stringify(text)}: box ${JSON.stringify(read)}, address ${JSON.stringify(notices)}`).toBe(!refused);
        if ('message' in read) expect(read.message).toMatch(/^Enter (an integer|a number)( from| ≥| ≤|\.)/);
      }),
      { numRuns: 3000 },
    );
  });

  it('says the range in words', () => {
    expect(describeAllowed(allowedFor('p.batch'))).toBe('an integer from 1 to 200');
    expect(describeAllowed(allowedFor('d.lr'))).toBe('a number from 0.0001 to 10');
    expect(readNumber('0', allowedFor('p.batch'))).toEqual({ message: 'Enter an integer from 1 to 200.' });
    expect(readNumber('2.5', allowedFor('f.depth'))).toEqual({ message: 'Enter an integer from 1 to 200.' });
    expect(readNumber('0.3', allowedFor('p.noise'))).toEqual({ value: 0.3 });
    expect(() => allowedFor('p.data')).toThrow(/not a numeric key/);
  });
});
