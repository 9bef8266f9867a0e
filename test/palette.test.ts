/**
 * Colours follow the activation: every spec builder (the report's and chapter's figures, the
 * explorer's panels) draws an activation in the palette's colour for its id, whatever else the
 * chart shows; legends use the display names the controls use; panels whose legends mean
 * different things keep separate legends.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS } from '../src/activations/index.js';
import type { DeadNeuronsResult } from '../src/experiments/dead-neurons.js';
import type { GradientFlowResult } from '../src/experiments/gradient-flow.js';
import { runExperiment } from '../src/experiments/index.js';
import type { SeluNormalisationResult } from '../src/experiments/selu-normalisation.js';
import { CHAPTER_FIGURE_IDS, drawChapterFigure, getChapterFigure } from '../src/figures/chapter.js';
import { activationColour, displayName, NEUTRAL } from '../src/figures/palette.js';
import { gradientFlowFigure } from '../src/figures/specs.js';
import { deadNeuronsSpec, gallerySpec, seluSpec } from '../web/src/specs.js';

type Json = Record<string, unknown>;
const ELEMENTWISE = ACTIVATIONS.filter((a) => a.kind === 'elementwise').map((a) => a.id);
/** Display names, longest first (so "Leaky ReLU" is matched before "ReLU"). */
const NAMES = ACTIVATIONS.map((a) => ({ id: a.id, name: a.name })).sort((a, b) => b.name.length - a.name.length);

/** The activation a legend label names ("Leaky ReLU (α=0.1)" → leaky_relu), or undefined ("|exact − tanh form|"). */
function activationOfLabel(label: string): string | undefined {
  return NAMES.find(({ name }) => label === name || label.startsWith(`${name} `))?.id;
}

/** Every colour and dash encoding with an explicit scale in a spec: label → colour, per channel. */
function encodings(node: unknown, channel: 'color' | 'strokeDash', out: { field: string; domain: string[]; range: unknown[] }[] = []): typeof out {
  if (Array.isArray(node)) for (const item of node) encodings(item, channel, out);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node as Json)) {
      const scale = (value as { scale?: { domain?: unknown; range?: unknown } } | undefined)?.scale;
      if (key === channel && scale && Array.isArray(scale.domain)) out.push({ field: (value as { field: string }).field, domain: scale.domain as string[], range: (scale.range ?? []) as unknown[] });
      else encodings(value, channel, out);
    }
  }
  return out;
}

/** Colour fields without an explicit range (Vega would cycle its scheme by position). */
function unpinnedColours(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) unpinnedColours(item, out);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node as Json)) {
      const v = value as { field?: string; scale?: { range?: unknown } } | undefined;
      if (key === 'color' && v?.field !== undefined && v.field !== 'converged' && !Array.isArray(v.scale?.range)) out.push(v.field);
      else unpinnedColours(value, out);
    }
  }
  return out;
}

/** Checks every label that names an activation has that activation's colour; returns the labels seen. */
function expectActivationColours(spec: unknown, what: string): string[] {
  const labels: string[] = [];
  expect(unpinnedColours(spec), `${what}: colour by position`).toEqual([]);
  for (const { domain, range } of encodings(spec, 'color')) {
    expect(range.length, what).toBe(domain.length);
    domain.forEach((label, k) => {
      labels.push(label);
      const id = activationOfLabel(label);
      if (id !== undefined) expect(range[k], `${what}: ${label}`).toBe(activationColour(id));
    });
  }
  return labels;
}

/**
 * Sibling panels whose colour (or dash) legends list different series must not share a scale:
 * Vega-Lite would merge them into one legend.
 */
function expectSeparateLegends(node: unknown, what: string): void {
  if (Array.isArray(node)) return node.forEach((n) => expectSeparateLegends(n, what));
  if (!node || typeof node !== 'object') return;
  const spec = node as Json;
  for (const key of ['hconcat', 'vconcat', 'concat'] as const) {
    const children = spec[key] as unknown[] | undefined;
    if (!children) continue;
    for (const channel of ['color', 'strokeDash'] as const) {
      const domains = new Set(children.map((c) => JSON.stringify(encodings(c, channel).map((e) => e.domain).sort())).filter((d) => d !== '[]'));
      const resolve = (spec.resolve as { scale?: Record<string, string> } | undefined)?.scale?.[channel];
      if (domains.size > 1) expect(resolve, `${what}: ${key} panels with different ${channel} legends ${[...domains].join(' | ')}`).toBe('independent');
    }
  }
  for (const value of Object.values(spec)) expectSeparateLegends(value, what);
}

