/**
 * The "Real data" panel's accuracy chart as a Vega-Lite spec (drawn by the charts worker), in a
 * module without the DOM so that Node's tests render it as the figures are.
 */
import type { TopLevelSpec } from 'vega-lite';
import { axisEncoding, column, linearAxis } from '../../src/figures/axes.js';
import { colourByActivation, displayName } from '../../src/figures/palette.js';

/** One point of the chart: an activation's test accuracy after an epoch. */
export interface AccuracyPoint {
  readonly id: string;
  readonly epoch: number;
  readonly accuracy: number;
}

/** Test accuracy over epochs, one line per activation in its palette colour. */
export function accuracySpec(ids: readonly string[], points: readonly AccuracyPoint[], epochs: number, width: number): TopLevelSpec {
  const values = points.map((p) => ({ activation: displayName(p.id), epoch: p.epoch, accuracy: p.accuracy }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    width: Math.max(200, width - 80),
    height: 240,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      // The safe axes of every figure (src/figures/axes.ts): ticks that read, whatever the points.
      x: axisEncoding('epoch', 'epoch', linearAxis([], { domain: [0, Math.max(1, epochs)], count: Math.min(5, Math.max(2, epochs)) })),
      y: axisEncoding('accuracy', 'test accuracy', linearAxis(column(values, 'accuracy'))),
      color: colourByActivation(ids),
    },
  } as TopLevelSpec;
}

