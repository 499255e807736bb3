// The engine's SciPy golden cases (tests/golden/data/conv/), this time through the JS API and the
// WebAssembly build: every border x padding x stride x dilation x op, odd / even / rectangular
// kernels, images from 1x1, kernels larger than the image, and the cases that must fail.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { goldenCases, loadApi, maxAbsDiff, readNpy } from './support.js';

const { createEngine } = await loadApi();
const engine = await createEngine();
const cases = goldenCases().map((c) => ({
  ...c,
  imagePlane: readNpy(c.image),
  kernelPlane: readNpy(c.kernel),
  expectedPlane: c.expected && readNpy(c.expected),
}));

test('the manifest holds the full table, error cases included', () => {
  assert.ok(cases.length > 1000, `${cases.length} cases`);
  assert.ok(cases.some((c) => c.error === 'RangeError'));
  assert.ok(cases.every((c) => c.error === null || c.error === 'RangeError'));
});

// One assertion message per failing case, so a failure names the case and the error.
function checkCase(c, method) {
  const options = { ...c.options, method };
  if (c.error) {
    assert.throws(() => engine.conv2d(c.imagePlane, c.kernelPlane, options), RangeError, c.name);
    return null;
  }
  const out = engine.conv2d(c.imagePlane, c.kernelPlane, options);
  const want = c.expectedPlane;
  assert.deepEqual([out.height, out.width], [want.height, want.width], `${c.name}: output size`);
  const error = maxAbsDiff(out.data, want.data);
  assert.ok(error <= c.tolerance, `${c.name} (${method}, ran ${out.method}): max abs error ${error} > ${c.tolerance}`);
  if (method !== 'auto') assert.equal(out.method, method, c.name);
  return out;
}

// Runs every case, then fails listing all the cases that failed (not only the first).
function checkAll(method, onError = (error) => { throw error; }) {
  const failures = [];
  for (const c of cases) {
    try {
      checkCase(c, method);
    } catch (error) {
      try {
        onError(error);
      } catch (failure) {
        failures.push(failure.message);
      }
    }
  }
  assert.deepEqual(failures, [], `${failures.length} of ${cases.length} cases failed`);
}

for (const method of ['auto', 'direct', 'im2col', 'fft']) {
  test(`${method}: every golden case agrees with SciPy within its tolerance`, () => checkAll(method));
}

// An explicit 'separable' refuses kernels of rank above 1 (RangeError naming the kernel); every
// rank-1 case must agree with SciPy. Both outcomes are counted, so neither can vanish unnoticed.
test('separable: rank-1 golden cases agree with SciPy, the others are refused by name', () => {
  let refused = 0;
  checkAll('separable', (error) => {
    if (!(error instanceof RangeError && /needs rank-1 kernels/.test(error.message))) throw error;
    refused += 1;
  });
  const ran = cases.filter((c) => !c.error).length - refused;
  assert.ok(ran > 0 && refused > 0, `separable ran ${ran} cases, refused ${refused}`);
});

test('a bank gives each kernel the map conv2d gives it alone', () => {
  const image = cases.find((c) => c.name.startsWith('large_')).imagePlane;
  const bank = cases.filter((c) => c.kernelPlane.width === 7 && c.kernelPlane.height === 7).slice(0, 4);
  assert.equal(bank.length, 4);
  const kernels = bank.map((c) => c.kernelPlane);
  for (const method of ['direct', 'im2col', 'fft']) {
    const maps = engine.conv2dBank(image, kernels, { method, padding: 'same', border: 'reflect' });
    assert.equal(maps.length, 4);
    maps.forEach((map, i) => {
      const alone = engine.conv2d(image, kernels[i], { method: 'direct', padding: 'same', border: 'reflect' });
      const scale = Math.max(...alone.data.map(Math.abs));
      assert.ok(maxAbsDiff(map.data, alone.data) <= 1e-5 * scale, `${method} kernel ${i}`);
    });
  }
});
