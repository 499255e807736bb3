// The JS API against NumPy/SciPy, a case per idea, like the notebook: output sizes, window views,
// the filter presets, pooling, ReLU, the canvas channels and the colormap rendering. Expected
// values come from the golden data (tests/golden/) or from Debian's python3 run here.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';

import { dist, filtersDir, goldenCases, loadApi, maxAbsDiff, python, randomPlane, readArray, readNpy, readTable } from './support.js';

const { createEngine } = await loadApi();
const engine = await createEngine();
const maxAbs = (data) => data.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

test("outputSize gives SciPy's output shape for every golden case, and throws for the empty ones", () => {
  for (const c of goldenCases()) {
    const size = (path) => readNpy(path);
    const [image, kernel] = [size(c.image), size(c.kernel)];
    if (c.error) {
      assert.throws(() => engine.outputSize(image, kernel, c.options), RangeError, c.name);
      continue;
    }
    const expected = readNpy(c.expected);
    const out = engine.outputSize(image, kernel, c.options);
    assert.deepEqual([out.height, out.width], [expected.height, expected.width], c.name);
  }
});

test("outputSize is the notebook's generate_output_size, with the rows no window reaches", () => {
  // (10 - 3) / 2 + 1 = 4 columns, reaching column 8: column 9 is unused. 7 rows fit exactly.
  const out = engine.outputSize({ width: 10, height: 7 }, { width: 3, height: 3 }, { padding: 'valid', stride: 2 });
  assert.deepEqual([out.height, out.width], [3, 4]);
  assert.deepEqual(out.x, { in: 10, kernel: 3, padBefore: 0, padAfter: 0, out: 4, unused: 1 });
  assert.equal(out.y.unused, 0);
  // 'same' with an even kernel pads the odd pixel after for correlation, before for convolution.
  assert.deepEqual(engine.outputSize({ width: 8, height: 8 }, { width: 4, height: 4 }).padding, [1, 2, 1, 2]);
  assert.deepEqual(engine.outputSize({ width: 8, height: 8 }, { width: 4, height: 4 }, { op: 'convolution' }).padding, [2, 1, 2, 1]);
});

test("windowView equals numpy's sliding_window_view, stride and dilation included", () => {
  const image = randomPlane(9, 7, 11);
  const view = engine.windowView(image, { width: 3, height: 2 }, { stride: [2, 1], dilation: [1, 2] });
  const expected = python(
    `x = np.array(INPUTS['data'], dtype=np.float32).reshape(7, 9)
# dilation by taking every 2nd column of a wider window, stride by slicing
w = np.lib.stride_tricks.sliding_window_view(x, (2, 5))[::2, ::1, :, ::2]
print(json.dumps({'shape': list(w.shape), 'values': w.ravel().tolist()}))`,
    { data: [...image.data] },
  );
  assert.deepEqual(view.shape, expected.shape);
  assert.equal(view.data, image.data, 'zero-copy: the view reads the image array itself');
  const values = [];
  const [a, b, c, d] = view.shape;
  for (let i = 0; i < a; ++i) for (let j = 0; j < b; ++j) for (let k = 0; k < c; ++k) for (let l = 0; l < d; ++l) values.push(view.at(i, j, k, l));
  assert.deepEqual(values, expected.values.map(Math.fround));
  assert.deepEqual(view.strides, [2 * 9, 1, 9, 2]);
});

test("tilesView is the notebook's n x n tiles: step H // n, the last tile reaching the edge", () => {
  const image = randomPlane(13, 10, 12);
  const tiles = engine.tilesView(image, 3);
  const expected = python(
    `x = np.array(INPUTS['data'], dtype=np.float32).reshape(10, 13)
n = 3
height, width = x.shape
sh, sw = x.strides
fh, fw = height - (height // n) * (n - 1), width - (width // n) * (n - 1)
t = np.lib.stride_tricks.as_strided(x, shape=(n, n, fh, fw), strides=((height // n) * sh, (width // n) * sw, sh, sw))
print(json.dumps({'shape': list(t.shape), 'last': float(t[2, 2, -1, -1]), 'first': float(t[1, 2, 0, 0])}))`,
    { data: [...image.data] },
  );
  assert.deepEqual(tiles.shape, expected.shape);
  assert.equal(tiles.at(2, 2, tiles.shape[2] - 1, tiles.shape[3] - 1), expected.last);
  assert.equal(tiles.at(1, 2, 0, 0), expected.first);
});

