// "Copy as NumPy" (web/app/numpy-code.js): the code it writes is run as written by Debian's
// python3 on the same input (a PNG read by matplotlib, as a reader would save it from the page),
// and its maps are compared with the engine's, over every border x padding kind x stride 1-3 x
// dilation 1-2 x op, banks of kernels of two sizes, and R, G, B channels. All cases run in one
// python process: each case's code is exec'd as written, in its own folder and namespace.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { encodePng } from '../browser/png.js';
import { numpyCode } from '../../web/app/numpy-code.js';
import { loadApi, randomPlane } from './support.js';

const { createEngine } = await loadApi();
const engine = await createEngine();

// A deterministic RGBA image, each channel its own pattern.
function rgbaImage(width, height) {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    data.set([(i * 37) % 256, (i * 101 + 17) % 256, (i * i * 7 + 3) % 256, 255], i * 4);
  }
  return { width, height, data };
}

const kernel = (width, height, seed) => randomPlane(width, height, seed);
const BANKS = [
  [{ name: 'a', kernel: kernel(3, 3, 1) }],
  [
    { name: 'a', kernel: kernel(3, 3, 2) },
    { name: 'even', kernel: kernel(4, 2, 3) },
  ],
];

const cases = [];
for (const border of engine.names.border) {
  for (const padding of ['valid', 'same', 'full', [1, 2, 0, 3]]) {
    for (const stride of [1, 2, 3]) {
      for (const dilation of [1, 2]) {
        for (const op of engine.names.op) {
          const index = cases.length;
          cases.push({
            bank: BANKS[index % 2],
            channels: index % 5 === 0 ? 'rgb' : 'luminance',
            options: { stride, dilation, padding, border, borderValue: 0.25, op },
          });
        }
      }
    }
  }
}
cases.push({
  bank: BANKS[1],
  channels: 'rgb',
  options: { stride: [2, 1], dilation: [1, 2], padding: 'same', border: 'mirror', op: 'convolution' },
});

// The engine's maps for a case (one call per kernel size, as the page makes them) and the code.
function engineCase({ bank, channels, options }, image, file) {
  const maps = [];
  const kernels = [];
  const expected = [];
  for (const { name, kernel: k } of bank) {
    const results = engine.convolveImageData(image, [k], { ...options, channels });
    kernels.push({ name, kernel: k, padding: results.geometry.padding });
    for (const result of results) {
      maps.push({ title: `${name} ${result.channel}`, kernel: name, channel: result.channel });
      expected.push({ result, kernel: k });
    }
  }
  const code = numpyCode({
    image: { file, width: image.width, height: image.height, name: 'a test image' },
    channels,
    maps,
    kernels,
    options,
  });
  return { code, expected };
}

test('the copied NumPy / SciPy code reproduces the engine\'s maps for every setting', () => {
  const dir = mkdtempSync(join(tmpdir(), 'convscope-numpy-'));
  try {
    const image = rgbaImage(13, 11);
    const file = 'input.png';
    writeFileSync(join(dir, file), encodePng(image.width, image.height, 4, image.data));
    const runs = cases.map((c) => engineCase(c, image, file));
    runs.forEach((run, i) => writeFileSync(join(dir, `case${i}.py`), run.code));
    const runner = `
import contextlib, io, json, os, sys
os.chdir(sys.argv[1])
out = []
for i in range(int(sys.argv[2])):
    namespace, printed = {}, io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(open(f"case{i}.py").read(), namespace)
    out.append({"maps": [m.tolist() for m in namespace["maps"]],
                "scipy": "maps_scipy" in namespace, "printed": printed.getvalue()})
print(json.dumps(out))`;
    const results = JSON.parse(
      execFileSync('/usr/bin/python3', ['-c', runner, dir, String(runs.length)], {
        encoding: 'utf8',
        maxBuffer: 1 << 28,
      }),
    );
    let withScipy = 0;
    runs.forEach((run, i) => {
      const name = JSON.stringify(cases[i].options) + ` ${cases[i].channels}`;
      const got = results[i];
      assert.equal(got.maps.length, run.expected.length, name);
      if (got.scipy) {
        withScipy++;
        assert.match(got.printed, /NumPy and SciPy agree on \d+ maps/, name);
      } else {
        assert.match(run.code, /# No SciPy one-liner for these settings: /, name);
      }
      run.expected.forEach(({ result, kernel: k }, m) => {
        const rows = got.maps[m];
        assert.deepEqual([rows.length, rows[0].length], [result.height, result.width], name);
        const sumK = k.data.reduce((s, v) => s + Math.abs(v), 0);
        const tolerance = 1e-4 * sumK * 1; // the image's values are in [0, 1]
        let worst = 0;
        rows.flat().forEach((v, j) => {
          worst = Math.max(worst, Math.abs(v - result.data[j]));
        });
        assert.ok(worst <= tolerance, `${name} map ${m}: max |error| ${worst} > ${tolerance}`);
      });
    });
    // SciPy covers every padding of a zero or constant border, and all but 'full' (and the
    // explicit padding wider than K_eff - 1 in all) of the others.
    assert.ok(withScipy >= cases.length / 2, `SciPy in ${withScipy} of ${cases.length} cases`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
