/**
 * Vega-Lite specs of the explorer's own views (the chapter's figures come from
 * src/figures/specs.ts unchanged). Pure: built in the worker from library results.
 */
import type { TopLevelSpec } from 'vega-lite';
import { getElementwise, resolveParams } from '../../src/activations/index.js';
import type { DeadNeuronsResult } from '../../src/experiments/dead-neurons.js';
import type { SeluNormalisationResult } from '../../src/experiments/selu-normalisation.js';
import { axisEncoding, column, linearAxis, logAxis, positiveRows } from '../../src/figures/axes.js';
import { activationColourEncoding, activationSeriesEncodings, dashFor, displayName } from '../../src/figures/palette.js';
import type { CurveEntry } from './protocol.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
type Row = Record<string, number | string>;

/** "ELU (alpha=0.5)" for non-default parameters, else the display name. */
export function curveLabel(entry: CurveEntry): string {
  const def = getElementwise(entry.id);
  const changed = Object.entries(entry.params).filter(([k, v]) => def.params[k]?.default !== v);
  return changed.length ? `${def.name} (${changed.map(([k, v]) => `${k}=${v}`).join(', ')})` : def.name;
}

/** How many side-by-side panels fit a width, and each panel's width. */
function layout(width: number, panels: number, minimum = 260): { columns: number; panelWidth: number } {
  const columns = Math.max(1, Math.min(panels, Math.floor(width / (minimum + 40))));
  return { columns, panelWidth: Math.max(200, Math.floor(width / columns) - 70) };
}

/** f, f′ and f″ of up to six activations on [−x, x], one panel per order. */
export function gallerySpec(entries: readonly CurveEntry[], x: number, width: number, points = 401): TopLevelSpec {
  const orders = [
    { key: 'f', title: 'f(z)' },
    { key: 'df', title: 'f′(z)' },
    { key: 'd2f', title: 'f″(z)' },
  ] as const;
  const labels = entries.map(curveLabel);
  const rows: Row[][] = orders.map(() => []);
  entries.forEach((entry, k) => {
    const def = getElementwise(entry.id);
    const p = resolveParams(def, entry.params);
    const fns = [def.f, def.df, def.d2f];
    const activation = labels[k] as string;
    // A jump at a kink (ReLU′ at 0, ELU″ at 0) is drawn as a gap, not as a vertical segment.
    const kinks = def.kinks(p).filter((z) => z > -x && z < x);
    for (let i = 0; i < points; i++) {
      const z = -x + (2 * x * i) / (points - 1);
      const previous = i === 0 ? -Infinity : -x + (2 * x * (i - 1)) / (points - 1);
      fns.forEach((fn, o) => {
        let atJump = false;
        for (const kink of kinks) {
          if (kink > previous && kink <= z) {
            const left = fn(kink - 1e-9 * Math.max(1, Math.abs(kink)), p);
            const right = fn(kink + 1e-9 * Math.max(1, Math.abs(kink)), p);
            if (Math.abs(left - right) > 1e-6 * (1 + Math.abs(left) + Math.abs(right))) {
              (rows[o] as Row[]).push({ z: kink, value: left, activation }, { z: kink, value: null as unknown as number, activation }, { z: kink, value: right, activation });
              atJump ||= kink === z;
            }
          }
        }
        const value = fn(z, p);
        if (Number.isFinite(value) && !atJump) (rows[o] as Row[]).push({ z, value, activation });
      });
    }
  });
  const { columns, panelWidth } = layout(width, 3);
  const colour = activationColourEncoding(entries.map((entry, k) => ({ label: labels[k] as string, id: entry.id })), { legend: { orient: 'bottom', labelLimit: 300 } });
  const xAxis = axisEncoding('z', 'z', linearAxis([], { domain: [-x, x] }));
  return {
    $schema: SCHEMA,
    columns,
    concat: orders.map((order, o) => ({
      title: order.title,
      width: panelWidth,
      height: 220,
      data: { values: rows[o] },
      mark: { type: 'line', strokeWidth: 2, clip: true, invalid: 'break-paths-show-domains' },
      encoding: {
        x: xAxis,
        // ReLU's f″ is 0 everywhere: a safe axis spans [−1, 1] instead of collapsing onto "0.000000".
        y: axisEncoding('value', order.title, linearAxis(column(rows[o] as Row[], 'value'))),
        color: colour,
      },
    })),
    resolve: { scale: { y: 'independent' } },
  } as unknown as TopLevelSpec;
}