test("every preset with a SciPy definition equals it (the notebook's load_sample_filters and more)", () => {
  for (const row of readTable(join(filtersDir, 'kernels.txt'))) {
    const params = { size: Number(row.size), sigma: Number(row.sigma), theta: Number(row.theta), wavelength: Number(row.wavelength) };
    const bank = engine.filters(params);
    const stack = readArray(join(filtersDir, row.file));
    const k = params.size * params.size;
    row.names.split(',').forEach((name, n) => {
      const preset = bank.find((f) => f.name === name);
      assert.ok(preset, `${name} missing`);
      assert.ok(preset.description.length > 10, `${name} has a description`);
      const expected = stack.data.subarray(n * k, (n + 1) * k);
      assert.deepEqual([preset.height, preset.width], [params.size, params.size], name);
      assert.ok(maxAbsDiff(preset.data, expected) <= 1e-6 * maxAbs(expected), `${name} ${JSON.stringify(params)}`);
    });
  }
});

test("the notebook's flip asserts: correlation differs from fftconvolve on 'vertical', convolution equals it", () => {
  const image = randomPlane(32, 24, 13);
  const vertical = engine.filters({ size: 7 }).find((f) => f.name === 'vertical');
  const expected = python(
    `from scipy import signal
x = np.array(INPUTS['x'], dtype=np.float64).reshape(24, 32)
k = np.array(INPUTS['k'], dtype=np.float64).reshape(7, 7)
print(json.dumps(signal.fftconvolve(x, k, mode='same').ravel().tolist()))`,
    { x: [...image.data], k: [...vertical.data] },
  );
  const scale = 1e-4 * vertical.data.reduce((s, v) => s + Math.abs(v), 0) * maxAbs(image.data);
  const correlated = engine.conv2d(image, vertical);
  const convolved = engine.conv2d(image, vertical, { op: 'convolution' });
  assert.ok(maxAbsDiff(correlated.data, expected) > 100 * scale);
  assert.ok(maxAbsDiff(convolved.data, expected) <= scale);
});

test('pool equals NumPy max / mean pooling with NaN padding', () => {
  for (const row of readTable(join(filtersDir, 'pool.txt'))) {
    const input = readNpy(join(filtersDir, row.input));
    const expected = readNpy(join(filtersDir, row.expected));
    const out = engine.pool(input, {
      size: [Number(row.size_y), Number(row.size_x)],
      stride: [Number(row.stride_y), Number(row.stride_x)],
      padding: [row.top, row.bottom, row.left, row.right].map(Number),
      mode: row.mode,
    });
    assert.deepEqual([out.height, out.width], [expected.height, expected.width], row.expected);
    assert.ok(maxAbsDiff(out.data, expected.data) <= 1e-6 * maxAbs(expected.data), row.expected);
  }
});

test('relu keeps the positive part', () => {
  const map = randomPlane(6, 5, 14);
  const out = engine.relu(map);
  assert.deepEqual(out.data, map.data.map((v) => Math.max(v, 0)));
  assert.deepEqual([out.width, out.height], [6, 5]);
});

test('convolveImageData sees Rec. 601 luminance, or R, G, B / 255, as NumPy computes them', () => {
  const identity = { width: 1, height: 1, data: new Float32Array([1]) };
  for (const row of readTable(join(filtersDir, 'image.txt'))) {
    const rgba = readArray(join(filtersDir, row.rgba));
    const [height, width] = rgba.shape;
    const image = { width, height, data: Uint8ClampedArray.from(rgba.data) };
    const [luminance] = engine.convolveImageData(image, [identity]);
    assert.equal(luminance.channel, 'luminance');
    assert.ok(maxAbsDiff(luminance.data, readNpy(join(filtersDir, row.luminance)).data) <= 1e-6, row.luminance);
    const maps = engine.convolveImageData(image, [identity, identity], { channels: 'rgb' });
    assert.deepEqual(maps.map((m) => [m.kernel, m.channel]), [[0, 'r'], [0, 'g'], [0, 'b'], [1, 'r'], [1, 'g'], [1, 'b']]);
    ['red', 'green', 'blue'].forEach((name, c) => {
      assert.ok(maxAbsDiff(maps[c].data, readNpy(join(filtersDir, row[name])).data) <= 1e-7, row[name]);
      assert.deepEqual(maps[3 + c].data, maps[c].data);
    });
  }
});

test('render paints each pixel by the documented rule and reports the range it used', () => {
  const rows = readTable(join(filtersDir, 'render.txt'));
  assert.ok(rows.length >= 50);
  for (const row of rows) {
    const map = readNpy(join(filtersDir, row.map));
    const expected = readArray(join(filtersDir, row.expected));
    const range = row.range === 'fixed' ? [Number(row.lo), Number(row.hi)] : row.range;
    const out = engine.render(map, { colormap: row.colormap, range, negative: row.negative });
    assert.ok(out.data instanceof Uint8ClampedArray);
    assert.deepEqual([...out.data], [...expected.data], row.expected);
    assert.deepEqual(out.range, [Number(row.used_lo), Number(row.used_hi)], row.expected);
    const reused = new Uint8ClampedArray(out.data.length);
    assert.equal(engine.render(map, { colormap: row.colormap, range, negative: row.negative, out: reused }).data, reused);
    assert.deepEqual(reused, out.data);
  }
});

