/**
 * The "Real data" panel's pictures: the accuracy chart's Vega-Lite spec (drawn by the charts
 * worker), the grid of misclassified test images, and the message shown when the data set is
 * not installed.
 */
import { FASHION_MNIST_CLASSES } from '../../../src/data/types.js';
import type { Subset } from '../real-data-protocol.js';
import { el } from '../ui.js';

export { accuracySpec, type AccuracyPoint } from '../real-data-spec.js';

/** Scale of the image canvases (28×28 shown 56×56). */
const SCALE = 2;

/** A test image drawn on a canvas, each pixel a SCALE×SCALE square (dark ink on white). */
function imageCanvas(subset: Subset, index: number): HTMLCanvasElement {
  const { rows, cols } = subset;
  const canvas = el('canvas', { width: cols * SCALE, height: rows * SCALE });
  const context = canvas.getContext('2d');
  if (!context) return canvas;
  const picture = context.createImageData(cols * SCALE, rows * SCALE);
  const start = index * rows * cols;
  for (let y = 0; y < rows * SCALE; y++) {
    for (let x = 0; x < cols * SCALE; x++) {
      const ink = 255 - (subset.testPixels[start + Math.floor(y / SCALE) * cols + Math.floor(x / SCALE)] as number);
      const at = 4 * (y * cols * SCALE + x);
      picture.data.fill(ink, at, at + 3);
      picture.data[at + 3] = 255;
    }
  }
  context.putImageData(picture, 0, 0);
  return canvas;
}

/** Most images in the grid. */
export const GRID_MAX = 48;

/** The first {@link GRID_MAX} misclassified test images, each captioned "predicted (true)". */
export function misclassifiedGrid(subset: Subset, predictions: Uint8Array): HTMLElement {
  const wrong: number[] = [];
  for (let i = 0; i < predictions.length; i++) if (predictions[i] !== subset.testLabels[i]) wrong.push(i);
  const name = (label: number) => FASHION_MNIST_CLASSES[label] ?? String(label);
  const cells = wrong.slice(0, GRID_MAX).map((i) => {
    const predicted = name(predictions[i] as number);
    const truth = name(subset.testLabels[i] as number);
    const canvas = imageCanvas(subset, i);
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', `test image ${i}: predicted ${predicted}, truly ${truth}`);
    return el('figure', { class: 'mis' }, canvas, el('figcaption', {}, el('span', { class: 'predicted', text: predicted }), el('span', { class: 'truth', text: `(${truth})` })));
  });
  const caption = `${wrong.length} of ${predictions.length} test images misclassified${wrong.length > GRID_MAX ? `; the first ${GRID_MAX}` : ''} — predicted (true)`;
  return el('div', { class: 'misclassified' }, el('p', { class: 'hint', text: caption }), el('div', { class: 'mis-grid' }, ...cells));
}

/** What the panel shows instead of a run when the server has no data set: the server's message and the command. */
export function missingData(message: string, command: string): HTMLElement {
  return el('div', { class: 'error data-missing', role: 'alert' },
    el('p', { text: `Fashion-MNIST is not available to the server: ${message}` }),
    el('p', {}, 'Install it on the machine that runs actlab start, then reload: ', el('code', { text: command })),
  );
}
