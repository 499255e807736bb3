// The worker engine (createWorkerEngine) under Node's worker_threads: the same answers and errors
// as the engine in this thread, asynchronously, and "latest wins": a superseded call is dropped.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { loadApi, randomPlane } from './support.js';

const { createEngine, createWorkerEngine } = await loadApi();
const local = await createEngine();
let worker;
before(async () => {
  worker = await createWorkerEngine();
});
after(() => worker.terminate());

const image = randomPlane(40, 30, 1);
const kernel = randomPlane(5, 5, 2);
const frame = {
  width: 20,
  height: 10,
  data: Uint8ClampedArray.from(randomPlane(80, 10, 3).data, (v) => (v + 1) * 127),
};

test('every method gives what the engine in this thread gives', async () => {
  const options = { stride: 2, padding: 'full', border: 'wrap' };
  assert.deepEqual(await worker.conv2d(image, kernel, options), local.conv2d(image, kernel, options));
  assert.deepEqual(await worker.conv2dBank(image, [kernel, kernel], options), local.conv2dBank(image, [kernel, kernel], options));
  assert.deepEqual(await worker.filters({ size: 5 }), local.filters({ size: 5 }));
  assert.deepEqual(await worker.outputSize(image, kernel, options), local.outputSize(image, kernel, options));
  const { at, ...view } = local.windowView(image, kernel, { stride: 3 });
  assert.equal(typeof at, 'function');
  assert.deepEqual(await worker.windowView(image, kernel, { stride: 3 }), view);
  const { at: tileAt, ...tiles } = local.tilesView(image, 4);
  assert.equal(typeof tileAt, 'function');
  assert.deepEqual(await worker.tilesView(image, 4), tiles);
  assert.deepEqual(await worker.relu(image), local.relu(image));
  assert.deepEqual(await worker.pool(image, { size: 3, mode: 'mean' }), local.pool(image, { size: 3, mode: 'mean' }));
  const maps = await worker.convolveImageData(frame, [kernel], { channels: 'rgb' });
  assert.deepEqual(maps, local.convolveImageData(frame, [kernel], { channels: 'rgb' }));
  assert.deepEqual(await worker.render(maps[1], { colormap: 'magma' }), local.render(maps[1], { colormap: 'magma' }));
  const drawn = await worker.convolveImageData(frame, [kernel], { render: { colormap: 'viridis' } });
  assert.deepEqual(drawn, local.convolveImageData(frame, [kernel], { render: { colormap: 'viridis' } }));
  assert.ok(drawn[0].rendered.data instanceof Uint8ClampedArray);
});

test('errors arrive as the same TypeError / RangeError, and the worker works after', async () => {
  await assert.rejects(worker.conv2d(image, kernel, { border: 'nearest' }), {
    name: 'TypeError',
    message: "border must be one of 'zero', 'constant', 'replicate', 'reflect', 'mirror', 'wrap', got 'nearest'",
  });
  await assert.rejects(worker.conv2d(image, kernel, { stride: 0 }), { name: 'RangeError', message: 'stride y must be in [1, 4096], got 0' });
  await assert.rejects(worker.conv2dBank(image, [kernel], { out: [] }), {
    name: 'TypeError',
    message: 'out must be an Array of 1 Float32Array, got an Array of length 0',
  });
  await assert.rejects(worker.relu(image, { signal: 'no' }), /signal must be an AbortSignal/);
  assert.deepEqual(await worker.conv2d(image, kernel), local.conv2d(image, kernel));
});

test('out arrays travel to the worker and come back as the result: a live loop allocates nothing', async () => {
  const expected = local.convolveImageData(frame, [kernel, kernel], { render: { colormap: 'magma' } });
  const size = expected[0].data.length;
  let out = [new Float32Array(size), new Float32Array(size)];
  let rgba = [new Uint8ClampedArray(size * 4), new Uint8ClampedArray(size * 4)];
  for (let frameIndex = 0; frameIndex < 3; ++frameIndex) {
    const pending = worker.convolveImageData(frame, [kernel, kernel], { out, render: { colormap: 'magma', out: rgba } });
    // While the call runs, the worker holds the arrays: here they are detached.
    assert.equal(out[0].length, 0);
    assert.equal(rgba[1].length, 0);
    const maps = await pending;
    assert.deepEqual(maps, expected);
    // The next frame reuses what came back.
    out = maps.map((m) => m.data);
    rgba = maps.map((m) => m.rendered.data);
  }
  const single = await worker.conv2d(image, kernel, { out: new Float32Array(local.conv2d(image, kernel).data.length) });
  assert.deepEqual(single, local.conv2d(image, kernel));
});

