/**
 * The Playground's colours: a network is drawn in its activation's colour (src/figures/palette.ts,
 * the one palette of every chart), so tanh racing is the colour tanh is in the Gallery, whatever
 * its place in the race. Board frames, loss curves and legend keys all take it from here.
 */
import { activationColour, NEUTRAL } from '../../../src/figures/palette.js';

/** How a network is drawn: its colour, and a dash pattern ([] solid) telling apart networks of one colour. */
export interface NetworkStyle {
  readonly colour: string;
  readonly dash: readonly number[];
}

/** Solid for the first network of a colour, then dotted, dash-dot, fine dots. */
const REPEAT_DASHES: readonly (readonly number[])[] = [[], [2, 3], [8, 3, 2, 3], [1, 2]];

/**
 * The style of each network, given its per-layer activations: the activation's colour when every
 * hidden layer uses one (a racer), neutral grey for a mix (it is no one activation's network).
 * The address and the race list drop a repeated racer, but should two networks share a colour,
 * the later ones are dashed.
 */
export function networkStyles(networks: readonly (readonly string[])[]): NetworkStyle[] {
  const seen = new Map<string, number>();
  return networks.map((layers) => {
    const first = layers[0];
    const colour = first !== undefined && layers.every((id) => id === first) ? activationColour(first) : NEUTRAL;
    const repeat = seen.get(colour) ?? 0;
    seen.set(colour, repeat + 1);
    return { colour, dash: REPEAT_DASHES[repeat % REPEAT_DASHES.length] as readonly number[] };
  });
}

/** The inline style of an element keyed by a network (a board, a legend key): `--accent` and, when dashed, `--accent-style`. */
export function styleAttribute(style: NetworkStyle): string {
  return `--accent:${style.colour}${style.dash.length > 0 ? ';--accent-style:dashed' : ''}`;
}