/** Dead-unit share per hidden layer over training, and the loss, per activation. */
export function deadNeuronsSpec(result: DeadNeuronsResult, width: number): TopLevelSpec {
  const runs = result.training?.runs ?? [];
  const layers = runs[0]?.finalDead.length ?? 0;
  const dead: Row[] = [];
  const loss: Row[] = [];
  // One run per activation in the panel; a result with several strategies names and dashes each.
  const strategies = runs.map((r) => r.strategy);
  const several = new Set(strategies).size > 1;
  const labelOf = (run: (typeof runs)[number]): string => (several ? `${displayName(run.activation)} (${run.strategy})` : displayName(run.activation));
  for (const run of runs) {
    const label = labelOf(run);
    for (const point of run.curve) {
      point.dead.forEach((d, l) => dead.push({ epoch: point.epoch, percent: 100 * d, activation: label, layer: `hidden layer ${l + 1}` }));
      if (Number.isFinite(point.loss)) loss.push({ epoch: point.epoch, loss: point.loss, activation: label });
    }
  }
  const { columns, panelWidth } = layout(width, layers + 1, 240);
  const style = activationSeriesEncodings(
    runs.map((run) => ({ label: labelOf(run), id: run.activation, ...(several ? { dash: dashFor(strategies, run.strategy) } : {}) })),
    { legend: { orient: 'bottom', labelLimit: 300, symbolStrokeWidth: 2 } },
  );
  const epochAxis = axisEncoding('epoch', 'epoch', linearAxis(column(dead, 'epoch').concat(column(loss, 'epoch'))));
  const percentAxis = axisEncoding('percent', '% units dead', linearAxis([], { domain: [0, 100] }));
  const panels: Record<string, unknown>[] = Array.from({ length: layers }, (_, l) => ({
    title: `Dead units, hidden layer ${l + 1}`,
    width: panelWidth,
    height: 200,
    data: { values: dead.filter((r) => r.layer === `hidden layer ${l + 1}`) },
    mark: { type: 'line', point: true, strokeWidth: 2 },
    encoding: { x: epochAxis, y: percentAxis, ...style },
  }));
  // A loss of exactly 0 has no place on a log axis: those epochs are left out and the axis keeps its ticks.
  const drawnLoss = positiveRows(loss, 'loss');
  panels.push({
    title: drawnLoss.length < loss.length ? { text: 'Training loss', subtitle: 'epochs with loss 0 are not drawn (log scale)', subtitleFontSize: 10 } : 'Training loss',
    width: panelWidth,
    height: 200,
    data: { values: drawnLoss },
    mark: { type: 'line', point: false, strokeWidth: 2, clip: true },
    encoding: { x: epochAxis, y: axisEncoding('loss', 'loss (log)', logAxis(column(drawnLoss, 'loss')), { axis: { grid: true } }), ...style },
  });
  return { $schema: SCHEMA, columns, concat: panels } as unknown as TopLevelSpec;
}

/** Mean and variance of the activations after each layer, per activation:init pair. */
export function seluSpec(result: SeluNormalisationResult, width: number): TopLevelSpec {
  const label = (s: SeluNormalisationResult['series'][number]): string => `${displayName(s.activation)} / ${s.init} init`;
  const rows: Row[] = result.series.flatMap((s) => s.means.map((mean, i) => ({ layer: i + 1, mean, variance: s.variances[i] as number, series: label(s) })));
  const means = rows.filter((r) => Number.isFinite(r.mean as number));
  const variances = positiveRows(rows, 'variance');
  const { columns, panelWidth } = layout(width, 2, 280);
  // Colour by activation, dash by initialisation: relu:he and relu:lecun share ReLU's colour.
  const inits = result.series.map((s) => s.init);
  const style = activationSeriesEncodings(
    result.series.map((s) => ({ label: label(s), id: s.activation, dash: dashFor(inits, s.init) })),
    { field: 'series', legend: { orient: 'bottom', labelLimit: 300, symbolStrokeWidth: 2 } },
  );
  const layerAxis = axisEncoding('layer', 'layer', linearAxis(column(rows, 'layer')));
  const meanAxis = linearAxis(column(means, 'mean'), { include: [0] });
  const varianceAxis = logAxis(column(variances, 'variance'), { include: [1] });
  return {
    $schema: SCHEMA,
    columns,
    concat: [
      {
        title: 'Mean of the activations',
        width: panelWidth,
        height: 220,
        data: { values: means },
        layer: [
          { mark: { type: 'line', strokeWidth: 2, clip: true }, encoding: { x: layerAxis, y: axisEncoding('mean', 'mean', meanAxis), ...style } },
          { data: { values: [{ y: 0 }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#888' }, encoding: { y: { field: 'y', type: 'quantitative' } } },
        ],
      },
      {
        title: 'Variance of the activations (log)',
        width: panelWidth,
        height: 220,
        data: { values: variances },
        layer: [
          { mark: { type: 'line', strokeWidth: 2, clip: true }, encoding: { x: layerAxis, y: axisEncoding('variance', 'variance', varianceAxis, { axis: { grid: true } }), ...style } },
          { data: { values: [{ y: 1 }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#888' }, encoding: { y: { field: 'y', type: 'quantitative' } } },
        ],
      },
    ],
  } as unknown as TopLevelSpec;
}
