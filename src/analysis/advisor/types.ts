/**
 * The advisor's question and answer, and its error.
 * @module
 */
import { ActlabError } from '../../errors.js';
import type { Architecture, Concern, Domain, Layer, Task } from './guide.js';

export interface AdviceQuestion {
  readonly layer: Layer;
  readonly architecture?: Architecture;
  /** Number of layers of the network (a positive integer). */
  readonly depth?: number;
  readonly batchNorm?: boolean;
  readonly skipConnections?: boolean;
  /** Output layers only. */
  readonly task?: Task;
  /** Transformers only: 'nlp' (default) → GELU, 'vision' → Swish. */
  readonly domain?: Domain;
  readonly concerns?: readonly Concern[];
}

export interface AdviceReason {
  readonly text: string;
  /** The numbers quoted in `text`, at full precision, each computed at call time. */
  readonly numbers: Record<string, number>;
}

export interface Initialiser {
  readonly scheme: 'he' | 'lecun' | 'xavier';
  readonly gain: number;
  readonly why: string;
}

export interface Advice {
  /** An actlab activation id. */
  readonly recommendation: string;
  readonly alternatives: string[];
  readonly initialiser: Initialiser;
  readonly loss?: string;
  readonly outputRange?: string;
  readonly reasons: AdviceReason[];
}

/** A question the advisor cannot answer as asked: unknown value or contradictory answers. */
export class AdvisorError extends ActlabError {
  constructor(
    message: string,
    /** The question field at fault, e.g. `architecture`. */
    readonly field?: string,
    /** The allowed values of that field, where it has a closed set. */
    readonly allowed?: readonly string[],
  ) {
    super(message, 'ADVISOR');
  }
}
