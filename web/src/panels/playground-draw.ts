/**
 * The playground's canvas drawing, as plain functions of a canvas and data: the decision
 * boundary (the worker's probability grid, scaled up) with the data points on top, and the loss
 * curves. No state: the panel decides when to draw.
 */

import { linearAxis } from '../../../src/figures/axes.js';

/** One colour per network (race mode); the loss curves and board frames use the same. */
export const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b'];
// Playground's colours: orange for class 0, blue for class 1, white at p = ½.
const ORANGE = [245, 147, 34] as const;
const BLUE = [8, 119, 189] as const;

export function paletteColour(k: number): string {
  return PALETTE[k % PALETTE.length] as string;
}

/** The heatmap colour of probability `p`: towards blue above ½, orange below, white at ½. */
export function colour(p: number): [number, number, number] {
  const t = Math.abs(2 * p - 1);
  const c = p >= 0.5 ? BLUE : ORANGE;
  return [255 + (c[0] - 255) * t * 0.75, 255 + (c[1] - 255) * t * 0.75, 255 + (c[2] - 255) * t * 0.75];
}

/**
 * The data points as a layer of `size`² pixels over the square `domain`: training points with a
 * white edge, then (if given) test points with a black one. Points are (x, y, label) triples.
 */
export function pointsLayer(size: number, domain: readonly [number, number], points: Float32Array | undefined, testPoints?: Float32Array): OffscreenCanvas {
  const layer = new OffscreenCanvas(size, size);
  const c = layer.getContext('2d');
  const [lo, hi] = domain;
  const plot = (data: Float32Array | undefined, stroke: string) => {
    if (!data || !c) return;
    for (let i = 0; i < data.length; i += 3) {
      const x = (((data[i] as number) - lo) / (hi - lo)) * size;
      const y = size - (((data[i + 1] as number) - lo) / (hi - lo)) * size;
      c.beginPath();
      c.arc(x, y, 3, 0, 2 * Math.PI);
      c.fillStyle = data[i + 2] === 1 ? 'rgb(8,119,189)' : data[i + 2] === 0 ? 'rgb(245,147,34)' : `rgb(${colour(data[i + 2] as number).join(',')})`;
      c.fill();
      c.strokeStyle = stroke;
      c.lineWidth = 1;
      c.stroke();
    }
  };
  plot(points, 'white');
  plot(testPoints, 'black');
  return layer;
}

/** The decision boundary: the `resolution`² grid of probabilities stretched over the canvas, then `points` on top. */
export function drawBoard(canvas: HTMLCanvasElement, grid: Float32Array, resolution: number, points: OffscreenCanvas): void {
  const c = canvas.getContext('2d');
  if (!c) return;
  const image = new ImageData(resolution, resolution);
  for (let i = 0; i < grid.length; i++) {
    const [r, g, b] = colour(grid[i] as number);
    image.data[4 * i] = r;
    image.data[4 * i + 1] = g;
    image.data[4 * i + 2] = b;
    image.data[4 * i + 3] = 255;
  }
  const small = new OffscreenCanvas(resolution, resolution);
  small.getContext('2d')?.putImageData(image, 0, 0);
  const size = canvas.width;
  c.imageSmoothingEnabled = true;
  c.drawImage(small, 0, 0, size, size);
  c.drawImage(points, 0, 0);
}

/** The loss axes: epochs 0…max across, log₁₀ loss down from the largest finite loss. */
function lossScale(histories: readonly (readonly number[])[], width: number, height: number) {
  let maxEpoch = 1;
  let maxLoss = 1e-3;
  let minLoss = Infinity;
  for (const history of histories) {
    for (let i = 0; i < history.length; i += 3) {
      maxEpoch = Math.max(maxEpoch, history[i] as number);
      for (const loss of [history[i + 1] as number, history[i + 2] as number]) {
        if (Number.isFinite(loss)) {
          maxLoss = Math.max(maxLoss, loss);
          minLoss = Math.min(minLoss, loss);
        }
      }
    }
  }
  // Whole decades at both ends, at least one apart: the axis always has two labelled powers of ten.
  const top = Math.ceil(Math.log10(maxLoss) - 1e-9);
  const bottom = Math.min(top - 1, Math.floor(Math.log10(Math.max(1e-4, Number.isFinite(minLoss) ? minLoss : 1e-4))));
  const left = 44;
  return {
    maxEpoch,
    maxLoss,
    top,
    bottom,
    left,
    x: (e: number) => left + (e / maxEpoch) * (width - left - 8),
    y: (l: number) => 6 + ((top - Math.log10(Math.max(l, 1e-12))) / (top - bottom)) * (height - 24),
  };
}

/**
 * The loss curves on a log scale, one colour per network: training solid, test dashed.
 * `histories` holds (epoch, train loss, test loss) triples per network.
 */
export function drawLoss(canvas: HTMLCanvasElement, histories: readonly (readonly number[])[]): void {
  const c = canvas.getContext('2d');
  if (!c) return;
  const width = canvas.clientWidth || 600;
  if (canvas.width !== width) canvas.width = width;
  const height = canvas.height;
  c.clearRect(0, 0, width, height);
  const s = lossScale(histories, width, height);
  c.strokeStyle = '#ccc';
  c.fillStyle = '#555';
  c.font = '11px system-ui, sans-serif';
  for (let d = Math.ceil(s.bottom); d <= Math.floor(s.top); d++) {
    c.beginPath();
    c.moveTo(s.left, s.y(10 ** d));
    c.lineTo(width - 8, s.y(10 ** d));
    c.stroke();
    c.fillText(`1e${d}`, 4, s.y(10 ** d) + 4);
  }
  // Epoch ticks along the bottom (the helper every chart's axes use: ≥ 2 ticks for any range).
  for (const epoch of linearAxis([0, s.maxEpoch]).values) {
    if (!Number.isInteger(epoch)) continue;
    c.fillText(String(epoch), Math.min(width - 30, s.x(epoch) - 4), height - 4);
  }
  c.fillText('epoch', 4, height - 4);
  histories.forEach((history, k) => {
    c.strokeStyle = paletteColour(k);
    for (const [offset, dash, lineWidth] of [[1, [], 2], [2, [5, 4], 1.5]] as const) {
      c.lineWidth = lineWidth;
      c.setLineDash(dash);
      c.beginPath();
      for (let i = 0; i < history.length; i += 3) {
        const px = s.x(history[i] as number);
        const py = s.y(Math.min(history[i + offset] as number, s.maxLoss));
        if (i === 0) c.moveTo(px, py);
        else c.lineTo(px, py);
      }
      c.stroke();
    }
    c.setLineDash([]);
  });
}
