// The race: the notebook's `%timeit` between the ways of computing one bank. On the current image
// (its luminance) and bank, every method that applies runs several times in the worker
// (engine.timeBank: each run timed in the engine, the first a warm-up), and the table shows each
// one's median time, its largest difference from direct's maps (the real outputs, subtracted
// here) and the cost model's estimate (engine.estimate), with what auto picks and why. Then the
// crossover plot: the same race over kernel sizes, the presets of the bank at each size, time
// against size on log axes, a line per method and auto's switches marked; its data as a table,
// a CSV and a PNG. A progress bar follows the runs; Cancel drops the runs not yet made.
//
// Settings: race-runs (timed runs per method and size), race-sizes (the plot's kernel sizes).

import { h, formatValue, plural } from '../dom.js';
import { convOptions } from '../settings.js';
import { saveBlob, saveCanvasPng } from '../downloads.js';

// The methods raced, direct first (the reference), with their labels; separable only where every
// kernel is rank 1 (the cost model lists it then).
const METHODS = [
  { name: 'direct', label: 'direct (four loops)' },
  { name: 'im2col', label: 'im2col + GEMM' },
  { name: 'fft', label: 'FFT (BatchFft, SIMD lanes)' },
  { name: 'fft_kiss', label: 'FFT (KissFFT)' },
  { name: 'separable', label: 'separable (row, column)' },
];
const LABEL = Object.fromEntries(METHODS.map((m) => [m.name, m.label]));
// Line colours (with a dash pattern each, so the lines differ without colour too).
const STYLE = {
  direct: { colour: '#d1495b', dash: [] },
  im2col: { colour: '#edae49', dash: [8, 4] },
  fft: { colour: '#00798c', dash: [2, 3] },
  fft_kiss: { colour: '#7b5ea7', dash: [10, 3, 2, 3] },
  separable: { colour: '#30a14e', dash: [4, 4] },
};

// A time with its unit on the number's line: 2 decimals below 10 ms.
const ms = (t) => `${t < 10 ? t.toFixed(2) : t.toFixed(1)}\u00a0ms`;

// A method's first run warms it up (plans, spectra, buffers) unless it takes WARM_UP_MS or more;
// its samples stop at the settings' count, or once they would pass the budget (one at least):
// BUDGET_MS on the bank, PLOT_BUDGET_MS at each size of the plot, so the large kernels of the
// slow methods do not hold the race up.
const WARM_UP_MS = 50;
const BUDGET_MS = 500;
const PLOT_BUDGET_MS = 150;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// The largest |a - b| over every map of two banks.
export function maxDifference(maps, reference) {
  let worst = 0;
  maps.forEach((map, n) => {
    const { data } = reference[n];
    for (let i = 0; i < data.length; i++) worst = Math.max(worst, Math.abs(map.data[i] - data[i]));
  });
  return worst;
}

// The kernel sizes the settings ask for ('3,7,15'), each within [1, max].
export function parseSizes(text, catalog) {
  const max = catalog.limits.maxFilterSize;
  const sizes = String(text)
    .split(',')
    .map((part) => part.trim());
  if (sizes.length > 32) throw new RangeError(`at most 32 sizes, got ${sizes.length}`);
  return sizes.map((part) => {
    const size = Number(part);
    if (part === '' || !Number.isInteger(size) || size < 1 || size > max) {
      throw new RangeError(`each size must be a whole number from 1 to ${max}, got "${part}"`);
    }
    return size;
  });
}

// The crossover's data as CSV: a row per kernel size, a column per method (median ms; empty
// where it does not apply), then auto's estimated pick.
export function crossoverCsv(points) {
  const names = METHODS.map((m) => m.name);
  const lines = [['kernel_size', ...names.map((name) => `${name}_ms`), 'auto'].join(',')];
  for (const { size, times, auto } of points) {
    lines.push([size, ...names.map((name) => times[name] ?? ''), auto].join(','));
  }
  return `${lines.join('\n')}\n`;
}

// The view (app/views.js's contract): {element, update, destroy}.
export function createRaceView({ engine }) {
  return new RaceView(engine);
}

