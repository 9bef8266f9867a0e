/**
 * The network drawn as TensorFlow Playground draws it: every unit (inputs, hidden units, output)
 * a small heatmap of what it computes over the board's square, the weights as curves whose width
 * shows |w| and whose colour shows its sign (blue positive, orange negative), each unit's bias a
 * small square at its corner. Hovering or focusing a unit enlarges it, with its activation.
 *
 * The trainer worker computes the pictures ({@link NetworkPicture}, ~10 a second) only while the
 * diagram is on screen (`onVisible`); the page draws the newest one at most once per frame,
 * changing only the links whose width or colour changed.
 */
import type { NetworkPicture } from '../protocol.js';
import { el, select } from '../ui.js';
import { diagramLayout, linkPath, NAME_ROOM, ZOOM_HEIGHT, type DiagramLayout } from './network-layout.js';
import { signedColour } from './playground-draw.js';
import './playground.css';

const SVG = 'http://www.w3.org/2000/svg';
const GREY = [214, 218, 224] as const;

/** A weight's stroke: width 0.5…6 px with |w| (saturating at 2), grey at 0 towards blue (w > 0) or orange (w < 0) at |w| ≥ 1. */
export function linkStyle(w: number): { width: string; colour: string } {
  const a = Math.abs(w);
  const [r, g, b] = signedColour(Math.sign(w), 1);
  const t = Math.min(1, a);
  const mix = (c: number, k: number) => Math.round((GREY[k] as number) + (c - (GREY[k] as number)) * t);
  return { width: (0.5 + 2.75 * Math.min(2, a)).toFixed(1), colour: `rgb(${mix(r, 0)},${mix(g, 1)},${mix(b, 2)})` };
}

/** A unit's heatmap into `image` (resolution² pixels): its outputs from `offset`, white at `centre`, full colour at ± `scale`. */
function paint(image: ImageData, values: Float32Array, offset: number, centre: number, scale: number): void {
  const n = image.width * image.height;
  for (let i = 0; i < n; i++) {
    const [r, g, b] = signedColour(((values[offset + i] as number) - centre) / scale, 0.9);
    image.data[4 * i] = r;
    image.data[4 * i + 1] = g;
    image.data[4 * i + 2] = b;
    image.data[4 * i + 3] = 255;
  }
}

interface NodeView {
  readonly layer: number;
  readonly unit: number;
  readonly root: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  readonly bias: HTMLElement | undefined;
}

/** The layer's name over its column: "inputs", "hidden 1", "output". */
function layerName(layer: number, layers: number): string {
  if (layer === 0) return 'inputs';
  return layer === layers - 1 ? 'output' : `hidden ${layer}`;
}

/** What a unit is, in words, for its label and its enlarged view. */
function unitTitle(picture: NetworkPicture, layer: number, unit: number): string {
  if (layer === 0) return `input ${picture.inputs[unit] ?? unit + 1}`;
  const name = layerName(layer, picture.widths.length);
  return layer === picture.widths.length - 1 ? 'output' : `${name}, unit ${unit + 1}`;
}

export class NetworkDiagram {
  readonly root: HTMLDetailsElement;
  private readonly stage = el('div', { class: 'pg-stage' });
  private readonly scroller = el('div', { class: 'pg-scroll' }, this.stage);
  private readonly svg = document.createElementNS(SVG, 'svg');
  private readonly chooser = el('div', { class: 'pg-chooser' });
  private readonly weightLabel = el('div', { class: 'pg-weight', 'aria-hidden': 'true' });
  private readonly zoom = { root: el('div', { class: 'pg-zoom', 'aria-hidden': 'true' }), canvas: el('canvas', { class: 'pg-zoom-map' }), title: el('strong'), detail: el('span') };
  private nodes: NodeView[] = [];
  /** Per layer after the inputs: its links, weight after weight (row-major as the weights). */
  private links: { path: SVGPathElement; width: string; colour: string }[][] = [];
  private shape = '';
  private layout: DiagramLayout | undefined;
  private picture: NetworkPicture | undefined;
  private drawn: NetworkPicture | undefined;
  private frame = 0;
  private hovered: NodeView | undefined;
  private visible = false;
  private open = true;
  /** The network shown (a race has several). */
  selected = 0;

