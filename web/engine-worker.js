// The worker engine: the same API, async, the engine in convscope-worker.js (the protocol:
// engine-protocol.js). Calls queue here and go to the worker one at a time, so a call whose
// signal aborts while it waits is dropped without running ("latest wins": the page aborts the
// controller of the request a newer one replaces). Every call takes `signal` in its options.
// Arrays given as `out` (and `render.out`) are transferred to the worker with the call, filled
// there and transferred back as the result's arrays: a frame loop that hands each result's arrays
// to a later call allocates nothing (fresh arrays for a 1280 x 720 frame of 4 maps cost Chromium
// ~11 ms). Until the result arrives they are detached (length 0); after a failed or discarded
// call they stay with the worker.
//
// The worker heals and stops (issue 17):
// - a call aborted while it runs rejects at once; if it has not finished STOP_GRACE_MS later, its
//   worker is terminated (a heavy call stops there) and a fresh one starts at once (its start,
//   loading and compiling the module again, takes 0.2-0.6 s on this project's VM);
// - a worker that fails (an uncaught error, a crash, a trap of the wasm code) is replaced, and
//   the call it was running is tried once more on the new one (without its `out` arrays, which
//   went with the old worker); every call settles, none is left pending;
// - a worker whose wasm memory grew past MEMORY_LIMIT (wasm memory never shrinks) is replaced
//   once its call is done, so one huge request does not leave later ones short of memory.

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
    onFailure: (handler) => {
      worker.on('error', handler);
      worker.on('exit', (code) => handler(new Error(`the worker exited with code ${code}`)));
    },
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

// How long a call aborted while it runs may still take before its worker is terminated: a cheap
// call (a frame of a dragged slider) finishes in that time and keeps its worker warm.
const STOP_GRACE_MS = 40;
const FAILED_WORKER_LINGERS_MS = 100;
// A worker whose wasm memory has grown past this is replaced after its call.
const MEMORY_LIMIT = 512 * 1024 * 1024;

// A retried call goes without its `out` arrays: they were transferred to the failed worker.
function withoutOut(method, args) {
  const index = METHODS[method];
  const options = args[index];
  if (options === null || typeof options !== 'object') return args;
  const { out, ...rest } = options;
  if (rest.render !== null && typeof rest.render === 'object') {
    const { out: renderOut, ...render } = rest.render;
    rest.render = render;
  }
  const stripped = args.slice();
  stripped[index] = rest;
  return stripped;
}

// One worker with its engine started: {names, limits, send(id, method, args, transfer), stop()}.
// send resolves with the worker's answer ({result, heapBytes} or {error, heapBytes}), or with
// {crash: Error} when the worker fails or is stopped while it runs the call; it throws when the
// arguments cannot be posted (nothing was sent). Rejects when the engine does not start.
// onFailure(worker): called when the worker fails by itself (not when stopped).
async function launch(init, onFailure) {
  const worker = await startWorker();
  let pending = null; // {id, resolve} of the call the worker runs
  let dead = null; // the Error that ended the worker
  const finish = (answer) => {
    const call = pending;
    pending = null;
    call?.resolve(answer);
  };
  // A failed worker ends a moment later, so the browser's tools still receive its error.
  const stop = (error, delay = 0) => {
    if (dead) return;
    dead = error;
    if (delay) setTimeout(() => worker.terminate(), delay);
    else worker.terminate();
    finish({ crash: error });
  };
  worker.onMessage((message) => {
    if (pending && message.id === pending.id) finish(message);
  });
  let self = null;
  worker.onFailure((error) => {
    const failed = !dead;
    stop(error, FAILED_WORKER_LINGERS_MS);
    if (failed && self) onFailure(self);
  });
  const send = (id, method, args, transfer) =>
    new Promise((resolve) => {
      if (dead) {
        resolve({ crash: dead });
        return;
      }
      worker.post({ id, method, args }, transfer);
      pending = { id, resolve };
    });
  const answer = await send(0, 'init', [init], []);
  if (answer.crash) throw engineError(`convscope worker failed: ${answer.crash.message}`);
  if (answer.error) {
    // No engine, no use for the worker; left running it would also keep a Node process alive.
    stop(new Error('no engine'));
    throw toError(answer.error);
  }
  const { names, limits } = answer.result;
  self = { names, limits, send, stop: () => stop(new Error('stopped')) };
  return self;
}

