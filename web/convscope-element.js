// <conv-scope>: the whole convscope page as one reusable custom element.
//
//   <script type="module" src="convscope-element.js"></script>
//   <conv-scope image="ascent" filters="gaussian,vertical" size="7" sigma="1"></conv-scope>
//
// Attributes: one per setting (app/settings.js, the README's attribute table), each optional; the
// same keys make up the full page's URL hash. `hash` (boolean): read the settings from the page's
// URL hash and keep it up to date. Each instance has a worker engine of its own, so a figure's
// heavy call never holds up another's; each drops its own superseded calls.
//
// The element composes: the settings (app/settings.js) and their controls (app/controls.js), the
// image source (app/source.js), the frame pipeline (app/frame.js: image -> engine -> entries), run
// latest-wins (app/latest.js), and the grid of maps (app/map-grid.js).

import { createWorkerEngine } from './convscope.js';
import { sheet } from './app/styles.js';
import { h, ms, plural } from './app/dom.js';
import { Controls } from './app/controls.js';
import { MapGrid } from './app/map-grid.js';
import { ImageSource, sentence } from './app/source.js';
import { linkedImageRefusal } from './app/image-input.js';
import { FramePipeline } from './app/frame.js';
import { LatestRun } from './app/latest.js';
import { Views } from './app/views.js';
import { embedCode, linkTo } from './app/share.js';
import { frameNumpyCode } from './app/numpy-code.js';
import { DEFAULT_KERNEL } from './app/kernel-editor.js';
import {
  ATTRIBUTES,
  ROW,
  defaultSettings,
  hashToGetter,
  readSettings,
  settingsToHash,
} from './app/settings.js';

// The control an error of the JS API goes next to, from the argument it names (error.argument):
// a setting's own control, else these; anything else (no single argument at fault: the sizes do
// not fit together) goes by the geometry controls.
const SLOT_OF_ARGUMENT = { kernels: 'filters', image: 'image' };
const slotOfError = (error) =>
  SLOT_OF_ARGUMENT[error.argument] ?? ROW[error.argument]?.slot ?? 'geometry';

// An engine error's text for readers: without the build advice Emscripten appends to an abort
// ("... Build with -s ASSERTIONS=1 for more info."), which only a developer rebuilding could use.
function readerMessage(error) {
  return String(error?.message ?? error).replace(
    /\s*Build with -s ?ASSERTIONS=1 for more info\.?\s*$/,
    '',
  );
}

export class ConvScopeElement extends HTMLElement {
  static observedAttributes = [...ATTRIBUTES, 'hash'];

