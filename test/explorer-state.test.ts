/** The explorer's address ⇄ state: round trips, and bad input falling back with notices. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, getActivation, resolveParams } from '../src/activations/index.js';
import type { ParamSpec } from '../src/activations/types.js';
import { deadNeurons } from '../src/experiments/dead-neurons.js';
import { gradientFlow } from '../src/experiments/gradient-flow.js';
import { CHAPTER_FIGURE_IDS } from '../src/figures/chapter.js';
import { PLAYGROUND_DEFAULTS } from '../src/nn/playground.js';
import { dataSeedOf, modelConfig } from '../web/src/panels/playground-model.js';
import { defaultState, getAt, parseState, serializeState, STATE_KEYS, type State } from '../web/src/state.js';
import type { ActivationsCodec, ChoiceCodec, IntegersCodec, NumberCodec, PairsCodec, SubsetCodec } from '../web/src/url-codecs.js';


/** A canonical text of a value (object keys sorted), so a state's hash does not depend on key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(value);
}

/** 32-bit FNV-1a of a text, as 8 hex digits. */
function fnv(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * Addresses (from the browser tests, the README and hand-made edge cases for every key) with
 * what the explorer made of them before the URL state became one table: the address it writes
 * back, a hash of the parsed state, and the notices. Recorded from the hand-written parser;
 * the table-driven one must give the same.
 */
const GOLDEN: readonly (readonly [url: string, query: string, stateHash: string, notices: readonly string[]])[] = [
  ["", "", "a777463c", []],
  ["?g.acts=relu", "g.acts=relu", "ccf96f15", []],
  ["?panel=figures", "panel=figures", "bc23f36f", []],
  ["?panel=figures&c.fig=gradient_flow&c.set=gradient-flow.units=abc;gradient-flow.bogus=1;gradient-flow.simulations=2", "panel=figures&c.fig=gradient_flow&c.set=gradient-flow.units%3Dabc%3Bgradient-flow.bogus%3D1%3Bgradient-flow.simulations%3D2", "a530f45e", []],
  ["?panel=flow&f.units=32&f.sims=4&f.depth=20&f.acts=relu,tanh&seed=5", "panel=flow&seed=5&f.acts=relu%2Ctanh&f.depth=20&f.units=32&f.sims=4", "612927ba", []],
  ["?panel=nonsense&g.acts=rleu,%25%25&g.x=1e999&seed=-5&zzz=%3Cscript%3E", "", "a777463c", ["unknown activation “rleu” in g.acts ignored.","unknown activation “%%” in g.acts ignored.","“g.acts=rleu,%%” ignored: expected 1 to 6 known activations; using the default.","“panel=nonsense” ignored: expected one of gallery, flow, dead, selu, playground, advisor, figures; using the default.","“seed=-5” ignored: expected an integer from 0 to 4294967295; using the default.","“g.x=1e999” ignored: expected a number from 0.5 to 50; using the default.","unknown setting “zzz” ignored."]],
  ["?panel=playground&p.data=xor", "panel=playground&p.data=xor", "e84949d0", []],
  ["?panel=playground&p.data=xor&p.race=relu,tanh,mish&p.speed=fast", "panel=playground&p.data=xor&p.race=relu%2Ctanh%2Cmish&p.speed=fast", "1d05488f", []],
  ["?panel=playground&p.hidden=5,3,2&p.acts=relu,swish,elu&p.data=spiral&seed=7", "panel=playground&seed=7&p.data=spiral&p.hidden=5%2C3%2C2&p.acts=relu%2Cswish%2Celu", "fc71b57d", []],
  ["?g.acts=silu,GELU,hardtanh", "g.acts=swish%2Cgelu%2Chard_tanh", "3e1c4765", []],
  ["?panel=nonsense&seed=-5&g.x=1e999&f.units=abc&g.acts=rleu&f.acts=softmax&p.lr=0&a.bn=maybe&zzz=1&g.params=elu.alpha:-1", "", "a777463c", ["unknown activation “rleu” in g.acts ignored.","“g.acts=rleu” ignored: expected 1 to 6 known activations; using the default.","“panel=nonsense” ignored: expected one of gallery, flow, dead, selu, playground, advisor, figures; using the default.","“seed=-5” ignored: expected an integer from 0 to 4294967295; using the default.","“g.params=elu.alpha:-1” ignored: expected activation.parameter:value for a shown activation; using the default.","“g.x=1e999” ignored: expected a number from 0.5 to 50; using the default.","“softmax” in f.acts ignored: it acts on whole vectors, this needs an elementwise activation.","“f.acts=softmax” ignored: expected 1 to 6 known elementwise activations; using the default.","“f.units=abc” ignored: expected an integer from 8 to 512; using the default.","“p.lr=0” ignored: expected a number from 0.00001 to 10; using the default.","“a.bn=maybe” ignored: expected 0 or 1; using the default.","unknown setting “zzz” ignored."]],
  ["?g.acts=softmax,swiglu,relu&f.acts=relu,glu", "g.acts=softmax%2Cswiglu%2Crelu&f.acts=relu", "f81b8555", ["“glu” in f.acts ignored: it acts on whole vectors, this needs an elementwise activation."]],
  ["?g.acts=relu,nope,tanh&p.hidden=5,5,5&p.acts=relu", "g.acts=relu%2Ctanh&p.hidden=5%2C5%2C5&p.acts=relu%2Crelu%2Crelu", "516803a9", ["unknown activation “nope” in g.acts ignored.","p.acts needs one activation per hidden layer (3); filled in with relu."]],
  ["?g.acts=%E0%A4%A&%%%", "", "a777463c", ["unknown activation “�%A” in g.acts ignored.","“g.acts=�%A” ignored: expected 1 to 6 known activations; using the default.","unknown setting “%%%” ignored."]],
  ["?panel=playground&seed=7&rng=numpy&g.acts=elu,mish&g.params=elu.alpha%3A0.5&g.focus=1&p.hidden=8,6,4&p.acts=relu,relu,swish&p.race=relu,gelu&a.concerns=dead_neurons,speed&c.set=gradient-flow.units%3D64", "panel=playground&seed=7&rng=numpy&g.acts=elu%2Cmish&g.params=elu.alpha%3A0.5&g.focus=1&p.hidden=8%2C6%2C4&p.acts=relu%2Crelu%2Cswish&p.race=relu%2Cgelu&a.concerns=dead_neurons%2Cspeed&c.set=gradient-flow.units%3D64", "8fac2ea9", []],
  ["?g.acts=elu,swish,prelu&g.params=elu.alpha:0.5;swish.beta:2;prelu.slope:0.1&g.x=12.5&g.focus=2", "g.acts=elu%2Cswish%2Cprelu&g.params=elu.alpha%3A0.5%3Bswish.beta%3A2%3Bprelu.slope%3A0.1&g.x=12.5&g.focus=2", "b36edd5b", []],
  ["?g.acts=elu&g.params=gelu.alpha:1;elu.alpha:2;bogus;elu.nope:3", "g.acts=elu&g.params=elu.alpha%3A2", "db349aff", ["“g.params=gelu.alpha:1” ignored: expected activation.parameter:value for a shown activation; using the default.","“g.params=bogus” ignored: expected activation.parameter:value for a shown activation; using the default.","“g.params=elu.nope:3” ignored: elu: parameter name must be one of: alpha, got \"nope\"; using the default."]],
  ["?g.acts=relu,tanh&g.focus=2", "g.acts=relu%2Ctanh", "84fe63fa", ["“g.focus=2” ignored: expected an integer from 0 to 1; using the default."]],
  ["?g.acts=relu,relu,tanh,tanh", "g.acts=relu%2Ctanh", "84fe63fa", []],
  ["?g.acts=a,b,c,d,e,f,g", "", "a777463c", ["unknown activation “a” in g.acts ignored.","unknown activation “b” in g.acts ignored.","unknown activation “c” in g.acts ignored.","unknown activation “d” in g.acts ignored.","unknown activation “e” in g.acts ignored.","unknown activation “f” in g.acts ignored.","unknown activation “g” in g.acts ignored.","“g.acts=a,b,c,d,e,f,g” ignored: expected 1 to 6 known activations; using the default."]],
  ["?g.acts=relu,tanh,gelu,elu,selu,mish,swish", "", "a777463c", ["“g.acts=relu,tanh,gelu,elu,selu,mish,swish” ignored: expected 1 to 6 known activations; using the default."]],
  ["?g.x=0.5&g.focus=0", "g.x=0.5", "38b43f3e", []],
  ["?g.x=50.0001", "", "a777463c", ["“g.x=50.0001” ignored: expected a number from 0.5 to 50; using the default."]],
  ["?panel=flow&f.acts=selu,elu,gelu,mish&f.depth=200&f.units=8&f.sims=1&f.gains=variance-preserving", "panel=flow&f.acts=selu%2Celu%2Cgelu%2Cmish&f.depth=200&f.units=8&f.sims=1&f.gains=variance-preserving", "1544eb61", []],
  ["?panel=flow&f.depth=0&f.units=513&f.sims=2.5&f.gains=none", "panel=flow", "b2426b14", ["“f.depth=0” ignored: expected an integer from 1 to 200; using the default.","“f.units=513” ignored: expected an integer from 8 to 512; using the default.","“f.sims=2.5” ignored: expected an integer from 1 to 200; using the default.","“f.gains=none” ignored: expected one of pytorch, variance-preserving; using the default."]],
  ["?panel=flow&f.acts=relu,relu,tanh", "panel=flow&f.acts=relu%2Ctanh", "dbe15fd8", []],
  ["?panel=dead&d.acts=relu,gelu&d.strategy=poor_init&d.lr=1.25&d.opt=adam&d.epochs=500&d.hidden=8,16,32,64", "panel=dead&d.acts=relu%2Cgelu&d.strategy=poor_init&d.lr=1.25&d.opt=adam&d.epochs=500&d.hidden=8%2C16%2C32%2C64", "74e32bf9", []],
  ["?panel=dead&d.strategy=bad&d.lr=11&d.opt=rmsprop&d.epochs=0&d.hidden=8,16,32,64,128", "panel=dead", "18992ed2", ["“d.strategy=bad” ignored: expected one of zero_bias, negative_bias, positive_bias, poor_init; using the default.","“d.lr=11” ignored: expected a number from 0.0001 to 10; using the default.","“d.opt=rmsprop” ignored: expected one of sgd, momentum, adam; using the default.","“d.epochs=0” ignored: expected an integer from 1 to 500; using the default.","“d.hidden=8,16,32,64,128” ignored: expected 1–4 integers from 1 to 128, comma-separated; using the default."]],
  ["?panel=dead&d.hidden=0&d.acts=relu,tanh,elu,gelu,mish", "panel=dead", "18992ed2", ["“d.acts=relu,tanh,elu,gelu,mish” ignored: expected 1 to 4 known elementwise activations; using the default.","“d.hidden=0” ignored: expected 1–4 integers from 1 to 128, comma-separated; using the default."]],
  ["?panel=dead&d.lr=0.0001&d.hidden=128&d.strategy=zero_bias", "panel=dead&d.strategy=zero_bias&d.lr=0.0001&d.hidden=128", "98e1be9a", []],
  ["?panel=selu&s.pairs=relu:he,selu:lecun&s.layers=200&s.units=2000", "panel=selu&s.pairs=relu%3Ahe%2Cselu%3Alecun&s.layers=200&s.units=2000", "f8c7eebb", []],
  ["?panel=selu&s.pairs=relu:bad,selu:lecun,softmax:he&s.layers=0&s.units=9", "panel=selu&s.pairs=selu%3Alecun", "52ab9cec", ["“s.pairs=relu:bad” ignored: expected activation:init with init one of he, lecun, gain; using the default.","“s.pairs=softmax:he” ignored: expected activation:init with init one of he, lecun, gain; using the default.","“s.layers=0” ignored: expected an integer from 1 to 200; using the default.","“s.units=9” ignored: expected an integer from 10 to 2000; using the default."]],
  ["?panel=selu&s.pairs=relu:he,relu:he,relu:he,relu:he,relu:he", "panel=selu", "777bac03", []],
  ["?panel=selu&s.pairs=SiLU:gain", "panel=selu&s.pairs=swish%3Again", "3b43f415", []],
  ["?panel=selu&s.pairs=", "panel=selu", "777bac03", []],
  ["?panel=playground&p.data=moons&p.noise=0.5&p.lr=10&p.opt=adam&p.batch=200&p.speed=slow", "panel=playground&p.data=moons&p.noise=0.5&p.lr=10&p.opt=adam&p.batch=200&p.speed=slow", "9ed6a96a", []],
  ["?panel=playground&p.data=circles&p.noise=0.6&p.lr=abc&p.opt=x&p.batch=0&p.speed=warp", "panel=playground", "29b20d19", ["“p.data=circles” ignored: expected one of circle, xor, gaussian, spiral, moons, reg-plane, reg-gauss; using the default.","“p.noise=0.6” ignored: expected a number from 0 to 0.5; using the default.","“p.lr=abc” ignored: expected a number from 0.00001 to 10; using the default.","“p.opt=x” ignored: expected one of sgd, momentum, adam; using the default.","“p.batch=0” ignored: expected an integer from 1 to 200; using the default.","“p.speed=warp” ignored: expected one of slow, normal, fast; using the default."]],
  ["?panel=playground&p.hidden=16,16,16,16,16,16&p.acts=relu,tanh", "panel=playground&p.hidden=16%2C16%2C16%2C16%2C16%2C16&p.acts=relu%2Ctanh%2Crelu%2Crelu%2Crelu%2Crelu", "e26fa7cc", ["p.acts needs one activation per hidden layer (6); filled in with relu."]],
  ["?panel=playground&p.hidden=17", "panel=playground", "29b20d19", ["“p.hidden=17” ignored: expected 1–6 integers from 1 to 16, comma-separated; using the default."]],
  ["?panel=playground&p.acts=softmax,relu", "panel=playground&p.acts=relu%2Crelu", "0f949eef", ["“softmax” in p.acts ignored: it acts on whole vectors, this needs an elementwise activation.","p.acts needs one activation per hidden layer (2); filled in with relu."]],
  ["?panel=playground&p.race=", "panel=playground", "29b20d19", []],
  ["?panel=playground&p.race=relu", "panel=playground", "29b20d19", ["“p.race=relu” ignored: expected 2 to 6 known elementwise activations; using the default."]],
  ["?panel=playground&p.race=relu,relu,tanh", "panel=playground&p.race=relu%2Ctanh", "c38fd7ce", []],
  ["?panel=playground&p.lr=0.00001&p.noise=0.25", "panel=playground&p.noise=0.25&p.lr=0.00001", "64d6a52c", []],
  ["?panel=advisor&a.layer=output&a.task=multiclass&a.concerns=bounded_output", "panel=advisor&a.layer=output&a.task=multiclass&a.concerns=bounded_output", "dc03febc", []],
  ["?panel=advisor&a.layer=hidden&a.arch=transformer&a.depth=48&a.bn=1&a.skip=true&a.domain=vision", "panel=advisor&a.arch=transformer&a.depth=48&a.bn=1&a.skip=1&a.domain=vision", "c0e16fb2", []],
  ["?panel=advisor&a.layer=top&a.arch=x&a.depth=0&a.bn=2&a.skip=no&a.task=x&a.domain=x&a.concerns=speed,flying", "panel=advisor&a.concerns=speed", "f2aadae5", ["“a.layer=top” ignored: expected one of hidden, output, gate; using the default.","“a.arch=x” ignored: expected one of mlp, deep_mlp, cnn, resnet, transformer, rnn, gan_generator, gan_discriminator, vae_encoder; using the default.","“a.depth=0” ignored: expected an integer from 1 to 1000; using the default.","“a.bn=2” ignored: expected 0 or 1; using the default.","“a.skip=no” ignored: expected 0 or 1; using the default.","“a.task=x” ignored: expected one of binary, multiclass, regression, bounded_regression, multilabel; using the default.","“a.domain=x” ignored: expected one of nlp, vision; using the default.","“a.concerns=speed,flying” ignored: expected some of dead_neurons, vanishing_gradients, speed, smoothness, bounded_output; using the default."]],
  ["?panel=advisor&a.bn=0&a.skip=false&a.concerns=", "panel=advisor", "178b3566", []],
  ["?panel=figures&c.fig=ffn_outputs&c.set=transformer-ffn.tokens=64;transformer-ffn.dModel=32", "panel=figures&c.fig=ffn_outputs&c.set=transformer-ffn.tokens%3D64%3Btransformer-ffn.dModel%3D32", "8184f6cd", []],
  ["?panel=figures&c.fig=nope&c.set=bad;=1;x.y=;Gradient.units=1;a.b-c=1", "panel=figures&c.set=x.y%3D", "62bada30", ["“c.set=bad” ignored: expected experiment.setting=value; using the default.","“c.set==1” ignored: expected experiment.setting=value; using the default.","“c.set=Gradient.units=1” ignored: expected experiment.setting=value; using the default.","“c.set=a.b-c=1” ignored: expected experiment.setting=value; using the default.","“c.fig=nope” ignored: expected one of classical, relu_variants, modern, gradient_flow, xor_convergence, ffn_outputs; using the default."]],
  ["?seed=0&rng=numpy", "seed=0&rng=numpy", "7d88ab4e", []],
  ["?seed=4294967295&rng=mt", "seed=4294967295", "940ecd0b", ["“rng=mt” ignored: expected one of default, numpy; using the default."]],
  ["?seed=4294967296", "", "a777463c", ["“seed=4294967296” ignored: expected an integer from 0 to 4294967295; using the default."]],
  ["?seed=1.5", "", "a777463c", ["“seed=1.5” ignored: expected an integer from 0 to 4294967295; using the default."]],
  ["?seed=%20", "", "a777463c", ["“seed= ” ignored: expected an integer from 0 to 4294967295; using the default."]],
  ["?seed=0x10", "seed=16", "ef119867", []],
  ["?seed=1e3", "seed=1000", "078db6a5", []],
  ["?g.x=1e1&p.lr=.5&d.lr=5e-1", "g.x=10&p.lr=0.5", "1e6c6622", []],
  ["?seed=5&seed=6", "seed=5", "ab265fb1", []],
  ["?panel=gallery&seed=42&rng=default", "", "a777463c", []],
  ["?unknown=1&other=2&g.acts=relu", "g.acts=relu", "ccf96f15", ["unknown setting “unknown” ignored.","unknown setting “other” ignored."]],
  ["?g.acts=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "", "a777463c", ["unknown activation “xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx” in g.acts ignored.","“g.acts=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…” ignored: expected 1 to 6 known activations; using the default."]],
];

/**
 * Fields of the state added after the recording (the playground's features, penalty, split,
 * data regeneration and discretised output): left out of the recorded hash, and at their
 * defaults in every recorded address (none of which names them).
 */
const ADDED_FIELDS = { playground: ['trainPercent', 'regen', 'features', 'regularization', 'regularizationRate', 'discretize'] } as const;

/** The state without {@link ADDED_FIELDS}, as the recording saw it. */
function recorded(state: State): unknown {
  const copy = structuredClone(state) as unknown as Record<string, Record<string, unknown>>;
  delete copy.data; // the "Real data" panel's section, added after the recording
  for (const [section, fields] of Object.entries(ADDED_FIELDS)) for (const field of fields) delete copy[section]?.[field];
  return copy;
}

/**
 * Deliberate changes: p.data's notice lists the regression sets too (reg-plane, reg-gauss);
 * an s.pairs list of the wrong length (none, or more than four pairs) fell
 * back to the default silently; it now says so, as every other key does.
 */
const ADDED_NOTICES: Readonly<Record<string, readonly string[]>> = {
  '?panel=selu&s.pairs=relu:he,relu:he,relu:he,relu:he,relu:he': ['“s.pairs=relu:he,relu:he,relu:he,relu:he,relu:he” ignored: expected 1 to 4 activation:init pairs; using the default.'],
  '?panel=selu&s.pairs=': ['“s.pairs=” ignored: expected 1 to 4 activation:init pairs; using the default.'],
};

describe('explorer URL state: the same addresses give the same state as the hand-written parser', () => {
  it.each(GOLDEN.map((row) => [row[0] || '(empty)', row] as const))('%s', (_, [url, query, hash, notices]) => {
    const parsed = parseState(url);
    expect(serializeState(parsed.state)).toBe(query);
    expect(fnv(canonical(recorded(parsed.state)))).toBe(hash);
    for (const field of ADDED_FIELDS.playground) expect(parsed.state.playground[field]).toEqual(defaultState().playground[field]);
    // The same notices; they now come in the table's order (the order keys are written in).
    // The panel list names the "Real data" panel (data), added after the recording.
    const withData = notices.map((n) => n.replace('playground, advisor', 'playground, data, advisor'));
    expect([...parsed.notices].sort()).toEqual([...withData, ...(ADDED_NOTICES[url] ?? [])].sort());
  });
});

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
    Object.assign(state.playground, { features: ['x1sq', 'x2sq', 'sinx1'], regularization: 'l1', regularizationRate: 0.003, trainPercent: 70, regen: 3, discretize: true, dataset: 'reg-gauss' });
    state.advisor.concerns = ['dead_neurons', 'speed'];
    state.figures.sets = { 'gradient-flow.units': '64' };
    const query = serializeState(state);
    expect(parseState(`?${query}`)).toEqual({ state, notices: [] });
  });

  it("checks a constraint between parameters on the whole set, in any order (rrelu's lower ≤ upper)", () => {
    for (const order of ['rrelu.lower:0.4;rrelu.upper:0.5', 'rrelu.upper:0.5;rrelu.lower:0.4']) {
      const { state, notices } = parseState(`?g.acts=rrelu&g.params=${order}`);
      expect(notices, order).toEqual([]);
      expect(state.gallery.params, order).toEqual({ rrelu: { lower: 0.4, upper: 0.5 } });
    }
    // A set that breaks it keeps, in order, what holds: the item that breaks it gets the notice.
    const { state, notices } = parseState('?g.acts=rrelu&g.params=rrelu.lower:0.2;rrelu.upper:0.1');
    expect(state.gallery.params).toEqual({ rrelu: { lower: 0.2 } });
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/rrelu\.upper:0\.1/);
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

  it("reads the playground's features, penalty, split, regeneration and discretised output", () => {
    const { state, notices } = parseState('?panel=playground&p.data=reg-plane&p.feat=x1,x1x2,sinx2&p.reg=l2&p.rrate=0.3&p.train=70&p.regen=2&p.disc=1');
    expect(notices).toEqual([]);
    expect(state.playground).toMatchObject({ dataset: 'reg-plane', features: ['x1', 'x1x2', 'sinx2'], regularization: 'l2', regularizationRate: 0.3, trainPercent: 70, regen: 2, discretize: true });
    expect(serializeState(state)).toBe('panel=playground&p.data=reg-plane&p.train=70&p.regen=2&p.feat=x1%2Cx1x2%2Csinx2&p.reg=l2&p.rrate=0.3&p.disc=1');
  });

  it.each([
    ['p.train=95', 'p.train', 'an integer from 10 to 90'],
    ['p.train=5', 'p.train', 'an integer from 10 to 90'],
    ['p.train=55.5', 'p.train', 'an integer from 10 to 90'],
    ['p.rrate=11', 'p.rrate', 'a number from 0 to 10'],
    ['p.rrate=-0.1', 'p.rrate', 'a number from 0 to 10'],
    ['p.reg=L3', 'p.reg', 'one of none, l1, l2'],
    ['p.feat=', 'p.feat', 'at least one of x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2'],
    ['p.feat=cosx1,tanx2', 'p.feat', 'at least one of'],
    ['p.regen=-1', 'p.regen', 'an integer from 0 to 4294967295'],
    ['p.disc=maybe', 'p.disc', '0 or 1'],
  ])('%s falls back to the default with a notice', (query, key, why) => {
    const { state, notices } = parseState(`?${query}`);
    expect(state.playground).toEqual(defaultState().playground);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain(key);
    expect(notices[0]).toContain(why);
  });

  it('Regenerate gives a new data seed per regeneration, never the network seed or its neighbours', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4294967295 }), (seed) => {
        expect(dataSeedOf(seed, 0)).toBe(seed);
        const seeds = Array.from({ length: 50 }, (_, k) => dataSeedOf(seed, k + 1));
        expect(new Set([seed, seed + 1, seed + 2, ...seeds]).size).toBe(53);
        expect(seeds.every((s) => Number.isInteger(s) && s >= 0 && s <= 4294967295)).toBe(true);
      }),
      { numRuns: 50 },
    );
    const { state } = parseState('?seed=7&p.regen=3&p.train=30&p.feat=x1sq&p.reg=l1&p.rrate=1&p.disc=1');
    expect(modelConfig(state.playground, state.seed)).toEqual({ features: ['x1sq'], regularization: 'l1', regularizationRate: 1, trainRatio: 0.3, dataSeed: dataSeedOf(7, 3), discretize: true });
  });

  it('keeps the known features of a partly bad list, with a notice', () => {
    const { state, notices } = parseState('?p.feat=x2sq,cosx1');
    expect(state.playground.features).toEqual(['x2sq']);
    expect(notices).toEqual(['“p.feat=x2sq,cosx1” ignored: expected some of x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2; using the default.']);
  });

  it('survives malformed percent-encoding and huge input', () => {
    expect(() => parseState('?g.acts=%E0%A4%A&%%%')).not.toThrow();
    const { state } = parseState(`?g.acts=${'x'.repeat(10_000)}`);
    expect(state.gallery.acts).toEqual(defaultState().gallery.acts);
  });
});

