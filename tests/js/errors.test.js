// Every bad argument is a TypeError (wrong kind, unknown name) or RangeError (out of range) whose
// message names the argument and its limit; never an abort, never a silent 0 for an unknown name;
// and the engine gives the right answer again right after each error.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { goldenDir, loadApi, maxAbsDiff, readNpy } from './support.js';

const { createEngine } = await loadApi();
const engine = await createEngine();

const plane = (width, height, fill = 0.5) => ({ width, height, data: new Float32Array(width * height).fill(fill) });
const image = plane(8, 6);
const kernel = plane(3, 3);
const rgba = { width: 4, height: 3, data: new Uint8ClampedArray(48).fill(200) };

// The notebook's digit and 5x5 gaussian with SciPy's answer: the check that the engine still works.
const digit = readNpy(`${goldenDir}/inputs/notebook_zero.npy`);
const gaussian = readNpy(`${goldenDir}/inputs/notebook_gaussian5_sigma1.npy`);
const digitExpected = readNpy(`${goldenDir}/expected/notebook_zero_gaussian5_same.npy`);
function assertEngineWorks(after) {
  const out = engine.conv2d(digit, gaussian, { padding: 'same' });
  assert.ok(maxAbsDiff(out.data, digitExpected.data) < 1e-4, `wrong answer after ${after}`);
  const drawn = engine.render(digitExpected, { colormap: 'gray' });
  assert.equal(drawn.data.length, 8 * 8 * 4, `render broken after ${after}`);
}

const withImage = (options) => () => engine.conv2d(image, kernel, options);

