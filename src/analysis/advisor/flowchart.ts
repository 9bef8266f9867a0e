/**
 * The chapter's decision flowchart walked for one layer: output layers by task, RNN gates,
 * then the hidden-layer branches (transformer, RNN, GAN discriminator, batch norm, very deep
 * → SELU, the architecture's row or ReLU), each choosing an activation and adding its reasons.
 * @module
 */
import { getActivation } from '../../activations/index.js';
import { forward } from '../../kernels/index.js';
import { ARCHITECTURE_GUIDE, FLOWCHART_DEFAULT, TASK_GUIDE, VERY_DEEP, type ArchitectureGuide, type Concern, type TaskGuide } from './guide.js';
import { initialiserFor } from './initialisers.js';
import { fixed, intervalText, num, sheet, transcendentalCalls } from './numbers.js';
import { checkQuestion, type Checked } from './questions.js';
import {
  activeSlope,
  batchNormRelu,
  heGain,
  meanSlope,
  noDeadUnits,
  Reasons,
  reluMeanDrift,
  seluMoments,
  sigmoidVanishing,
  smoothMinimum,
  smoothnessReason,
  speedReason,
  vanishingReason,
} from './reasons.js';
import type { Advice, AdviceQuestion } from './types.js';

function uniqueWithout(ids: readonly string[], rec: string): string[] {
  return [...new Set(ids)].filter((id) => id !== rec);
}

// ─────────────────────────────── output layers ───────────────────────────────

/** How the output reason opens: the task's row of the output table, or the architecture's row. */
function outputLead(taskGuide: TaskGuide | undefined, guide: ArchitectureGuide | undefined): string {
  if (taskGuide) {
    return `Output layer, ${taskGuide.chapter.task} → ${taskGuide.chapter.activation} with ${taskGuide.chapter.loss}, range ${taskGuide.chapter.outputRange}: `;
  }
  return (
    `Output layer of a ${guide?.chapter.architecture} → "${guide?.chapter.output}"` +
    // The row's note, where it is about the output ("Tanh output for [-1, 1] image range").
    (guide && guide.chapter.notes.includes(guide.chapter.output) ? ` ("${guide.chapter.notes}")` : '') +
    ': '
  );
}

/** softmax: one probability per class, and shift invariance, measured through the kernels. */
function softmaxReason(reasons: Reasons, lead: string): void {
  const probe = [2, 1, 0.1];
  const p = Array.from(forward(getActivation('softmax'), Float64Array.from(probe)));
  const shifted = Array.from(forward(getActivation('softmax'), Float64Array.from(probe.map((v) => v + 100))));
  const sum = p.reduce((a, b) => a + b, 0);
  const shift = Math.max(...p.map((v, i) => Math.abs(v - (shifted[i] as number))));
  reasons.add(
    'softmax',
    `${lead}softmax([${probe.join(', ')}]) = [${p.map((v) => num(v, 3)).join(', ')}], sum ${fixed(sum)}: one probability per class; ` +
      `adding 100 to every logit changes it by ${num(shift)} (shift-invariant)`,
    { p0: p[0] as number, p1: p[1] as number, p2: p[2] as number, sum, shiftChange: shift },
  );
}

/** sigmoid at the output: what its (0, 1) range means for the task. */
function sigmoidOutputReason(reasons: Reasons, lead: string, task: Checked['task']): void {
  const s = sheet('sigmoid');
  const numbers = { infimum: s.range.infimum, supremum: s.range.supremum };
  if (task === 'bounded_regression') {
    reasons.add(
      'sigmoid-output',
      `${lead}sigmoid maps onto ${intervalText(s.range)}; multiplied by the target's upper bound it covers (0, scale) without ever predicting outside it`,
      numbers,
    );
  } else if (task === 'multilabel') {
    const sig = getActivation('sigmoid');
    if (sig.kind !== 'elementwise') throw new Error('advisor: sigmoid is not elementwise');
    const a = sig.f(2, {});
    const b = sig.f(1, {});
    reasons.add(
      'sigmoid-output',
      `${lead}each label gets its own probability in ${intervalText(s.range)}; unlike softmax they need not sum to 1 (sigmoid(2) + sigmoid(1) = ${num(a + b)})`,
      { ...numbers, sigmoidOf2: a, sigmoidOf1: b },
    );
  } else {
    reasons.add(
      'sigmoid-output',
      `${lead}sigmoid maps onto ${intervalText(s.range)}, a probability for the positive class; with binary cross-entropy the logit's gradient is σ(z) − y`,
      numbers,
    );
  }
}

