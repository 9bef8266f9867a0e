/** Panel 1: any activation with parameter sliders, f/f′/f″ overlaid (≤ 6), formula, property sheet. */
import katex from 'katex';
import 'katex/dist/katex.min.css';
import { getActivation, resolveParams } from '../../../src/activations/index.js';
import type { Activation, ParamSpec } from '../../../src/activations/types.js';
import type { ElementwisePropertySheet, Interval, VectorPropertySheet } from '../../../src/analysis/properties.js';
import { requestGallery } from '../compute.js';
import { showSvg } from '../plot.js';
import type { CurveEntry, GalleryReply } from '../protocol.js';
import { MAX_OVERLAY, type GalleryState } from '../state.js';
import { activationList, activationName, el, fmt, panelLayout, select, slider, type Context } from '../ui.js';
import { formulaBox } from './gallery-formula.js';

function sliderRange(spec: ParamSpec): { min: number; max: number; step: number } {
  const d = spec.default;
  let min = spec.min ?? Math.min(-1, d - 2);
  let max = spec.max ?? Math.max(1, d + 2, 2 * d);
  const step = Math.max(0.001, Number(((max - min) / 200).toPrecision(1)));
  if (spec.exclusiveMin) min += step;
  if (spec.exclusiveMax) max -= step;
  return { min, max, step };
}

function tex(source: string, display = true): HTMLElement {
  const node = el('div', { class: display ? 'formula' : 'formula inline' });
  node.innerHTML = katex.renderToString(source, { displayMode: display, throwOnError: false, strict: 'ignore' });
  return node;
}

function interval(i: Interval): string {
  return `${i.infimumAttained ? '[' : '('}${fmt(i.infimum)}, ${fmt(i.supremum)}${i.supremumAttained ? ']' : ')'}`;
}

function table(name: string, rows: readonly [string, string][]): HTMLElement {
  const node = el('table', { class: 'sheet', 'aria-label': `property sheet of ${name}` });
  node.append(el('caption', { text: `Computed property sheet — ${name}` }));
  const body = el('tbody');
  for (const [k, v] of rows) body.append(el('tr', {}, el('th', { scope: 'row', text: k }), el('td', { text: v })));
  node.append(body);
  return node;
}

function vectorTable(sheet: VectorPropertySheet): HTMLElement {
  return table(sheet.name, [
    ['kind', 'vector function: acts on a whole row, not element by element (so no f′ curve; backward is a vector–Jacobian product)'],
    ['output length for 8 inputs', String(sheet.outputLengthFor8)],
    ['shift invariant f(x + c) = f(x)', sheet.shiftInvariant ? 'yes' : 'no'],
    ['outputs sum to 1', sheet.sumsToOne ? 'yes' : 'no'],
  ]);
}

function sheetTable(sheet: ElementwisePropertySheet, reply: GalleryReply): HTMLElement {
  const propagation = reply.propagation;
  const rows: [string, string][] = [
    ['range', `${interval(sheet.range)}${sheet.range.bounded ? ' (bounded)' : ''}`],
    ['f′ range', sheet.derivativeRange.values ? `values {${sheet.derivativeRange.values.map((v) => fmt(v)).join(', ')}}` : interval(sheet.derivativeRange)],
    ['monotone', sheet.monotone ? 'yes (non-decreasing)' : 'no'],
    ['extrema', sheet.extrema.length ? sheet.extrema.map((e) => `${e.kind} ${fmt(e.value)} at z = ${fmt(e.at, 10)}`).join('; ') : 'none'],
    ['inflection points', sheet.inflectionPoints.length ? sheet.inflectionPoints.map((z) => fmt(z, 8)).join(', ') : 'none'],
    ['smoothness', `${sheet.smoothness}${sheet.kinks.length ? ` (kinks at ${sheet.kinks.map((k) => `${fmt(k.at)}: ${k.continuity}`).join(', ')})` : ''}`],
    ['saturation z → −∞', sheet.saturation.left.description],
    ['saturation z → +∞', sheet.saturation.right.description],
    ['E[f(z)], z ~ N(0, 1)', fmt(sheet.moments.mean)],
    ['E[f(z)²]', fmt(sheet.moments.meanSquare)],
    ['E[f′(z)]', fmt(sheet.moments.meanDerivative)],
    ['E[f′(z)²]', fmt(sheet.moments.meanDerivativeSquare)],
    ['variance-preserving gain', fmt(sheet.gain)],
  ];
  if (propagation) rows.push(['χ₁ at σ_w = gain, σ_b = 0', `${fmt(propagation.chi1)} (${propagation.phase}; q* = ${fmt(propagation.qStar)})`]);
  return table(sheet.name, rows);
}

