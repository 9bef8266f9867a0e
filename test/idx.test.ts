/**
 * The IDX reader: good files (gzip and plain), and every kind of bad one — truncated, corrupt
 * magic, wrong dimensions, trailing bytes, labels out of range, images and labels of different
 * counts, gzip garbage — each an IdxFormatError naming the file, never garbage. Property tests
 * truncate and flip header bytes at random: the reader either reads exactly the original or
 * refuses with the typed error.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { decompress, IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, parseIdx, readIdx, readIdxAsync, readIdxImages, readIdxLabels } from '../src/data/idx.js';
import { fashionMnistDir, loadFashionMnist, loadFashionMnistAsync } from '../src/data/fashion-mnist.js';
import { DatasetMissingError, IdxFormatError } from '../src/data/types.js';

const root = mkdtempSync(join(tmpdir(), 'actlab-idx-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function header(magic: number, dims: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(4 + 4 * dims.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, magic);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  return bytes;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** An images file of `count` r×c images whose pixel k is k mod 256, and a labels file i mod classes. */
function imagesFile(count: number, rows = 3, cols = 2): Uint8Array {
  const pixels = Uint8Array.from({ length: count * rows * cols }, (_, k) => k % 256);
  return concat(header(IDX_IMAGES_MAGIC, [count, rows, cols]), pixels);
}
function labelsFile(count: number, classes = 10): Uint8Array {
  return concat(header(IDX_LABELS_MAGIC, [count]), Uint8Array.from({ length: count }, (_, i) => i % classes));
}

let folders = 0;
/** A folder holding the four files (gzip unless `plain`), with `override` replacing some of them. */
function dataFolder(files: Partial<Record<string, Uint8Array>> = {}, plain = false): string {
  const dir = join(root, `set${folders++}`);
  mkdirSync(dir);
  const all: Record<string, Uint8Array> = {
    'train-images-idx3-ubyte': imagesFile(12),
    'train-labels-idx1-ubyte': labelsFile(12),
    't10k-images-idx3-ubyte': imagesFile(5),
    't10k-labels-idx1-ubyte': labelsFile(5),
  };
  for (const [name, bytes] of Object.entries({ ...all, ...files })) {
    if (bytes) writeFileSync(join(dir, plain ? name : `${name}.gz`), plain ? bytes : gzipSync(bytes));
  }
  return dir;
}

function refusal(run: () => unknown): IdxFormatError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(IdxFormatError);
    return error as IdxFormatError;
  }
  throw new Error('expected an IdxFormatError');
}

