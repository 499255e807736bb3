// One worker engine per page, shared by every <conv-scope> on it (the worker runs calls one at a
// time; each element aborts its own superseded calls, so instances do not cancel each other).

import { createWorkerEngine } from '../convscope.js';

let shared = null;

export function sharedEngine() {
  shared ??= createWorkerEngine();
  return shared;
}