// [what, call, error class, message pattern]
const cases = [
  // the image and kernel
  ['image null', () => engine.conv2d(null, kernel), TypeError, /image must be an object/],
  ['image.width a string', () => engine.conv2d({ ...image, width: '8' }, kernel), TypeError, /image.width must be a number, got '8'/],
  ['image.width 2.5', () => engine.conv2d({ ...image, width: 2.5 }, kernel), RangeError, /image.width must be an integer, got 2.5/],
  ['image.data an Array', () => engine.conv2d({ ...image, data: [...image.data] }, kernel), TypeError, /image.data must be a Float32Array, got an Array/],
  ['image.data a Float64Array', () => engine.conv2d({ ...image, data: new Float64Array(48) }, kernel), TypeError, /image.data must be a Float32Array, got a Float64Array/],
  ['image.data too short', () => engine.conv2d({ ...image, data: new Float32Array(47) }, kernel), RangeError, /data.length == width \* height, got 8 x 6 with 47 values/],
  ['image of width 0', () => engine.conv2d(plane(0, 6), kernel), RangeError, /image must have width, height >= 1/],
  ['image wider than 16384', () => engine.conv2d(plane(16385, 1), plane(1, 1)), RangeError, /image width must be in \[1, 16384\], got 16385/],
  ['image with NaN', () => engine.conv2d({ ...image, data: image.data.map((v, i) => (i === 13 ? NaN : v)) }, kernel), RangeError, /image must hold finite values, has NaN at \(1, 5\)/],
  ['kernel with +inf', () => engine.conv2d(image, { ...kernel, data: kernel.data.map((v, i) => (i === 4 ? Infinity : v)) }), RangeError, /kernel 0 must hold finite values, has \+inf at \(1, 1\)/],
  ['kernel larger than 255', () => engine.conv2d(plane(300, 2), plane(256, 1), { padding: 'same' }), RangeError, /kernel width must be in \[1, 255\], got 256/],
  ["'valid' kernel larger than the image", () => engine.conv2d(image, plane(9, 3), { padding: 'valid' }), RangeError, /output would be empty: input 8 \+ padding 0\+0 is smaller than the dilated kernel 9/],
  ['kernels not an Array', () => engine.conv2dBank(image, kernel), TypeError, /kernels must be an Array/],
  ['empty bank', () => engine.conv2dBank(image, []), RangeError, /kernels must hold 1 to 256 kernels, got 0/],
  ['257 kernels', () => engine.conv2dBank(image, Array(257).fill(kernel)), RangeError, /kernels must hold 1 to 256 kernels, got 257/],
  ['kernels of two sizes', () => engine.conv2dBank(image, [kernel, plane(5, 5)]), RangeError, /kernels\[0\] is 3 x 3, kernels\[1\] is 5 x 5/],
  // a hole (or undefined) in an array names its index, never skipped (the last call's data would stay)
  ['kernels with a hole', () => engine.conv2dBank(image, [kernel, , kernel]), TypeError, /^kernels\[1\] must be an object \{width, height, data\}, got undefined$/],
  ['kernels ending in undefined', () => engine.conv2dBank(image, [kernel, undefined]), TypeError, /^kernels\[1\] must be an object \{width, height, data\}, got undefined$/],
  ['ImageData kernels with a hole', () => engine.convolveImageData(rgba, [kernel, , kernel]), TypeError, /^kernels\[1\] must be an object \{width, height, data\}, got undefined$/],
  ['out with a hole', () => engine.conv2dBank(image, [kernel, kernel], { out: [new Float32Array(48), ,] }), TypeError, /^out\[1\] must be a Float32Array, got undefined$/],
  ['render.out with a hole', () => engine.convolveImageData(rgba, [kernel, kernel], { render: { out: [, new Uint8ClampedArray(48)] } }), TypeError, /^render.out\[0\] must be a Uint8ClampedArray, got undefined$/],
  // options
  ['options a string', withImage('same'), TypeError, /options must be an object, got 'same'/],
  ['a misspelt option', withImage({ strides: 2 }), TypeError, /options has no option 'strides'; known: stride, dilation/],
  ['stride 0', withImage({ stride: 0 }), RangeError, /stride y must be in \[1, 4096\], got 0/],
  ['stride x 5000', withImage({ stride: [1, 5000] }), RangeError, /stride x must be in \[1, 4096\], got 5000/],
  ['stride 1.5', withImage({ stride: 1.5 }), RangeError, /stride must be an integer, got 1.5/],
  ['stride NaN', withImage({ stride: NaN }), RangeError, /stride must be an integer, got NaN/],
  ['stride 2**40', withImage({ stride: 2 ** 40 }), RangeError, /stride must be within \[-2147483647, 2147483647\]/],
  ["stride '2'", withImage({ stride: '2' }), TypeError, /stride must be a number, got '2'/],
  ['stride [1, 2, 3]', withImage({ stride: [1, 2, 3] }), TypeError, /stride must be a number or \[y, x\], got an Array of length 3/],
  ['dilation 0', withImage({ dilation: 0 }), RangeError, /dilation y must be in \[1, 64\], got 0/],
  ['dilation 65', withImage({ dilation: [1, 65] }), RangeError, /dilation x must be in \[1, 64\], got 65/],
  ["padding 'half'", withImage({ padding: 'half' }), TypeError, /padding must be one of 'valid', 'same', 'full'.*got 'half'/],
  ["padding 'explicit'", withImage({ padding: 'explicit' }), TypeError, /padding 'explicit' is written as an array/],
  ['padding [1, 2]', withImage({ padding: [1, 2] }), TypeError, /padding must be a name or \[top, bottom, left, right\]/],
  ['padding top -1', withImage({ padding: [-1, 0, 0, 0] }), RangeError, /padding top must be in \[0, 4096\], got -1/],
  ['padding right 5000', withImage({ padding: [0, 0, 0, 5000] }), RangeError, /padding right must be in \[0, 4096\], got 5000/],
  ["border 'nearest'", withImage({ border: 'nearest' }), TypeError, /border must be one of 'zero', 'constant', 'replicate', 'reflect', 'mirror', 'wrap', got 'nearest'/],
  ['border 2 (an enum value)', withImage({ border: 2 }), TypeError, /border must be a string, got number 2/],
  ['borderValue NaN', withImage({ border: 'constant', borderValue: NaN }), RangeError, /border value must be finite/],
  ['borderValue Infinity', withImage({ border: 'constant', borderValue: Infinity }), RangeError, /border value must be finite/],
  ["borderValue '1'", withImage({ border: 'constant', borderValue: '1' }), TypeError, /borderValue must be a number/],
  ["op 'conv'", withImage({ op: 'conv' }), TypeError, /op must be one of 'correlation', 'convolution', got 'conv'/],
  ["method 'gpu'", withImage({ method: 'gpu' }), TypeError, new RegExp(`method must be one of ${engine.names.method.map((m) => `'${m}'`).join(', ')}, got 'gpu'`)],
  ['separable on a rank-2 kernel', () => engine.conv2d(image, { width: 2, height: 2, data: new Float32Array([1, 0, 0, 1]) }, { method: 'separable' }), RangeError, /method 'separable' needs rank-1 kernels: kernel 0/],
  // outputSize, windowView, tilesView
  ['outputSize of an empty output', () => engine.outputSize({ width: 4, height: 4 }, { width: 5, height: 5 }, { padding: 'valid' }), RangeError, /output would be empty/],
  ['outputSize of 10000 x 10000', () => engine.outputSize({ width: 10000, height: 10000 }, { width: 3, height: 3 }), RangeError, /image has 100000000 pixels \(10000 x 10000\), more than the limit 67108864/],
  ['outputSize kernel without height', () => engine.outputSize({ width: 4, height: 4 }, { width: 3 }), TypeError, /kernel.height must be a number, got undefined/],
  ['windowView larger than the image', () => engine.windowView(image, { width: 9, height: 3 }), RangeError, /output would be empty/],
  ['windowView stride 0', () => engine.windowView(image, { width: 3, height: 3 }, { stride: 0 }), RangeError, /stride y must be in \[1, 4096\], got 0/],
  ['tilesView n 0', () => engine.tilesView(image, 0), RangeError, /tiles per side must be in \[1, min\(height, width\) = 6\], got 0/],
  ['tilesView n 7', () => engine.tilesView(image, 7), RangeError, /tiles per side must be in \[1, min\(height, width\) = 6\], got 7/],
  ['window index out of range', () => engine.windowView(image, { width: 3, height: 3 }).at(4, 0, 0, 0), RangeError, /index 0 must be in \[0, 4\), got 4/],
  // filters
  ['filter size 0', () => engine.filters({ size: 0 }), RangeError, /filter size must be in \[1, 63\], got 0/],
  ['filter size 64', () => engine.filters({ size: 64 }), RangeError, /filter size must be in \[1, 63\], got 64/],
  ['filter size 2.5', () => engine.filters({ size: 2.5 }), RangeError, /size must be an integer, got 2.5/],
  ['sigma 0', () => engine.filters({ sigma: 0 }), RangeError, /sigma must be finite and > 0, got 0/],
  ['sigma NaN', () => engine.filters({ sigma: NaN }), RangeError, /sigma must be finite and > 0, got nan/],
  ['wavelength 1', () => engine.filters({ wavelength: 1 }), RangeError, /wavelength must be finite and >= 2 pixels \(the Nyquist limit\), got 1/],
  ['a misspelt filter option', () => engine.filters({ sizes: 3 }), TypeError, /filters options has no option 'sizes'/],
  // relu, pool
  ['relu of a NaN map', () => engine.relu({ ...image, data: image.data.map((v, i) => (i === 0 ? NaN : v)) }), RangeError, /map must hold finite values, has NaN at \(0, 0\)/],
  ["pool mode 'median'", () => engine.pool(image, { mode: 'median' }), TypeError, /pool mode must be one of 'max', 'mean', got 'median'/],
  ['pool stride 0', () => engine.pool(image, { stride: 0 }), RangeError, /pool stride y must be in \[1, 4096\], got 0/],
  ['pool size 0', () => engine.pool(image, { size: 0 }), RangeError, /pool size y must be in \[1, 255\], got 0/],
  ['pool padding as large as the size', () => engine.pool(image, { size: 2, padding: 2 }), RangeError, /pool padding top must be in \[0, 1\], got 2/],
  ["pool padding 'same'", () => engine.pool(image, { padding: 'same' }), TypeError, /padding must be 'valid', a number or \[top, bottom, left, right\]/],
  // the canvas path
  ['ImageData of floats', () => engine.convolveImageData({ ...rgba, data: new Float32Array(48) }, [kernel]), TypeError, /image.data must be a Uint8ClampedArray or Uint8Array, got a Float32Array/],
  ['ImageData of the wrong length', () => engine.convolveImageData({ ...rgba, data: new Uint8ClampedArray(47) }, [kernel]), RangeError, /data.length == width \* height \* 4, got 4 x 3 with 47 bytes/],
  ["channels 'rgba'", () => engine.convolveImageData(rgba, [kernel], { channels: 'rgba' }), TypeError, /channels must be one of 'luminance', 'rgb', got 'rgba'/],
  ['channels 3', () => engine.convolveImageData(rgba, [kernel], { channels: 3 }), TypeError, /channels must be a string, got number 3/],
  ["colormap 'jet'", () => engine.render(image, { colormap: 'jet' }), TypeError, /colormap must be one of 'gray', 'gray_r', 'viridis', 'magma', 'RdBu', got 'jet'/],
  ["negative 'flip'", () => engine.render(image, { negative: 'flip' }), TypeError, /negative must be one of 'clip', 'abs', 'diverging', got 'flip'/],
  ["range 'auto'", () => engine.render(image, { range: 'auto' }), TypeError, /range.*got 'auto'/],
  ['range [2, 1]', () => engine.render(image, { range: [2, 1] }), RangeError, /render range lo must be <= hi, got \[2.000000, 1.000000\]/],
  ['range [NaN, 1]', () => engine.render(image, { range: [NaN, 1] }), RangeError, /render range must be finite, got \[nan, 1.000000\]/],
  ["render each map with colormap 'jet'", () => engine.convolveImageData(rgba, [kernel], { render: { colormap: 'jet' } }), TypeError, /colormap must be one of 'gray'/],
  ['render each map into one array', () => engine.convolveImageData(rgba, [kernel], { render: { out: new Uint8ClampedArray(48) } }), TypeError, /render.out must be an Array of 1 Uint8ClampedArray, got a Uint8ClampedArray/],
  ['render each map into a short array', () => engine.convolveImageData(rgba, [kernel], { render: { out: [new Uint8ClampedArray(47)] } }), RangeError, /^render.out\[0\] must be a Uint8ClampedArray of 4 x 3 x 4 = 48 bytes, got 47$/],
  ['render each map, misspelt', () => engine.convolveImageData(rgba, [kernel], { render: { colourmap: 'gray' } }), TypeError, /render has no option 'colourmap'/],
  ['render out of the wrong size', () => engine.render(image, { out: new Uint8ClampedArray(10) }), RangeError, /^out must be a Uint8ClampedArray of 8 x 6 x 4 = 192 bytes, got 10$/],
  ['render out of the wrong type', () => engine.render(image, { out: new Uint8Array(192) }), TypeError, /^out must be a Uint8ClampedArray, got a Uint8Array$/],
  ['render of an Infinity map', () => engine.render({ ...image, data: image.data.map(() => -Infinity) }), RangeError, /map must hold finite values, has -inf at \(0, 0\)/],
];