/** The reason for the output activation `rec` (softmax, linear, tanh or sigmoid). */
function outputReason(reasons: Reasons, rec: string, lead: string, task: Checked['task']): void {
  if (rec === 'softmax') {
    softmaxReason(reasons, lead);
  } else if (rec === 'linear') {
    const s = sheet('linear');
    reasons.add(
      'linear',
      `${lead}f(z) = z has range ${intervalText(s.range)} and f′ = ${num(s.derivativeRange.supremum)} everywhere: predictions can take any real value and the loss gradient passes unchanged`,
      { derivative: s.derivativeRange.supremum },
    );
  } else if (rec === 'tanh') {
    const s = sheet('tanh');
    reasons.add(
      'tanh-output',
      `${lead}tanh maps onto ${intervalText(s.range)}, the range of images scaled to [−1, 1], and is zero-centred (E[tanh(z)] = ${fixed(s.moments.mean)})`,
      { infimum: s.range.infimum, supremum: s.range.supremum, mean: s.moments.mean },
    );
  } else {
    sigmoidOutputReason(reasons, lead, task);
  }
}

function adviseOutput(q: Checked): Advice {
  const reasons = new Reasons();
  const guide = q.architecture ? ARCHITECTURE_GUIDE[q.architecture] : undefined;
  const taskGuide = q.task ? TASK_GUIDE[q.task] : undefined;
  const rec = taskGuide?.activation ?? (guide?.output.ids[0] as string);
  const alternatives = uniqueWithout([...(taskGuide?.alternatives ?? []), ...(guide?.output.fixed ? guide.output.ids : [])], rec);
  outputReason(reasons, rec, outputLead(taskGuide, guide), q.task);
  if (q.concerns.includes('bounded_output')) {
    const r = rec === 'softmax' ? undefined : sheet(rec).range;
    if (r) {
      reasons.add('bounded', `bounded output: ${rec}'s range ${intervalText(r)} is bounded on both sides`, { infimum: r.infimum, supremum: r.supremum });
    }
  }
  const outputRange = taskGuide ? taskGuide.chapter.outputRange : intervalText(sheet(rec).range);
  const loss = taskGuide ? taskGuide.chapter.loss : q.architecture === 'gan_discriminator' ? TASK_GUIDE.binary.chapter.loss : undefined;
  return {
    recommendation: rec,
    alternatives,
    initialiser: initialiserFor(rec, 'output'),
    ...(loss ? { loss } : {}),
    outputRange,
    reasons: reasons.list,
  };
}

// ─────────────────────────────── RNN gates ───────────────────────────────

function adviseGate(q: Checked): Advice {
  const reasons = new Reasons();
  const sig = sheet('sigmoid');
  const tanh = sheet('tanh');
  reasons.add(
    'gate-sigmoid',
    `Flowchart: "Is it an RNN gate?" — yes ("LSTM gates require bounded activations"): sigmoid maps onto ${intervalText(sig.range)}, ` +
      `so a gate value is the fraction of the signal let through (0 blocks, 1 passes)`,
    { infimum: sig.range.infimum, supremum: sig.range.supremum },
  );
  reasons.add(
    'gate-tanh',
    `tanh, the alternative, maps onto ${intervalText(tanh.range)} with E[tanh(z)] = ${fixed(tanh.moments.mean)}: the zero-centred squashing used for the candidate cell values, not for gating`,
    { infimum: tanh.range.infimum, supremum: tanh.range.supremum, mean: tanh.moments.mean },
  );
  if (q.concerns.includes('bounded_output')) {
    reasons.add('bounded', `bounded output: sigmoid′ ≤ ${num(sig.derivativeRange.supremum)} and its range ${intervalText(sig.range)} is bounded on both sides`, {
      infimum: sig.range.infimum,
      supremum: sig.range.supremum,
      derivativeMax: sig.derivativeRange.supremum,
    });
  }
  return { recommendation: 'sigmoid', alternatives: ['tanh'], initialiser: initialiserFor('sigmoid', 'gate'), reasons: reasons.list };
}

// ─────────────────────────────── hidden layers ───────────────────────────────

