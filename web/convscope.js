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
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an Array of length ${value.length}`;
  if (typeof value === 'object') return `a ${value.constructor ? value.constructor.name : 'object'}`;
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
  return { width: checkInt(value.width, `${what}.width`), height: checkInt(value.height, `${what}.height`) };
}

// {width, height, data: Float32Array} with data.length == width * height.
function checkPlane(value, what) {
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
    throw new TypeError(`${what} must be an Array of {width, height, data}, got ${describe(value)}`);
  }
  value.forEach((k, i) => checkPlane(k, `${what}[${i}]`));
  const first = value[0];
  value.forEach((k, i) => {
    if (k.width !== first.width || k.height !== first.height) {
      throw new RangeError(
        `${what} must share one size: ${what}[0] is ${first.width} x ${first.height}, ` +
          `${what}[${i}] is ${k.width} x ${k.height}`,
      );
    }
  });
  return value;
}

const CONV_OPTIONS = ['stride', 'dilation', 'padding', 'border', 'borderValue', 'op', 'method'];

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
      throw new TypeError(`padding must be a name or [top, bottom, left, right], got ${describe(padding)}`);
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

function engineError(status, message) {
  return status === 2 ? new TypeError(message) : status === 1 ? new RangeError(message) : new Error(message);
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
      throw new TypeError(`wasmBinary must be an ArrayBuffer or Uint8Array, got ${describe(bytes)}`);
    }
    return { wasmBinary: bytes };
  }
  const url =
    options.wasmUrl === undefined ? new URL('./convscope.wasm', import.meta.url) : resolveUrl(options.wasmUrl);
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
  function copyOut(pointer, length) {
    const start = pointer >>> 2;
    return module.HEAPF32.slice(start, start + length);
  }

  // Validates, copies image and kernels in, runs; the maps stay in the Session.
  function convolveBank(image, kernels, options) {
    checkPlane(image, 'image');
    checkKernels(kernels, 'kernels');
    const spec = toSpec(checkObject(options, 'options', CONV_OPTIONS));
    const { width: kw, height: kh } = kernels.length ? kernels[0] : { width: 1, height: 1 };
    check(session.prepare(image.height, image.width, kernels.length, kh, kw, spec));
    copyIn(session.imageData(), image.data);
    kernels.forEach((k, i) => copyIn(session.kernelData(i), k.data));
    check(session.convolve());
    const method = session.method();
    const width = session.outputWidth();
    const height = session.outputHeight();
    return kernels.map((_, i) => ({ width, height, data: copyOut(session.outputData(i), width * height), method }));
  }

  function conv2d(image, kernel, options) {
    checkPlane(kernel, 'kernel');
    return convolveBank(image, [kernel], options)[0];
  }

  function conv2dBank(image, kernels, options) {
    return convolveBank(image, kernels, options);
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
      const width = session.filterWidth(i);
      const height = session.filterHeight(i);
      bank.push({
        name: session.filterName(i),
        description: session.filterDescription(i),
        width,
        height,
        data: copyOut(session.filterData(i), width * height),
      });
    }
    return bank;
  }

  function outputSize(image, kernel, options) {
    const i = checkSize(image, 'image');
    const k = checkSize(kernel, 'kernel');
    const spec = toSpec(checkObject(options, 'options', CONV_OPTIONS));
    check(session.measure(i.height, i.width, k.height, k.width, spec));
    const { y, x, pad } = session.geometry();
    return { width: x.out, height: y.out, y, x, padding: [pad.top, pad.bottom, pad.left, pad.right] };
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

  return Object.freeze({ conv2d, conv2dBank, filters, outputSize, windowView, tilesView });
}