test('a call aborted while it waits is dropped, one aborted while it runs is discarded', async () => {
  const first = new AbortController();
  const second = new AbortController();
  const running = worker.conv2d(image, kernel, { signal: first.signal });
  const waiting = worker.conv2d(image, kernel, { signal: second.signal, border: 'reflect' });
  const next = worker.conv2d(image, kernel, { border: 'mirror' });
  second.abort();
  first.abort();
  await assert.rejects(running, { name: 'AbortError' });
  await assert.rejects(waiting, { name: 'AbortError' });
  assert.deepEqual(await next, local.conv2d(image, kernel, { border: 'mirror' }));
  const already = new AbortController();
  already.abort();
  await assert.rejects(worker.filters({ size: 3, signal: already.signal }), { name: 'AbortError' });
});

test('latest wins: of 20 requests, each superseding the one before, only the last resolves', async () => {
  let controller = null;
  const requests = [];
  for (let i = 0; i < 20; ++i) {
    if (controller) controller.abort();
    controller = new AbortController();
    requests.push(worker.convolveImageData(frame, [kernel], { stride: 1 + (i % 3), signal: controller.signal }));
  }
  const outcomes = await Promise.allSettled(requests);
  assert.deepEqual(outcomes.slice(0, 19).map((o) => o.status), Array(19).fill('rejected'));
  assert.ok(outcomes.slice(0, 19).every((o) => o.reason.name === 'AbortError'));
  assert.equal(outcomes[19].status, 'fulfilled');
  assert.deepEqual(outcomes[19].value, local.convolveImageData(frame, [kernel], { stride: 1 + (19 % 3) }));
});

test('a terminated worker engine rejects every later call', async () => {
  const doomed = await createWorkerEngine();
  const pending = doomed.conv2d(image, kernel);
  doomed.terminate();
  await assert.rejects(pending, /terminated/);
  await assert.rejects(doomed.filters(), /terminated/);
});

test('a call whose arguments cannot be posted rejects with a TypeError, and the next calls run', { timeout: 10000 }, async () => {
  // The engine in this thread rejects the function in its argument checks.
  assert.throws(() => local.conv2d(image, kernel, { method: () => 'fft' }), { name: 'TypeError', message: /method must be a string, got function/ });
  // The worker engine cannot post it at all (DataCloneError): alone, and waiting behind a running call.
  await assert.rejects(worker.conv2d(image, kernel, { method: () => 'fft' }), { name: 'TypeError', message: /conv2d: its arguments cannot be sent to the worker/ });
  assert.deepEqual(await worker.conv2d(image, kernel, { border: 'wrap' }), local.conv2d(image, kernel, { border: 'wrap' }));
  const first = worker.conv2d(image, kernel);
  const bad = worker.pool(image, { size: 2, mode: () => 'max' });
  const last = worker.relu(image);
  await assert.rejects(bad, { name: 'TypeError', message: /pool: its arguments cannot be sent to the worker/ });
  assert.deepEqual(await first, local.conv2d(image, kernel));
  assert.deepEqual(await last, local.relu(image));
});

test('every method takes {signal} in its options: a live one runs, an aborted one never does', async () => {
  const map = { width: 4, height: 2, data: new Float32Array([-1, 2, -3, 4, 5, -6, 7, -8]) };
  // [method, its arguments before the options, its options]
  const calls = [
    ['conv2d', [image, kernel], { stride: 2 }],
    ['conv2dBank', [image, [kernel]], {}],
    ['filters', [], { size: 3 }],
    ['outputSize', [image, kernel], { padding: 'valid' }],
    ['windowView', [image, kernel], { stride: 2 }],
    ['tilesView', [image, 3], {}],
    ['relu', [map], {}],
    ['pool', [map], { size: 2 }],
    ['convolveImageData', [frame, [kernel]], { render: { range: 'shared' } }],
    ['render', [map], { colormap: 'magma' }],
  ];
  const aborted = new AbortController();
  aborted.abort();
  for (const [method, args, options] of calls) {
    const live = new AbortController();
    const result = await worker[method](...args, { ...options, signal: live.signal });
    const expected = local[method](...args, options);
    // Window views cross without their at() helper.
    if ('strides' in expected) delete expected.at;
    assert.deepEqual(result, expected, method);
    await assert.rejects(worker[method](...args, { ...options, signal: aborted.signal }), { name: 'AbortError' }, method);
  }
});

test('convolveImageData through the worker carries the geometry', async () => {
  const maps = await worker.convolveImageData(frame, [kernel], { stride: 3, padding: 'valid' });
  assert.deepEqual(maps.geometry, local.outputSize(frame, kernel, { stride: 3, padding: 'valid' }));
});
