/**
 * Checking a question before the flowchart sees it: every field from its closed set (with a
 * "did you mean"), then the rules that refuse contradictory answers, each of which returns the
 * message that says which answers disagree (the first rule that objects is reported).
 * @module
 */
import { closestName } from '../../suggest.js';
import {
  ARCHITECTURE_GUIDE,
  ARCHITECTURES,
  CONCERN_LAYERS,
  CONCERNS,
  DOMAINS,
  LAYERS,
  TASK_GUIDE,
  TASKS,
  type Architecture,
  type ArchitectureGuide,
  type Concern,
  type Domain,
  type Layer,
  type Task,
} from './guide.js';
import { AdvisorError, type AdviceQuestion } from './types.js';

const QUESTION_KEYS = ['layer', 'architecture', 'depth', 'batchNorm', 'skipConnections', 'task', 'domain', 'concerns'] as const;

function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  const shown = typeof value === 'string' ? `"${value}"` : String(value);
  const suggestion = typeof value === 'string' ? closestName(value, allowed, (text) => text.toLowerCase()) : undefined;
  throw new AdvisorError(
    `unknown ${field} ${shown}` + (suggestion ? ` — did you mean "${suggestion}"?` : '') + `; allowed: ${allowed.join(', ')}`,
    field,
    allowed,
  );
}

function optionalBoolean(field: string, value: unknown): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw new AdvisorError(`${field} must be true or false, got ${JSON.stringify(value)}`, field, ['true', 'false']);
}

/** A question whose every field is known (the flowchart's input). */
export interface Checked {
  layer: Layer;
  architecture: Architecture | undefined;
  depth: number | undefined;
  batchNorm: boolean | undefined;
  skipConnections: boolean | undefined;
  task: Task | undefined;
  domain: Domain | undefined;
  concerns: Concern[];
}

/** Each field from its closed set, in the order the fields are reported. */
function checkFields(question: AdviceQuestion): Checked {
  if (typeof question !== 'object' || question === null) {
    throw new AdvisorError(`a question must be an object with a layer (one of: ${LAYERS.join(', ')})`, 'layer', LAYERS);
  }
  for (const key of Object.keys(question)) {
    if (!(QUESTION_KEYS as readonly string[]).includes(key)) {
      throw new AdvisorError(`unknown question field "${key}"; allowed: ${QUESTION_KEYS.join(', ')}`, key, QUESTION_KEYS);
    }
  }
  if (question.layer === undefined) {
    throw new AdvisorError(`which layer? layer is required; allowed: ${LAYERS.join(', ')}`, 'layer', LAYERS);
  }
  const layer = oneOf('layer', question.layer, LAYERS);
  const architecture = question.architecture === undefined ? undefined : oneOf('architecture', question.architecture, ARCHITECTURES);
  const task = question.task === undefined ? undefined : oneOf('task', question.task, TASKS);
  const domain = question.domain === undefined ? undefined : oneOf('domain', question.domain, DOMAINS);
  const batchNorm = optionalBoolean('batchNorm', question.batchNorm);
  const skipConnections = optionalBoolean('skipConnections', question.skipConnections);
  if (question.concerns !== undefined && !Array.isArray(question.concerns)) {
    throw new AdvisorError(`concerns must be a list; allowed entries: ${CONCERNS.join(', ')}`, 'concerns', CONCERNS);
  }
  const concerns = [...new Set((question.concerns ?? []).map((c) => oneOf('concern', c, CONCERNS)))];
  const depth = question.depth;
  if (depth !== undefined && (typeof depth !== 'number' || !Number.isInteger(depth) || depth < 1)) {
    throw new AdvisorError(`depth must be a positive integer (the number of layers), got ${JSON.stringify(depth) ?? String(depth)}`, 'depth');
  }
  return { layer, architecture, depth, batchNorm, skipConnections, task, domain, concerns };
}

/** Why answers contradict: the message, the field at fault and its allowed values. */
interface Contradiction {
  readonly message: string;
  readonly field: string;
  readonly allowed?: readonly string[];
}

/** A checked question with its architecture's row, as the rules read it. */
type Answers = Checked & { readonly guide: ArchitectureGuide | undefined };

/** A rule: the contradiction it finds in the answers, or undefined. */
type Rule = (q: Answers) => Contradiction | undefined;

const taskOnlyForOutput: Rule = ({ layer, task }) =>
  layer !== 'output' && task !== undefined
    ? { message: `task applies to output layers (layer "output"), not to a ${layer} layer; drop the task or ask about layer "output"`, field: 'task', allowed: TASKS }
    : undefined;

const outputNeedsTask: Rule = ({ layer, task, architecture, guide }) => {
  if (layer !== 'output' || task !== undefined || guide?.output.fixed) return undefined;
  const fixed = ARCHITECTURES.filter((a) => ARCHITECTURE_GUIDE[a].output.fixed);
  return {
    message:
      `an output layer's activation depends on the task: give a task, one of: ${TASKS.join(', ')}` +
      (architecture ? ` (the chapter's ${guide?.chapter.architecture} row says "${guide?.chapter.output}")` : '') +
      ` — only ${fixed.join(', ')} fix the output without one`,
    field: 'task',
    allowed: TASKS,
  };
};

