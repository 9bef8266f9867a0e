/** Panel 7: the report's figures, from the same Vega-Lite spec builders, with experiment controls. */
import { getExperiment, parseSetting, type SettingSpec } from '../../../src/experiments/index.js';
import { CHAPTER_FIGURE_IDS } from '../../../src/figures/chapter.js';
import { mountFigureRun } from '../figure-runner.js';
import { FIGURE_PLAN, figureSettings, figureTitle } from '../figure-plan.js';
import { seedControls } from '../runner.js';
import type { State } from '../state.js';
import { button, el, field, panelLayout, select, type Context } from '../ui.js';

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

/** One text box per setting the figure's experiments offer; a value that parses is saved to the address. */
function settingsFields(f: State['figures'], save: () => void): HTMLElement[] {
  const plan = FIGURE_PLAN[f.figure];
  if (plan.experiments.length === 0) return [el('p', { class: 'hint', text: 'This figure needs no experiment: it is computed from the definitions.' })];
  return plan.experiments.map((step) => {
    const experiment = getExperiment(step.experiment);
    const box = el('fieldset', { class: 'group' }, el('legend', { text: experiment.title }));
    const values = figureSettings(step, f.sets);
    for (const key of Object.keys(step.controls)) {
      const spec = (experiment.settings as Readonly<Record<string, SettingSpec>>)[key];
      if (!spec) continue;
      const input = el('input', { type: 'text', spellcheck: 'false' });
      input.value = values[key] ?? '';
      input.addEventListener('change', () => {
        try {
          parseSetting(experiment, key, input.value);
          input.removeAttribute('aria-invalid');
          input.title = '';
          const full = `${step.experiment}.${key}`;
          if (input.value === step.controls[key]) delete f.sets[full];
          else f.sets[full] = input.value;
          save();
        } catch (error) {
          input.setAttribute('aria-invalid', 'true');
          input.title = error instanceof Error ? error.message : String(error);
        }
      });
      box.append(field(key, input, spec.description));
    }
    return box;
  });
}

export function mount(root: HTMLElement, ctx: Context): void {
  const f = ctx.state.figures;
  const problems = checkSettings(f.sets);
  if (problems.length) {
    for (const problem of problems) ctx.notify(problem);
    ctx.save();
  }
  const { controls, output } = panelLayout(root, 'The chapter’s figures', 'The figures of `actlab report`, drawn from the same spec builders (src/figures/specs.ts) with the experiments run here, in a worker. Sizes default to a few seconds’ work; the report uses the chapter’s.');
  const run = mountFigureRun(root, output, ctx);

  const settingsBox = el('div');
  const renderSettings = () => settingsBox.replaceChildren(...settingsFields(f, ctx.save));
  controls.append(
    field('Figure', select(CHAPTER_FIGURE_IDS.map((id) => ({ value: id, label: figureTitle(id) })), f.figure, (v) => {
      f.figure = v;
      ctx.save();
      renderSettings();
      run();
    }, { id: 'figure-select' })),
    settingsBox,
    seedControls(ctx, () => undefined),
    button('Run', run, { class: 'primary', id: 'figure-run' }),
  );
  renderSettings();
  run();
}
