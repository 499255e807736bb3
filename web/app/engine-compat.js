// Transitional: the JS API's additions the page is written against (names, limits, the geometry
// and a shared range from convolveImageData, errors carrying `argument`), made from the API of
// the current convscope.js for as long as it does not give them itself. An engine that has them
// is used as it is; this file goes when convscope.js provides them.

const NAMES = {
  padding: ['valid', 'same', 'full', 'explicit'],
  border: ['zero', 'constant', 'replicate', 'reflect', 'mirror', 'wrap'],
  op: ['correlation', 'convolution'],
  method: ['auto', 'direct', 'im2col', 'fft', 'separable'],
  colormap: ['gray', 'gray_r', 'viridis', 'magma', 'RdBu'],
  negative: ['clip', 'abs', 'diverging'],
  channels: ['luminance', 'rgb'],
};
const LIMITS = { maxImageSide: 16384, maxImagePixels: 1 << 26, maxFilterSize: 63 };

// The argument an error of the current API is about, from its message.
function argumentOf(message) {
  if (/method|separable|fft|im2col|direct/i.test(message)) return 'method';
  if (/border/i.test(message)) return 'border';
  if (/kernel|filter|size|sigma/i.test(message) && !/output|empty/i.test(message)) return 'kernels';
  return '';
}

function withArgument(error) {
  if (error instanceof Error && error.argument === undefined && error.name !== 'AbortError') {
    error.argument = argumentOf(String(error.message));
  }
  return error;
}

// The value range of a map after the negative rule (render.hpp step 1).
function valueRange(data, negative) {
  let lo = Infinity;
  let hi = -Infinity;
  for (let v of data) {
    if (negative === 'clip') v = Math.max(v, 0);
    else if (negative === 'abs') v = Math.abs(v);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

async function convolveImageData(engine, image, kernels, options) {
  const { render, signal, ...rest } = options;
  const shared = render?.range === 'shared';
  const maps = await engine.convolveImageData(image, kernels, {
    ...rest,
    signal,
    ...(shared ? {} : { render }),
  });
  const { channels, out, ...conv } = rest;
  maps.geometry = await engine.outputSize(
    { width: image.width, height: image.height },
    { width: kernels[0].width, height: kernels[0].height },
    { ...conv, signal },
  );
  if (shared) {
    const range = maps
      .map((m) => valueRange(m.data, render.negative))
      .reduce((x, y) => [Math.min(x[0], y[0]), Math.max(x[1], y[1])]);
    const draw = (r) => ({ negative: render.negative, range: r });
    for (const m of maps) {
      m.rendered = await engine.render(m, { colormap: render.colormap, ...draw(range), signal });
    }
  }
  return maps;
}

export function withContract(engine) {
  if (engine.names) return engine;
  const call = (method) => async (...args) => {
    try {
      return await method(...args);
    } catch (error) {
      throw withArgument(error);
    }
  };
  return {
    names: NAMES,
    limits: LIMITS,
    filters: call((options) => engine.filters(options)),
    render: call((map, options) => engine.render(map, options)),
    convolveImageData: call((...args) => convolveImageData(engine, ...args)),
  };
}