  #settings = defaultSettings();
  #engine = null; // the worker engine with its catalog: {names, limits}
  #started; // resolves with #engine
  #resolveStarted;
  #pipeline = null;
  #controls;
  #grid;
  #layout;
  #source;
  #views = null; // made once the engine is there: the views call it
  #runner = new LatestRun((signal) => this.#frame(signal));
  #connected = false;
  #maps = [];
  #shown = null; // the frame on show and its input: {frame, input, settings}
  #errorSlots = new Set(); // the slots showing the last frame's error
  #linkRefusal = ''; // why the hash's image was not loaded, shown until another image is chosen
  #statusTime = 0;
  #onPaste;
  #onHashChange;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = [sheet];
    this.#started = new Promise((resolve) => {
      this.#resolveStarted = resolve;
    });
    this.#controls = new Controls({
      onChange: (settings) => this.#apply(settings, { fromUser: true }),
      onSample: (name) => {
        this.#linkRefusal = '';
        this.#source.stopWebcam();
        this.#apply({ ...this.#settings, image: name }, { fromUser: true, reload: true });
      },
      onFile: (file) => {
        this.#linkRefusal = '';
        this.#loadBlob(file, file.name);
      },
      onWebcam: () => this.#toggleWebcam(),
      onPause: () => this.#source.togglePause(),
      onCopyLink: () => this.#share(linkTo(this.#settings, this.hasAttribute('hash'))),
      onCopyEmbed: () => this.#share(embedCode(this.#settings)),
      onCopyNumpy: () => this.#copyNumpy(),
      onMapSize: (px) => this.#grid.grid.style.setProperty('--map-size', `${px}px`),
    });
    this.#grid = new MapGrid();
    this.#source = new ImageSource(
      this.#started.then((engine) => engine.limits),
      {
        change: () => this.#runner.schedule(),
        message: (text) => this.#controls.message('image', text || this.#linkRefusal),
        status: (text) => this.#grid.setStatus(text),
        webcam: (state) => this.#controls.showWebcam({ ...state, fps: 0 }),
      },
    );
    this.#layout = h(
      'div',
      { class: 'layout' },
      this.#controls.imagePanel,
      this.#grid.element,
      this.#controls.settingsPanel,
      this.#source.webcam.video,
    );
    root.append(this.#layout);
    this.#listenForImages();
    this.#onHashChange = () => this.#engine && this.#apply(this.#readAll(), { reload: true });
  }

  // Files dropped on the element or pasted (on the page with `hash`, else in the element).
  #listenForImages() {
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

  // The settings are read once the engine is there: its names and limits check them.
  connectedCallback() {
    this.#connected = true;
    const target = this.hasAttribute('hash') ? window : this;
    target.addEventListener('paste', this.#onPaste);
    if (this.hasAttribute('hash')) window.addEventListener('hashchange', this.#onHashChange);
    if (this.#engine) this.#apply(this.#readAll(), { reload: true });
    else this.#startEngine();
  }

  disconnectedCallback() {
    this.#connected = false;
    window.removeEventListener('paste', this.#onPaste);
    this.removeEventListener('paste', this.#onPaste);
    window.removeEventListener('hashchange', this.#onHashChange);
    this.#source.webcam.stop();
    this.#runner.abort();
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (!this.#connected || !this.#engine || oldValue === newValue || name === 'hash') return;
    const { settings, errors } = readSettings(
      (attribute) => (attribute === name ? newValue : null),
      this.#engine,
      this.#settings,
    );
    this.#showAttributeErrors(errors);
    this.#apply(settings, { reload: name === 'image' || name === 'work' });
  }

  // Attributes, then (with `hash`) the URL hash over them.
  #readAll() {
    let { settings, errors } = readSettings((name) => this.getAttribute(name), this.#engine);
    if (this.hasAttribute('hash') && location.hash.length > 1) {
      const fromHash = readSettings(hashToGetter(location.hash), this.#engine, settings);
      const refusal = linkedImageRefusal(
        fromHash.settings.image,
        this.getAttribute('image-origins') ?? '',
      );
      this.#linkRefusal = refusal;
      if (refusal) fromHash.errors.image = refusal;
      settings = refusal ? { ...fromHash.settings, image: settings.image } : fromHash.settings;
      errors = { ...errors, ...fromHash.errors };
    }
    this.#showAttributeErrors(errors);
    return settings;
  }

  // Next to the control, and as a console warning for the page's author (controls="none" shows
  // no control to put it by).
  #showAttributeErrors(errors) {
    for (const [name, text] of Object.entries(errors)) {
      this.#controls.message(name, text);
      console.warn(`<conv-scope> ${text}; keeping ${name} as it was`);
    }
  }

  async #startEngine() {
    let engine;
    try {
      engine = await createWorkerEngine();
      this.#pipeline = new FramePipeline(engine, (note) => {
        this.#grid.setStatus(note);
        this.#grid.setStale(true);
      });
      this.#views = new Views({ engine, host: this }, (view) =>
        this.#apply({ ...this.#settings, view }, { fromUser: true }),
      );
      this.#grid.element.prepend(this.#views.tabs);
      this.#grid.summary.after(this.#views.panel);
      this.#controls.setCatalog(engine);
      this.#controls.setPresets(await this.#pipeline.presets(this.#settings));
    } catch (error) {
      this.#grid.setStatus(`The engine could not start: ${readerMessage(error)}`);
      return;
    }
    this.#engine = engine;
    this.#resolveStarted(engine);
    if (this.#connected) this.#apply(this.#readAll(), { reload: true });
  }

  // New settings from a control, an attribute or the hash: show them, sync the hash, re-render.
  #apply(settings, { fromUser = false, reload = false } = {}) {
    const imageChanged =
      settings.image !== this.#settings.image || settings.work !== this.#settings.work;
    if (!settings.custom && settings.filters.includes('custom'))
      settings = { ...settings, custom: DEFAULT_KERNEL };
    this.#settings = settings;
    if (fromUser) this.#controls.update(settings);
    else this.#controls.set(settings);
    this.#showControls(settings.controls);
    this.#views?.show(settings.view);
    this.#keepHash();
    if ((reload || imageChanged) && !this.#source.webcam.running) {
      if (settings.image) this.#source.load(settings.image);
      else this.#grid.setStatus('Open an image, drop one here, or pick a sample.');
    } else {
      this.#runner.schedule();
    }
  }

  // controls="full" | "minimal" (image and filters only) | "none" (the maps alone).
  #showControls(controls) {
    const { imagePanel, settingsPanel } = this.#controls;
    this.#layout.classList.toggle('no-controls', controls === 'none');
    imagePanel.hidden = settingsPanel.hidden = controls === 'none';
    for (const section of settingsPanel.querySelectorAll('.advanced')) {
      section.hidden = controls === 'minimal';
    }
  }

  #keepHash() {
    if (!this.hasAttribute('hash')) return;
    const hash = settingsToHash(this.#settings);
    if (hash !== location.hash) history.replaceState(null, '', hash);
  }

  // A file replaces the image: the settings name none.
  async #loadBlob(blob, name) {
    if (!(await this.#source.loadBlob(blob, name))) return;
    this.#settings = { ...this.#settings, image: '' };
    this.#controls.set(this.#settings);
    this.#keepHash();
  }

  // Starts the webcam, or stops it and goes back to the image the settings name.
  #toggleWebcam() {
    if (!this.#source.webcam.running) {
      this.#source.startWebcam(() => this.#runner.busy || this.#runner.schedule());
      return;
    }
    this.#source.stopWebcam();
    if (this.#settings.image) this.#source.load(this.#settings.image);
  }

  // One frame (the runner's task): draw the input, run the pipeline, show the result or the error.
  async #frame(signal) {
    if (!this.#pipeline || !this.#source.ready) return;
    const settings = this.#settings;
    try {
      const input = this.#source.draw(settings.work);
      this.#controls.imageSize.textContent =
        `${input.width} × ${input.height}` +
        (input.scaled ? ` (from ${input.sourceWidth} × ${input.sourceHeight})` : '') +
        ` · ${input.name}`;
      const frame = await this.#pipeline.run(input, settings, signal);
      if (frame?.empty) {
        this.#controls.message('filters', 'Check at least one filter to see a feature map.');
        this.#errorSlots.add('filters');
      } else if (frame) {
        this.#show(frame, input);
      }
    } catch (error) {
      if (error.name === 'AbortError' || signal.aborted) return;
      this.#showError(error);
    }
  }

  #show(frame, input) {
    this.#grid.show(frame.entries, frame.ramp, frame.summary);
    this.#maps = frame.maps;
    this.#shown = { frame, input, settings: this.#settings };
    this.#pipeline.shown(frame);
    this.#views.update(frame, input, this.#settings);
    this.#grid.setStale(false);
    for (const slot of this.#errorSlots) this.#controls.message(slot, '');
    this.#errorSlots.clear();
    // The status is a live region: with the webcam, say it once a second, not every frame.
    const now = performance.now();
    const count = frame.maps.length;
    if (!input.live || now - this.#statusTime > 1000) {
      const methods = [...new Set(frame.maps.map((m) => m.map.method))].join(', ');
      const time = ms(frame.frameTime);
      this.#grid.setStatus(`${plural(count, 'feature map')} · ${methods} · ${time}`);
      this.#statusTime = now;
    }
    if (input.live) {
      const { running, paused } = this.#source.webcam;
      this.#controls.showWebcam({ running, paused, fps: this.#source.webcam.tick(now) });
    }
    const detail = { maps: count, frameTime: frame.frameTime };
    this.dispatchEvent(new CustomEvent('render', { detail }));
  }

  // Next to the control of the argument at fault; the maps stay, marked stale.
  #showError(error) {
    const message = readerMessage(error);
    const slot = slotOfError(error);
    this.#controls.message(slot, `${sentence(message)} The maps show the last valid settings.`);
    this.#errorSlots.add(slot);
    this.#grid.setStatus(`Not updated: ${message}`);
    this.#grid.setStale(true);
    this.dispatchEvent(new CustomEvent('render-error', { detail: { message } }));
  }

  // Python code reproducing the maps on show (app/numpy-code.js).
  async #copyNumpy() {
    if (!this.#shown) return;
    const { frame, input, settings } = this.#shown;
    this.#share(await frameNumpyCode(this.#engine, frame, input, settings));
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
