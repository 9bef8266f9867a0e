/**
 * An experiment's run on its worker, or split over two: an experiment whose runs split along a
 * list setting (SplitSpec in src/experiments/split.ts: dead neurons by activation) runs consecutive slices of the
 * list on two compute workers at once — both cores — and the page sees one run: progress over
 * the whole list, partial results merged from what each slice has so far, and the final result
 * and printout of the whole run, merged and printed by the library in a worker (the same text
 * as `actlab run` with the whole list).
 */
import { slices } from '../../src/experiments/split.js';
import type { ComputeRequest, ExperimentReply, ProgressHandler } from './protocol.js';

/** What a lane needs of a worker's client ({@link ComputeClient}). */
export interface Lane {
  request<T>(request: ComputeRequest, progress?: ProgressHandler): Promise<T>;
  cancel(): void;
}

export type ExperimentRequest = Extract<ComputeRequest, { kind: 'experiment' }>;

/** A {@link SplitSpec} as the page holds it: results are plain data. */
export interface Splitting {
  readonly setting: string;
  merge(parts: readonly unknown[]): unknown;
}

/** Runs on `lanes[0]`, or split over all lanes where the experiment's runs split. */
export class RunLanes {
  constructor(
    private readonly lanes: readonly Lane[],
    private readonly split?: Splitting,
  ) {}

  /** Stops every lane's run at once (each worker is terminated). */
  cancel(): void {
    for (const lane of this.lanes) lane.cancel();
  }

  /** The run's reply; `progress` gets the fraction over the whole run and merged partial results. */
  run(request: ExperimentRequest, progress: ProgressHandler): Promise<ExperimentReply> {
    const list = this.split ? request.set[this.split.setting]?.split(',') : undefined;
    const [first] = this.lanes;
    if (!first) throw new Error('a run needs a worker');
    if (!this.split || !list || list.length < 2 || this.lanes.length < 2) return first.request<ExperimentReply>(request, progress);
    return this.runSplit(request, this.split, slices(list, this.lanes.length), progress);
  }

  private async runSplit(request: ExperimentRequest, split: Splitting, cut: string[][], progress: ProgressHandler): Promise<ExperimentReply> {
    const started = performance.now();
    const total = cut.reduce((n, slice) => n + slice.length, 0);
    const fractions = cut.map(() => 0);
    const latest: unknown[] = cut.map(() => undefined);
    const update = (label: string | undefined, withPartial: boolean) => {
      const fraction = fractions.reduce((sum, f, k) => sum + (f * (cut[k] as string[]).length) / total, 0);
      const known = latest.filter((p) => p !== undefined);
      progress(fraction, label, withPartial && known.length > 0 ? split.merge(known) : undefined);
    };
    const runs = cut.map((slice, k) =>
      (this.lanes[k] as Lane)
        .request<ExperimentReply>({ ...request, set: { ...request.set, [split.setting]: slice.join(',') } }, (fraction, label, partial) => {
          fractions[k] = fraction;
          if (partial !== undefined) latest[k] = partial;
          update(label, partial !== undefined);
        })
        .then((reply) => {
          fractions[k] = 1;
          latest[k] = reply.result;
          // A slice done while another runs: its whole result joins the partial chart.
          if (fractions.some((f) => f !== 1)) update(undefined, true);
          return reply;
        }),
    );
    let parts: ExperimentReply[];
    try {
      parts = await Promise.all(runs);
    } catch (error) {
      // One slice failed (or was cancelled): the others stop too.
      this.cancel();
      throw error;
    }
    const whole = await (this.lanes[0] as Lane).request<ExperimentReply>({ kind: 'merge', experiment: request.experiment, set: request.set, parts: parts.map((p) => p.result) });
    return { ...whole, seconds: (performance.now() - started) / 1000 };
  }
}
