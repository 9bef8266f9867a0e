/**
 * The plain TypeScript backend: loops over the scalar float64 definitions. Writing a float64
 * result into a Float32Array rounds it once, so float32 outputs are as accurate as float32
 * allows (the float64 values are within a few float64 ULPs of exact).
 * @module
 */
import type { KernelBackend } from './types.js';

export const jsBackend: KernelBackend = {
  name: 'js',
  forward(activation, params, x, out) {
    const f = activation.f;
    for (let i = 0; i < x.length; i++) out[i] = f(x[i] as number, params);
  },
  backward(activation, params, x, gradOut, gradIn) {
    const df = activation.df;
    for (let i = 0; i < x.length; i++) gradIn[i] = (gradOut[i] as number) * df(x[i] as number, params);
  },
  parameterGradient(activation, params, parameter, x, gradOut) {
    const partial = activation.paramGradients?.[parameter];
    if (!partial) return 0;
    let sum = 0;
    for (let i = 0; i < x.length; i++) sum += (gradOut[i] as number) * partial(x[i] as number, params);
    return sum;
  },
  vectorForward(activation, params, x, rowLength, out) {
    const outLength = activation.outputLength(rowLength);
    const rows = x.length / rowLength;
    for (let r = 0; r < rows; r++) activation.forwardRow(x, r * rowLength, rowLength, out, r * outLength, params);
  },
  vectorBackward(activation, params, x, gradOut, rowLength, gradIn) {
    const outLength = activation.outputLength(rowLength);
    const rows = x.length / rowLength;
    for (let r = 0; r < rows; r++) {
      activation.vjpRow(x, r * rowLength, rowLength, gradOut, r * outLength, gradIn, r * rowLength, params);
    }
  },
};