for (const [what, call, type, pattern] of cases) {
  test(`${what}: ${type.name}, and the engine works after`, () => {
    assert.throws(call, (error) => {
      assert.equal(error.constructor, type, `${error.constructor.name}: ${error.message}`);
      assert.match(error.message, pattern);
      return true;
    });
    assertEngineWorks(what);
  });
}

// The reviewer's case: a sparse bank after a full one must not reuse the earlier call's kernel 1.
test('a sparse kernels array after a full one throws, and never reuses the last kernels', () => {
  const ones = plane(3, 3, 1);
  const twos = plane(3, 3, 2);
  const centre = (maps) => maps.map((m) => m.data[2 * 5 + 2]);
  const flat = plane(5, 5, 1);
  assert.deepEqual(centre(engine.conv2dBank(flat, [ones, twos, ones])), [9, 18, 9]);
  const sparse = [ones];
  sparse[2] = ones;
  assert.throws(() => engine.conv2dBank(flat, sparse), { name: 'TypeError', message: 'kernels[1] must be an object {width, height, data}, got undefined' });
  assert.deepEqual(centre(engine.conv2dBank(flat, [ones, ones, ones])), [9, 9, 9]);
});

// The binding keeps no state between a failed call and the next: interleave failures and work.
test('a thousand alternating failures and successes leave the right answers', () => {
  for (let i = 0; i < 1000; ++i) {
    assert.throws(withImage({ border: 'nope' }), TypeError);
    assert.throws(withImage({ stride: 0 }), RangeError);
  }
  assertEngineWorks('1000 failures');
});

test('a bad wasm location rejects createEngine, and a bad option throws TypeError', async () => {
  await assert.rejects(createEngine({ wasmUrl: new URL('file:///nonexistent/convscope.wasm') }), /ENOENT|no such file/);
  await assert.rejects(createEngine({ wasmBinary: 'abc' }), TypeError);
  await assert.rejects(createEngine({ wasmPath: 'x' }), /createEngine options has no option 'wasmPath'/);
});
