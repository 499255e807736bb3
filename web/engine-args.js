// The JS API's argument checks: each argument's JS type, and its conversion into the plain values
// the binding takes (cpp/bindings/embind.cpp). Every field is read once, into the object a check
// returns, and only that object is used after: an argument whose getters answer differently on a
// second read cannot slip a different size past a check. Names stay strings, which the engine
// parses (an unknown one is its TypeError), and the engine checks every range.
//
// Every error carries `argument`: the argument or option at fault as the API spells it ('image',
// 'kernels', 'stride', 'out', ...; '' when none). TypeError for the wrong kind of value, RangeError
// for a value of the right kind outside what is allowed.

export function argumentError(Class, argument, message) {
  return Object.assign(new Class(message), { argument });
}

// An error as the binding and the worker report it: {kind, message, argument}.
export function toError({ kind, message, argument }) {
  const Class = { TypeError, RangeError }[kind] ?? Error;
  return argumentError(Class, argument, message);
}

export function describe(value) {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return `an Array of length ${value.length}`;
  if (typeof value === 'object') {
    return `a ${value.constructor ? value.constructor.name : 'object'}`;
  }
  if (typeof value === 'string') return `'${value}'`;
  return `${typeof value} ${String(value)}`;
}

// The known keys of an options object, each read once ({} for undefined).
export function readOptions(value, what, known, argument = 'options') {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw argumentError(TypeError, argument, `${what} must be an object, got ${describe(value)}`);
  }
  const options = {};
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      const message = `${what} has no option '${key}'; known: ${known.join(', ')}`;
      throw argumentError(TypeError, argument, message);
    }
    options[key] = value[key];
  }
  return options;
}

// An int32 the binding can take (the engine checks the real limit).
export function checkInt(value, what, argument = what) {
  checkNumber(value, what, argument);
  if (!Number.isInteger(value)) {
    throw argumentError(RangeError, argument, `${what} must be an integer, got ${value}`);
  }
  if (Math.abs(value) > 0x7fffffff) {
    const message = `${what} must be within [-2147483647, 2147483647], got ${value}`;
    throw argumentError(RangeError, argument, message);
  }
  return value;
}

export function checkNumber(value, what, argument = what) {
  if (typeof value !== 'number') {
    throw argumentError(TypeError, argument, `${what} must be a number, got ${describe(value)}`);
  }
  return value;
}

export function checkString(value, what, argument = what) {
  if (typeof value !== 'string') {
    throw argumentError(TypeError, argument, `${what} must be a string, got ${describe(value)}`);
  }
  return value;
}

// The NumPy dtypes a window view gives byte strides for, each with its itemsize in bytes. The
// engine's data are float32; the others answer "what would NumPy print for an array of this dtype".
export const DTYPES = Object.freeze({ float32: 4, float64: 8, int64: 8, uint8: 1 });

// A dtype name of DTYPES (float32 when absent): {dtype, itemsize}.
export function checkDtype(value) {
  const dtype = checkString(value ?? 'float32', 'dtype');
  if (!Object.hasOwn(DTYPES, dtype)) {
    const message = `dtype must be one of ${Object.keys(DTYPES).join(', ')}, got '${dtype}'`;
    throw argumentError(TypeError, 'dtype', message);
  }
  return { dtype, itemsize: DTYPES[dtype] };
}

// A number for both axes, or [y, x].
export function checkPair(value, what, argument = what) {
  if (Array.isArray(value)) {
    const [y, x] = checkList(value, 2, what, 'a number or [y, x]', argument);
    return [checkInt(y, `${what}[0] (y)`, argument), checkInt(x, `${what}[1] (x)`, argument)];
  }
  return [checkInt(value, what, argument), value];
}

// A list of values of a fixed length, each read once; a wrong length is a TypeError naming the
// form wanted.
export function checkList(value, length, what, form, argument = what) {
  const list = Array.isArray(value) ? Array.from(value) : null;
  if (!list || list.length !== length) {
    throw argumentError(TypeError, argument, `${what} must be ${form}, got ${describe(value)}`);
  }
  return list;
}

