// The engine in this thread: createEngine loads the WebAssembly module and wraps its binding
// (cpp/bindings/embind.cpp), one binding call per operation. Each call checks its arguments'
// JS types (engine-args.js), hands the binding plain values, and turns the one result object it
// returns into the API's results, or its error into a thrown TypeError / RangeError / Error with
// `argument`. Results own their arrays: nothing needs .delete().

import createConvscopeModule from './convscope-wasm.js';
import {
  CONV_OPTIONS, RENDER_OPTIONS, argumentError, checkArray, checkDtype, checkInt, checkKernels,
  checkNumber, checkOut, checkPair, checkPlane, checkRgba, checkSize, checkString, describe, readOptions,
  toError, toPool, toRender, toSpec,
} from './engine-args.js';
import { METHODS } from './engine-protocol.js';
import { checkFinite, largestAbs } from './engine-finite.js';

const isNode = typeof process === 'object' && process.versions != null && process.versions.node;

// Where the .wasm is: a URL resolved against the page in a browser, against this module in Node.
export function resolveUrl(location) {
  if (location instanceof URL) return location;
  checkString(location, 'wasmUrl');
  const base = globalThis.location ? globalThis.location.href : import.meta.url;
  return new URL(location, base);
}

// In a browser the .wasm is fetched from next to this file (or wasmUrl); in Node it is read from
// disk, since the glue is built for web and worker only.
async function moduleArguments(options) {
  if (options.wasmBinary !== undefined) {
    const bytes = options.wasmBinary;
    if (!(bytes instanceof ArrayBuffer || ArrayBuffer.isView(bytes))) {
      const message = `wasmBinary must be an ArrayBuffer or Uint8Array, got ${describe(bytes)}`;
      throw argumentError(TypeError, 'wasmBinary', message);
    }
    return { wasmBinary: bytes };
  }
  const url =
    options.wasmUrl === undefined
      ? new URL('./convscope.wasm', import.meta.url)
      : resolveUrl(options.wasmUrl);
  if (isNode && url.protocol === 'file:') {
    const { readFile } = await import('node:fs/promises');
    return { wasmBinary: await readFile(url) };
  }
  return { locateFile: () => url.href };
}

export const ENGINE_OPTIONS = ['wasmUrl', 'wasmBinary'];
// estimate is auto's view of a bank: every convolution option but the method.
const ESTIMATE_OPTIONS = CONV_OPTIONS.filter((key) => key !== 'method');

export async function createEngine(options) {
  const checked = readOptions(options, 'createEngine options', ENGINE_OPTIONS);
  const module = await createConvscopeModule(await moduleArguments(checked));
  return makeEngine(module);
}

// Plain data, frozen all the way down.
export function frozen(value) {
  if (value && typeof value === 'object') Object.values(value).forEach(frozen);
  return Object.freeze(value);
}

