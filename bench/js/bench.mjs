// The JS API's speed in Node's wasm against OpenCV.js (cv.filter2D, float32 and RGBA 8-bit) and
// TensorFlow.js's wasm backend (tf.conv2d), on the same inputs in the same run. A benchmark, not
// a test: it prints a table and the ratios. One thread everywhere (neither OpenCV.js 4.5.2 nor
// TF.js's wasm backend uses threads in Node).
//
//   node bench/js/bench.mjs [--wall]          (needs dist/: bash scripts/build-web.sh)
//
// Workloads: the engine's (bench/README.md: 'same' padding, zero border, correlation, images
// uniform in [0, 1], random kernels in [-1, 1], not separable unless named), then a 1280x720
// RGBA frame with a 5x5 kernel, then the live frame: 1280x720 RGBA, luminance, 4 filters 7x7,
// convolve + render. The three libraries compute the same numbers (OpenCV: BORDER_CONSTANT; TF:
// explicit zero padding as 'same' places it); "agree" checks each against convscope's output:
// max abs error / (sum|k| x max|image|) <= 1e-4. The last columns time the fft method over
// convscope's BatchFft and fft_kiss, the same correlator over KissFFT, in the same run.
//
// What is timed. convscope: the API call, copying inputs into wasm and the maps out into reused
// arrays (options.out), as a page does; 'fresh' is the default call, which returns new arrays.
// OpenCV: cv.filter2D on Mats it already holds, into reused Mats (a strided workload is computed
// whole, as filter2D has no stride). TF: tf.conv2d on tensors it holds, plus dataSync().
// Clock: the process's CPU time (user + system, page faults included), as `convscope bench`: on
// these shared 2-core VMs wall time swings by 2x; --wall switches to wall-clock time. Each figure
// is the median of the timed samples (at least 5, up to 25 or about 1.5 s) after ~200 ms of
// warm-up, each sample the mean of back-to-back calls filling about 20 ms, after a full garbage
// collection and 10 ms idle.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(root, 'package.json'));
const { createEngine } = await import(join(root, 'dist', 'convscope.js'));
const wall = process.argv.includes('--wall');
// A full collection before each timed run keeps V8's collector threads, whose CPU time the
// process clock also counts, out of the samples (they doubled the 2048x2048 figures).
v8.setFlagsFromString('--expose-gc');
// The collector then finishes on background threads, which the process clock counts too: without
// the idle wait after it, a 1.5 ms FFT measured 2.3 ms of CPU time.
const gc = vm.runInNewContext('gc');
const idle = new Int32Array(new SharedArrayBuffer(4));
function collectGarbage() {
  gc();
  Atomics.wait(idle, 0, 0, 10);
}

// ---------------------------------------------------------------------------------------------
// Inputs: deterministic uniform values (a 32-bit LCG).

function lcg(seed) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
function plane(width, height, seed, lo = 0) {
  const next = lcg(seed);
  const data = Float32Array.from({ length: width * height }, () => lo + (1 - lo) * next());
  return { width, height, data };
}
const randomKernel = (size, seed) => plane(size, size, seed, -1);
function rgbaFrame(width, height, seed) {
  const next = lcg(seed);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; ++i) data[i] = (i & 3) === 3 ? 255 : next() * 256;
  return { width, height, data };
}

const now = wall
  ? () => performance.now()
  : () => {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1000;
    };

