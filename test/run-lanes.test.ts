/**
 * The explorer's split runs (web/src/run-lanes.ts), with fake workers that run the library: the
 * halves go to two lanes, partial results are merged from both, the reply is the whole run's
 * (result and printout equal to `actlab run`), and a cancel stops both lanes.
 */
import { describe, expect, it } from 'vitest';
import { deadNeuronsSplit } from '../src/experiments/dead-neurons/split.js';
import { mergeRuns, runExperiment } from '../src/experiments/index.js';
import type { ComputeRequest, ProgressHandler } from '../web/src/protocol.js';
import { RunLanes, type ExperimentRequest, type Lane } from '../web/src/run-lanes.js';

/** A lane that answers like a compute worker, recording its requests; `hold` keeps a run pending until released. */
class FakeLane implements Lane {
  readonly requests: ComputeRequest[] = [];
  cancelled = 0;
  private release?: () => void;
  private reject?: (error: Error) => void;
  constructor(private readonly hold = false) {}
  request<T>(request: ComputeRequest, progress?: ProgressHandler): Promise<T> {
    this.requests.push(request);
    if (request.kind === 'merge') {
      const run = mergeRuns(request.experiment, request.set, request.parts);
      return Promise.resolve({ config: run.config, result: run.result, printout: run.report, seconds: 0 } as T);
    }
    if (request.kind !== 'experiment') throw new Error(`unexpected ${request.kind}`);
    const run = runExperiment(request.experiment, { seed: request.seed, rng: request.rng, set: request.set, progress });
    const reply = { config: run.config, result: run.result, printout: run.report, seconds: 0 } as T;
    if (!this.hold) return Promise.resolve(reply);
    return new Promise<T>((resolve, reject) => {
      this.release = () => resolve(reply);
      this.reject = reject;
    });
  }
  cancel(): void {
    this.cancelled++;
    this.reject?.(new Error('cancelled'));
  }
  fail(): void {
    this.reject?.(new Error('worker failed'));
  }
  finish(): void {
    this.release?.();
  }
}

const SET = { parts: 'training', strategies: 'negative_bias', activations: 'relu,leaky_relu,elu', epochs: '8', hidden: '8,8', samples: '64' };
const REQUEST: ExperimentRequest = { kind: 'experiment', experiment: 'dead-neurons', seed: 7, rng: 'default', set: SET, partials: true };

describe('split runs in the explorer', () => {
  it('two lanes run [relu, leaky_relu] and [elu]; the reply is the whole run, merged and printed by the library', async () => {
    const lanes = [new FakeLane(), new FakeLane()];
    const partials: unknown[] = [];
    const fractions: number[] = [];
    const reply = await new RunLanes(lanes, deadNeuronsSplit).run(REQUEST, (fraction, _label, partial) => {
      fractions.push(fraction);
      if (partial !== undefined) partials.push(partial);
    });
    const whole = runExperiment('dead-neurons', { seed: 7, set: SET });
    expect(reply.result).toEqual(whole.result);
    expect(reply.printout).toBe(whole.report);
    expect(lanes.map((l) => (l.requests[0] as ExperimentRequest).set.activations)).toEqual(['relu,leaky_relu', 'elu']);
    expect(lanes[0]?.requests[1]).toMatchObject({ kind: 'merge', set: SET });
    // Progress covers the whole run: never past 1, and it reaches 1.
    expect(Math.max(...fractions)).toBe(1);
    // Every partial shows what both halves have so far: the second half's runs follow the first's.
    const last = partials[partials.length - 1] as typeof whole.result & { training: { runs: { activation: string }[] } };
    expect(last.training.runs.map((r) => r.activation)).toEqual(['relu', 'leaky_relu', 'elu']);
    for (const partial of partials) {
      const order = (partial as typeof last).training.runs.map((r) => ['relu', 'leaky_relu', 'elu'].indexOf(r.activation));
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
  });

  it('one activation, or an experiment without a split: one lane, the request as it is', async () => {
    const lanes = [new FakeLane(), new FakeLane()];
    await new RunLanes(lanes, deadNeuronsSplit).run({ ...REQUEST, set: { ...SET, activations: 'elu' } }, () => undefined);
    await new RunLanes(lanes).run(REQUEST, () => undefined);
    expect(lanes[0]?.requests.map((r) => (r as ExperimentRequest).set.activations)).toEqual(['elu', 'relu,leaky_relu,elu']);
    expect(lanes[1]?.requests).toEqual([]);
  });

  it('cancel stops both lanes; a failed half stops the other', async () => {
    const lanes = [new FakeLane(true), new FakeLane(true)];
    const runs = new RunLanes(lanes, deadNeuronsSplit);
    const pending = runs.run(REQUEST, () => undefined);
    runs.cancel();
    await expect(pending).rejects.toThrow('cancelled');
    expect(lanes.map((l) => l.cancelled > 0)).toEqual([true, true]);

    const again = [new FakeLane(true), new FakeLane(true)];
    const failing = new RunLanes(again, deadNeuronsSplit).run(REQUEST, () => undefined);
    again[0]?.fail();
    await expect(failing).rejects.toThrow('worker failed');
    expect(again[1]?.cancelled).toBeGreaterThan(0);
  });
});