/** A hidden-layer question with what its branches test, and the reasons being collected. */
interface Hidden {
  readonly q: Checked;
  readonly reasons: Reasons;
  readonly guide: ArchitectureGuide | undefined;
  readonly skips: boolean;
  readonly veryDeep: boolean;
  readonly fullyConnected: boolean;
}

/** What a branch of the flowchart chose. */
interface Choice {
  readonly rec: string;
  readonly alternatives: string[];
}

/** The chapter's reasons to leave ReLU: "Leaky ReLU: When dead neurons are a concern", "ELU: When you want smoother gradients". */
function reluFamily(concerns: readonly Concern[]): { rec: string; note: string } {
  if (concerns.includes('smoothness')) {
    return { rec: 'elu', note: 'smoothness concern → "ELU: When you want smoother gradients and can afford the computation": ' };
  }
  if (concerns.includes('dead_neurons')) {
    return { rec: 'leaky_relu', note: 'dead_neurons concern → "Leaky ReLU: When dead neurons are a concern; good general alternative": ' };
  }
  return { rec: 'relu', note: '' };
}

/** Reasons for a member of the ReLU family chosen by {@link reluFamily}. */
function familyReasons(reasons: Reasons, id: string, lead: string): void {
  if (id === 'elu') smoothnessReason(reasons, 'elu', lead);
  else if (id === 'leaky_relu') noDeadUnits(reasons, 'leaky_relu', lead);
  else activeSlope(reasons, id, lead);
}

function transformerBranch({ q, reasons }: Hidden): Choice {
  const vision = q.domain === 'vision';
  const rec = vision ? 'swish' : 'gelu';
  smoothMinimum(
    reasons,
    rec,
    `Flowchart: "Is it a transformer or modern NLP model?" — yes → ${vision ? 'Swish ("Swish for vision")' : 'GELU ("GELU is standard for NLP")'}: `,
  );
  meanSlope(reasons, rec);
  return { rec, alternatives: vision ? ['gelu'] : ['gelu_tanh', 'swish'] };
}

function rnnBranch({ reasons }: Hidden): Choice {
  const t = sheet('tanh');
  const s = sheet('sigmoid');
  reasons.add(
    'rnn-tanh',
    `RNN/LSTM row: "Tanh (gates), Sigmoid (gates)" — the hidden state uses tanh: range ${intervalText(t.range)}, zero-centred (E[tanh(z)] = ${fixed(t.moments.mean)}), ` +
      `and tanh′ ≤ ${num(t.derivativeRange.supremum)} where sigmoid′ ≤ ${num(s.derivativeRange.supremum)}`,
    { infimum: t.range.infimum, supremum: t.range.supremum, mean: t.moments.mean, tanhDerivativeMax: t.derivativeRange.supremum, sigmoidDerivativeMax: s.derivativeRange.supremum },
  );
  return { rec: 'tanh', alternatives: ['sigmoid'] };
}

function ganDiscriminatorBranch({ q, reasons }: Hidden): Choice {
  const smooth = q.concerns.includes('smoothness');
  const rec = smooth ? 'elu' : 'leaky_relu';
  noDeadUnits(reasons, 'leaky_relu', 'GAN Discriminator row: "Leaky ReLU prevents mode collapse": ', '; the generator gets a gradient through every unit');
  if (smooth) smoothnessReason(reasons, 'elu', 'smoothness concern: ');
  heGain(reasons, rec);
  return { rec, alternatives: smooth ? ['leaky_relu', 'prelu'] : ['prelu'] };
}

function batchNormBranch({ q, reasons, guide }: Hidden): Choice {
  const family = reluFamily(q.concerns);
  batchNormRelu(reasons);
  if (family.note) familyReasons(reasons, family.rec, family.note);
  heGain(reasons, family.rec);
  return { rec: family.rec, alternatives: ['leaky_relu', ...(guide?.hidden ?? []), 'relu'] };
}

function seluBranch({ q, reasons, veryDeep }: Hidden): Choice {
  const why = veryDeep
    ? `Very deep (${q.depth} > ${VERY_DEEP} layers), fully connected, without skip connections or batch norm → SELU with LeCun init: `
    : `Deep MLP row: "SELU or ELU" — "SELU with LeCun init; no BatchNorm needed": `;
  seluMoments(reasons, why);
  reluMeanDrift(reasons, q.depth);
  sigmoidVanishing(reasons, q.depth);
  if (q.concerns.includes('smoothness')) smoothnessReason(reasons, 'selu', 'smoothness concern: ');
  return { rec: 'selu', alternatives: ['elu'] };
}

