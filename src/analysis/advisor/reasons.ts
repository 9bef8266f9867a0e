/**
 * The advisor's reasons: each adds one justification to the answer, with the numbers it quotes
 * computed from the library at call time (never typed in).
 * @module
 */
import { VERY_DEEP } from './guide.js';
import { fixed, gainOf, num, sheet, transcendentalCalls } from './numbers.js';
import type { AdviceReason } from './types.js';

/**
 * The reasons of one answer, in the order added; a reason added twice (two branches reaching
 * the same justification) is kept once, and each must quote finite computed numbers.
 */
export class Reasons {
  readonly list: AdviceReason[] = [];
  private readonly seen = new Set<string>();

  add(key: string, text: string, numbers: Record<string, number>): void {
    if (this.seen.has(key)) return;
    const entries = Object.entries(numbers);
    if (!entries.length || !entries.every(([, v]) => Number.isFinite(v))) {
      throw new Error(`advisor: reason "${key}" needs finite computed numbers`);
    }
    this.seen.add(key);
    this.list.push({ text, numbers });
  }
}

/** sigmoid′ ≤ 0.25, so L layers scale a gradient by ≤ 0.25^L. */
export function sigmoidVanishing(reasons: Reasons, depth: number | undefined): void {
  const s = sheet('sigmoid').derivativeRange.supremum;
  const layers = depth ?? VERY_DEEP;
  const scale = s ** layers;
  const log10 = layers * Math.log10(s);
  const scaleText = scale > 0 ? num(scale, 2) : `10^${num(log10, 4)}`;
  reasons.add(
    'sigmoid-vanishing',
    `sigmoid′ ≤ ${num(s)}: through ${layers} layers gradients scale by ≤ ${scaleText} — why sigmoid and tanh are not used for deep hidden layers`,
    { sigmoidDerivativeMax: s, depth: layers, gradientScale: scale, log10GradientScale: log10 },
  );
}

/** The ReLU family's f′ is 1 on the active side; E[f′²] (½ for ReLU) is restored by the He gain. */
export function activeSlope(reasons: Reasons, id: string, lead: string): void {
  const s = sheet(id);
  const active = s.derivativeRange.supremum;
  const m = s.moments.meanDerivativeSquare;
  const values = s.derivativeRange.values;
  reasons.add(
    'active-slope',
    `${lead}${id}′ = ${num(active)} when active (` +
      (values ? `f′ takes only the values ${values.map((v) => num(v)).join(' and ')}` : `f′ ≤ ${num(active)} everywhere`) +
      `), E[f′(z)²] = ${num(m)} at N(0,1): active units pass gradients unchanged, with no 0.25-per-layer shrink`,
    { derivativeWhenActive: active, meanDerivativeSquare: m },
  );
}

export function heGain(reasons: Reasons, id: string): void {
  const g = gainOf(id);
  reasons.add(
    'he-gain',
    `He gain 1/√E[${id}(z)²] = 1/√${num(g.secondMoment)} = ${num(g.gain)}${id === 'relu' ? ' (= √2)' : ''}: weights ~ N(0, ${num(g.gain ** 2)}/fan_in) ` +
      `keep the pre-activation variance at 1 from layer to layer`,
    { gain: g.gain, secondMoment: g.secondMoment },
  );
}

export function seluMoments(reasons: Reasons, lead: string): void {
  const m = sheet('selu').moments;
  reasons.add(
    'selu-moments',
    `${lead}E[selu(z)] = ${fixed(m.mean)}, E[selu(z)²] = ${fixed(m.meanSquare)} at N(0,1): with LeCun weights (variance 1/fan_in) a layer maps ` +
      `zero mean, unit variance to zero mean, unit variance — self-normalising, no batch norm needed`,
    { mean: m.mean, meanSquare: m.meanSquare },
  );
}

export function reluMeanDrift(reasons: Reasons, depth: number | undefined): void {
  const mean = sheet('relu').moments.mean;
  reasons.add(
    'relu-drift',
    `relu's E[f(z)] = ${num(mean)} ≠ 0 at N(0,1): with no batch norm to re-centre them, ${depth ? `each of the ${depth} layers` : 'each layer'} shifts the activations' mean`,
    { reluMean: mean, ...(depth ? { depth } : {}) },
  );
}

export function batchNormRelu(reasons: Reasons): void {
  const mean = sheet('relu').moments.mean;
  const ms = sheet('relu').moments.meanSquare;
  reasons.add(
    'batch-norm',
    `Flowchart: "Are you using batch normalization?" — yes → ReLU ("BatchNorm handles activation drift"): relu's mean E[f(z)] = ${num(mean)} and ` +
      `variance E[f²] − E[f]² = ${num(ms - mean * mean)} at N(0,1) are re-normalised by the next batch norm, so no self-normalising activation is needed`,
    { reluMean: mean, reluVariance: ms - mean * mean },
  );
}

export function smoothMinimum(reasons: Reasons, id: 'gelu' | 'swish', lead: string): void {
  const s = sheet(id);
  const min = s.extrema.find((e) => e.kind === 'minimum');
  if (!min) throw new Error(`advisor: ${id} has no minimum`);
  reasons.add(
    `${id}-minimum`,
    `${lead}${id} is smooth (${s.smoothness}) with its minimum ${num(min.value)} at z = ${num(min.at)}: small negative inputs pass a small negative signal ` +
      `and a nonzero gradient instead of relu's hard 0`,
    { minimum: min.value, minimumAt: min.at },
  );
}

