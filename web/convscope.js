// convscope's JavaScript API (types and docs: convscope.d.ts): createEngine, the engine in this
// thread (engine-sync.js), and createWorkerEngine, the same API async in a worker
// (engine-worker.js). Argument checks: engine-args.js; the method list and the worker's
// messages: engine-protocol.js. Only engine-sync.js talks to the WebAssembly module.

export { createEngine } from './engine-sync.js';
export { createWorkerEngine } from './engine-worker.js';
export { DTYPES } from './engine-args.js';