/** The architecture's row, or the flowchart's default: the ReLU family with He init. */
function reluBranch({ q, reasons, guide, skips, veryDeep, fullyConnected }: Hidden): Choice {
  const arch = q.architecture;
  const family = reluFamily(q.concerns);
  const rec = family.rec;
  let lead: string;
  if (skips && (veryDeep || arch === 'resnet')) lead = `Skip connections allow ReLU to work at any depth`;
  else if (guide) lead = `${guide.chapter.architecture} row: "${guide.chapter.hidden}" — "${guide.chapter.notes}"`;
  else lead = FLOWCHART_DEFAULT;
  activeSlope(reasons, 'relu', `${lead}: `);
  if (family.note) familyReasons(reasons, rec, family.note);
  heGain(reasons, rec);
  if (veryDeep && !fullyConnected && !skips) {
    // The flowchart's SELU branch needs a fully connected network.
    reasons.add(
      'selu-needs-fc',
      `${q.depth} > ${VERY_DEEP} layers without skip connections or batch norm, but SELU requires a fully-connected architecture; ` +
        `relu's mean E[f(z)] = ${num(sheet('relu').moments.mean)} then drifts unchecked — add batch norm ("BatchNorm handles activation drift") or skip connections`,
      { reluMean: sheet('relu').moments.mean, depth: q.depth as number },
    );
  }
  sigmoidVanishing(reasons, q.depth);
  const alternatives = [...(guide?.hidden ?? []), arch === 'vae_encoder' ? 'elu' : 'leaky_relu', 'relu', ...(rec === 'elu' ? ['gelu', 'swish'] : ['prelu'])];
  return { rec, alternatives };
}

/** The flowchart's hidden-layer boxes in order; the first that applies decides. */
function hiddenChoice(h: Hidden): Choice {
  const arch = h.q.architecture;
  if (arch === 'transformer') return transformerBranch(h);
  if (arch === 'rnn') return rnnBranch(h);
  if (arch === 'gan_discriminator') return ganDiscriminatorBranch(h);
  if (h.q.batchNorm === true) return batchNormBranch(h);
  if (h.fullyConnected && !h.skips && (h.veryDeep || arch === 'deep_mlp')) return seluBranch(h);
  return reluBranch(h);
}

function adviseHidden(q: Checked): Advice {
  const guide = q.architecture ? ARCHITECTURE_GUIDE[q.architecture] : undefined;
  const h: Hidden = {
    q,
    reasons: new Reasons(),
    guide,
    skips: q.skipConnections ?? q.architecture === 'resnet',
    veryDeep: q.depth !== undefined && q.depth > VERY_DEEP,
    fullyConnected: guide ? guide.fullyConnected : true,
  };
  const { rec, alternatives } = hiddenChoice(h);
  const reasons = h.reasons;
  let more = alternatives;
  // Concerns not already settled above add their numbers for the recommendation.
  if (q.concerns.includes('smoothness')) smoothnessReason(reasons, rec);
  if (q.concerns.includes('dead_neurons')) noDeadUnits(reasons, rec);
  if (q.concerns.includes('vanishing_gradients')) vanishingReason(reasons, rec, q.depth);
  if (q.concerns.includes('speed')) {
    speedReason(reasons, rec);
    if (transcendentalCalls(rec) > transcendentalCalls('relu')) more = [...more, 'relu'];
  }
  return { recommendation: rec, alternatives: uniqueWithout(more, rec), initialiser: initialiserFor(rec, 'hidden'), reasons: reasons.list };
}

/**
 * Advice for one layer, following the chapter's flowchart: output layer → by task; transformer
 * → GELU (Swish for vision); RNN gate → sigmoid (tanh for candidates); batch norm → ReLU;
 * very deep (> 20), fully connected, without skip connections or batch norm → SELU with LeCun
 * init; otherwise the architecture's row, defaulting to ReLU with He init. Concerns then adjust
 * the ReLU family (dead_neurons → Leaky ReLU, smoothness → ELU) and add their numbers.
 * @throws {AdvisorError} for unknown values (the message lists the allowed ones) and for
 *   contradictory answers.
 */
export function advise(question: AdviceQuestion): Advice {
  const q = checkQuestion(question);
  if (q.layer === 'output') return adviseOutput(q);
  if (q.layer === 'gate') return adviseGate(q);
  return adviseHidden(q);
}
