/**
 * The initialiser the advisor pairs with its recommendation, with its gain computed.
 * @module
 */
import type { Layer } from './guide.js';
import { gainOf, num, sheet } from './numbers.js';
import type { Initialiser } from './types.js';

export function initialiserFor(id: string, layer: Layer): Initialiser {
  if (layer === 'output' && id !== 'tanh') {
    const g = gainOf('linear').gain;
    return {
      scheme: 'xavier',
      gain: g,
      why: `Glorot/Xavier (std = gain·√(2/(fan_in + fan_out))) balances forward and backward variance; the output layer's pre-activations (logits) are linear, gain ${num(g)}`,
    };
  }
  const report = gainOf(id);
  switch (id) {
    case 'selu':
      return {
        scheme: 'lecun',
        gain: report.gain,
        why:
          `SELU requires LeCun normal init (std = 1/√fan_in): its variance-preserving gain 1/√E[selu(z)²] = ${num(report.gain)}` +
          (report.pytorch
            ? `; PyTorch's calculate_gain('selu') = ${report.pytorch.formula} = ${num(report.pytorch.value)} trades self-normalisation for gradient flow`
            : ''),
      };
    case 'sigmoid': {
      const m = sheet('sigmoid').moments;
      const value = report.pytorch?.value ?? 1;
      return {
        scheme: 'xavier',
        gain: value,
        why:
          `Glorot/Xavier with gain ${num(value)} (PyTorch's calculate_gain('sigmoid')); the "variance-preserving" 1/√E[σ(z)²] = ${num(report.gain)} is inflated ` +
          `by σ's mean: ${num(m.mean ** 2)} of E[σ(z)²] = ${num(m.meanSquare)} is the mean squared`,
      };
    }
    case 'tanh':
      return {
        scheme: 'xavier',
        gain: report.gain,
        why:
          `Glorot/Xavier for a symmetric, saturating activation, gain 1/√E[tanh(z)²] = ${num(report.gain)}` +
          (report.pytorch ? ` (PyTorch uses ${report.pytorch.formula} = ${num(report.pytorch.value)})` : ''),
      };
    default:
      return {
        scheme: 'he',
        gain: report.gain,
        why:
          `He/Kaiming (std = gain/√fan_in), gain 1/√E[${id}(z)²] = ${num(report.gain)} at N(0,1)` +
          (id === 'relu' ? ' = √2 (He et al. 2015)' : '') +
          (report.pytorch && id !== 'relu' ? `; PyTorch's calculate_gain gives ${num(report.pytorch.value)}` : ''),
      };
  }
}
