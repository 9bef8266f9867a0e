/**
 * The network diagram's layout (web/src/panels/network-layout.ts): every unit of any network the
 * playground can build gets its own square, columns left to right, inside the diagram.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diagramLayout, linkPath } from '../web/src/panels/network-layout.js';

describe('network diagram layout', () => {
  const widths = fc.tuple(fc.integer({ min: 1, max: 7 }), fc.array(fc.integer({ min: 1, max: 16 }), { minLength: 1, maxLength: 6 })).map(([inputs, hidden]) => [inputs, ...hidden, 1]);

  it('gives every unit its own square, columns left to right, inside the diagram', () => {
    fc.assert(
      fc.property(widths, fc.integer({ min: 200, max: 1400 }), (layers, available) => {
        const layout = diagramLayout(layers, available);
        expect(layout.width).toBeGreaterThanOrEqual(available);
        expect(layout.columns.map((c) => c.nodes.length)).toEqual(layers);
        for (let l = 1; l < layout.columns.length; l++) expect((layout.columns[l] as { x: number }).x).toBeGreaterThanOrEqual((layout.columns[l - 1] as { x: number }).x + layout.size + 8);
        for (const column of layout.columns) {
          column.nodes.forEach((node, k) => {
            expect(node.y).toBeGreaterThanOrEqual(layout.top);
            expect(node.y + layout.size).toBeLessThanOrEqual(layout.height);
            expect(node.x + layout.size).toBeLessThanOrEqual(layout.width);
            if (k > 0) expect(node.y).toBeGreaterThanOrEqual((column.nodes[k - 1] as { y: number }).y + layout.size);
          });
        }
      }),
    );
  });

  it('links run from the right edge of one unit to the left edge of the next', () => {
    expect(linkPath({ layer: 0, unit: 0, x: 10, y: 20 }, { layer: 1, unit: 0, x: 100, y: 60 }, 30)).toBe('M40 35C70 35 70 75 100 75');
  });
});
