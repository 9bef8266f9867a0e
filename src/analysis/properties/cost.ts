/**
 * The cost entry of a property sheet: transcendental calls per element, counted, and the
 * time per element through the kernels, measured.
 * @module
 */
import type { ElementwiseActivation, ParamValues } from '../../activations/types.js';
import { forward } from '../../kernels/index.js';
import type { Cost, PropertyOptions } from './types.js';

const TRANSCENDENTALS = ['exp', 'expm1', 'log', 'log1p', 'tanh', 'sinh', 'cosh', 'sqrt', 'pow', 'log2', 'atan', 'cbrt'] as const;

/**
 * Average calls per element to each transcendental Math function while evaluating g at the
 * sample points — counted by wrapping the Math functions for the duration of the count.
 */
function countCalls(g: (z: number) => number, samples: readonly number[]): Record<string, number> {
  const counts: Record<string, number> = {};
  const math = Math as unknown as Record<string, (...args: number[]) => number>;
  const originals = TRANSCENDENTALS.map((name) => [name, math[name]] as const);
  try {
    for (const [name, original] of originals) {
      math[name] = (...args: number[]) => {
        counts[name] = (counts[name] ?? 0) + 1;
        return (original as (...a: number[]) => number)(...args);
      };
    }
    for (const z of samples) g(z);
  } finally {
    for (const [name, original] of originals) math[name] = original as (...args: number[]) => number;
  }
  const perElement: Record<string, number> = {};
  for (const [name, count] of Object.entries(counts)) perElement[name] = Math.round((count / samples.length) * 100) / 100;
  return perElement;
}

function measureNanoseconds(def: ElementwiseActivation, p: ParamValues): number {
  const n = 1 << 16;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = -8 + (16 * i) / n;
  const out = new Float64Array(n);
  forward(def, x, { params: p, out });
  const times: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    forward(def, x, { params: p, out });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return Math.round(((times[2] as number) * 1e6) / n * 10) / 10;
}

/** Calls per element of f and f′ on 1000 points of [−6, 6], and (unless `timing: false`) ns per element. */
export function costOf(def: ElementwiseActivation, p: ParamValues, options: PropertyOptions): Cost {
  const costSamples: number[] = [];
  for (let i = 0; i < 1000; i++) costSamples.push(-6 + (12 * (i + 0.5)) / 1000);
  return {
    f: countCalls((z) => def.f(z, p), costSamples),
    df: countCalls((z) => def.df(z, p), costSamples),
    ...(options.timing === false ? {} : { nsPerElement: measureNanoseconds(def, p) }),
  };
}
