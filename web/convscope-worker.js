// The worker behind createWorkerEngine (engine-worker.js): it owns one engine and runs the calls
// the page sends, one at a time, in order, as engine-protocol.js describes them. The page side
// keeps the queue, so a superseded call is dropped there and never reaches this worker, and it
// replaces this worker when it fails, runs too long after an abort or holds too much memory.
// Runs as a browser module worker, or under Node's worker_threads (the Node tests use that).

import { argumentError } from './engine-args.js';
import { METHODS, errorRecord, transferables } from './engine-protocol.js';
import { createEngine } from './engine-sync.js';

// Window views cross without their at() helper: the page indexes data by shape and strides.
function cloneable(result) {
  if (result && !Array.isArray(result) && 'strides' in result) {
    const { at, ...view } = result;
    return view;
  }
  return result;
}

// Every answer carries the size of the wasm memory, which never shrinks: the page side replaces
// a worker whose memory has grown too large.
function serve(listen, post) {
  let engine = null;
  const heapBytes = () => engine?.memoryStats().heapBytes ?? 0;
  listen(async ({ id, method, args }) => {
    try {
      let result;
      if (method === 'init') {
        engine = await createEngine(args[0]);
        result = { names: engine.names, limits: engine.limits };
      } else {
        if (!Object.hasOwn(METHODS, method)) {
          throw argumentError(TypeError, '', `unknown engine method '${method}'`);
        }
        result = cloneable(engine[method](...args));
      }
      post({ id, result, heapBytes: heapBytes() }, transferables(result));
    } catch (error) {
      post({ id, error: errorRecord(error), heapBytes: heapBytes() }, []);
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