// A sample is the mean of back-to-back calls filling about 20 ms (one call when it takes longer),
// so the caches are as warm as on a page calling every frame, and the clock's resolution and the
// collection's aftermath weigh little.
// Before it, calls for about 200 ms (at least one): V8 compiles the hot wasm and JS functions
// again, optimized, on background threads the process clock counts.
function time(fn) {
  const warm = performance.now();
  do fn(); while (performance.now() - warm < 200);
  let t = performance.now();
  fn();
  const calls = Math.max(1, Math.ceil(20 / Math.max(performance.now() - t, 0.01)));
  const samples = [];
  const start = performance.now();
  while (samples.length < 5 || (samples.length < 25 && performance.now() - start < 1500)) {
    collectGarbage();
    t = now();
    for (let i = 0; i < calls; ++i) fn();
    samples.push((now() - t) / calls);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

// ---------------------------------------------------------------------------------------------
// The three libraries, each running a bank of kernels over a float32 image at a stride.

const engine = await createEngine();

let cv = require('@techstark/opencv-js');
if (cv instanceof Promise) cv = await cv;
else if (!cv.Mat) await new Promise((resolve) => { cv.onRuntimeInitialized = resolve; });

const tf = require('@tensorflow/tfjs-core');
const tfWasm = require('@tensorflow/tfjs-backend-wasm');
tfWasm.setWasmPaths(join(root, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist') + '/');
await tf.setBackend('wasm');
await tf.ready();

// Rows and columns [::stride] of a height x width map (what 'same' with a stride keeps).
function sample(data, width, height, stride) {
  if (stride === 1) return data;
  const out = [];
  for (let y = 0; y < height; y += stride) for (let x = 0; x < width; x += stride) out.push(data[y * width + x]);
  return Float32Array.from(out);
}

function convscope(image, kernels, stride, method = 'auto') {
  let maps;
  try {
    maps = engine.conv2dBank(image, kernels, { method, stride });
  } catch (error) {
    if (method === 'separable' && error instanceof RangeError) return null; // not rank 1
    throw error;
  }
  const out = maps.map((m) => m.data);
  const ms = time(() => { maps = engine.conv2dBank(image, kernels, { method, stride, out }); });
  const fresh = method === 'auto' ? time(() => engine.conv2dBank(image, kernels, { method, stride })) : null;
  return { ms, fresh, method: maps[0].method, results: maps.map((m) => m.data) };
}

const cvMat = (p) => cv.matFromArray(p.height, p.width, cv.CV_32F, p.data);
const cvAnchor = new cv.Point(-1, -1);

function opencv(image, kernels, stride) {
  const src = cvMat(image);
  const ks = kernels.map(cvMat);
  const outs = kernels.map(() => new cv.Mat());
  const ms = time(() => ks.forEach((k, i) => cv.filter2D(src, outs[i], cv.CV_32F, k, cvAnchor, 0, cv.BORDER_CONSTANT)));
  const results = outs.map((m) => sample(Float32Array.from(m.data32F), image.width, image.height, stride));
  [src, ...ks, ...outs].forEach((m) => m.delete());
  return { ms, results };
}

// One conv2d over the whole bank: NHWC input, [kh, kw, 1, n] filter, the padding 'same' gives.
function tensorflow(image, kernels, stride) {
  const [kh, kw, n] = [kernels[0].height, kernels[0].width, kernels.length];
  const x = tf.tensor4d(image.data, [1, image.height, image.width, 1]);
  const weights = new Float32Array(kh * kw * n);
  kernels.forEach((k, c) => k.data.forEach((v, i) => { weights[i * n + c] = v; }));
  const w = tf.tensor4d(weights, [kh, kw, 1, n]);
  const pad = [[0, 0], [(kh - 1) >> 1, kh >> 1], [(kw - 1) >> 1, kw >> 1], [0, 0]];
  let last = null;
  const ms = time(() => {
    const y = tf.conv2d(x, w, stride, pad);
    last = y.dataSync();
    y.dispose();
  });
  const size = last.length / n;
  const results = kernels.map((_, c) => Float32Array.from({ length: size }, (_, i) => last[i * n + c]));
  x.dispose();
  w.dispose();
  return { ms, results };
}

function relativeError(results, reference, kernels, image) {
  let worst = 0;
  results.forEach((data, m) => {
    if (data.length !== reference[m].length) worst = Infinity;
    else for (let i = 0; i < data.length; ++i) worst = Math.max(worst, Math.abs(data[i] - reference[m][i]));
  });
  const taps = Math.max(...kernels.map((k) => k.data.reduce((s, v) => s + Math.abs(v), 0)));
  const peak = image.data.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  return worst / (taps * peak);
}

// ---------------------------------------------------------------------------------------------
// The table.

const fmt = (ms) => (ms == null ? '-' : ms < 10 ? ms.toFixed(2) : ms.toFixed(1)).padStart(7);
const ratio = (theirs, ours) => (theirs == null ? '-' : `${(theirs / ours).toFixed(2)}x`).padStart(6);
const agree = (err) => (err <= 1e-4 ? 'yes' : `NO ${err.toExponential(0)}`).padEnd(7);
// fftMs, kissMs: the fft method over BatchFft and over KissFFT (fft_kiss), and how many times
// faster BatchFft is.
function row(name, ours, method, fresh, best, cvMs, cvAgree, tfMs, tfAgree, fftMs, kissMs) {
  console.log(
    `${name.padEnd(24)} ${fmt(ours)} ${method.padEnd(9)} ${fmt(fresh)} ${best.padEnd(17)}` +
      ` ${fmt(cvMs)} ${ratio(cvMs, ours)} ${cvAgree} ${fmt(tfMs)} ${ratio(tfMs, ours)} ${tfAgree.padEnd(5)}` +
      ` ${fmt(fftMs)} ${fmt(kissMs)} ${ratio(kissMs, fftMs)}`,
  );
}

console.log(
  `convscope ${'(Node ' + process.versions.node + ' wasm)'} vs OpenCV.js 4.5.2 cv.filter2D and ` +
    `TF.js ${tf.version_core} wasm tf.conv2d; ms of ${wall ? 'wall-clock' : 'CPU'} time, median; ` +
    'ratio = their ms / convscope ms (above 1: convscope is faster)\n',
);
console.log(
  `${'workload'.padEnd(24)} ${'convsc.'.padStart(7)} ${'(auto)'.padEnd(9)} ${'fresh'.padStart(7)} ` +
    `${'fastest method'.padEnd(17)} ${'OpenCV'.padStart(7)} ${'ratio'.padStart(6)} ${'agree'.padEnd(7)} ` +
    `${'TF.js'.padStart(7)} ${'ratio'.padStart(6)} agree ${'fft'.padStart(7)} ` +
    `${'KissFFT'.padStart(7)} ${'ratio'.padStart(6)}`,
);

const image512 = plane(512, 512, 1);
const notebookBank = engine
  .filters({ size: 7, sigma: 1 })
  .filter((f) => ['vertical', 'horizontal', 'flattop', 'gaussian'].includes(f.name));
const gaussian31 = engine.filters({ size: 31, sigma: 5 }).find((f) => f.name === 'gaussian');
const workloads = [
  ['512x512 3x3', image512, [randomKernel(3, 2)], 1],
  ['512x512 7x7', image512, [randomKernel(7, 3)], 1],
  ['512x512 15x15', image512, [randomKernel(15, 4)], 1],
  ['512x512 31x31', image512, [randomKernel(31, 5)], 1],
  ['512x512 31x31 gaussian', image512, [gaussian31], 1],
  ['512x512 7x7 bank of 4', image512, notebookBank, 1],
  ['512x512 15x15 stride 2', image512, [randomKernel(15, 6)], 2],
  ['2048x2048 31x31', plane(2048, 2048, 7), [randomKernel(31, 8)], 1],
];
for (const [name, image, kernels, stride] of workloads) {
  const ours = convscope(image, kernels, stride);
  // Every method timed explicitly (direct only where it takes well under a second).
  const work = kernels.length * kernels[0].width * kernels[0].height * image.width * image.height;
  const methods = ['im2col', 'fft', 'fft_kiss', 'separable', ...(work <= 512 * 512 * 256 ? ['direct'] : [])];
  const timed = methods.map((m) => convscope(image, kernels, stride, m)).filter(Boolean);
  const best = timed.reduce((a, b) => (b.ms < a.ms ? b : a));
  const [fft, kiss] = ['fft', 'fft_kiss'].map((m) => timed.find((t) => t.method === m).ms);
  const theirs = [opencv(image, kernels, stride), tensorflow(image, kernels, stride)];
  const [cvAgree, tfAgree] = theirs.map((r) => agree(relativeError(r.results, ours.results, kernels, image)));
  row(name, ours.ms, ours.method, ours.fresh, `${best.method} ${best.ms.toFixed(2)}`, theirs[0].ms, cvAgree, theirs[1].ms, tfAgree, fft, kiss);
}

// 1280x720 RGBA, 5x5: OpenCV filters the 8-bit RGBA Mat (4 channels, saturated to 0..255);
// convscope convolves R, G and B as float planes (the luminance map alone in the 'fastest'
// column); TF.js a depthwise conv over the 4 channels as floats. The outputs differ in type, so
// there is no agreement column.
{
  const frame = rgbaFrame(1280, 720, 9);
  const k = randomKernel(5, 10);
  let maps = engine.convolveImageData(frame, [k], { channels: 'rgb' });
  const out = maps.map((m) => m.data);
  const ours = time(() => { maps = engine.convolveImageData(frame, [k], { channels: 'rgb', out }); });
  const fresh = time(() => engine.convolveImageData(frame, [k], { channels: 'rgb' }));
  const luminance = time(() => engine.convolveImageData(frame, [k], { out: [out[0]] }));
  const src = cv.matFromArray(720, 1280, cv.CV_8UC4, frame.data);
  const dst = new cv.Mat();
  const ck = cvMat(k);
  const cvMs = time(() => cv.filter2D(src, dst, -1, ck, cvAnchor, 0, cv.BORDER_CONSTANT));
  const x = tf.tensor4d(Float32Array.from(frame.data), [1, 720, 1280, 4]);
  const w = tf.tensor4d(Float32Array.from({ length: 100 }, (_, i) => k.data[i >> 2]), [5, 5, 4, 1]);
  const tfMs = time(() => {
    const y = tf.depthwiseConv2d(x, w, 1, [[0, 0], [2, 2], [2, 2], [0, 0]]);
    y.dataSync();
    y.dispose();
  });
  [src, dst, ck].forEach((m) => m.delete());
  x.dispose();
  w.dispose();
  row('1280x720 RGBA 5x5', ours, maps[0].method, fresh, `luminance ${luminance.toFixed(2)}`, cvMs, '-'.padEnd(7), tfMs, '-');
}

// The live frame, in one call: convolveImageData with render, into reused arrays ('fresh': new
// arrays); below it the convolution alone and the frame with render range 'shared'. OpenCV's same
// pipeline: cvtColor to gray, scale to float, 4 filter2D, then per map minMaxLoc, convertTo 8-bit
// over that range, cvtColor to RGBA.
{
  const frame = rgbaFrame(1280, 720, 11);
  const pixels = 1280 * 720;
  const out = notebookBank.map(() => new Float32Array(pixels));
  const rgba = notebookBank.map(() => new Uint8ClampedArray(pixels * 4));
  const live = () => engine.convolveImageData(frame, notebookBank, { out, render: { colormap: 'gray', out: rgba } });
  const ours = time(live);
  const method = live()[0].method;
  const fresh = time(() => engine.convolveImageData(frame, notebookBank, { render: { colormap: 'gray' } }));
  const convolveMs = time(() => engine.convolveImageData(frame, notebookBank, { out }));
  const im2col = time(() => engine.convolveImageData(frame, notebookBank, { out, method: 'im2col', render: { colormap: 'gray', out: rgba } }));
  // Every map over one range, the union of theirs: each drawn once more to find its own.
  const shared = time(() => engine.convolveImageData(frame, notebookBank, { out, render: { colormap: 'gray', range: 'shared', out: rgba } }));

  const src = cv.matFromArray(720, 1280, cv.CV_8UC4, frame.data);
  const gray = new cv.Mat();
  const grayF = new cv.Mat();
  const ks = notebookBank.map(cvMat);
  const filtered = ks.map(() => new cv.Mat());
  const bytes = ks.map(() => new cv.Mat());
  const colour = ks.map(() => new cv.Mat());
  const cvMs = time(() => {
    cv.cvtColor(src, gray, cv.COLOR_RGBA2GRAY);
    gray.convertTo(grayF, cv.CV_32F, 1 / 255);
    ks.forEach((k, i) => {
      cv.filter2D(grayF, filtered[i], cv.CV_32F, k, cvAnchor, 0, cv.BORDER_CONSTANT);
      const { minVal, maxVal } = cv.minMaxLoc(filtered[i]);
      const scale = maxVal > minVal ? 255 / (maxVal - minVal) : 0;
      filtered[i].convertTo(bytes[i], cv.CV_8U, scale, -minVal * scale);
      cv.cvtColor(bytes[i], colour[i], cv.COLOR_GRAY2RGBA);
    });
  });
  [src, gray, grayF, ...ks, ...filtered, ...bytes, ...colour].forEach((m) => m.delete());
  row('live 1280x720 4x 7x7', ours, method, fresh, `im2col ${im2col.toFixed(1)}`, cvMs, '-'.padEnd(7), null, '-');
  console.log(`${''.padEnd(24)} (of which convolveImageData alone: ${convolveMs.toFixed(1)} ms; with render range 'shared': ${shared.toFixed(1)} ms)`);
}

const wasm = readFileSync(join(root, 'dist', 'convscope.wasm'));
const glue = readFileSync(join(root, 'dist', 'convscope-wasm.js'));
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
console.log(
  `\nconvscope.wasm ${kib(wasm.length)}, ${kib(gzipSync(wasm, { level: 9 }).length)} gzipped; ` +
    `glue convscope-wasm.js ${kib(glue.length)}, ${kib(gzipSync(glue, { level: 9 }).length)} gzipped`,
);