test('results are plain objects owning their arrays: later calls do not change them', () => {
  const image = randomPlane(16, 16, 15);
  const kernel = randomPlane(3, 3, 16);
  const first = engine.conv2d(image, kernel);
  const copy = first.data.slice();
  engine.conv2d(randomPlane(16, 16, 17), kernel);
  engine.conv2dBank(randomPlane(40, 40, 18), [kernel, kernel]);
  assert.deepEqual(first.data, copy);
  assert.deepEqual(Object.keys(first).sort(), ['data', 'height', 'method', 'width']);
  assert.equal(Object.getPrototypeOf(first), Object.prototype);
  assert.ok(!(first.data.buffer instanceof SharedArrayBuffer));
});

test('out: maps are written into the arrays given, which the results then hold', () => {
  const image = randomPlane(20, 12, 19);
  const kernels = [randomPlane(3, 3, 20), randomPlane(3, 3, 21)];
  const expected = engine.conv2dBank(image, kernels, { stride: 2 });
  const out = expected.map((m) => new Float32Array(m.data.length));
  const maps = engine.conv2dBank(image, kernels, { stride: 2, out });
  maps.forEach((map, i) => {
    assert.equal(map.data, out[i]);
    assert.deepEqual(map.data, expected[i].data);
  });
  const single = new Float32Array(expected[0].data.length);
  assert.equal(engine.conv2d(image, kernels[0], { stride: 2, out: single }).data, single);
  assert.deepEqual(single, expected[0].data);
  const frame = { width: 5, height: 4, data: new Uint8ClampedArray(80).fill(100) };
  const rgb = [0, 1, 2].map(() => new Float32Array(20));
  const channels = engine.convolveImageData(frame, [kernels[0]], { channels: 'rgb', out: rgb });
  channels.forEach((map, c) => assert.equal(map.data, rgb[c]));
  assert.deepEqual(channels[0].data, engine.convolveImageData(frame, [kernels[0]], { channels: 'rgb' })[0].data);
});

test('out of the wrong count, type or length is refused before any array is written', () => {
  const image = randomPlane(10, 10, 22);
  const kernel = randomPlane(3, 3, 23);
  const untouched = new Float32Array(100).fill(7);
  assert.throws(() => engine.conv2dBank(image, [kernel, kernel], { out: [untouched] }), {
    name: 'TypeError',
    message: /out must be an Array of 2 Float32Array, got an Array of length 1/,
  });
  assert.throws(() => engine.conv2dBank(image, [kernel, kernel], { out: [untouched, new Float32Array(99)] }), {
    name: 'RangeError',
    message: /out\[1\] must be a Float32Array of 10 x 10 = 100 values, got 99/,
  });
  assert.throws(() => engine.conv2dBank(image, [kernel], { out: [new Uint8Array(100)] }), {
    name: 'TypeError',
    message: /^out\[0\] must be a Float32Array, got a Uint8Array$/,
  });
  assert.deepEqual(untouched, new Float32Array(100).fill(7));
  assert.throws(() => engine.conv2d(image, kernel, { out: new Float64Array(100) }), {
    name: 'TypeError',
    message: /out must be a Float32Array, got a Float64Array/,
  });
});

test('convolveImageData with render: each map also drawn, as render(map) draws it', () => {
  const frame = { width: 9, height: 7, data: Uint8ClampedArray.from({ length: 252 }, (_, i) => (i * 37) % 256) };
  const kernels = [randomPlane(3, 3, 24), randomPlane(3, 3, 25)];
  const draw = { colormap: 'RdBu', negative: 'diverging', range: 'symmetric' };
  for (const channels of ['luminance', 'rgb']) {
    const maps = engine.convolveImageData(frame, kernels, { channels, render: draw });
    assert.equal(maps.length, channels === 'rgb' ? 6 : 2);
    for (const map of maps) {
      const { rendered, ...plain } = map;
      assert.deepEqual(rendered, engine.render(plain, draw), `${map.kernel} ${map.channel}`);
    }
  }
  const out = [0, 1].map(() => new Uint8ClampedArray(9 * 7 * 4));
  const maps = engine.convolveImageData(frame, kernels, { render: { ...draw, out } });
  maps.forEach((map, n) => assert.equal(map.rendered.data, out[n]));
  assert.deepEqual(out[1], engine.render(maps[1], draw).data);
});

