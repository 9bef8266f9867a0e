/**
 * The shape of an activation definition: one object per activation carries its value, exact
 * derivatives, parameters, formula and paper. Kernels, the CLI, tables and plots all read it.
 * @module
 */

/** Grouping used by the catalogue. */
export type Family =
  | 'classical'
  | 'relu'
  | 'exponential'
  | 'smooth'
  | 'hard'
  | 'shrink'
  | 'output'
  | 'gated'
  /** A user's formula in z (`formulaActivation`), not a registered activation. */
  | 'formula';

/** One numeric parameter: default, allowed range and meaning. */
export interface ParamSpec {
  readonly default: number;
  readonly description: string;
  /** Lower bound; exclusive when `exclusiveMin` is set. Absent: unbounded below. */
  readonly min?: number;
  readonly exclusiveMin?: boolean;
  readonly max?: number;
  readonly exclusiveMax?: boolean;
  /** A parameter that training updates (PReLU's slope): backward returns its gradient. */
  readonly learnable?: boolean;
}

export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

/** Resolved parameter values: every parameter present, validated. */
export type ParamValues = Readonly<Record<string, number>>;

/**
 * {@link ParamValues} with the names known, as a definition's own functions read them:
 * `ResolvedParams<'alpha'>` is `{ readonly alpha: number }`, so `p.alpha` is a number, not
 * `number | undefined` (resolveParams fills in every declared name). With no parameters it is `{}`.
 */
export type ResolvedParams<Param extends string> = Readonly<Record<Param, number>>;

/** The paper (or documentation) an activation comes from. */
export interface Reference {
  readonly citation: string;
  readonly url: string;
}

interface CommonDefinition<Id extends string, Alias extends string, Param extends string> {
  /** Canonical snake_case id, e.g. `leaky_relu`. */
  readonly id: Id;
  /** Display name, e.g. `Leaky ReLU`. */
  readonly name: string;
  readonly family: Family;
  /**
   * Other names accepted by the registry (`silu` for `swish`, …), each with actlab's meaning
   * and defaults. Where a framework spells the activation this way, its meaning is the same
   * (`conventions.ts` records which framework, and refuses the spellings that mean otherwise).
   */
  readonly aliases: readonly Alias[];
  /** One or two sentences: what it is and where it is used. */
  readonly description: string;
  /** LaTeX of the definition. */
  readonly formula: string;
  readonly reference: Reference;
  /** Parameter specifications by name (the names are literal types on registered definitions). */
  readonly params: Readonly<Record<Param, ParamSpec>>;
  /** Constraints between parameters: returns `[param, allowed]` when violated. */
  readonly crossCheck?: (p: ParamValues) => readonly [string, string] | undefined;
  /** Where peers disagree (defaults, conventions), what actlab chose and why. */
  readonly notes?: readonly string[];
}

/**
 * A function applied element by element: f, f′ and f″ as scalar float64 functions. The type
 * parameters carry the literal id and aliases of a registered definition (`ElementwiseActivation<'gelu'>`),
 * so that lookups by a known name are typed; they default to `string`.
 */
export interface ElementwiseActivation<Id extends string = string, Alias extends string = string, Param extends string = string>
  extends CommonDefinition<Id, Alias, Param> {
  readonly kind: 'elementwise';
  /** LaTeX of the first derivative. */
  readonly derivativeFormula: string;
  readonly f: (z: number, p: ParamValues) => number;
  readonly df: (z: number, p: ParamValues) => number;
  readonly d2f: (z: number, p: ParamValues) => number;
  /** Partial derivatives ∂f/∂θ for learnable parameters θ. */
  readonly paramGradients?: Readonly<Record<string, (z: number, p: ParamValues) => number>>;
  /** Points where f is not infinitely differentiable, for these parameters. */
  readonly kinks: (p: ParamValues) => readonly number[];
  /** Which one-sided value f′ takes at a kink, and who else does the same. */
  readonly kinkConvention?: string;
}

/**
 * A function of a whole vector (softmax, GLU family), applied along the last axis of a
 * row-major matrix. Instead of `df` it offers the vector–Jacobian product.
 */
