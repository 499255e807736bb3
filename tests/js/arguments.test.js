// error.argument: every error names the argument or option at fault as the API spells it, in the
// sync and the worker engine alike (the page routes a message to its control by it). And every
// argument is read once (issue 17): an object whose getters answer differently on a second read
// gets a clean error or the right answer, and the engine stays usable.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';

import { loadApi, randomPlane } from './support.js';

const { createEngine, createWorkerEngine } = await loadApi();
const engine = await createEngine();
const worker = await createWorkerEngine();
after(() => worker.terminate());

const image = randomPlane(8, 6, 1);
const kernel = randomPlane(3, 3, 2);
const frame = { width: 4, height: 3, data: new Uint8ClampedArray(48).fill(200) };

// [argument, what, a call on an engine (sync or worker)]
const cases = [
  ['image', 'image null', (e) => e.conv2d(null, kernel)],
  ['image', 'image.width a string', (e) => e.conv2d({ ...image, width: '8' }, kernel)],
  ['image', 'image.data too short', (e) => e.conv2d({ ...image, data: new Float32Array(47) }, kernel)],
  ['image', 'ImageData of floats', (e) => e.convolveImageData({ ...frame, data: new Float32Array(48) }, [kernel])],
  ['kernel', 'kernel without data', (e) => e.conv2d(image, { width: 3, height: 3 })],
  ['kernel', 'outputSize kernel without height', (e) => e.outputSize(image, { width: 3 })],
  ['kernels', 'kernels with a hole', (e) => e.conv2dBank(image, [kernel, undefined])],
  ['kernels', 'kernels of two sizes', (e) => e.conv2dBank(image, [kernel, randomPlane(5, 5, 3)])],
  ['kernels', 'an empty bank', (e) => e.conv2dBank(image, [])],
  ['map', 'relu of a map of numbers', (e) => e.relu({ ...image, data: [...image.data] })],
  ['options', 'options a string', (e) => e.conv2d(image, kernel, 'same')],
  ['options', 'a misspelt option', (e) => e.conv2d(image, kernel, { strides: 2 })],
  ['options', 'relu with an option', (e) => e.relu(image, { mode: 'max' })],
  ['stride', "stride '2'", (e) => e.conv2d(image, kernel, { stride: '2' })],
  ['stride', 'stride [1, 2, 3]', (e) => e.conv2d(image, kernel, { stride: [1, 2, 3] })],
  ['stride', 'stride 1.5', (e) => e.windowView(image, kernel, { stride: 1.5 })],
  ['dilation', 'dilation [1, null]', (e) => e.conv2d(image, kernel, { dilation: [1, null] })],
  ['padding', 'padding [1, 2]', (e) => e.conv2d(image, kernel, { padding: [1, 2] })],
  ['padding', "padding 'explicit'", (e) => e.conv2d(image, kernel, { padding: 'explicit' })],
  ['padding', 'padding [0.5, 0, 0, 0]', (e) => e.conv2d(image, kernel, { padding: [0.5, 0, 0, 0] })],
  ['border', 'border 2', (e) => e.conv2d(image, kernel, { border: 2 })],
  ['borderValue', "borderValue '1'", (e) => e.conv2d(image, kernel, { border: 'constant', borderValue: '1' })],
  ['op', 'op true', (e) => e.conv2d(image, kernel, { op: true })],
  ['method', 'method 3', (e) => e.conv2d(image, kernel, { method: 3 })],
  ['channels', 'channels 3', (e) => e.convolveImageData(frame, [kernel], { channels: 3 })],
  ['channels', "channels 'rgba'", (e) => e.convolveImageData(frame, [kernel], { channels: 'rgba' })],
  ['out', 'out of the wrong count', (e) => e.conv2dBank(image, [kernel, kernel], { out: [new Float32Array(48)] })],
  ['out', 'out of the wrong type', (e) => e.conv2d(image, kernel, { out: new Float64Array(48) })],
  ['out', 'out of the wrong length', (e) => e.conv2d(image, kernel, { out: new Float32Array(47) })],
  ['out', 'render.out of the wrong length', (e) => e.convolveImageData(frame, [kernel], { render: { out: [new Uint8ClampedArray(47)] } })],
  ['render', 'render misspelt', (e) => e.convolveImageData(frame, [kernel], { render: { colourmap: 'gray' } })],
  ['colormap', 'colormap 1', (e) => e.render(image, { colormap: 1 })],
  ['range', 'range [1]', (e) => e.render(image, { range: [1] })],
  ['range', "range 'fixed'", (e) => e.render(image, { range: 'fixed' })],
  ['range', 'range [0, null]', (e) => e.convolveImageData(frame, [kernel], { render: { range: [0, null] } })],
  ['negative', 'negative false', (e) => e.render(image, { negative: false })],
  ['size', 'filter size 2.5', (e) => e.filters({ size: 2.5 })],
  ['sigma', "sigma '1'", (e) => e.filters({ sigma: '1' })],
  ['theta', "theta '0'", (e) => e.filters({ theta: '0' })],
  ['wavelength', "wavelength '4'", (e) => e.filters({ wavelength: '4' })],
  ['pool', 'pool mode 3', (e) => e.pool(image, { mode: 3 })],
  ['pool', "pool padding 'same'", (e) => e.pool(image, { padding: 'same' })],
  ['pool', 'pool size [2]', (e) => e.pool(image, { size: [2] })],
  ['n', "tilesView n '2'", (e) => e.tilesView(image, '2')],
];
// Errors the engine raises (ranges, names, values).
const engineCases = [
  ['stride', 'stride 0', (e) => e.conv2d(image, kernel, { stride: 0 })],
  ['dilation', 'dilation 65', (e) => e.conv2d(image, kernel, { dilation: 65 })],
  ['padding', 'padding top 5000', (e) => e.conv2d(image, kernel, { padding: [5000, 0, 0, 0] })],
  ['padding', "padding 'half'", (e) => e.conv2d(image, kernel, { padding: 'half' })],
  ['border', "border 'nearest'", (e) => e.conv2d(image, kernel, { border: 'nearest' })],
  ['borderValue', 'borderValue NaN', (e) => e.conv2d(image, kernel, { border: 'constant', borderValue: NaN })],
  ['op', "op 'conv'", (e) => e.conv2d(image, kernel, { op: 'conv' })],
  ['method', "method 'gpu'", (e) => e.conv2d(image, kernel, { method: 'gpu' })],
  ['image', 'image with NaN', (e) => e.conv2d({ ...image, data: image.data.map(() => NaN) }, kernel)],
  ['image', 'image wider than 16384', (e) => e.outputSize({ width: 16385, height: 1 }, { width: 1, height: 1 })],
  ['kernel', 'conv2d kernel with NaN', (e) => e.conv2d(image, { ...kernel, data: kernel.data.map(() => NaN) })],
  ['kernels', 'a bank kernel wider than 255', (e) => e.conv2dBank(randomPlane(300, 2, 5), [randomPlane(256, 1, 6)])],
  ['map', 'render of a NaN map', (e) => e.render({ ...image, data: image.data.map(() => NaN) })],
  ['colormap', "colormap 'jet'", (e) => e.render(image, { colormap: 'jet' })],
  ['negative', "negative 'flip'", (e) => e.render(image, { negative: 'flip' })],
  ['range', 'range [2, 1]', (e) => e.render(image, { range: [2, 1] })],
  ['n', 'tilesView n 0', (e) => e.tilesView(image, 0)],
  ['pool', "pool mode 'median'", (e) => e.pool(image, { mode: 'median' })],
  ['pool', 'pool stride 0', (e) => e.pool(image, { stride: 0 })],
];
// The filter presets' (cpp/src/filters.cpp, on the wt-harden branch).
const filterCases = [
  ['size', 'filter size 64', (e) => e.filters({ size: 64 })],
  ['sigma', 'sigma 0', (e) => e.filters({ sigma: 0 })],
  ['wavelength', 'wavelength 1', (e) => e.filters({ wavelength: 1 })],
];

