// convscope's JavaScript API: the only code that talks to the WebAssembly module (its Embind
// Session, cpp/bindings/embind.cpp). Types and docs: convscope.d.ts.
//
// Every argument is checked here for its JS type and converted (names stay strings, which the
// engine parses, so an unknown name is a TypeError listing the known ones, never a silent 0);
// the engine checks every range. Inputs are copied into buffers the Session keeps across calls,
// results are copied out into typed arrays the caller owns: nothing needs .delete().

import createConvscopeModule from './convscope-wasm.js';

const isNode = typeof process === 'object' && process.versions != null && process.versions.node;

// ---------------------------------------------------------------------------------------------
// Argument checks. Each throws naming the argument: TypeError for the wrong kind of value,
// RangeError for a value of the right kind outside what is allowed.

function describe(value) {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return `an Array of length ${value.length}`;
  if (typeof value === 'object') {
    return `a ${value.constructor ? value.constructor.name : 'object'}`;
  }
  if (typeof value === 'string') return `'${value}'`;
  return `${typeof value} ${String(value)}`;
}

function checkObject(value, what, known) {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`${what} must be an object, got ${describe(value)}`);
  }
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw new TypeError(`${what} has no option '${key}'; known: ${known.join(', ')}`);
    }
  }
  return value;
}

// An int32 the binding can take (the engine checks the real limit).
function checkInt(value, what) {
  if (typeof value !== 'number') {
    throw new TypeError(`${what} must be a number, got ${describe(value)}`);
  }
  if (!Number.isInteger(value)) throw new RangeError(`${what} must be an integer, got ${value}`);
  if (Math.abs(value) > 0x7fffffff) {
    throw new RangeError(`${what} must be within [-2147483647, 2147483647], got ${value}`);
  }
  return value;
}

function checkNumber(value, what) {
  if (typeof value !== 'number') {
    throw new TypeError(`${what} must be a number, got ${describe(value)}`);
  }
  return value;
}

function checkString(value, what) {
  if (typeof value !== 'string') {
    throw new TypeError(`${what} must be a string, got ${describe(value)}`);
  }
  return value;
}

// A number for both axes, or [y, x].
function checkPair(value, what) {
  if (Array.isArray(value)) {
    if (value.length !== 2) {
      throw new TypeError(`${what} must be a number or [y, x], got ${describe(value)}`);
    }
    return [checkInt(value[0], `${what}[0] (y)`), checkInt(value[1], `${what}[1] (x)`)];
  }
  checkInt(value, what);
  return [value, value];
}

function checkSize(value, what) {
  if (value === null || typeof value !== 'object') {
    throw new TypeError(`${what} must be an object with width and height, got ${describe(value)}`);
  }
  return {
    width: checkInt(value.width, `${what}.width`),
    height: checkInt(value.height, `${what}.height`),
  };
}

// {width, height, data: Float32Array} with data.length == width * height.
function checkPlane(value, what) {
  if (value === null || typeof value !== 'object') {
    throw new TypeError(`${what} must be an object {width, height, data}, got ${describe(value)}`);
  }
  const { width, height } = checkSize(value, what);
  if (!(value.data instanceof Float32Array)) {
    throw new TypeError(`${what}.data must be a Float32Array, got ${describe(value.data)}`);
  }
  if (width < 1 || height < 1 || value.data.length !== width * height) {
    throw new RangeError(
      `${what} must have width, height >= 1 and data.length == width * height, got ` +
        `${width} x ${height} with ${value.data.length} values`,
    );
  }
  return value;
}

function checkKernels(value, what) {
  if (!Array.isArray(value)) {
    throw new TypeError(
      `${what} must be an Array of {width, height, data}, got ${describe(value)}`,
    );
  }
  // Index loops, not forEach: forEach skips the holes of a sparse array, and a skipped kernel
  // would leave the previous call's data in the Session.
  for (let i = 0; i < value.length; ++i) checkPlane(value[i], `${what}[${i}]`);
  const first = value[0];
  for (let i = 1; i < value.length; ++i) {
    const k = value[i];
    if (k.width !== first.width || k.height !== first.height) {
      throw new RangeError(
        `${what} must share one size: ${what}[0] is ${first.width} x ${first.height}, ` +
          `${what}[${i}] is ${k.width} x ${k.height}`,
      );
    }
  }
  return value;
}

