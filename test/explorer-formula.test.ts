/**
 * Formulas in the explorer's address and local storage: every key that names activations takes
 * formulas (with their own commas, labels, comparisons) and gives them back unchanged; a bad
 * formula in a list is dropped with a notice naming its column and the rest kept; the recent
 * list survives anything storage holds or does.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { getActivation } from '../src/activations/index.js';
import { isFormulaId, MAX_RECENT_FORMULAS, readFormula, recentFormulas, rememberFormula } from '../web/src/formulas.js';
import { parseState, serializeState, defaultState, type State } from '../web/src/state.js';
import { cliCommand, shellWord } from '../web/src/cli-command.js';

/** Formulas in z from a small grammar, with commas inside (max, min, where) and spaces. */
const expression: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('z', '0.1*z', '1.5', 'pi/2', 'e*z'),
    fc.tuple(tie('e'), fc.constantFrom(' + ', '-', '*', ' / '), tie('e')).map(([a, op, b]) => `${a}${op}${b}`),
    fc.tuple(fc.constantFrom('tanh', 'exp', 'sigmoid', 'softplus', 'gelu', 'abs', 'erf'), tie('e')).map(([f, a]) => `${f}(${a})`),
    fc.tuple(fc.constantFrom('max', 'min'), tie('e'), tie('e')).map(([f, a, b]) => `${f}(${a}, ${b})`),
    fc.tuple(fc.constantFrom('>', '<=', '=='), tie('e'), tie('e')).map(([op, a, b]) => `where(z ${op} 0, ${a}, ${b})`),
    tie('e').map((a) => `(${a})^2`),
  ),
})).e;

/** A formula as the state holds it: its canonical id (a label, when given, is part of it). */
const formula: fc.Arbitrary<string> = fc
  .tuple(fc.option(fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ]{0,10}[A-Za-z0-9]$/), { nil: undefined }), expression)
  .map(([label, text]) => getActivation(label === undefined ? text : `${label}=${text}`).id)
  .filter(isFormulaId);

const REGISTERED = ['relu', 'tanh', 'gelu', 'swish', 'elu', 'sigmoid'];
const activation = fc.oneof(formula, fc.constantFrom(...REGISTERED));
const uniqueList = (min: number, max: number) => fc.uniqueArray(activation, { minLength: min, maxLength: max });

