/**
 * The playground's model settings as the worker takes them, from the state (no DOM: the address
 * tests run it in Node).
 */
import type { TrainerConfig } from '../protocol.js';
import type { State } from '../state.js';

/**
 * The data set's seed: the seed itself until the data are regenerated, then a new one per
 * regeneration (a 32-bit mix of the seed and the count), so the network's seed never changes.
 */
export function dataSeedOf(seed: number, regen: number): number {
  return regen === 0 ? seed : (seed + Math.imul(regen, 0x9e3779b9)) >>> 0;
}

/** The trainer settings that follow the playground's model controls (features, penalty, split, data seed, discretise). */
export function modelConfig(p: State['playground'], seed: number): Pick<TrainerConfig, 'features' | 'regularization' | 'regularizationRate' | 'trainRatio' | 'dataSeed' | 'discretize'> {
  return {
    features: p.features,
    regularization: p.regularization,
    regularizationRate: p.regularizationRate,
    trainRatio: p.trainPercent / 100,
    dataSeed: dataSeedOf(seed, p.regen),
    discretize: p.discretize,
  };
}