const CONV_OPTIONS = ['stride', 'dilation', 'padding', 'border', 'borderValue', 'op', 'method'];
const RENDER_OPTIONS = ['colormap', 'range', 'negative'];

// Options -> the binding's Spec (embind.cpp JsSpec). Names stay strings: the engine parses them.
function toSpec(options) {
  const [strideY, strideX] = checkPair(options.stride ?? 1, 'stride');
  const [dilationY, dilationX] = checkPair(options.dilation ?? 1, 'dilation');
  const spec = {
    strideY, strideX, dilationY, dilationX,
    padding: 'same', top: 0, bottom: 0, left: 0, right: 0,
    border: checkString(options.border ?? 'zero', 'border'),
    borderValue: checkNumber(options.borderValue ?? 0, 'borderValue'),
    op: checkString(options.op ?? 'correlation', 'op'),
    method: checkString(options.method ?? 'auto', 'method'),
  };
  const padding = options.padding ?? 'same';
  if (Array.isArray(padding)) {
    if (padding.length !== 4) {
      throw new TypeError(
        `padding must be a name or [top, bottom, left, right], got ${describe(padding)}`,
      );
    }
    spec.padding = 'explicit';
    ['top', 'bottom', 'left', 'right'].forEach((side, i) => {
      spec[side] = checkInt(padding[i], `padding[${i}] (${side})`);
    });
  } else if (padding === 'explicit') {
    throw new TypeError("padding 'explicit' is written as an array [top, bottom, left, right]");
  } else {
    spec.padding = checkString(padding, 'padding');
  }
  return spec;
}

// The binding's status codes (embind.cpp): 1 RangeError, 2 TypeError, 3 any other error.
function engineError(status, message) {
  if (status === 1) return new RangeError(message);
  if (status === 2) return new TypeError(message);
  return new Error(message);
}

// ---------------------------------------------------------------------------------------------
// Loading the module: in a browser the .wasm is fetched from next to this file (or wasmUrl); in
// Node it is read from disk, since the glue is built for web and worker only.

function resolveUrl(location) {
  if (location instanceof URL) return location;
  checkString(location, 'wasmUrl');
  const base = globalThis.location ? globalThis.location.href : import.meta.url;
  return new URL(location, base);
}

