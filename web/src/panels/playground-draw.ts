/**
 * The playground's canvas drawing, as plain functions of a canvas and data: the decision
 * boundary (the worker's probability grid, scaled up) with axes and the data points on top, and
 * the loss curves with ticks on both axes. No state: the panel decides when and how big to draw.
 * Every canvas is sized in device pixels (CSS size × devicePixelRatio), so lines and text stay
 * crisp; its `data-x-ticks` / `data-y-ticks` attributes list the tick labels drawn.
 */
import { axisLabels, linearAxis, logAxis } from '../../../src/figures/axes.js';
import type { NetworkStyle } from './playground-colours.js';

// Playground's colours: orange for class 0 (negative), blue for class 1 (positive), white between.
const ORANGE = [245, 147, 34] as const;
const BLUE = [8, 119, 189] as const;
const FONT = '12px system-ui, sans-serif';
const TEXT = '#3c4452';

/** The colour of a signed value t ∈ [−1, 1] (clamped): orange below 0, blue above, white at 0, at `strength` of full colour. */
export function signedColour(t: number, strength = 0.75): [number, number, number] {
  const s = Math.min(1, Math.abs(Number.isNaN(t) ? 0 : t)) * strength;
  const c = t >= 0 ? BLUE : ORANGE;
  return [255 + (c[0] - 255) * s, 255 + (c[1] - 255) * s, 255 + (c[2] - 255) * s];
}

/** The heatmap colour of probability `p`: towards blue above ½, orange below, white at ½. */
export function colour(p: number): [number, number, number] {
  return signedColour(2 * p - 1);
}

/** Sizes `canvas` to `width` × `height` CSS pixels in device pixels; returns its context scaled to CSS pixels. */
export function crispContext(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D | null {
  const ratio = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(width * ratio));
  const h = Math.max(1, Math.round(height * ratio));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const c = canvas.getContext('2d');
  c?.setTransform(ratio, 0, 0, ratio, 0, 0);
  return c;
}

/** The board's margins (CSS px) around its square plot: tick labels left and below. */
export const BOARD_MARGIN = { left: 30, bottom: 22, top: 6, right: 8 } as const;

/** The board's plot side (CSS px) for a canvas `width` CSS px wide, and the canvas height that keeps the plot square. */
export function boardGeometry(width: number): { plot: number; height: number } {
  const plot = Math.max(40, Math.floor(width - BOARD_MARGIN.left - BOARD_MARGIN.right));
  return { plot, height: plot + BOARD_MARGIN.top + BOARD_MARGIN.bottom };
}

/**
 * The data points as a layer of `side`² device pixels over the square `domain`: every point
 * outlined in dark grey (an orange point on an orange region stays visible), training points as
 * discs, test points (if given) with a white ring inside the outline. Points are (x, y, value)
 * triples, the value on the boards' colour scale (0 orange, ½ white, 1 blue).
 */
export function pointsLayer(side: number, domain: readonly [number, number], points: Float32Array | undefined, testPoints?: Float32Array): OffscreenCanvas {
  const layer = new OffscreenCanvas(Math.max(1, side), Math.max(1, side));
  const c = layer.getContext('2d');
  const [lo, hi] = domain;
  const ratio = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
  const radius = Math.max(2.5, Math.min(4, side / ratio / 90)) * ratio;
  const plot = (data: Float32Array | undefined, test: boolean) => {
    if (!data || !c) return;
    for (let i = 0; i < data.length; i += 3) {
      const x = (((data[i] as number) - lo) / (hi - lo)) * side;
      const y = side - (((data[i + 1] as number) - lo) / (hi - lo)) * side;
      c.beginPath();
      c.arc(x, y, radius, 0, 2 * Math.PI);
      // The value is on the boards' scale 0…1: a class 0/1, or a regression target mapped there.
      c.fillStyle = `rgb(${signedColour(2 * (data[i + 2] as number) - 1, 1).join(',')})`;
      c.fill();
      if (test) {
        c.strokeStyle = 'white';
        c.lineWidth = 1.5 * ratio;
        c.stroke();
        c.beginPath();
        c.arc(x, y, radius + 1.2 * ratio, 0, 2 * Math.PI);
      }
      c.strokeStyle = 'rgba(20, 24, 32, 0.85)';
      c.lineWidth = ratio;
      c.stroke();
    }
  };
  plot(points, false);
  plot(testPoints, true);
  return layer;
}

