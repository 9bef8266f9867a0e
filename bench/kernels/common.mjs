/**
 * What every measuring child process of `npm run bench` shares: the task it was given (a JSON
 * file named on its command line), the input data (raw little-endian float32 files written once
 * by the parent, so every column sees the same numbers), the timing rule, and the protocol.
 *
 * Protocol: the child sets itself up and prints `@@ready <json info>`; then it answers each
 * request line on stdin (`{"cmd":"cells","activations":[…]}`, `{"cmd":"matmul"}`,
 * `{"cmd":"copy"}`, `{"cmd":"exit"}`) with one `@@reply <json>` line on stdout. The parent
 * interleaves the columns cell by cell, so a change in the machine's load (it is shared) hits
 * every column alike. A failure is one `@@error <message>` line, never a stack trace. Other
 * output (a library's chatter) is passed on to stderr by the parent.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

function send(kind, payload) {
  process.stdout.write(`@@${kind} ${JSON.stringify(payload)}\n`);
}

/**
 * Runs a child: `setup(task)` loads the peer and returns the column (see {@link serve}); then
 * requests are answered until `exit` or the end of stdin.
 */
export async function runChild(setup) {
  const task = readTask();
  let column;
  try {
    column = await setup(task);
  } catch (error) {
    send('error', oneLine(error));
    process.exit(1);
  }
  send('ready', column.info ?? {});
  for await (const line of createInterface({ input: process.stdin })) {
    if (!line.trim()) continue;
    const request = JSON.parse(line);
    if (request.cmd === 'exit') break;
    try {
      if (request.cmd === 'cells') send('reply', await measureCells(task, column, request));
      else if (request.cmd === 'matmul') send('reply', await measureMatmul(task, column));
      else if (request.cmd === 'copy' && column.copy) send('reply', await measureCopy(task, column.copy));
      else if (request.cmd === 'stream' && column.streams) send('reply', await measureStreams(task, column.streams));
      else send('error', `unknown request ${request.cmd}`);
    } catch (error) {
      send('error', oneLine(error));
    }
  }
  process.exit(0);
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

/** One progress line on stderr, prefixed with the column's name. */
export function progress(task, text) {
  process.stderr.write(`  [${task.column}] ${text}\n`);
}

/**
 * Times `run` (sync or async): one untimed warm-up call (JIT, page faults of the output, lazy
 * set-up), then repetitions until about `timing.seconds` have passed — at least `minReps`, at
 * most `maxReps`; a call slower than `slowSeconds` gets a single timed repetition.
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

async function measureCopy(task, copy) {
  const timing = await time(task, copy, task.copyTiming);
  const melemPerSec = task.elements / timing.median / 1e6;
  progress(task, `TypedArray.prototype.set: ${melemPerSec.toFixed(0)} M elem/s (${timing.seconds.length} reps)`);
  return { melemPerSec, seconds: timing.seconds };
}

/** The stream ceilings (`{ forward, backward }` runs): million elements/s and the timings of each. */
async function measureStreams(task, streams) {
  const reply = {};
  for (const [direction, run] of Object.entries(streams)) {
    const timing = await time(task, run, task.copyTiming);
    reply[direction] = { melemPerSec: task.elements / timing.median / 1e6, seconds: timing.seconds };
    progress(task, `WebAssembly stream, ${direction}: ${reply[direction].melemPerSec.toFixed(0)} M elem/s (${timing.seconds.length} reps)`);
  }
  return reply;
}

/** Cells being measured across rounds: `id/direction` → { cell, repsPerRound, seconds }. */
const pending = new Map();

/**
 * One round of the (activation, direction) cells of `activations`. The parent asks for
 * `rounds` rounds of each activation, going round every column each time, so that a burst of
 * load from the machine's other users is shared out. Round 0 sets a cell up
 * (`column.cell(id, direction)` returns `{ run, output, composed, dispose? }`, or `undefined`
 * when the peer has nothing for it), makes the untimed warm-up call and picks the repetitions
 * per round from it (see {@link time} for the rule); the last round replies with every timed
 * repetition and the output sampled at the parent's indices (it checks them against actlab's
 * float64 definitions). Earlier rounds reply only with errors.
 */
async function measureCells(task, column, { activations, round = 0, rounds = 1 }) {
  const { seconds: budget, minReps, maxReps, slowSeconds } = task.timing;
  const cells = {};
  for (const id of activations) {
    for (const direction of ['forward', 'backward']) {
      const key = `${id}/${direction}`;
      let state = pending.get(key);
      // A peer that cannot do one cell (an op it lacks, a gradient it cannot take) still does the others.
      try {
        if (round === 0) {
          const cell = await column.cell(id, direction);
          if (!cell) continue;
          state = { cell, seconds: [] };
          pending.set(key, state);
          const started = performance.now();
          await cell.run();
          const warm = (performance.now() - started) / 1000;
          const total = warm >= slowSeconds ? 1 : Math.min(maxReps, Math.max(minReps, Math.ceil(budget / Math.max(warm, 1e-6))));
          state.repsPerRound = Math.max(1, Math.round(total / rounds));
        }
        if (!state) continue;
        for (let r = 0; r < state.repsPerRound; r++) {
          const started = performance.now();
          await state.cell.run();
          state.seconds.push((performance.now() - started) / 1000);
        }
        if (round === rounds - 1) {
          const output = await state.cell.output();
          const entry = {
            melemPerSec: task.elements / median(state.seconds) / 1e6,
            seconds: state.seconds,
            composed: Boolean(state.cell.composed),
            samples: task.sampleIndices.map((i) => output[i]),
          };
          cells[key] = entry;
          progress(task, `${id} ${direction}: ${entry.melemPerSec.toFixed(0)} M elem/s (median of ${state.seconds.length})`);
          pending.delete(key);
          await state.cell.dispose?.();
        }
      } catch (error) {
        cells[key] = { error: oneLine(error) };
        progress(task, `${id} ${direction}: failed: ${oneLine(error)}`);
        pending.delete(key);
        await state?.cell.dispose?.();
      }
    }
  }
  return { cells };
}

/** The matrix product at each of `task.matmul.threads`: `column.matmul(threads)` as for cells. */
async function measureMatmul(task, column) {
  const products = [];
  for (const threads of task.matmul?.threads ?? []) {
    let product;
    try {
      product = await column.matmul?.(threads);
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
      products.push(entry);
      progress(task, `matmul ${m}×${k}·(${n}×${k})ᵀ, ${threads} thread${threads > 1 ? 's' : ''}: ${entry.gflopPerSec.toFixed(1)} GFLOP/s (${timing.seconds.length} reps)`);
    } catch (error) {
      products.push({ threads, error: oneLine(error) });
      progress(task, `matmul (${threads} thread${threads > 1 ? 's' : ''}): failed: ${oneLine(error)}`);
    } finally {
      await product?.dispose?.();
    }
  }
  return { matmul: products };
}

export function oneLine(error) {
  return String(error instanceof Error ? error.message : error).split('\n')[0].slice(0, 300);
}
