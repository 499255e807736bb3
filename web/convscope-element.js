// <conv-scope>: the whole convscope page as one reusable custom element.
//
//   <script type="module" src="convscope-element.js"></script>
//   <conv-scope image="ascent" filters="gaussian,vertical" size="7" sigma="1"></conv-scope>
//
// Attributes (each optional; the same keys make up the full page's URL hash):
//   image        a bundled sample (ascent, face, zero) or an image URL
//   filters      preset names and/or a custom matrix: "gaussian,[[1,0,-1],[2,0,-2],[1,0,-1]]"
//   size, sigma  the presets' kernel side (1-63) and gaussian sigma
//   theta, wavelength  Gabor / motion-blur angle (degrees) and Gabor wavelength (pixels)
//   stride, padding (valid|same|full|P|t,b,l,r), border, border-value, dilation, op, method
//   channels (luminance|rgb), colormap, negative (clip|abs|diverging), range (map|shared),
//   work (working size: longest side), controls (full|minimal|none)
//   hash         (boolean) read the settings from the page's URL hash and keep it up to date
// Several instances share one worker engine; each drops its own superseded calls.

import { sharedEngine } from './app/engine.js';
import { sheet } from './app/styles.js';
import { h } from './app/dom.js';
import { Controls } from './app/controls.js';
import { MapGrid, formulaText, tintUnused } from './app/map-grid.js';
import { Webcam } from './app/webcam.js';
import { BufferPool } from './app/buffer-pool.js';
import { decodeImage, drawWorking, loadImageUrl, sampleUrl } from './app/image-input.js';
import { DEFAULT_KERNEL } from './app/kernel-editor.js';
import {
  KEYS,
  convOptions,
  defaultSettings,
  hashToGetter,
  readSettings,
  settingsToHash,
  writeSettings,
} from './app/state.js';

// A time, its unit kept on the number's line (a no-break space).
const ms = (t) => `${t.toFixed(1)}\u00a0ms`;

// Which control an engine error belongs next to, from the argument it names.
function slotForError(message) {
  if (/method|separable|fft|im2col|direct/i.test(message)) return 'method';
  if (/border/i.test(message)) return 'border';
  if (/kernel|filter|size|sigma/i.test(message) && !/output|empty/i.test(message)) return 'filters';
  return 'geometry';
}

// An engine error's text for readers: without the build advice Emscripten appends to an abort
// ("... Build with -s ASSERTIONS=1 for more info."), which only a developer rebuilding could use.
function readerMessage(error) {
  return String(error?.message ?? error).replace(
    /\s*Build with -s ?ASSERTIONS=1 for more info\.?\s*$/,
    '',
  );
}

