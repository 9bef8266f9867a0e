/**
 * `actlab advise`: which activation (and initialiser) for a layer, following the chapter's
 * selection guide — from flags, or by asking the questions in a terminal. Argument parsing,
 * questions and printing only; the advice is {@link advise}'s.
 * @module
 */
import { createInterface } from 'node:readline/promises';
import {
  advise,
  AdvisorError,
  ARCHITECTURE_GUIDE,
  ARCHITECTURES,
  CONCERN_LAYERS,
  CONCERNS,
  DOMAINS,
  LAYERS,
  TASKS,
  type Advice,
  type AdviceQuestion,
  type Architecture,
  type Concern,
  type Domain,
  type Layer,
  type Task,
} from '../analysis/advisor.js';
import { HELP_FLAGS, parseArgs, parseNumber, UsageError, type OptionSpec } from './args.js';
import { quote } from './format.js';

/** Deepest network --depth accepts: far beyond any trained network, small enough to print. */
const MAX_DEPTH = 1_000_000;

export const ADVISE_HELP = `Usage: actlab advise [options]
       actlab advise --interactive

Recommends an activation for one layer, with alternatives, the weight initialiser and its
gain, and numbered reasons whose numbers are computed by actlab (derivative bounds, Gaussian
moments, gains) — following the chapter's selection guide: output layer → by task;
transformer → GELU (Swish for vision); RNN gate → sigmoid; batch norm → ReLU; very deep
(> 20 layers) without skip connections or batch norm → SELU with LeCun init; default ReLU
with He init.

In a terminal without answering options (or with --interactive) it asks the questions.
Otherwise --layer defaults to hidden (to output when --task is given), and an output layer
needs --task unless its architecture fixes it (gan_generator, vae_encoder, …).

Options:
  --layer hidden|output|gate
  --architecture ${ARCHITECTURES.join('|')}
  --task ${TASKS.join('|')}
                      output layers only
  --depth N           number of layers (an integer from 1 to ${MAX_DEPTH})
  --batch-norm, --no-batch-norm
  --skip-connections, --no-skip-connections
  --domain nlp|vision transformers only (GELU for nlp, Swish for vision)
  --concern X         repeatable, or comma-separated, each once: ${CONCERNS.join(', ')}
  --json              print the advice as one JSON object {recommendation, alternatives,
                      initialiser: {scheme, gain, why}, loss?, outputRange?,
                      reasons: [{text, numbers}]}
  --interactive       ask the questions not answered by options (reads standard input)

Examples:
  actlab advise --layer hidden --architecture cnn
  actlab advise --layer hidden --architecture deep_mlp --depth 30
  actlab advise --layer output --task multiclass --json
  actlab advise --layer hidden --concern dead_neurons --concern smoothness`;

const OPTIONS: Record<string, OptionSpec> = {
  layer: { value: true },
  architecture: { value: true },
  task: { value: true },
  depth: { value: true },
  domain: { value: true },
  concern: { value: true, repeatable: true },
  'batch-norm': { value: false },
  'no-batch-norm': { value: false },
  'skip-connections': { value: false },
  'no-skip-connections': { value: false },
  json: { value: false },
  interactive: { value: false },
  ...HELP_FLAGS,
};

/** Options that answer a question (as opposed to --json, --interactive, --help). */
const ANSWERING = ['layer', 'architecture', 'task', 'depth', 'domain', 'concern', 'batch-norm', 'no-batch-norm', 'skip-connections', 'no-skip-connections'];

/** Where `advise` reads answers and writes results; injectable for tests. */
export interface AdviseIO {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /** Whether input is a terminal: then missing answers are asked for. */
  readonly isTTY: boolean | undefined;
  /** Where questions go (default: `output`). */
  readonly prompt?: NodeJS.WritableStream;
}

function defaultIO(): AdviseIO {
  // Questions on stderr, so `actlab advise --json > advice.json` still shows them.
  return { input: process.stdin, output: process.stdout, prompt: process.stderr, isTTY: process.stdin.isTTY };
}