  /** `onVisible` hears when the diagram comes into view or leaves it (collapsed, scrolled away, panel hidden). */
  constructor(private readonly onVisible: (visible: boolean) => void) {
    this.root = el('details', { class: 'pg-network', open: true });
    this.root.append(el('summary', {}, 'Network ', el('small', { class: 'hint', text: 'each unit drawn over the board; hover or focus one to enlarge it, hover a link for its weight' })), this.chooser, this.scroller);
    this.svg.setAttribute('class', 'pg-links');
    this.svg.setAttribute('aria-hidden', 'true');
    this.zoom.root.append(this.zoom.canvas, el('div', { class: 'pg-zoom-text' }, this.zoom.title, this.zoom.detail));
    this.zoom.root.hidden = true;
    this.weightLabel.hidden = true;
    this.stage.append(this.svg, this.zoom.root, this.weightLabel);
    this.svg.addEventListener('pointerover', (event) => this.showWeight(event));
    this.svg.addEventListener('pointerout', () => {
      this.weightLabel.hidden = true;
    });
    this.root.addEventListener('toggle', () => {
      this.open = this.root.open;
      this.onVisible(this.open && this.visible);
    });
    // "On screen" with a margin, so the diagram is drawn just before it is scrolled into view.
    new IntersectionObserver(
      (entries) => {
        const seen = entries.some((e) => e.isIntersecting);
        if (seen !== this.visible) {
          this.visible = seen;
          this.onVisible(this.open && seen);
        }
      },
      { rootMargin: '400px 0px' },
    ).observe(this.root);
    new ResizeObserver(() => this.relayout()).observe(this.root);
  }

  /** Whether pictures are wanted now. */
  get wanted(): boolean {
    return this.open && this.visible;
  }

  /** The networks to choose from (a race): a select above the diagram; `choose` hears the choice. */
  networks(labels: readonly string[], choose: (k: number) => void): void {
    if (this.selected >= labels.length) this.selected = 0;
    this.chooser.replaceChildren();
    if (labels.length < 2) return;
    const options = labels.map((label, k) => ({ value: String(k), label }));
    this.chooser.append(el('label', { text: 'Showing ' }, select(options, String(this.selected), (v) => choose(Number(v)), { 'aria-label': 'network shown' })));
  }

  /** A new picture: drawn at the next frame (several arriving in one frame draw once). */
  show(picture: NetworkPicture): void {
    if (picture.network !== this.selected) return;
    this.picture = picture;
    if (!this.frame) this.frame = requestAnimationFrame(() => this.draw());
  }

  private draw(): void {
    this.frame = 0;
    const picture = this.picture;
    if (!picture || picture === this.drawn) return;
    const started = performance.now();
    const shape = `${picture.widths.join(',')}|${picture.inputs.join(',')}|${picture.activations.join(',')}`;
    if (shape !== this.shape) this.build(picture, shape);
    this.drawn = picture;
    this.paintNodes(picture);
    this.styleLinks(picture);
    if (this.hovered) this.enlarge(this.hovered);
    performance.measure('network diagram', { start: started, end: performance.now() });
  }

