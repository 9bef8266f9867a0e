/**
 * Every elementwise activation of the registry is covered where a test would otherwise skip it
 * silently (the accuracy and kernel tests loop over whatever fixtures and routes exist). For
 * each one, this fails unless there are:
 * - mpmath fixtures: test/fixtures/scalar/<id>.json (and params/<id>.json when it has
 *   parameters), made by `python3 test/fixtures/generate.py --only <id>`;
 * - a kernel route in src/kernels/descriptors.ts: a float32 body that the compiled module
 *   exports, or `typescriptOnly` with its reason;
 * - a property-sheet case: its limits of f and f′ at ±∞ in test/support/property-cases.ts;
 * - a conventions entry (src/activations/conventions.ts) rendered in docs/conventions.md.
 * And nothing names an id the registry does not have. CONTRIBUTING.md ("Adding an activation")
 * lists the files; this is its checklist in executable form.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, type ElementwiseActivation } from '../src/activations/index.js';
import { CONVENTIONS } from '../src/activations/conventions.js';
import { KERNEL_BODIES, KERNELS, type Layout } from '../src/kernels/descriptors.js';
import { WASM_FORWARD_IDS_FLOAT64, WASM_KERNEL_IDS, WASM_KERNEL_IDS_FLOAT64 } from '../src/kernels/index.js';
import { wasmKernels } from '../src/wasm/index.js';
import { DERIVATIVE_LIMITS, LIMITS } from './support/property-cases.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = join(root, 'test', 'fixtures');
const ELEMENTWISE = ACTIVATIONS.filter((a): a is ElementwiseActivation => a.kind === 'elementwise');
const IDS = new Set(ACTIVATIONS.map((a) => a.id));
const BODIES = new Map(KERNEL_BODIES.map((b) => [b.name, b]));

/** What is missing for one activation (empty when covered). */
function missing(a: ElementwiseActivation, exported: ReadonlySet<string> | undefined, docs: string): string[] {
  const gaps: string[] = [];
  if (!existsSync(join(fixtures, 'scalar', `${a.id}.json`))) gaps.push(`test/fixtures/scalar/${a.id}.json (python3 test/fixtures/generate.py --only ${a.id})`);
  if (Object.keys(a.params).length && !existsSync(join(fixtures, 'params', `${a.id}.json`))) gaps.push(`test/fixtures/params/${a.id}.json (PARAMETRISED in generate.py)`);
  const route = Object.hasOwn(KERNELS, a.id) ? KERNELS[a.id] : undefined;
  if (!route) gaps.push(`a KERNELS entry in src/kernels/descriptors.ts (a float32 layout, or typescriptOnly with the reason)`);
  else if (!route.float32 && !(route.typescriptOnly && route.typescriptOnly.length >= 20)) gaps.push('a float32 layout or a typescriptOnly reason (a sentence) in its KERNELS entry');
  else if (route.float32 && route.typescriptOnly) gaps.push('either a float32 layout or typescriptOnly in its KERNELS entry, not both');
  for (const [kind, layout, suffixes] of [
    ['float32', route?.float32, ['ForwardF32', 'BackwardF32']],
    ['float64', route?.float64, ['ForwardF64', 'BackwardF64']],
    ['forward64', route?.forward64, ['ForwardF64']],
  ] as [string, Layout | undefined, string[]][]) {
    if (!layout) continue;
    const body = BODIES.get(layout.body);
    if (!body) gaps.push(`${kind}: body "${layout.body}" in KERNEL_BODIES`);
    else if (kind === 'float64' && !body.float64) gaps.push(`${kind}: body "${layout.body}" has no float64 loops (float64: true)`);
    for (const suffix of suffixes) {
      if (exported && !exported.has(`${layout.body}${suffix}`)) gaps.push(`the export ${layout.body}${suffix} (npm run build:wasm)`);
    }
  }
  if (!Object.hasOwn(LIMITS, a.id) || !Object.hasOwn(DERIVATIVE_LIMITS, a.id)) gaps.push('its limits of f and f′ at ±∞ in test/support/property-cases.ts');
  if (!Object.hasOwn(CONVENTIONS, a.id)) gaps.push('a CONVENTIONS entry in src/activations/conventions.ts');
  if (!docs.includes(`### \`${a.id}\` — `)) gaps.push('its section in docs/conventions.md (node tools/generate-conventions.mjs)');
  return gaps;
}

describe('registry coverage: every elementwise activation is tested, routed, described', () => {
  const docs = readFileSync(join(root, 'docs', 'conventions.md'), 'utf8');
  const kernels = wasmKernels();
  const exported = kernels ? new Set(Object.keys(kernels.exports as object)) : undefined;

  it('the WebAssembly module is available (its exports are checked below)', () => {
    expect(kernels, 'no WebAssembly SIMD here: run on Node ≥ 20 without ACTLAB_WASM=0').toBeDefined();
  });

  for (const a of ELEMENTWISE) {
    it(`${a.id}: fixtures, kernel route, property-sheet case, conventions entry`, () => {
      expect(missing(a, exported, docs)).toEqual([]);
    });
  }

  it('the checks fail for an activation that lacks them (a stand-in with a new id)', () => {
    const stray = { ...ELEMENTWISE[0]!, id: 'not_registered', params: { alpha: { default: 1, description: 'x' } } } as ElementwiseActivation;
    const gaps = missing(stray, exported, docs);
    // scalar and params fixtures, kernel route, property case, conventions entry, docs section
    expect(gaps.length, gaps.join('\n')).toBe(6);
    expect(gaps[0]).toContain('generate.py --only not_registered');
  });

  it('fast bodies are f64x2 bodies, and every body some route uses', () => {
    const used = new Set(Object.values(KERNELS).flatMap((r) => [r.float32?.body, r.float64?.body, r.forward64?.body]));
    for (const body of KERNEL_BODIES) {
      expect(used.has(body.name), `${body.name} is routed to by no activation`).toBe(true);
      if (body.fastForward || body.fastBackward) expect(body.lanes, body.name).toBe('f64x2');
      if (exported && body.fastForward) expect(exported.has(`${body.name}FastForwardF32`), body.name).toBe(true);
      if (exported && body.fastBackward) expect(exported.has(`${body.name}FastBackwardF32`), body.name).toBe(true);
    }
  });

  it('nothing names an id the registry lacks; the routing lists are the table', () => {
    expect(Object.keys(KERNELS).filter((id) => !IDS.has(id))).toEqual([]);
    expect(Object.keys(LIMITS).filter((id) => !IDS.has(id))).toEqual([]);
    expect(Object.keys(CONVENTIONS).filter((id) => !IDS.has(id))).toEqual([]);
    const withKind = (kind: 'float32' | 'float64' | 'forward64') => Object.keys(KERNELS).filter((id) => KERNELS[id]?.[kind]);
    expect([...WASM_KERNEL_IDS]).toEqual(withKind('float32'));
    expect([...WASM_KERNEL_IDS_FLOAT64]).toEqual(withKind('float64'));
    expect([...WASM_FORWARD_IDS_FLOAT64]).toEqual([...withKind('float64'), ...withKind('forward64')]);
  });
});
