/**
 * The public types say what the calls return, so the README's TypeScript compiles under
 * `strict`: `activation('gelu').f(-1)` is an elementwise activation to the type checker,
 * `properties('gelu').extrema` exists, ids are a literal union read from the registry, and the
 * functional names are typed per activation. The assertions below are types (checked by
 * `npm run typecheck`); the last test compiles this file with the TypeScript compiler so that
 * `npx vitest run test/api-types.test.ts` alone fails when an overload regresses.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  ACTIVATION_IDS,
  activation,
  getActivation,
  properties,
  type Activation,
  type ActivationId,
  type BoundActivation,
  type BoundElementwise,
  type BoundVector,
  type ElementwiseActivation,
  type ElementwiseId,
  type ElementwisePropertySheet,
  type Extremum,
  type ParamsOf,
  type PropertySheet,
  type VectorActivation,
  type VectorId,
  type VectorPropertySheet,
} from '../src/index.js';
import { gelu, leakyRelu, relu, softmax } from '../src/functional.js';
import * as root from '../src/index.js';

const someName: string = 'gelu';

describe('ids are a literal union read from the registry', () => {
  it('ActivationId is exactly the registry ids, split into elementwise and vector ones', () => {
    expectTypeOf<ActivationId>().not.toEqualTypeOf<string>();
    expectTypeOf<'relu' | 'gelu' | 'leaky_relu' | 'hard_sigmoid'>().toMatchTypeOf<ElementwiseId>();
    expectTypeOf<'softmax' | 'log_softmax' | 'glu' | 'swiglu'>().toMatchTypeOf<VectorId>();
    expectTypeOf<'softmax'>().not.toMatchTypeOf<ElementwiseId>();
    expectTypeOf<'gelu'>().not.toMatchTypeOf<VectorId>();
    expectTypeOf<Exclude<ActivationId, ElementwiseId | VectorId>>().toBeNever();
    expectTypeOf<'hardSigmoid'>().not.toMatchTypeOf<ActivationId>();
    // the runtime list has the type's members, and every member is a registered id
    expectTypeOf(ACTIVATION_IDS).toEqualTypeOf<readonly ActivationId[]>();
    const kinds = ACTIVATION_IDS.map((id) => getActivation(id).kind);
    expect(kinds.filter((k) => k === 'vector')).toHaveLength(6);
  });

  it('parameters are typed per id', () => {
    expectTypeOf<ParamsOf<'elu'>>().toEqualTypeOf<{ readonly alpha?: number }>();
    expectTypeOf<ParamsOf<'hard_tanh'>>().toEqualTypeOf<{ readonly min_val?: number; readonly max_val?: number }>();
    expectTypeOf<keyof ParamsOf<'relu'>>().toBeNever();
  });
});

describe('lookups by a known name are typed by kind', () => {
  it('activation()', () => {
    expectTypeOf(activation('gelu')).toEqualTypeOf<BoundElementwise>();
    expectTypeOf(activation('silu')).toEqualTypeOf<BoundElementwise>(); // an alias
    expectTypeOf(activation('gelu', {} as Record<string, number>)).toEqualTypeOf<BoundElementwise>();
    expectTypeOf(activation('gelu').f(-1)).toEqualTypeOf<number>();
    expectTypeOf(activation('softmax')).toEqualTypeOf<BoundVector>();
    expectTypeOf(activation(someName)).toEqualTypeOf<BoundActivation>();
    expectTypeOf(activation(getActivation('elu'))).toEqualTypeOf<BoundElementwise>();
    // @ts-expect-error a vector activation has no scalar f
    activation('softmax').f;
    expect(activation('gelu').f(-1)).toBe(-0.15865525393145705);
  });

  it('getActivation()', () => {
    expectTypeOf(getActivation('gelu')).toEqualTypeOf<ElementwiseActivation>();
    expectTypeOf(getActivation('log_softmax')).toEqualTypeOf<VectorActivation>();
    expectTypeOf(getActivation(someName)).toEqualTypeOf<Activation>();
    expectTypeOf(getActivation('gelu').f).toBeFunction();
  });

  it('properties()', () => {
    // functions, not calls: the types are the point, and a sheet takes a second to compute
    expectTypeOf(() => properties('gelu')).returns.toEqualTypeOf<ElementwisePropertySheet>();
    expectTypeOf(() => properties('gelu').extrema).returns.toEqualTypeOf<readonly Extremum[]>();
    expectTypeOf(() => properties('softmax')).returns.toEqualTypeOf<VectorPropertySheet>();
    expectTypeOf(() => properties(someName)).returns.toEqualTypeOf<PropertySheet>();
  });
});

describe('the functional names', () => {
  it('a number gives a number, an array an array of its type', () => {
    expectTypeOf(relu(1)).toEqualTypeOf<number>();
    // (toMatchTypeOf: vitest's deep equality cannot compare typed arrays' generic methods)
    expectTypeOf(gelu(new Float32Array(2))).toMatchTypeOf<Float32Array>();
    expectTypeOf(gelu(new Float32Array(2))).not.toMatchTypeOf<Float64Array>();
    expectTypeOf(gelu(new Float64Array(2))).toMatchTypeOf<Float64Array>();
    expectTypeOf(gelu(new Float64Array(2))).not.toMatchTypeOf<Float32Array>();
    expectTypeOf(leakyRelu(-1, { negative_slope: 0.2 })).toEqualTypeOf<number>();
    expectTypeOf(softmax(new Float64Array(3), { rowLength: 3 })).toMatchTypeOf<Float64Array>();
    expectTypeOf(softmax(new Float64Array(3))).not.toMatchTypeOf<Float32Array>();
    // @ts-expect-error not a parameter of leaky_relu (the runtime refuses it too)
    expect(() => leakyRelu(-1, { slope: 0.2 })).toThrow(/negative_slope/);
    // @ts-expect-error softmax acts on a vector
    expect(() => softmax(1)).toThrow(/whole vector/);
    expectTypeOf(root.relu).toEqualTypeOf(relu);
  });
});

describe('this file compiles under strict (run by the TypeScript compiler)', () => {
  it('no diagnostics', { timeout: 60_000 }, () => {
    const configPath = join(import.meta.dirname, '..', 'tsconfig.json');
    const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
    if (!config) throw new Error('tsconfig.json did not parse');
    const program = ts.createProgram([join(import.meta.dirname, 'api-types.test.ts')], { ...config.options, noEmit: true });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n') + (d.file ? ` (${d.file.fileName})` : ''));
    expect(diagnostics).toEqual([]);
    expect(readFileSync(join(import.meta.dirname, 'api-types.test.ts'), 'utf8')).toContain('@ts-expect-error');
  });
});
