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

/** The bad value as a message quotes it: at most 40 characters of it (a pasted megabyte is not echoed back). */
function formatValue(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  const cut = text.length > 40;
  if (typeof value !== 'string') return cut ? `${text.slice(0, 40)}… (${text.length} characters)` : text;
  return cut ? `${JSON.stringify(text.slice(0, 40)).slice(0, -1)}…" (${text.length} characters)` : JSON.stringify(text);
}
