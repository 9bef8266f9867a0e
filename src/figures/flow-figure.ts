/**
 * The gradient-flow figure on its own: the explorer's charts worker draws it (partial results
 * too) from its start-up chunk, without the analysis engine the other figures bring along.
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import type { GradientFlowResult } from '../experiments/gradient-flow.js';
import { axisEncoding, column, linearAxis, logAxis, positiveRows, VEGA_LITE_SCHEMA } from './axes.js';
import { colourByActivation, displayName } from './palette.js';

type Row = Record<string, number | string>;

/** New: mean gradient norm by depth, simulated vs the mean-field prediction. */
export function gradientFlowFigure(result: GradientFlowResult): TopLevelSpec {
  const values: Row[] = result.rows.flatMap((row) =>
    result.activations.flatMap((id, k) => [
      { depth: row.depth, norm: row.simulated[k] as number, activation: displayName(id), kind: 'simulated' },
      { depth: row.depth, norm: row.predicted[k] as number, activation: displayName(id), kind: 'mean-field prediction' },
    ]),
  );
  // Norms that overflowed or vanished to 0 cannot sit on a log axis: they are left out, not allowed to collapse it.
  const drawn = positiveRows(values, 'norm');
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: 'Gradient norm by depth: simulated vs predicted',
    width: 420,
    height: 280,
    data: { values: drawn },
    mark: { type: 'line', point: true, clip: true },
    encoding: {
      x: axisEncoding('depth', 'depth (layers)', linearAxis(column(values, 'depth'))),
      y: axisEncoding('norm', 'mean gradient norm (log)', logAxis(column(drawn, 'norm')), { axis: { grid: true } }),
      color: colourByActivation(result.activations, { legend: { labelLimit: 300 } }),
      // Solid for the simulation, dashed for the prediction (the default scale would pick by name).
      strokeDash: {
        field: 'kind',
        type: 'nominal',
        title: null,
        scale: { domain: ['simulated', 'mean-field prediction'], range: [[1, 0], [6, 3]] },
        legend: { labelLimit: 300, symbolType: 'stroke', symbolStrokeWidth: 2, symbolSize: 400, encode: { symbols: { update: { stroke: { value: '#444' } } } } },
      },
    },
  } as unknown as TopLevelSpec;
}
