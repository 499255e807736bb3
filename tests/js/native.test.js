// The WebAssembly build gives the native build's numbers: the same inputs through the JS API and
// through the native command line (build/native/convscope, g++), every method, equal to 1e-6 of
// the map's largest value. Run the native build first (scripts/test.sh does).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

import { goldenCases, loadApi, randomPlane, readArray, readNpy, root, writeNpy } from './support.js';

const { createEngine } = await loadApi();
const engine = await createEngine();
const cli = join(root, 'build', 'native', 'convscope');
const work = mkdtempSync(join(tmpdir(), 'convscope-native-'));
after(() => rmSync(work, { recursive: true, force: true }));

function requireCli() {
  assert.ok(existsSync(cli), `${cli} is missing: cmake --preset native && cmake --build build/native`);
}

// The CLI's spelling of the JS options (tests/golden/README.md shares it).
function cliArguments(options) {
  const pair = (v) => (Array.isArray(v) ? v.join(',') : String(v));
  return [
    '--padding', Array.isArray(options.padding) ? options.padding.join(',') : options.padding,
    '--border', options.border,
    '--border-value', String(options.borderValue),
    '--stride', pair(options.stride),
    '--dilation', pair(options.dilation),
    '--op', options.op,
    '--method', options.method,
  ];
}

// Maps from the native build for image and kernel files: an (n, h, w) kernel gives n maps.
function native(imagePath, kernelPath, options) {
  const out = join(work, 'out.npy');
  execFileSync(cli, ['conv', '--image', imagePath, '--kernel', kernelPath, '--out', out, ...cliArguments(options)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const { shape, data } = readArray(out);
  const size = shape.at(-1) * shape.at(-2);
  const count = shape.length === 3 ? shape[0] : 1;
  return Array.from({ length: count }, (_, i) => data.subarray(i * size, (i + 1) * size));
}

function assertSameMaps(maps, expected, what) {
  assert.equal(maps.length, expected.length, what);
  maps.forEach((map, i) => {
    const reference = expected[i];
    assert.equal(map.data.length, reference.length, `${what}: map ${i} size`);
    let peak = 0;
    let worst = 0;
    for (let j = 0; j < reference.length; ++j) {
      peak = Math.max(peak, Math.abs(reference[j]));
      worst = Math.max(worst, Math.abs(map.data[j] - reference[j]));
    }
    assert.ok(worst <= 1e-6 * peak, `${what}: map ${i} differs by ${worst}, 1e-6 of its peak is ${1e-6 * peak}`);
  });
}

const METHODS = ['auto', 'direct', 'im2col', 'fft'];

test('every 8th SciPy golden case: wasm equals native for each method', () => {
  requireCli();
  const cases = goldenCases().filter((c) => !c.error).filter((_, i) => i % 8 === 0);
  assert.ok(cases.length > 100, `${cases.length} cases`);
  for (const c of cases) {
    const [image, kernel] = [readNpy(c.image), readNpy(c.kernel)];
    for (const method of METHODS) {
      const options = { ...c.options, method };
      assertSameMaps([engine.conv2d(image, kernel, options)], native(c.image, c.kernel, options), `${c.name} ${method}`);
    }
  }
});

test('larger images and banks, every border and method: wasm equals native', () => {
  requireCli();
  const image = randomPlane(160, 120, 31);
  const bank = [1, 2, 3, 4].map((i) => randomPlane(7, 7, 40 + i));
  const big = [randomPlane(23, 23, 50)];
  const imagePath = join(work, 'image.npy');
  writeNpy(imagePath, [image.height, image.width], image.data);
  for (const [name, kernels] of [['bank 4 x 7x7', bank], ['23x23', big]]) {
    const kernelPath = join(work, 'kernels.npy');
    const [kh, kw] = [kernels[0].height, kernels[0].width];
    const stacked = new Float32Array(kernels.length * kh * kw);
    kernels.forEach((k, i) => stacked.set(k.data, i * kh * kw));
    writeNpy(kernelPath, [kernels.length, kh, kw], stacked);
    for (const border of ['zero', 'constant', 'replicate', 'reflect', 'mirror', 'wrap']) {
      for (const method of METHODS) {
        const options = { padding: 'same', border, borderValue: 0.25, stride: [1, 2], dilation: 1, op: 'convolution', method };
        assertSameMaps(engine.conv2dBank(image, kernels, options), native(imagePath, kernelPath, options), `${name} ${border} ${method}`);
      }
    }
  }
});
