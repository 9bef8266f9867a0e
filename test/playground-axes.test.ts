/**
 * The playground's chart axes (web/src/panels/axes.ts) and the network diagram's layout
 * (web/src/panels/network-layout.ts): every axis has at least two distinct ticks inside its
 * domain for any data — one point, constant, zero, many decades — and every unit of any network
 * the playground can build gets its own square.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linearAxis, logAxis, tickText } from '../web/src/panels/axes.js';
import { diagramLayout, linkPath } from '../web/src/panels/network-layout.js';

const finite = fc.double({ min: -1e9, max: 1e9, noNaN: true });
const loss = fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e4, noNaN: true }), fc.double({ min: 1e-12, max: 1e-3, noNaN: true }));

function checkAxis(axis: { domain: readonly [number, number]; ticks: readonly number[]; labels: readonly string[] }): void {
  expect(axis.ticks.length).toBeGreaterThanOrEqual(2);
  expect(new Set(axis.labels).size).toBe(axis.labels.length);
  expect(axis.domain[1]).toBeGreaterThan(axis.domain[0]);
  for (let k = 0; k < axis.ticks.length; k++) {
    const t = axis.ticks[k] as number;
    const span = axis.domain[1] - axis.domain[0];
    expect(t).toBeGreaterThanOrEqual(axis.domain[0] - 1e-9 * span);
    expect(t).toBeLessThanOrEqual(axis.domain[1] + 1e-9 * span);
    if (k > 0) expect(t).toBeGreaterThan(axis.ticks[k - 1] as number);
  }
}

describe('chart axes', () => {
  it('a linear axis has ≥ 2 distinct ticks inside its domain for any range, constant and zero included', () => {
    fc.assert(fc.property(finite, finite, fc.integer({ min: 2, max: 12 }), (a, b, count) => checkAxis(linearAxis(a, b, count))));
    for (const [a, b] of [[0, 0], [5, 5], [-6, 6], [0, 10], [0, 1], [0.3, 0.30000000000000004], [1e-300, 1e-300]] as const) checkAxis(linearAxis(a, b));
    expect(linearAxis(-6, 6).labels).toEqual(['−6', '−4', '−2', '0', '2', '4', '6']);
    expect(linearAxis(0, 1, 5).labels).toEqual(['0', '0.2', '0.4', '0.6', '0.8', '1.0']);
  });

  it('a log axis has ≥ 2 distinct ticks for any losses, zero and a constant included', () => {
    fc.assert(fc.property(loss, loss, fc.integer({ min: 2, max: 10 }), (a, b, count) => checkAxis(logAxis(Math.min(a, b), Math.max(a, b), count))));
    for (const [a, b] of [[0, 0], [0.693, 0.693], [1, 1], [0, 0.7], [1e-9, 5]] as const) checkAxis(logAxis(a, b));
    expect(logAxis(0.693, 0.693).labels).toEqual(['0.5', '1']);
    expect(logAxis(0.02, 0.7, 3).labels).toEqual(['0.1', '1']);
  });

  it('tick labels are plain numbers with a true minus, exponents only when tiny or huge', () => {
    expect(tickText(-2)).toBe('−2');
    expect(tickText(0.05, -2)).toBe('0.05');
    expect(tickText(2e-5, -5)).toBe('2e−5');
    expect(tickText(1e6)).toBe('1e6');
  });
});

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
