/**
 * The files a dependent project writes to use actlab (test/package-install.test.ts): scripts that
 * import every entry of the exports map from ESM and from CommonJS, one that watches the
 * WebAssembly module being compiled lazily, a strict TypeScript file using the documented API,
 * and the two browser scripts that get bundled.
 */

/** GELU(−1) = −Φ(1): what every face of the package must print. */
export const GELU_AT_MINUS_ONE = '-0.15865525393145705';

/** Imports every entry of the installed exports map; prints { entry: { ok, names } | { ok: false, code, message } }. */
export const IMPORT_ALL_ESM = `
import { readFileSync } from 'node:fs';
const pkg = JSON.parse(readFileSync(new URL('./node_modules/actlab/package.json', import.meta.url), 'utf8'));
const entries = {};
for (const key of Object.keys(pkg.exports)) {
  const specifier = key === '.' ? 'actlab' : 'actlab/' + key.slice(2);
  try {
    const module = key.endsWith('.json') ? await import(specifier, { with: { type: 'json' } }) : await import(specifier);
    entries[key] = { ok: true, names: Object.keys(module).length };
  } catch (error) {
    entries[key] = { ok: false, code: error.code, message: String(error.message).split('\\n')[0] };
  }
}
const { activation } = await import('actlab');
console.log(JSON.stringify({ entries, value: String(activation('gelu').f(-1)) }));
`;

/** The same from CommonJS with require (require(esm) on Node ≥ 20.19 / 22.12). */
export const REQUIRE_ALL_CJS = `
const pkg = require('./node_modules/actlab/package.json');
const entries = {};
for (const key of Object.keys(pkg.exports)) {
  const specifier = key === '.' ? 'actlab' : 'actlab/' + key.slice(2);
  try {
    entries[key] = { ok: true, names: Object.keys(require(specifier)).length };
  } catch (error) {
    entries[key] = { ok: false, code: error.code, message: String(error.message).split('\\n')[0] };
  }
}
let value;
try { value = String(require('actlab').activation('gelu').f(-1)); } catch {}
console.log(JSON.stringify({ entries, value }));
`;

/**
 * Counts WebAssembly compilations and decodes of the module's base64 around import, a scalar call and the first
 * array call, and times the import and that first call.
 */
export const LAZY_WASM = `
const counts = { compile: 0, decode: 0 };
const api = globalThis.WebAssembly;
api.Module = new Proxy(api.Module, { construct(target, args, newTarget) { counts.compile++; return Reflect.construct(target, args, newTarget); } });
for (const name of ['compile', 'instantiate']) {
  const original = api[name];
  api[name] = (...args) => { counts.compile++; return original.apply(api, args); };
}
const atob = globalThis.atob;
// The module's base64 is ~430 kB; the generated coefficient tables decode a few hundred bytes
// each at import (src/math/packed.ts), which is not what this counts.
globalThis.atob = (text) => { if (text.length > 10000) counts.decode++; return atob(text); };
const snapshot = () => ({ ...counts });

let start = performance.now();
const actlab = await import('actlab');
const importMs = performance.now() - start;
const afterImport = snapshot();
actlab.activation('gelu').f(-1);
actlab.activation('elu', { alpha: 0.5 }).df(-2);
const afterScalar = snapshot();
start = performance.now();
actlab.forward('gelu', new Float32Array([-1, 0, 1]));
const firstCallMs = performance.now() - start;
const afterArray = snapshot();
start = performance.now();
actlab.forward('gelu', new Float32Array([-1, 0, 1]));
const secondCallMs = performance.now() - start;
console.log(JSON.stringify({ afterImport, afterScalar, afterArray, importMs, firstCallMs, secondCallMs }));
`;

/**
 * Browser script 1: scalars only, from the registry alone (the bundle must leave the
 * WebAssembly and the formula parser out; `actlab` itself also reads formulas).
 */
export const SCALAR_SCRIPT = `
import { getActivation } from 'actlab/activations';
console.log(String(getActivation('gelu').f(-1)));
`;

/**
 * Browser script 2: float32 arrays through the default backend, and whether that backend was
 * WebAssembly (a kernel array lives in the module's memory only when the module loaded). Swish
 * has a fast float32 body: its WebAssembly bits differ from the TypeScript kernels' in the last
 * place for a third of these inputs, so the printed values tell the two backends apart.
 */
export const ARRAY_SCRIPT = `
import { allocateKernelArray, forward, isKernelArray } from 'actlab';
const x = new Float32Array(256).map((_, i) => (i - 128) / 16);
const gelu = Array.from(forward('gelu', x));
const swish = Array.from(forward('swish', x));
const wasm = isKernelArray(allocateKernelArray(1, 'float32'));
console.log('actlab-result ' + JSON.stringify({ gelu, swish, wasm }));
`;

/** Browser script 3: script 2 after `await loadKernels()` (asynchronous compilation). */
export const ARRAY_SCRIPT_LOADED = `
import { loadKernels } from 'actlab';
await loadKernels();
${ARRAY_SCRIPT.trim()}
`;

/** The README's library example, typed by a strict consumer. */
export const TYPED_USE = `
import { activation, backward, forward, gain, getActivation, properties } from 'actlab';

const gelu = activation('gelu');
const value: number = gelu.f(-1);
const slope: number = gelu.df(-1);
const curvature: number = gelu.d2f(-1);

const elu = activation('elu', { alpha: 0.5 });
const y32: Float32Array = elu.forward(new Float32Array([-1, 0, 1]));

const x = new Float64Array([-2, -0.5, 0, 1.5]);
const y64: Float64Array = forward('swish', x);
const { gradIn, paramGradients } = backward('prelu', x, new Float64Array([1, 1, 1, 1]), { params: { slope: 0.1 } });
const gradient: Float64Array = gradIn;
const slopeGradient: number | undefined = paramGradients['slope'];
const softmax: Float64Array = forward('softmax', new Float64Array([1, 2, 3, 1, 1, 1]), { rowLength: 3 });

const url: string = getActivation('gelu').reference.url;
const extrema = properties('gelu').extrema;
const gainValue: number = gain('gelu').gain;

export const used = [value, slope, curvature, y32, y64, gradient, slopeGradient, softmax, url, extrema, gainValue];
`;

/** A file importing every entry of the exports map (types resolve for each). */
export function typedSubpaths(exportKeys: readonly string[]): string {
  const keys = exportKeys.filter((key) => !key.endsWith('.json') && !key.includes('*'));
  return [
    ...keys.map((key, i) => `import * as entry${i} from '${key === '.' ? 'actlab' : `actlab/${key.slice(2)}`}';`),
    `export const entries = [${keys.map((_, i) => `entry${i}`).join(', ')}];`,
    '',
  ].join('\n');
}

/** Browser script 1b: scalars from the main entry, which reads formulas too (size printed, not held to the 50 KiB). */
export const SCALAR_FORMULA_SCRIPT = `
import { getActivation } from 'actlab';
console.log(String(getActivation('gelu').f(-1)), String(getActivation('z*sigmoid(z)').df(1, {})));
`;
