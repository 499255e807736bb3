// The frame pipeline: one frame from an input image and the settings to the grid's entries.
//   input ImageData -> kernels (presets at the settings' size, the custom matrix) -> one engine
//   call per kernel size (convolve + render + geometry) -> entries, colour bar and summary lines
// It keeps what frames share: the presets per size, the kernels' thumbnails, the colour bars, and
// the webcam's recycled arrays. The element decides when a frame runs and what is shown.

import { BufferPool } from './buffer-pool.js';
import { ms, plural } from './dom.js';
import { convOptions } from './settings.js';
import { formulaText, tintUnused } from './map-grid.js';
import { SLOW_METHODS, estimateSeconds, heavyWorkNote } from './cost.js';

// Kernel-major, then r, g, b: each filter's channel maps side by side.
const CHANNEL_ORDER = { luminance: 0, r: 0, g: 1, b: 2 };

function groupBySize(kernels) {
  const groups = new Map();
  for (const k of kernels) {
    const key = `${k.kernel.height}×${k.kernel.width}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(k);
  }
  return groups;
}

export class FramePipeline {
  #engine;
  #presets = new Map(); // "size|sigma|theta|wavelength" -> Filter[] from the engine
  #custom = null; // {source: settings.custom, kernel: Plane}
  #kernelImage = new WeakMap(); // a kernel's Float32Array -> its Rendered thumbnail
  #ramps = new Map(); // colormap -> 256 RGBA colours
  #pool = new BufferPool(); // webcam frames: the maps' arrays, recycled
  #shownBuffers = []; // the pool's arrays behind the maps on show

  #onHeavyWork;

  // onHeavyWork(text): called before a call the estimate says takes seconds (app/cost.js).
  constructor(engine, onHeavyWork = () => {}) {
    this.#engine = engine;
    this.#onHeavyWork = onHeavyWork;
  }

  // The presets at the settings' size, sigma, angle and wavelength.
  async presets({ size, sigma, theta, wavelength }) {
    const key = `${size}|${sigma}|${theta}|${wavelength}`;
    if (!this.#presets.has(key)) {
      this.#presets.set(key, await this.#engine.filters({ size, sigma, theta, wavelength }));
    }
    return this.#presets.get(key);
  }

  // One frame. Returns null when `signal` aborted it, {empty: true} when no filter is checked,
  // else {entries, ramp, summary, maps, buffers}. Throws the engine's errors (with `argument`).
  async run(input, settings, signal) {
    const frameStart = performance.now();
    const kernels = await this.#kernels(settings);
    if (signal.aborted) return null;
    if (kernels.length === 0) return { empty: true };
    await this.#kernelImages(kernels, signal);
    const bank = await this.#convolve(input, kernels, settings, signal);
    const ramp = signal.aborted ? null : await this.#ramp(settings.colormap, signal);
    if (signal.aborted) {
      this.#giveBack(bank.buffers);
      return null;
    }
    const frameTime = performance.now() - frameStart;
    const count = plural(bank.maps.length, 'map');
    bank.summary.push(
      `time: convolution + render ${ms(bank.convTime)} for ${count} · ` +
        `whole frame ${ms(frameTime)}`,
    );
    const entries = [this.#inputEntry(input, bank.geometries), ...this.#mapEntries(bank.maps)];
    const { summary, maps, buffers } = bank;
    return { entries, ramp, summary, maps, buffers, frameTime };
  }

  // The frame is on show: the previous frame's arrays are off the screen, so the next frame may
  // write into them.
  shown(frame) {
    this.#giveBack(this.#shownBuffers);
    this.#shownBuffers = frame.buffers;
  }

  #giveBack(buffers) {
    buffers.forEach((b) => this.#pool.give(b));
  }

  // The input first, with the rows and columns the stride leaves unused tinted (the engine's
  // `unused` counts input pixels only, never the padding after them).
  #inputEntry(input, geometries) {
    const rows = Math.max(...geometries.map((g) => g.y.unused));
    const columns = Math.max(...geometries.map((g) => g.x.unused));
    return {
      title: `input ${input.width} × ${input.height}`,
      map: null,
      rgba: rows || columns ? tintUnused(input.imageData, rows, columns) : input.imageData,
      plain: input.imageData, // the input untinted: its PNG download, which "Copy as NumPy" reads
      range: null,
      kernel: null,
      detail: input.scaled
        ? `downscaled from ${input.sourceWidth} × ${input.sourceHeight}`
        : 'original size',
    };
  }

  #mapEntries(maps) {
    return maps.map((m) => ({
      title: m.title,
      map: m.map,
      rgba: m.map.rendered,
      range: m.map.rendered.range,
      kernel: this.#kernelImage.get(m.kernel.data),
      detail: `${m.map.width} × ${m.map.height} · ${m.map.method} · ${m.timeShare}`,
    }));
  }

  // The filters in the order the settings write them (the order of the maps), each once: presets
  // at the current size and sigma, and the custom kernel where 'custom' stands.
  async #kernels(settings) {
    const presets = await this.presets(settings);
    const byName = new Map(presets.map((f) => [f.name, f]));
    const names = [...new Set(settings.filters)];
    const unknown = names.filter((name) => name !== 'custom' && !byName.has(name));
    if (unknown.length) {
      const error = new TypeError(
        `unknown filter "${unknown[0]}"; the filters are ${[...byName.keys()].join(', ')}`,
      );
      error.argument = 'filters';
      throw error;
    }
    if (names.includes('custom') && this.#custom?.source !== settings.custom) {
      // One Float32Array per custom kernel, not per frame (the thumbnails are cached by it).
      const { height, width, data } = settings.custom;
      this.#custom = {
        source: settings.custom,
        kernel: { width, height, data: Float32Array.from(data) },
      };
    }
    return names.map((name) => {
      if (name === 'custom') return { name, kernel: this.#custom.kernel };
      const { width, height, data } = byName.get(name);
      return { name, kernel: { width, height, data } };
    });
  }

  // Each kernel drawn by the engine (grey, 0 at mid-grey), remembered per kernel array.
  async #kernelImages(kernels, signal) {
    for (const { kernel } of kernels) {
      if (this.#kernelImage.has(kernel.data)) continue;
      const options = { colormap: 'gray', negative: 'diverging', signal };
      this.#kernelImage.set(kernel.data, await this.#engine.render(kernel, options));
    }
  }

  // Runs the bank, one engine call per kernel size (a bank shares one size), each map rendered
  // in the same call. Returns the maps with titles in map order, the calls' geometries, the
  // summary lines (output-size formulas, method), the time of the engine calls and the pool's
  // arrays the maps live in (webcam frames; else none).
  async #convolve(input, kernels, settings, signal) {
    const groups = groupBySize(kernels);
    const position = new Map(kernels.map((k, i) => [k, i]));
    const channelsLine =
      settings.channels === 'rgb' ? 'R, G, B channels separately' : 'luminance (Rec. 601)';
    const bank = { maps: [], geometries: [], buffers: [], convTime: 0, summary: [] };
    const inputLine = `input ${input.width} × ${input.height} · ${channelsLine} · ${settings.op}`;
    bank.summary.push(inputLine);
    try {
      for (const [key, group] of groups) {
        const { results, geometry } = await this.#call(input, group, settings, signal, bank);
        const prefix = groups.size > 1 ? `${key} kernels: ` : '';
        const { stride, dilation } = settings;
        bank.summary.push(prefix + formulaText('height', geometry.y, stride, dilation));
        bank.summary.push(prefix + formulaText('width', geometry.x, stride, dilation));
        for (const result of results) {
          const { name, kernel } = group[result.kernel];
          const channel =
            result.channel === 'luminance' ? '' : ` · ${result.channel.toUpperCase()}`;
          const title = `${name} ${kernel.height}×${kernel.width}${channel}`;
          const order = position.get(group[result.kernel]) * 3 + CHANNEL_ORDER[result.channel];
          const timeShare = results.timeShare;
          bank.maps.push({ title, name, map: result, timeShare, order, kernel });
        }
      }
      if (settings.range === 'shared' && groups.size > 1) {
        await this.#shareRange(bank, settings, signal);
      }
    } catch (error) {
      this.#giveBack(bank.buffers);
      throw error;
    }
    bank.maps.sort((a, b) => a.order - b.order);
    const used = [...new Set(bank.maps.map((m) => m.map.method))].join(', ');
    bank.summary.push(`method: ${used} (requested ${settings.method})`);
    return bank;
  }

  // One engine call for kernels of one size: convolve, render and the output geometry. Webcam
  // frames write into the arrays of an earlier frame of the same shape (kept in bank.buffers).
  async #call(input, group, settings, signal, bank) {
    const t0 = performance.now();
    const { width, height } = group[0].kernel;
    const options = { ...convOptions(settings), channels: settings.channels };
    const key = JSON.stringify([input.width, input.height, width, height, group.length, options]);
    const render = {
      colormap: settings.colormap,
      negative: settings.negative,
      range: settings.range === 'shared' ? 'shared' : 'minmax',
    };
    const kernels = group.map((k) => k.kernel);
    if (SLOW_METHODS.includes(settings.method)) {
      await this.#noteHeavyWork(input, kernels, settings, signal);
    }
    const reuse = input.live ? this.#pool.take(key) : null;
    let results;
    try {
      results = await this.#engine.convolveImageData(input.imageData, kernels, {
        ...options,
        render: reuse ? { ...render, out: reuse.rgba } : render,
        ...(reuse ? { out: reuse.out } : {}),
        signal,
      });
    } catch (error) {
      if (reuse) this.#pool.give(reuse);
      throw error;
    }
    // The arrays came back from the worker as the results' own.
    if (input.live) {
      const out = results.map((r) => r.data);
      bank.buffers.push({ key, out, rgba: results.map((r) => r.rendered.data) });
    }
    const elapsed = performance.now() - t0;
    bank.convTime += elapsed;
    bank.geometries.push(results.geometry);
    // The bank runs in one pass: a map's time is its share of the call.
    results.timeShare = `conv + render ≈${ms(elapsed / results.length)}`;
    return { results, geometry: results.geometry };
  }

  // Says so before a call the estimate says takes seconds.
  async #noteHeavyWork(input, kernels, settings, signal) {
    const { width, height } = kernels[0];
    const { channels, ...spec } = convOptions(settings);
    const options = { ...spec, signal };
    const geometry = await this.#engine.outputSize(input.imageData, { width, height }, options);
    const maps = kernels.length * (channels === 'rgb' ? 3 : 1);
    const seconds = estimateSeconds(settings.method, geometry, { width, height }, maps);
    const note = heavyWorkNote(seconds, settings.method);
    if (note) this.#onHeavyWork(note);
  }

  // A shared range over kernels of several sizes: each call shared the range of its own maps;
  // the maps whose range is not the union of them all are drawn again over the union.
  async #shareRange(bank, settings, signal) {
    const ranges = bank.maps.map((m) => m.map.rendered.range);
    const range = [Math.min(...ranges.map((r) => r[0])), Math.max(...ranges.map((r) => r[1]))];
    for (const m of bank.maps) {
      const [lo, hi] = m.map.rendered.range;
      if (lo === range[0] && hi === range[1]) continue;
      const { colormap, negative } = settings;
      m.map.rendered = await this.#engine.render(m.map, { colormap, negative, range, signal });
    }
  }

  // 256 RGBA colours of a colormap, rendered by the engine itself (the colour bar).
  async #ramp(colormap, signal) {
    if (!this.#ramps.has(colormap)) {
      const data = Float32Array.from({ length: 256 }, (_, i) => i);
      const rendered = await this.#engine.render(
        { width: 256, height: 1, data },
        { colormap, range: [0, 255], negative: 'clip', signal },
      );
      this.#ramps.set(colormap, rendered.data);
    }
    return this.#ramps.get(colormap);
  }
}