class RaceView {
  #engine;
  #latest = null; // {input, settings, bank}: the last frame's
  #controller = null; // the running race's
  #points = []; // the crossover's measured sizes
  #runButton;
  #cancelButton;
  #progress;
  #status;
  #auto;
  #table;
  #canvas;
  #plotTable;
  #downloads;

  constructor(engine) {
    this.#engine = engine;
    this.#runButton = h('button', { type: 'button', onclick: () => this.run() }, 'Run the race');
    this.#cancelButton = h(
      'button',
      { type: 'button', disabled: true, onclick: () => this.#controller?.abort() },
      'Cancel',
    );
    this.#progress = h('progress', { class: 'race-progress', max: 1, 'aria-label': 'Race progress' });
    this.#progress.value = 0;
    this.#status = h('p', { class: 'race-status', role: 'status' });
    this.#auto = h('p', { class: 'race-auto' });
    this.#table = h('table', { class: 'race-table' });
    this.#canvas = h('canvas', {
      class: 'race-plot',
      role: 'img',
      'aria-label': 'Crossover plot: time against kernel size, one line per method',
      width: 640,
      height: 360,
    });
    this.#plotTable = h('table', { class: 'race-table race-plot-data' });
    this.#downloads = h(
      'div',
      { class: 'race-downloads', hidden: true },
      h('button', { type: 'button', onclick: () => this.#savePng() }, 'Download plot (PNG)'),
      h('button', { type: 'button', onclick: () => this.#saveCsv() }, 'Download data (CSV)'),
    );
    this.element = h(
      'section',
      { class: 'race', 'aria-label': 'Method race' },
      h(
        'p',
        { class: 'race-intro' },
        'One bank, every way of computing it: each method runs on the image and filters above, ' +
          'several times, and its median time is shown beside its largest difference from ' +
          "direct's output and the time auto's cost model expected.",
      ),
      h('div', { class: 'race-actions' }, this.#runButton, this.#cancelButton, this.#progress),
      this.#status,
      this.#table,
      this.#auto,
      h('h2', { class: 'race-heading' }, 'Crossover: time against kernel size'),
      this.#canvas,
      this.#downloads,
      h('details', { class: 'race-details' }, h('summary', {}, 'Plot data'), this.#plotTable),
    );
    this.#table.hidden = true;
    this.#canvas.hidden = true;
  }

  // The frame's bank: its kernels of the first kernel's size, each once (rgb repeats them).
  update(frame, input, settings) {
    const kernels = [];
    const names = [];
    for (const m of frame.maps ?? []) {
      if (kernels.includes(m.kernel)) continue;
      kernels.push(m.kernel);
      names.push(m.title.replace(/ \d+×\d+.*$/, ''));
    }
    const fresh = !this.#latest;
    this.#latest = { input, settings, kernels, names };
    if (fresh && kernels.length) this.run();
  }

  destroy() {
    this.#controller?.abort();
  }

  // The race, then the crossover. Resolves when done or cancelled.
  async run() {
    if (!this.#latest || this.#controller) return;
    const { input, settings, names } = this.#latest;
    const first = this.#latest.kernels[0];
    const same = this.#latest.kernels.filter(
      (k) => k.width === first.width && k.height === first.height,
    );
    const kernels = same.map(({ width, height, data }) => ({ width, height, data }));
    const kernelNames = names.filter((_, i) => same.includes(this.#latest.kernels[i]));
    const controller = new AbortController();
    this.#controller = controller;
    const { signal } = controller;
    // Focus follows the one live button (a disabled button drops it).
    const hadFocus = this.#runButton.matches(':focus');
    this.#cancelButton.disabled = false;
    if (hadFocus) this.#cancelButton.focus();
    this.#runButton.disabled = true;
    this.element.dataset.state = 'running';
    const runs = settings.raceRuns;
    // The settings' spec; the race gives each call its method, and runs the luminance.
    const { method, channels, ...spec } = convOptions(settings);
    const options = { ...spec, signal };
    const sizes = settings.raceSizes;
    // Steps: each method on the bank, then each method at each size (at most).
    const total = METHODS.length * (1 + sizes.length);
    let done = 0;
    const step = (text) => {
      done += 1;
      this.#progress.value = Math.min(done / total, 1);
      if (text) this.#status.textContent = text;
    };
    this.#progress.value = 0;
    this.#status.textContent = 'Racing…';
    const started = performance.now();
    try {
      const plane = await this.#luminance(input, signal);
      const results = await this.#race(plane, kernels, options, runs, BUDGET_MS, step);
      this.#showTable(results, kernelNames, plane, `${first.height}×${first.width}`);
      const presets = settings.filters.filter((name) => name !== 'custom');
      if (presets.length) {
        this.#points = [];
        for (const size of sizes) {
          const bank = await this.#presetBank(settings, size, presets, signal);
          const estimate = await this.#engine.estimate(plane, bank, options);
          const point = { size, times: {}, auto: estimate.auto, estimate };
          const raced = await this.#race(plane, bank, options, runs, PLOT_BUDGET_MS, step, estimate);
          for (const r of raced.rows) point.times[r.method] = Number(r.median.toPrecision(4));
          this.#points.push(point);
          this.#drawPlot();
        }
      } else {
        this.#plotTable.replaceChildren();
        this.#status.textContent = 'The crossover plot needs a preset filter in the bank.';
      }
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      this.#status.textContent =
        `Done in ${seconds} s: the median of up to ${plural(runs, 'sample')} per method and ` +
        'size (each at least 2 ms of back-to-back runs; fewer where they pass 0.5 s on the bank, ' +
        '0.15 s in the plot), after a warm-up run.';
      this.element.dataset.state = 'done';
    } catch (error) {
      if (signal.aborted) {
        this.#status.textContent = 'Cancelled.';
        this.element.dataset.state = 'cancelled';
      } else {
        this.#status.textContent = `The race stopped: ${error.message}`;
        this.element.dataset.state = 'error';
      }
    } finally {
      this.#controller = null;
      const hadFocus = this.#cancelButton.matches(':focus');
      this.#runButton.disabled = false;
      if (hadFocus) this.#runButton.focus();
      this.#cancelButton.disabled = true;
    }
  }

  // The input's luminance, as the engine computes it for the maps: a 1 x 1 kernel of 1.
  async #luminance(input, signal) {
    const one = { width: 1, height: 1, data: new Float32Array([1]) };
    const [map] = await this.#engine.convolveImageData(input.imageData, [one], {
      padding: 'valid',
      method: 'direct',
      signal,
    });
    return { width: map.width, height: map.height, data: map.data };
  }

  // The presets named, at this size and the settings' sigma, angle and wavelength.
  async #presetBank(settings, size, presets, signal) {
    const { sigma, theta, wavelength } = settings;
    const all = await this.#engine.filters({ size, sigma, theta, wavelength, signal });
    return presets
      .map((name) => all.find((f) => f.name === name))
      .filter(Boolean)
      .map(({ width, height, data }) => ({ width, height, data }));
  }

  // Each method that applies, timed: {estimate, rows: [{method, median, times, difference}]},
  // difference against direct's maps.
  async #race(plane, kernels, options, runs, budget, step, known) {
    const estimate = known ?? (await this.#engine.estimate(plane, kernels, options));
    const rows = [];
    let reference = null;
    for (const { name } of METHODS) {
      if (name === 'separable' && estimate.methods.separable === undefined) {
        step(null);
        continue;
      }
      const time = (repeat) =>
        this.#engine.timeBank(plane, kernels, { ...options, method: name, repeat });
      let timed = await time(1);
      const first = timed.ms[0];
      const times = first < WARM_UP_MS ? [] : [first];
      const more = Math.min(runs - times.length, Math.floor(budget / Math.max(first, 2)));
      if (more > 0 || times.length === 0) {
        timed = await time(Math.max(more, 1));
        times.push(...timed.ms);
      }
      reference ??= timed;
      const difference = maxDifference(timed, reference);
      rows.push({ method: name, median: median(times), times, difference });
      step(`${LABEL[name]}: ${ms(median(times))} (${kernels[0].width}×${kernels[0].height})`);
    }
    return { estimate, rows };
  }

  #showTable({ estimate, rows }, names, plane, kernelSize) {
    const head = h(
      'tr',
      {},
      ['method', 'median time', 'samples', 'max |difference| from direct', "auto's estimate", 'auto'].map(
        (text) => h('th', { scope: 'col' }, text),
      ),
    );
    const picks = estimate.split
      ? [estimate.split.other.pick, 'separable']
      : [estimate.auto];
    const body = rows.map((row) => {
      const estimated = estimate.methods[row.method] ?? estimate.split?.separable.methods[row.method];
      const pick = picks.includes(row.method);
      return h(
        'tr',
        { class: pick ? 'race-pick' : null, 'data-method': row.method },
        h('th', { scope: 'row' }, LABEL[row.method]),
        h('td', { class: 'race-time' }, ms(row.median)),
        h('td', {}, String(row.times.length)),
        h('td', { class: 'race-difference' }, formatValue(row.difference)),
        h('td', {}, estimated === undefined ? 'not compared' : ms(estimated)),
        h('td', {}, pick ? "auto's pick" : ''),
      );
    });
    const caption =
      `${plane.width} × ${plane.height} luminance, ${plural(names.length, 'kernel')} ` +
      `${kernelSize}: ${names.join(', ')}`;
    this.#table.replaceChildren(
      h('caption', {}, caption),
      h('thead', {}, head),
      h('tbody', {}, body),
    );
    this.#table.hidden = false;
    this.#auto.textContent = explainAuto(estimate, names);
  }

  #drawPlot() {
    this.#canvas.hidden = false;
    this.#downloads.hidden = false;
    drawCrossover(this.#canvas, this.#points);
    const names = METHODS.map((m) => m.name);
    this.#plotTable.replaceChildren(
      h(
        'thead',
        {},
        h('tr', {}, ['kernel size', ...names.map((n) => `${n} ms`), 'auto'].map((t) =>
          h('th', { scope: 'col' }, t),
        )),
      ),
      h(
        'tbody',
        {},
        this.#points.map((p) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, String(p.size)),
            names.map((n) => h('td', {}, p.times[n] === undefined ? '' : String(p.times[n]))),
            h('td', {}, p.auto),
          ),
        ),
      ),
    );
  }

  #saveCsv() {
    saveBlob(new Blob([crossoverCsv(this.#points)], { type: 'text/csv' }), 'crossover.csv');
  }

  #savePng() {
    saveCanvasPng(this.#canvas, 'crossover');
  }
}

// Why auto picks what it picks, in the cost model's numbers.
function explainAuto(estimate, names) {
  const list = (methods) =>
    Object.entries(methods)
      .sort((a, b) => a[1] - b[1])
      .map(([name, t]) => `${name} ${ms(t)}`)
      .join(', ');
  if (!estimate.split) {
    return (
      `auto picks ${estimate.auto}: its cost model expects it fastest ` +
      `(${list(estimate.methods)}; KissFFT is never compared).`
    );
  }
  const { separable, other } = estimate.split;
  const who = (part) => part.kernels.map((k) => names[k] ?? `kernel ${k}`).join(', ');
  return (
    `auto splits the bank: ${who(separable)} are rank 1 and run separable ` +
    `(${list(separable.methods)}), the others (${who(other)}) run ${other.pick} ` +
    `(${list(other.methods)}); ${ms(estimate.ms)} in all, against ${list(estimate.methods)} for ` +
    'the whole bank by one method.'
  );
}

// Log-log axes, a line per method, auto's switches as dashed verticals.
function drawCrossover(canvas, points) {
  const scale = globalThis.devicePixelRatio || 1;
  const width = 640;
  const height = 360;
  canvas.width = width * scale;
  canvas.height = height * scale;
  const context = canvas.getContext('2d');
  context.setTransform(scale, 0, 0, scale, 0, 0);
  const computed = getComputedStyle(canvas);
  const bg = computed.getPropertyValue('--cs-bg-resolved').trim() || '#ffffff';
  const fg = computed.getPropertyValue('--cs-fg-resolved').trim() || '#1b1f24';
  context.fillStyle = bg;
  context.fillRect(0, 0, width, height);
  const box = { left: 92, right: width - 110, top: 16, bottom: height - 48 };
  const times = points.flatMap((p) => Object.values(p.times)).filter((t) => t > 0);
  const sizes = points.map((p) => p.size);
  if (!times.length) return;
  const logRange = (lo, hi) => {
    const a = Math.floor(Math.log10(lo));
    const b = Math.max(Math.ceil(Math.log10(hi)), a + 1);
    return [a, b];
  };
  const [t0, t1] = logRange(Math.min(...times), Math.max(...times));
  const s0 = Math.log10(Math.min(...sizes));
  const s1 = Math.max(Math.log10(Math.max(...sizes)), s0 + 0.1);
  const x = (size) => box.left + ((Math.log10(size) - s0) / (s1 - s0)) * (box.right - box.left);
  const y = (t) => box.bottom - ((Math.log10(t) - t0) / (t1 - t0)) * (box.bottom - box.top);

  context.strokeStyle = fg;
  context.fillStyle = fg;
  context.lineWidth = 1;
  context.font = '12px system-ui, sans-serif';
  context.strokeRect(box.left, box.top, box.right - box.left, box.bottom - box.top);
  context.textAlign = 'right';
  context.textBaseline = 'middle';
  for (let e = t0; e <= t1; e++) {
    const label = e >= 0 ? String(10 ** e) : (10 ** e).toFixed(-e);
    context.fillText(`${label} ms`, box.left - 6, y(10 ** e));
    context.globalAlpha = 0.2;
    context.beginPath();
    context.moveTo(box.left, y(10 ** e));
    context.lineTo(box.right, y(10 ** e));
    context.stroke();
    context.globalAlpha = 1;
  }
  context.textAlign = 'center';
  context.textBaseline = 'top';
  for (const size of sizes) context.fillText(String(size), x(size), box.bottom + 6);
  context.fillText('kernel size K (K × K, log scale)', (box.left + box.right) / 2, box.bottom + 24);
  context.save();
  context.translate(18, (box.top + box.bottom) / 2);
  context.rotate(-Math.PI / 2);
  context.fillText('median time (log scale)', 0, 0);
  context.restore();

  // auto's switches: where its pick differs from the size before.
  // Labelled inside the plot, on the side of the line with more room.
  context.setLineDash([3, 3]);
  let switches = 0;
  points.forEach((p, i) => {
    if (i === 0 || p.auto === points[i - 1].auto) return;
    const at = x(p.size);
    context.beginPath();
    context.moveTo(at, box.top);
    context.lineTo(at, box.bottom);
    context.stroke();
    const right = at > (box.left + box.right) / 2;
    context.textAlign = right ? 'right' : 'left';
    context.fillText(`auto → ${p.auto}`, at + (right ? -4 : 4), box.top + 4 + 16 * (switches++ % 4));
  });
  context.setLineDash([]);

  // A line per method, with its points.
  const legend = METHODS.filter((m) => points.some((p) => p.times[m.name] !== undefined));
  legend.forEach(({ name }) => {
    const { colour, dash } = STYLE[name];
    context.strokeStyle = colour;
    context.fillStyle = colour;
    context.lineWidth = 2;
    context.setLineDash(dash);
    context.beginPath();
    let drawing = false;
    for (const p of points) {
      const t = p.times[name];
      if (t === undefined) {
        drawing = false;
        continue;
      }
      if (drawing) context.lineTo(x(p.size), y(t));
      else context.moveTo(x(p.size), y(t));
      drawing = true;
    }
    context.stroke();
    context.setLineDash([]);
    for (const p of points) {
      const t = p.times[name];
      if (t === undefined) continue;
      context.beginPath();
      context.arc(x(p.size), y(t), 3, 0, 2 * Math.PI);
      context.fill();
    }
  });
  // The legend, right of the plot.
  context.textAlign = 'left';
  context.textBaseline = 'middle';
  legend.forEach(({ name }, i) => {
    const { colour, dash } = STYLE[name];
    const ly = box.top + 10 + i * 20;
    context.strokeStyle = colour;
    context.lineWidth = 2;
    context.setLineDash(dash);
    context.beginPath();
    context.moveTo(box.right + 10, ly);
    context.lineTo(box.right + 34, ly);
    context.stroke();
    context.setLineDash([]);
    context.fillStyle = fg;
    context.fillText(name, box.right + 40, ly);
  });
}