function makeEngine(module) {
  const binding = new module.Engine();
  const names = frozen(module.names());
  const limits = frozen(module.limits());

  // The binding's result, or its error thrown; rename maps the engine's argument names to the
  // method's own.
  function unwrap(result, rename = {}) {
    const { error } = result;
    if (error) throw toError({ ...error, argument: rename[error.argument] ?? error.argument });
    return result;
  }

  // The binding's maps as the API's: [{width, height, data, method}], the array carrying geometry.
  function toMaps({ maps, methods, geometry }, channels) {
    const { width, height } = geometry;
    const list = maps.map((data, n) => ({
      width, height, data, method: methods[Math.floor(n / channels)],
    }));
    return Object.assign(list, { geometry });
  }

  function conv2d(image, kernel, options) {
    const plane = checkPlane(image, 'image');
    const { width, height, data } = checkPlane(kernel, 'kernel');
    const o = readOptions(options, 'options', [...CONV_OPTIONS, 'out']);
    const out = o.out === undefined ? undefined : [checkArray(o.out, ['Float32Array'], 'out').data];
    const bank = { width, height, data: [data] };
    // A bank of one: the engine's errors about its 'kernels' are about this kernel.
    const spec = toSpec(o);
    const maps = toMaps(unwrap(binding.convolve(plane, bank, spec, out), { kernels: 'kernel' }), 1);
    checkFinite(maps, largestAbs(plane.data), bank.data, spec);
    return maps[0];
  }

  function conv2dBank(image, kernels, options) {
    const plane = checkPlane(image, 'image');
    const bank = checkKernels(kernels, 'kernels');
    const o = readOptions(options, 'options', [...CONV_OPTIONS, 'out']);
    const outs = checkOut(o.out, bank.data.length, 'Float32Array', 'out');
    const spec = toSpec(o);
    const maps = toMaps(unwrap(binding.convolve(plane, bank, spec, outs)), 1);
    checkFinite(maps, largestAbs(plane.data), bank.data, spec);
    return maps;
  }

  // conv2dBank timed in the engine: `repeat` samples (default 1), each the mean of back-to-back
  // runs filling at least 2 ms. The maps of the last run, the array carrying geometry and ms
  // (each sample's milliseconds per run).
  function timeBank(image, kernels, options) {
    const plane = checkPlane(image, 'image');
    const bank = checkKernels(kernels, 'kernels');
    const o = readOptions(options, 'options', [...CONV_OPTIONS, 'repeat', 'out']);
    const repeat = checkInt(o.repeat ?? 1, 'repeat');
    const outs = checkOut(o.out, bank.data.length, 'Float32Array', 'out');
    const result = unwrap(binding.timeBank(plane, bank, toSpec(o), repeat, outs));
    return Object.assign(toMaps(result, 1), { ms: result.ms });
  }

  // What auto would run for the bank and the cost model's time (ms) for each method it compares:
  // {auto, ms, methods: {direct, im2col, fft, separable (every kernel rank 1)}, split}, split
  // null or, when auto runs a mixed bank's rank-1 kernels separable, {separable, other}, each
  // {kernels: [index], methods: {name: ms}, pick}. Only the image's size is read.
  function estimate(image, kernels, options) {
    const size = checkSize(image, 'image');
    const bank = checkKernels(kernels, 'kernels');
    const spec = toSpec(readOptions(options, 'estimate options', ESTIMATE_OPTIONS));
    const result = unwrap(binding.estimate(size, bank, spec));
    const part = ({ kernels: indices, methods, ms, pick }) => ({
      kernels: indices,
      methods: Object.fromEntries(methods.map((name, i) => [name, ms[i]])),
      pick,
    });
    const whole = part(result.whole);
    if (!result.split) {
      return { auto: whole.pick, ms: whole.methods[whole.pick], methods: whole.methods, split: null };
    }
    const split = { separable: part(result.separable), other: part(result.other) };
    return {
      auto: `${split.other.pick}+separable`,
      ms: split.separable.methods.separable + split.other.methods[split.other.pick],
      methods: whole.methods,
      split,
    };
  }

  function convolveImageData(image, kernels, options) {
    const rgba = checkRgba(image, 'image');
    const bank = checkKernels(kernels, 'kernels');
    const o = readOptions(options, 'options', [...CONV_OPTIONS, 'channels', 'out', 'render']);
    const channels = checkString(o.channels ?? 'luminance', 'channels');
    const spec = toSpec(o);
    const labels = channels === 'rgb' ? ['r', 'g', 'b'] : ['luminance'];
    const count = bank.data.length * labels.length;
    const outs = checkOut(o.out, count, 'Float32Array', 'out');
    const drawing = [...RENDER_OPTIONS, 'out'];
    const draw = o.render ? readOptions(o.render, 'render', drawing, 'render') : undefined;
    const drawSpec = draw && toRender(draw);
    const drawOuts = draw && checkOut(draw.out, count, 'Uint8ClampedArray', 'render.out');
    const result = unwrap(
      binding.convolveRgba(rgba, bank, spec, channels, drawSpec, outs, drawOuts),
    );
    const maps = toMaps(result, labels.length);
    checkFinite(maps, 1, bank.data, spec); // RGBA8 pixels become values in [0, 1]
    maps.forEach((map, n) => {
      map.kernel = Math.floor(n / labels.length);
      map.channel = labels[n % labels.length];
      if (draw) map.rendered = toRendered(map, result.rendered[n], result.ranges[n]);
    });
    return maps;
  }

  const toRendered = ({ width, height }, data, range) => ({ width, height, data, range });

  function render(map, options) {
    const plane = checkPlane(map, 'map');
    const o = readOptions(options, 'render options', [...RENDER_OPTIONS, 'out']);
    const out =
      o.out === undefined ? undefined : checkArray(o.out, ['Uint8ClampedArray'], 'out').data;
    const { rendered, ranges } = unwrap(binding.render(plane, toRender(o), out));
    return toRendered(plane, rendered[0], ranges[0]);
  }

  function filters(options) {
    const o = readOptions(options, 'filters options', ['size', 'sigma', 'theta', 'wavelength']);
    const params = {
      size: checkInt(o.size ?? 7, 'size'),
      sigma: checkNumber(o.sigma ?? 1, 'sigma'),
      theta: checkNumber(o.theta ?? 0, 'theta'),
      wavelength: checkNumber(o.wavelength ?? 4, 'wavelength'),
    };
    return unwrap(binding.filters(params));
  }

  function outputSize(image, kernel, options) {
    const i = checkSize(image, 'image');
    const k = checkSize(kernel, 'kernel');
    const spec = toSpec(readOptions(options, 'options', CONV_OPTIONS));
    return unwrap(binding.outputSize(i.height, i.width, k.height, k.width, spec));
  }

  // Output pixel at = {y, x} taken apart (cpp/include/convscope/explain.hpp). image is a plane, or
  // RGBA pixels (ImageData) read as options.channel: 'luminance' (the Rec. 601 plane
  // convolveImageData convolves), 'r', 'g' or 'b', as a map's channel names it.
  function explain(image, kernel, options, at) {
    const o = readOptions(options, 'options', [...CONV_OPTIONS, 'channel']);
    const rgba = !(image?.data instanceof Float32Array);
    if (!rgba && o.channel !== undefined) {
      const message = 'options.channel is for RGBA images; a Float32Array plane has no channels';
      throw argumentError(TypeError, 'channel', message);
    }
    const plane = rgba ? checkRgba(image, 'image') : checkPlane(image, 'image');
    const channel = rgba ? checkString(o.channel ?? 'luminance', 'channel') : '';
    const k = checkPlane(kernel, 'kernel');
    const spec = toSpec(o);
    const { y, x } = readOptions(at, 'at', ['y', 'x'], 'at');
    const place = [checkInt(y, 'at.y', 'at'), checkInt(x, 'at.x', 'at')];
    return unwrap(binding.explain(plane, k, spec, channel, ...place));
  }

  // A zero-copy view over data, with at() checking each index; byteStrides are the strides NumPy
  // prints for an array of `dtype` (elements times its itemsize).
  function view(data, { shape, strides }, { dtype, itemsize }) {
    function at(i, j, k, l) {
      [i, j, k, l].forEach((v, axis) => {
        checkInt(v, `index ${axis}`, 'index');
        if (v < 0 || v >= shape[axis]) {
          const message = `index ${axis} must be in [0, ${shape[axis]}), got ${v}`;
          throw argumentError(RangeError, 'index', message);
        }
      });
      return data[i * strides[0] + j * strides[1] + k * strides[2] + l * strides[3]];
    }
    const byteStrides = strides.map((s) => s * itemsize);
    return { shape, strides, byteStrides, dtype, itemsize, data, at };
  }

  function windowView(image, kernel, options) {
    const plane = checkPlane(image, 'image');
    const k = checkSize(kernel, 'kernel');
    const o = readOptions(options, 'options', ['stride', 'dilation', 'dtype']);
    const [sy, sx] = checkPair(o.stride ?? 1, 'stride');
    const [dy, dx] = checkPair(o.dilation ?? 1, 'dilation');
    const dtype = checkDtype(o.dtype);
    const shape = unwrap(binding.window(plane.height, plane.width, k.height, k.width, sy, sx, dy, dx));
    return view(plane.data, shape, dtype);
  }

  function tilesView(image, n, options) {
    const plane = checkPlane(image, 'image');
    const dtype = checkDtype(readOptions(options, 'options', ['dtype']).dtype);
    const tiles = unwrap(binding.tiles(plane.height, plane.width, checkInt(n, 'n')));
    return view(plane.data, tiles, dtype);
  }

  function relu(map, options) {
    const plane = checkPlane(map, 'map');
    readOptions(options, 'options', []);
    return unwrap(binding.relu(plane));
  }

  function pool(map, options) {
    const plane = checkPlane(map, 'map');
    const o = readOptions(options, 'pool options', ['size', 'stride', 'padding', 'mode']);
    return unwrap(binding.pool(plane, toPool(o)));
  }

  // Diagnostics: the wasm memory's size and the bytes malloc has handed out (the leak tests').
  function memoryStats() {
    return { heapBytes: module.HEAP8.length, allocatedBytes: module.allocatedBytes() };
  }

  const methods = {
    conv2d, conv2dBank, filters, outputSize, windowView, tilesView, relu, pool,
    convolveImageData, render, timeBank, estimate, explain,
  };
  const api = { names, limits, memoryStats };
  for (const name of Object.keys(METHODS)) api[name] = methods[name];
  return Object.freeze(api);
}