  /** New elements for a new shape of network: nodes, links, names. */
  private build(picture: NetworkPicture, shape: string): void {
    this.shape = shape;
    this.hide();
    for (const node of this.nodes) node.root.remove();
    this.stage.querySelectorAll('.pg-name').forEach((n) => n.remove());
    this.svg.replaceChildren();
    const layers = picture.widths.length;
    this.nodes = picture.widths.flatMap((units, layer) =>
      Array.from({ length: units }, (_, unit) => {
        const canvas = el('canvas', { width: picture.resolution, height: picture.resolution });
        const bias = layer > 0 ? el('span', { class: 'pg-bias' }) : undefined;
        const label = `${unitTitle(picture, layer, unit)}${layer > 0 ? ` (${picture.activations[layer - 1]})` : ''}`;
        const root = el('div', { class: 'pg-node', tabindex: 0, role: 'img', 'aria-label': label, 'data-layer': layer, 'data-unit': unit }, canvas, bias);
        const view: NodeView = { layer, unit, root, canvas, bias };
        root.addEventListener('pointerenter', () => this.enlarge(view));
        root.addEventListener('focus', () => this.enlarge(view));
        root.addEventListener('pointerleave', () => this.hide());
        root.addEventListener('blur', () => this.hide());
        this.stage.append(root);
        return view;
      }),
    );
    picture.widths.forEach((units, layer) => {
      const detail = layer === 0 ? `${units} feature${units === 1 ? '' : 's'}` : `${layer < layers - 1 ? `${units} · ` : ''}${picture.activations[layer - 1] ?? ''}`;
      this.stage.append(el('span', { class: 'pg-name pg-layer-name', 'data-layer': layer }, el('b', { text: layerName(layer, layers) }), el('br'), el('span', { text: detail })));
    });
    picture.inputs.forEach((name, unit) => this.stage.append(el('span', { class: 'pg-name pg-input-name', 'data-unit': unit, text: name })));
    this.links = picture.widths.slice(1).map((units, l) => {
      const before = picture.widths[l] as number;
      return Array.from({ length: units * before }, (_, k) => {
        const path = document.createElementNS(SVG, 'path');
        path.setAttribute('class', 'pg-link');
        path.dataset.layer = String(l + 1);
        path.dataset.from = String(k % before);
        path.dataset.to = String(Math.floor(k / before));
        this.svg.append(path);
        return { path, width: '', colour: '' };
      });
    });
    this.layout = undefined;
    this.relayout();
  }

  /** Positions for the current width (on build and on resize). */
  private relayout(): void {
    const picture = this.drawn ?? this.picture;
    if (!picture || this.nodes.length === 0) return;
    const available = Math.floor(this.scroller.clientWidth);
    if (this.layout && Math.abs(available - this.layout.width) < 1) return;
    const layout = diagramLayout(picture.widths, Math.max(200, available));
    this.layout = layout;
    const { size } = layout;
    this.stage.style.width = `${layout.width}px`;
    this.stage.style.height = `${layout.height}px`;
    this.svg.setAttribute('viewBox', `0 0 ${layout.width} ${layout.height}`);
    this.svg.setAttribute('width', String(layout.width));
    this.svg.setAttribute('height', String(layout.height));
    for (const node of this.nodes) {
      const box = layout.columns[node.layer]?.nodes[node.unit];
      if (!box) continue;
      Object.assign(node.root.style, { left: `${box.x}px`, top: `${box.y}px`, width: `${size}px`, height: `${size}px` });
    }
    this.stage.querySelectorAll<HTMLElement>('.pg-layer-name').forEach((name) => {
      const column = layout.columns[Number(name.dataset.layer)];
      if (column) Object.assign(name.style, { left: `${column.x + size / 2}px`, top: '0px' });
    });
    this.stage.querySelectorAll<HTMLElement>('.pg-input-name').forEach((name) => {
      const box = layout.columns[0]?.nodes[Number(name.dataset.unit)];
      if (box) Object.assign(name.style, { right: `${layout.width - box.x + 6}px`, top: `${box.y + size / 2}px`, maxWidth: `${NAME_ROOM - 6}px` });
    });
    this.links.forEach((links, l) => {
      const from = layout.columns[l]?.nodes ?? [];
      const to = layout.columns[l + 1]?.nodes ?? [];
      links.forEach((link, k) => {
        const a = from[k % from.length];
        const b = to[Math.floor(k / from.length)];
        if (a && b) link.path.setAttribute('d', linkPath(a, b, size));
      });
    });
  }

