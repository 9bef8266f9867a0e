/**
 * The fashion-mnist figure: validation accuracy over epochs per activation, the mean over seeds
 * as a line and the seeds' range (min to max) as a band.
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import type { FashionMnistResult } from '../experiments/fashion-mnist/types.js';
import { axisEncoding, column, linearAxis, VEGA_LITE_SCHEMA } from './axes.js';
import { colourByActivation, displayName } from './palette.js';

/** Validation accuracy by epoch, mean over seeds with the seed range as a band. */
export function fashionMnistFigure(result: FashionMnistResult): TopLevelSpec {
  const ids = result.summaries.filter((s) => s.curve.length > 0).map((s) => s.activation);
  const values = result.summaries.flatMap((s) =>
    s.curve.map((point) => ({ activation: displayName(s.activation), epoch: point.epoch, mean: point.mean, low: point.min, high: point.max })),
  );
  const x = axisEncoding('epoch', 'epoch', linearAxis([1, ...column(values, 'epoch')]));
  const y = linearAxis([...column(values, 'low'), ...column(values, 'high')]);
  const colour = colourByActivation(ids, { legend: { orient: 'bottom', labelLimit: 300, symbolOpacity: 1 } });
  const seeds = new Set(result.runs.map((r) => r.seed)).size;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: `Fashion-MNIST: validation accuracy by epoch (mean of ${seeds} seed${seeds === 1 ? '' : 's'}, band: their range)`,
    width: 420,
    height: 280,
    data: { values },
    layer: [
      {
        mark: { type: 'area', opacity: 0.18, clip: true },
        encoding: { x, y: axisEncoding('low', 'validation accuracy', y), y2: { field: 'high' }, color: colour },
      },
      {
        mark: { type: 'line', point: true, clip: true },
        encoding: { x, y: axisEncoding('mean', 'validation accuracy', y, { axis: { grid: true } }), color: colour },
      },
    ],
  } as unknown as TopLevelSpec;
}
