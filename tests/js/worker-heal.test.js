// The worker engine heals and stops (issue 17): a heavy call aborted while it runs stops (its
// worker is terminated and replaced), a worker killed mid-call is replaced and the call retried
// once, a worker whose memory grew large is replaced after its call, and what cannot fit is
// refused at once (the engine's check_bank). No call is left pending.
// The test sees the engine's workers by wrapping node:worker_threads' Worker, as the engine
// imports it.
import assert from 'node:assert/strict';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { after, test } from 'node:test';

import { loadApi, randomPlane } from './support.js';

const threads = createRequire(import.meta.url)('node:worker_threads');
const workers = [];
threads.Worker = class extends threads.Worker {
  constructor(...args) {
    super(...args);
    workers.push(this);
  }
};
syncBuiltinESMExports();

const { createEngine, createWorkerEngine } = await loadApi();
const local = await createEngine();
const engine = await createWorkerEngine();
after(() => engine.terminate());

const image = randomPlane(40, 30, 1);
const kernel = randomPlane(5, 5, 2);
const lastWorker = () => workers[workers.length - 1];
// Resolves once a worker other than `worker` has been made (a replacement starts at once); fails
// the test after 5 s.
async function replaced(worker) {
  for (let waited = 0; lastWorker() === worker; waited += 5) {
    assert.ok(waited < 5000, 'no fresh worker replaced the old one');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

// 1024 x 1024 with six 63 x 63 kernels by the direct method: several seconds of work.
const heavy = () => {
  const big = randomPlane(1024, 1024, 3);
  const kernels = Array.from({ length: 6 }, (_, i) => randomPlane(63, 63, 10 + i));
  return [big, kernels];
};

test('a heavy call aborted while it runs stops: the next call is answered within a second', async () => {
  const [big, kernels] = heavy();
  const controller = new AbortController();
  const running = engine.conv2dBank(big, kernels, { method: 'direct', signal: controller.signal });
  const started = workers.length;
  await new Promise((resolve) => setTimeout(resolve, 300));
  const t0 = performance.now();
  controller.abort();
  await assert.rejects(running, { name: 'AbortError' });
  const map = await engine.conv2d(image, kernel, { border: 'wrap' });
  const elapsed = performance.now() - t0;
  assert.deepEqual(map, local.conv2d(image, kernel, { border: 'wrap' }));
  assert.equal(workers.length, started + 1, 'one fresh worker replaced the busy one');
  // The heavy call alone takes seconds: an answer within one means it did not run to its end.
  assert.ok(elapsed < 1000, `the next call took ${elapsed.toFixed(0)} ms`);
});

test('a cheap call aborted while it runs keeps its worker', async () => {
  const started = workers.length;
  const controller = new AbortController();
  const running = engine.conv2d(image, kernel, { signal: controller.signal });
  controller.abort();
  await assert.rejects(running, { name: 'AbortError' });
  assert.deepEqual(await engine.relu(image), local.relu(image));
  assert.equal(workers.length, started);
});

test('a worker killed mid-call is replaced and the call retried: it resolves with the answer', async () => {
  const [big, kernels] = heavy();
  const small = kernels.map((k) => ({ width: 3, height: 3, data: k.data.subarray(0, 9) }));
  const out = small.map(() => new Float32Array(1024 * 1024));
  const pending = engine.conv2dBank(big, small, { method: 'direct', out });
  const victim = lastWorker();
  await victim.terminate();
  const maps = await pending;
  assert.deepEqual(maps, local.conv2dBank(big, small, { method: 'direct' }));
  assert.notEqual(lastWorker(), victim);
  assert.deepEqual(await engine.relu(image), local.relu(image));
});

test('a call whose worker dies twice rejects naming the failure; the engine works after', async () => {
  const [big, kernels] = heavy();
  const pending = engine.conv2dBank(big, kernels, { method: 'direct' });
  const first = lastWorker();
  await first.terminate();
  await replaced(first);
  // The retry's worker: killed once it has the call.
  await new Promise((resolve) => setTimeout(resolve, 300));
  await lastWorker().terminate();
  // Killed while it runs the retry ("failed twice") or while it starts ("failed"): a clean error.
  await assert.rejects(pending, { name: 'Error', message: /^convscope worker failed( twice on this call)?: the worker exited/ });
  assert.deepEqual(await engine.conv2d(image, kernel), local.conv2d(image, kernel));
});

test('maps that cannot fit in a wasm memory are refused at once with a RangeError', async () => {
  const huge = { width: 8192, height: 4096, data: new Float32Array(8192 * 4096) };
  const kernels = Array.from({ length: 256 }, () => kernel);
  const t0 = performance.now();
  await assert.rejects(engine.conv2dBank(huge, kernels), {
    name: 'RangeError',
    message: /^a bank of 256 maps of 4096 x 8192 would hold 8589934592 values, more than the limit/,
  });
  assert.ok(performance.now() - t0 < 5000);
  assert.deepEqual(await engine.relu(image), local.relu(image));
});

test('a worker whose memory grew past 512 MiB is replaced after its call; the answer is kept', async () => {
  const side = 2048;
  const big = randomPlane(side, side, 4);
  const kernels = Array.from({ length: 40 }, (_, i) => randomPlane(1, 1, 20 + i));
  const before = lastWorker();
  const maps = await engine.conv2dBank(big, kernels, { method: 'direct' });
  assert.equal(maps.length, 40);
  assert.deepEqual(maps[39].data.subarray(0, 1000), local.conv2dBank(big, kernels.slice(39), { method: 'direct' })[0].data.subarray(0, 1000));
  await replaced(before);
  assert.deepEqual(await engine.conv2d(image, kernel), local.conv2d(image, kernel));
});
