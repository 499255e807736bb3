// The control panel: image input, filter bank, convolution options and display options. Every
// control is labelled; a bad value shows its message next to the control and changes nothing.

import { h, select, messageSlot, showMessage } from './dom.js';
import {
  BORDERS,
  CHANNELS,
  COLORMAPS,
  LIMITS,
  METHODS,
  NEGATIVES,
  OPS,
  PADDINGS,
  RANGES,
  SAMPLES,
  WORK_SIZES,
  formatPadding,
  readSettings,
} from './state.js';
import { KernelEditor } from './kernel-editor.js';

// The settings whose control holds their text as is (attribute names): parsed with the same rules
// as attributes and the hash, and shown back from the settings object.
const TEXT_SETTINGS = [
  'work',
  'size',
  'sigma',
  'theta',
  'wavelength',
  'stride',
  'dilation',
  'border',
  'border-value',
  'op',
  'method',
  'channels',
  'colormap',
  'negative',
  'range',
];

const SAMPLE_LABELS = {
  ascent: 'ascent (grey)',
  face: 'face (colour)',
  zero: 'digit zero (8 × 8)',
  '': 'own image / webcam',
};
// Short labels (they fit a 360 px screen); the hints under the controls say more.
const METHOD_LABELS = { fft: 'FFT' };
const NEGATIVE_LABELS = { abs: 'absolute value' };
const RANGE_LABELS = { map: 'per map', shared: 'shared' };
const CHANNEL_LABELS = { rgb: 'R, G, B apart' };
const COLORMAP_LABELS = { RdBu: 'RdBu (diverging)' };

// Which message slot an error about a setting key is shown in.
const SLOT_OF_KEY = {
  image: 'image',
  work: 'image',
  filters: 'filters',
  size: 'size',
  sigma: 'sigma',
  theta: 'sigma',
  wavelength: 'sigma',
  stride: 'geometry',
  padding: 'geometry',
  dilation: 'geometry',
  border: 'border',
  'border-value': 'border',
  op: 'method',
  method: 'method',
  channels: 'method',
  colormap: 'display',
  negative: 'display',
  range: 'display',
  controls: 'display',
};

function field(id, label, control, ...after) {
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, ...after);
}

function numberInput(id, [min, max], step) {
  return h('input', { id, name: id, type: 'number', min, max, step, inputmode: 'decimal' });
}

