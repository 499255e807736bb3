// engine.explain: one output pixel taken apart, through the wasm build. Its sum is the map's value
// (conv2d, convolveImageData) at random pixels of every border x padding x stride x dilation x op,
// its taps match numpy.pad on the SciPy golden cases (tests/golden/data/explain), RGBA images are
// read as the channel a map names, and the worker engine answers the same.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { goldenDir, loadApi, randomPlane, readArray, root } from './support.js';

const { createEngine, createWorkerEngine } = await loadApi();
const engine = await createEngine();
let worker;
before(async () => {
  worker = await createWorkerEngine();
});
after(() => worker.terminate());

// A small deterministic generator, so a failure names a reproducible case.
function generator(seed) {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

test('the sum is the map value at random pixels of every border, padding, stride, dilation, op', () => {
  const pick = generator(7);
  const sizes = [[9, 11, 3, 3], [12, 10, 4, 4], [7, 13, 2, 5], [3, 2, 5, 4]];
  let checked = 0;
  for (const border of engine.names.border) {
    for (const padding of ['valid', 'same', 'full', [2, 0, 1, 3]]) {
      for (let stride = 1; stride <= 3; stride++) {
        for (let dilation = 1; dilation <= 2; dilation++) {
          for (const op of engine.names.op) {
            const [h, w, kh, kw] = sizes[checked % sizes.length];
            const image = randomPlane(w, h, checked + 1);
            const kernel = randomPlane(kw, kh, checked + 2);
            const options = { border, borderValue: 0.5, padding, stride, dilation, op };
            let map;
            try {
              map = engine.conv2d(image, kernel, options);
            } catch (error) {
              assert.match(error.message, /output would be empty/); // kernel larger than the image
              continue;
            }
            const at = { y: pick(map.height), x: pick(map.width) };
            const e = engine.explain(image, kernel, options, at);
            const expected = map.data[at.y * map.width + at.x];
            const tolerance = 1e-5 * (1 + kernel.data.reduce((s, v) => s + Math.abs(v), 0));
            assert.ok(Math.abs(e.sum - expected) <= tolerance, `${JSON.stringify(options)} ${JSON.stringify(at)}: ${e.sum} vs ${expected}`);
            assert.equal(e.geometry.width, map.width);
            checked++;
          }
        }
      }
    }
  }
  assert.ok(checked > 200, `only ${checked} cases`);
});

test('taps and the pixels they read match numpy.pad on the SciPy cases', () => {
  const lines = readFileSync(join(root, 'tests/golden/data/explain/manifest.txt'), 'utf8')
    .split('\n').filter((line) => line && !line.startsWith('#'));
  const conv = new Map(readFileSync(join(goldenDir, 'manifest.txt'), 'utf8').split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => Object.fromEntries(line.split(/\s+/).map((f) => f.split('='))))
    .map((c) => [c.name, c]));
  const plane = (file) => {
    const { shape, data } = readArray(join(goldenDir, file));
    return { height: shape[0], width: shape[1], data };
  };
  const pair = (text) => text.split(',').map(Number);
  // Every 7th pixel: the Catch2 test reads them all.
  for (let i = 0; i < lines.length; i += 7) {
    const c = Object.fromEntries(lines[i].split(/\s+/).map((f) => f.split('=')));
    const spec = conv.get(c.case);
    const image = plane(spec.image);
    const kernel = plane(spec.kernel);
    const options = {
      padding: spec.padding.includes(',') ? pair(spec.padding) : spec.padding,
      border: spec.border, borderValue: Number(spec.border_value),
      stride: pair(spec.stride), dilation: pair(spec.dilation), op: spec.op,
    };
    const e = engine.explain(image, kernel, options, { y: Number(c.y), x: Number(c.x) });
    assert.deepEqual([...e.rows], pair(c.rows), c.case);
    assert.deepEqual([...e.cols], pair(c.cols), c.case);
    const sources = pair(c.sources);
    sources.forEach((source, t) => {
      const k = Math.floor(t / kernel.width);
      const l = t % kernel.width;
      const fill = spec.border === 'constant' ? Math.fround(Number(spec.border_value)) : 0;
      assert.equal(e.window[t], source < 0 ? fill : image.data[source], `${c.case} tap ${t}`);
      if (source >= 0) assert.equal(e.sourceRows[k] * image.width + e.sourceCols[l], source);
    });
    assert.ok(Math.abs(e.sum - Number(c.value)) <= Number(spec.tolerance), c.case);
  }
});

