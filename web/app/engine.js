// One worker engine per page, shared by every <conv-scope> on it (the worker runs calls one at a
// time; each element aborts its own superseded calls, so instances do not cancel each other).

import { createWorkerEngine } from '../convscope.js';

let shared = null;

export function sharedEngine() {
  if (!shared) {
    const starting = createWorkerEngine();
    shared = starting;
    // A failed start (the .wasm missing or not reachable) is not kept: the next call tries again.
    starting.catch(() => {
      if (shared === starting) shared = null;
    });
  }
  return shared;
}