/** What a board shows: the worker's grid (on the colour scale 0…1, discretised there when asked), and the points layer ({@link pointsLayer}) to put on top. */
export interface BoardPicture {
  readonly grid: Float32Array;
  readonly resolution: number;
  readonly points: OffscreenCanvas;
}

/** The grid's colours as a resolution² image, in a canvas reused from one frame to the next (a board draws it at once). */
let gridCanvas: { canvas: OffscreenCanvas; image: ImageData } | undefined;
function gridImage(grid: Float32Array, resolution: number): OffscreenCanvas {
  if (gridCanvas?.image.width !== resolution) gridCanvas = { canvas: new OffscreenCanvas(resolution, resolution), image: new ImageData(resolution, resolution) };
  const { canvas, image } = gridCanvas;
  for (let i = 0; i < grid.length; i++) {
    const [r, g, b] = colour(grid[i] as number);
    image.data[4 * i] = r;
    image.data[4 * i + 1] = g;
    image.data[4 * i + 2] = b;
    image.data[4 * i + 3] = 255;
  }
  canvas.getContext('2d')?.putImageData(image, 0, 0);
  return canvas;
}

/**
 * A board's axes on their own canvas, `width` CSS px wide, around the plot at the
 * {@link BOARD_MARGIN}s: tick marks and labels of x₁ below and x₂ left, and a frame. They change
 * only with the size and the domain, so they are drawn apart from the heatmap, which changes
 * every frame. Returns the tick labels (the same on both).
 */
export function drawBoardAxes(canvas: HTMLCanvasElement, width: number, domain: readonly [number, number]): string[] {
  const { plot: side, height } = boardGeometry(width);
  const axis = linearAxis([], { domain, count: side < 200 ? 3 : 6 });
  const labels = axisLabels(axis);
  const c = crispContext(canvas, width, height);
  if (!c) return labels;
  const { left, top } = BOARD_MARGIN;
  const [lo, hi] = axis.domain;
  const at = (v: number) => ((v - lo) / (hi - lo)) * side;
  c.clearRect(0, 0, width, height);
  c.strokeStyle = '#8a93a3';
  c.fillStyle = TEXT;
  c.font = FONT;
  c.lineWidth = 1;
  c.beginPath();
  axis.values.forEach((t, k) => {
    const x = Math.round(left + at(t)) + 0.5;
    const y = Math.round(top + side - at(t)) + 0.5;
    c.moveTo(x, top + side);
    c.lineTo(x, top + side + 4);
    c.moveTo(left - 4, y);
    c.lineTo(left, y);
    const label = labels[k] as string;
    c.textAlign = 'center';
    c.textBaseline = 'top';
    c.fillText(label, x, top + side + 6);
    c.textAlign = 'right';
    c.textBaseline = 'middle';
    c.fillText(label, left - 6, y);
  });
  c.stroke();
  c.strokeRect(left - 0.5, top - 0.5, side + 1, side + 1);
  return labels;
}

/** The decision boundary on a canvas `side` CSS px square: the grid stretched over it, the points on top. */
export function drawBoard(canvas: HTMLCanvasElement, side: number, picture: BoardPicture): void {
  const c = crispContext(canvas, side, side);
  if (!c) return;
  c.imageSmoothingEnabled = true;
  c.drawImage(gridImage(picture.grid, picture.resolution), 0, 0, side, side);
  c.drawImage(picture.points, 0, 0, side, side);
}

/** The loss chart's scales: epochs 0…max across, log loss up, over the ticked domains. */
function lossScale(histories: readonly (readonly number[])[], width: number, height: number) {
  let maxEpoch = 0;
  let maxLoss = 0;
  let minLoss = Infinity;
  for (const history of histories) {
    for (let i = 0; i < history.length; i += 3) {
      maxEpoch = Math.max(maxEpoch, history[i] as number);
      for (const loss of [history[i + 1] as number, history[i + 2] as number]) {
        // Only positive losses can be drawn on the log scale (a zero loss sits on its floor).
        if (Number.isFinite(loss) && loss > 0) {
          maxLoss = Math.max(maxLoss, loss);
          minLoss = Math.min(minLoss, loss);
        }
      }
    }
  }
  const margin = { left: 52, right: 12, top: 22, bottom: 34 };
  const xAxis = linearAxis([], { domain: [0, Math.max(10, maxEpoch)], count: (width - margin.left) / 110 });
  const yAxis = logAxis(Number.isFinite(minLoss) ? [minLoss, maxLoss] : [0.1, 1], { count: (height - margin.top - margin.bottom) / 28 });
  const [x0, x1] = xAxis.domain;
  const [y0, y1] = yAxis.domain.map(Math.log10) as [number, number];
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  return {
    margin,
    xAxis,
    yAxis,
    xLabels: axisLabels(xAxis),
    yLabels: axisLabels(yAxis),
    x: (e: number) => margin.left + ((e - x0) / (x1 - x0)) * plotWidth,
    y: (l: number) => margin.top + ((y1 - Math.log10(Math.min(yAxis.domain[1], Math.max(l, yAxis.domain[0])))) / (y1 - y0)) * plotHeight,
  };
}

