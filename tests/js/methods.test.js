// Every method equals direct (the notebook's four loops) in the WebAssembly build, on randomized
// specs larger than the golden cases: the wasm SIMD code paths of im2col's GEMM, the FFT and the
// separable passes, at every padding, border, op, stride and dilation.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { loadApi, maxAbsDiff, randomPlane, rank1Plane } from './support.js';

const { createEngine } = await loadApi();
const engine = await createEngine();

// A fixed-seed stream of choices (32-bit LCG), so a failure names a reproducible spec.
function chooser(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return {
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
  };
}

test('im2col, fft, separable and auto equal direct on 300 random specs', () => {
  const c = chooser(20261125);
  let separableRuns = 0;
  let compared = 0;
  for (let n = 0; n < 300; ++n) {
    const image = randomPlane(c.int(20, 320), c.int(20, 240), 1000 + n);
    const [kh, kw] = [c.int(1, 25), c.int(1, 25)];
    const rankOne = n % 3 === 0;
    const kernels = Array.from({ length: c.int(1, 4) }, (_, i) =>
      rankOne ? rank1Plane(kw, kh, 5000 + 10 * n + 2 * i) : randomPlane(kw, kh, 5000 + 10 * n + i),
    );
    const options = {
      padding: c.pick(['valid', 'same', 'full', [c.int(0, 9), c.int(0, 9), c.int(0, 9), c.int(0, 9)]]),
      border: c.pick(['zero', 'constant', 'replicate', 'reflect', 'mirror', 'wrap']),
      borderValue: 0.75,
      op: c.pick(['correlation', 'convolution']),
      stride: [c.int(1, 3), c.int(1, 3)],
      dilation: [c.int(1, 2), c.int(1, 2)],
    };
    const spec = `spec ${n}: image ${image.width}x${image.height}, ${kernels.length} kernels ${kw}x${kh}, ${JSON.stringify(options)}`;
    let reference;
    try {
      reference = engine.conv2dBank(image, kernels, { ...options, method: 'direct' });
    } catch (error) {
      // A dilated kernel larger than the padded image: every method must refuse it alike.
      assert.ok(error instanceof RangeError && /output would be empty/.test(error.message), `${spec}: ${error.message}`);
      for (const method of ['im2col', 'fft', 'separable', 'auto']) {
        assert.throws(() => engine.conv2dBank(image, kernels, { ...options, method }), RangeError, spec);
      }
      continue;
    }
    const taps = Math.max(...kernels.map((k) => k.data.reduce((s, v) => s + Math.abs(v), 0)));
    const scale = Math.max(1, options.borderValue) * Math.max(...image.data.map(Math.abs));
    const methods = ['im2col', 'fft', 'auto', ...(rankOne ? ['separable'] : [])];
    for (const method of methods) {
      const maps = engine.conv2dBank(image, kernels, { ...options, method });
      maps.forEach((map, i) => {
        const error = maxAbsDiff(map.data, reference[i].data);
        assert.ok(error <= 1e-4 * taps * scale, `${spec}, ${method} kernel ${i}: max abs error ${error}`);
      });
      if (method === 'separable') separableRuns += 1;
    }
    compared += 1;
  }
  assert.ok(compared >= 250 && separableRuns >= 80, `${compared} specs compared, separable ran on ${separableRuns}`);
});
