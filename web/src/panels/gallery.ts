/** Panel 1: any activation with parameter sliders, f/f′/f″ overlaid (≤ 6), formula, property sheet. */
import katex from 'katex';
import 'katex/dist/katex.min.css';
import { getElementwise, resolveParams } from '../../../src/activations/index.js';
import type { ElementwiseActivation, ParamSpec } from '../../../src/activations/types.js';
import type { ElementwisePropertySheet, Interval } from '../../../src/analysis/properties.js';
import { quick } from '../compute.js';
import { showSvg } from '../plot.js';
import type { GalleryReply } from '../protocol.js';
import { MAX_OVERLAY } from '../state.js';
import { activationList, el, fmt, select, slider, type Context } from '../ui.js';

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

function sheetTable(sheet: ElementwisePropertySheet, reply: GalleryReply): HTMLElement {
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
    ['χ₁ at σ_w = gain, σ_b = 0', `${fmt(reply.propagation.chi1)} (${reply.propagation.phase}; q* = ${fmt(reply.propagation.qStar)})`],
  ];
  const table = el('table', { class: 'sheet', 'aria-label': `property sheet of ${sheet.name}` });
  table.append(el('caption', { text: `Computed property sheet — ${sheet.name}` }));
  const body = el('tbody');
  for (const [k, v] of rows) body.append(el('tr', {}, el('th', { scope: 'row', text: k }), el('td', { text: v })));
  table.append(body);
  return table;
}

export function mount(root: HTMLElement, ctx: Context): void {
  const g = ctx.state.gallery;
  const controls = el('div', { class: 'controls' });
  const plot = el('div', { class: 'plot', id: 'gallery-plot', 'aria-live': 'off' });
  const info = el('div', { class: 'info' });
  const status = el('p', { class: 'status', role: 'status' });
  root.append(
    el('h2', { text: 'Gallery' }),
    el('p', { class: 'lede', text: 'Pick up to six activations, move their parameters, and compare f, f′ and f″. The property sheet is computed from the definition (root finding, limits, Gaussian quadrature) — nothing is typed in.' }),
    el('div', { class: 'layout' }, controls, el('div', { class: 'output' }, plot, status, info)),
  );

  let inFlight = false;
  let dirty = false;
  const refresh = async (): Promise<void> => {
    if (inFlight) {
      dirty = true;
      return;
    }
    inFlight = true;
    dirty = false;
    root.dataset.busy = 'true';
    const entries = g.acts.map((id) => ({ id, params: g.params[id] ?? {} }));
    const focus = entries[Math.min(g.focus, entries.length - 1)] ?? { id: 'relu', params: {} };
    try {
      const reply = await quick.request<GalleryReply>({ kind: 'gallery', entries, x: g.x, width: Math.max(320, plot.clientWidth || 900), focus });
      showSvg(plot, reply.svg, `f, f′ and f″ of ${g.acts.join(', ')}`);
      const def = getElementwise(focus.id);
      info.replaceChildren(
        el('h3', { text: def.name }),
        el('p', { text: def.description }),
        tex(def.formula),
        tex(def.derivativeFormula),
        el('p', { class: 'ref' }, 'Reference: ', el('a', { href: def.reference.url, rel: 'noopener', target: '_blank', text: def.reference.citation })),
        sheetTable(reply.sheet, reply),
      );
      status.textContent = '';
      root.dataset.ready = 'true';
    } catch (error) {
      status.textContent = `Could not compute: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      inFlight = false;
      if (dirty) void refresh();
      else root.dataset.busy = 'false';
    }
  };

  const paramsBox = el('div', { class: 'params' });
  const focusBox = el('div');
  const renderParams = () => {
    paramsBox.replaceChildren();
    for (const id of g.acts) {
      const def: ElementwiseActivation = getElementwise(id);
      for (const [name, spec] of Object.entries(def.params)) {
        const current = g.params[id]?.[name] ?? spec.default;
        paramsBox.append(
          slider(`${def.name}: ${name}`, current, sliderRange(spec), (value) => {
            const next = { ...(g.params[id] ?? {}), [name]: value };
            try {
              resolveParams(def, next);
            } catch (error) {
              status.textContent = error instanceof Error ? error.message : String(error);
              return;
            }
            if (value === spec.default) delete next[name];
            if (Object.keys(next).length) g.params[id] = next;
            else delete g.params[id];
            ctx.save();
            void refresh();
          }, spec.description),
        );
      }
    }
    if (!paramsBox.childElementCount) paramsBox.append(el('p', { class: 'hint', text: 'These activations have no parameters.' }));
    focusBox.replaceChildren(
      el('div', { class: 'field' }, el('label', { for: 'gallery-focus', text: 'Formula and property sheet of' }),
        select(g.acts.map((id, i) => ({ value: String(i), label: getElementwise(id).name })), String(Math.min(g.focus, g.acts.length - 1)), (v) => {
          g.focus = Number(v);
          ctx.save();
          void refresh();
        }, { id: 'gallery-focus' })),
    );
  };

  controls.append(
    activationList('Activations', [...g.acts], MAX_OVERLAY, (values) => {
      g.acts = [...new Set(values)];
      g.focus = Math.min(g.focus, g.acts.length - 1);
      for (const id of Object.keys(g.params)) if (!g.acts.includes(id)) delete g.params[id];
      renderParams();
      ctx.save();
      void refresh();
    }),
    focusBox,
    paramsBox,
    slider('Plot range ±z', g.x, { min: 0.5, max: 20, step: 0.5 }, (value) => {
      g.x = value;
      ctx.save();
      void refresh();
    }),
  );
  renderParams();
  void refresh();
}
