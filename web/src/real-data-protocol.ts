/**
 * The "Real data" panel's data: the server's binary subset (serve-data.ts) read back, and the
 * messages between the panel and its workers (real-data-worker.ts).
 */
import type { Schedule } from '../../src/experiments/choices.js';

/** A Fashion-MNIST subset: uint8 pixels (row-major, image after image) and labels. */
export interface Subset {
  readonly rows: number;
  readonly cols: number;
  readonly trainPixels: Uint8Array;
  readonly trainLabels: Uint8Array;
  readonly testPixels: Uint8Array;
  readonly testLabels: Uint8Array;
}

/** "AFM1" little-endian, as the server writes it. */
const MAGIC = 0x31_4d_46_41;
const HEADER = 20;

/** Reads the server's form: a header of five uint32 LE (magic, train count, test count, rows, cols), then pixels and labels of each split. */
export function readSubset(buffer: ArrayBuffer): Subset {
  const view = new DataView(buffer);
  if (buffer.byteLength < HEADER || view.getUint32(0, true) !== MAGIC) throw new Error('the server sent something other than a Fashion-MNIST subset');
  const [n, m, rows, cols] = [4, 8, 12, 16].map((at) => view.getUint32(at, true)) as [number, number, number, number];
  const size = rows * cols;
  if (buffer.byteLength !== HEADER + (n + m) * (size + 1)) throw new Error(`the subset is ${buffer.byteLength} bytes; its header says ${HEADER + (n + m) * (size + 1)}`);
  let at = HEADER;
  const take = (length: number) => new Uint8Array(buffer, (at += length) - length, length);
  return { rows, cols, trainPixels: take(n * size), trainLabels: take(n), testPixels: take(m * size), testLabels: take(m) };
}

/** One run, sent to a worker. */
export interface RealDataJob extends Subset {
  readonly activation: string;
  readonly hidden: readonly number[];
  readonly epochs: number;
  /** Adam's rate at the first epoch; `schedule` anneals it (the fashion-mnist experiment's rule, learningRateAt). */
  readonly learningRate: number;
  readonly schedule: Schedule;
  readonly batchSize: number;
  readonly seed: number;
}

/** What a worker posts back. */
export type RealDataMessage =
  | { readonly type: 'progress'; readonly fraction: number }
  | { readonly type: 'epoch'; readonly epoch: number; readonly accuracy: number; readonly loss: number; readonly trainLoss: number; readonly trainMs: number }
  | { readonly type: 'done'; readonly predictions: Uint8Array }
  | { readonly type: 'error'; readonly message: string };
