/** The advisor: the chapter's selection guide, numbers computed by the library, and `actlab advise`. */
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { ACTIVATION_IDS } from '../src/activations/index.js';
import {
  advise,
  AdvisorError,
  ARCHITECTURE_GUIDE,
  ARCHITECTURES,
  CONCERNS,
  FLOWCHART,
  LAYERS,
  TASK_GUIDE,
  TASKS,
  type Advice,
  type AdviceQuestion,
  type Architecture,
  type Task,
} from '../src/analysis/advisor.js';
import { ADVISE_HELP, commandAdvise, type AdviseIO } from '../src/cli/advise.js';
import { UsageError } from '../src/cli/args.js';
import { ActlabError } from '../src/errors.js';

const close = (actual: number, expected: number, tolerance: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance);

/** The reason whose numbers include `key` (first match). */
function numbersWith(advice: Advice, key: string): Record<string, number> {
  const reason = advice.reasons.find((r) => key in r.numbers);
  if (!reason) throw new Error(`no reason with ${key}: ${advice.reasons.map((r) => r.text).join(' | ')}`);
  return reason.numbers;
}

function expectAdvisorError(question: unknown, ...fragments: string[]): AdvisorError {
  let caught: unknown;
  try {
    advise(question as AdviceQuestion);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(AdvisorError);
  expect(caught).toBeInstanceOf(ActlabError);
  const error = caught as AdvisorError;
  expect(error.code).toBe('ADVISOR');
  for (const fragment of fragments) expect(error.message).toContain(fragment);
  return error;
}

// Independent implementations (not the library's) for checking its numbers.
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const phi = (z: number) => Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
/** erf by its Maclaurin series: exact to rounding for |x| < 1. */
function erfSeries(x: number): number {
  let sum = 0;
  let term = x;
  for (let n = 0; n < 60; n++) {
    sum += term / (2 * n + 1);
    term *= (-x * x) / (n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}
const Phi = (z: number) => 0.5 * (1 + erfSeries(z / Math.SQRT2));

describe('the chapter tables as data', () => {
  it('cover every architecture and task with actlab ids', () => {
    expect(Object.keys(ARCHITECTURE_GUIDE).sort()).toEqual([...ARCHITECTURES].sort());
    expect(Object.keys(TASK_GUIDE).sort()).toEqual([...TASKS].sort());
    for (const a of ARCHITECTURES) {
      for (const id of [...ARCHITECTURE_GUIDE[a].hidden, ...ARCHITECTURE_GUIDE[a].output.ids]) expect(ACTIVATION_IDS).toContain(id);
    }
    for (const t of TASKS) for (const id of [TASK_GUIDE[t].activation, ...TASK_GUIDE[t].alternatives]) expect(ACTIVATION_IDS).toContain(id);
    expect(ARCHITECTURE_GUIDE.transformer.chapter.notes).toBe('GELU is standard for NLP; Swish for vision');
    expect(TASK_GUIDE.multiclass.chapter).toEqual({ task: 'Multi-class Classification', activation: 'Softmax', loss: 'Cross-Entropy', outputRange: 'Probability simplex' });
    expect(FLOWCHART.map((s) => s.question)[0]).toBe('Is it an output layer?');
    expect(FLOWCHART).toHaveLength(5);
  });
});

describe('hidden layers: the architecture table and the flowchart', () => {
  const expected: Record<Architecture, string> = {
    mlp: 'relu',
    deep_mlp: 'selu',
    cnn: 'relu',
    resnet: 'relu',
    transformer: 'gelu',
    rnn: 'tanh',
    gan_generator: 'relu',
    gan_discriminator: 'leaky_relu',
    vae_encoder: 'relu',
  };
  for (const architecture of ARCHITECTURES) {
    it(`${architecture} → ${expected[architecture]}, one of the chapter's row`, () => {
      const advice = advise({ layer: 'hidden', architecture });
      expect(advice.recommendation).toBe(expected[architecture]);
      expect(ARCHITECTURE_GUIDE[architecture].hidden).toContain(advice.recommendation);
      // The row's other hidden activations are offered as alternatives.
      for (const other of ARCHITECTURE_GUIDE[architecture].hidden) if (other !== advice.recommendation) expect(advice.alternatives).toContain(other);
      expect(advice.alternatives).not.toContain(advice.recommendation);
      expect(advice.reasons.length).toBeGreaterThan(0);
    });
  }

  it('transformer for vision → swish', () => {
    expect(advise({ layer: 'hidden', architecture: 'transformer', domain: 'vision' }).recommendation).toBe('swish');
  });

  it('default: relu with He init, gain √2', () => {
    const advice = advise({ layer: 'hidden' });
    expect(advice.recommendation).toBe('relu');
    expect(advice.initialiser.scheme).toBe('he');
    close(advice.initialiser.gain, Math.SQRT2, 1e-12);
  });

  it('very deep without skip connections and batch norm → selu with lecun', () => {
    for (const architecture of [undefined, 'mlp', 'deep_mlp'] as const) {
      const advice = advise({ layer: 'hidden', depth: 30, ...(architecture ? { architecture } : {}) });
      expect(advice.recommendation).toBe('selu');
      expect(advice.initialiser.scheme).toBe('lecun');
      close(advice.initialiser.gain, 1, 1e-12);
    }
  });

  it('depth ≤ 20, skip connections or batch norm keep relu', () => {
    expect(advise({ layer: 'hidden', depth: 20 }).recommendation).toBe('relu');
    expect(advise({ layer: 'hidden', depth: 30, skipConnections: true }).recommendation).toBe('relu');
    expect(advise({ layer: 'hidden', depth: 30, batchNorm: true }).recommendation).toBe('relu');
    expect(advise({ layer: 'hidden', architecture: 'deep_mlp', batchNorm: true }).recommendation).toBe('relu');
    expect(advise({ layer: 'hidden', architecture: 'resnet', depth: 152 }).recommendation).toBe('relu');
  });

  it('SELU needs a fully connected network: a deep CNN keeps relu and says why', () => {
    const advice = advise({ layer: 'hidden', architecture: 'cnn', depth: 40 });
    expect(advice.recommendation).toBe('relu');
    expect(advice.reasons.some((r) => r.text.includes('fully-connected'))).toBe(true);
  });

  it('rnn gates → sigmoid, tanh as the alternative', () => {
    for (const q of [{ layer: 'gate' }, { layer: 'gate', architecture: 'rnn' }] as AdviceQuestion[]) {
      const advice = advise(q);
      expect(advice.recommendation).toBe('sigmoid');
      expect(advice.alternatives).toEqual(['tanh']);
    }
  });

  it('concerns: dead_neurons → leaky_relu, smoothness → elu', () => {
    const leaky = advise({ layer: 'hidden', concerns: ['dead_neurons'] });
    expect(leaky.recommendation).toBe('leaky_relu');
    expect(leaky.initialiser.scheme).toBe('he');
    close(leaky.initialiser.gain, Math.sqrt(2 / (1 + 0.01 ** 2)), 1e-12);
    expect(advise({ layer: 'hidden', concerns: ['smoothness'] }).recommendation).toBe('elu');
    expect(advise({ layer: 'hidden', concerns: ['dead_neurons', 'smoothness'] }).recommendation).toBe('elu');
    expect(advise({ layer: 'hidden', batchNorm: true, concerns: ['dead_neurons'] }).recommendation).toBe('leaky_relu');
    // Concerns do not override the flowchart's earlier branches.
    expect(advise({ layer: 'hidden', architecture: 'transformer', concerns: ['dead_neurons', 'speed'] }).recommendation).toBe('gelu');
    expect(advise({ layer: 'hidden', depth: 30, concerns: ['dead_neurons'] }).recommendation).toBe('selu');
  });
});

describe('output layers: the task table', () => {
  const expected: Record<Task, string> = {
    binary: 'sigmoid',
    multiclass: 'softmax',
    regression: 'linear',
    bounded_regression: 'sigmoid',
    multilabel: 'sigmoid',
  };
  for (const task of TASKS) {
    it(`${task} → ${expected[task]} with the chapter's loss and range`, () => {
      const advice = advise({ layer: 'output', task });
      expect(advice.recommendation).toBe(expected[task]);
      expect(advice.loss).toBe(TASK_GUIDE[task].chapter.loss);
      expect(advice.outputRange).toBe(TASK_GUIDE[task].chapter.outputRange);
      expect(advice.initialiser.scheme).toBe('xavier');
    });
  }

  it('architectures that fix the output: GAN generator tanh, discriminator sigmoid, VAE encoder linear', () => {
    expect(advise({ layer: 'output', architecture: 'gan_generator' }).recommendation).toBe('tanh');
    expect(advise({ layer: 'output', architecture: 'gan_generator' }).outputRange).toBe('(−1, 1)');
    expect(advise({ layer: 'output', architecture: 'gan_discriminator' }).recommendation).toBe('sigmoid');
    expect(advise({ layer: 'output', architecture: 'gan_discriminator', task: 'binary' }).recommendation).toBe('sigmoid');
    expect(advise({ layer: 'output', architecture: 'vae_encoder' }).recommendation).toBe('linear');
    expect(advise({ layer: 'output', architecture: 'cnn', task: 'multiclass' }).recommendation).toBe('softmax');
  });
});

describe('numbers in reasons are computed, and match independent calculations', () => {
  it('sigmoid′ ≤ 0.25 through 20 layers (or depth) scales gradients by 0.25^L', () => {
    const n = numbersWith(advise({ layer: 'hidden' }), 'gradientScale');
    close(n.sigmoidDerivativeMax as number, 0.25, 1e-15);
    expect(n.depth).toBe(20);
    close((n.gradientScale as number) / 9.094947017729282e-13, 1, 1e-12);
    close(n.gradientScale as number, 0.25 ** 20, 1e-24);
    expect(advise({ layer: 'hidden' }).reasons.some((r) => r.text.includes('9.1e−13'))).toBe(true);
    const deep = numbersWith(advise({ layer: 'hidden', depth: 30 }), 'gradientScale');
    close((deep.gradientScale as number) / 0.25 ** 30, 1, 1e-12);
    // Beyond float64's range the scale is reported by its exponent.
    const huge = advise({ layer: 'hidden', depth: 1000, skipConnections: true });
    close(numbersWith(huge, 'log10GradientScale').log10GradientScale as number, 1000 * Math.log10(0.25), 1e-9);
  });

  it('ReLU: f′ = 1 when active, E[f′²] = ½, He gain √2', () => {
    const advice = advise({ layer: 'hidden', architecture: 'cnn' });
    const active = numbersWith(advice, 'derivativeWhenActive');
    expect(active.derivativeWhenActive).toBe(1);
    close(active.meanDerivativeSquare as number, 0.5, 1e-12);
    const he = numbersWith(advice, 'gain');
    close(he.gain as number, Math.SQRT2, 1e-12);
    close(he.secondMoment as number, 0.5, 1e-12);
  });

  it('SELU: E[f] = 0 and E[f²] = 1 at N(0,1); relu mean 1/√(2π)', () => {
    const advice = advise({ layer: 'hidden', architecture: 'deep_mlp', depth: 30 });
    const selu = numbersWith(advice, 'meanSquare');
    expect(Math.abs(selu.mean as number)).toBeLessThan(1e-12);
    close(selu.meanSquare as number, 1, 1e-12);
    expect(advice.reasons.some((r) => r.text.includes('E[selu(z)] = 0.000, E[selu(z)²] = 1.000'))).toBe(true);
    close(numbersWith(advice, 'reluMean').reluMean as number, 1 / Math.sqrt(2 * Math.PI), 1e-12);
  });

  it('Leaky ReLU: f′ ≥ 0.01 everywhere; ReLU′ = 0 for half of N(0,1)', () => {
    const n = numbersWith(advise({ layer: 'hidden', concerns: ['dead_neurons'] }), 'derivativeMin');
    expect(n.derivativeMin).toBe(0.01);
    close(n.reluZeroGradientFraction as number, 0.5, 1e-12);
  });

  it('GELU and Swish minima match Newton on their own derivatives', () => {
    const gelu = numbersWith(advise({ layer: 'hidden', architecture: 'transformer' }), 'minimumAt');
    // GELU′ = Φ(z) + zφ(z) = 0; its derivative is φ(z)(2 − z²).
    let z = -0.75;
    for (let i = 0; i < 50; i++) z -= (Phi(z) + z * phi(z)) / (phi(z) * (2 - z * z));
    close(gelu.minimumAt as number, z, 1e-9);
    close(gelu.minimum as number, z * Phi(z), 1e-14);
    // Swish′ = σ(z)(1 + z(1 − σ(z))) = 0 ⇔ 1 + z(1 − σ(z)) = 0.
    const swish = numbersWith(advise({ layer: 'hidden', architecture: 'transformer', domain: 'vision' }), 'minimumAt');
    let w = -1.3;
    for (let i = 0; i < 50; i++) {
      const s = sigmoid(w);
      w -= (1 + w * (1 - s)) / (1 - s - w * s * (1 - s));
    }
    close(swish.minimumAt as number, w, 1e-9);
    close(swish.minimum as number, w * sigmoid(w), 1e-14);
  });

  it('softmax sums to 1 and matches exp/Σexp', () => {
    const n = numbersWith(advise({ layer: 'output', task: 'multiclass' }), 'sum');
    const e = [2, 1, 0.1].map(Math.exp);
    const total = e.reduce((a, b) => a + b, 0);
    close(n.p0 as number, (e[0] as number) / total, 1e-15);
    close(n.sum as number, 1, 1e-15);
    expect(n.shiftChange as number).toBeLessThan(1e-14);
  });

  it('sigmoid output range (0, 1), tanh (−1, 1)', () => {
    const s = numbersWith(advise({ layer: 'output', task: 'binary' }), 'supremum');
    expect([s.infimum, s.supremum]).toEqual([0, 1]);
    const t = numbersWith(advise({ layer: 'output', architecture: 'gan_generator' }), 'supremum');
    expect([t.infimum, t.supremum]).toEqual([-1, 1]);
  });

  it('every reason of every answer carries at least one finite number', () => {
    const questions: AdviceQuestion[] = [
      ...ARCHITECTURES.map((architecture) => ({ layer: 'hidden' as const, architecture, concerns: CONCERNS.filter((c) => c !== 'bounded_output') })),
      ...TASKS.map((task) => ({ layer: 'output' as const, task })),
      { layer: 'gate', concerns: ['bounded_output'] },
      { layer: 'hidden', depth: 50, batchNorm: false, skipConnections: false, concerns: ['speed', 'vanishing_gradients'] },
    ];
    for (const q of questions) {
      const advice = advise(q);
      expect(ACTIVATION_IDS).toContain(advice.recommendation);
      expect(Number.isFinite(advice.initialiser.gain)).toBe(true);
      for (const r of advice.reasons) {
        const values = Object.values(r.numbers);
        expect(values.length).toBeGreaterThan(0);
        for (const v of values) expect(Number.isFinite(v)).toBe(true);
      }
    }
  });
});

describe('bad and contradictory questions', () => {
  it('unknown values list the allowed ones', () => {
    expectAdvisorError({ layer: 'middle' }, ...LAYERS);
    expectAdvisorError({ layer: 'hidden', architecture: 'lstm' }, ...ARCHITECTURES);
    expectAdvisorError({ layer: 'output', task: 'ranking' }, ...TASKS);
    expectAdvisorError({ layer: 'hidden', concerns: ['memory'] }, ...CONCERNS);
    expectAdvisorError({ layer: 'hidden', domain: 'audio', architecture: 'transformer' }, 'nlp', 'vision');
    expectAdvisorError({ layer: 'hidden', archtecture: 'cnn' }, 'unknown question field', 'architecture');
    expectAdvisorError({}, 'layer', ...LAYERS);
    expect(expectAdvisorError({ layer: 'hidden', architecture: 'resnett' }).message).toContain('did you mean "resnet"');
  });

  it('contradictions get a clear message, not a guess', () => {
    expectAdvisorError({ layer: 'output' }, 'task', ...TASKS);
    expectAdvisorError({ layer: 'output', architecture: 'cnn' }, 'task', 'Softmax (classification)');
    expectAdvisorError({ layer: 'hidden', task: 'binary' }, 'task applies to output layers');
    expectAdvisorError({ layer: 'gate', task: 'binary' }, 'task applies to output layers');
    expectAdvisorError({ layer: 'hidden', architecture: 'resnet', skipConnections: false }, 'skip connections by definition');
    expectAdvisorError({ layer: 'gate', architecture: 'cnn' }, 'rnn');
    expectAdvisorError({ layer: 'hidden', architecture: 'deep_mlp', depth: 5 }, '>10 layers', 'mlp');
    expectAdvisorError({ layer: 'output', task: 'regression', concerns: ['bounded_output'] }, 'bounded_regression');
    expectAdvisorError({ layer: 'output', architecture: 'gan_generator', task: 'multiclass' }, 'Tanh');
    expectAdvisorError({ layer: 'hidden', concerns: ['bounded_output'] }, 'output', 'gate');
    expectAdvisorError({ layer: 'output', task: 'binary', concerns: ['dead_neurons'] }, 'hidden');
    expectAdvisorError({ layer: 'hidden', domain: 'vision' }, 'transformer');
    for (const depth of [0, -3, 2.5, Number.NaN, Infinity, '12']) expectAdvisorError({ layer: 'hidden', depth }, 'positive integer');
    expectAdvisorError({ layer: 'hidden', batchNorm: 'yes' }, 'true or false');
  });
});

// ─────────────────────────────── CLI ───────────────────────────────

function sink(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      text += String(chunk);
      callback();
    },
  });
  return { stream, text: () => text };
}