/** Case-insensitive; `-` and spaces count as `_` (deep-mlp → deep_mlp). */
function normalise(text: string): string {
  return text.trim().toLowerCase().replace(/[-\s]+/g, '_');
}

function choice<T extends string>(flag: string, text: string, allowed: readonly T[]): T {
  const value = normalise(text);
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new AdvisorError(`${flag}: unknown value ${quote(text)}; allowed: ${allowed.join(', ')}`, flag.replace(/^--/, ''), allowed);
}

interface Draft {
  layer?: Layer;
  architecture?: Architecture;
  task?: Task;
  depth?: number;
  domain?: Domain;
  batchNorm?: boolean;
  skipConnections?: boolean;
  concerns?: Concern[];
}

function parseDepth(text: string, flag: string): number {
  const depth = parseNumber(text, flag);
  if (!Number.isInteger(depth) || depth < 1 || depth > MAX_DEPTH) {
    throw new UsageError(`${flag} must be a positive integer (the number of layers), at most ${MAX_DEPTH}, got ${quote(text)}`);
  }
  return depth;
}

function parseConcerns(texts: readonly string[]): Concern[] {
  const concerns: Concern[] = [];
  for (const part of texts.flatMap((t) => t.split(','))) {
    if (part.trim() === '') throw new UsageError(`--concern: empty concern in ${quote(texts.join(','))}; allowed: ${CONCERNS.join(', ')}`);
    const concern = choice('--concern', part, CONCERNS);
    if (concerns.includes(concern)) throw new UsageError(`--concern: ${concern} given more than once`);
    concerns.push(concern);
  }
  return concerns;
}

function pairFlag(flags: ReadonlySet<string>, name: string): boolean | undefined {
  const yes = flags.has(name);
  const no = flags.has(`no-${name}`);
  if (yes && no) throw new UsageError(`give --${name} or --no-${name}, not both`);
  return yes ? true : no ? false : undefined;
}

function draftFromArgs(values: ReadonlyMap<string, string[]>, flags: ReadonlySet<string>): Draft {
  const draft: Draft = {};
  const one = (name: string) => values.get(name)?.[0];
  const layer = one('layer');
  if (layer !== undefined) draft.layer = choice('--layer', layer, LAYERS);
  const architecture = one('architecture');
  if (architecture !== undefined) draft.architecture = choice('--architecture', architecture, ARCHITECTURES);
  const task = one('task');
  if (task !== undefined) draft.task = choice('--task', task, TASKS);
  const domain = one('domain');
  if (domain !== undefined) draft.domain = choice('--domain', domain, DOMAINS);
  const depth = one('depth');
  if (depth !== undefined) draft.depth = parseDepth(depth, '--depth');
  const batchNorm = pairFlag(flags, 'batch-norm');
  if (batchNorm !== undefined) draft.batchNorm = batchNorm;
  const skips = pairFlag(flags, 'skip-connections');
  if (skips !== undefined) draft.skipConnections = skips;
  const concerns = values.get('concern');
  if (concerns) draft.concerns = parseConcerns(concerns);
  return draft;
}

/** The flag of the first required answer that is missing, with its allowed values. */
function missingAnswer(draft: Draft): string | undefined {
  if (draft.layer === undefined) return `--layer (one of: ${LAYERS.join(', ')})`;
  if (draft.layer === 'output' && draft.task === undefined && !(draft.architecture && ARCHITECTURE_GUIDE[draft.architecture].output.fixed)) {
    return `--task (one of: ${TASKS.join(', ')}), which an output layer needs`;
  }
  return undefined;
}

/** Questions on a readline interface: free text, a choice (by name or number), yes/no. */
interface Prompter {
  ask(prompt: string): Promise<string>;
  choose<T extends string>(label: string, allowed: readonly T[], fallback?: T, optional?: boolean): Promise<T | undefined>;
  yesNo(label: string): Promise<boolean>;
  say(text: string): void;
  close(): void;
}

