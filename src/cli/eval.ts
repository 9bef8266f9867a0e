/**
 * `actlab eval`: an activation or its derivatives at numbers given as arguments or on standard
 * input (bounded: {@link MAX_STDIN_BYTES}, {@link MAX_INPUTS}), printed as text or JSON.
 * @module
 */
import { getActivation, resolveParams } from '../activations/index.js';
import { UnsupportedOperationError } from '../errors.js';
import { backward, forward } from '../kernels/index.js';
import { HELP_FLAGS, parseArgs, parseNumber, parseParamOptions, UsageError, type OptionSpec } from './args.js';
import { formatNumber, jsonValue, out, pad, quote, toJson } from './format.js';

type Dtype = 'float64' | 'float32';

/** Largest standard input `eval --stdin` reads (bytes): about 4 million numbers of 16 digits. */
export const MAX_STDIN_BYTES = 64 * 2 ** 20;
/** Most numbers `eval` evaluates in one call (from arguments or standard input). */
export const MAX_INPUTS = 4 * 2 ** 20;

export const EVAL_HELP = `Usage: actlab eval <id> <z…> [options]
       actlab eval <id> --stdin [options]

Evaluates activation <id> (or an alias: silu, hardtanh, …; or a formula in z, quoted:
'z*tanh(softplus(z))' — see actlab help) at each number z, in input order.
Numbers: decimals, exponents (1e-8), inf, -inf, nan — no hexadecimal. For a vector activation
(softmax, log_softmax, glu, …) the numbers form one vector. Standard input may hold at most
${MAX_STDIN_BYTES / 2 ** 20} MiB and ${MAX_INPUTS} numbers; larger input is refused before any is evaluated.

Options:
  --param k=v         set a parameter (repeatable, each name once), e.g. --param alpha=0.5
  --derivative 0|1|2  f (default), f′ or f″; vector activations have only 0
  --dtype float64|float32
                      float64 (default) or float32: inputs are rounded to float32 and the
                      array kernels return float32 results (printed in shortest form)
  --json              print one JSON array of results in input order; −0 as -0, non-finite
                      values as the strings "NaN", "Infinity", "-Infinity"
  --stdin             read the numbers from standard input: one per line, or a JSON array

Examples:
  actlab eval gelu_tanh -3 0 3 --derivative 1 --json
  actlab eval hard_sigmoid 1 --param slope=0.2
  actlab eval 'z*tanh(softplus(z))' 0.5 --derivative 1
  actlab eval 'max(z, 0.1*z)' -2 0 2 --derivative 1    (f′(0) = 0.55: a tie splits the gradient)`;

const EVAL_OPTIONS: Record<string, OptionSpec> = {
  param: { value: true, repeatable: true },
  derivative: { value: true },
  dtype: { value: true },
  json: { value: false },
  stdin: { value: false },
  ...HELP_FLAGS,
};

/**
 * Reads a stream to its end as UTF-8, refusing it as soon as it passes `limit` bytes (so a huge
 * or endless input costs at most `limit` bytes of memory, not all of it).
 */
export async function readBounded(stream: NodeJS.ReadableStream, limit = MAX_STDIN_BYTES): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      total += buffer.length;
      if (total > limit) {
        (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
        throw new UsageError(`--stdin: standard input is larger than ${limit / 2 ** 20} MiB; at most ${limit / 2 ** 20} MiB (${MAX_INPUTS} numbers) per call — split the input`);
      }
      chunks.push(buffer);
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError('--stdin: could not read standard input');
  }
  return Buffer.concat(chunks).toString('utf8');
}

function tooMany(count: number): UsageError {
  return new UsageError(`eval takes at most ${MAX_INPUTS} numbers per call, got more (${count} so far) — split the input`);
}

