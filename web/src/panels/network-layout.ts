/**
 * Where the network diagram puts things: one column per layer (inputs, hidden layers, output),
 * each unit a square node, columns centred vertically, the input names to the left. Pure
 * arithmetic on the layer widths and the space available, so it can be checked without a page.
 */

/** A unit's square, in CSS px from the diagram's top left. */
export interface NodeBox {
  readonly layer: number;
  readonly unit: number;
  readonly x: number;
  readonly y: number;
}

export interface DiagramLayout {
  /** The diagram's size in CSS px (at least `width`, wider when the layers need it: it then scrolls). */
  readonly width: number;
  readonly height: number;
  /** Side of a node. */
  readonly size: number;
  /** Per layer: the x of its column and its nodes. */
  readonly columns: readonly { readonly x: number; readonly nodes: readonly NodeBox[] }[];
  /** The top of the first row of nodes (the layer names sit above). */
  readonly top: number;
}

/** Room left of the input column for its names (x₁², sin x₂, …). */
export const NAME_ROOM = 50;
/** Room right of the output column, for the end of its name. */
const RIGHT_ROOM = 26;
/** Room above the nodes for two lines of layer name. */
const HEADER = 38;
/** The enlarged view of a unit: its 160 px heatmap, padding and three lines of text. */
export const ZOOM_HEIGHT = 240;
/** Each column needs this much width at least, so its name stays readable. */
const MIN_COLUMN = 64;

/** The layout of layers `widths` (units per layer, inputs first) in `available` CSS px of width. */
export function diagramLayout(widths: readonly number[], available: number): DiagramLayout {
  const count = Math.max(2, widths.length);
  const width = Math.max(available, NAME_ROOM + RIGHT_ROOM + count * MIN_COLUMN);
  const span = width - NAME_ROOM - RIGHT_ROOM;
  const tallest = Math.max(1, ...widths);
  const size = Math.round(Math.min(44, Math.max(24, span / (count * 2)), 300 / tallest + 8));
  const gap = Math.max(8, Math.round(size * 0.3));
  const pitch = size + gap;
  // Tall enough for the enlarged view of a unit even with one or two units a layer.
  const height = Math.max(ZOOM_HEIGHT, HEADER + tallest * pitch - gap + 8);
  const step = (span - size) / (count - 1);
  const columns = widths.map((units, layer) => {
    const x = Math.round(NAME_ROOM + layer * step);
    const offset = HEADER + (height - HEADER - 8 - units * pitch + gap) / 2;
    return { x, nodes: Array.from({ length: units }, (_, unit) => ({ layer, unit, x, y: Math.round(offset + unit * pitch) })) };
  });
  return { width, height, size, columns, top: HEADER };
}

/**
 * The link from a node of one column to a node of the next, as an SVG path: a cubic curve from
 * the first's right edge to the second's left edge, level at both ends (as Playground draws).
 */
export function linkPath(from: NodeBox, to: NodeBox, size: number): string {
  const x1 = from.x + size;
  const y1 = from.y + size / 2;
  const x2 = to.x;
  const y2 = to.y + size / 2;
  const mid = (x1 + x2) / 2;
  return `M${x1} ${y1}C${mid} ${y1} ${mid} ${y2} ${x2} ${y2}`;
}