// The value range of a map after the negative rule (render.hpp step 1), for a shared range.
function valueRange(data, negative) {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < data.length; i++) {
    let v = data[i];
    if (negative === 'clip') v = Math.max(v, 0);
    else if (negative === 'abs') v = Math.abs(v);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

export class ConvScopeElement extends HTMLElement {
  static observedAttributes = [...KEYS, 'hash'];

  #settings = defaultSettings();
  #controls;
  #grid;
  #layout;
  #engine = null;
  #presets = new Map(); // "size|sigma|theta|wavelength" -> Filter[] from the engine
  #source = null; // {image: ImageBitmap | HTMLVideoElement, width, height, name}
  #working = document.createElement('canvas');
  #imageLoad = 0;
  #abort = null;
  #scheduled = false;
  #busy = false;
  #again = false;
  #webcam;
  #ramps = new Map();
  #kernelImage = new WeakMap(); // a kernel's Float32Array -> its Rendered thumbnail
  #custom = null; // {source: settings.custom, kernel: Plane}
  #sizes = new Map(); // JSON of [image w, h, kernel w, h, options] -> the engine's OutputSize
  #connected = false;
  #maps = [];
  #pool = new BufferPool(); // webcam frames: the maps' arrays, recycled
  #shownBuffers = []; // the pool's arrays behind the maps on show
  #statusTime = 0;
  #onPaste;
  #onHashChange;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = [sheet];
    this.#controls = new Controls({
      onChange: (settings) => this.#apply(settings, { fromUser: true }),
      onSample: (name) => {
        this.#stopWebcam();
        this.#apply({ ...this.#settings, image: name }, { fromUser: true, reload: true });
      },
      onFile: (file) => this.#loadBlob(file, file.name),
      onWebcam: () => (this.#webcam.running ? this.#stopWebcamAndReload() : this.#startWebcam()),
      onPause: () => this.#togglePause(),
      onCopyLink: () => this.#share(this.#link()),
      onCopyEmbed: () => this.#share(this.#embedCode()),
      onMapSize: (px) => this.#grid.grid.style.setProperty('--map-size', `${px}px`),
    });
    this.#grid = new MapGrid();
    const video = h('video', { class: 'webcam-video', playsinline: true, 'aria-hidden': 'true' });
    video.muted = true;
    this.#webcam = new Webcam(video);
    this.#layout = h(
      'div',
      { class: 'layout' },
      this.#controls.imagePanel,
      this.#grid.element,
      this.#controls.settingsPanel,
      video,
    );
    root.append(this.#layout);
    this.addEventListener('dragover', (event) => {
      event.preventDefault();
      this.classList.add('dropping');
    });
    this.addEventListener('dragleave', () => this.classList.remove('dropping'));
    this.addEventListener('drop', (event) => {
      event.preventDefault();
      this.classList.remove('dropping');
      const [file] = event.dataTransfer?.files ?? [];
      if (file) this.#loadBlob(file, file.name);
    });
    this.#onPaste = (event) => {
      const file = [...(event.clipboardData?.files ?? [])].find((f) => f.type.startsWith('image/'));
      if (!file) return;
      event.preventDefault();
      this.#loadBlob(file, file.name || 'pasted image');
    };
    this.#onHashChange = () => this.#apply(this.#readAll(), { reload: true });
  }

  // The current settings (a copy); read-only from outside: set attributes to change them.
  get settings() {
    return structuredClone(this.#settings);
  }

  // The feature maps on show: [{title, width, height, data: Float32Array, method}], input excluded.
  // While the webcam runs, a later frame reuses their arrays: copy what must outlive the frame.
  get maps() {
    return this.#maps.map(({ title, map }) => ({
      title,
      width: map.width,
      height: map.height,
      data: map.data,
      method: map.method,
    }));
  }

  connectedCallback() {
    this.#connected = true;
    const target = this.hasAttribute('hash') ? window : this;
    target.addEventListener('paste', this.#onPaste);
    if (this.hasAttribute('hash')) window.addEventListener('hashchange', this.#onHashChange);
    this.#apply(this.#readAll(), { reload: true });
    this.#startEngine();
  }

  disconnectedCallback() {
    this.#connected = false;
    window.removeEventListener('paste', this.#onPaste);
    this.removeEventListener('paste', this.#onPaste);
    window.removeEventListener('hashchange', this.#onHashChange);
    this.#webcam.stop();
    this.#abort?.abort();
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (!this.#connected || oldValue === newValue || name === 'hash') return;
    const { settings, errors } = readSettings(
      (key) => (key === name ? newValue : null),
      this.#settings,
    );
    this.#showAttributeErrors(errors);
    this.#apply(settings, { reload: name === 'image' || name === 'work' });
  }

  // Attributes, then (with `hash`) the URL hash over them.
  #readAll() {
    let { settings, errors } = readSettings((key) => this.getAttribute(key));
    if (this.hasAttribute('hash') && location.hash.length > 1) {
      const fromHash = readSettings(hashToGetter(location.hash), settings);
      settings = fromHash.settings;
      errors = { ...errors, ...fromHash.errors };
    }
    this.#showAttributeErrors(errors);
    return settings;
  }

  // Next to the control, and as a console warning for the page's author (controls="none" shows
  // no control to put it by).
  #showAttributeErrors(errors) {
    for (const [key, text] of Object.entries(errors)) {
      this.#controls.message(key, text);
      console.warn(`<conv-scope> ${text}; keeping ${key} as it was`);
    }
  }

  async #startEngine() {
    try {
      this.#engine = await sharedEngine();
    } catch (error) {
      this.#grid.setStatus(`The engine could not start: ${readerMessage(error)}`);
      return;
    }
    await this.#ensurePresets();
    this.#schedule();
  }

  async #ensurePresets() {
    const { size, sigma, theta, wavelength } = this.#settings;
    const key = `${size}|${sigma}|${theta}|${wavelength}`;
    if (this.#presets.has(key)) return this.#presets.get(key);
    const first = this.#presets.size === 0;
    const filters = await this.#engine.filters({ size, sigma, theta, wavelength });
    this.#presets.set(key, filters);
    if (first) this.#controls.setPresets(filters);
    return filters;
  }

  // New settings from a control, an attribute or the hash: show them, sync the hash, re-render.
  #apply(settings, { fromUser = false, reload = false } = {}) {
    const imageChanged =
      settings.image !== this.#settings.image || settings.work !== this.#settings.work;
    if (!settings.custom && settings.filters.includes('custom'))
      settings = { ...settings, custom: DEFAULT_KERNEL };
    this.#settings = settings;
    if (!fromUser) this.#controls.set(settings);
    else this.#controls.settings = settings;
    this.#layout.classList.toggle('no-controls', settings.controls === 'none');
    this.#controls.imagePanel.hidden = settings.controls === 'none';
    this.#controls.settingsPanel.hidden = settings.controls === 'none';
    for (const section of this.#controls.settingsPanel.querySelectorAll('.advanced')) {
      section.hidden = settings.controls === 'minimal';
    }
    if (this.hasAttribute('hash')) {
      const hash = settingsToHash(settings);
      if (hash !== location.hash) history.replaceState(null, '', hash);
    }
    if ((reload || imageChanged) && !this.#webcam.running) {
      if (settings.image) this.#loadImage(settings.image);
      else this.#grid.setStatus('Open an image, drop one here, or pick a sample.');
    } else {
      this.#schedule();
    }
  }

  async #loadImage(image) {
    const url = sampleUrl(image) ?? new URL(image, document.baseURI).href;
    const token = ++this.#imageLoad;
    this.#grid.setStatus(`Loading ${image}…`);
    try {
      const bitmap = await loadImageUrl(url);
      if (token === this.#imageLoad) this.#setSource(bitmap, bitmap.width, bitmap.height, image);
    } catch (error) {
      if (token !== this.#imageLoad) return;
      this.#controls.message('image', error.message);
      if (!this.#source) this.#grid.setStatus(`No image: ${error.message}`);
    }
  }

  async #loadBlob(blob, name) {
    const token = ++this.#imageLoad;
    try {
      const bitmap = await decodeImage(blob, name);
      if (token !== this.#imageLoad) return;
      this.#stopWebcam();
      this.#settings = { ...this.#settings, image: '' };
      this.#controls.set(this.#settings);
      if (this.hasAttribute('hash')) history.replaceState(null, '', settingsToHash(this.#settings));
      this.#setSource(bitmap, bitmap.width, bitmap.height, name);
    } catch (error) {
      if (token === this.#imageLoad)
        this.#controls.message('image', `${error.message}. The current image is kept.`);
    }
  }

  #setSource(image, width, height, name) {
    if (this.#source?.image instanceof ImageBitmap) this.#source.image.close();
    this.#source = { image, width, height, name };
    this.#controls.message('image', '');
    this.#schedule();
  }

  #stopWebcam() {
    if (!this.#webcam.running) return;
    this.#webcam.stop();
    this.#showWebcam(0);
  }

  // Back to the image the settings name (a sample or URL) when the webcam stops.
  #stopWebcamAndReload() {
    this.#stopWebcam();
    if (this.#settings.image) this.#loadImage(this.#settings.image);
  }

  async #startWebcam() {
    try {
      await this.#webcam.start();
    } catch (error) {
      this.#controls.message('image', `Webcam: ${error.message}. The current image is kept.`);
      return;
    }
    this.#controls.message('image', '');
    this.#useLiveSource();
    this.#showWebcam(0);
    const loop = () => {
      if (!this.#webcam.running) return;
      if (this.#webcam.ready && !this.#busy) this.#schedule();
      requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  }

  // The webcam's video as the source (its frames are drawn as they come).
  #useLiveSource() {
    if (this.#source?.image instanceof ImageBitmap) this.#source.image.close();
    this.#source = { image: this.#webcam.video, width: 0, height: 0, name: 'webcam', live: true };
  }

  // Pausing freezes the current camera frame as the source, so control changes still re-render
  // that frame; resuming goes back to the live video.
  async #togglePause() {
    const webcam = this.#webcam;
    if (!webcam.running) return;
    webcam.paused = !webcam.paused;
    this.#showWebcam(0);
    if (webcam.paused) {
      const frame = await createImageBitmap(webcam.video);
      if (webcam.paused && webcam.running) {
        this.#setSource(frame, frame.width, frame.height, 'webcam (paused)');
      } else {
        frame.close();
      }
    } else {
      this.#useLiveSource();
    }
  }

  #showWebcam(fps) {
    this.#controls.showWebcam({ running: this.#webcam.running, paused: this.#webcam.paused, fps });
  }

  // Coalesces changes made in one task into one run; a run started while one is in flight
  // aborts it (latest wins).
  #schedule() {
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      this.#run();
    });
  }

  async #run() {
    if (!this.#engine || !this.#source) return;
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    const { signal } = abort;
    const settings = this.#settings;
    this.#busy = true;
    const frameStart = performance.now();
    try {
      const input = this.#inputImage(settings);
      const kernels = await this.#kernels(settings);
      if (signal.aborted) return;
      if (kernels.length === 0) {
        this.#controls.message('filters', 'Check at least one filter to see a feature map.');
        return;
      }
      this.#controls.message('filters', '');
      const entries = [
        {
          title: `input ${input.width} × ${input.height}`,
          map: null,
          rgba: input.imageData,
          range: null,
          kernel: null,
          detail: input.scaled
            ? `downscaled from ${input.sourceWidth} × ${input.sourceHeight}`
            : 'original size',
        },
      ];
      // Each map's own range: the engine renders in the same call. A shared range needs every
      // map's values first, then one render call per map with that range.
      const shared = settings.range === 'shared';
      await this.#kernelImages(kernels, signal);
      const { maps, sizes, summary, convTime, buffers } = await this.#convolve(
        input,
        kernels,
        settings,
        signal,
        !shared,
      );
      if (signal.aborted) {
        buffers.forEach((b) => this.#pool.give(b));
        return;
      }
      // The engine's `unused` counts input pixels only (never the padding after them).
      const unusedRows = Math.max(...sizes.map((size) => size.y.unused));
      const unusedColumns = Math.max(...sizes.map((size) => size.x.unused));
      if (unusedRows || unusedColumns) {
        entries[0].rgba = tintUnused(input.imageData, unusedRows, unusedColumns);
      }
      const renderStart = performance.now();
      const range = shared
        ? maps
            .map((m) => valueRange(m.map.data, settings.negative))
            .reduce((x, y) => [Math.min(x[0], y[0]), Math.max(x[1], y[1])])
        : null;
      for (const m of maps) {
        let rendered = m.map.rendered;
        let renderText = '';
        if (!rendered) {
          const t0 = performance.now();
          rendered = await this.#engine.render(m.map, {
            colormap: settings.colormap,
            negative: settings.negative,
            range,
            signal,
          });
          renderText = ` · render ${ms(performance.now() - t0)}`;
        }
        entries.push({
          title: m.title,
          map: m.map,
          rgba: rendered,
          range: rendered.range,
          kernel: this.#kernelImage.get(m.kernel.data),
          detail: `${m.map.width} × ${m.map.height} · ${m.map.method} · ${m.timeShare}${renderText}`,
        });
      }
      const renderTime = performance.now() - renderStart;
      const ramp = await this.#ramp(settings.colormap, signal);
      if (signal.aborted) {
        buffers.forEach((b) => this.#pool.give(b));
        return;
      }
      const frameTime = performance.now() - frameStart;
      const count = `${maps.length} map${maps.length === 1 ? '' : 's'}`;
      summary.push(
        shared
          ? `time: convolution ${ms(convTime)} for ${count} · render ${ms(renderTime)} · ` +
              `whole frame ${ms(frameTime)}`
          : `time: convolution + render ${ms(convTime)} for ${count} · ` +
              `whole frame ${ms(frameTime)}`,
      );
      this.#grid.show(entries, ramp, summary);
      this.#maps = maps;
      // The previous frame's arrays are off the screen now: the next frame may write into them.
      this.#shownBuffers.forEach((b) => this.#pool.give(b));
      this.#shownBuffers = buffers;
      this.#grid.setStale(false);
      for (const slot of ['geometry', 'method', 'border']) this.#controls.message(slot, '');
      // The status is a live region: with the webcam, say it once a second, not every frame.
      const now = performance.now();
      if (!input.live || now - this.#statusTime > 1000) {
        const methods = [...new Set(maps.map((m) => m.map.method))].join(', ');
        this.#grid.setStatus(
          `${maps.length} feature map${maps.length === 1 ? '' : 's'} · ${methods} · ` +
            ms(frameTime),
        );
        this.#statusTime = now;
      }
      if (input.live) this.#showWebcam(this.#webcam.tick(now));
      this.dispatchEvent(new CustomEvent('render', { detail: { maps: maps.length, frameTime } }));
    } catch (error) {
      if (error.name === 'AbortError' || signal.aborted) return;
      const message = readerMessage(error);
      this.#controls.message(
        slotForError(message),
        `${message}. The maps show the last valid settings.`,
      );
      this.#grid.setStatus(`Not updated: ${message}`);
      this.#grid.setStale(true);
      this.dispatchEvent(new CustomEvent('render-error', { detail: { message } }));
    } finally {
      if (this.#abort === abort) this.#busy = false;
    }
  }

  // The source drawn at the working size (a new frame for the webcam).
  #inputImage(settings) {
    const source = this.#source;
    const live = Boolean(source.live);
    const width = live ? source.image.videoWidth : source.width;
    const height = live ? source.image.videoHeight : source.height;
    const drawn = drawWorking(source.image, width, height, settings.work, this.#working);
    this.#controls.imageSize.textContent =
      `${drawn.width} × ${drawn.height}` +
      (drawn.scaled ? ` (from ${width} × ${height})` : '') +
      ` · ${source.name}`;
    return { ...drawn, sourceWidth: width, sourceHeight: height, live };
  }

  // The filters in the order the settings write them (the order of the maps), each once: presets
  // at the current size and sigma, and the custom kernel where 'custom' stands.
  async #kernels(settings) {
    const presets = await this.#ensurePresets();
    const byName = new Map(presets.map((f) => [f.name, f]));
    const names = [...new Set(settings.filters)];
    const unknown = names.filter((name) => name !== 'custom' && !byName.has(name));
    if (unknown.length) {
      throw new TypeError(
        `unknown filter "${unknown[0]}"; the filters are ${[...byName.keys()].join(', ')}`,
      );
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

  // Runs the bank, one engine call per kernel size (a bank shares one size), rendering each map in
  // the same call when `render` is set. Returns the maps with titles, the summary lines
  // (output-size formulas, method), the time of the engine calls and the pool's arrays the maps
  // live in (webcam frames rendered in the call; else none).
  async #convolve(input, kernels, settings, signal, render) {
    const options = convOptions(settings);
    const groups = new Map();
    for (const k of kernels) {
      const key = `${k.kernel.height}×${k.kernel.width}`;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(k);
    }
    const maps = [];
    const sizes = [];
    const summary = [];
    const buffers = [];
    let convTime = 0;
    const channelsLine =
      settings.channels === 'rgb' ? 'R, G, B channels separately' : 'luminance (Rec. 601)';
    summary.push(`input ${input.width} × ${input.height} · ${channelsLine} · ${settings.op}`);
    const position = new Map(kernels.map((k, i) => [k, i]));
    const channelOrder = { luminance: 0, r: 0, g: 1, b: 2 };
    const renderOptions = {
      colormap: settings.colormap,
      negative: settings.negative,
      range: 'minmax',
    };
    for (const [key, group] of groups) {
      const size = await this.#outputSize(input, group[0].kernel, options, signal);
      sizes.push(size);
      const prefix = groups.size > 1 ? `${key} kernels: ` : '';
      summary.push(prefix + formulaText('height', size.y, settings.stride, settings.dilation));
      summary.push(prefix + formulaText('width', size.x, settings.stride, settings.dilation));
      const t0 = performance.now();
      const count = group.length * (settings.channels === 'rgb' ? 3 : 1);
      const reuse = input.live && render ? this.#pool.take(count, size.width * size.height) : null;
      let results;
      try {
        results = await this.#engine.convolveImageData(
          input.imageData,
          group.map((k) => k.kernel),
          {
            ...options,
            channels: settings.channels,
            ...(render ? { render: { ...renderOptions, out: reuse?.rgba } } : {}),
            ...(reuse ? { out: reuse.out } : {}),
            signal,
          },
        );
      } catch (error) {
        [...buffers, ...(reuse ? [reuse] : [])].forEach((b) => this.#pool.give(b));
        throw error;
      }
      // The arrays came back from the worker as the results' own.
      if (reuse) {
        buffers.push({
          out: results.map((r) => r.data),
          rgba: results.map((r) => r.rendered.data),
        });
      }
      const elapsed = performance.now() - t0;
      convTime += elapsed;
      // The bank runs in one pass: a map's time is its share of the call.
      const timeShare = `${render ? 'conv + render' : 'conv'} ≈${ms(elapsed / results.length)}`;
      for (const result of results) {
        const name = group[result.kernel].name;
        const channel = result.channel === 'luminance' ? '' : ` · ${result.channel.toUpperCase()}`;
        const title = `${name} ${group[0].kernel.height}×${group[0].kernel.width}${channel}`;
        const order = position.get(group[result.kernel]) * 3 + channelOrder[result.channel];
        maps.push({ title, map: result, timeShare, order, kernel: group[result.kernel].kernel });
      }
    }
    // Kernel-major, then r, g, b: each filter's channel maps side by side.
    maps.sort((a, b) => a.order - b.order);
    const used = [...new Set(maps.map((m) => m.map.method))].join(', ');
    summary.push(`method: ${used} (requested ${settings.method})`);
    return { maps, sizes, summary, convTime, buffers };
  }

  // The engine's output geometry, remembered per input size, kernel size and options, so webcam
  // frames cost one worker round trip, not one more per kernel size.
  async #outputSize(input, kernel, options, signal) {
    const key = JSON.stringify([input.width, input.height, kernel.width, kernel.height, options]);
    if (!this.#sizes.has(key)) {
      if (this.#sizes.size > 64) this.#sizes.clear();
      const size = await this.#engine.outputSize(
        { width: input.width, height: input.height },
        { width: kernel.width, height: kernel.height },
        { ...options, signal },
      );
      this.#sizes.set(key, size);
    }
    return this.#sizes.get(key);
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

  // The full page with this setup in its hash: the page itself when it keeps the hash (index.html,
  // or a course page of the author's own), else index.html beside this module (for an element in
  // running text, and for embed.html, which is only the bare element for an iframe).
  #link() {
    const here = location.href.split('#')[0];
    const fullPage = new URL('index.html', import.meta.url).href;
    const embedPage = new URL('embed.html', import.meta.url).href;
    const page = this.hasAttribute('hash') && here !== embedPage ? here : fullPage;
    return page + settingsToHash(this.#settings);
  }

  #embedCode() {
    const attributes = writeSettings(this.#settings)
      .map(([key, text]) => `${key}="${text.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`)
      .join(' ');
    const script = new URL('convscope-element.js', import.meta.url).href;
    const frame = new URL('embed.html', import.meta.url).href + settingsToHash(this.#settings);
    return (
      `<script type="module" src="${script}"></script>\n` +
      `<conv-scope ${attributes}></conv-scope>\n\n` +
      `<iframe src="${frame}" title="convscope" width="960" height="720" loading="lazy"></iframe>`
    );
  }

  // Shown at once, selected for Ctrl+C; the label then says so if the clipboard took it.
  async #share(text) {
    this.#controls.showShare(text, false);
    try {
      await navigator.clipboard.writeText(text);
      this.#controls.showShare(text, true);
    } catch {
      // No clipboard here (permission, an insecure origin): the selected text stays as it is.
    }
  }
}

customElements.define('conv-scope', ConvScopeElement);