// ───────────────────────── properties over the whole table ─────────────────────────

type AnyCodec = ChoiceCodec<string> | NumberCodec<State> | ActivationsCodec | IntegersCodec | SubsetCodec<string> | PairsCodec | { kind: 'boolean' | 'parameters' | 'settings' };
const codecOf = (entry: (typeof STATE_KEYS)[number]) => entry.type as unknown as AnyCodec;
const ELEMENTWISE = ACTIVATIONS.filter((a) => a.kind === 'elementwise').map((a) => a.id);
const ALL_IDS = ACTIVATIONS.map((a) => a.id);
/** Numbers as the address writes them: no −0 (it is written "0"). */
const plusZero = (v: number) => (v === 0 ? 0 : v);

/** Values of one key that the explorer may hold; `state` is the state built so far (keys before this one). */
function validValue(codec: AnyCodec, state: State): fc.Arbitrary<unknown> {
  switch (codec.kind) {
    case 'choice':
      return fc.constantFrom(...codec.values);
    case 'number': {
      const max = typeof codec.max === 'function' ? codec.max(state) : codec.max;
      return codec.integer ? fc.integer({ min: codec.min, max }) : fc.double({ min: codec.min, max, noNaN: true }).map(plusZero);
    }
    case 'boolean':
      return fc.boolean();
    case 'activations': {
      const list = fc.array(fc.constantFrom(...(codec.vector ? ALL_IDS : ELEMENTWISE)), { minLength: codec.minCount, maxLength: codec.maxCount }).filter((ids) => !codec.unique || new Set(ids).size === ids.length);
      return codec.emptyIsNone ? fc.oneof(fc.constant([]), list) : list;
    }
    case 'integers':
      return fc.array(fc.integer({ min: codec.min, max: codec.max }), { minLength: codec.minCount, maxLength: codec.maxCount });
    case 'subset':
      return fc.subarray([...codec.values], { minLength: codec.minCount });
    case 'pairs':
      return fc.array(fc.tuple(fc.constantFrom(...ELEMENTWISE), fc.constantFrom(...codec.inits)).map(([id, init]) => `${id}:${init}`), { minLength: codec.minCount, maxLength: codec.maxCount });
    case 'parameters':
      return parameterValues(state.gallery.acts);
    case 'settings':
      return fc.dictionary(
        fc.tuple(fc.stringMatching(/^[a-z-]{1,12}$/), fc.stringMatching(/^[a-zA-Z]{1,12}$/)).map(([e, s]) => `${e}.${s}`),
        fc.string({ maxLength: 12 }).filter((v) => !v.includes(';')),
        { maxKeys: 3 },
      );
  }
}