/** The numbers of `eval --stdin`: one per line (blank lines skipped) or one JSON array. */
export function parseStdinNumbers(text: string): number[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw new UsageError(`--stdin: input starts with "[" but is not a valid JSON array (starts ${quote(trimmed)})`);
    }
    if (!Array.isArray(parsed)) throw new UsageError('--stdin: expected a JSON array of numbers');
    if (parsed.length > MAX_INPUTS) throw tooMany(parsed.length);
    return parsed.map((v: unknown, i) => {
      if (typeof v === 'number') return v;
      if (typeof v === 'string') return parseNumber(v, `element ${i} of the JSON array`);
      throw new UsageError(`--stdin: element ${i} of the JSON array is not a number (got ${v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v})`);
    });
  }
  // Scanned line by line rather than split: a million short lines would make a million strings first.
  const numbers: number[] = [];
  let line = 0;
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    line++;
    const t = text.slice(start, end).trim();
    if (t !== '') {
      if (numbers.length >= MAX_INPUTS) throw tooMany(numbers.length + 1);
      numbers.push(parseNumber(t, `line ${line} of standard input`));
    }
    start = end + 1;
  }
  return numbers;
}

/** Writes many lines in a few large writes. */
function writeLines(count: number, line: (i: number) => string): void {
  const batch: string[] = [];
  for (let i = 0; i < count; i++) {
    batch.push(line(i));
    if (batch.length === 8192) {
      process.stdout.write(`${batch.join('\n')}\n`);
      batch.length = 0;
    }
  }
  if (batch.length) process.stdout.write(`${batch.join('\n')}\n`);
}

/** `actlab eval <id> <z…>` / `--stdin`. */
export async function commandEval(argv: string[]): Promise<void> {
  const args = parseArgs(argv, EVAL_OPTIONS, 'eval');
  const [name, ...rest] = args.positionals;
  if (name === undefined) throw new UsageError('eval needs an activation id: actlab eval <id> <z…> (see actlab list)');
  const activation = getActivation(name);
  const params = resolveParams(activation, parseParamOptions(args.values.get('param') ?? []));
  const dtypeText = args.values.get('dtype')?.[0] ?? 'float64';
  if (dtypeText !== 'float64' && dtypeText !== 'float32') throw new UsageError(`--dtype must be float64 or float32, got ${quote(dtypeText)}`);
  const dtype: Dtype = dtypeText;
  const derivativeText = args.values.get('derivative')?.[0] ?? '0';
  if (!['0', '1', '2'].includes(derivativeText)) throw new UsageError(`--derivative must be 0, 1 or 2, got ${quote(derivativeText)}`);
  const order = Number(derivativeText) as 0 | 1 | 2;
  if (activation.kind === 'vector' && order !== 0) {
    throw new UnsupportedOperationError(
      `${activation.id} is a vector function: it has a vector–Jacobian product (library: backward()), not --derivative ${order}`,
    );
  }
  if (args.flags.has('stdin') && rest.length) throw new UsageError('give the numbers either as arguments or with --stdin, not both');
  if (rest.length > MAX_INPUTS) throw tooMany(rest.length);
  const inputs = args.flags.has('stdin') ? parseStdinNumbers(await readBounded(process.stdin)) : rest.map((t, i) => parseNumber(t, `argument ${i + 1}`));
  if (!inputs.length) throw new UsageError('eval needs at least one number (arguments or --stdin)');

  const x = dtype === 'float32' ? Float32Array.from(inputs) : Float64Array.from(inputs);
  let results: Float32Array | Float64Array;
  if (activation.kind === 'vector' || order === 0) results = forward(activation, x, { params });
  else if (order === 1) results = backward(activation, x, x.map(() => 1), { params }).gradIn;
  else {
    results = dtype === 'float32' ? new Float32Array(x.length) : new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) results[i] = activation.d2f(x[i] as number, params);
  }

  if (args.flags.has('json')) {
    out(toJson(Array.from(results, (v) => jsonValue(v, dtype))));
    return;
  }
  const label = ['f', "f'", "f''"][order] as string;
  if (activation.kind === 'vector') {
    out(`${activation.id}([${Array.from(x, (v) => formatNumber(v, dtype)).join(', ')}]) =`);
    out(`[${Array.from(results, (v) => formatNumber(v, dtype)).join(', ')}]`);
    return;
  }
  const left = Array.from(x, (v) => formatNumber(v, dtype));
  // A loop, not Math.max(...left): spreading millions of arguments overflows the stack.
  const width = left.reduce((w, s) => Math.max(w, s.length), 1);
  writeLines(results.length, (i) => `${label}(${pad(left[i] as string, width)}) = ${formatNumber(results[i] as number, dtype)}`);
}