export interface VectorActivation<Id extends string = string, Alias extends string = string, Param extends string = string>
  extends CommonDefinition<Id, Alias, Param> {
  readonly kind: 'vector';
  /** Output row length for an input row of length n (n/2 for the gated family). */
  readonly outputLength: (n: number) => number;
  /** Checks an input row length, returning an explanation when it is not allowed. */
  readonly checkLength: (n: number) => string | undefined;
  /** y = f(x) for one row: reads x[xo … xo+n), writes y[yo … yo+outputLength(n)). */
  readonly forwardRow: (x: ArrayLike<number>, xo: number, n: number, y: Writable, yo: number, p: ParamValues) => void;
  /** gradIn = Jᵀ·g for one row: reads x (length n) and g (length outputLength(n)), writes gradIn (length n). */
  readonly vjpRow: (
    x: ArrayLike<number>,
    xo: number,
    n: number,
    g: ArrayLike<number>,
    go: number,
    gradIn: Writable,
    gi: number,
    p: ParamValues,
  ) => void;
}

/** Anything indexable and writable: a typed array or a plain number array. */
export interface Writable {
  [index: number]: number;
  readonly length: number;
}

export type Activation = ElementwiseActivation | VectorActivation;

/**
 * An elementwise definition as written, before {@link defineElementwise} adds `kind`: its
 * functions read their parameters by name, typed ({@link ResolvedParams}). `Param` is inferred
 * from the keys of `params` only (`NoInfer` elsewhere), so `f: (z, p) => p.alpha * z` needs no
 * cast and a misspelt name in `f`, `paramGradients` or `crossCheck` is a type error.
 */
export interface ElementwiseDefinition<Id extends string, Alias extends string, Param extends string>
  extends Omit<ElementwiseActivation<Id, Alias, Param>, 'kind' | 'f' | 'df' | 'd2f' | 'paramGradients' | 'kinks' | 'crossCheck'> {
  readonly f: ScalarOf<NoInfer<Param>>;
  readonly df: ScalarOf<NoInfer<Param>>;
  readonly d2f: ScalarOf<NoInfer<Param>>;
  readonly paramGradients?: Readonly<Partial<Record<NoInfer<Param>, ScalarOf<NoInfer<Param>>>>>;
  readonly kinks: (p: ResolvedParams<NoInfer<Param>>) => readonly number[];
  readonly crossCheck?: (p: ResolvedParams<NoInfer<Param>>) => readonly [NoInfer<Param>, string] | undefined;
}

/** A scalar function of z that reads the parameters `Param`. */
type ScalarOf<Param extends string> = (z: number, p: ResolvedParams<Param>) => number;

/**
 * Builds an elementwise definition, adding what every activation shares: NaN in gives NaN
 * out for f, f′ and f″ (comparisons with NaN would otherwise pick a branch).
 */
export function defineElementwise<const Id extends string, const Alias extends string = never, const Param extends string = never>(
  definition: ElementwiseDefinition<Id, Alias, Param>,
): ElementwiseActivation<Id, Alias, Param> {
  const { f, df, d2f } = definition;
  // The one place where ParamValues is read as ResolvedParams: the registry calls a definition
  // only with resolveParams' values, which hold every declared name.
  return Object.freeze({
    ...definition,
    kind: 'elementwise' as const,
    f: (z: number, p: ParamValues) => (z !== z ? z : f(z, p as ResolvedParams<Param>)),
    df: (z: number, p: ParamValues) => (z !== z ? z : df(z, p as ResolvedParams<Param>)),
    d2f: (z: number, p: ParamValues) => (z !== z ? z : d2f(z, p as ResolvedParams<Param>)),
  }) as ElementwiseActivation<Id, Alias, Param>;
}

/** Builds a vector definition. */
export function defineVector<const Id extends string, const Alias extends string = never, const Param extends string = never>(
  definition: Omit<VectorActivation<Id, Alias, Param>, 'kind'>,
): VectorActivation<Id, Alias, Param> {
  return Object.freeze({ ...definition, kind: 'vector' as const });
}