/** Non-default parameters the registry accepts, for some of the shown activations. */
function parameterValues(shown: readonly string[]): fc.Arbitrary<Record<string, Record<string, number>>> {
  const entries = shown.flatMap((id) => Object.entries(getActivation(id).params).map(([name, spec]) => ({ id, name, spec })));
  if (entries.length === 0) return fc.constant({});
  const value = (spec: ParamSpec) => fc.double({ min: spec.min ?? -5, max: spec.max ?? 5, noNaN: true }).map(plusZero);
  return fc
    .subarray(entries)
    .chain((chosen) => fc.tuple(...chosen.map((e) => value(e.spec).map((v) => [e, v] as const))))
    .map((pairs) => {
      const out: Record<string, Record<string, number>> = {};
      for (const [e, v] of pairs) (out[e.id] ??= {})[e.name] = v;
      return out;
    })
    .filter((out) => Object.entries(out).every(([id, values]) => {
      try {
        resolveParams(getActivation(id), values);
        return true;
      } catch {
        return false;
      }
    }));
}

/** A whole valid state: every key of the table drawn in table order (later keys see earlier ones). */
const validState: fc.Arbitrary<State> = STATE_KEYS.reduce<fc.Arbitrary<State>>(
  (arbitrary, entry) =>
    arbitrary.chain((state) =>
      validValue(codecOf(entry), state).map((value) => {
        const next = structuredClone(state);
        const [section, field] = entry.path.split('.') as [keyof State, string | undefined];
        if (field === undefined) (next as unknown as Record<string, unknown>)[section] = value;
        else (next[section] as unknown as Record<string, unknown>)[field] = value;
        // The per-layer activations follow the layer count (the table mends a short list the same way).
        if (entry.key === 'p.acts') next.playground.acts = next.playground.hidden.map((_, l) => next.playground.acts[l] ?? next.playground.acts[0] ?? 'tanh');
        return next;
      }),
    ),
  fc.constant(defaultState()),
);

