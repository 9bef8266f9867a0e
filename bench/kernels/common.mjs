/**
 * What every measuring child process of `npm run bench` shares: the task it was given (a JSON
 * file named on its command line), the input data (raw little-endian float32 files written once
 * by the parent, so every column sees the same numbers), the timing rule, and the result file.
 */
import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Runs a child's body with its task; any failure becomes one line on stderr and an `error` in
 * the result file (the parent reports it), never a stack trace.
 */
export async function runChild(body) {
  const task = readTask();
  try {
    await body(task);
  } catch (error) {
    process.stderr.write(`  [${task.column}] failed: ${oneLine(error)}\n`);
    writeResult(task, { error: oneLine(error) });
    process.exit(1);
  }
}

/** Reads the task the parent wrote: `node <child>.mjs <task.json>`. */
function readTask() {
  const file = process.argv[2];
  if (!file) {
    console.error(`${process.argv[1]}: a child of bench/kernels.mjs; run "npm run bench" instead`);
    process.exit(2);
  }
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** A float32 file written by the parent, as a Float32Array of its own (not a view into a pooled Buffer). */
export function readFloat32(file) {
  const bytes = readFileSync(file);
  const out = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

export function writeResult(task, result) {
  writeFileSync(task.resultFile, JSON.stringify(result));
}

/** One progress line on stderr, prefixed with the column's name. */
export function progress(task, text) {
  process.stderr.write(`  [${task.column}] ${text}\n`);
}

/**
 * Times `run` (sync or async): one untimed warm-up call (JIT, page faults of the output, lazy
 * set-up), then repetitions until about `task.timing.seconds` have passed — at least
 * `minReps`, at most `maxReps`; a call slower than `slowSeconds` gets a single timed repetition.
 * `timing` defaults to the task's elementwise rule (the matrix product has its own).
 * @returns seconds of each timed repetition and their median.
 */
export async function time(task, run, timing = task.timing) {
  const { seconds: budget, minReps, maxReps, slowSeconds } = timing;
  let started = performance.now();
  await run();
  const warm = (performance.now() - started) / 1000;
  const reps = warm >= slowSeconds ? 1 : Math.min(maxReps, Math.max(minReps, Math.ceil(budget / Math.max(warm, 1e-6))));
  const seconds = [];
  for (let r = 0; r < reps; r++) {
    started = performance.now();
    await run();
    seconds.push((performance.now() - started) / 1000);
  }
  return { seconds, median: median(seconds) };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Values of `array` at the sample indices the parent chose (it checks them against actlab's float64 definitions). */
export function sample(task, array) {
  return task.sampleIndices.map((i) => array[i]);
}

/**
 * Runs every (activation, direction) cell the column supports and the matrix product, and
 * writes the result file. `column.cell(id, direction)` returns `{ run, output, composed }` or
 * `undefined` when the peer has nothing for it; `column.matmul(threads)` likewise.
 */
export async function measureColumn(task, column) {
  const result = { cells: {}, matmul: [], info: column.info ?? {} };
  for (const id of task.activations) {
    for (const direction of ['forward', 'backward']) {
      // A peer that cannot do one cell (an op it lacks, a gradient it cannot take) still does the others.
      let cell;
      try {
        cell = await column.cell(id, direction);
        if (!cell) continue;
        const timing = await time(task, cell.run);
        const entry = {
          melemPerSec: task.elements / timing.median / 1e6,
          seconds: timing.seconds,
          composed: Boolean(cell.composed),
          samples: sample(task, await cell.output()),
        };
        result.cells[`${id}/${direction}`] = entry;
        progress(task, `${id} ${direction}: ${entry.melemPerSec.toFixed(0)} M elem/s (${timing.seconds.length} reps)`);
      } catch (error) {
        result.cells[`${id}/${direction}`] = { error: oneLine(error) };
        progress(task, `${id} ${direction}: failed: ${oneLine(error)}`);
      } finally {
        await cell?.dispose?.();
      }
    }
  }
  if (task.matmul && column.matmul) {
    for (const threads of task.matmul.threads) {
      let product;
      try {
        product = await column.matmul(threads);
        if (!product) continue;
        const { m, k, n } = product;
        const timing = await time(task, product.run, task.matmul.timing);
        const output = await product.output();
        const entry = {
          threads,
          m,
          k,
          n,
          gflopPerSec: (2 * m * k * n) / timing.median / 1e9,
          seconds: timing.seconds,
          note: product.note ?? '',
          samples: task.matmul.sampleIndices.filter((i) => i < m * n).map((i) => output[i]),
        };
        result.matmul.push(entry);
        progress(task, `matmul ${m}×${k}·(${n}×${k})ᵀ, ${threads} thread${threads > 1 ? 's' : ''}: ${entry.gflopPerSec.toFixed(1)} GFLOP/s (${timing.seconds.length} reps)`);
      } catch (error) {
        result.matmul.push({ threads, error: oneLine(error) });
        progress(task, `matmul (${threads} thread${threads > 1 ? 's' : ''}): failed: ${oneLine(error)}`);
      } finally {
        await product?.dispose?.();
      }
    }
  }
  writeResult(task, result);
}

export function oneLine(error) {
  return String(error instanceof Error ? error.message : error).split('\n')[0].slice(0, 300);
}