describe('good files', () => {
  it.each([false, true])('reads the four files (plain: %s): sizes, labels and pixels / 255', (plain) => {
    const dir = dataFolder({}, plain);
    const data = loadFashionMnist({ dir });
    expect(data.source).toBe(dir);
    expect(data.train).toMatchObject({ count: 12, rows: 3, cols: 2 });
    expect(data.test.count).toBe(5);
    expect(Array.from(data.train.labels)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    expect(data.train.images[7]).toBeCloseTo(7 / 255, 7);
    expect(data.train.images[12 * 6 - 1]).toBeCloseTo(71 / 255, 7);
  });

  it('reads the installed Fashion-MNIST (apt-get install -y dataset-fashion-mnist)', () => {
    const data = loadFashionMnist();
    expect(data.train).toMatchObject({ count: 60000, rows: 28, cols: 28 });
    expect(data.test.count).toBe(10000);
    expect(Math.max(...data.test.labels)).toBe(9);
    // Zalando's README: the first training image is an ankle boot (9), the first test image too.
    expect([data.train.labels[0], data.test.labels[0]]).toEqual([9, 9]);
    let max = 0;
    for (const v of data.train.images.subarray(0, 784 * 100)) max = Math.max(max, v);
    expect(max).toBe(1);
  });
});

describe('bad files: a typed error naming the file and what was expected', () => {
  it('truncated data and truncated headers', () => {
    const file = imagesFile(4);
    expect(refusal(() => parseIdx(file.subarray(0, file.length - 1), 'x.idx', IDX_IMAGES_MAGIC)).message).toMatch(/^x\.idx: truncated: dimensions 4 × 3 × 2 need 24 bytes .* found 23$/);
    expect(refusal(() => parseIdx(file.subarray(0, 9), 'x.idx', IDX_IMAGES_MAGIC)).message).toMatch(/truncated header: 9 bytes, expected at least 16/);
    expect(refusal(() => parseIdx(file.subarray(0, 2), 'x.idx', IDX_IMAGES_MAGIC)).message).toMatch(/too short for an IDX header/);
  });

  it('trailing bytes', () => {
    expect(refusal(() => parseIdx(concat(labelsFile(3), new Uint8Array(2)), 'l', IDX_LABELS_MAGIC)).message).toMatch(/2 trailing bytes/);
  });

  it('a wrong magic number: another type, another rank, not IDX at all', () => {
    expect(refusal(() => parseIdx(header(0x00000d03, [1, 1, 1]), 'f', IDX_IMAGES_MAGIC)).message).toMatch(/magic number 0x00000d03 \(float32, 3 dimensions\); expected an IDX file of unsigned bytes with 3 dimensions \(magic 0x00000803\)/);
    expect(refusal(() => parseIdx(labelsFile(3), 'f', IDX_IMAGES_MAGIC)).message).toMatch(/0x00000801 \(unsigned byte, 1 dimensions\)/);
    expect(refusal(() => parseIdx(new TextEncoder().encode('GIF89a and more'), 'f', IDX_IMAGES_MAGIC)).message).toMatch(/not an IDX magic number/);
  });

  it('a zero dimension', () => {
    expect(refusal(() => parseIdx(header(IDX_IMAGES_MAGIC, [3, 0, 2]), 'z', IDX_IMAGES_MAGIC)).message).toMatch(/dimension 2 is 0/);
  });

  it('gzip garbage', () => {
    const gz = gzipSync(labelsFile(100));
    const broken = Uint8Array.from(gz);
    broken.fill(0x55, 12, 30);
    expect(refusal(() => decompress(broken, 'g.gz')).message).toMatch(/^g\.gz: not a valid gzip stream/);
    expect(refusal(() => decompress(gz.subarray(0, gz.length - 10), 'g.gz')).message).toMatch(/not a valid gzip stream/);
  });

  it('labels out of range, named with their index', () => {
    const labels = labelsFile(6);
    labels[8 + 4] = 10;
    const dir = dataFolder({ 'train-labels-idx1-ubyte': labelsFile(12) });
    writeFileSync(join(dir, 'bad-labels'), labels);
    expect(refusal(() => readIdxLabels(join(dir, 'bad-labels'), 10)).message).toMatch(/label 10 at index 4; expected class indices 0 to 9/);
  });

  it('a count mismatch between images and labels', () => {
    const dir = dataFolder({ 't10k-labels-idx1-ubyte': labelsFile(4) });
    const error = refusal(() => loadFashionMnist({ dir }));
    expect(error.file).toBe(join(dir, 't10k-labels-idx1-ubyte.gz'));
    expect(error.message).toMatch(/4 labels for the 5 images of .*t10k-images-idx3-ubyte\.gz; expected one label per image/);
  });

  it('train and test images of different sizes', () => {
    const dir = dataFolder({ 't10k-images-idx3-ubyte': imagesFile(5, 2, 2) });
    expect(refusal(() => loadFashionMnist({ dir })).message).toMatch(/images are 2×2; expected 3×2 as in the training set/);
  });

  it('a corrupt file inside the folder is named by its path', () => {
    const dir = dataFolder({ 'train-images-idx3-ubyte': imagesFile(12).subarray(0, 50) });
    expect(refusal(() => loadFashionMnist({ dir })).file).toBe(join(dir, 'train-images-idx3-ubyte.gz'));
    expect(refusal(() => readIdxImages(join(dir, 'nothing-here'))).message).toMatch(/cannot be read/);
  });
});

describe('missing data: the error names the apt package', () => {
  it('a missing folder, a missing file', () => {
    for (const dir of [join(root, 'no-such-folder'), dataFolder({ 't10k-images-idx3-ubyte': undefined })]) {
      expect(() => loadFashionMnist({ dir })).toThrow(DatasetMissingError);
      expect(() => loadFashionMnist({ dir })).toThrow(/apt-get install -y dataset-fashion-mnist/);
    }
  });

  it('the folder: --data DIR, else $ACTLAB_FASHION_MNIST, else /usr/share/datasets/fashion-mnist', () => {
    const saved = process.env.ACTLAB_FASHION_MNIST;
    try {
      delete process.env.ACTLAB_FASHION_MNIST;
      expect(fashionMnistDir()).toBe('/usr/share/datasets/fashion-mnist');
      process.env.ACTLAB_FASHION_MNIST = '/tmp/mnist';
      expect(fashionMnistDir()).toBe('/tmp/mnist');
      expect(fashionMnistDir('/data/x')).toBe('/data/x');
    } finally {
      if (saved === undefined) delete process.env.ACTLAB_FASHION_MNIST;
      else process.env.ACTLAB_FASHION_MNIST = saved;
    }
  });
});

describe('property: any truncation or header byte flip reads the original or refuses with the typed error', () => {
  const original = imagesFile(7, 4, 3);
  const originalLabels = labelsFile(9, 3);

  function readOrRefuse(bytes: Uint8Array, magic: number, compressed: boolean): { dims: readonly number[]; data: Uint8Array } | 'refused' {
    try {
      return parseIdx(decompress(bytes, 'p'), 'p', magic);
    } catch (error) {
      if (!(error instanceof IdxFormatError)) throw error;
      if (!compressed) expect(error.message).toMatch(/^p: .*(expected|found)/);
      return 'refused';
    }
  }

  it('truncation at any point (plain and gzip)', () => {
    const gz = gzipSync(original);
    fc.assert(
      fc.property(fc.boolean(), fc.nat(), (compressed, cut) => {
        const file = compressed ? gz : original;
        const at = cut % file.length;
        expect(readOrRefuse(file.subarray(0, at), IDX_IMAGES_MAGIC, compressed)).toBe('refused');
      }),
    );
  });

  it('flipped header bytes', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }), (labels, flips) => {
        const file = Uint8Array.from(labels ? originalLabels : original);
        const headerLength = labels ? 8 : 16;
        for (const [at, mask] of flips) file[at % headerLength] = (file[at % headerLength] as number) ^ mask;
        const magic = labels ? IDX_LABELS_MAGIC : IDX_IMAGES_MAGIC;
        const read = readOrRefuse(file, magic, false);
        if (read === 'refused') return;
        // A read is a consistent one: the dimensions account for every byte of the body.
        expect(read.dims.reduce((a, b) => a * b, 1)).toBe(file.length - headerLength);
        expect(Array.from(read.data)).toEqual(Array.from(file.subarray(headerLength)));
      }),
    );
  });

  it('random byte flips anywhere in a gzip file', () => {
    const gz = gzipSync(originalLabels);
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 255 }), (at, mask) => {
        const file = Uint8Array.from(gz);
        file[at % file.length] = (file[at % file.length] as number) ^ mask;
        const read = readOrRefuse(file, IDX_LABELS_MAGIC, true);
        if (read !== 'refused') expect(read.dims.reduce((a, b) => a * b, 1)).toBe(read.data.length);
      }),
    );
  });
});