export async function createWorkerEngine(options) {
  const checked = readOptions(options, 'createWorkerEngine options', ENGINE_OPTIONS);
  const init = {};
  if (checked.wasmBinary !== undefined) init.wasmBinary = checked.wasmBinary;
  // The worker resolves URLs against its own location: send an absolute one.
  if (checked.wasmUrl !== undefined) init.wasmUrl = resolveUrl(checked.wasmUrl).href;

  let current = null; // a promise of the live worker; null when there is none
  let live = null; // the worker `current` resolved to
  const queue = []; // calls not yet started, oldest first
  let running = null; // the call being run
  let nextId = 1;
  let failure = null; // set once terminated: every later call rejects with it

  function workerNow() {
    if (!current) {
      // A worker that fails while idle is replaced at once.
      const starting = launch(init, (worker) => retire(worker));
      current = starting;
      starting.then(
        (worker) => {
          if (current === starting) live = worker;
        },
        // A failed start is not kept: the next call tries again.
        () => {
          if (current === starting) current = null;
        },
      );
    }
    return current;
  }
  // Ends a worker; the next one starts at once, ready for the next call.
  function retire(worker) {
    worker.stop();
    if (live !== worker) return;
    live = null;
    current = null;
    if (!failure) workerNow().catch(() => {});
  }

  function settle(call, error, result) {
    if (call.signal) call.signal.removeEventListener('abort', call.onAbort);
    if (call.settled) return;
    call.settled = true;
    if (error) call.reject(error);
    else call.resolve(result);
  }

  // Runs a call on the live worker; on a crash, once more on a fresh one.
  async function run(call) {
    for (let attempt = 1; attempt <= 2; ++attempt) {
      // The live worker without waiting: an idle engine posts the call (and transfers its `out`
      // arrays) before call() returns.
      let worker = live;
      try {
        worker ??= await workerNow();
      } catch (error) {
        settle(call, error);
        return;
      }
      if (call.settled) return;
      const args = attempt === 1 ? call.args : withoutOut(call.method, call.args);
      let answer;
      try {
        const transfer = attempt === 1 ? outBuffers(args[METHODS[call.method]]) : [];
        call.worker = worker;
        answer = await worker.send(call.id, call.method, args, transfer);
      } catch (error) {
        // Not structured-cloneable (a function or a DOM node inside the arguments): the message
        // never left, so the worker is idle and the next call may go.
        const reason = `its arguments cannot be sent to the worker (${error.message})`;
        settle(call, argumentError(TypeError, '', `${call.method}: ${reason}`));
        return;
      } finally {
        call.worker = null;
        clearTimeout(call.stopTimer);
      }
      // A trap of the wasm code (RuntimeError) leaves its instance in an unknown state.
      const broken = answer.crash ?? (answer.error?.kind === 'RuntimeError' && answer.error);
      if (broken || answer.heapBytes > MEMORY_LIMIT) retire(worker);
      if (!broken || call.settled) {
        // The worker is free: the next call may go before this one's caller hears of it.
        running = null;
        settle(call, answer.error && toError(answer.error), answer.result);
        pump();
        return;
      }
      if (attempt === 2) {
        settle(call, engineError(`convscope worker failed twice on this call: ${broken.message}`));
      }
    }
  }

  function pump() {
    if (running) return;
    let call;
    do call = queue.shift();
    while (call?.settled);
    if (!call) return;
    running = call;
    run(call).finally(() => {
      if (running !== call) return;
      running = null;
      pump();
    });
  }

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
        // Waiting: dropped from the queue by pump(). Running: rejected now, and its worker
        // terminated unless the call ends within the grace time.
        entry.onAbort = () => {
          settle(entry, entry.signal.reason);
          const { worker } = entry;
          if (worker) entry.stopTimer = setTimeout(() => retire(worker), STOP_GRACE_MS);
        };
        entry.signal.addEventListener('abort', entry.onAbort);
      }
      queue.push(entry);
      pump();
    });
  }

  // The first start's failure is createWorkerEngine's.
  const { names, limits } = await workerNow();
  const api = { names: frozen(names), limits: frozen(limits) };
  for (const method of Object.keys(METHODS)) api[method] = (...args) => call(method, args);
  api.terminate = () => {
    failure = engineError('convscope worker engine was terminated');
    for (const entry of [running, ...queue]) if (entry) settle(entry, failure);
    queue.length = 0;
    const ending = current;
    current = null;
    live = null;
    ending?.then((worker) => worker.stop(), () => {});
  };
  return Object.freeze(api);
}