export function checkSize(value, what, argument = what) {
  if (value === null || typeof value !== 'object') {
    const message = `${what} must be an object with width and height, got ${describe(value)}`;
    throw argumentError(TypeError, argument, message);
  }
  return {
    width: checkInt(value.width, `${what}.width`, argument),
    height: checkInt(value.height, `${what}.height`, argument),
  };
}

// The real type and length of a typed array (its class's own getters, which neither a subclass
// nor a Proxy can fake); type undefined for anything else.
const TypedArray = Object.getPrototypeOf(Uint8Array.prototype);
const typeGetter = Object.getOwnPropertyDescriptor(TypedArray, Symbol.toStringTag).get;
const lengthGetter = Object.getOwnPropertyDescriptor(TypedArray, 'length').get;
function typedArray(value) {
  const type = typeGetter.call(value);
  return { type, length: type === undefined ? 0 : lengthGetter.call(value) };
}

// A typed array of one of types (names), as {data, length}.
export function checkArray(value, types, what, argument = what) {
  const { type, length } = typedArray(value);
  if (!types.includes(type)) {
    const message = `${what} must be a ${types.join(' or ')}, got ${describe(value)}`;
    throw argumentError(TypeError, argument, message);
  }
  return { data: value, length };
}

// {width, height, data}: data a typed array of types holding depth values per pixel.
function checkImage(value, what, argument, types, depth, unit) {
  if (value === null || typeof value !== 'object') {
    const message = `${what} must be an object {width, height, data}, got ${describe(value)}`;
    throw argumentError(TypeError, argument, message);
  }
  const { width, height } = checkSize(value, what, argument);
  const { data, length } = checkArray(value.data, types, `${what}.data`, argument);
  if (width < 1 || height < 1 || length !== width * height * depth) {
    const times = depth > 1 ? ` * ${depth}` : '';
    throw argumentError(
      RangeError,
      argument,
      `${what} must have width, height >= 1 and data.length == width * height${times}, got ` +
        `${width} x ${height} with ${length} ${unit}`,
    );
  }
  return { width, height, data };
}

export function checkPlane(value, what, argument = what) {
  return checkImage(value, what, argument, ['Float32Array'], 1, 'values');
}

// Canvas pixels: RGBA8, 4 bytes per pixel, as ImageData.
export function checkRgba(value, what) {
  return checkImage(value, what, what, ['Uint8ClampedArray', 'Uint8Array'], 4, 'bytes');
}

// A bank of planes of one size, as the binding takes it: {width, height, data: [Float32Array]}
// (width and height 0 for an empty bank, which the engine refuses).
export function checkKernels(value, what) {
  if (!Array.isArray(value)) {
    const message = `${what} must be an Array of {width, height, data}, got ${describe(value)}`;
    throw argumentError(TypeError, what, message);
  }
  // Index loops over a copy, not forEach: forEach skips the holes of a sparse array, and a
  // skipped kernel would leave the previous call's data in the engine.
  const kernels = Array.from(value);
  for (let i = 0; i < kernels.length; ++i) {
    kernels[i] = checkPlane(kernels[i], `${what}[${i}]`, what);
  }
  const [first = { width: 0, height: 0 }] = kernels;
  for (let i = 1; i < kernels.length; ++i) {
    const k = kernels[i];
    if (k.width !== first.width || k.height !== first.height) {
      throw argumentError(
        RangeError,
        what,
        `${what} must share one size: ${what}[0] is ${first.width} x ${first.height}, ` +
          `${what}[${i}] is ${k.width} x ${k.height}`,
      );
    }
  }
  return { width: first.width, height: first.height, data: kernels.map((k) => k.data) };
}

// Arrays to write results into: undefined, or an Array of count typed arrays of type (the engine
// checks their lengths before writing any).
export function checkOut(value, count, type, what) {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? Array.from(value) : null;
  if (!list || list.length !== count) {
    const message = `${what} must be an Array of ${count} ${type}, got ${describe(value)}`;
    throw argumentError(TypeError, 'out', message);
  }
  return list.map((item, n) => checkArray(item, [type], `${what}[${n}]`, 'out').data);
}