type LossScale = ReturnType<typeof lossScale>;

/** Grid lines, tick labels, axis titles and the train/test key. */
function lossAxes(c: CanvasRenderingContext2D, s: LossScale, width: number, height: number): void {
  const { margin } = s;
  c.font = FONT;
  c.lineWidth = 1;
  c.strokeStyle = '#e3e7ee';
  c.fillStyle = TEXT;
  c.beginPath();
  s.yAxis.values.forEach((t, k) => {
    const y = Math.round(s.y(t)) + 0.5;
    c.moveTo(margin.left, y);
    c.lineTo(width - margin.right, y);
    c.textAlign = 'right';
    c.textBaseline = 'middle';
    c.fillText(s.yLabels[k] as string, margin.left - 6, y);
  });
  s.xAxis.values.forEach((t, k) => {
    const x = Math.round(s.x(t)) + 0.5;
    c.moveTo(x, margin.top);
    c.lineTo(x, height - margin.bottom + 4);
    c.textAlign = 'center';
    c.textBaseline = 'top';
    c.fillText(s.xLabels[k] as string, x, height - margin.bottom + 6);
  });
  c.stroke();
  c.textAlign = 'left';
  c.textBaseline = 'alphabetic';
  c.fillText('loss', 4, 14);
  c.textAlign = 'right';
  c.fillText('epoch', width - margin.right, height - 3);
  // The key: a solid and a dashed stroke, as the curves.
  const keyX = width - margin.right - 150;
  for (const [dx, dash, text] of [[0, [], 'train'], [78, [5, 4], 'test']] as const) {
    c.strokeStyle = TEXT;
    c.setLineDash(dash);
    c.beginPath();
    c.moveTo(keyX + dx, 10);
    c.lineTo(keyX + dx + 24, 10);
    c.stroke();
    c.setLineDash([]);
    c.textAlign = 'left';
    c.textBaseline = 'middle';
    c.fillText(text, keyX + dx + 29, 10);
  }
}

/**
 * The loss curves on a log scale, each network in its style ({@link NetworkStyle}: its
 * activation's colour): training solid (or the network's dash), test dashed, over a canvas
 * `width` × `height` CSS px (its CSS width is left to the style sheet). `histories` holds
 * (epoch, train loss, test loss) triples per network.
 */
export function drawLoss(canvas: HTMLCanvasElement, histories: readonly (readonly number[])[], styles: readonly NetworkStyle[], width: number, height = 200): void {
  const c = crispContext(canvas, width, height);
  if (!c) return;
  canvas.style.width = '';
  c.clearRect(0, 0, width, height);
  const s = lossScale(histories, width, height);
  lossAxes(c, s, width, height);
  histories.forEach((history, k) => {
    const style = styles[k];
    c.strokeStyle = style?.colour ?? TEXT;
    // A network sharing its colour with another is dotted (training) and dash-dotted (test).
    const repeat = style !== undefined && style.dash.length > 0;
    for (const [offset, dash, lineWidth] of [[1, style?.dash ?? [], 2], [2, repeat ? [9, 3, 2, 3] : [5, 4], 1.5]] as const) {
      c.lineWidth = lineWidth;
      c.setLineDash([...dash]);
      c.beginPath();
      for (let i = 0; i < history.length; i += 3) {
        const px = s.x(history[i] as number);
        const py = s.y(history[i + offset] as number);
        if (i === 0) c.moveTo(px, py);
        else c.lineTo(px, py);
      }
      // A single point is a line of no length: a dot shows it.
      if (history.length === 3) c.arc(s.x(history[0] as number), s.y(history[offset] as number), 1.5, 0, 2 * Math.PI);
      c.stroke();
    }
    c.setLineDash([]);
  });
  canvas.dataset.xTicks = s.xLabels.join('|');
  canvas.dataset.yTicks = s.yLabels.join('|');
  canvas.dataset.key = 'train: solid|test: dashed';
}