/** A {@link Prompter} reading answers from `io.input` and writing prompts to `io.prompt` (or `io.output`). */
function createPrompter(io: AdviseIO): Prompter {
  const promptStream = io.prompt ?? io.output;
  const rl = createInterface({
    input: io.input,
    output: promptStream,
    terminal: io.isTTY === true && (promptStream as { isTTY?: boolean }).isTTY === true,
  });
  // The iterator buffers lines, so piped answers that arrive early are not lost.
  const lines = rl[Symbol.asyncIterator]();
  const terminal = (rl as unknown as { terminal: boolean }).terminal;
  const say = (text: string) => promptStream.write(`${text}\n`);
  const ask = async (prompt: string): Promise<string> => {
    rl.setPrompt(prompt);
    rl.prompt();
    const next = await lines.next();
    if (next.done) throw new UsageError(`input ended before an answer to "${prompt.trim()}"`);
    const answer = String(next.value).trim();
    // A terminal echoes what is typed; piped answers are echoed so the transcript reads well
    // (a short, escaped excerpt: a pasted megabyte is not written back).
    if (!terminal) promptStream.write(`${answer.length <= 80 && !/[\u0000-\u001f\u007f]/.test(answer) ? answer : quote(answer)}\n`);
    return answer;
  };
  const choose = async <T extends string>(label: string, allowed: readonly T[], fallback?: T, optional = false): Promise<T | undefined> => {
    const hint = fallback !== undefined ? ` [${fallback}]` : optional ? ' [Enter: none]' : '';
    for (;;) {
      const answer = await ask(`${label} (${allowed.join(', ')})${hint}: `);
      if (answer === '') {
        if (fallback !== undefined || optional) return fallback;
        say(`  please answer one of: ${allowed.join(', ')}`);
        continue;
      }
      const value = normalise(answer);
      const byNumber = /^\d+$/.test(value) ? allowed[Number(value) - 1] : undefined;
      if (byNumber !== undefined) return byNumber;
      if ((allowed as readonly string[]).includes(value)) return value as T;
      say(`  ${quote(answer)} is not one of: ${allowed.join(', ')}`);
    }
  };
  const yesNo = async (label: string): Promise<boolean> => {
    for (;;) {
      const answer = normalise(await ask(`${label} (y/n) [n]: `));
      if (answer === '' || answer === 'n' || answer === 'no') return false;
      if (answer === 'y' || answer === 'yes') return true;
      say('  please answer y or n');
    }
  };
  return { ask, choose, yesNo, say, close: () => rl.close() };
}

/** The hidden layer's questions: domain, depth, batch normalization, skip connections, concerns. */
async function askHiddenQuestions(draft: Draft, { ask, choose, yesNo, say }: Prompter): Promise<void> {
  const arch = draft.architecture;
  if (arch === 'transformer' && draft.domain === undefined) draft.domain = (await choose('Which domain?', DOMAINS, 'nlp')) as Domain;
  const structural = arch !== 'transformer' && arch !== 'rnn' && arch !== 'gan_discriminator';
  if (structural && draft.depth === undefined) {
    const minDepth = arch ? ARCHITECTURE_GUIDE[arch].minDepth : undefined;
    for (;;) {
      const answer = await ask(`How many layers deep? (a positive integer${minDepth ? `, at least ${minDepth} for ${arch}` : ''}) [Enter: skip]: `);
      if (answer === '') break;
      const depth = Number(answer);
      if (/^\d+$/.test(answer) && depth >= 1 && depth <= MAX_DEPTH && (minDepth === undefined || depth >= minDepth)) {
        draft.depth = depth;
        break;
      }
      say(`  please give a whole number ≥ ${minDepth ?? 1}, or press Enter`);
    }
  }
  if (structural && draft.batchNorm === undefined) draft.batchNorm = await yesNo('Batch normalization?');
  if (structural && arch !== 'resnet' && draft.skipConnections === undefined) draft.skipConnections = await yesNo('Skip connections?');
  if (draft.concerns === undefined) {
    const allowed = CONCERNS.filter((c) => CONCERN_LAYERS[c].includes('hidden'));
    for (;;) {
      const answer = await ask(`Any concerns? (comma-separated: ${allowed.join(', ')}) [Enter: none]: `);
      const parts = answer.split(',').map(normalise).filter((p) => p !== '');
      const bad = parts.filter((p) => !(allowed as readonly string[]).includes(p));
      if (!bad.length) {
        draft.concerns = parts as Concern[];
        break;
      }
      say(`  not a concern: ${bad.join(', ')}; choose from: ${allowed.join(', ')}`);
    }
  }
}