function checkError(argument, what) {
  return (error) => {
    assert.ok(error instanceof TypeError || error instanceof RangeError, `${what}: ${error}`);
    assert.equal(error.argument, argument, `${what}: ${error.message}`);
    return true;
  };
}

test('each error names its argument, in the sync and the worker engine', async () => {
  for (const [argument, what, call] of cases) {
    assert.throws(() => call(engine), checkError(argument, what), what);
    await assert.rejects(call(worker), checkError(argument, what), what);
  }
  await assert.rejects(worker.relu(image, { signal: 'no' }), checkError('signal', 'signal'));
});

test("the engine's own errors name their argument too", async () => {
  for (const [argument, what, call] of engineCases) {
    assert.throws(() => call(engine), checkError(argument, what), what);
    await assert.rejects(call(worker), checkError(argument, what), what);
  }
});

test("the filter presets' errors name their argument", async () => {
  for (const [argument, what, call] of filterCases) {
    assert.throws(() => call(engine), checkError(argument, what), what);
    await assert.rejects(call(worker), checkError(argument, what), what);
  }
});

test("an error no single argument is to blame for has argument ''", async () => {
  const huge = { width: 8192, height: 8192, data: new Uint8ClampedArray(8192 * 8192 * 4) };
  const one = { width: 1, height: 1, data: new Float32Array([1]) };
  assert.throws(() => engine.convolveImageData(huge, Array(4).fill(one), { channels: 'rgb', padding: 'valid' }), (error) => {
    assert.match(error.message, /not enough memory/);
    assert.equal(error.argument, '');
    return true;
  });
  await assert.rejects(worker.conv2d(image, kernel, { method: () => 'fft' }), checkError('', 'a function option'));
});