export class Controls {
  // handlers: {onChange(settings), onSample(name), onFile(file), onWebcam(), onPause(),
  //            onCopyLink(), onCopyEmbed(), onMapSize(px)}
  constructor(handlers) {
    this.handlers = handlers;
    this.settings = null;
    this.slots = {};
    for (const name of [
      'image',
      'filters',
      'size',
      'sigma',
      'geometry',
      'border',
      'method',
      'display',
    ]) {
      this.slots[name] = messageSlot(`${name}-message`);
    }
    this.inputs = {
      sample: select('sample', [...SAMPLES, ''], SAMPLE_LABELS),
      file: h('input', { id: 'file', type: 'file', accept: 'image/*', class: 'visually-hidden' }),
      work: select('work', WORK_SIZES, Object.fromEntries(WORK_SIZES.map((s) => [s, `${s} px`]))),
      size: numberInput('size', LIMITS.size, 1),
      sigma: numberInput('sigma', LIMITS.sigma, 0.1),
      theta: numberInput('theta', LIMITS.theta, 15),
      wavelength: numberInput('wavelength', LIMITS.wavelength, 0.5),
      channels: select('channels', CHANNELS, CHANNEL_LABELS),
      stride: numberInput('stride', LIMITS.stride, 1),
      padding: select('padding', [...PADDINGS, 'explicit'], { explicit: 'explicit P pixels' }),
      pad: h('input', {
        id: 'pad',
        name: 'pad',
        type: 'text',
        inputmode: 'numeric',
        placeholder: '2 or 1,1,2,2',
      }),
      border: select('border', BORDERS),
      'border-value': numberInput('border-value', [-1e6, 1e6], 'any'),
      dilation: numberInput('dilation', LIMITS.dilation, 1),
      op: select('op', OPS),
      method: select('method', METHODS, METHOD_LABELS),
      colormap: select('colormap', COLORMAPS, COLORMAP_LABELS),
      negative: select('negative', NEGATIVES, NEGATIVE_LABELS),
      range: select('range', RANGES, RANGE_LABELS),
    };
    this.webcamButton = h(
      'button',
      { type: 'button', id: 'webcam', onclick: () => handlers.onWebcam() },
      'Start webcam',
    );
    this.pauseButton = h(
      'button',
      {
        type: 'button',
        id: 'pause',
        'aria-pressed': 'false',
        hidden: true,
        onclick: () => handlers.onPause(),
      },
      'Pause',
    );
    this.fps = h('output', { id: 'fps', hidden: true });
    // A view preference, not a setting: how wide each map is drawn (the grid fits as many as fit).
    this.mapSize = h('input', {
      id: 'map-size',
      type: 'range',
      min: 120,
      max: 800,
      step: 20,
      value: 240,
    });
    this.mapSize.addEventListener('input', () => handlers.onMapSize(Number(this.mapSize.value)));
    this.shareText = h('textarea', {
      id: 'share-text',
      class: 'share-text',
      rows: 4,
      readonly: true,
      hidden: true,
    });
    // The text box's visible label, which says whether the text reached the clipboard.
    this.shareLabel = h('label', {
      for: 'share-text',
      class: 'hint',
      id: 'share-label',
      hidden: true,
    });
    this.imageSize = h('output', { id: 'image-size', 'aria-live': 'polite' });
    this.presetList = h('ul', { class: 'presets', id: 'presets' });
    // The filters on show, in map order, above the long preset list (a checked preset can be
    // scrolled out of sight in it); each chip unchecks its filter.
    this.bank = h('ul', { class: 'bank', id: 'bank', 'aria-label': 'Filters shown, in map order' });
    this.customBox = h('input', { type: 'checkbox', id: 'f-custom', value: 'custom' });
    this.kernelEditor = new KernelEditor({
      id: 'kernel',
      onChange: (kernel) => this.#emit({ custom: kernel, filters: this.#toggled('custom', true) }),
    });
    // Two panels, placed apart in the layout: the image input above the maps, the rest below them
    // on a narrow screen (DOM order is the visual order, so Tab follows what the eye sees).
    [this.imagePanel, this.settingsPanel] = this.#build();
    this.#wire();
  }

