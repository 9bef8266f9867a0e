/**
 * The Playground's colours follow the activation (web/src/panels/playground-colours.ts): a racer
 * is its activation's colour from the one palette, whatever its place in the race, and networks
 * that would share a colour are told apart by dash.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS } from '../src/activations/index.js';
import { activationColour, NEUTRAL } from '../src/figures/palette.js';
import { networkStyles, styleAttribute } from '../web/src/panels/playground-colours.js';

const ids = ACTIVATIONS.filter((a) => a.kind === 'elementwise').map((a) => a.id);

describe('playground colours', () => {
  it('a racer has its activation’s colour, in any race, in any order, at any depth', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...ids), { minLength: 2, maxLength: 6 }), fc.integer({ min: 1, max: 6 }), (race, depth) => {
        const styles = networkStyles(race.map((id) => Array<string>(depth).fill(id)));
        expect(styles.map((s) => s.colour)).toEqual(race.map((id) => activationColour(id)));
        // Distinct activations, distinct colours: no racer needs a dash.
        expect(styles.every((s) => s.dash.length === 0)).toBe(true);
      }),
    );
    expect(networkStyles([['relu'], ['tanh'], ['mish']]).map((s) => s.colour)).toEqual(['#4e79a7', '#e15759', '#bab0ac']);
    expect(networkStyles([['tanh'], ['relu']])[0]?.colour).toBe(networkStyles([['relu'], ['sigmoid'], ['tanh']])[2]?.colour);
  });

  it('a network mixing activations is neutral; the same colour twice is dashed the second time', () => {
    expect(networkStyles([['tanh', 'relu']])).toEqual([{ colour: NEUTRAL, dash: [] }]);
    expect(networkStyles([['tanh', 'tanh']])).toEqual([{ colour: activationColour('tanh'), dash: [] }]);
    const twice = networkStyles([['tanh'], ['relu'], ['tanh']]);
    expect(twice[0]?.colour).toBe(twice[2]?.colour);
    expect(twice[0]?.dash).toEqual([]);
    expect(twice[2]?.dash.length).toBeGreaterThan(0);
    expect(styleAttribute(twice[0] as never)).toBe('--accent:#e15759');
    expect(styleAttribute(twice[2] as never)).toBe('--accent:#e15759;--accent-style:dashed');
  });
});
