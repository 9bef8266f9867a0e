/**
 * One colour and one display name per activation, for every chart: the report's and chapter's
 * figures, the explorer's panels and runs. A colour is keyed by the activation's id, never by
 * its position in a chart, so tanh is the same colour beside two activations or beside five, in
 * the gallery, the gradient-flow run and the report. Names are the registry's display names
 * (the ones the explorer's selects show: "Leaky ReLU", not `leaky_relu`). A formula (your own
 * activation) takes a hue no registered activation has, and its label or expression as its name.
 * @module
 */
import { ACTIVATIONS, getActivation, type Activation } from '../activations/index.js';

/**
 * The chapter's own activations take Tableau 10's strong colours (the ones a reader sees most
 * often); the others take further distinct hues. Every id has its own colour, so two activations
 * in one chart never share one.
 */
const FIRST: Readonly<Record<string, string>> = {
  relu: '#4e79a7',
  sigmoid: '#f28e2b',
  tanh: '#e15759',
  leaky_relu: '#76b7b2',
  elu: '#59a14f',
  swish: '#edc948',
  gelu: '#b07aa1',
  selu: '#ff9da7',
  softplus: '#9c755f',
  mish: '#bab0ac',
};

/** Further colours, handed to the rest of the registry in catalogue order (all distinct). */
const MORE = [
  '#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22',
  '#393b79', '#637939', '#8c6d31', '#843c39', '#7b4173', '#3182bd', '#e6550d', '#31a354',
  '#756bb1', '#636363', '#ad494a', '#a55194', '#6baed6', '#fd8d3c', '#74c476', '#9e9ac8',
];

/**
 * Colours of formulas (`z*tanh(softplus(z))`, your own activations): hues the registry does not
 * use (Okabe–Ito's and a few dark ones), one picked by a hash of the formula's id, so a formula
 * keeps its colour from chart to chart and session to session.
 */
export const FORMULA_COLOURS: readonly string[] = Object.freeze([
  '#d55e00', '#0072b2', '#009e73', '#cc79a7', '#e69f00', '#56b4e9',
  '#c51b7d', '#00a087', '#8e0152', '#276419', '#2d004b', '#b35806',
]);

/** FNV-1a hash of a text (32 bits): the same on every engine. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Neutral grey for a series that is not an activation (a reference line, an unknown name). */
export const NEUTRAL = '#7f7f7f';

const COLOURS: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>(Object.entries(FIRST));
  let next = 0;
  for (const activation of ACTIVATIONS) {
    if (map.has(activation.id)) continue;
    map.set(activation.id, MORE[next % MORE.length] as string);
    next += 1;
  }
  return map;
})();

function lookUp(name: string): Activation | undefined {
  try {
    return getActivation(name);
  } catch {
    return undefined;
  }
}

function canonical(name: string): string | undefined {
  return lookUp(name)?.id;
}

/**
 * The colour of an activation (id or alias), or of a formula (one of {@link FORMULA_COLOURS},
 * by a hash of its id); {@link NEUTRAL} for a name that is neither.
 */
export function activationColour(name: string): string {
  const activation = lookUp(name);
  if (activation === undefined) return NEUTRAL;
  if (activation.family === 'formula') return FORMULA_COLOURS[hash(activation.id) % FORMULA_COLOURS.length] as string;
  return COLOURS.get(activation.id) ?? NEUTRAL;
}

/**
 * The colours of a chart's series: each its {@link activationColour}, except that a formula whose
 * hashed colour another series of the chart already has takes the next free formula colour.
 */
function seriesColours(ids: readonly string[]): string[] {
  const colours = ids.map(activationColour);
  const used = new Set(colours.filter((_, k) => lookUp(ids[k] as string)?.family !== 'formula'));
  return colours.map((colour, k) => {
    if (lookUp(ids[k] as string)?.family !== 'formula') return colour;
    const start = FORMULA_COLOURS.indexOf(colour);
    for (let step = 0; step < FORMULA_COLOURS.length; step++) {
      const candidate = FORMULA_COLOURS[(start + step) % FORMULA_COLOURS.length] as string;
      if (!used.has(candidate)) {
        used.add(candidate);
        return candidate;
      }
    }
    return colour;
  });
}

/**
 * The display name of an activation (id or alias): `leaky_relu` → "Leaky ReLU"; a formula's label
 * (`My swish=z*sigmoid(1.5*z)` → "My swish") or else its expression; an unknown name is returned as it is.
 */
export function displayName(name: string): string {
  const id = canonical(name);
  return id !== undefined ? getActivation(id).name : name;
}

/** One series of a chart coloured by activation: its legend label and the activation it draws. */
export interface ColouredSeries {
  readonly label: string;
  readonly id: string;
}

/**
 * A Vega-Lite colour encoding for series labelled by `field`, each drawn in its activation's
 * colour: the scale's domain is the labels and its range their colours, so the colour does not
 * depend on which other series the chart holds or how Vega would cycle its scheme.
 */
export function activationColourEncoding(series: readonly ColouredSeries[], options: { field?: string; legend?: Record<string, unknown> | null } = {}): Record<string, unknown> {
  const seen = new Set<string>();
  const unique = series.filter((s) => !seen.has(s.label) && seen.add(s.label));
  return {
    field: options.field ?? 'activation',
    type: 'nominal',
    title: null,
    scale: { domain: unique.map((s) => s.label), range: seriesColours(unique.map((s) => s.id)) },
    legend: options.legend === undefined ? { orient: 'bottom', labelLimit: 400 } : options.legend,
  };
}

/** The same for series that are activations named by id: the labels are their display names. */
export function colourByActivation(ids: readonly string[], options: { field?: string; legend?: Record<string, unknown> | null } = {}): Record<string, unknown> {
  return activationColourEncoding(ids.map((id) => ({ id, label: displayName(id) })), options);
}

/** A series with an optional dash pattern ([1, 0] solid, [6, 4] dashed, …). */
export interface DashedSeries extends ColouredSeries {
  readonly dash?: readonly number[];
}

/**
 * Colour by activation, and, when some series has a dash, a dash encoding on the same field with
 * the same legend, so the legend shows one entry per series with its colour and its dash (two
 * series of one activation — SELU with two initialisations — are told apart by dash).
 */
export function activationSeriesEncodings(series: readonly DashedSeries[], options: { field?: string; legend?: Record<string, unknown> | null } = {}): { color: Record<string, unknown>; strokeDash?: Record<string, unknown> } {
  const color = activationColourEncoding(series, options);
  if (!series.some((s) => s.dash)) return { color };
  const domain = (color.scale as { domain: string[] }).domain;
  const range = domain.map((label) => [...(series.find((s) => s.label === label)?.dash ?? [1, 0])]);
  return { color, strokeDash: { field: color.field, type: 'nominal', title: null, legend: color.legend, scale: { domain, range } } };
}

/** Dash patterns told apart by a second key (an initialisation): the first solid, then dashed, dotted, dash-dot. */
export function dashFor(keys: readonly string[], key: string): number[] {
  const order = [...new Set(keys)];
  return [[1, 0], [6, 4], [2, 3], [8, 3, 2, 3]][Math.max(0, order.indexOf(key)) % 4] as number[];
}
