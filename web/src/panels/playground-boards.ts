/**
 * The playground's decision boundaries: one board per network (several wrap in a race), each as
 * wide as the space it is given — measured by a ResizeObserver, never read during a frame — and
 * drawn in device pixels. The heatmap (`canvas.board`, redrawn every frame) lies over a second
 * canvas with the axes (ticks of x₁ and x₂), redrawn only when the size or the domain changes.
 */
import type { TrainerSnapshot } from '../protocol.js';
import { el, fmt } from '../ui.js';
import type { TrainerClient } from './playground-client.js';
import { styleAttribute, type NetworkStyle } from './playground-colours.js';
import { BOARD_MARGIN, boardGeometry, drawBoard, drawBoardAxes, pointsLayer } from './playground-draw.js';

interface Board {
  readonly figure: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  readonly axes: HTMLCanvasElement;
  readonly caption: HTMLElement;
  /** The width for the board and its axes (CSS px), as last measured. */
  width: number;
  /** What the axes were drawn for: "width domain". */
  axesFor: string;
}

/** The decision boundaries: one canvas per network, and the data points they all show. */
export class Boards {
  readonly root = el('div', { class: 'boards' });
  showTest = false;
  private boards: Board[] = [];
  /** The points drawn once per data set, size and "show test points", then copied onto each board. */
  private layer: { version: number; showTest: boolean; side: number; canvas: OffscreenCanvas } | undefined;
  private last: TrainerSnapshot | undefined;
  private readonly resize = new ResizeObserver((entries) => {
    for (const entry of entries) {
      const board = this.boards.find((b) => b.figure === entry.target);
      if (board) board.width = Math.floor(entry.contentRect.width);
    }
    if (this.last) this.draw(this.last);
  });

  /** `choose` hears a click on a board (a race: show that network's diagram). */
  constructor(
    private readonly client: TrainerClient,
    private readonly choose: (k: number) => void,
  ) {}

  /** One board per network, framed in its style (its activation's colour). */
  reset(labels: readonly string[], styles: readonly NetworkStyle[]): void {
    this.resize.disconnect();
    this.root.replaceChildren();
    this.root.classList.toggle('race', labels.length > 2);
    this.root.classList.toggle('single', labels.length === 1);
    this.last = undefined;
    this.boards = labels.map((label, k) => {
      const canvas = el('canvas', { class: 'board', role: 'img', 'aria-label': `decision boundary: ${label}` });
      const axes = el('canvas', { class: 'board-axes', 'aria-hidden': 'true' });
      const { left, top } = BOARD_MARGIN;
      const frame = el('div', { class: 'board-frame', style: `padding: ${top}px 0 0 ${left}px` }, axes, canvas);
      const caption = el('figcaption', { text: label });
      const figure = el('figure', { class: 'board-figure', style: styleAttribute(styles[k] ?? { colour: 'currentColor', dash: [] }) }, frame, caption);
      if (labels.length > 1) figure.addEventListener('click', () => this.choose(k));
      this.root.append(figure);
      this.resize.observe(figure);
      return { figure, canvas, axes, caption, width: 0, axesFor: '' };
    });
  }

  /** Marks the board whose network the diagram shows (in a race). */
  mark(k: number): void {
    this.boards.forEach((b, j) => b.figure.classList.toggle('shown', this.boards.length > 1 && j === k));
  }

  draw(s: TrainerSnapshot): void {
    this.last = s;
    const { client } = this;
    const width = this.boards[0]?.width ?? 0;
    if (width <= 0) return;
    const plot = boardGeometry(width).plot;
    const side = Math.round(plot * (window.devicePixelRatio || 1));
    if (!this.layer || this.layer.version !== client.pointsVersion || this.layer.showTest !== this.showTest || this.layer.side !== side) {
      this.layer = { version: client.pointsVersion, showTest: this.showTest, side, canvas: pointsLayer(side, s.domain, client.points, this.showTest ? client.testPoints : undefined) };
    }
    const points = this.layer.canvas;
    s.networks.forEach((n, k) => {
      const board = this.boards[k];
      if (!board || board.width <= 0) return;
      const { width: w } = board;
      if (board.axesFor !== `${w} ${s.domain.join(' ')}`) {
        board.axesFor = `${w} ${s.domain.join(' ')}`;
        const labels = drawBoardAxes(board.axes, w, s.domain).join('|');
        board.canvas.dataset.xTicks = labels;
        board.canvas.dataset.yTicks = labels;
        board.canvas.parentElement?.style.setProperty('height', `${boardGeometry(w).height}px`);
      }
      drawBoard(board.canvas, boardGeometry(w).plot, { grid: n.grid, resolution: s.resolution, points });
    });
  }

  caption(s: TrainerSnapshot): void {
    s.networks.forEach((n, k) => {
      const board = this.boards[k];
      if (board) board.caption.textContent = `${n.label} — train loss ${fmt(n.trainLoss, 3)}, test loss ${fmt(n.testLoss, 3)}${Number.isNaN(n.testAccuracy) ? '' : `, test accuracy ${(100 * n.testAccuracy).toFixed(1)}%`}`;
    });
  }
}
