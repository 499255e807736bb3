// The wasm heap: 10,000 calls leave it at its warmed-up size (the binding reuses its buffers and
// every result is a JS copy), and a request too large for the 2 GiB wasm memory is a RangeError
// after which the engine still works.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { loadApi, randomPlane } from './support.js';

const { createEngine } = await loadApi();

// Calls step(i) for ten warm-up cycles of inputs, then 10,000 more times (whole cycles). The wasm
// memory (HEAP8.length) must not grow, and the bytes malloc holds, sampled after every cycle,
// must stay within what the warm-up reached: they wobble by a few bytes with the engine's caches
// (which kernel spectra the FFT keeps), but a leak of even one byte a call would pass 10 KB.
function assertHeapStable(engine, cycle, step) {
  const sample = (calls) => {
    let most = 0;
    for (let i = 0; i < calls; ++i) {
      step(i);
      if (i % cycle === cycle - 1) most = Math.max(most, engine.memoryStats().allocatedBytes);
    }
    return most;
  };
  const warmAllocated = sample(10 * cycle);
  const warmHeap = engine.memoryStats().heapBytes;
  const calls = Math.ceil(10000 / cycle) * cycle;
  const allocated = sample(calls);
  const heap = engine.memoryStats().heapBytes;
  assert.equal(heap, warmHeap, `wasm memory grew from ${warmHeap} to ${heap} bytes over ${calls} calls`);
  assert.ok(allocated <= warmAllocated, `malloc held up to ${warmAllocated} bytes warmed up, ${allocated} over ${calls} calls`);
}

test('10,000 conv2d calls over every method and a few shapes leave the heap as warmed up', async () => {
  const engine = await createEngine();
  const images = [randomPlane(64, 48, 1), randomPlane(40, 40, 2), randomPlane(17, 23, 3)];
  const kernels = [randomPlane(7, 7, 4), randomPlane(3, 5, 5), randomPlane(15, 15, 6)];
  const methods = ['auto', 'direct', 'im2col', 'fft'];
  const paddings = ['same', 'valid', 'full'];
  const cycle = images.length * methods.length * paddings.length;
  let checksum = 0;
  assertHeapStable(engine, cycle, (i) => {
    const out = engine.conv2d(images[i % 3], kernels[i % 3], {
      method: methods[i % 4],
      padding: paddings[Math.floor(i / 12) % 3],
      border: 'reflect',
    });
    checksum += out.data[0];
  });
  assert.ok(Number.isFinite(checksum));
});

test('10,000 live frames (convolveImageData + render of each map) leave the heap as warmed up', async () => {
  const engine = await createEngine();
  const width = 48;
  const height = 32;
  const frames = [0, 1].map((seed) => ({
    width,
    height,
    data: Uint8ClampedArray.from(randomPlane(width * 4, height, seed + 10).data, (v) => (v + 1) * 127),
  }));
  const bank = engine.filters({ size: 7, sigma: 1 }).slice(0, 4);
  const out = new Uint8ClampedArray(width * height * 4);
  let painted = 0;
  const outs = bank.map(() => new Uint8ClampedArray(width * height * 4));
  assertHeapStable(engine, 8, (i) => {
    const channels = i % 4 < 2 ? 'luminance' : 'rgb';
    if (i % 8 < 4) {
      // Convolve, then render each map: the page's two calls.
      const maps = engine.convolveImageData(frames[i % 2], bank, { channels });
      for (const map of maps.slice(0, 4)) {
        engine.render(map, { colormap: 'viridis', negative: 'diverging', out });
        painted += out[0];
      }
    } else {
      // Both in one call, into reused arrays; the rgb maps over one shared range.
      const range = channels === 'rgb' ? 'shared' : 'minmax';
      const render = { colormap: 'magma', range, out: channels === 'rgb' ? undefined : outs };
      const maps = engine.convolveImageData(frames[i % 2], bank, { channels, render });
      painted += maps[0].rendered.data[0];
    }
  });
  assert.ok(painted > 0);
});

test('10,000 failing calls leak nothing either', async () => {
  const engine = await createEngine();
  const image = randomPlane(32, 32, 7);
  const kernel = randomPlane(3, 3, 8);
  assertHeapStable(engine, 10, (i) => {
    assert.throws(() => engine.conv2d(image, kernel, { border: i % 2 ? 'nope' : 'zero', stride: i % 2 ? 1 : 0 }));
  });
});

// The one slow test (about 1 s here: it touches 2 GiB). A bank of 8 maps of 8192 x 8192 is
// refused by the engine's bank-output limit before any output is allocated; the RGB channels of
// 4 such maps stay within every limit, yet need 3 GiB in all: wasm memory runs out.
test('a request too large for wasm memory is a RangeError, and the engine works after', async () => {
  const engine = await createEngine();
  const side = 8192;
  const image = { width: side, height: side, data: new Float32Array(side * side) };
  const one = { width: 1, height: 1, data: new Float32Array([2]) };
  const options = { method: 'direct', padding: 'valid' };
  assert.throws(() => engine.conv2dBank(image, Array(8).fill(one), options), {
    name: 'RangeError',
    message: 'a bank of 8 maps of 8192 x 8192 would hold 536870912 values, more than the limit 268435456',
  });
  const frame = { width: side, height: side, data: new Uint8ClampedArray(side * side * 4) };
  assert.throws(
    () => engine.convolveImageData(frame, Array(4).fill(one), { ...options, channels: 'rgb' }),
    (error) => error instanceof RangeError && /not enough memory/.test(error.message),
  );
  const small = randomPlane(5, 4, 9);
  const doubled = engine.conv2d(small, one, { method: 'direct' });
  assert.deepEqual(doubled.data, small.data.map((v) => 2 * v));
});