describe('formulas in the address', () => {
  it('every activation key carries formulas (commas, labels, comparisons) and gives them back unchanged, without notices', () => {
    fc.assert(
      fc.property(uniqueList(1, 6), uniqueList(1, 6), uniqueList(1, 4), fc.array(activation, { minLength: 1, maxLength: 6 }), uniqueList(2, 6), fc.array(fc.tuple(activation, fc.constantFrom('he', 'lecun', 'gain')), { minLength: 1, maxLength: 4 }), (gallery, flow, dead, layers, race, pairs) => {
        const state: State = defaultState();
        state.gallery.acts = gallery;
        state.gallery.focus = gallery.length - 1;
        state.flow.acts = flow;
        state.dead.acts = dead;
        state.playground.acts = layers;
        state.playground.hidden = layers.map(() => 4);
        state.playground.race = race;
        state.selu.pairs = pairs.map(([id, init]) => `${id}:${init}`);
        const query = serializeState(state);
        const parsed = parseState(`?${query}`);
        expect(parsed.notices).toEqual([]);
        expect(parsed.state).toEqual(state);
        expect(serializeState(parsed.state)).toBe(query);
      }),
      { numRuns: 150 },
    );
  });

  it('a bad formula in a list is dropped with a notice that names its column; the others are kept in order', () => {
    // An unclosed parenthesis holds the rest of the list (there is no telling where it ends), so it comes last.
    const bad = fc.oneof(fc.constantFrom('z*tnah(z)', 'z^^2', 'where(z > 0, z)', 'constructor(z)', '__proto__*z', 'z +* 2').map((text) => [text, false] as const), fc.constantFrom('max(z, ', 'tanh(z').map((text) => [text, true] as const));
    fc.assert(
      fc.property(uniqueList(1, 4), bad, fc.nat(), (good, [broken, last], at) => {
        const list = [...good];
        list.splice(last ? list.length : at % (list.length + 1), 0, broken);
        const parsed = parseState(`?${new URLSearchParams({ 'f.acts': list.join(',') })}`);
        expect(parsed.state.flow.acts).toEqual(good);
        expect(parsed.notices).toHaveLength(1);
        const reading = readFormula(broken);
        expect('message' in reading).toBe(true);
        expect(parsed.notices[0]).toContain(`“${broken.trim()}” in f.acts ignored`);
        expect(parsed.notices[0]).toMatch(/at column \d+/);
      }),
      { numRuns: 100 },
    );
    expect(parseState('?f.acts=relu,z*tnah(z)').notices[0]).toBe('formula “z*tnah(z)” in f.acts ignored: unknown function "tnah" at column 3 — did you mean tanh?');
    expect(parseState('?f.acts=relu,max(z').notices[0]).toMatch(/^formula “max\(z” in f\.acts ignored: .* at column 6 .*\.$/);
  });

  it('the CLI command shown beside a run quotes a formula for the shell', () => {
    expect(cliCommand('gradient-flow', 1, 'default', { activations: 'relu,tanh', depths: '1,2' })).toBe('actlab run gradient-flow --seed 1 --rng default --set activations=relu,tanh --set depths=1,2');
    fc.assert(
      fc.property(formula, (f) => {
        const word = shellWord(`activations=relu,${f}`);
        // A POSIX shell reads a single-quoted word literally; an embedded ' is closed, escaped, reopened.
        const unquoted = word.startsWith("'") ? word.slice(1, -1).replaceAll(`'\\''`, "'") : word;
        expect(unquoted).toBe(`activations=relu,${f}`);
      }),
    );
  });
});

/** A local storage stand-in: a map, or one whose every call throws. */
function installStorage(initial: string | null, throws = false): Map<string, string> {
  const map = new Map<string, string>();
  if (initial !== null) map.set('actlab.recent-formulas', initial);
  const fail = () => {
    throw new Error('SecurityError: storage is disabled');
  };
  (globalThis as { localStorage?: unknown }).localStorage = {
    getItem: (key: string) => (throws ? fail() : (map.get(key) ?? null)),
    setItem: (key: string, value: string) => (throws ? fail() : void map.set(key, value)),
  };
  return map;
}

describe('recent formulas in local storage', () => {
  afterEach(() => {
    delete (globalThis as { localStorage?: unknown }).localStorage;
  });

  it('whatever storage holds, the list is at most eight good formulas, never throws', () => {
    const stored = fc.oneof(fc.string(), fc.jsonValue().map((v) => JSON.stringify(v)), fc.array(fc.oneof(formula, fc.string(), fc.constantFrom('relu', 'z*(', 'constructor', '__proto__')), { maxLength: 20 }).map((v) => JSON.stringify(v)));
    fc.assert(
      fc.property(stored, (text) => {
        installStorage(text);
        const recent = recentFormulas();
        expect(recent.length).toBeLessThanOrEqual(MAX_RECENT_FORMULAS);
        expect(new Set(recent).size).toBe(recent.length);
        for (const id of recent) {
          expect(isFormulaId(id)).toBe(true);
          expect(readFormula(id)).toMatchObject({ id });
        }
      }),
      { numRuns: 300 },
    );
  });

  it('remembers newest first, keeps eight, ignores registered names and bad formulas; storage that throws is no error', () => {
    const map = installStorage(null);
    for (let k = 1; k <= 10; k++) rememberFormula(`z*tanh(${k}*z)`);
    rememberFormula('relu');
    rememberFormula('z*(');
    rememberFormula('z*tanh(4*z)');
    expect(recentFormulas()).toEqual(['z*tanh(4*z)', 'z*tanh(10*z)', 'z*tanh(9*z)', 'z*tanh(8*z)', 'z*tanh(7*z)', 'z*tanh(6*z)', 'z*tanh(5*z)', 'z*tanh(3*z)']);
    expect(JSON.parse(map.get('actlab.recent-formulas') ?? '[]')).toHaveLength(MAX_RECENT_FORMULAS);
    installStorage('["z*tanh(z)"]', true);
    expect(recentFormulas()).toEqual([]);
    expect(() => rememberFormula('z*tanh(z)')).not.toThrow();
    delete (globalThis as { localStorage?: unknown }).localStorage;
    expect(recentFormulas()).toEqual([]);
    expect(() => rememberFormula('z*tanh(z)')).not.toThrow();
  });
});
