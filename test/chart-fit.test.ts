/**
 * Charts fitted to their box (web/src/chart-fit.ts): every chart the explorer draws — its own
 * views and each chapter figure — rendered at any width from a phone's to a wide screen's comes
 * out as wide as the box (at least 90 % of it, and at most a few pixels over, which scroll inside the
 * box), with no text under 10 px, panels stacked when the box is narrow.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DeadNeuronsResult } from '../src/experiments/dead-neurons.js';
import type { GradientFlowResult } from '../src/experiments/gradient-flow.js';
import { runExperiment } from '../src/experiments/index.js';
import type { SeluNormalisationResult } from '../src/experiments/selu-normalisation.js';
import { CHAPTER_FIGURES, drawChapterFigure } from '../src/figures/chapter.js';
import { gradientFlowFigure } from '../src/figures/specs.js';
import { fitPlan, renderFitted, svgWidth, wrapTitle } from '../web/src/chart-fit.js';
import { FIGURE_PLAN, figureSettings } from '../web/src/figure-plan.js';
import { deadNeuronsSpec, gallerySpec, seluSpec } from '../web/src/specs.js';

/** Every figure's runs at sizes that take milliseconds. */
const SMALL: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'selu-normalisation': { units: '20', layers: '5' },
  'dead-neurons': { panelSamples: '20', panelNeurons: '10' },
  'gelu-approximation': { points: '21' },
  'gradient-flow': { depths: '2,4', units: '8', simulations: '2' },
  'xor-race': { seeds: '0-2', epochs: '50', activations: 'relu,tanh' },
  'transformer-ffn': { tokens: '8', dModel: '8', dFF: '16' },
};

function run(experiment: string, set: Record<string, string>): unknown {
  return runExperiment(experiment, { seed: 1, set }).result;
}

/** Every spec the explorer draws, by name. */
function allSpecs(): Record<string, unknown> {
  const specs: Record<string, unknown> = {};
  for (const figure of CHAPTER_FIGURES) {
    const results: Record<string, unknown> = {};
    for (const step of FIGURE_PLAN[figure.id].experiments) results[step.experiment] = run(step.experiment, { ...figureSettings(step, {}), ...SMALL[step.experiment] });
    specs[`figure ${figure.id}`] = drawChapterFigure(figure, (id) => results[id]);
  }
  specs.gallery = gallerySpec(['relu', 'elu', 'gelu', 'swish', 'mish', 'leaky_relu'].map((id) => ({ id, params: {} })), 5, 900, 41);
  specs.flow = gradientFlowFigure(run('gradient-flow', { depths: '1,3,5', units: '8', simulations: '2', activations: 'relu,tanh,sigmoid' }) as GradientFlowResult);
  specs.dead = deadNeuronsSpec(run('dead-neurons', { parts: 'training', epochs: '3', samples: '20', hidden: '4,4', activations: 'relu,elu' }) as DeadNeuronsResult, 900);
  specs.selu = seluSpec(run('selu-normalisation', { units: '10', layers: '4' }) as SeluNormalisationResult, 900);
  return specs;
}

function fontSizes(svg: string): number[] {
  return [...svg.matchAll(/font-size="([\d.]+)px"/g)].map((m) => Number(m[1]));
}

describe('charts fitted to their box', () => {
  const specs = allSpecs();

  it('at a phone’s, a tablet’s and a desktop’s width: as wide as the box, text ≥ 10 px, one column on a phone', async () => {
    for (const width of [366, 744, 1076]) {
      for (const [name, spec] of Object.entries(specs)) {
        const svg = await renderFitted(spec, width);
        const drawn = svgWidth(svg);
        expect({ name, width, drawn }).toEqual({ name, width, drawn: expect.toSatisfy((w: number) => w >= width * 0.9 && w <= width + 8) });
        expect(Math.min(...fontSizes(svg))).toBeGreaterThanOrEqual(10);
        const plan = fitPlan(spec, width);
        if (width < 400) expect(plan.columns).toBeLessThanOrEqual(1);
      }
    }
  }, 120_000);

  it('any width from 340 to 1800 px', async () => {
    const names = Object.keys(specs);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 340, max: 1800 }), fc.constantFrom(...names), async (width, name) => {
        const svg = await renderFitted(specs[name], width);
        const drawn = svgWidth(svg);
        expect(drawn).toBeGreaterThanOrEqual(width * 0.9);
        expect(drawn).toBeLessThanOrEqual(width + 8);
        expect(Math.min(...fontSizes(svg))).toBeGreaterThanOrEqual(10);
      }),
      { numRuns: 25 },
    );
  }, 120_000);

  it('wraps a long title into lines that fit, word by word', () => {
    expect(wrapTitle('Short', 300)).toBe('Short');
    const lines = wrapTitle('Transformer FFN outputs (256×128 → 512 → 128, float32)', 200);
    expect(Array.isArray(lines)).toBe(true);
    for (const line of lines as string[]) expect(line.length).toBeLessThanOrEqual(28);
    expect((lines as string[]).join(' ')).toBe('Transformer FFN outputs (256×128 → 512 → 128, float32)');
  });
});
