/**
 * Part 3: where ReLUs really die. An MLP trained from one seed under each initialisation
 * strategy at a deliberately high learning rate, with the dead fraction of each hidden layer
 * recorded over the epochs.
 * @module
 */
import { getElementwise, resolveParams } from '../../activations/index.js';
import type { ElementwiseActivation, ParamValues } from '../../activations/types.js';
import { InvalidParameterError } from '../../errors.js';
import { createRng, type Rng } from '../../math/rng.js';
import { DATASETS, type Dataset } from '../../nn/datasets.js';
import { Network, type LayerSpec, type EpochMetrics } from '../../nn/network.js';
import { createOptimizer } from '../../nn/optimizers.js';
import { TRAINING_STRATEGIES, type DeadNeuronsConfig, type TrainingCurvePoint, type TrainingPart, type TrainingRun } from './types.js';

/** The data sets part 3 can train on. */
export const DATASET_NAMES = Object.keys(DATASETS);

export function strategyOf(name: string, biasMagnitude: number, poorInitScale: number): { bias: number; weightScale: number } {
  switch (name) {
    case 'zero_bias':
      return { bias: 0, weightScale: 1 };
    case 'negative_bias':
      return { bias: -biasMagnitude, weightScale: 1 };
    case 'positive_bias':
      return { bias: biasMagnitude, weightScale: 1 };
    case 'poor_init':
      return { bias: 0, weightScale: poorInitScale };
    default:
      throw new InvalidParameterError('dead-neurons', 'strategy', name, `one of: ${TRAINING_STRATEGIES.join(', ')}`);
  }
}

/** A new generator of the same kind, resumed from `state`: each part starts from the same draws. */
export function copyOf(rng: Rng, state: unknown): Rng {
  const copy = createRng(rng.kind, 0);
  copy.setState(state);
  return copy;
}

function allFinite(network: Network): boolean {
  for (const p of network.parameters()) for (let i = 0; i < p.value.length; i++) if (!Number.isFinite(p.value[i] as number)) return false;
  return true;
}

/**
 * The network of one run: every hidden layer He normal (std √2/√fan_in, the ReLU gain, for
 * every activation so the controls start from the same weights) times `weightScale`, with its
 * biases set to `bias`; the logit layer LeCun-normal.
 */
function buildNetwork(config: DeadNeuronsConfig, def: ElementwiseActivation, params: ParamValues, bias: number, weightScale: number, rng: Rng): Network {
  const layers: LayerSpec[] = config.hidden.map((units) => ({
    units,
    activation: def.id,
    params,
    init: { scheme: 'he', gain: Math.SQRT2 * weightScale },
  }));
  layers.push({ units: 1, activation: 'linear', init: { scheme: 'he', gain: 1 } });
  const network = new Network({ inputs: 2, layers, loss: 'bce' }, rng);
  for (let l = 0; l < config.hidden.length; l++) (network.layers[l] as (typeof network.layers)[number]).bias.fill(bias);
  return network;
}

interface Trained {
  readonly curve: TrainingCurvePoint[];
  readonly last: EpochMetrics;
  readonly divergedAt: number | null;
}

/** Called after a recorded epoch with the metrics so far (for partial results). */
type OnRecord = (epoch: number, curve: readonly TrainingCurvePoint[], last: EpochMetrics) => void;

/**
 * Trains for `config.epochs` epochs (full batch, or `Network.fit`'s shuffled mini-batches),
 * recording the hidden layers' dead fractions every epoch up to 20 and then every
 * `recordEvery`; stops at the first non-finite parameter or loss.
 *
 * Full batch, a recorded epoch's metrics pass (forward and backward on the whole training set)
 * has just computed the gradient of the current parameters on the whole set — the gradient the
 * next step needs. The step then applies it instead of computing it again: the same numbers to
 * the bit, one pass fewer for every recorded epoch.
 */
function trainEpochs(network: Network, config: DeadNeuronsConfig, data: Dataset, rng: Rng, start: EpochMetrics, onRecord?: OnRecord): Trained {
  const hiddenDead = (fractions: readonly number[]) => fractions.slice(0, config.hidden.length);
  const curve: TrainingCurvePoint[] = [{ epoch: 0, dead: hiddenDead(start.deadFractions), loss: start.loss }];
  const optimizer = createOptimizer(config.optimizer, config.learningRate, 'dead-neurons');
  const n = data.x.rows;
  const batchSize = config.batchSize > 0 ? Math.min(config.batchSize, n) : n;
  let divergedAt: number | null = null;
  let last = start;
  // Whether the parameters' gradients are those of the current parameters on the full batch.
  let fullGradient = true;
  for (let epoch = 1; epoch <= config.epochs; epoch++) {
    if (batchSize === n && fullGradient) optimizer.step(network.parameters());
    else if (batchSize === n) network.trainStep(data.x, data.y, optimizer);
    // Mini-batches: Network.fit's shuffling, one epoch at a time.
    else network.fit({ x: data.x, y: data.y, epochs: 1, batchSize, optimizer, random: rng });
    fullGradient = false;
    const finite = allFinite(network);
    if (!finite || epoch <= 20 || epoch % config.recordEvery === 0 || epoch === config.epochs) {
      last = network.metrics(data.x, data.y, epoch);
      fullGradient = true;
      curve.push({ epoch, dead: hiddenDead(last.deadFractions), loss: last.loss });
      onRecord?.(epoch, curve, last);
    }
    if (!finite || !Number.isFinite(last.loss)) {
      divergedAt = epoch;
      break;
    }
  }
  return { curve, last, divergedAt };
}

