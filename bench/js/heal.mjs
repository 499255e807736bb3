// The worker engine's healing figures for the README ("The page and the JS API"): how long a
// superseded heavy call holds the engine after its abort (until the next call's answer), and the
// wasm memory after a refused huge request against a fresh engine's.
//   node bench/js/heal.mjs
import { createEngine, createWorkerEngine } from '../../dist/convscope.js';

const plane = (width, height) => ({ width, height, data: new Float32Array(width * height).fill(0.5) });
const engine = await createWorkerEngine();
const small = plane(64, 64);
const kernel = plane(3, 3);
const stops = [];
for (let run = 0; run < 5; ++run) {
  const controller = new AbortController();
  const kernels = Array.from({ length: 6 }, () => plane(63, 63));
  const heavy = engine.conv2dBank(plane(1024, 1024), kernels, { method: 'direct', signal: controller.signal });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const t0 = performance.now();
  controller.abort();
  await heavy.catch(() => {});
  await engine.conv2d(small, kernel);
  stops.push(performance.now() - t0);
}
console.log(`superseded heavy call (1024² x 6 kernels 63², direct): next answer ${stops.map((t) => t.toFixed(0)).join(', ')} ms after the abort`);
engine.terminate();

const local = await createEngine();
const fresh = local.memoryStats().heapBytes;
const t0 = performance.now();
try {
  local.conv2dBank(plane(8192, 4096), Array.from({ length: 256 }, () => plane(63, 63)));
} catch (error) {
  console.log(`huge request: ${error.name} after ${(performance.now() - t0).toFixed(0)} ms: ${error.message}`);
}
console.log(`wasm memory: fresh engine ${fresh / 2 ** 20} MiB, after the failed request ${local.memoryStats().heapBytes / 2 ** 20} MiB`);
