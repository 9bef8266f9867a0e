/**
 * The named choices some experiments offer, in a module with no imports, so that a page can list
 * them (the explorer's address, its selects) without loading the experiments themselves.
 * @module
 */

/** gradient-flow `gains`: PyTorch's calculate_gain where it has one, else 1/√E[f(z)²]; or 1/√E[f(z)²] for all. */
export const GAIN_CHOICES = ['pytorch', 'variance-preserving'] as const;

/** dead-neurons part 3 `strategies`: biases 0, −1, +1, or He weights ×4. */
export const TRAINING_STRATEGIES = ['zero_bias', 'negative_bias', 'positive_bias', 'poor_init'] as const;
export type TrainingStrategy = (typeof TRAINING_STRATEGIES)[number];

/** fashion-mnist (and the explorer's Real data) learning-rate schedules: cosine-annealed over the epochs, or constant. */
export const SCHEDULES = ['cosine', 'constant'] as const;
export type Schedule = (typeof SCHEDULES)[number];

/** selu-normalisation `pairs` initialisations: he (√2/√n), lecun (1/√n), gain (the activation's variance-preserving gain/√n). */
export const SELU_INITS = ['he', 'lecun', 'gain'] as const;