  private paintNodes(picture: NetworkPicture): void {
    const n = picture.resolution * picture.resolution;
    const image = new ImageData(picture.resolution, picture.resolution);
    for (const node of this.nodes) {
      const outputs = picture.outputs[node.layer];
      if (!outputs) continue;
      paint(image, outputs, node.unit * n, picture.centres[node.layer]?.[node.unit] ?? 0, picture.scales[node.layer]?.[node.unit] ?? 1);
      node.canvas.getContext('2d')?.putImageData(image, 0, 0);
      if (node.bias) {
        const b = picture.biases[node.layer - 1]?.[node.unit] ?? 0;
        node.bias.style.background = linkStyle(b).colour;
      }
    }
  }

  /** Sets each link's width and colour, touching only those that changed. */
  private styleLinks(picture: NetworkPicture): void {
    this.links.forEach((links, l) => {
      const weights = picture.weights[l];
      if (!weights) return;
      links.forEach((link, k) => {
        const { width, colour } = linkStyle(weights[k] as number);
        if (width !== link.width) link.path.setAttribute('stroke-width', (link.width = width));
        if (colour !== link.colour) link.path.setAttribute('stroke', (link.colour = colour));
      });
    });
  }

  /** The enlarged view of a unit: its heatmap at 160 px, what it is, its activation, bias and range. */
  private enlarge(node: NodeView): void {
    const picture = this.drawn;
    const layout = this.layout;
    if (!picture || !layout) return;
    this.hovered?.root.classList.remove('enlarged');
    this.hovered = node;
    node.root.classList.add('enlarged');
    const { canvas, title, detail, root } = this.zoom;
    canvas.width = picture.resolution;
    canvas.height = picture.resolution;
    canvas.getContext('2d')?.drawImage(node.canvas, 0, 0);
    title.textContent = unitTitle(picture, node.layer, node.unit);
    const outputs = picture.outputs[node.layer];
    const n = picture.resolution * picture.resolution;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = node.unit * n; outputs && i < (node.unit + 1) * n; i++) {
      lo = Math.min(lo, outputs[i] as number);
      hi = Math.max(hi, outputs[i] as number);
    }
    const range = `${lo.toFixed(2)} … ${hi.toFixed(2)}`.replace(/-/g, '−');
    const bias = node.layer > 0 ? ` · bias ${(picture.biases[node.layer - 1]?.[node.unit] ?? 0).toFixed(3)}`.replace('-', '−') : '';
    detail.textContent = node.layer === 0 ? `values ${range}` : `${picture.activations[node.layer - 1]}${bias} · output ${range}`;
    const box = layout.columns[node.layer]?.nodes[node.unit];
    if (box) {
      const card = 176;
      const right = box.x + layout.size + 8;
      root.style.left = `${right + card <= layout.width ? right : Math.max(0, box.x - card - 8)}px`;
      root.style.top = `${Math.max(0, Math.min(layout.height - ZOOM_HEIGHT, box.y - 40))}px`;
    }
    root.hidden = false;
  }

  /** A link's weight, where the pointer is, while it is over the link. */
  private showWeight(event: PointerEvent): void {
    const path = event.target as SVGPathElement;
    const picture = this.drawn;
    if (!picture || !path.classList.contains('pg-link')) return;
    const layer = Number(path.dataset.layer);
    const from = Number(path.dataset.from);
    const to = Number(path.dataset.to);
    const w = picture.weights[layer - 1]?.[to * (picture.widths[layer - 1] as number) + from] ?? NaN;
    const source = layer === 1 ? (picture.inputs[from] ?? '') : `${layerName(layer - 1, picture.widths.length)}, unit ${from + 1}`;
    this.weightLabel.textContent = `w = ${w.toFixed(3).replace('-', '−')}  (${source} → ${unitTitle(picture, layer, to)})`;
    const box = this.stage.getBoundingClientRect();
    this.weightLabel.style.left = `${event.clientX - box.left + 12}px`;
    this.weightLabel.style.top = `${event.clientY - box.top + 12}px`;
    this.weightLabel.hidden = false;
  }

  private hide(): void {
    this.hovered?.root.classList.remove('enlarged');
    this.hovered = undefined;
    this.zoom.root.hidden = true;
  }
}