export function meanSlope(reasons: Reasons, id: string): void {
  const m = sheet(id).moments.meanDerivative;
  const r = sheet('relu').moments.meanDerivative;
  reasons.add(
    `${id}-mean-slope`,
    `E[${id}′(z)] = ${num(m)} at N(0,1), the same average slope as relu (${num(r)}), without relu's jump of f′ at 0`,
    { meanDerivative: m, reluMeanDerivative: r },
  );
}

/** Why an activation's gradient is never exactly 0 on an interval. */
export function noDeadUnits(reasons: Reasons, id: string, lead = '', tail = ''): void {
  const s = sheet(id);
  const dr = s.derivativeRange;
  const reluDead = 1 - sheet('relu').moments.meanDerivative;
  if (dr.values && (dr.values[0] as number) > 0) {
    reasons.add(
      'no-dead',
      `${lead}${id}′ ≥ ${num(dr.values[0] as number)} everywhere, so no unit's gradient is exactly 0 (relu′ = 0 for every z < 0: a fraction ${num(reluDead)} of N(0,1) inputs)${tail}`,
      { derivativeMin: dr.values[0] as number, reluZeroGradientFraction: reluDead },
    );
  } else if (dr.infimum === 0 && !dr.infimumAttained) {
    reasons.add(
      'no-dead',
      `${lead}${id}′ > 0 everywhere (its infimum ${num(dr.infimum)} is only approached as |z| → ∞, never attained), so no unit's gradient is exactly 0; ` +
        `relu′ = 0 for a fraction ${num(reluDead)} of N(0,1) inputs${tail}`,
      { derivativeInfimum: dr.infimum, reluZeroGradientFraction: reluDead },
    );
  } else {
    const zeros = s.extrema.map((e) => e.at);
    reasons.add(
      'no-dead',
      `${lead}${id}′ is 0 only at the isolated point${zeros.length === 1 ? '' : 's'} z = ${zeros.map((z) => num(z)).join(', ')} and ranges down to ${num(dr.infimum)}: ` +
        `negative inputs keep a gradient, where relu′ = 0 for a fraction ${num(reluDead)} of N(0,1) inputs${tail}`,
      { derivativeInfimum: dr.infimum, ...(zeros.length ? { zeroAt: zeros[0] as number } : {}), reluZeroGradientFraction: reluDead },
    );
  }
}

export function smoothnessReason(reasons: Reasons, id: string, lead = ''): void {
  const s = sheet(id);
  const relu = sheet('relu').kinks[0];
  if (!relu) throw new Error('advisor: relu has no kink');
  const kink = s.kinks[0];
  if (!kink) {
    reasons.add(
      'smoothness',
      `${lead}${id} has no kink (${s.smoothness}), while relu′ jumps from ${num(relu.df[0])} to ${num(relu.df[1])} at 0`,
      { reluDerivativeLeft: relu.df[0], reluDerivativeRight: relu.df[1] },
    );
    return;
  }
  const agree = kink.continuity !== 'C0' && kink.continuity !== 'discontinuous';
  reasons.add(
    'smoothness',
    agree
      ? `${lead}${id}′ is continuous at ${num(kink.at)} (left ${num(kink.df[0])}, right ${num(kink.df[1])}: ${kink.continuity}) while relu′ jumps from ${num(relu.df[0])} to ${num(relu.df[1])}`
      : `${lead}${id}′ jumps at ${num(kink.at)} (left ${num(kink.df[0])}, right ${num(kink.df[1])}: ${kink.continuity}); elu, the chapter's smoother alternative, is C1 there but not self-normalising`,
    { derivativeLeft: kink.df[0], derivativeRight: kink.df[1], reluDerivativeLeft: relu.df[0], reluDerivativeRight: relu.df[1] },
  );
}

export function speedReason(reasons: Reasons, id: string): void {
  const mine = transcendentalCalls(id);
  const relu = transcendentalCalls('relu');
  const gelu = transcendentalCalls('gelu');
  reasons.add(
    'speed',
    mine === relu
      ? `${id} needs ${num(mine)} transcendental calls per element for f and f′ together (a comparison and a multiply); gelu needs ${num(gelu)}`
      : `${id} needs ${num(mine)} transcendental calls per element for f and f′ together, relu ${num(relu)}: if speed outweighs the reasons above, relu is the fallback`,
    { transcendentalCalls: mine, reluTranscendentalCalls: relu, ...(mine === relu ? { geluTranscendentalCalls: gelu } : {}) },
  );
}

export function vanishingReason(reasons: Reasons, id: string, depth: number | undefined): void {
  const sup = sheet(id).derivativeRange.supremum;
  const ms = sheet(id).moments.meanDerivativeSquare;
  const g = gainOf(id).gain;
  reasons.add(
    'vanishing',
    `${id}′ reaches ${num(sup)} and E[${id}′(z)²] × gain² = ${num(ms)} × ${num(g * g)} = ${num(ms * g * g)} per layer with its initialiser, ` +
      `so backpropagated gradients keep their scale instead of shrinking`,
    { derivativeMax: sup, meanDerivativeSquare: ms, gainSquared: g * g, perLayerFactor: ms * g * g },
  );
  sigmoidVanishing(reasons, depth);
}