/** The largest |z| any hidden unit saw in the last forward pass. */
function maxAbsPreActivation(hidden: readonly Network['layers'][number][]): number {
  let max = 0;
  for (const layer of hidden) {
    const z = layer.lastPreActivation();
    if (z) for (let i = 0; i < z.data.length; i++) max = Math.max(max, Math.abs(z.data[i] as number));
  }
  return max;
}

/** What a run has measured so far (after its last recorded epoch, or at the end). */
interface RunState {
  readonly network: Network;
  readonly start: EpochMetrics;
  readonly initialMasks: readonly boolean[][];
  readonly curve: readonly TrainingCurvePoint[];
  readonly last: EpochMetrics;
  readonly divergedAt: number | null;
}

function runOf(config: DeadNeuronsConfig, def: ElementwiseActivation, strategy: string, state: RunState): TrainingRun {
  const { bias, weightScale } = strategyOf(strategy, config.biasMagnitude, config.poorInitScale);
  const hiddenCount = config.hidden.length;
  const hidden = state.network.layers.slice(0, hiddenCount);
  const hiddenDead = (fractions: readonly number[]) => fractions.slice(0, hiddenCount);
  const killed = hidden.map((layer, l) => {
    const mask = layer.deadUnits();
    const before = state.initialMasks[l] as boolean[];
    return mask.filter((dead, j) => dead && !before[j]).length / mask.length;
  });
  // A loop, not Math.max(...curve): a long run records hundreds of thousands of points.
  const peakDead = Array.from({ length: hiddenCount }, (_, l) => state.curve.reduce((peak, p) => Math.max(peak, p.dead[l] as number), -Infinity));
  return {
    activation: def.id,
    strategy,
    bias,
    weightScale,
    initialDead: hiddenDead(state.start.deadFractions),
    finalDead: hiddenDead(state.last.deadFractions),
    killed,
    peakDead,
    finalLoss: state.last.loss,
    finalAccuracy: state.last.accuracy,
    divergedAt: state.divergedAt,
    maxAbsPreActivation: maxAbsPreActivation(hidden),
    curve: state.curve,
  };
}

/** Called with a run's partial result (its curve so far) about 20 times per run, and its fraction done. */
type OnPartial = (fraction: number, run?: TrainingRun) => void;

function trainOne(config: DeadNeuronsConfig, def: ElementwiseActivation, params: ParamValues, strategy: string, data: Dataset, rng: Rng, onPartial?: OnPartial): TrainingRun {
  const { bias, weightScale } = strategyOf(strategy, config.biasMagnitude, config.poorInitScale);
  const network = buildNetwork(config, def, params, bias, weightScale, rng);
  const start = network.metrics(data.x, data.y, 0);
  const initialMasks = network.layers.slice(0, config.hidden.length).map((layer) => layer.deadUnits());
  const every = Math.max(1, Math.floor(config.epochs / 20));
  // The first recorded epoch sends one at once (a first look soon), then every `every` epochs.
  let lastPartial = -every;
  const onRecord: OnRecord | undefined = onPartial
    ? (epoch, curve, last) => {
        const due = epoch - lastPartial >= every;
        if (due) lastPartial = epoch;
        onPartial(epoch / Math.max(1, config.epochs), due ? runOf(config, def, strategy, { network, start, initialMasks, curve: curve.slice(), last, divergedAt: null }) : undefined);
      }
    : undefined;
  const { curve, last, divergedAt } = trainEpochs(network, config, data, rng, start, onRecord);
  return runOf(config, def, strategy, { network, start, initialMasks, curve, last, divergedAt });
}

/**
 * Part 3 from the generator state `state`: the data set is drawn first, then every run starts
 * from the state right after it (the same initial draws for every activation and strategy).
 */
export function trainingPart(
  config: DeadNeuronsConfig,
  rng: Rng,
  state: unknown,
  progress?: (fraction: number, label?: string, partial?: TrainingPart) => void,
): TrainingPart {
  const dataRng = copyOf(rng, state);
  const generate = DATASETS[config.dataset as keyof typeof DATASETS];
  if (!generate) throw new InvalidParameterError('dead-neurons', 'dataset', config.dataset, `one of: ${DATASET_NAMES.join(', ')}`);
  const samples = config.dataset === 'moons' || config.dataset === 'xor' ? config.samples : config.samples - (config.samples % 2);
  const data = generate(samples, config.noise, dataRng);
  const afterData = dataRng.getState();
  const runs: TrainingRun[] = [];
  const total = config.activations.length * config.strategies.length;
  const part = (list: TrainingRun[]): TrainingPart => ({
    dataset: config.dataset,
    samples,
    architecture: [2, ...config.hidden, 1],
    optimizer: config.optimizer,
    learningRate: config.learningRate,
    epochs: config.epochs,
    batchSize: config.batchSize,
    runs: list,
  });
  for (const id of config.activations) {
    const def = getElementwise(id);
    const params = resolveParams(def, 'negative_slope' in def.params ? { negative_slope: config.leakySlope } : {});
    for (const strategy of config.strategies) {
      const label = `${id} ${strategy}`;
      const onPartial: OnPartial | undefined = progress && ((fraction, run) => progress((runs.length + fraction) / total, label, run && part([...runs, run])));
      runs.push(trainOne(config, def, params, strategy, data, copyOf(rng, afterData), onPartial));
      progress?.(runs.length / total, label, part([...runs]));
    }
  }
  return part(runs);
}
