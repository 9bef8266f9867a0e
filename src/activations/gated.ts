/**
 * Gated linear units: the input row [a, b] is split in halves along the last axis and the
 * output is a ⊙ act(b) — value first, gate second, as PyTorch's F.glu, jax.nn.glu and Keras 3.
 * (Some codebases, e.g. Megatron's swiglu, put the activated half first: swap the halves of
 * the projection to match.)
 * @module
 */
import { gelu, swish } from './smooth.js';
import { relu } from './relu.js';
import { sigmoid } from './classical.js';
import { defineVector, type ElementwiseActivation, type ParamValues, type VectorActivation } from './types.js';

const SWISH_DEFAULTS: ParamValues = { beta: 1 };

function gatedUnit<const Id extends string>(options: {
  id: Id;
  name: string;
  gate: ElementwiseActivation;
  gateParams: ParamValues;
  gateSymbol: string;
  description: string;
  citation: string;
  url: string;
}): VectorActivation<Id, never, never> {
  const { gate, gateParams } = options;
  return defineVector({
    id: options.id,
    name: options.name,
    family: 'gated',
    aliases: [],
    description: options.description,
    formula: String.raw`\mathrm{${options.name}}([\mathbf a,\mathbf b])=\mathbf a\odot ${options.gateSymbol}(\mathbf b)`,
    reference: { citation: options.citation, url: options.url },
    params: {},
    notes: ['Halves: value a = first half, gate b = second half (PyTorch F.glu, jax.nn.glu, Keras 3 glu).'],
    outputLength: (n) => n / 2,
    checkLength: (n) => (n >= 2 && n % 2 === 0 ? undefined : `${options.id} splits the last axis in halves: its length must be even and ≥ 2, got ${n}`),
    forwardRow: (x, xo, n, y, yo) => {
      const h = n / 2;
      for (let i = 0; i < h; i++) y[yo + i] = (x[xo + i] as number) * gate.f(x[xo + h + i] as number, gateParams);
    },
    vjpRow: (x, xo, n, g, go, gradIn, gi) => {
      const h = n / 2;
      for (let i = 0; i < h; i++) {
        const a = x[xo + i] as number;
        const b = x[xo + h + i] as number;
        const gi0 = g[go + i] as number;
        gradIn[gi + i] = gi0 * gate.f(b, gateParams);
        // g·a may overflow where g·a·act′(b) does not (act′ ≤ 1.13, and 0 on ReLU's left):
        // then g·(a·act′(b)), whose first product cannot overflow
        const derivative = gate.df(b, gateParams);
        const ga = gi0 * a;
        gradIn[gi + h + i] = Number.isFinite(ga) || !Number.isFinite(gi0) || !Number.isFinite(a) ? ga * derivative : gi0 * (a * derivative);
      }
    },
  });
}

/** GLU: a ⊙ σ(b). */
export const glu = gatedUnit({
  id: 'glu',
  name: 'GLU',
  gate: sigmoid,
  gateParams: {},
  gateSymbol: String.raw`\sigma`,
  description: 'Gated linear unit: half of the input gates the other half through a sigmoid.',
  citation: 'Dauphin, Fan, Auli, Grangier (2017), Language Modeling with Gated Convolutional Networks, ICML',
  url: 'https://arxiv.org/abs/1612.08083',
});

/** SwiGLU: a ⊙ Swish(b), β = 1. */
export const swiglu = gatedUnit({
  id: 'swiglu',
  name: 'SwiGLU',
  gate: swish,
  gateParams: SWISH_DEFAULTS,
  gateSymbol: String.raw`\mathrm{SiLU}`,
  description: 'GLU with a SiLU gate: the feed-forward activation of PaLM and LLaMA.',
  citation: 'Shazeer (2020), GLU Variants Improve Transformer',
  url: 'https://arxiv.org/abs/2002.05202',
});

/** GEGLU: a ⊙ GELU(b) (exact GELU). */
export const geglu = gatedUnit({
  id: 'geglu',
  name: 'GEGLU',
  gate: gelu,
  gateParams: {},
  gateSymbol: String.raw`\mathrm{GELU}`,
  description: 'GLU with an (exact) GELU gate.',
  citation: 'Shazeer (2020), GLU Variants Improve Transformer',
  url: 'https://arxiv.org/abs/2002.05202',
});

/** ReGLU: a ⊙ ReLU(b). */
export const reglu = gatedUnit({
  id: 'reglu',
  name: 'ReGLU',
  gate: relu,
  gateParams: {},
  gateSymbol: String.raw`\mathrm{ReLU}`,
  description: 'GLU with a ReLU gate.',
  citation: 'Shazeer (2020), GLU Variants Improve Transformer',
  url: 'https://arxiv.org/abs/2002.05202',
});
