/**
 * The activation advisor: the chapter's selection guide (architecture table, output-layer table
 * by task, decision flowchart) as data, and {@link advise}, which walks the flowchart for one
 * layer and justifies its answer. The tables quote the chapter; every number in a reason is
 * computed at call time from the library (property sheets, Gaussian moments, gains, kernels),
 * never typed in.
 *
 * This file is the index; the parts live in advisor/: the guide as data (guide.ts), the
 * question and answer types (types.ts), checking a question (questions.ts: one rule per
 * contradiction), the library's numbers and their prose (numbers.ts), the reasons
 * (reasons.ts), the initialisers (initialisers.ts) and the flowchart (flowchart.ts).
 * @module
 */
export {
  ARCHITECTURE_GUIDE,
  ARCHITECTURES,
  CONCERN_LAYERS,
  CONCERNS,
  DOMAINS,
  FLOWCHART,
  FLOWCHART_DEFAULT,
  LAYERS,
  SAFE_DEFAULT,
  TASK_GUIDE,
  TASKS,
  VERY_DEEP,
  type Architecture,
  type ArchitectureGuide,
  type Concern,
  type Domain,
  type FlowchartStep,
  type Layer,
  type Task,
  type TaskGuide,
} from './advisor/guide.js';
export { AdvisorError, type Advice, type AdviceQuestion, type AdviceReason, type Initialiser } from './advisor/types.js';
export { checkQuestion } from './advisor/questions.js';
export { formatAdviceNumber } from './advisor/numbers.js';
export { advise } from './advisor/flowchart.js';