  #build() {
    const i = this.inputs;
    const padField = h(
      'span',
      { class: 'pad-field', id: 'pad-field' },
      h('label', { for: 'pad' }, 'Pixels'),
      i.pad,
    );
    const borderValueField = h(
      'span',
      { class: 'pad-field', id: 'border-value-field' },
      h('label', { for: 'border-value' }, 'value'),
      i['border-value'],
    );
    const panel = (id, label, ...sections) =>
      h(
        'form',
        { class: 'controls', id, 'aria-label': label, onsubmit: (e) => e.preventDefault() },
        ...sections,
      );
    const imagePanel = panel(
      'image-controls',
      'Image',
      h(
        'fieldset',
        { class: 'image-section' },
        h('legend', {}, 'Image'),
        field('sample', 'Sample', i.sample),
        h(
          'div',
          { class: 'row' },
          i.file,
          h('label', { for: 'file', class: 'button' }, 'Open an image file…'),
        ),
        h(
          'p',
          { class: 'hint' },
          'or drop an image here, or paste one (Ctrl+V). It stays on your machine.',
        ),
        h('div', { class: 'row' }, this.webcamButton, this.pauseButton, this.fps),
        field('work', 'Working size (longest side)', i.work),
        h('p', { class: 'hint' }, 'Size: ', this.imageSize),
        this.slots.image,
      ),
    );
    const settingsPanel = panel(
      'settings-controls',
      'Filters, convolution and display',
      h(
        'fieldset',
        { class: 'filters-section' },
        h('legend', {}, 'Filters'),
        h(
          'div',
          { class: 'params' },
          field('size', 'Size K', i.size),
          field('sigma', 'Sigma', i.sigma),
          field('theta', 'Angle°', i.theta),
          field('wavelength', 'Wavelength', i.wavelength),
        ),
        h('p', { class: 'hint' }, 'Angle: Gabor and motion blur; wavelength (px): Gabor.'),
        this.slots.size,
        this.slots.sigma,
        h('p', { class: 'hint bank-label' }, 'Maps, in order (× removes one):'),
        this.bank,
        this.presetList,
        h(
          'div',
          { class: 'preset custom-preset' },
          this.customBox,
          h(
            'label',
            { for: 'f-custom' },
            h('strong', {}, 'custom'),
            h('span', { class: 'description' }, 'your own kernel, edited below'),
          ),
        ),
        h(
          'details',
          { class: 'kernel-details' },
          h('summary', {}, 'Custom kernel editor'),
          this.kernelEditor.element,
        ),
        this.slots.filters,
      ),
      h(
        'fieldset',
        { class: 'conv-section advanced' },
        h('legend', {}, 'Convolution'),
        field('channels', 'Channels', i.channels),
        field('stride', 'Stride S', i.stride),
        field('padding', 'Padding P', i.padding, padField),
        field('dilation', 'Dilation', i.dilation),
        this.slots.geometry,
        field('border', 'Border', i.border, borderValueField),
        this.slots.border,
        field('op', 'Operation', i.op),
        field('method', 'Method', i.method),
        h(
          'p',
          { class: 'hint' },
          'Luminance uses the Rec. 601 weights. Method auto lets a cost model choose; the method ',
          'that ran is shown above the maps.',
        ),
        this.slots.method,
      ),
      h(
        'fieldset',
        { class: 'display-section advanced' },
        h('legend', {}, 'Display'),
        field('colormap', 'Colormap', i.colormap),
        field('negative', 'Negative values', i.negative),
        field('range', 'Value range', i.range),
        h(
          'p',
          { class: 'hint' },
          'Clip shows negatives as 0; diverging puts 0 at mid-scale. A shared range compares ',
          'maps; per map stretches each.',
        ),
        field('map-size', 'Map size', this.mapSize),
        this.slots.display,
        h(
          'div',
          { class: 'row share' },
          h(
            'button',
            { type: 'button', id: 'copy-link', onclick: () => this.handlers.onCopyLink() },
            'Copy link',
          ),
          h(
            'button',
            { type: 'button', id: 'copy-embed', onclick: () => this.handlers.onCopyEmbed() },
            'Copy embed code',
          ),
        ),
        this.shareLabel,
        this.shareText,
      ),
    );
    return [imagePanel, settingsPanel];
  }

  #wire() {
    const i = this.inputs;
    i.sample.addEventListener(
      'change',
      () => i.sample.value && this.handlers.onSample(i.sample.value),
    );
    i.file.addEventListener('change', () => {
      const [file] = i.file.files;
      if (file) this.handlers.onFile(file);
      i.file.value = '';
    });
    for (const key of TEXT_SETTINGS) {
      const event = i[key].tagName === 'SELECT' ? 'change' : 'input';
      i[key].addEventListener(event, () => this.#readKey(key, i[key].value));
    }
    const readPadding = () => {
      const explicit = i.padding.value === 'explicit';
      if (explicit && i.pad.value.trim() === '') i.pad.value = '1';
      this.settingsPanel.querySelector('#pad-field').hidden = !explicit;
      this.#readKey('padding', explicit ? i.pad.value : i.padding.value);
    };
    i.padding.addEventListener('change', readPadding);
    i.pad.addEventListener('input', readPadding);
    this.customBox.addEventListener('change', () =>
      this.#emit({ filters: this.#toggled('custom', this.customBox.checked) }),
    );
    this.presetList.addEventListener('change', ({ target }) =>
      this.#emit({ filters: this.#toggled(target.value, target.checked) }),
    );
  }

  #readKey(key, text) {
    const { settings, errors } = readSettings((k) => (k === key ? text : null), this.settings);
    const slot = this.slots[SLOT_OF_KEY[key]];
    const input =
      this.inputs[key === 'padding' && this.inputs.padding.value === 'explicit' ? 'pad' : key];
    input?.setAttribute('aria-invalid', String(Boolean(errors[key])));
    if (errors[key]) {
      showMessage(slot, `${errors[key]}; the maps keep the last valid value.`);
      return;
    }
    showMessage(slot, '');
    this.#emit(settings);
  }

  #emit(partial) {
    this.settings = { ...this.settings, ...partial };
    this.#showDependentFields();
    this.#showBank();
    this.handlers.onChange(this.settings);
  }

  // The filters with `name` checked or not: a newly checked filter's map comes last, the others
  // keep their order (the order written in the attribute or hash, then the order checked).
  #toggled(name, on) {
    if (name === 'custom') this.customBox.checked = on;
    const { filters } = this.settings;
    if (!on) return filters.filter((f) => f !== name);
    return filters.includes(name) ? filters : [...filters, name];
  }

  #showBank() {
    const chips = [...new Set(this.settings.filters)].map((name) =>
      h(
        'li',
        {},
        h(
          'button',
          {
            type: 'button',
            class: 'chip',
            'data-filter': name,
            'aria-label': `Remove ${name}`,
            onclick: () => this.#uncheck(name),
          },
          name,
          h('span', { class: 'chip-x', 'aria-hidden': 'true' }, '×'),
        ),
      ),
    );
    this.bank.replaceChildren(...(chips.length ? chips : [h('li', { class: 'hint' }, 'none')]));
  }

  #uncheck(name) {
    const box = name === 'custom' ? this.customBox : this.presetList.querySelector(`#f-${name}`);
    if (box) box.checked = false;
    this.#emit({ filters: this.#toggled(name, false) });
    // Focus stays in the bank: on the chip now in the removed one's place, else on the list.
    (this.bank.querySelector('.chip') ?? this.presetList.querySelector('input'))?.focus();
  }

  #showDependentFields() {
    this.settingsPanel.querySelector('#border-value-field').hidden =
      this.settings.border !== 'constant';
    this.settingsPanel.querySelector('#pad-field').hidden =
      typeof this.settings.padding === 'string';
  }

  // The preset checkboxes, from the engine's filter list [{name, description}].
  setPresets(presets) {
    const boxes = presets.map(({ name, description }) =>
      h(
        'li',
        { class: 'preset' },
        h('input', { type: 'checkbox', id: `f-${name}`, value: name }),
        h(
          'label',
          { for: `f-${name}` },
          h('strong', {}, name),
          h('span', { class: 'description' }, description),
        ),
      ),
    );
    this.presetList.replaceChildren(...boxes);
    if (this.settings) this.set(this.settings);
  }

  // Shows `settings` in every control without emitting a change.
  set(settings) {
    this.settings = settings;
    const i = this.inputs;
    i.sample.value = SAMPLES.includes(settings.image) ? settings.image : '';
    for (const key of TEXT_SETTINGS) {
      i[key].value = String(settings[key === 'border-value' ? 'borderValue' : key]);
      i[key].removeAttribute('aria-invalid');
    }
    if (typeof settings.padding === 'string') {
      i.padding.value = settings.padding;
    } else {
      i.padding.value = 'explicit';
      i.pad.value = formatPadding(settings.padding);
    }
    for (const box of this.presetList.querySelectorAll('input'))
      box.checked = settings.filters.includes(box.value);
    this.customBox.checked = settings.filters.includes('custom');
    if (settings.custom) this.kernelEditor.set(settings.custom);
    this.#showDependentFields();
    this.#showBank();
  }

  // A message next to the control a setting key belongs to ('' clears it).
  message(key, text) {
    showMessage(this.slots[SLOT_OF_KEY[key] ?? key], text);
  }

  // Shows text to copy (a link or embed code), selected, in case the clipboard is unavailable;
  // `copied`: whether it is on the clipboard already.
  showShare(text, copied) {
    const what = text.startsWith('<') ? 'Embed code' : 'Link';
    this.shareLabel.hidden = this.shareText.hidden = false;
    this.shareLabel.textContent = copied
      ? `${what} copied to the clipboard:`
      : `${what} (selected: press Ctrl+C to copy it):`;
    this.shareText.value = text;
    this.shareText.select();
  }

  // The webcam's state; while it runs, the sample picker no longer names the image it replaced.
  showWebcam({ running, paused, fps }) {
    const { image } = this.settings;
    const sample = !running && SAMPLES.includes(image) ? image : '';
    // Set on a change only: this runs every frame, and the picker may be open.
    if (this.inputs.sample.value !== sample) this.inputs.sample.value = sample;
    this.webcamButton.textContent = running ? 'Stop webcam' : 'Start webcam';
    this.pauseButton.hidden = !running;
    this.pauseButton.textContent = paused ? 'Resume' : 'Pause';
    this.pauseButton.setAttribute('aria-pressed', String(paused));
    this.fps.hidden = !running;
    this.fps.textContent = running ? `${fps.toFixed(1)} frames/s` : '';
  }
}