/** The focused activation: name, description, formulas, paper, and its computed property sheet. */
function definitionInfo(focus: CurveEntry, reply: GalleryReply): HTMLElement[] {
  const def = getActivation(focus.id);
  return [
    el('h3', { text: def.name }),
    el('p', { text: def.description }),
    tex(def.formula),
    ...(def.kind === 'elementwise' ? [tex(def.derivativeFormula)] : []),
    def.reference.url
      ? el('p', { class: 'ref' }, 'Reference: ', el('a', { href: def.reference.url, rel: 'noopener', target: '_blank', text: def.reference.citation }))
      : el('p', { class: 'ref', text: def.reference.citation }),
    !reply.sheet
      ? el('p', { class: 'hint', text: `No property sheet: ${reply.refusal ?? 'refused by the analysis'}` })
      : reply.sheet.kind === 'elementwise'
        ? sheetTable(reply.sheet, reply)
        : vectorTable(reply.sheet),
  ];
}

/** `task` one run at a time: a call while it runs makes it run once more afterwards (slider drags coalesce). */
function oneAtATime(task: () => Promise<void>, busy: (on: boolean) => void): () => void {
  let inFlight = false;
  let dirty = false;
  const run = async (): Promise<void> => {
    if (inFlight) {
      dirty = true;
      return;
    }
    inFlight = true;
    dirty = false;
    busy(true);
    try {
      await task();
    } finally {
      inFlight = false;
      if (dirty) void run();
      else busy(false);
    }
  };
  return () => void run();
}

/** A slider per parameter of the shown activations; a value the registry refuses is marked beside its box, not kept. */
function parameterSliders(g: GalleryState, changed: () => void): HTMLElement[] {
  const sliders: HTMLElement[] = [];
  for (const id of g.acts) {
    const def: Activation = getActivation(id);
    for (const [name, spec] of Object.entries(def.params)) {
      const current = g.params[id]?.[name] ?? spec.default;
      // The box takes what the registry (and so the address) takes: the bounds, then resolveParams for
      // exclusive bounds and constraints between parameters (rrelu's lower ≤ upper).
      const check = (value: number): string | undefined => {
        try {
          resolveParams(def, { ...(g.params[id] ?? {}), [name]: value });
          return undefined;
        } catch (error) {
          return error instanceof Error ? error.message : String(error);
        }
      };
      const allowed = { min: spec.min ?? -Infinity, max: spec.max ?? Infinity, integer: false };
      sliders.push(
        slider(`${def.name}: ${name}`, current, sliderRange(spec), (value) => {
          const next = { ...(g.params[id] ?? {}), [name]: value };
          if (value === spec.default) delete next[name];
          if (Object.keys(next).length) g.params[id] = next;
          else delete g.params[id];
          changed();
        }, spec.description, { allowed, check }),
      );
    }
  }
  return sliders;
}

