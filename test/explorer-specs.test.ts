/** The explorer's own chart specs: data checked against the definitions. */
import { describe, expect, it } from 'vitest';
import { gallerySpec, curveLabel } from '../web/src/specs.js';

type Row = { z: number; value: number | null; activation: string };
const panels = (spec: unknown) => (spec as { concat: { data: { values: Row[] } }[] }).concat.map((p) => p.data.values);

describe('gallery spec', () => {
  it('samples f, f′ and f″ and breaks the line at a jump instead of drawing a vertical segment', () => {
    const [f, df, d2f] = panels(gallerySpec([{ id: 'relu', params: {} }], 2, 900, 5)) as [Row[], Row[], Row[]];
    expect(f.map((r) => [r.z, r.value])).toEqual([[-2, 0], [-1, 0], [0, 0], [1, 1], [2, 2]]);
    // ReLU′ jumps 0 → 1 at 0: left limit, a gap (null), right limit; the grid point at 0 is left out.
    expect(df.map((r) => [r.z, r.value])).toEqual([[-2, 0], [-1, 0], [0, 0], [0, null], [0, 1], [1, 1], [2, 1]]);
    expect(d2f.every((r) => r.value === 0)).toBe(true);
  });

  it('labels non-default parameters and keeps the chosen order for colours', () => {
    const spec = gallerySpec([{ id: 'elu', params: { alpha: 0.5 } }, { id: 'gelu', params: {} }], 3, 900) as unknown as { concat: { encoding: { color: { scale: { domain: string[] } } } }[] };
    expect(spec.concat[0]?.encoding.color.scale.domain).toEqual(['ELU (alpha=0.5)', 'GELU']);
    expect(curveLabel({ id: 'elu', params: { alpha: 1 } })).toBe('ELU');
  });
});