/** Text for one key that is not a value of it: it must fall back to the default with a notice. */
function garbage(codec: AnyCodec, state: State): fc.Arbitrary<string> {
  const unknownNames = fc.array(fc.stringMatching(/^[a-z]{1,8}$/).map((s) => `zz${s}`), { minLength: 1, maxLength: 4 }).map((names) => names.join(','));
  switch (codec.kind) {
    case 'choice':
      return fc.string({ maxLength: 20 }).filter((s) => !(codec.values as readonly string[]).includes(s));
    case 'number': {
      const max = typeof codec.max === 'function' ? codec.max(state) : codec.max;
      const outside = fc.oneof(fc.double({ max: codec.min, maxExcluded: true, noNaN: true }), fc.double({ min: max, minExcluded: true, noNaN: true }))
        .filter((v) => !(v >= codec.min && v <= max)) // −0 is "0"
        .map(String);
      const fraction = codec.integer ? [fc.double({ min: codec.min, max, noNaN: true }).filter((v) => !Number.isInteger(v)).map(String)] : [];
      return fc.oneof(outside, fc.constantFrom('', ' ', 'abc', 'NaN', '1e999', '--1'), ...fraction);
    }
    case 'boolean':
      return fc.string({ maxLength: 10 }).filter((s) => !['0', '1', 'true', 'false'].includes(s));
    case 'activations':
      return fc.oneof(unknownNames, fc.constant(Array.from({ length: codec.maxCount + 1 }, (_, i) => ELEMENTWISE[i]).join(',')));
    case 'integers':
      return fc.oneof(
        fc.array(fc.integer({ min: codec.max + 1, max: codec.max + 1000 }), { minLength: 1, maxLength: codec.maxCount }).map((v) => v.join(',')),
        fc.constant(Array.from({ length: codec.maxCount + 1 }, () => codec.min).join(',')),
        fc.constantFrom('', 'x', '1.5', '0', '-1'),
      );
    case 'subset':
    case 'pairs':
    case 'parameters':
      return unknownNames.map((s) => (codec.kind === 'pairs' ? s.replace(/,|$/g, ':he$&') : codec.kind === 'parameters' ? s.replace(/,/g, ';') : s));
    case 'settings':
      return fc.constantFrom('bad', '=1', 'Gradient.units=1', 'a.b-c=1', 'x.y;z');
  }
}