export const CONV_OPTIONS = [
  'stride', 'dilation', 'padding', 'border', 'borderValue', 'op', 'method',
];
export const RENDER_OPTIONS = ['colormap', 'range', 'negative'];

// Conv options -> the binding's Spec (embind.cpp JsSpec).
export function toSpec(o) {
  const [strideY, strideX] = checkPair(o.stride ?? 1, 'stride');
  const [dilationY, dilationX] = checkPair(o.dilation ?? 1, 'dilation');
  const spec = {
    strideY, strideX, dilationY, dilationX,
    padding: 'same', top: 0, bottom: 0, left: 0, right: 0,
    border: checkString(o.border ?? 'zero', 'border'),
    borderValue: checkNumber(o.borderValue ?? 0, 'borderValue'),
    op: checkString(o.op ?? 'correlation', 'op'),
    method: checkString(o.method ?? 'auto', 'method'),
  };
  const padding = o.padding ?? 'same';
  if (Array.isArray(padding)) {
    const sides = checkList(padding, 4, 'padding', 'a name or [top, bottom, left, right]');
    spec.padding = 'explicit';
    ['top', 'bottom', 'left', 'right'].forEach((side, i) => {
      spec[side] = checkInt(sides[i], `padding[${i}] (${side})`, 'padding');
    });
  } else if (padding === 'explicit') {
    const message = "padding 'explicit' is written as an array [top, bottom, left, right]";
    throw argumentError(TypeError, 'padding', message);
  } else {
    spec.padding = checkString(padding, 'padding');
  }
  return spec;
}

// Render options -> the binding's Render (embind.cpp JsRender).
export function toRender(o) {
  const render = {
    colormap: checkString(o.colormap ?? 'gray', 'colormap'),
    range: o.range ?? 'minmax',
    lo: 0,
    hi: 1,
    negative: checkString(o.negative ?? 'clip', 'negative'),
  };
  if (Array.isArray(render.range)) {
    const [lo, hi] = checkList(render.range, 2, 'range', 'a name or [lo, hi]');
    render.lo = checkNumber(lo, 'range[0] (lo)', 'range');
    render.hi = checkNumber(hi, 'range[1] (hi)', 'range');
    render.range = 'fixed';
  } else if (render.range === 'fixed') {
    throw argumentError(TypeError, 'range', "range 'fixed' is written as an array [lo, hi]");
  } else {
    checkString(render.range, 'range');
  }
  return render;
}

// Pool options -> the binding's Pool (embind.cpp JsPool). Their errors name 'pool', as the
// engine's do.
export function toPool(o) {
  const [sizeY, sizeX] = checkPair(o.size ?? 2, 'size', 'pool');
  const [strideY, strideX] =
    o.stride === undefined ? [sizeY, sizeX] : checkPair(o.stride, 'stride', 'pool');
  // 'valid' (none), p on every side, or [top, bottom, left, right]; the engine allows < size.
  const padding = o.padding ?? 'valid';
  let pad = Array.isArray(padding) ? Array.from(padding) : null;
  if (pad && pad.length === 4) {
    pad = pad.map((v, i) => checkInt(v, `padding[${i}]`, 'pool'));
  } else if (typeof padding === 'number') {
    pad = Array(4).fill(checkInt(padding, 'padding', 'pool'));
  } else if (padding === 'valid') {
    pad = [0, 0, 0, 0];
  } else {
    const message =
      `padding must be 'valid', a number or [top, bottom, left, right], got ${describe(padding)}`;
    throw argumentError(TypeError, 'pool', message);
  }
  const [top, bottom, left, right] = pad;
  const mode = checkString(o.mode ?? 'max', 'mode', 'pool');
  return { sizeY, sizeX, strideY, strideX, top, bottom, left, right, mode };
}
