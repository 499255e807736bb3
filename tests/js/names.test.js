// engine.names and engine.limits: the engine's own lists, so JS never keeps a copy. Every listed
// name works and an unlisted one is refused with a message listing exactly these names; every
// limit holds at its value and fails one past it, with a message naming it.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';

import { loadApi, randomPlane } from './support.js';

const { createEngine, createWorkerEngine } = await loadApi();
const engine = await createEngine();
const { names, limits } = engine;
const worker = await createWorkerEngine();
after(() => worker.terminate());

const image = randomPlane(12, 10, 1);
// Rank 1, so every method (separable too) can run it.
const kernel = { width: 3, height: 3, data: new Float32Array([1, 2, 1, 2, 4, 2, 1, 2, 1]) };
const frame = { width: 6, height: 5, data: new Uint8ClampedArray(120).fill(90) };
const quoted = (list) => list.map((name) => `'${name}'`).join(', ');

test('names and limits are plain frozen data, the same in the sync and the worker engine', () => {
  assert.deepEqual(Object.keys(names).sort(), ['border', 'channels', 'colormap', 'filter', 'method', 'negative', 'op', 'padding', 'pool', 'range']);
  for (const [what, list] of Object.entries(names)) {
    assert.ok(list.length >= 2 && list.every((name) => typeof name === 'string'), what);
    assert.ok(Object.isFrozen(list), what);
  }
  assert.deepEqual(names.channels, ['luminance', 'rgb']);
  for (const [what, value] of Object.entries(limits)) assert.ok(Number.isFinite(value) && value > 0, what);
  assert.ok(Object.isFrozen(names) && Object.isFrozen(limits));
  assert.deepEqual(worker.names, names);
  assert.deepEqual(worker.limits, limits);
});

// [what, one option for a name, the option's key, an unlisted name]
const conv = (option) => engine.conv2d(image, kernel, option);
const draw = (option) => engine.render(image, option);
const lists = [
  ['padding', (name) => conv({ padding: name }), 'nope'],
  ['border', (name) => conv({ border: name }), 'nearest'],
  ['op', (name) => conv({ op: name }), 'conv'],
  ['method', (name) => conv({ method: name }), 'gpu'],
  ['colormap', (name) => draw({ colormap: name }), 'jet'],
  ['negative', (name) => draw({ negative: name }), 'flip'],
  ['range', (name) => draw({ range: name }), 'auto'],
  ['pool', (name) => engine.pool(image, { mode: name }), 'median'],
  ['channels', (name) => engine.convolveImageData(frame, [kernel], { channels: name }), 'rgba'],
];
// Written otherwise in the API: explicit padding and a fixed range are arrays.
const arrays = { padding: ['explicit', () => conv({ padding: [1, 1, 1, 1] })], range: ['fixed', () => draw({ range: [0, 1] })] };

for (const [what, call, unlisted] of lists) {
  test(`every listed ${what} works, and an unlisted one is a TypeError listing them`, () => {
    for (const name of names[what]) {
      if (arrays[what]?.[0] === name) {
        assert.throws(() => call(name), { name: 'TypeError', message: new RegExp(`'${name}' is written as an array`) });
        assert.ok(arrays[what][1]().data.length > 0);
      } else {
        assert.ok(call(name), `${what} '${name}'`);
      }
    }
    assert.throws(() => call(unlisted), (error) => {
      assert.equal(error.constructor, TypeError);
      assert.ok(error.message.includes(`one of ${quoted(names[what].filter((n) => !(what === 'range' && n === 'shared')))}`), error.message);
      return true;
    });
  });
}

test('the filter names are the presets filters() gives, in its order', () => {
  assert.deepEqual(engine.filters().map((f) => f.name), names.filter);
});

test('an unlisted name names its option in error.argument', () => {
  for (const [what, call, unlisted] of lists) {
    assert.throws(() => call(unlisted), (error) => error.argument === what, what);
  }
});

// [limit, a call at the limit, the same one past it]; each via outputSize or a small call.
const size = (width, height, kw = 1, kh = 1, options) => () => engine.outputSize({ width, height }, { width: kw, height: kh }, options);
const max = limits;
const cases = [
  ['maxImageSide', size(max.maxImageSide, 1), size(max.maxImageSide + 1, 1)],
  ['maxImagePixels', size(8192, max.maxImagePixels / 8192), size(8192, max.maxImagePixels / 8192 + 1)],
  ['maxKernelSide', size(300, 300, max.maxKernelSide), size(300, 300, max.maxKernelSide + 1)],
  ['maxStride', size(9000, 1, 1, 1, { stride: max.maxStride }), size(9000, 1, 1, 1, { stride: max.maxStride + 1 })],
  ['maxDilation', size(200, 200, 3, 3, { dilation: max.maxDilation }), size(200, 200, 3, 3, { dilation: max.maxDilation + 1 })],
  ['maxPadding', size(5, 5, 1, 1, { padding: [max.maxPadding, 0, 0, 0] }), size(5, 5, 1, 1, { padding: [max.maxPadding + 1, 0, 0, 0] })],
  // A 8192 x 8192 image padded to 8192 x 16384 is the limit; one row more passes it (stride 2
  // keeps the output within maxImagePixels).
  ['maxPaddedPixels', size(8192, 8192, 1, 1, { padding: [0, 0, 4096, 4096], stride: 2 }), size(8192, 8192, 1, 1, { padding: [1, 0, 4096, 4096], stride: 2 })],
  ['maxBankSize', () => engine.conv2dBank(image, Array(max.maxBankSize).fill(kernel)), () => engine.conv2dBank(image, Array(max.maxBankSize + 1).fill(kernel))],
  ['maxFilterSize', () => engine.filters({ size: max.maxFilterSize }), () => engine.filters({ size: max.maxFilterSize + 1 })],
];
for (const [name, atLimit, pastLimit] of cases) {
  test(`${name} = ${limits[name]}: works at the limit, a RangeError naming it one past`, () => {
    assert.ok(atLimit());
    assert.throws(pastLimit, (error) => {
      assert.equal(error.constructor, RangeError);
      assert.ok(error.message.includes(String(limits[name])), error.message);
      return true;
    });
  });
}
