// Shared by the Node tests: loading the built module from dist/, reading .npy files and the SciPy
// golden manifest (tests/golden/README.md), and asking Debian's NumPy/SciPy for expected values.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const dist = join(root, 'dist');
export const goldenDir = join(root, 'tests', 'golden', 'data', 'conv');
export const filtersDir = join(root, 'tests', 'golden', 'data', 'filters');

// The engine as a page gets it: dist/convscope.js (scripts/build-web.sh makes dist/).
export async function loadApi() {
  return import(join(dist, 'convscope.js'));
}

// A '<f4' C-order .npy (what numpy.save writes for the golden data) as {shape, data}.
export function readArray(path) {
  const bytes = readFileSync(path);
  if (bytes.toString('latin1', 0, 6) !== '\x93NUMPY') throw new Error(`${path}: not a .npy file`);
  const major = bytes[6];
  const headerLength = major === 1 ? bytes.readUInt16LE(8) : bytes.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = bytes.toString('latin1', start, start + headerLength);
  if (!header.includes("'descr': '<f4'") || !header.includes("'fortran_order': False")) {
    throw new Error(`${path}: expected little-endian float32 in C order, header ${header}`);
  }
  const shape = header.match(/'shape': \(([\d, ]*)\)/)[1].split(',').filter((d) => d.trim()).map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const offset = bytes.byteOffset + start + headerLength;
  return { shape, data: new Float32Array(bytes.buffer.slice(offset, offset + 4 * count)) };
}

// Writes float32 data of the given shape as a NumPy 1.0 '<f4' C-order .npy file.
export function writeNpy(path, shape, data) {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const prefix = Buffer.alloc(10);
  prefix.write('\x93NUMPY', 0, 'latin1');
  prefix[6] = 1;
  prefix.writeUInt16LE(header.length, 8);
  const body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  writeFileSync(path, Buffer.concat([prefix, Buffer.from(header, 'latin1'), body]));
}

// A 2-D .npy as a plane {width, height, data}.
export function readNpy(path) {
  const { shape, data } = readArray(path);
  if (shape.length !== 2) throw new Error(`${path}: expected a 2-D array, got shape ${shape}`);
  return { width: shape[1], height: shape[0], data };
}

// A whitespace-separated manifest whose '#' header line names the columns (cases_filters.py).
export function readTable(path) {
  const lines = readFileSync(path, 'utf8').split('\n').filter((line) => line.trim());
  const columns = lines[0].replace(/^#\s*/, '').split(/\s+/);
  return lines.slice(1).map((line) => Object.fromEntries(line.trim().split(/\s+/).map((v, i) => [columns[i], v])));
}

const pair = (text) => {
  const [y, x] = text.split(',').map(Number);
  return [y, x];
};

// Every case of data/conv/manifest.txt, with its JS API options.
export function goldenCases() {
  const lines = readFileSync(join(goldenDir, 'manifest.txt'), 'utf8').split('\n');
  return lines
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => {
      const f = Object.fromEntries(line.trim().split(/\s+/).map((kv) => kv.split(/=(.*)/s).slice(0, 2)));
      const padding = f.padding.includes(',') ? f.padding.split(',').map(Number) : f.padding;
      return {
        name: f.name,
        image: join(goldenDir, f.image),
        kernel: join(goldenDir, f.kernel),
        expected: f.expected === '-' ? null : join(goldenDir, f.expected),
        tolerance: Number(f.tolerance),
        error: f.error === '-' ? null : f.error,
        options: {
          padding,
          border: f.border,
          borderValue: Number(f.border_value),
          stride: pair(f.stride),
          dilation: pair(f.dilation),
          op: f.op,
        },
        cli: f, // the manifest's own spelling, which the native CLI shares
      };
    });
}

// Runs a Python snippet under Debian's python3 (NumPy 1.24, SciPy 1.10); `inputs` arrive as the
// global INPUTS (lists), and the snippet prints one JSON value, which is returned.
export function python(code, inputs = {}) {
  const prelude = 'import json, sys\nimport numpy as np\nINPUTS = json.loads(sys.stdin.read())\n';
  const out = execFileSync('/usr/bin/python3', ['-c', prelude + code], {
    input: JSON.stringify(inputs),
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

// Largest |a - b| over two equal-length arrays.
export function maxAbsDiff(a, b) {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; ++i) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

// Deterministic values in [-1, 1) (a 32-bit LCG), so tests need no seed library.
export function randomPlane(width, height, seed) {
  let state = seed >>> 0;
  const data = new Float32Array(width * height);
  for (let i = 0; i < data.length; ++i) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    data[i] = state / 2 ** 31 - 1;
  }
  return { width, height, data };
}

// A rank-1 plane (column x row of random values), so the separable method can run it too.
export function rank1Plane(width, height, seed) {
  const column = randomPlane(1, height, seed).data;
  const row = randomPlane(width, 1, seed + 1).data;
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; ++y) for (let x = 0; x < width; ++x) data[y * width + x] = column[y] * row[x];
  return { width, height, data };
}