function fakeIO(lines: string[], isTTY: boolean): { io: AdviseIO; out: () => string; prompts: () => string } {
  const input = new PassThrough();
  input.end(lines.map((l) => `${l}\n`).join(''));
  const out = sink();
  const prompts = sink();
  return { io: { input, output: out.stream, prompt: prompts.stream, isTTY }, out: out.text, prompts: prompts.text };
}

async function captureStdout(run: () => Promise<number>): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  try {
    const code = await run();
    return { code, stdout };
  } finally {
    spy.mockRestore();
  }
}

describe('actlab advise', () => {
  it('--json prints one parseable Advice object on stdout', async () => {
    const { code, stdout } = await captureStdout(() => commandAdvise(['--layer', 'hidden', '--architecture', 'cnn', '--json']));
    expect(code).toBe(0);
    const advice = JSON.parse(stdout) as Advice;
    expect(advice.recommendation).toBe('relu');
    expect(advice.initialiser.scheme).toBe('he');
    close(advice.initialiser.gain, Math.SQRT2, 1e-12);
    expect(advice.reasons.every((r) => Object.keys(r.numbers).length > 0)).toBe(true);
  });

  it('text mode prints the recommendation, alternatives, initialiser and numbered reasons', async () => {
    const { stdout } = await captureStdout(() => commandAdvise(['--layer', 'hidden', '--architecture', 'deep_mlp', '--depth', '30']));
    expect(stdout).toMatch(/^Recommendation: selu$/m);
    expect(stdout).toMatch(/^Alternatives: +elu$/m);
    expect(stdout).toMatch(/^Initialiser: +lecun, gain 1 /m);
    expect(stdout).toMatch(/^ {2}1\. Very deep \(30 > 20 layers\)/m);
    expect(stdout).toMatch(/^ {2}3\. sigmoid′ ≤ 0\.25: through 30 layers gradients scale by ≤ 8\.7e−19/m);
  });

  it('flags: --no-batch-norm, --skip-connections, repeated or comma-separated --concern, dashes in names', async () => {
    const run = async (argv: string[]) => JSON.parse((await captureStdout(() => commandAdvise([...argv, '--json']))).stdout) as Advice;
    expect((await run(['--layer', 'hidden', '--depth', '30', '--no-batch-norm'])).recommendation).toBe('selu');
    expect((await run(['--layer', 'hidden', '--depth', '30', '--skip-connections'])).recommendation).toBe('relu');
    expect((await run(['--layer', 'hidden', '--concern', 'dead_neurons', '--concern', 'smoothness'])).recommendation).toBe('elu');
    expect((await run(['--layer', 'hidden', '--concern', 'dead-neurons,speed'])).recommendation).toBe('leaky_relu');
    expect((await run(['--layer', 'output', '--task', 'bounded-regression'])).outputRange).toBe('(0, scale)');
    const { stdout } = await captureStdout(() => commandAdvise(['--help']));
    expect(stdout).toBe(`${ADVISE_HELP}\n`);
  });

  it('bad flags throw ActlabErrors naming what is allowed', async () => {
    const { io } = fakeIO([], false);
    await expect(commandAdvise(['--layer', 'hidden', '--architecture', 'lstm'], io)).rejects.toThrow(/allowed: mlp, deep_mlp/);
    await expect(commandAdvise(['--layer', 'hidden', '--batch-norm', '--no-batch-norm'], io)).rejects.toThrow(UsageError);
    await expect(commandAdvise(['--layer', 'hidden', '--depth', 'ten'], io)).rejects.toThrow(UsageError);
    await expect(commandAdvise(['--layer', 'hidden', '--depth', '0'], io)).rejects.toThrow(/positive integer/);
    await expect(commandAdvise(['--layer', 'hidden', '--task', 'binary'], io)).rejects.toThrow(AdvisorError);
    await expect(commandAdvise(['--layer', 'hidden', '--colour'], io)).rejects.toThrow(/unknown option/);
    await expect(commandAdvise(['hidden'], io)).rejects.toThrow(UsageError);
  });

  it('without a terminal, missing answers are a UsageError naming the flag', async () => {
    const a = fakeIO([], false);
    await expect(commandAdvise([], a.io)).rejects.toThrow(UsageError);
    await expect(commandAdvise([], a.io)).rejects.toThrow(/--layer/);
    await expect(commandAdvise(['--json'], a.io)).rejects.toThrow(/missing --layer/);
    await expect(commandAdvise(['--layer', 'output'], a.io)).rejects.toThrow(/missing --task/);
    expect(a.out()).toBe('');
  });

  it('interactive: asks layer, architecture, depth, batch norm, skips, concerns; re-asks invalid answers', async () => {
    const { io, out, prompts } = fakeIO(['middle', 'hidden', 'lstm', 'deep-mlp', '5', '30', 'maybe', 'n', '', 'memory', ''], true);
    expect(await commandAdvise([], io)).toBe(0);
    expect(out()).toMatch(/^Recommendation: selu$/m);
    const asked = prompts();
    expect(asked).toContain('Which layer is it? (hidden, output, gate)');
    expect(asked).toContain('"middle" is not one of: hidden, output, gate');
    expect(asked).toContain('"lstm" is not one of: mlp, deep_mlp');
    expect(asked).toContain('at least 11 for deep_mlp');
    expect(asked).toContain('please answer y or n');
    expect(asked).toContain('not a concern: memory');
  });

  it('interactive: numbered choices; an output layer asks for the task; --interactive keeps the answers given as flags', async () => {
    // An answer may also be the number of a choice: "3" is the third layer, gate.
    const a = fakeIO(['3'], true);
    await commandAdvise(['--json'], a.io);
    expect(JSON.parse(a.out()).recommendation).toBe('sigmoid');
    const b = fakeIO(['multiclass'], false);
    await commandAdvise(['--interactive', '--layer', 'output', '--json'], b.io);
    expect(JSON.parse(b.out()).recommendation).toBe('softmax');
    expect(b.prompts()).not.toContain('Which layer');
    // In a terminal, a missing required answer is asked even when other flags are given.
    const c = fakeIO(['regression'], true);
    await commandAdvise(['--layer', 'output'], c.io);
    expect(c.out()).toMatch(/^Recommendation: linear$/m);
  });

  it('interactive: input that ends before an answer is a UsageError', async () => {
    const { io } = fakeIO(['hidden'], true);
    await expect(commandAdvise([], io)).rejects.toThrow(/input ended before an answer/);
  });
});