async function moduleArguments(options) {
  if (options.wasmBinary !== undefined) {
    const bytes = options.wasmBinary;
    if (!(bytes instanceof ArrayBuffer || ArrayBuffer.isView(bytes))) {
      throw new TypeError(
        `wasmBinary must be an ArrayBuffer or Uint8Array, got ${describe(bytes)}`,
      );
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

export async function createEngine(options) {
  const checked = checkObject(options, 'createEngine options', ['wasmUrl', 'wasmBinary']);
  const module = await createConvscopeModule(await moduleArguments(checked));
  return makeEngine(module);
}

// ---------------------------------------------------------------------------------------------
// The engine: plain functions over one Session, which lives as long as the module.

function makeEngine(module) {
  const session = new module.Session();

  function check(status) {
    if (status !== 0) throw engineError(status, session.errorMessage());
  }
  // The heap views are replaced when memory grows: always read them after the call.
  function copyIn(pointer, data) {
    module.HEAPF32.set(data, pointer >>> 2);
  }
  // A Buffer the Session reports (embind.cpp), as a {width, height, data} plane of fresh floats.
  function copyOut({ height, width, data }) {
    const start = data >>> 2;
    return { width, height, data: module.HEAPF32.slice(start, start + width * height) };
  }

  // Validates, copies image and kernels in, runs; the maps stay in the Session until copied out.
  function convolveBank(image, kernels, options, out) {
    checkPlane(image, 'image');
    checkKernels(kernels, 'kernels');
    const spec = toSpec(options);
    const { width: kw, height: kh } = kernels.length ? kernels[0] : { width: 1, height: 1 };
    check(session.prepare(image.height, image.width, false, kernels.length, kh, kw, spec));
    copyIn(session.imageData(), image.data);
    for (let i = 0; i < kernels.length; ++i) copyIn(session.kernelData(i), kernels[i].data);
    check(session.convolve());
    return copyMaps(kernels.length, 1, out);
  }

  // The maps of the last convolution, kernel by kernel, and for each kernel its channels in order
  // ([k0 r, k0 g, k0 b, k1 r, ...]; only channel 0 for a plane). Each is a fresh copy, or is
  // written into out[n] when the caller passes arrays to reuse (on this VM a fresh array costs
  // a page fault per 4 KiB: 3.6 ms for a 1280 x 720 map).
  function copyMaps(kernelCount, channelCount, out) {
    const { width, height } = session.output(0, 0);
    const count = kernelCount * channelCount;
    if (out !== undefined) {
      if (!Array.isArray(out) || out.length !== count) {
        throw new TypeError(`out must be an Array of ${count} Float32Array, got ${describe(out)}`);
      }
      // Every index, holes included (forEach would skip them).
      for (let n = 0; n < count; ++n) {
        const array = out[n];
        const size = `${width} x ${height} = ${width * height}`;
        const wanted = `out[${n}] must be a Float32Array of ${size}`;
        if (!(array instanceof Float32Array)) {
          throw new TypeError(`${wanted} values, got ${describe(array)}`);
        }
        if (array.length !== width * height) {
          throw new RangeError(`${wanted} values, got ${array.length}`);
        }
      }
    }
    const maps = [];
    for (let i = 0; i < kernelCount; ++i) {
      for (let c = 0; c < channelCount; ++c) {
        const start = session.output(c, i).data >>> 2;
        const source = module.HEAPF32.subarray(start, start + width * height);
        const data = out === undefined ? source.slice() : out[maps.length];
        if (out !== undefined) data.set(source);
        maps.push({ width, height, data, method: session.method(i) });
      }
    }
    return maps;
  }

  function conv2d(image, kernel, options) {
    checkPlane(kernel, 'kernel');
    const o = checkObject(options, 'options', [...CONV_OPTIONS, 'out']);
    if (o.out !== undefined && !(o.out instanceof Float32Array)) {
      throw new TypeError(`out must be a Float32Array, got ${describe(o.out)}`);
    }
    return convolveBank(image, [kernel], o, o.out && [o.out])[0];
  }

  function conv2dBank(image, kernels, options) {
    const o = checkObject(options, 'options', [...CONV_OPTIONS, 'out']);
    return convolveBank(image, kernels, o, o.out);
  }

  function filters(options) {
    const o = checkObject(options, 'filters options', ['size', 'sigma', 'theta', 'wavelength']);
    check(
      session.makeFilters({
        size: checkInt(o.size ?? 7, 'size'),
        sigma: checkNumber(o.sigma ?? 1, 'sigma'),
        theta: checkNumber(o.theta ?? 0, 'theta'),
        wavelength: checkNumber(o.wavelength ?? 4, 'wavelength'),
      }),
    );
    const bank = [];
    for (let i = 0; i < session.filterCount(); ++i) {
      const { name, description, kernel } = session.filter(i);
      bank.push({ name, description, ...copyOut(kernel) });
    }
    return bank;
  }

  function outputSize(image, kernel, options) {
    const i = checkSize(image, 'image');
    const k = checkSize(kernel, 'kernel');
    const spec = toSpec(checkObject(options, 'options', CONV_OPTIONS));
    check(session.measure(i.height, i.width, k.height, k.width, spec));
    const { y, x, pad } = session.geometry();
    const padding = [pad.top, pad.bottom, pad.left, pad.right];
    return { width: x.out, height: y.out, y, x, padding };
  }

  function view(data, { shape, strides }) {
    return {
      shape,
      strides,
      data,
      at(i, j, k, l) {
        const index = [i, j, k, l];
        index.forEach((v, axis) => {
          checkInt(v, `index ${axis}`);
          if (v < 0 || v >= shape[axis]) {
            throw new RangeError(`index ${axis} must be in [0, ${shape[axis]}), got ${v}`);
          }
        });
        return data[i * strides[0] + j * strides[1] + k * strides[2] + l * strides[3]];
      },
    };
  }

  function windowView(image, kernel, options) {
    checkPlane(image, 'image');
    const k = checkSize(kernel, 'kernel');
    const o = checkObject(options, 'options', ['stride', 'dilation']);
    const [sy, sx] = checkPair(o.stride ?? 1, 'stride');
    const [dy, dx] = checkPair(o.dilation ?? 1, 'dilation');
    check(session.window(image.height, image.width, k.height, k.width, sy, sx, dy, dx));
    return view(image.data, session.windowShape());
  }

  function tilesView(image, n) {
    checkPlane(image, 'image');
    check(session.tiles(image.height, image.width, checkInt(n, 'n')));
    return view(image.data, session.windowShape());
  }

  // A map goes into the Session's map buffer, reused across calls.
  function prepareMap(map) {
    checkPlane(map, 'map');
    check(session.prepareMap(map.height, map.width));
    copyIn(session.mapData(), map.data);
  }

  function relu(map) {
    prepareMap(map);
    check(session.reluMap());
    return copyOut(session.result());
  }

  function pool(map, options) {
    const o = checkObject(options, 'pool options', ['size', 'stride', 'padding', 'mode']);
    const [sizeY, sizeX] = checkPair(o.size ?? 2, 'size');
    const [strideY, strideX] =
      o.stride === undefined ? [sizeY, sizeX] : checkPair(o.stride, 'stride');
    // 'valid' (none), p on every side, or [top, bottom, left, right]; the engine allows < size.
    const padding = o.padding ?? 'valid';
    let pad;
    if (Array.isArray(padding) && padding.length === 4) {
      pad = padding.map((v, i) => checkInt(v, `padding[${i}]`));
    } else if (typeof padding === 'number') {
      pad = Array(4).fill(checkInt(padding, 'padding'));
    } else if (padding === 'valid') {
      pad = [0, 0, 0, 0];
    } else {
      throw new TypeError(
        `padding must be 'valid', a number or [top, bottom, left, right], got ${describe(padding)}`,
      );
    }
    const mode = checkString(o.mode ?? 'max', 'mode');
    prepareMap(map);
    check(session.poolMap(sizeY, sizeX, strideY, strideX, ...pad, mode));
    return copyOut(session.result());
  }

  // RGBA8, 4 bytes per pixel, as canvas ImageData.
  function checkRgba(image, what) {
    const { width, height } = checkSize(image, what);
    if (!(image.data instanceof Uint8ClampedArray || image.data instanceof Uint8Array)) {
      throw new TypeError(
        `${what}.data must be a Uint8ClampedArray or Uint8Array, got ${describe(image.data)}`,
      );
    }
    if (width < 1 || height < 1 || image.data.length !== width * height * 4) {
      throw new RangeError(
        `${what} must have width, height >= 1 and data.length == width * height * 4, got ` +
          `${width} x ${height} with ${image.data.length} bytes`,
      );
    }
  }

  function convolveImageData(image, kernels, options) {
    checkRgba(image, 'image');
    checkKernels(kernels, 'kernels');
    const o = checkObject(options, 'options', [...CONV_OPTIONS, 'channels', 'out', 'render']);
    const channels = checkString(o.channels ?? 'luminance', 'channels');
    const spec = toSpec(o);
    const draw = o.render && checkObject(o.render, 'render', [...RENDER_OPTIONS, 'out']);
    const drawArgs = draw && toRenderArguments(draw);
    const { width: kw, height: kh } = kernels.length ? kernels[0] : { width: 1, height: 1 };
    check(session.prepare(image.height, image.width, true, kernels.length, kh, kw, spec));
    module.HEAPU8.set(image.data, session.rgbaData());
    for (let i = 0; i < kernels.length; ++i) copyIn(session.kernelData(i), kernels[i].data);
    check(session.convolveRgba(channels));
    const names = channels === 'rgb' ? ['r', 'g', 'b'] : ['luminance'];
    const maps = copyMaps(kernels.length, names.length, o.out).map((map, n) => ({
      ...map,
      kernel: Math.floor(n / names.length),
      channel: names[n % names.length],
    }));
    if (draw) {
      // Rendered from the Session's own maps: no copy of each map back into wasm.
      if (draw.out !== undefined && !(Array.isArray(draw.out) && draw.out.length === maps.length)) {
        throw new TypeError(
          `render.out must be an Array of ${maps.length} Uint8ClampedArray, ` +
            `got ${describe(draw.out)}`,
        );
      }
      const { width, height } = maps[0];
      if (draw.out) {
        // Every index: a hole skipped here would get a fresh array instead of an error.
        for (let n = 0; n < maps.length; ++n) {
          checkRgbaOut(draw.out[n], width, height, `render.out[${n}]`);
        }
      }
      maps.forEach((map, n) => {
        check(session.renderMap(n % names.length, map.kernel, ...drawArgs));
        map.rendered = copyRendered(draw.out && draw.out[n]);
      });
    }
    return maps;
  }

  // Render options -> the binding's arguments (names stay strings: the engine parses them).
  function toRenderArguments(o) {
    const colormap = checkString(o.colormap ?? 'gray', 'colormap');
    const negative = checkString(o.negative ?? 'clip', 'negative');
    let range = o.range ?? 'minmax';
    let lo = 0;
    let hi = 1;
    if (Array.isArray(range)) {
      if (range.length !== 2) {
        throw new TypeError(`range must be a name or [lo, hi], got ${describe(range)}`);
      }
      lo = checkNumber(range[0], 'range[0] (lo)');
      hi = checkNumber(range[1], 'range[1] (hi)');
      range = 'fixed';
    } else if (range === 'fixed') {
      throw new TypeError("range 'fixed' is written as an array [lo, hi]");
    } else {
      checkString(range, 'range');
    }
    return [colormap, range, lo, hi, negative];
  }

  // The Session's last render, copied into out (checked by the caller) or a new array.
  function copyRendered(out) {
    const { rgba, lo, hi } = session.rendered();
    const bytes = rgba.width * rgba.height * 4;
    const data = out ?? new Uint8ClampedArray(bytes);
    data.set(module.HEAPU8.subarray(rgba.data, rgba.data + bytes));
    return { width: rgba.width, height: rgba.height, data, range: [lo, hi] };
  }

  function checkRgbaOut(out, width, height, what) {
    const bytes = width * height * 4;
    if (!(out instanceof Uint8ClampedArray && out.length === bytes)) {
      throw new TypeError(
        `${what} must be a Uint8ClampedArray of width * height * 4 = ${bytes} bytes, ` +
          `got ${describe(out)}`,
      );
    }
  }

  function render(map, options) {
    const o = checkObject(options, 'render options', [...RENDER_OPTIONS, 'out']);
    const args = toRenderArguments(o);
    prepareMap(map);
    if (o.out !== undefined) checkRgbaOut(o.out, map.width, map.height, 'out');
    check(session.renderMap(-1, 0, ...args));
    return copyRendered(o.out);
  }

  // Diagnostics: the wasm memory's size and the bytes malloc has handed out (the leak tests').
  function memoryStats() {
    return { heapBytes: module.HEAP8.length, allocatedBytes: module.allocatedBytes() };
  }

  return Object.freeze({
    conv2d, conv2dBank, filters, outputSize, windowView, tilesView, relu, pool,
    convolveImageData, render, memoryStats,
  });
}

// ---------------------------------------------------------------------------------------------
// The worker engine: the same API, async, the engine in convscope-worker.js. Calls queue here and
// go to the worker one at a time, so a call whose signal aborts while it waits is dropped without
// running ("latest wins": the page aborts the controller of the request a newer one replaces).
// Arrays given as `out` (and `render.out`) are transferred to the worker with the call, filled
// there and transferred back as the result's arrays: a frame loop that hands each result's arrays
// to a later call allocates nothing (fresh arrays for a 1280 x 720 frame of 4 maps cost Chromium
// ~11 ms). Until the result arrives they are detached (length 0); after a failed or discarded
// call they stay with the worker.

// Which argument of each method is its options object (where a `signal` may ride along).
const OPTIONS_INDEX = {
  conv2d: 2, conv2dBank: 2, filters: 0, outputSize: 2, windowView: 2, tilesView: 2,
  relu: 1, pool: 1, convolveImageData: 2, render: 1,
};

// Browser Worker or Node worker_threads, behind one small interface.
// A Worker's script must be same-origin with the page. When convscope.js was loaded from another
// origin (a course page using a copy hosted elsewhere, served with CORS), a same-origin blob:
// module imports the real worker; its import.meta.url stays the real URL, so it finds the .wasm.
function workerScriptUrl(url) {
  if (url.origin === globalThis.location?.origin) return url;
  const source = `import ${JSON.stringify(url.href)};`;
  return URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
}

async function startWorker() {
  const url = new URL('./convscope-worker.js', import.meta.url);
  if (typeof Worker === 'function') {
    const worker = new Worker(workerScriptUrl(url), { type: 'module' });
    return {
      post: (message, transfer) => worker.postMessage(message, transfer),
      onMessage: (handler) => worker.addEventListener('message', (event) => handler(event.data)),
      onFailure: (handler) =>
        worker.addEventListener('error', (event) => handler(new Error(event.message))),
      terminate: () => worker.terminate(),
    };
  }
  const { Worker: NodeWorker } = await import('node:worker_threads');
  const worker = new NodeWorker(url);
  return {
    post: (message, transfer) => worker.postMessage(message, transfer),
    onMessage: (handler) => worker.on('message', handler),
    onFailure: (handler) => worker.on('error', handler),
    terminate: () => worker.terminate(),
  };
}

// The buffers of a call's `out` and `render.out` arrays (one array or an array of them), each once.
function outBuffers(options) {
  const buffers = new Set();
  const add = (value) => {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (ArrayBuffer.isView(item)) buffers.add(item.buffer);
    }
  };
  if (options !== null && typeof options === 'object') {
    add(options.out);
    if (options.render !== null && typeof options.render === 'object') add(options.render.out);
  }
  return [...buffers];
}

// Takes the signal out of a call's options (an AbortSignal cannot be posted).
function splitSignal(method, args) {
  const index = OPTIONS_INDEX[method];
  const options = args[index];
  if (options === null || typeof options !== 'object' || !('signal' in options)) return { args };
  const { signal, ...rest } = options;
  if (!(signal instanceof AbortSignal)) {
    throw new TypeError(`signal must be an AbortSignal, got ${describe(signal)}`);
  }
  const forwarded = args.slice();
  forwarded[index] = rest;
  // relu and tilesView take their options object for the signal alone.
  if (method === 'relu' || method === 'tilesView') {
    checkObject(rest, 'options', []);
    forwarded.length = index;
  }
  return { args: forwarded, signal };
}

export async function createWorkerEngine(options) {
  const checked = checkObject(options, 'createWorkerEngine options', ['wasmUrl', 'wasmBinary']);
  const init = {};
  if (checked.wasmBinary !== undefined) init.wasmBinary = checked.wasmBinary;
  // The worker resolves URLs against its own location: send an absolute one.
  if (checked.wasmUrl !== undefined) init.wasmUrl = resolveUrl(checked.wasmUrl).href;

  const worker = await startWorker();
  const queue = []; // calls not yet posted, oldest first
  let running = null; // the call the worker is busy with
  let nextId = 1;
  let failure = null; // set once the worker died: every later call rejects with it

  function settle(call, error, result) {
    if (call.signal) call.signal.removeEventListener('abort', call.onAbort);
    if (call.settled) return;
    call.settled = true;
    if (error) call.reject(error);
    else call.resolve(result);
  }
  function pump() {
    while (!running && queue.length) {
      const call = queue.shift();
      if (call.settled) continue;
      running = call;
      try {
        const transfer = outBuffers(call.args[OPTIONS_INDEX[call.method]]);
        worker.post({ id: call.id, method: call.method, args: call.args }, transfer);
      } catch (error) {
        // Not structured-cloneable (a function or a DOM node inside the arguments): the message
        // never left, so the worker is idle and the next call may go.
        running = null;
        const reason = `its arguments cannot be sent to the worker (${error.message})`;
        settle(call, new TypeError(`${call.method}: ${reason}`));
      }
    }
  }
  worker.onMessage(({ id, result, error }) => {
    if (!running || running.id !== id) return;
    const call = running;
    running = null;
    const Class = { TypeError, RangeError }[error && error.name] ?? Error;
    settle(call, error && new Class(error.message), result);
    pump();
  });
  worker.onFailure((error) => {
    failure = new Error(`convscope worker failed: ${error.message}`);
    for (const call of [running, ...queue]) if (call) settle(call, failure);
    running = null;
    queue.length = 0;
  });

  function call(method, args) {
    if (failure) return Promise.reject(failure);
    return new Promise((resolve, reject) => {
      const { args: forwarded, signal } = splitSignal(method, args);
      const entry = { id: nextId++, method, args: forwarded, signal, resolve, reject };
      entry.settled = false;
      if (entry.signal) {
        if (entry.signal.aborted) {
          reject(entry.signal.reason);
          return;
        }
        // Waiting: dropped from the queue by pump(). Running: its result is discarded.
        entry.onAbort = () => settle(entry, entry.signal.reason);
        entry.signal.addEventListener('abort', entry.onAbort);
      }
      queue.push(entry);
      pump();
    });
  }

  try {
    await call('init', [init]);
  } catch (error) {
    // No engine, no use for the worker; left running it would also keep a Node process alive.
    worker.terminate();
    throw error;
  }
  const api = {};
  for (const method of Object.keys(OPTIONS_INDEX)) api[method] = (...args) => call(method, args);
  api.terminate = () => {
    failure = new Error('convscope worker engine was terminated');
    for (const entry of [running, ...queue]) if (entry) settle(entry, failure);
    running = null;
    queue.length = 0;
    worker.terminate();
  };
  return Object.freeze(api);
}
