// The worker behind createWorkerEngine (convscope.js): it owns one engine and runs the calls the
// page sends, one at a time, in order. The page side keeps the queue, so a superseded call is
// dropped there and never reaches this worker.
//
// Protocol. In:  {id, method, args}; the first message is {id, method: 'init', args: [options]}.
//           Out: {id, result} or {id, error: {name, message}}; the typed arrays of a result are
//                transferred, not copied (each is a fresh copy the engine made for this call).
// Runs as a browser module worker, or under Node's worker_threads (the Node tests use that).

import { createEngine } from './convscope.js';

const METHODS = [
  'conv2d', 'conv2dBank', 'filters', 'outputSize', 'windowView', 'tilesView',
  'relu', 'pool', 'convolveImageData', 'render',
];

// The buffers of the typed arrays inside a result (maps, and the rendered pixels inside maps).
function transferables(value, found = new Set()) {
  if (ArrayBuffer.isView(value)) found.add(value.buffer);
  else if (value && typeof value === 'object') {
    for (const item of Object.values(value)) transferables(item, found);
  }
  return [...found];
}

// Window views cross without their at() helper: the page indexes data by shape and strides.
function cloneable(result) {
  if (result && !Array.isArray(result) && 'strides' in result) {
    const { shape, strides, data } = result;
    return { shape, strides, data };
  }
  return result;
}

function serve(listen, post) {
  let engine = null;
  listen(async ({ id, method, args }) => {
    try {
      let result;
      if (method === 'init') {
        engine = await createEngine(args[0]);
        result = METHODS;
      } else {
        if (!METHODS.includes(method)) throw new TypeError(`unknown engine method '${method}'`);
        result = cloneable(engine[method](...args));
      }
      post({ id, result }, transferables(result));
    } catch (error) {
      post({ id, error: { name: error.name, message: error.message } }, []);
    }
  });
}

if (typeof process === 'object' && process.versions != null && process.versions.node) {
  const { parentPort } = await import('node:worker_threads');
  serve(
    (handler) => parentPort.on('message', handler),
    (message, transfer) => parentPort.postMessage(message, transfer),
  );
} else {
  // Attached synchronously: messages that arrive before it would be lost.
  serve(
    (handler) => self.addEventListener('message', (event) => handler(event.data)),
    (message, transfer) => self.postMessage(message, transfer),
  );
}