/** Asks the questions the flags left open, re-asking on invalid answers. */
async function askQuestions(draft: Draft, io: AdviseIO): Promise<void> {
  const prompter = createPrompter(io);
  const { choose } = prompter;
  try {
    if (draft.layer === undefined) draft.layer = await choose('Which layer is it?', LAYERS);
    if (draft.layer === 'output') {
      if (draft.task === undefined) {
        const fixed = draft.architecture !== undefined && ARCHITECTURE_GUIDE[draft.architecture].output.fixed;
        const task = await choose('Which task does the output serve?', TASKS, undefined, fixed);
        if (task !== undefined) draft.task = task;
      }
      return;
    }
    if (draft.layer === 'gate') return;
    if (draft.architecture === undefined) {
      const architecture = await choose('Which architecture?', ARCHITECTURES, undefined, true);
      if (architecture !== undefined) draft.architecture = architecture;
    }
    await askHiddenQuestions(draft, prompter);
  } finally {
    prompter.close();
  }
}

/** The advice as text: recommendation, alternatives, initialiser and numbered reasons. */
export function formatAdvice(advice: Advice): string {
  const lines = [
    `Recommendation: ${advice.recommendation}`,
    `Alternatives:   ${advice.alternatives.length ? advice.alternatives.join(', ') : '—'}`,
    `Initialiser:    ${advice.initialiser.scheme}, gain ${Number(advice.initialiser.gain.toPrecision(6))} — ${advice.initialiser.why}`,
  ];
  if (advice.loss !== undefined) lines.push(`Loss:           ${advice.loss}`);
  if (advice.outputRange !== undefined) lines.push(`Output range:   ${advice.outputRange}`);
  lines.push('', 'Reasons:');
  advice.reasons.forEach((r, i) => lines.push(`  ${i + 1}. ${r.text}`));
  return `${lines.join('\n')}\n`;
}

/**
 * Runs `actlab advise`. Returns the exit status (0); bad input throws an ActlabError
 * (UsageError for options, AdvisorError for unknown or contradictory answers).
 */
export async function commandAdvise(argv: string[], io: AdviseIO = defaultIO()): Promise<number> {
  const args = parseArgs(argv, OPTIONS, 'advise');
  if (args.flags.has('help') || args.flags.has('h')) {
    io.output.write(`${ADVISE_HELP}\n`);
    return 0;
  }
  if (args.positionals.length) throw new UsageError(`advise takes options only, got ${quote(args.positionals[0] as string)} (see actlab advise --help)`);
  const draft = draftFromArgs(args.values, args.flags);
  const answered = ANSWERING.some((name) => args.values.has(name) || args.flags.has(name));
  // "advise --architecture transformer" asks about its hidden layers: that is what people mean
  // (and --task alone, about an output layer). Asked for, or without any answer, it asks.
  if (draft.layer === undefined && answered && !args.flags.has('interactive')) draft.layer = draft.task !== undefined ? 'output' : 'hidden';
  const interactive = args.flags.has('interactive') || (io.isTTY === true && (!answered || missingAnswer(draft) !== undefined));
  if (interactive) await askQuestions(draft, io);
  const missing = missingAnswer(draft);
  if (missing !== undefined) {
    throw new UsageError(`advise: missing ${missing}; run it in a terminal or with --interactive to be asked instead`);
  }
  const question: AdviceQuestion = { ...draft, layer: draft.layer as Layer };
  const advice = advise(question);
  io.output.write(args.flags.has('json') ? `${JSON.stringify(advice, null, 2)}\n` : formatAdvice(advice));
  return 0;
}
