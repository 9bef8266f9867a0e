/**
 * Typed errors. Every error actlab raises on bad input is an {@link ActlabError} with a stable
 * `code`, a message that names what is allowed, and structured fields for tools. The CLI prints
 * the message on one line and exits with status 2.
 * @module
 */

/** Base class of all errors raised for bad input. */
export class ActlabError extends Error {
  constructor(
    message: string,
    /** Stable machine-readable code, e.g. `UNKNOWN_ACTIVATION`. */
    readonly code: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** An activation name (or alias) that the registry does not know. */
export class UnknownActivationError extends ActlabError {
  constructor(
    readonly requested: string,
    /** The closest known name, if one is close enough to be a plausible typo. */
    readonly suggestion: string | undefined,
    readonly known: readonly string[],
  ) {
    super(
      `unknown activation ${formatValue(requested)}` +
        (suggestion ? ` — did you mean "${suggestion}"?` : '') +
        ` known: ${known.join(', ')}`,
      'UNKNOWN_ACTIVATION',
    );
  }
}

/**
 * A name or parameter that another framework uses with a meaning actlab's differs from (TF.js's
 * `hardSigmoid` has slope 0.2, actlab's `hard_sigmoid` 1/6; PyTorch softplus's `threshold`):
 * refused rather than silently given actlab's meaning. The message is a note naming actlab's
 * spelling of what was meant.
 */
export class ForeignConventionError extends ActlabError {
  constructor(
    /** The name or parameter name as given. */
    readonly requested: string,
    /** The frameworks that spell it so (`PyTorch`, `TF.js`, `JAX`, `Keras 3`). */
    readonly frameworks: readonly string[],
    /** What to write in actlab instead, e.g. `hard_sigmoid with { slope: 0.2 }`. */
    readonly suggestion: string,
    /** The whole note (the message). */
    readonly note: string,
    /**
     * For a refused activation name: why (the note's first part) and actlab's spelling of what
     * was meant, as data, so that a face (the CLI's `--param`) can say it in its own syntax.
     */
    readonly meant?: { readonly reason: string; readonly id: string; readonly params: Readonly<Record<string, number>> },
  ) {
    super(note, 'FOREIGN_CONVENTION');
  }
}

/** A parameter that is unknown, not a finite number, or outside its allowed range. */
export class InvalidParameterError extends ActlabError {
  constructor(
    readonly activation: string,
    readonly parameter: string,
    readonly value: unknown,
    /** Human-readable allowed set, e.g. `> 0` or `one of: alpha, beta`. */
    readonly allowed: string,
  ) {
    super(`${activation}: ${parameter} must be ${allowed}, got ${formatValue(value)}`, 'INVALID_PARAMETER');
  }
}

/** Input arrays whose lengths or shapes do not fit together. */
export class ShapeError extends ActlabError {
  constructor(message: string) {
    super(message, 'SHAPE');
  }
}

/** An operation that the chosen activation does not support (e.g. `df` of softmax). */
export class UnsupportedOperationError extends ActlabError {
  constructor(message: string) {
    super(message, 'UNSUPPORTED');
  }
}

/**
 * An argument of the wrong kind for a library function: not an array of the accepted types,
 * an options object that is not an object, a size that is not a non-negative integer, …
 * The message names the function, the argument, what it accepts and what it got.
 */
export class InvalidArgumentError extends ActlabError {
  constructor(
    /** The function called, e.g. `forward`. */
    readonly functionName: string,
    /** The argument, e.g. `x` or `options.out`. */
    readonly argument: string,
    /** What is accepted, e.g. `a Float64Array or Float32Array`. */
    readonly expected: string,
    readonly value: unknown,
    /** Extra advice appended to the message. */
    hint?: string,
  ) {
    super(`${functionName}: ${argument} must be ${expected}, got ${describeValue(value)}${hint ? ` (${hint})` : ''}`, 'INVALID_ARGUMENT');
  }
}

/**
 * An array whose memory is gone: its ArrayBuffer was detached — a kernel array after the
 * WebAssembly memory grew (allocate or reserve first), or a buffer transferred elsewhere.
 */
export class DetachedArrayError extends ActlabError {
  constructor(
    readonly functionName: string,
    readonly argument: string,
  ) {
    super(
      `${functionName}: ${argument} is a view of a detached ArrayBuffer (a kernel array after the WebAssembly memory grew, ` +
        'or a transferred buffer): allocate kernel arrays (or reserveKernelMemory) before using them, and check with isKernelArray',
      'DETACHED_ARRAY',
    );
  }
}

/** A kernel array used after `freeKernelArray`: its memory may already belong to another array. */
export class FreedArrayError extends ActlabError {
  constructor(
    readonly functionName: string,
    readonly argument: string,
  ) {
    super(
      `${functionName}: ${argument} lies in WebAssembly memory that was returned with freeKernelArray (it may belong to another array now): allocate a new one`,
      'FREED_ARRAY',
    );
  }
}

/** A size beyond what the library accepts or can allocate; `maximum` is the largest accepted. */
export class SizeLimitError extends ActlabError {
  constructor(
    readonly functionName: string,
    readonly argument: string,
    readonly value: number,
    readonly maximum: number,
    detail?: string,
  ) {
    super(`${functionName}: ${argument} must be at most ${maximum}, got ${value}${detail ? ` (${detail})` : ''}`, 'SIZE_LIMIT');
  }
}

/** The bad value as a message quotes it: at most 40 characters of it (a pasted megabyte is not echoed back). */
function formatValue(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  const cut = text.length > 40;
  if (typeof value !== 'string') return cut ? `${text.slice(0, 40)}… (${text.length} characters)` : text;
  return cut ? `${JSON.stringify(text.slice(0, 40)).slice(0, -1)}…" (${text.length} characters)` : JSON.stringify(text);
}

/**
 * A short description of any value for an error message: `string "abc"`, `number NaN`,
 * `Int32Array(2)`, `Array(3)`, `null`, `object DataView`, `a Proxy or exotic object` …
 * Never throws (getters and proxies are not consulted beyond what is safe).
 */
export function describeValue(value: unknown): string {
  try {
    if (value === null) return 'null';
    if (value === undefined) return 'undefined';
    switch (typeof value) {
      case 'string':
        return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
      case 'number':
      case 'boolean':
      case 'bigint':
        return `${typeof value} ${String(value)}`;
      case 'symbol':
        return 'a symbol';
      case 'function':
        return 'a function';
    }
    if (Array.isArray(value)) return `Array(${value.length})`;
    if (ArrayBuffer.isView(value)) {
      const tag = Object.prototype.toString.call(value).slice(8, -1);
      return 'length' in value ? `${tag}(${(value as unknown as { length: number }).length})` : tag;
    }
    const tag = Object.prototype.toString.call(value).slice(8, -1);
    return tag === 'Object' ? 'an object' : `object ${tag}`;
  } catch {
    return 'a value that cannot be inspected';
  }
}

/**
 * A formula (an activation written as an expression in `z`, e.g. `z*tanh(softplus(z))`) that
 * cannot be read: an unknown name, an unexpected token, a missing `)`, a wrong number of
 * arguments, an empty or too long or too deeply nested text. `column` is 1-based in the text as
 * given (labels and leading spaces included), so a face can point at it.
 */
export class FormulaError extends ActlabError {
  constructor(
    /** The whole text as given. */
    readonly formula: string,
    /** 1-based column of the offending character or token. */
    readonly column: number,
    /** What went wrong there, e.g. `unknown function "tnah"`. */
    readonly problem: string,
    /** What would be accepted there, e.g. `tanh` or `')'`; absent when nothing specific. */
    readonly allowed?: string,
    /** The closest known name for an unknown one, if a plausible typo. */
    readonly suggestion?: string,
  ) {
    super(
      `formula ${formatValue(formula)}: ${problem} at ${column}` +
        (suggestion ? ` — did you mean ${suggestion}?` : allowed ? ` (expected ${allowed})` : ''),
      'FORMULA',
    );
  }
}
