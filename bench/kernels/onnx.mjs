/**
 * Child of bench/kernels.mjs: onnxruntime-node (CPU execution provider, its native library),
 * one hand-encoded ONNX model per (activation, direction) — see onnx-encode.mjs.
 *
 * Forward: the activation's ONNX op (opset 20) where there is one, else a graph of ONNX ops
 * (`composed`). Backward: a graph computing g·f′(x) from x and g with elementwise ops (the
 * inference build has no gradient ops; ORT's own training kernels such as SigmoidGrad are not
 * registered in it). Sessions: one intra-op thread, sequential execution, all graph
 * optimisations (ORT fuses patterns such as x·sigmoid(x) itself). Inputs wrap the JS arrays;
 * the output is preallocated and passed in `fetches`, so ORT writes into the same buffer each
 * call.
 */
import { createRequire } from 'node:module';
import { encodeModel } from '../onnx-encode.mjs';
import { readFloat32, runChild } from './common.mjs';

await runChild(async (task) => {
  const ort = (await import('onnxruntime-node')).default;
  const { params } = task;
  const SELU_ALPHA = 1.6732632423543772;
  const SELU_SCALE = 1.0507009873554805;

  /**
   * Builds a model from `build({ op, c, x, g })`: `op(type, inputs, attributes)` adds a node and
   * returns its output's name, `c(value)` a float constant; the name `build` returns becomes the
   * graph's output `y`.
   */
  function model(build, withGradient) {
    const nodes = [];
    const constants = {};
    const constantNames = new Map();
    const op = (type, inputs, attributes) => {
      const output = `t${nodes.length}`;
      nodes.push({ op: type, inputs, outputs: [output], ...(attributes ? { attributes } : {}) });
      return output;
    };
    const c = (value) => {
      const key = JSON.stringify(value);
      if (!constantNames.has(key)) {
        const name = `c${constantNames.size}`;
        constantNames.set(key, name);
        constants[name] = value;
      }
      return constantNames.get(key);
    };
    let result = build({ op, c, x: 'x', g: 'g' });
    if (result === 'x' || result === 'g') result = op('Identity', [result]);
    for (const node of nodes) {
      node.inputs = node.inputs.map((name) => (name === result ? 'y' : name));
      node.outputs = node.outputs.map((name) => (name === result ? 'y' : name));
    }
    const inputs = [{ name: 'x', dims: ['n'] }];
    if (withGradient) inputs.push({ name: 'g', dims: ['n'] });
    return encodeModel({ inputs, outputs: [{ name: 'y', dims: ['n'] }], nodes, constants });
  }

  /** Where(condition, g, 0): the gradient passes where the condition holds. */
  const gate = (op, c, condition, g) => op('Where', [condition, g, c(0)]);
  const between = (op, c, x, low, high) => op('And', [op('Greater', [x, c(low)]), op('Less', [x, c(high)])]);

  /** id → forward builder, whether it is composed, and backward builder (always composed). */
  const definitions = {
    sigmoid: {
      forward: ({ op, x }) => op('Sigmoid', [x]),
      backward: ({ op, c, x, g }) => {
        const s = op('Sigmoid', [x]);
        return op('Mul', [op('Mul', [g, s]), op('Sub', [c(1), s])]);
      },
    },
    tanh: {
      forward: ({ op, x }) => op('Tanh', [x]),
      backward: ({ op, c, x, g }) => {
        const t = op('Tanh', [x]);
        return op('Mul', [g, op('Sub', [c(1), op('Mul', [t, t])])]);
      },
    },
    relu: {
      forward: ({ op, x }) => op('Relu', [x]),
      backward: ({ op, c, x, g }) => gate(op, c, op('Greater', [x, c(0)]), g),
    },
    leaky_relu: leaky(params.leaky_relu.negative_slope, false),
    prelu: {
      forward: ({ op, c, x }) => op('PRelu', [x, c([params.prelu.slope])]),
      backward: leaky(params.prelu.slope).backward,
    },
    elu: {
      forward: ({ op, x }) => op('Elu', [x], { alpha: params.elu.alpha }),
      backward: ({ op, c, x, g }) => op('Where', [op('Greater', [x, c(0)]), g, op('Mul', [g, op('Mul', [c(params.elu.alpha), op('Exp', [x])])])]),
    },
    selu: {
      forward: ({ op, x }) => op('Selu', [x], { alpha: SELU_ALPHA, gamma: SELU_SCALE }),
      backward: ({ op, c, x, g }) =>
        op('Where', [op('Greater', [x, c(0)]), op('Mul', [g, c(SELU_SCALE)]), op('Mul', [g, op('Mul', [c(SELU_SCALE * SELU_ALPHA), op('Exp', [x])])])]),
    },
    swish: {
      composed: true,
      forward: ({ op, x }) => op('Mul', [x, op('Sigmoid', [x])]),
      backward: ({ op, c, x, g }) => {
        const s = op('Sigmoid', [x]);
        return op('Mul', [g, op('Mul', [s, op('Add', [c(1), op('Mul', [x, op('Sub', [c(1), s])])])])]);
      },
    },
    gelu: {
      forward: ({ op, x }) => op('Gelu', [x]),
      backward: ({ op, c, x, g }) => {
        const cdf = op('Mul', [c(0.5), op('Add', [c(1), op('Erf', [op('Mul', [x, c(Math.SQRT1_2)])])])]);
        const pdf = op('Mul', [c(1 / Math.sqrt(2 * Math.PI)), op('Exp', [op('Mul', [c(-0.5), op('Mul', [x, x])])])]);
        return op('Mul', [g, op('Add', [cdf, op('Mul', [x, pdf])])]);
      },
    },
    gelu_tanh: {
      forward: ({ op, x }) => op('Gelu', [x], { approximate: 'tanh' }),
      backward: ({ op, c, x, g }) => {
        const k = Math.sqrt(2 / Math.PI);
        const x2 = op('Mul', [x, x]);
        const t = op('Tanh', [op('Mul', [c(k), op('Add', [x, op('Mul', [c(0.044715), op('Mul', [x2, x])])])])]);
        const inner = op('Mul', [c(k), op('Add', [c(1), op('Mul', [c(3 * 0.044715), x2])])]);
        const second = op('Mul', [op('Mul', [c(0.5), x]), op('Mul', [op('Sub', [c(1), op('Mul', [t, t])]), inner])]);
        return op('Mul', [g, op('Add', [op('Mul', [c(0.5), op('Add', [c(1), t])]), second])]);
      },
    },
    linear: {
      forward: ({ x }) => x,
      backward: ({ g }) => g,
    },
    softplus: {
      forward: ({ op, x }) => op('Softplus', [x]), // ONNX's Softplus has β = 1, the default
      backward: ({ op, x, g }) => op('Mul', [g, op('Sigmoid', [x])]),
    },
    log_sigmoid: {
      composed: true,
      forward: ({ op, x }) => op('Neg', [op('Softplus', [op('Neg', [x])])]),
      backward: ({ op, x, g }) => op('Mul', [g, op('Sigmoid', [op('Neg', [x])])]),
    },
    mish: {
      forward: ({ op, x }) => op('Mish', [x]),
      backward: ({ op, c, x, g }) => {
        const t = op('Tanh', [op('Softplus', [x])]);
        const s = op('Sigmoid', [x]);
        return op('Mul', [g, op('Add', [t, op('Mul', [op('Mul', [x, s]), op('Sub', [c(1), op('Mul', [t, t])])])])]);
      },
    },
    celu: {
      forward: ({ op, x }) => op('Celu', [x], { alpha: params.celu.alpha }),
      backward: ({ op, c, x, g }) => op('Where', [op('Greater', [x, c(0)]), g, op('Mul', [g, op('Exp', [op('Mul', [x, c(1 / params.celu.alpha)])])])]),
    },
    relu6: clip(0, 6),
    hard_tanh: clip(params.hard_tanh.min_val, params.hard_tanh.max_val),
    hard_sigmoid: {
      forward: ({ op, x }) => op('HardSigmoid', [x], { alpha: params.hard_sigmoid.slope, beta: params.hard_sigmoid.offset }),
      backward: ({ op, c, x, g }) => {
        const { slope, offset } = params.hard_sigmoid;
        return gate(op, c, between(op, c, x, -offset / slope, (1 - offset) / slope), op('Mul', [g, c(slope)]));
      },
    },
    hard_swish: {
      forward: ({ op, x }) => op('HardSwish', [x]),
      backward: ({ op, c, x, g }) =>
        op('Where', [op('Less', [x, c(-3)]), c(0), op('Where', [op('Greater', [x, c(3)]), g, op('Mul', [g, op('Add', [op('Mul', [x, c(1 / 3)]), c(0.5)])])])]),
    },
    softsign: {
      forward: ({ op, x }) => op('Softsign', [x]),
      backward: ({ op, c, x, g }) => {
        const d = op('Add', [c(1), op('Abs', [x])]);
        return op('Div', [g, op('Mul', [d, d])]);
      },
    },
    squareplus: {
      composed: true,
      forward: ({ op, c, x }) => op('Mul', [c(0.5), op('Add', [x, op('Sqrt', [op('Add', [op('Mul', [x, x]), c(params.squareplus.b)])])])]),
      backward: ({ op, c, x, g }) =>
        op('Mul', [g, op('Mul', [c(0.5), op('Add', [c(1), op('Div', [x, op('Sqrt', [op('Add', [op('Mul', [x, x]), c(params.squareplus.b)])])])])])]),
    },
    tanhshrink: {
      composed: true,
      forward: ({ op, x }) => op('Sub', [x, op('Tanh', [x])]),
      backward: ({ op, x, g }) => {
        const t = op('Tanh', [x]);
        return op('Mul', [g, op('Mul', [t, t])]);
      },
    },
    softshrink: shrink(params.softshrink.lambda, params.softshrink.lambda),
    hardshrink: shrink(params.hardshrink.lambda, 0),
    threshold:
      params.threshold.value === 0
        ? {
            forward: ({ op, x }) => op('ThresholdedRelu', [x], { alpha: params.threshold.threshold }),
            backward: ({ op, c, x, g }) => gate(op, c, op('Greater', [x, c(params.threshold.threshold)]), g),
          }
        : undefined,
    rrelu: leaky((params.rrelu.lower + params.rrelu.upper) / 2, true), // evaluation mode
  };

  function leaky(slope, composed) {
    return {
      composed,
      forward: ({ op, x }) => op('LeakyRelu', [x], { alpha: slope }),
      backward: ({ op, c, x, g }) => op('Where', [op('Greater', [x, c(0)]), g, op('Mul', [g, c(slope)])]),
    };
  }

  function clip(low, high) {
    return {
      composed: true,
      forward: ({ op, c, x }) => op('Clip', [x, c(low), c(high)]),
      backward: ({ op, c, x, g }) => gate(op, c, between(op, c, x, low, high), g),
    };
  }

  function shrink(lambda, bias) {
    return {
      forward: ({ op, x }) => op('Shrink', [x], { lambd: lambda, bias }),
      backward: ({ op, c, x, g }) => gate(op, c, op('Greater', [op('Abs', [x]), c(lambda)]), g),
    };
  }

  function sessionOptions(threads) {
    return { intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' };
  }

  const n = task.elements;
  const xTensor = new ort.Tensor('float32', readFloat32(task.files.x), [n]);
  const gTensor = new ort.Tensor('float32', readFloat32(task.files.g), [n]);
  const out = new Float32Array(n);
  const outTensor = new ort.Tensor('float32', out, [n]);
  const version = createRequire(import.meta.url)('onnxruntime-node/package.json').version;

  return {
    info: { version },
    async cell(id, direction) {
      const definition = definitions[id];
      if (!definition) return undefined;
      const backward = direction === 'backward';
      const bytes = model(backward ? definition.backward : definition.forward, backward);
      const session = await ort.InferenceSession.create(bytes, sessionOptions(1));
      const feeds = backward ? { x: xTensor, g: gTensor } : { x: xTensor };
      return {
        run: () => session.run(feeds, { y: outTensor }),
        composed: backward || Boolean(definition.composed),
        output: () => out,
        dispose: () => session.release(),
      };
    },
    async matmul(threads) {
      const { m, k, n: cols } = task.matmul;
      const bytes = encodeModel({
        inputs: [
          { name: 'a', dims: [m, k] },
          { name: 'b', dims: [cols, k] },
        ],
        outputs: [{ name: 'c', dims: [m, cols] }],
        nodes: [{ op: 'Gemm', inputs: ['a', 'b'], outputs: ['c'], attributes: { transB: { int: 1 } } }],
      });
      const session = await ort.InferenceSession.create(bytes, sessionOptions(threads));
      const a = new ort.Tensor('float32', readFloat32(task.files.a), [m, k]);
      const b = new ort.Tensor('float32', readFloat32(task.files.b), [cols, k]);
      const c = new Float32Array(m * cols);
      const cTensor = new ort.Tensor('float32', c, [m, cols]);
      return {
        m,
        k,
        n: cols,
        note: 'Gemm, transB = 1',
        run: () => session.run({ a, b }, { c: cTensor }),
        output: () => c,
        dispose: () => session.release(),
      };
    },
  };
});
