/** The explorer's address ⇄ state: round trips, and bad input falling back with notices. */
import { describe, expect, it } from 'vitest';
import { defaultState, parseState, serializeState } from '../web/src/state.js';

describe('explorer URL state', () => {
  it('the defaults serialise to an empty query and parse back without notices', () => {
    expect(serializeState(defaultState())).toBe('');
    expect(parseState('')).toEqual({ state: defaultState(), notices: [] });
  });

  it('round-trips a changed state', () => {
    const state = defaultState();
    state.panel = 'playground';
    state.seed = 7;
    state.rng = 'numpy';
    state.gallery.acts = ['elu', 'mish'];
    state.gallery.params = { elu: { alpha: 0.5 } };
    state.gallery.focus = 1;
    state.playground.hidden = [8, 6, 4];
    state.playground.acts = ['relu', 'relu', 'swish'];
    state.playground.race = ['relu', 'gelu'];
    state.advisor.concerns = ['dead_neurons', 'speed'];
    state.figures.sets = { 'gradient-flow.units': '64' };
    const query = serializeState(state);
    expect(parseState(`?${query}`)).toEqual({ state, notices: [] });
  });

  it('accepts aliases and returns canonical ids', () => {
    const { state, notices } = parseState('?g.acts=silu,GELU,hardtanh');
    expect(state.gallery.acts).toEqual(['swish', 'gelu', 'hard_tanh']);
    expect(notices).toEqual([]);
  });

  it('falls back to defaults with a notice for garbage, out-of-range values and unknown names', () => {
    const d = defaultState();
    const { state, notices } = parseState('?panel=nonsense&seed=-5&g.x=1e999&f.units=abc&g.acts=rleu&f.acts=softmax&p.lr=0&a.bn=maybe&zzz=1&g.params=elu.alpha:-1');
    expect(state.panel).toBe(d.panel);
    expect(state.seed).toBe(d.seed);
    expect(state.gallery.x).toBe(d.gallery.x);
    expect(state.flow.units).toBe(d.flow.units);
    expect(state.gallery.acts).toEqual(d.gallery.acts);
    expect(state.flow.acts).toEqual(d.flow.acts);
    expect(state.playground.learningRate).toBe(d.playground.learningRate);
    expect(state.advisor.batchNorm).toBe(d.advisor.batchNorm);
    expect(state.gallery.params).toEqual({});
    const text = notices.join('\n');
    for (const word of ['panel=nonsense', 'seed=-5', 'g.x=1e999', 'f.units=abc', 'rleu', 'softmax', 'p.lr=0', 'a.bn=maybe', 'zzz', 'elu.alpha:-1']) expect(text).toContain(word);
  });

  it('the gallery takes vector activations too (formula and sheet); the simulations do not', () => {
    const { state, notices } = parseState('?g.acts=softmax,swiglu,relu&f.acts=relu,glu');
    expect(state.gallery.acts).toEqual(['softmax', 'swiglu', 'relu']);
    expect(state.flow.acts).toEqual(['relu']);
    expect(notices).toEqual(['“glu” in f.acts ignored: it acts on whole vectors, this needs an elementwise activation.']);
  });

  it('keeps the known part of a partly bad list and repairs per-layer activations', () => {
    const { state, notices } = parseState('?g.acts=relu,nope,tanh&p.hidden=5,5,5&p.acts=relu');
    expect(state.gallery.acts).toEqual(['relu', 'tanh']);
    expect(state.playground.acts).toEqual(['relu', 'relu', 'relu']);
    expect(notices.some((n) => n.includes('nope'))).toBe(true);
    expect(notices.some((n) => n.includes('one activation per hidden layer'))).toBe(true);
  });

  it('survives malformed percent-encoding and huge input', () => {
    expect(() => parseState('?g.acts=%E0%A4%A&%%%')).not.toThrow();
    const { state } = parseState(`?g.acts=${'x'.repeat(10_000)}`);
    expect(state.gallery.acts).toEqual(defaultState().gallery.acts);
  });
});