const fixedOutputAgreesWithTask: Rule = ({ layer, task, architecture, guide }) => {
  if (layer !== 'output' || task === undefined || !guide?.output.fixed) return undefined;
  const wanted = TASK_GUIDE[task].activation;
  if (guide.output.ids.includes(wanted)) return undefined;
  return {
    message:
      `architecture ${architecture} fixes the output layer (chapter: "${guide.chapter.output}"; "${guide.chapter.notes}"), ` +
      `but task ${task} asks for ${wanted}; drop the task, or drop the architecture to choose by task`,
    field: 'task',
    allowed: TASKS,
  };
};

const gatesAreRecurrent: Rule = ({ layer, architecture }) =>
  layer === 'gate' && architecture !== undefined && architecture !== 'rnn'
    ? {
        message:
          `gates belong to recurrent networks (RNN/LSTM/GRU): layer "gate" needs architecture rnn (or none), got ${architecture}; ` +
          `for the other architectures ask about layer hidden or output`,
        field: 'architecture',
        allowed: ['rnn'],
      }
    : undefined;

const resnetHasSkips: Rule = ({ architecture, skipConnections }) =>
  architecture === 'resnet' && skipConnections === false
    ? {
        message:
          'a resnet has skip connections by definition (chapter: "Skip connections allow ReLU to work at any depth"); ' +
          'for a network without them use architecture mlp, deep_mlp or cnn',
        field: 'skipConnections',
      }
    : undefined;

const deepEnoughForArchitecture: Rule = ({ architecture, depth, guide }) =>
  guide?.minDepth !== undefined && depth !== undefined && depth < guide.minDepth
    ? { message: `architecture ${architecture} means "${guide.chapter.architecture}", but depth is ${depth}; use architecture mlp for ${depth} layers`, field: 'depth' }
    : undefined;

const domainOnlyForTransformers: Rule = ({ domain, architecture, layer }) =>
  domain !== undefined && (architecture !== 'transformer' || layer !== 'hidden')
    ? {
        message:
          `domain (${DOMAINS.join(' or ')}) applies to hidden layers of a transformer ("GELU is standard for NLP; Swish for vision"); ` +
          `got layer ${layer}` +
          (architecture ? `, architecture ${architecture}` : ' without an architecture'),
        field: 'domain',
        allowed: DOMAINS,
      }
    : undefined;

const concernsFitLayer: Rule = ({ concerns, layer }) => {
  const concern = concerns.find((c) => !CONCERN_LAYERS[c].includes(layer));
  if (concern === undefined) return undefined;
  const hint =
    concern === 'bounded_output'
      ? "hidden layers are unbounded in every row of the chapter's table; for a bounded result ask about layer output with task bounded_regression"
      : layer === 'output'
        ? "an output layer's activation is set by the task"
        : 'a gate must be bounded ("LSTM gates require bounded activations")';
  const layers = CONCERN_LAYERS[concern];
  return {
    message: `concern ${concern} applies to ${layers.join(' and ')} layers, not to ${layer === 'output' ? 'an' : 'a'} ${layer} layer: ${hint}`,
    field: 'concerns',
    allowed: CONCERNS,
  };
};

const boundedOutputIsBounded: Rule = ({ concerns, layer, task, architecture, guide }) => {
  if (!concerns.includes('bounded_output') || layer !== 'output') return undefined;
  const id = task ? TASK_GUIDE[task].activation : guide?.output.ids[0];
  if (id !== 'linear') return undefined;
  return {
    message:
      `concern bounded_output contradicts ` +
      (task ? `task ${task}, whose output range is ${TASK_GUIDE[task].chapter.outputRange}` : `architecture ${architecture}, whose output is "${guide?.chapter.output}"`) +
      `; for a bounded target use task bounded_regression (output range (0, scale))`,
    field: 'concerns',
    allowed: CONCERNS,
  };
};

/** The contradiction rules, in the order they are checked. */
const RULES: readonly Rule[] = [
  taskOnlyForOutput,
  outputNeedsTask,
  fixedOutputAgreesWithTask,
  gatesAreRecurrent,
  resnetHasSkips,
  deepEnoughForArchitecture,
  domainOnlyForTransformers,
  concernsFitLayer,
  boundedOutputIsBounded,
];

/**
 * Checks a question: known values only, and no contradictory answers.
 * @throws {AdvisorError} naming the allowed values, or saying which answers contradict.
 */
export function checkQuestion(question: AdviceQuestion): Checked {
  const checked = checkFields(question);
  const answers: Answers = { ...checked, guide: checked.architecture ? ARCHITECTURE_GUIDE[checked.architecture] : undefined };
  for (const rule of RULES) {
    const found = rule(answers);
    if (found) throw new AdvisorError(found.message, found.field, found.allowed);
  }
  return checked;
}
