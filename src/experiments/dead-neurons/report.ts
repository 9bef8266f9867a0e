/**
 * The dead-neurons experiment's text report, part by part (part 1 prints the chapter's own
 * lines first).
 * @module
 */
import { activationLabel } from '../settings.js';
import { pythonFixed } from '../types.js';
import { formatLog10 } from './probability.js';
import type { ChapterPart, DeadNeuronsResult, PanelPart, TrainingPart } from './types.js';

/** |z| beyond which e^{−|z|} underflows (e^−745 is the smallest subnormal): a blown-up run. */
const BLOWN_UP = 700;

/** A bias for the report: 0, +1, −1. */
function signed(x: number): string {
  return x > 0 ? `+${formatNumber(x)}` : formatNumber(x);
}

/** A short decimal for the report (0.2, −1, 4). */
function formatNumber(x: number): string {
  return Number(x.toPrecision(6)).toString().replace('-', '−');
}

function chapterLines(chapter: ChapterPart): string[] {
  const lines = ['', 'Dead Neuron Simulation', '='.repeat(50)];
  for (const s of chapter.strategies) {
    lines.push(`${s.name.padStart(15)}: ${String(s.deadCount).padStart(4)} dead neurons (${pythonFixed(s.deadPercent, 1)}%)`);
  }
  const k = chapter.inputs;
  lines.push(
    '',
    `Why (${chapter.units} units, ${chapter.samples} samples of x ~ N(0, I_${k}), w ~ N(0, ${formatNumber(2 / k)}·I_${k})):`,
    `  zero_bias and poor_init differ only in hidden_weights (std ${chapter.strategies
      .filter((s) => s.name === 'zero_bias' || s.name === 'poor_init')
      .map((s) => s.hiddenWeightsStd.toFixed(2))
      .join(' vs ')}), which the code never uses: ${chapter.zeroBiasEqualsPoorInit ? 'identical counts, for any seed' : 'counts differ (?)'}.`,
    `  P(unit dead) = E_w[Φ(−b/‖w‖)^${chapter.samples}], ‖w‖² ~ ${formatNumber(2 / k)}·χ²_${k}; expected dead = ${chapter.units}·P:`,
  );
  const seen = new Set<number>();
  for (const s of chapter.strategies) {
    if (seen.has(s.bias)) continue;
    seen.add(s.bias);
    lines.push(
      `    b = ${signed(s.bias)}: P = ${formatLog10(s.log10DeadProbability)}, expected dead ${formatLog10(s.log10DeadProbability + Math.log10(chapter.units))}` +
        `  (at the typical ‖w‖² = 2: ${formatLog10(s.log10DeadProbabilityTypicalNorm)})`,
    );
  }
  lines.push('  For b = −1 the average is dominated by the rare units with a small ‖w‖, not by the typical one.');
  return lines;
}

function panelLines(panel: PanelPart): string[] {
  const lines = [
    '',
    `Dead/Inactive Neuron Rate (relu_variants.py panel: z ~ N(−${panel.shift}, 1), ${panel.samples} samples × ${panel.neurons} neurons)`,
    '-'.repeat(50),
  ];
  for (const bar of panel.bars) {
    lines.push(`${bar.name.padStart(12)}: ${pythonFixed(bar.deadPercent, 1)}% (chapter: all outputs ${bar.activation === 'relu' ? '== 0' : '<= 0'}); f′ = 0 on every sample: ${pythonFixed(bar.zeroGradientPercent, 1)}%`);
  }
  lines.push(
    `  P(all ${panel.samples} samples of a neuron negative) = Φ(${panel.shift})^${panel.samples} = ${formatLog10(panel.log10AllNegative)}; expected dead of ${panel.neurons}: ${formatLog10(panel.log10AllNegative + Math.log10(panel.neurons))}`,
    '  All three criteria mean "every z ≤ 0" (sign f(z) = sign z), so the bars are equal by construction.',
  );
  return lines;
}

function trainingLines(training: TrainingPart): string[] {
  const percent = (f: number) => `${(100 * f).toFixed(1)}%`;
  const batch = training.batchSize > 0 ? `batch ${training.batchSize}` : 'full batch';
  // A formula's label or expression may be longer than any id: the column widens to fit.
  const width = training.runs.reduce((w, run) => Math.max(w, activationLabel(run.activation).length), 11);
  const lines = [
    '',
    `Dead units during training (${training.dataset}, ${training.samples} points, ${training.architecture.join(' → ')}, BCE on logits, ${training.optimizer} lr ${training.learningRate}, ${batch}, ${training.epochs} epochs)`,
    '"dead" = f′(z) = 0 on every training point (ReLU: z ≤ 0 on all of them); per hidden layer L1/L2/…',
    `${'activation'.padEnd(width)} ${'strategy'.padEnd(14)} ${'bias'.padStart(5)} ${'W×He'.padStart(5)}  ${'dead at init'.padEnd(16)} ${'dead at end'.padEnd(16)} ${'killed'.padEnd(16)} ${'loss'.padStart(7)} ${'acc'.padStart(6)}`,
  ];
  const layers = (v: readonly number[]) => v.map(percent).join('/').padEnd(16);
  for (const run of training.runs) {
    // A non-finite loss is no number to report: the run diverged (said at the end of the line).
    const loss = Number.isFinite(run.finalLoss) ? run.finalLoss.toFixed(3) : '—';
    lines.push(
      `${activationLabel(run.activation).padEnd(width)} ${run.strategy.padEnd(14)} ${signed(run.bias).padStart(5)} ${formatNumber(run.weightScale).padStart(5)}  ${layers(run.initialDead)} ${layers(run.finalDead)} ${layers(run.killed)} ${loss.padStart(7)} ${percent(run.finalAccuracy).padStart(6)}` +
        (run.divergedAt !== null ? `  diverged at epoch ${run.divergedAt}` : run.maxAbsPreActivation > BLOWN_UP ? `  blew up: |z| up to ${run.maxAbsPreActivation.toExponential(1)}` : ''),
    );
  }
  if (training.runs.some((r) => r.divergedAt !== null)) {
    lines.push('Diverged: the dead fractions are measured on non-finite parameters and mean nothing (relu′ is 0 at a non-finite input, so it counts as dead).');
  }
  if (training.runs.some((r) => r.divergedAt === null && r.maxAbsPreActivation > BLOWN_UP)) {
    lines.push(`Blew up: pre-activations beyond ±${BLOWN_UP}, where e^z underflows, so even ELU′ = αe^z is exactly 0 ("dead" in floating point only).`);
  }
  return lines;
}

/** The report of whichever parts ran, in order. */
export function deadNeuronsReport(result: DeadNeuronsResult): string {
  const { chapter, panel, training } = result;
  const lines = [...(chapter ? chapterLines(chapter) : []), ...(panel ? panelLines(panel) : []), ...(training ? trainingLines(training) : [])];
  return lines.join('\n').replace(/^\n/, '');
}