describe('explorer URL state: every key of the table', () => {
  it('the table has one entry per key and per field of the state, each default serialising to nothing', () => {
    expect(STATE_KEYS).toHaveLength(54);
    expect(new Set(STATE_KEYS.map((e) => e.key)).size).toBe(STATE_KEYS.length);
    expect(new Set(STATE_KEYS.map((e) => e.path)).size).toBe(STATE_KEYS.length);
    const d = defaultState();
    for (const entry of STATE_KEYS) expect(getAt(d, entry.path), entry.key).toEqual(entry.default);
  });

  it('the defaults are the library’s where it has them (playground, strategies, gains, figures)', () => {
    const d = defaultState();
    expect(d.playground).toMatchObject({ dataset: PLAYGROUND_DEFAULTS.dataset, noise: PLAYGROUND_DEFAULTS.noise, hidden: PLAYGROUND_DEFAULTS.hidden, acts: PLAYGROUND_DEFAULTS.activations, learningRate: PLAYGROUND_DEFAULTS.learningRate, optimizer: PLAYGROUND_DEFAULTS.optimizer, batchSize: PLAYGROUND_DEFAULTS.batchSize, features: PLAYGROUND_DEFAULTS.features, regularization: PLAYGROUND_DEFAULTS.regularization, regularizationRate: PLAYGROUND_DEFAULTS.regularizationRate, trainPercent: PLAYGROUND_DEFAULTS.trainRatio * 100 });
    const values = (key: string) => (codecOf(STATE_KEYS.find((e) => e.key === key) as (typeof STATE_KEYS)[number]) as ChoiceCodec<string>).values;
    expect(values('d.strategy')).toEqual(deadNeurons.settings.strategies.choices);
    expect(values('f.gains')).toEqual(gradientFlow.settings.gains.choices);
    expect(values('d.opt')).toEqual(deadNeurons.settings.optimizer.choices);
    expect(values('c.fig')).toEqual(CHAPTER_FIGURE_IDS);
    // Each default must itself be allowed.
    expect(parseState(`?${STATE_KEYS.map((e) => `${e.key}=${encodeURIComponent(e.type.format(e.default as never, d))}`).join('&')}`).notices.filter((n) => !n.startsWith('“p.race=”'))).toEqual([]);
  });

  it('any valid state serialises and parses back to itself, without notices', () => {
    fc.assert(
      fc.property(validState, (state) => {
        expect(parseState(`?${serializeState(state)}`)).toEqual({ state, notices: [] });
      }),
      { numRuns: 200 },
    );
  });

  it.each(STATE_KEYS.map((e) => [e.key, e] as const))('garbage in %s falls back to the default with a notice that names the key', (key, entry) => {
    const d = defaultState();
    fc.assert(
      fc.property(garbage(codecOf(entry), d), (text) => {
        const { state, notices } = parseState(`?${key}=${encodeURIComponent(text)}`);
        expect(getAt(state, entry.path)).toEqual(entry.default);
        expect(notices.length).toBeGreaterThan(0);
        expect(notices.join('\n')).toContain(key);
      }),
      { numRuns: 30 },
    );
  });
});
