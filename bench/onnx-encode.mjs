/**
 * A hand-written encoder for the few parts of ONNX's ModelProto (onnx/onnx.proto) the benchmark
 * needs: a graph of nodes with float/int attributes, scalar float initializers, and float32
 * inputs/outputs whose dimensions may be symbolic. It saves depending on protobufjs and the
 * onnx package for ~30 small models.
 *
 * ```js
 * const bytes = encodeModel({
 *   inputs: [{ name: 'x', dims: ['n'] }], outputs: [{ name: 'y', dims: ['n'] }],
 *   nodes: [{ op: 'Elu', inputs: ['x'], outputs: ['y'], attributes: { alpha: 1 } }],
 * });
 * ```
 */

const IR_VERSION = 9; // ONNX 1.14+, the IR that goes with opset 20
export const OPSET = 20; // Gelu (with approximate="tanh") is new in opset 20

const TENSOR_FLOAT = 1;
const ATTRIBUTE_FLOAT = 1;
const ATTRIBUTE_INT = 2;
const ATTRIBUTE_STRING = 3;

const utf8 = new TextEncoder();

/** Protobuf wire format: a growable byte buffer with the few field kinds used here. */
class Writer {
  bytes = [];
  varint(value) {
    let v = BigInt.asUintN(64, BigInt(value));
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v !== 0n) byte |= 0x80;
      this.bytes.push(byte);
    } while (v !== 0n);
    return this;
  }
  tag(field, wireType) {
    return this.varint((field << 3) | wireType);
  }
  int(field, value) {
    return this.tag(field, 0).varint(value);
  }
  float(field, value) {
    const buffer = new DataView(new ArrayBuffer(4));
    buffer.setFloat32(0, value, true);
    this.tag(field, 5);
    for (let i = 0; i < 4; i++) this.bytes.push(buffer.getUint8(i));
    return this;
  }
  raw(field, bytes) {
    this.tag(field, 2).varint(bytes.length);
    for (const b of bytes) this.bytes.push(b);
    return this;
  }
  string(field, text) {
    return this.raw(field, utf8.encode(text));
  }
  message(field, writer) {
    return this.raw(field, writer.bytes);
  }
  finish() {
    return Uint8Array.from(this.bytes);
  }
}

/** TensorProto: a float32 initializer (a scalar when `dims` is empty). */
function tensor(name, values, dims = []) {
  const w = new Writer();
  for (const d of dims) w.int(1, d);
  w.int(2, TENSOR_FLOAT);
  w.string(8, name);
  const data = new Uint8Array(new Float32Array(values).buffer);
  w.raw(9, data);
  return w;
}

/** ValueInfoProto for a float32 tensor; a string dimension is symbolic (dim_param). */
function valueInfo({ name, dims }) {
  const shape = new Writer();
  for (const d of dims) {
    const dim = new Writer();
    if (typeof d === 'string') dim.string(2, d);
    else dim.int(1, d);
    shape.message(1, dim);
  }
  const tensorType = new Writer().int(1, TENSOR_FLOAT).message(2, shape);
  const type = new Writer().message(1, tensorType);
  return new Writer().string(1, name).message(2, type);
}

/** AttributeProto: numbers that are integers in the source become INT, others FLOAT; strings STRING. */
function attribute(name, value) {
  const w = new Writer().string(1, name);
  if (typeof value === 'string') return w.raw(4, utf8.encode(value)).int(20, ATTRIBUTE_STRING);
  if (typeof value === 'object' && value.int !== undefined) return w.int(3, value.int).int(20, ATTRIBUTE_INT);
  return w.float(2, value).int(20, ATTRIBUTE_FLOAT);
}

/**
 * Encodes a ModelProto. `attributes` values: a number is a FLOAT attribute, `{ int: n }` an INT
 * one, a string a STRING one. `constants` become scalar float initializers (or 1-d when given
 * an array).
 * @returns the serialized model, ready for `InferenceSession.create(bytes)`.
 */
export function encodeModel({ inputs, outputs, nodes, constants = {}, name = 'actlab-bench' }) {
  const domains = new Set(nodes.map((node) => node.domain).filter(Boolean));
  const graph = new Writer();
  nodes.forEach((node, index) => {
    const w = new Writer();
    for (const input of node.inputs) w.string(1, input);
    for (const output of node.outputs) w.string(2, output);
    w.string(3, `${node.op}_${index}`);
    w.string(4, node.op);
    for (const [key, value] of Object.entries(node.attributes ?? {})) w.message(5, attribute(key, value));
    if (node.domain) w.string(7, node.domain);
    graph.message(1, w);
  });
  graph.string(2, name);
  for (const [key, value] of Object.entries(constants)) {
    graph.message(5, Array.isArray(value) ? tensor(key, value, [value.length]) : tensor(key, [value]));
  }
  for (const input of inputs) graph.message(11, valueInfo(input));
  for (const output of outputs) graph.message(12, valueInfo(output));
  const model = new Writer().int(1, IR_VERSION).string(2, 'actlab-bench').message(7, graph);
  model.message(8, new Writer().string(1, '').int(2, OPSET));
  for (const domain of domains) model.message(8, new Writer().string(1, domain).int(2, 1));
  return model.finish();
}