describe('the palette', () => {
  it('gives every activation of the registry its own colour, and grey to names it lacks', () => {
    const colours = ACTIVATIONS.map((a) => activationColour(a.id));
    expect(new Set(colours).size).toBe(ACTIVATIONS.length);
    expect(colours).not.toContain(NEUTRAL);
    expect(activationColour('silu')).toBe(activationColour('swish'));
    expect(activationColour('no such thing')).toBe(NEUTRAL);
    expect(displayName('leaky_relu')).toBe('Leaky ReLU');
    expect(displayName('|exact − tanh form|')).toBe('|exact − tanh form|');
  });
});

describe('colours follow the activation in every spec', () => {
  const subset = fc.uniqueArray(fc.constantFrom(...ELEMENTWISE), { minLength: 1, maxLength: 6 });

  it('gallery, gradient flow, dead neurons and self-normalisation: one colour per id whatever else is shown, labels are display names', () => {
    fc.assert(
      fc.property(subset, (ids) => {
        const specs: [string, unknown][] = [
          ['gallery', gallerySpec(ids.map((id) => ({ id, params: {} })), 3, 900, 9)],
          ['gradient flow', gradientFlowFigure({ activations: ids, rows: [{ depth: 1, simulated: ids.map(() => 1), predicted: ids.map(() => 1) }] } as unknown as GradientFlowResult)],
          ['dead neurons', deadNeuronsSpec({ training: { runs: ids.map((activation) => ({ activation, strategy: 's', finalDead: [0], curve: [{ epoch: 0, dead: [0], loss: 1 }] })) } } as unknown as DeadNeuronsResult, 900)],
          ['self-normalisation', seluSpec({ series: ids.map((activation) => ({ activation, init: 'lecun', means: [0], variances: [1] })) } as unknown as SeluNormalisationResult, 900)],
        ];
        for (const [what, spec] of specs) {
          const labels = expectActivationColours(spec, what);
          for (const id of ids) expect(labels.some((l) => activationOfLabel(l) === id), `${what}: ${id} drawn under its display name (${labels.join(', ')})`).toBe(true);
          for (const label of labels) expect(label, `${what}: an id in a legend`).not.toMatch(/\b[a-z]+_[a-z_]+\b/);
          expectSeparateLegends(spec, what);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('tanh is the same colour beside three activations and beside four (the reported case)', () => {
    const colourOf = (ids: string[]) => {
      const [{ domain, range }] = encodings(gallerySpec(ids.map((id) => ({ id, params: {} })), 3, 900, 9), 'color') as unknown as [{ domain: string[]; range: unknown[] }];
      return range[domain.indexOf('Tanh')];
    };
    expect(colourOf(['relu', 'sigmoid', 'tanh'])).toBe(colourOf(['relu', 'sigmoid', 'elu', 'tanh']));
  });

  it('the chapter’s figures: the activation colours everywhere, one legend per meaning (modern: Swish one colour, errors apart)', () => {
    const SMALL: Readonly<Record<string, Readonly<Record<string, string>>>> = {
      'selu-normalisation': { units: '20', layers: '5', pairs: 'relu:he,selu:lecun,selu:he' },
      'dead-neurons': { parts: 'panel', panelSamples: '20', panelNeurons: '10' },
      'gelu-approximation': { points: '21' },
      'gradient-flow': { depths: '2,4', units: '8', simulations: '2', activations: 'relu,leaky_relu,tanh' },
      'xor-race': { seeds: '0-2', epochs: '50', activations: 'relu,tanh' },
      'transformer-ffn': { tokens: '8', dModel: '8', dFF: '16' },
    };
    const results = Object.fromEntries(Object.entries(SMALL).map(([id, set]) => [id, runExperiment(id, { rng: 'default', seed: 1, set }).result]));
    for (const id of CHAPTER_FIGURE_IDS) {
      const spec = drawChapterFigure(getChapterFigure(id) as NonNullable<ReturnType<typeof getChapterFigure>>, (e) => results[e]);
      const labels = expectActivationColours(spec, id);
      for (const label of labels) expect(label, `${id}: an id in a legend`).not.toMatch(/\b[a-z]+_[a-z_]+\b/);
      expectSeparateLegends(spec, id);
    }
    const modern = drawChapterFigure(getChapterFigure('modern') as NonNullable<ReturnType<typeof getChapterFigure>>, (e) => results[e]);
    const swish = encodings(modern, 'color').flatMap(({ domain, range }) => domain.flatMap((label, k) => (label === 'Swish' ? [range[k]] : [])));
    expect(swish.length).toBeGreaterThanOrEqual(3);
    expect(new Set(swish)).toEqual(new Set([activationColour('swish')]));
  });
});