describe('the asynchronous reader (actlab start reads on the thread pool) agrees with the synchronous one', () => {
  /** What a reader made of a file: its values, or the refusal's class and message. */
  const outcome = (read: () => { dims: readonly number[]; data: Uint8Array }) => {
    try {
      const { dims, data } = read();
      return { dims: [...dims], data: [...data] };
    } catch (error) {
      return { error: (error as Error).constructor.name, message: (error as Error).message };
    }
  };
  const outcomeAsync = async (read: () => Promise<{ dims: readonly number[]; data: Uint8Array }>) => {
    try {
      const { dims, data } = await read();
      return { dims: [...dims], data: [...data] };
    } catch (error) {
      return { error: (error as Error).constructor.name, message: (error as Error).message };
    }
  };

  it('on any truncation or byte flip of a plain or gzip file, the same values or the same typed refusal', async () => {
    const gz = gzipSync(labelsFile(40, 10));
    const plain = labelsFile(40, 10);
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.nat(), fc.option(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 }))), async (compressed, cut, flip) => {
        const file = Uint8Array.from(compressed ? gz : plain).subarray(0, 1 + (cut % (compressed ? gz : plain).length));
        if (flip) file[flip[0] % file.length] = (file[flip[0] % file.length] as number) ^ flip[1];
        const path = join(root, `async-${n++}`);
        writeFileSync(path, file);
        const sync = outcome(() => readIdx(path, IDX_LABELS_MAGIC));
        expect(await outcomeAsync(() => readIdxAsync(path, IDX_LABELS_MAGIC))).toEqual(sync);
      }),
      { numRuns: 60 },
    );
    expect(await outcomeAsync(() => readIdxAsync(join(root, 'no-such-file'), IDX_LABELS_MAGIC))).toEqual(outcome(() => readIdx(join(root, 'no-such-file'), IDX_LABELS_MAGIC)));
  });

  it('a whole folder reads to the same data set; a bad folder is the same refusal', async () => {
    const good = dataFolder();
    expect(await loadFashionMnistAsync({ dir: good })).toEqual(loadFashionMnist({ dir: good }));
    const bad = dataFolder({ 't10k-labels-idx1-ubyte': labelsFile(4) });
    await expect(loadFashionMnistAsync({ dir: bad })).rejects.toThrow(refusal(() => loadFashionMnist({ dir: bad })).message);
    await expect(loadFashionMnistAsync({ dir: join(root, 'absent') })).rejects.toBeInstanceOf(DatasetMissingError);
  });
});
