// The race's two calls in the WebAssembly build: estimate (the cost model's numbers, as auto
// compares them) and timeBank (a method run and timed in the engine), sync and in the worker.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { loadApi, maxAbsDiff, randomPlane, rank1Plane } from './support.js';

const { createEngine, createWorkerEngine } = await loadApi();
const engine = await createEngine();

// The first listed of the least estimates.
const cheapest = (methods) =>
  Object.entries(methods).reduce((best, entry) => (entry[1] < best[1] ? entry : best))[0];

// Banks across the sizes where auto changes its mind: random kernels, rank-1 ones, and a mix.
function banks() {
  const cases = [];
  let seed = 7;
  for (const side of [3, 7, 15, 31]) {
    for (const [image, stride] of [[64, 1], [256, 1], [256, 2]]) {
      for (const kind of ['random', 'rank1', 'mixed']) {
        const kernels = [0, 1, 2, 3].map((i) =>
          kind === 'rank1' || (kind === 'mixed' && i >= 2)
            ? rank1Plane(side, side, (seed += 2))
            : randomPlane(side, side, (seed += 2)),
        );
        cases.push({ image: randomPlane(image, image, seed), kernels, stride, kind });
      }
    }
  }
  return cases;
}

test("auto's pick is the cheapest of its estimates, every listed method runs, and auto runs it", () => {
  const seen = new Set();
  for (const { image, kernels, stride, kind } of banks()) {
    const what = `${image.width}² ${kernels[0].width}x${kernels[0].height} stride ${stride} ${kind}`;
    const estimate = engine.estimate(image, kernels, { stride });
    const listed = Object.keys(estimate.methods);
    assert.deepEqual(
      listed,
      kind === 'rank1' ? ['direct', 'im2col', 'fft', 'separable'] : ['direct', 'im2col', 'fft'],
      what,
    );
    for (const ms of Object.values(estimate.methods)) assert.ok(ms > 0 && Number.isFinite(ms), what);
    for (const method of listed) {
      const maps = engine.conv2dBank(image, kernels, { stride, method });
      assert.ok(maps.every((map) => map.method === method), `${what}: ${method} ran`);
    }
    const ran = engine.conv2dBank(image, kernels, { stride }).map((map) => map.method);
    if (estimate.split) {
      const { separable, other } = estimate.split;
      assert.equal(separable.pick, 'separable', what);
      assert.equal(cheapest(separable.methods), 'separable', what);
      assert.equal(other.pick, cheapest(other.methods), what);
      assert.equal(estimate.auto, `${other.pick}+separable`, what);
      assert.equal(estimate.ms, separable.methods.separable + other.methods[other.pick], what);
      separable.kernels.forEach((k) => assert.equal(ran[k], 'separable', what));
      other.kernels.forEach((k) => assert.equal(ran[k], other.pick, what));
      assert.deepEqual([...separable.kernels, ...other.kernels].sort(), [0, 1, 2, 3], what);
    } else {
      assert.equal(estimate.split, null, what);
      assert.equal(estimate.auto, cheapest(estimate.methods), what);
      assert.equal(estimate.ms, estimate.methods[estimate.auto], what);
      assert.deepEqual(ran, kernels.map(() => estimate.auto), what);
    }
    seen.add(estimate.auto);
  }
  // Auto changes its mind across these banks: more than one choice came up, and a split.
  assert.ok(seen.size >= 3, `auto chose ${[...seen]}`);
  assert.ok([...seen].some((auto) => auto.endsWith('+separable')), `auto chose ${[...seen]}`);
});

test('estimate reads only the image size, refuses a method and checks its arguments', () => {
  const kernels = [randomPlane(5, 5, 1)];
  const estimate = engine.estimate({ width: 300, height: 200 }, kernels, { padding: 'valid' });
  assert.ok(estimate.methods.direct > 0);
  assert.throws(
    () => engine.estimate({ width: 30, height: 20 }, kernels, { method: 'fft' }),
    (e) => e instanceof TypeError && e.argument === 'options' && /no option 'method'/.test(e.message),
  );
  const nan = { width: 2, height: 1, data: new Float32Array([1, NaN]) };
  assert.throws(
    () => engine.estimate({ width: 30, height: 20 }, [nan]),
    (e) => e instanceof RangeError && e.argument === 'kernels',
  );
  assert.throws(
    () => engine.estimate({ width: 0, height: 20 }, kernels),
    (e) => e instanceof RangeError && e.argument === 'image',
  );
});

test('timeBank gives the maps of conv2dBank and one time per run; repeat is checked', () => {
  const image = randomPlane(120, 90, 3);
  const kernels = [randomPlane(7, 7, 4), randomPlane(7, 7, 5)];
  for (const method of ['direct', 'im2col', 'fft', 'fft_kiss']) {
    const timed = engine.timeBank(image, kernels, { method, repeat: 3, padding: 'same' });
    const plain = engine.conv2dBank(image, kernels, { method, padding: 'same' });
    assert.equal(timed.ms.length, 3);
    assert.ok(timed.ms.every((ms) => ms >= 0 && Number.isFinite(ms)), `${timed.ms}`);
    assert.deepEqual(timed.geometry, plain.geometry);
    timed.forEach((map, n) => assert.equal(maxAbsDiff(map.data, plain[n].data), 0, method));
  }
  for (const repeat of [0, 1001]) {
    assert.throws(
      () => engine.timeBank(image, kernels, { repeat }),
      (e) => e instanceof RangeError && e.argument === 'repeat' && e.message.includes(String(repeat)),
    );
  }
  assert.throws(() => engine.timeBank(image, kernels, { repeat: 1.5 }), RangeError);
});

test('the worker engine estimates and times as the engine in this thread does', async () => {
  const worker = await createWorkerEngine();
  try {
    const image = randomPlane(100, 80, 8);
    const kernels = [randomPlane(9, 9, 9), rank1Plane(9, 9, 10)];
    assert.deepEqual(await worker.estimate(image, kernels), engine.estimate(image, kernels));
    const timed = await worker.timeBank(image, kernels, { method: 'fft', repeat: 2 });
    assert.equal(timed.ms.length, 2);
    const plain = engine.conv2dBank(image, kernels, { method: 'fft' });
    timed.forEach((map, n) => assert.equal(maxAbsDiff(map.data, plain[n].data), 0));
  } finally {
    worker.terminate();
  }
});