// An object whose getter answers `first` on the first read and `later` on every other.
function shifty(object, key, first, later) {
  let reads = 0;
  Object.defineProperty(object, key, { enumerable: true, get: () => (reads++ === 0 ? first : later) });
  return object;
}
const plainResult = engine.conv2d(image, kernel);
function assertUsable() {
  assert.deepEqual(engine.conv2d(image, kernel), plainResult);
}

test('getters that change between reads: a clean error, or the answer for the first read', () => {
  // 1000 x 1 with one value: refused. Read twice, the width would pass as 1 and size the copy 1000.
  const lying = shifty({ height: 1, data: new Float32Array(1) }, 'width', 1000, 1);
  assert.throws(() => engine.conv2d(lying, kernel), { name: 'RangeError', argument: 'image', message: /got 1000 x 1 with 1 values/ });
  assertUsable();
  // The first read is right: the answer is the plain image's.
  const honestFirst = shifty({ height: image.height, data: image.data }, 'width', image.width, 1000);
  assert.deepEqual(engine.conv2d(honestFirst, kernel), plainResult);
  const kernels = shifty([], 0, kernel, randomPlane(200, 200, 4));
  kernels.length = 1;
  assert.deepEqual(engine.conv2dBank(image, kernels)[0], plainResult);
  const options = shifty({}, 'stride', 1, 0);
  assert.deepEqual(engine.conv2d(image, kernel, options), plainResult);
  const frameData = shifty({ width: frame.width, height: frame.height }, 'data', frame.data, new Uint8ClampedArray(4));
  assert.deepEqual(engine.convolveImageData(frameData, [kernel]), engine.convolveImageData(frame, [kernel]));
  assertUsable();
});

test('a typed array cannot fake its length or type', () => {
  class Liar extends Float32Array {
    get length() {
      return 1000 * 1000;
    }
  }
  const liar = new Liar(image.data);
  assert.throws(() => engine.conv2d({ width: 1000, height: 1000, data: liar }, kernel), { name: 'RangeError', argument: 'image', message: /got 1000 x 1000 with 48 values/ });
  assert.deepEqual(engine.conv2d({ ...image, data: liar }, kernel), plainResult);
  const proxy = new Proxy(image.data, {});
  assert.ok(proxy instanceof Float32Array);
  assert.throws(() => engine.conv2d({ ...image, data: proxy }, kernel), { name: 'TypeError', argument: 'image' });
  const disguised = Object.setPrototypeOf(new Float64Array(48), Float32Array.prototype);
  assert.throws(() => engine.conv2d({ ...image, data: disguised }, kernel), { name: 'TypeError', argument: 'image' });
  assertUsable();
});

test('the worker engine reads each getter once too (when the call is posted)', async () => {
  const honestFirst = shifty({ height: image.height, data: image.data }, 'width', image.width, 1000);
  assert.deepEqual(await worker.conv2d(honestFirst, kernel), plainResult);
  const lying = shifty({ height: 1, data: new Float32Array(1) }, 'width', 1000, 1);
  await assert.rejects(worker.conv2d(lying, kernel), { name: 'RangeError', argument: 'image' });
  assert.deepEqual(await worker.conv2d(image, kernel), plainResult);
});