/** Computes (in the worker) and shows the curves, the focused definition and its property sheet. */
async function show(g: GalleryState, parts: { root: HTMLElement; plot: HTMLElement; info: HTMLElement; status: HTMLElement }): Promise<void> {
  const { root, plot, info, status } = parts;
  const entries = g.acts.map((id) => ({ id, params: g.params[id] ?? {} }));
  const focus = entries[Math.min(g.focus, entries.length - 1)] ?? { id: 'relu', params: {} };
  try {
    // The selection changed while this was computed: the run queued behind it draws the new one
    // (a sheet must never describe another activation than the selector names).
    const stale = () => g.acts[Math.min(g.focus, g.acts.length - 1)] !== focus.id;
    // The chart is drawn as soon as it is ready; the property sheet follows (computed in parallel).
    const reply = await requestGallery({ entries, x: g.x, width: Math.max(320, plot.clientWidth || 900), focus }, ({ svg, spec }) => {
      if (stale()) return;
      if (svg) showSvg(plot, svg, `f, f′ and f″ of ${g.acts.join(', ')}`, spec);
      else {
        plot.replaceChildren(el('p', { class: 'hint', text: 'Only vector activations are selected: they act on whole vectors and have no curve f(z). Add an elementwise one to plot.' }));
        plot.dataset.rendered = String(Number(plot.dataset.rendered ?? '0') + 1);
      }
    });
    if (stale()) return;
    info.replaceChildren(...definitionInfo(focus, reply));
    status.textContent = '';
    root.dataset.ready = 'true';
  } catch (error) {
    status.textContent = `Could not compute: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** The list's new activations; the sheet stays on the activation it described, or when that one is replaced, on its replacement. */
function chooseActivations(g: GalleryState, values: readonly string[], changedAt: number | undefined): void {
  const focused = g.acts[g.focus];
  g.acts = [...new Set(values)];
  const kept = focused === undefined ? -1 : g.acts.indexOf(focused);
  g.focus = kept >= 0 ? kept : Math.max(0, Math.min(changedAt ?? 0, g.acts.length - 1));
  for (const id of Object.keys(g.params)) if (!g.acts.includes(id)) delete g.params[id];
}

export function mount(root: HTMLElement, ctx: Context): void {
  const g = ctx.state.gallery;
  const plot = el('div', { class: 'plot', id: 'gallery-plot', 'aria-live': 'off' });
  const info = el('div', { class: 'info' });
  const status = el('p', { class: 'status', role: 'status' });
  const { controls } = panelLayout(root, 'Gallery', 'Pick up to six activations — or type your own as a formula in z — move their parameters, and compare f, f′ and f″. The property sheet is computed from the definition (root finding, limits, Gaussian quadrature), never written by hand.', {
    output: el('div', { class: 'output' }, plot, status, info),
  });

  const refresh = oneAtATime(() => show(g, { root, plot, info, status }), (on) => {
    root.dataset.busy = String(on);
  });
  const changed = () => {
    ctx.save();
    refresh();
  };

  const paramsBox = el('div', { class: 'params' });
  const focusBox = el('div');
  const renderParams = () => {
    const sliders = parameterSliders(g, changed);
    paramsBox.replaceChildren(...(sliders.length ? sliders : [el('p', { class: 'hint', text: 'These activations have no parameters.' })]));
    focusBox.replaceChildren(
      el('div', { class: 'field' }, el('label', { for: 'gallery-focus', text: 'Formula and property sheet of' }),
        select(g.acts.map((id, i) => ({ value: String(i), label: activationName(id) })), String(Math.min(g.focus, g.acts.length - 1)), (v) => {
          g.focus = Number(v);
          changed();
        }, { id: 'gallery-focus' })),
    );
  };

  const listBox = el('div');
  const renderList = () =>
    listBox.replaceChildren(activationList('Activations', [...g.acts], MAX_OVERLAY, (values, changedAt) => {
      chooseActivations(g, values, changedAt);
      renderParams();
      changed();
    }, 1, true));
  renderList();

  controls.append(
    formulaBox(ctx, g, () => {
      renderList();
      renderParams();
      changed();
    }),
    listBox,
    focusBox,
    paramsBox,
    slider('Plot range ±z', g.x, { min: 0.5, max: 20, step: 0.5 }, (value) => {
      g.x = value;
      changed();
    }, undefined, { key: 'g.x' }),
  );
  renderParams();
  refresh();
}
