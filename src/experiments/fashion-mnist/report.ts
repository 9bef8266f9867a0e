/**
 * The fashion-mnist printout: one row per activation, the verdict, and the reference table.
 * @module
 */
import { activationLabel } from '../settings.js';
import { REFERENCE_ACCURACY } from './summary.js';
import type { ActivationSummary, FashionMnistConfig, FashionMnistResult } from './types.js';

const percent = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(2)}` : '—');
const layers = (values: readonly number[], digits: number, scale = 1) => values.map((v) => (v * scale).toFixed(digits)).join('/');

/** Where a mean test accuracy stands against the published sklearn MLPs. */
export function againstReference(accuracy: number): string {
  const { sklearnMlpLow, sklearnMlpHigh, mlp256_128_100 } = REFERENCE_ACCURACY;
  if (!Number.isFinite(accuracy)) return '—';
  if (accuracy >= mlp256_128_100) return `≥ MLP 256-128-100 (${mlp256_128_100})`;
  if (accuracy >= sklearnMlpHigh) return `in sklearn's ${sklearnMlpLow}–${sklearnMlpHigh}, above`;
  if (accuracy >= sklearnMlpLow) return `within sklearn's ${sklearnMlpLow}–${sklearnMlpHigh}`;
  return `${((sklearnMlpLow - accuracy) * 100).toFixed(2)} pp below sklearn's ${sklearnMlpLow}`;
}

function row(s: ActivationSummary, config: FashionMnistConfig): string {
  const reach = s.epochTo85 === null ? `never (0/${s.runs})` : `${s.epochTo85.toFixed(1)} (${s.reached85}/${s.runs})`;
  return [
    activationLabel(s.activation).padEnd(12),
    `${percent(s.testMean)} ± ${percent(s.testSd)}`.padEnd(16),
    reach.padEnd(14),
    (config.timing ? `${s.secondsPerEpoch.toFixed(2)} s` : '—').padEnd(9),
    `${layers(s.deadFirst, 1, 100)} → ${layers(s.deadLast, 1, 100)}`.padEnd(22),
    `${layers(s.gradientFirst, 3)} → ${layers(s.gradientLast, 3)}`.padEnd(36),
    againstReference(s.testMean),
  ].join(' ');
}

/** The text report of a (possibly partial) result. */
export function fashionMnistReport(result: FashionMnistResult, config: FashionMnistConfig): string {
  const { sizes } = result;
  const lines = [
    `Fashion-MNIST from ${result.source}: ${sizes.train} training, ${sizes.validation} validation (early stopping), ${sizes.test} test images${config.quick ? ' (quick: a subset)' : ''}`,
    `MLP ${result.architecture.join('-')}, Adam ${config.learningRate} (${config.schedule === 'constant' ? 'constant' : 'cosine-annealed'}), batch ${config.batchSize}, at most ${config.epochs} epochs (patience ${config.patience}), seeds ${config.seeds.join(',')}; trainer: ${result.trainer}`,
    'Test accuracy with the best-validation weights (mean ± sd over seeds, %); epoch reaching 85 % validation accuracy;',
    'training time per epoch; dead units % per hidden layer (first → last epoch); ‖∂L/∂W‖ per layer (first → last epoch).',
    '',
    `${'activation'.padEnd(12)} ${'test %'.padEnd(16)} ${'epoch to 85%'.padEnd(14)} ${'epoch'.padEnd(9)} ${'dead %'.padEnd(22)} ${'gradient norm'.padEnd(36)} vs benchmark`,
    ...result.summaries.filter((s) => s.runs > 0).map((s) => row(s, config)),
    '',
    result.verdict ? `Verdict${config.quick ? ' (quick mode: this subset only)' : ''}: ${result.verdict.sentence}` : 'Verdict: needs finished runs of at least two activations.',
    '',
    `Reference (${REFERENCE_ACCURACY.source}): scikit-learn MLPClassifier ${REFERENCE_ACCURACY.sklearnMlpLow}–${REFERENCE_ACCURACY.sklearnMlpHigh}; MLP 256-128-100 ${REFERENCE_ACCURACY.mlp256_128_100}.`,
  ];
  if (config.quick) lines.push('Quick mode trains on a subset for at most 3 epochs: its accuracies are not comparable with the reference table.');
  return lines.join('\n');
}