test('createEngine takes the wasm from another location or as bytes', async () => {
  const wasm = join(dist, 'convscope.wasm');
  const image = randomPlane(6, 5, 26);
  const kernel = randomPlane(3, 3, 27);
  const expected = engine.conv2d(image, kernel);
  for (const options of [{ wasmUrl: pathToFileURL(wasm) }, { wasmUrl: pathToFileURL(wasm).href }, { wasmBinary: readFileSync(wasm) }]) {
    const other = await createEngine(options);
    assert.deepEqual(other.conv2d(image, kernel), expected, JSON.stringify(Object.keys(options)));
  }
});

// Embind builds its invokers with new Function unless linked with -sDYNAMIC_EXECUTION=0; a page
// whose Content-Security-Policy lacks 'unsafe-eval' would then fail to load the engine.
test('the module and its API evaluate no strings as code (a CSP without unsafe-eval works)', () => {
  const files = readdirSync(dist).filter((file) => /^(convscope|engine-).*\.js$/.test(file));
  assert.ok(files.length >= 6, files.join(', '));
  for (const file of files) {
    const source = readFileSync(join(dist, file), 'utf8');
    assert.doesNotMatch(source, /new Function\s*\(|\beval\s*\(/, file);
  }
});

test('a mixed bank under auto names each map\'s method: rank-1 kernels separable, the others not', () => {
  const gaussian = engine.filters({ size: 9, sigma: 2 }).find((f) => f.name === 'gaussian');
  const random = randomPlane(9, 9, 7);
  const image = randomPlane(96, 80, 8);
  const maps = engine.conv2dBank(image, [gaussian, random, gaussian]);
  assert.deepEqual(maps.map((m) => m.method === 'separable'), [true, false, true]);
  const direct = engine.conv2dBank(image, [gaussian, random, gaussian], { method: 'direct' });
  maps.forEach((m, i) => assert.ok(maxAbsDiff(m.data, direct[i].data) < 1e-3, `map ${i}`));
});

test('the maps of convolveImageData and conv2dBank carry their geometry, as outputSize gives it', () => {
  const frame = { width: 11, height: 9, data: Uint8ClampedArray.from({ length: 396 }, (_, i) => (i * 53) % 256) };
  const plane = randomPlane(11, 9, 28);
  const kernels = [randomPlane(4, 3, 29), randomPlane(4, 3, 30)];
  const specs = [{}, { stride: 2, padding: 'valid' }, { dilation: [2, 1], padding: 'full' }, { padding: [1, 0, 2, 3], stride: [1, 3] }, { op: 'convolution' }];
  for (const options of specs) {
    const expected = engine.outputSize(frame, kernels[0], options);
    for (const channels of ['luminance', 'rgb']) {
      const maps = engine.convolveImageData(frame, kernels, { ...options, channels });
      assert.deepEqual(maps.geometry, expected, JSON.stringify(options));
      assert.ok(maps.every((m) => m.width === expected.width && m.height === expected.height));
    }
    assert.deepEqual(engine.conv2dBank(plane, kernels, options).geometry, expected, JSON.stringify(options));
  }
});

// Render rule step 1 (render.hpp), then the union over every map; diverging centres it on 0.
function sharedRange(maps, negative) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const { data } of maps) {
    for (const raw of data) {
      const v = negative === 'clip' ? Math.max(raw, 0) : negative === 'abs' ? Math.abs(raw) : raw;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  if (negative !== 'diverging') return [lo, hi];
  const m = Math.max(Math.abs(lo), Math.abs(hi));
  return [-m, m];
}

test("render range 'shared': every map drawn over the union of the maps' ranges", () => {
  const frame = { width: 10, height: 8, data: Uint8ClampedArray.from({ length: 320 }, (_, i) => (i * 29) % 256) };
  const kernels = [randomPlane(3, 3, 31), randomPlane(3, 3, 32), engine.filters({ size: 3 }).find((f) => f.name === 'gaussian')];
  for (const negative of ['clip', 'abs', 'diverging']) {
    for (const channels of ['luminance', 'rgb']) {
      const draw = { colormap: 'viridis', negative, range: 'shared' };
      const maps = engine.convolveImageData(frame, kernels, { channels, render: draw });
      const range = sharedRange(maps, negative);
      const own = maps.map((m) => engine.render(m, { ...draw, range: 'minmax' }).range);
      assert.ok(own.some((r) => r[0] !== range[0] || r[1] !== range[1]), 'the maps have ranges of their own');
      for (const map of maps) {
        const { rendered, ...plain } = map;
        assert.deepEqual(rendered.range, range, `${negative} ${channels}`);
        assert.deepEqual(rendered.data, engine.render(plain, { ...draw, range }).data, `${negative} ${channels}`);
      }
    }
  }
  // One map shares with itself: its own range.
  const map = randomPlane(7, 5, 33);
  assert.deepEqual(engine.render(map, { range: 'shared' }), engine.render(map, { range: 'minmax' }));
});
