// No silent wrong output (issue 17): values that overflow float32 give a RangeError naming the
// map and the first value that is not finite, whatever the method; large finite results pass.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { loadApi } from './support.js';

const { createEngine } = await loadApi();
const engine = await createEngine();
const filled = (width, height, value) => ({ width, height, data: new Float32Array(width * height).fill(value) });
const tens = filled(3, 3, 10);
const overflow = /^map 1 is not finite \((Infinity|NaN) at row 1, column 1\): the image and kernel values overflow float32/;

test('an image of 3.4e38 with a kernel of 10s is an error by every method, not a map of +inf', () => {
  for (const method of engine.names.method) {
    assert.throws(() => engine.conv2d(filled(8, 8, 3.4e38), tens, { method }), { name: 'RangeError', message: overflow }, method);
  }
  assert.throws(() => engine.conv2dBank(filled(8, 8, 3.4e38), [tens, tens]), { name: 'RangeError', message: overflow });
});

test('a border value that overflows is caught too; the engine works after', () => {
  assert.throws(() => engine.conv2d(filled(8, 8, 0), tens, { border: 'constant', borderValue: 3e38 }), { name: 'RangeError', message: /^map 1 is not finite \(Infinity at row 1, column 1\)/ });
  const map = engine.conv2d(filled(8, 8, 1), tens, { padding: 'valid' });
  assert.deepEqual(Array.from(map.data), Array(36).fill(90));
});

test('large results that stay finite are returned as they are', () => {
  const map = engine.conv2d(filled(8, 8, 1e30), tens, { padding: 'valid' });
  assert.ok(map.data.every((v) => Math.abs(v / 9e31 - 1) < 1e-6));
  const frame = { width: 4, height: 4, data: new Uint8ClampedArray(64).fill(255) };
  const maps = engine.convolveImageData(frame, [filled(1, 1, 3e38)], { padding: 'valid' });
  assert.ok(maps[0].data.every((v) => Math.abs(v / 3e38 - 1) < 1e-6));
});
