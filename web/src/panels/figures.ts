/** Panel 7: the report's figures, from the same Vega-Lite spec builders, with experiment controls. */
import { getExperiment, parseSetting } from '../../../src/experiments/index.js';
import { CHAPTER_FIGURE_IDS } from '../../../src/figures/chapter.js';
import { mountFigureRun } from '../figure-runner.js';
import { FIGURE_PLAN, figureRandomness, figureSettings, figureTitle, type FigureExperiment } from '../figure-plan.js';
import { seedControls } from '../runner.js';
import { RNG_KINDS, type FigureId, type State } from '../state.js';
import { debounce, el, field, panelLayout, select, type Context } from '../ui.js';

/** Drops settings from the address that no figure offers or that do not parse; returns why. */
function checkSettings(sets: Record<string, string>): string[] {
  const problems: string[] = [];
  const offered = new Map<string, string[]>();
  for (const plan of Object.values(FIGURE_PLAN)) for (const step of plan.experiments) offered.set(step.experiment, Object.keys(step.controls));
  for (const [key, value] of Object.entries(sets)) {
    const [experimentId = '', setting = ''] = key.split('.');
    if (!offered.get(experimentId)?.includes(setting)) {
      problems.push(`“c.set=${key}=${value}” ignored: no figure offers that setting.`);
      delete sets[key];
      continue;
    }
    try {
      parseSetting(getExperiment(experimentId), setting, value);
    } catch (error) {
      problems.push(`“c.set=${key}=${value}” ignored: ${error instanceof Error ? error.message : String(error)}; using the default.`);
      delete sets[key];
    }
  }
  return problems;
}

/**
 * One text box for a setting, labelled in words (the CLI's key is its tooltip). Every edit that
 * parses is saved to the address and reruns the figure; one that does not is marked, says why,
 * and leaves the figure as it was.
 */
function settingBox(f: State['figures'], step: FigureExperiment, key: string, values: Readonly<Record<string, string>>, edited: () => void): HTMLElement {
  const control = step.controls[key];
  const experiment = getExperiment(step.experiment);
  const input = el('input', { type: 'text', spellcheck: 'false', title: `--set ${key}=…` });
  input.value = values[key] ?? '';
  const problem = el('small', { class: 'error', 'aria-live': 'polite' });
  const check = () => {
    try {
      parseSetting(experiment, key, input.value);
    } catch (error) {
      input.setAttribute('aria-invalid', 'true');
      problem.textContent = error instanceof Error ? error.message : String(error);
      return;
    }
    input.removeAttribute('aria-invalid');
    problem.textContent = '';
    const full = `${step.experiment}.${key}`;
    const before = f.sets[full] ?? control?.value;
    if (input.value === control?.value) delete f.sets[full];
    else f.sets[full] = input.value;
    if (input.value !== before) edited();
  };
  input.addEventListener('input', check);
  input.addEventListener('change', check);
  const box = field(control?.label ?? key, input, control?.hint);
  box.append(problem);
  return box;
}

/** The controls of the figure's runs, one group per run. */
function settingsFields(f: State['figures'], edited: () => void): HTMLElement[] {
  const plan = FIGURE_PLAN[f.figure];
  if (plan.experiments.length === 0) return [el('p', { class: 'hint', text: 'Nothing to set: this figure is drawn from the definitions of the activations alone.' })];
  return plan.experiments.map((step) => {
    const values = figureSettings(step, f.sets);
    const box = el('fieldset', { class: 'group' }, el('legend', { text: step.legend }));
    for (const key of Object.keys(step.controls)) box.append(settingBox(f, step, key, values, edited));
    return box;
  });
}

/** Seed and generator where the figure's runs draw random numbers; only the generator where they seed themselves. */
function randomControls(ctx: Context, figure: FigureId, changed: () => void): HTMLElement[] {
  const randomness = figureRandomness(figure);
  if (randomness === 'seed') return [seedControls(ctx, changed)];
  if (randomness === 'none') return [];
  const generator = select(RNG_KINDS, ctx.state.rng, (v) => {
    ctx.state.rng = v;
    ctx.save();
    changed();
  });
  return [field('Generator', generator, 'each run is seeded from the list of seeds above')];
}

export function mount(root: HTMLElement, ctx: Context): void {
  const f = ctx.state.figures;
  const problems = checkSettings(f.sets);
  if (problems.length) {
    for (const problem of problems) ctx.notify(problem);
    ctx.save();
  }
  const { controls, output } = panelLayout(
    root,
    'The chapter’s figures',
    'The figures of the chapter, computed here in your browser by the same code that draws them in the report. The runs are smaller than the report’s so that each takes seconds; change their sizes in the controls and the figure is drawn again.',
  );
  const run = mountFigureRun(root, output, ctx);
  const schedule = debounce(run, 500);
  const edited = () => {
    ctx.save();
    schedule();
  };

  const settingsBox = el('div', { class: 'figure-settings' });
  const renderSettings = () => settingsBox.replaceChildren(...settingsFields(f, edited), ...randomControls(ctx, f.figure, schedule));
  controls.append(
    field('Figure', select(CHAPTER_FIGURE_IDS.map((id) => ({ value: id, label: figureTitle(id) })), f.figure, (v) => {
      f.figure = v;
      ctx.save();
      renderSettings();
      run();
    }, { id: 'figure-select' })),
    settingsBox,
  );
  renderSettings();
  run();
}
