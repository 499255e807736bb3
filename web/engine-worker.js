// The worker engine: the same API, async, the engine in convscope-worker.js (the protocol:
// engine-protocol.js). Calls queue here and go to the worker one at a time, so a call whose
// signal aborts while it waits is dropped without running ("latest wins": the page aborts the
// controller of the request a newer one replaces). Every call takes `signal` in its options.
// Arrays given as `out` (and `render.out`) are transferred to the worker with the call, filled
// there and transferred back as the result's arrays: a frame loop that hands each result's arrays
// to a later call allocates nothing (fresh arrays for a 1280 x 720 frame of 4 maps cost Chromium
// ~11 ms). Until the result arrives they are detached (length 0); after a failed or discarded
// call they stay with the worker.

import { argumentError, describe, readOptions, toError } from './engine-args.js';
import { METHODS, outBuffers } from './engine-protocol.js';
import { ENGINE_OPTIONS, frozen, resolveUrl } from './engine-sync.js';

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

// Takes the signal out of a call's options (an AbortSignal cannot be posted).
function splitSignal(method, args) {
  const index = METHODS[method];
  const options = args[index];
  if (options === null || typeof options !== 'object' || !('signal' in options)) return { args };
  const { signal, ...rest } = options;
  if (!(signal instanceof AbortSignal)) {
    const message = `signal must be an AbortSignal, got ${describe(signal)}`;
    throw argumentError(TypeError, 'signal', message);
  }
  const forwarded = args.slice();
  forwarded[index] = rest;
  return { args: forwarded, signal };
}

const engineError = (message) => argumentError(Error, '', message);

export async function createWorkerEngine(options) {
  const checked = readOptions(options, 'createWorkerEngine options', ENGINE_OPTIONS);
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
        const transfer = outBuffers(call.args[METHODS[call.method]]);
        worker.post({ id: call.id, method: call.method, args: call.args }, transfer);
      } catch (error) {
        // Not structured-cloneable (a function or a DOM node inside the arguments): the message
        // never left, so the worker is idle and the next call may go.
        running = null;
        const reason = `its arguments cannot be sent to the worker (${error.message})`;
        settle(call, argumentError(TypeError, '', `${call.method}: ${reason}`));
      }
    }
  }
  worker.onMessage(({ id, result, error }) => {
    if (!running || running.id !== id) return;
    const call = running;
    running = null;
    settle(call, error && toError(error), result);
    pump();
  });
  function fail(error) {
    failure = error;
    for (const call of [running, ...queue]) if (call) settle(call, failure);
    running = null;
    queue.length = 0;
  }
  worker.onFailure((error) => fail(engineError(`convscope worker failed: ${error.message}`)));

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

  let engineData;
  try {
    engineData = await call('init', [init]);
  } catch (error) {
    // No engine, no use for the worker; left running it would also keep a Node process alive.
    worker.terminate();
    throw error;
  }
  const api = { names: frozen(engineData.names), limits: frozen(engineData.limits) };
  for (const method of Object.keys(METHODS)) api[method] = (...args) => call(method, args);
  api.terminate = () => {
    fail(engineError('convscope worker engine was terminated'));
    worker.terminate();
  };
  return Object.freeze(api);
}