test('convolution applies the kernel turned 180 degrees; products are window times applied', () => {
  const image = randomPlane(6, 6, 3);
  const kernel = { width: 3, height: 2, data: Float32Array.of(1, 2, 3, 4, 5, 6) };
  const e = engine.explain(image, kernel, { op: 'convolution', border: 'reflect' }, { y: 0, x: 5 });
  assert.deepEqual([...e.kernel], [1, 2, 3, 4, 5, 6]);
  assert.deepEqual([...e.applied], [6, 5, 4, 3, 2, 1]);
  e.products.forEach((p, i) => assert.equal(p, Math.fround(e.window[i] * e.applied[i])));
  assert.ok(e.padding.some((p) => p === 1), 'the corner pixel reads padding');
});

test('an RGBA image is read as the channel a map names', () => {
  const frame = { width: 9, height: 7, data: Uint8ClampedArray.from({ length: 9 * 7 * 4 }, (_, i) => (i * 37) % 256) };
  const kernel = randomPlane(4, 3, 9);
  const options = { stride: 2, padding: 'full', border: 'mirror' };
  const maps = [
    ...engine.convolveImageData(frame, [kernel], options),
    ...engine.convolveImageData(frame, [kernel], { ...options, channels: 'rgb' }),
  ];
  for (const map of maps) {
    for (const at of [{ y: 0, x: 0 }, { y: 2, x: 3 }, { y: map.height - 1, x: map.width - 1 }]) {
      const e = engine.explain(frame, kernel, { ...options, channel: map.channel }, at);
      const value = map.data[at.y * map.width + at.x];
      assert.ok(Math.abs(e.sum - value) <= 1e-5, `${map.channel} ${JSON.stringify(at)}`);
    }
  }
  // Luminance is Rec. 601 over 255, computed here from the bytes.
  const e = engine.explain(frame, kernel, { padding: 'valid', channel: 'luminance' }, { y: 0, x: 0 });
  const [r, g, b] = frame.data;
  assert.ok(Math.abs(e.window[0] - (0.299 * r + 0.587 * g + 0.114 * b) / 255) < 1e-6);
});

test('bad pixels, channels and arguments are named errors', () => {
  const image = randomPlane(6, 5, 1); // 5 x 6
  const kernel = randomPlane(3, 3, 2);
  const throwsWith = (fn, name, argument, pattern) =>
    assert.throws(fn, (error) => error.name === name && error.argument === argument && pattern.test(error.message));
  throwsWith(() => engine.explain(image, kernel, { stride: 2 }, { y: 3, x: 0 }), 'RangeError', 'at', /at y must be in \[0, 2\], got 3/);
  throwsWith(() => engine.explain(image, kernel, {}, { y: 0, x: -1 }), 'RangeError', 'at', /at x must be in \[0, 5\], got -1/);
  throwsWith(() => engine.explain(image, kernel, {}, undefined), 'TypeError', 'at', /at.y must be a number/);
  throwsWith(() => engine.explain(image, kernel, {}, { y: 0, x: 0, z: 1 }), 'TypeError', 'at', /no option 'z'/);
  throwsWith(() => engine.explain(image, kernel, { channel: 'r' }, { y: 0, x: 0 }), 'TypeError', 'channel', /RGBA/);
  const frame = { width: 2, height: 2, data: new Uint8ClampedArray(16) };
  throwsWith(() => engine.explain(frame, kernel, { channel: 'alpha' }, { y: 0, x: 0 }), 'TypeError', 'channel', /'alpha'/);
  throwsWith(() => engine.explain(image, kernel, { padding: 'valid', dilation: 3 }, { y: 0, x: 0 }), 'RangeError', '', /output would be empty/);
});

test('the worker engine explains as the engine in this thread does', async () => {
  const image = randomPlane(16, 20, 4);
  const kernel = randomPlane(3, 4, 5);
  const options = { stride: [2, 3], dilation: 2, border: 'wrap', op: 'convolution' };
  const at = { y: 9, x: 4 };
  assert.deepEqual(await worker.explain(image, kernel, options, at), engine.explain(image, kernel, options, at));
  await assert.rejects(worker.explain(image, kernel, options, { y: 99, x: 0 }), (error) => error.argument === 'at');
});
