// The engine's methods, as the sync engine (engine-sync.js), the worker (convscope-worker.js) and
// the worker engine (engine-worker.js) all list them, and what crosses between the last two.
//
// Messages. To the worker: {id, method, args}; the first is {id, method: 'init', args: [options]},
// answered with {names, limits}. From it: {id, result} or {id, error: {kind, message, argument}}.
// Typed arrays travel transferred, not copied: a call's `out` and `render.out` arrays to the
// worker, a result's arrays (each a fresh copy or the call's own `out`) back.

// Each method and the index of its options argument, which every method takes (optional), and
// where a worker call's `signal` rides.
export const METHODS = Object.freeze({
  conv2d: 2,
  conv2dBank: 2,
  filters: 0,
  outputSize: 2,
  windowView: 2,
  tilesView: 2,
  relu: 1,
  pool: 1,
  convolveImageData: 2,
  render: 1,
  timeBank: 2,
  estimate: 2,
  explain: 2,
});

export function errorRecord(error) {
  return { kind: error.name, message: error.message, argument: error.argument ?? '' };
}

// The buffers of the typed arrays inside a value (a result, or a call's options), each once.
export function transferables(value, found = new Set()) {
  if (ArrayBuffer.isView(value)) found.add(value.buffer);
  else if (value && typeof value === 'object') {
    for (const item of Object.values(value)) transferables(item, found);
  }
  return [...found];
}

// A call's `out` and `render.out` arrays: the buffers it transfers to the worker.
export function outBuffers(options) {
  if (options === null || typeof options !== 'object') return [];
  const { out, render } = options;
  return transferables([out, render !== null && typeof render === 'object' ? render.out : null]);
}
