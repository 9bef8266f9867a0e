/**
 * Smoke test of `npm run bench` (bench/kernels.mjs): a quick run over a few activations with
 * every peer, checking the JSON's shape and that every column computed the activation actlab
 * defines (the script checks each output at sample points against actlab's float64 definitions).
 * Speeds are not asserted: the goals are checked by the benchmark itself, not by timed tests.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const SCRIPT = join(ROOT, 'bench', 'kernels.mjs');
const PEER_PACKAGES = ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', 'onnxruntime-node'];
const ACTIVATIONS = ['sigmoid', 'relu', 'gelu_tanh', 'hard_swish'];

function runBench(args: string[]) {
  return spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8', timeout: 55_000, maxBuffer: 16 << 20 });
}

interface Cell {
  melemPerSec?: number;
  composed?: boolean;
  error?: string;
  check?: { maxError: number; ok: boolean };
}
interface Report {
  config: { elements: number; activations: string[] };
  columns: { id: string; kind: string; available: boolean; skipped?: string; error?: string }[];
  copy: { melemPerSec: number };
  rows: {
    activation: string;
    direction: string;
    cells: Record<string, Cell>;
    /** Which actlab column the ratios use. */
    actlabColumn?: string;
    fastestPeer?: { column: string; melemPerSec: number };
    ratioToFastestPeer?: number;
    ratioToCopy?: number;
    goals: { peer: { target: number; met?: boolean }; copy?: { target: number; met?: boolean } };
  }[];
  matmul: { column: string; threads: number; gflopPerSec?: number; error?: string; check?: { ok: boolean } }[];
}

describe('npm run bench', () => {
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist', 'index.js'))) throw new Error('dist/ is missing: run "npm run build" (npm test does it first)');
    const require = createRequire(import.meta.url);
    const missing = PEER_PACKAGES.filter((name) => {
      try {
        require.resolve(`${name}/package.json`);
        return false;
      } catch {
        return true;
      }
    });
    if (missing.length > 0) {
      throw new Error(`bench peer package(s) not installed: ${missing.join(', ')} — they are devDependencies; run "npm ci"`);
    }
  });

  it('measures every column on a quick run and prints the JSON for tools', () => {
    const run = runBench(['--quick', '--json', '--activations', ACTIVATIONS.join(',')]);
    expect(run.error, String(run.error)).toBeUndefined();
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    const report = JSON.parse(run.stdout) as Report;

    expect(report.config.activations).toEqual(ACTIVATIONS);
    expect(report.copy.melemPerSec).toBeGreaterThan(0);
    const ids = report.columns.map((c) => c.id);
    for (const id of ['actlab', 'actlab-relaxed', 'actlab-ts', 'tfjs-cpu', 'tfjs-wasm', 'onnxruntime', 'numpy']) expect(ids).toContain(id);
    for (const column of report.columns) {
      // numpy may be absent from a machine, but then the report says why; nothing else may fail.
      if (column.id === 'numpy' && !column.available) expect(column.skipped).toMatch(/python3|numpy/);
      else expect(column, `${column.id}: ${column.error}`).toMatchObject({ available: true });
    }
    const measured = report.columns.filter((c) => c.available).map((c) => c.id);

    expect(report.rows.map((r) => `${r.activation}/${r.direction}`)).toEqual(ACTIVATIONS.flatMap((a) => [`${a}/forward`, `${a}/backward`]));
    for (const row of report.rows) {
      for (const id of measured) {
        const cell = row.cells[id];
        expect(cell, `${id} ${row.activation} ${row.direction}`).toBeDefined();
        expect(cell?.error, `${id} ${row.activation} ${row.direction}`).toBeUndefined();
        expect(cell?.melemPerSec).toBeGreaterThan(0);
        // Every peer computes the function actlab defines (same parameters, right derivative).
        expect(cell?.check, `${id} ${row.activation} ${row.direction}: ${cell?.check?.maxError}`).toMatchObject({ ok: true });
      }
      expect(row.fastestPeer).toBeDefined();
      // actlab's figure is the faster of its default dispatch and its zero-copy column.
      expect(['actlab', 'actlab-zero-copy']).toContain(row.actlabColumn);
      const ours = row.cells[row.actlabColumn as string]?.melemPerSec ?? NaN;
      expect(ours).toBeGreaterThanOrEqual(Math.max(row.cells.actlab?.melemPerSec ?? 0, row.cells['actlab-zero-copy']?.melemPerSec ?? 0));
      expect(row.ratioToFastestPeer).toBeCloseTo(ours / (row.fastestPeer?.melemPerSec ?? NaN), 10);
      expect(row.ratioToCopy).toBeGreaterThan(0);
      expect(row.goals.peer.target).toBe(1.5);
      if (row.direction === 'forward') expect(row.goals.copy?.target).toBe(row.activation === 'relu' ? 0.8 : 0.35);
      else expect(row.goals.copy).toBeUndefined();
    }
    // gelu_tanh and hard_swish have no tfjs op: the composed formula is marked.
    const geluTanh = report.rows.find((r) => r.activation === 'gelu_tanh' && r.direction === 'forward');
    expect(geluTanh?.cells['tfjs-wasm']?.composed).toBe(true);
    expect(geluTanh?.cells.onnxruntime?.composed).toBe(false);

    const products = report.matmul.map((r) => `${r.column}/${r.threads}`);
    for (const expected of ['actlab/1', 'actlab-relaxed/1', 'actlab-ts/1', 'tfjs-cpu/1', 'tfjs-wasm/1', 'onnxruntime/1', 'onnxruntime/2']) expect(products).toContain(expected);
    for (const product of report.matmul) {
      expect(product.error, `${product.column}: ${product.error}`).toBeUndefined();
      expect(product.gflopPerSec).toBeGreaterThan(0);
      expect(product.check?.ok, `${product.column} matmul differs from the float64 product`).toBe(true);
    }
  });

  it('rejects bad options in one line with exit status 2', () => {
    for (const [args, message] of [
      [['--fast'], /unknown option "--fast"; allowed: --json, --quick/],
      [['--activations', 'rleu'], /unknown activation "rleu".*relu/],
      [['--activations', 'softmax'], /softmax is a vector activation/],
      [['--peers', 'torch'], /unknown peer "torch"; allowed: tfjs-cpu, tfjs-wasm, onnxruntime, numpy, none/],
      [['--elements', 'many'], /--elements must be an integer/],
    ] as const) {
      const run = runBench([...args]);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(run.stdout).toBe('');
    }
  });
});
