// The control panel: image input, filter bank, convolution options and display options. Every
// control is labelled; a bad value shows its message next to the control and changes nothing.
// The settings' own controls come from the settings table (fields.js); this file lays them out
// with the image input, the preset list, the kernel editor and the share buttons.

import { h, select, showMessage } from './dom.js';
import { SAMPLES } from './image-input.js';
import { SettingFields } from './fields.js';
import { KernelEditor } from './kernel-editor.js';

const SAMPLE_LABELS = {
  ascent: 'ascent (grey)',
  face: 'face (colour)',
  zero: 'digit zero (8 × 8)',
  '': 'own image / webcam',
};

// A fieldset of groups of the settings' controls (fields.js), with `before` and `after` it.
function section(fields, { legend, className }, groups, { before = [], after = [] } = {}) {
  return h(
    'fieldset',
    { class: className },
    h('legend', {}, legend),
    ...before,
    ...groups.flatMap((group) => fields.group(group).flat()),
    ...after,
  );
}

export class Controls {
  // handlers: {onChange(settings), onSample(name), onFile(file), onWebcam(), onPause(),
  //            onCopyLink(), onCopyEmbed(), onCopyNumpy(), onMapSize(px)}
  constructor(handlers) {
    this.handlers = handlers;
    this.settings = null;
    this.fields = new SettingFields((settings) => this.#emit(settings));
    this.sample = select('sample', [...SAMPLES, ''], SAMPLE_LABELS);
    this.file = h('input', {
      id: 'file',
      type: 'file',
      accept: 'image/*',
      class: 'visually-hidden',
    });
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
    this.imagePanel = this.#panel('image-controls', 'Image', this.#imageSection());
    this.settingsPanel = this.#panel(
      'settings-controls',
      'Filters, convolution and display',
      this.#filtersSection(),
      section(this.fields, { legend: 'Convolution', className: 'conv-section advanced' }, [
        'geometry',
        'border',
        'method',
      ]),
      this.#displaySection(),
    );
    this.#wire();
  }

  #panel(id, label, ...sections) {
    const onsubmit = (event) => event.preventDefault();
    return h('form', { class: 'controls', id, 'aria-label': label, onsubmit }, ...sections);
  }

  #imageSection() {
    const before = [
      h('div', { class: 'field' }, h('label', { for: 'sample' }, 'Sample'), this.sample),
      h(
        'div',
        { class: 'row' },
        this.file,
        h('label', { for: 'file', class: 'button' }, 'Open an image file…'),
      ),
      h(
        'p',
        { class: 'hint' },
        'or drop an image here, or paste one (Ctrl+V). It stays on your machine.',
      ),
      h('div', { class: 'row' }, this.webcamButton, this.pauseButton, this.fps),
    ];
    const after = [h('p', { class: 'hint' }, 'Size: ', this.imageSize)];
    const options = { legend: 'Image', className: 'image-section' };
    return section(this.fields, options, ['image'], { before, after });
  }

  #filtersSection() {
    const [params, hint, slots] = this.fields.group('params');
    const custom = h(
      'div',
      { class: 'preset custom-preset' },
      this.customBox,
      h(
        'label',
        { for: 'f-custom' },
        h('strong', {}, 'custom'),
        h('span', { class: 'description' }, 'your own kernel, edited below'),
      ),
    );
    const editor = h(
      'details',
      { class: 'kernel-details' },
      h('summary', {}, 'Custom kernel editor'),
      this.kernelEditor.element,
    );
    const bankLabel = h('p', { class: 'hint bank-label' }, 'Maps, in order (× removes one):');
    const before = [h('div', { class: 'params' }, params), hint, slots, bankLabel, this.bank];
    const options = { legend: 'Filters', className: 'filters-section' };
    return section(this.fields, options, ['filters'], {
      before: [...before, this.presetList, custom, editor],
    });
  }

  #displaySection() {
    const share = (id, label, handler) =>
      h('button', { type: 'button', id, onclick: () => handler() }, label);
    const after = [
      h('div', { class: 'field' }, h('label', { for: 'map-size' }, 'Map size'), this.mapSize),
      h(
        'div',
        { class: 'row share' },
        share('copy-link', 'Copy link', () => this.handlers.onCopyLink()),
        share('copy-embed', 'Copy embed code', () => this.handlers.onCopyEmbed()),
        share('copy-numpy', 'Copy as NumPy', () => this.handlers.onCopyNumpy()),
      ),
      this.shareLabel,
      this.shareText,
    ];
    const options = { legend: 'Display', className: 'display-section advanced' };
    return section(this.fields, options, ['display'], { after });
  }

  #wire() {
    this.sample.addEventListener(
      'change',
      () => this.sample.value && this.handlers.onSample(this.sample.value),
    );
    this.file.addEventListener('change', () => {
      const [file] = this.file.files;
      if (file) this.handlers.onFile(file);
      this.file.value = '';
    });
    this.customBox.addEventListener('change', () =>
      this.#emit({ filters: this.#toggled('custom', this.customBox.checked) }),
    );
    this.presetList.addEventListener('change', ({ target }) =>
      this.#emit({ filters: this.#toggled(target.value, target.checked) }),
    );
  }

  #emit(partial) {
    this.update({ ...this.settings, ...partial });
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
    const box =
      name === 'custom'
        ? this.customBox
        : this.presetList.querySelector(`#${CSS.escape(`f-${name}`)}`);
    if (box) box.checked = false;
    this.#emit({ filters: this.#toggled(name, false) });
    // Focus stays in the bank: on the chip now in the removed one's place, else on the list.
    (this.bank.querySelector('.chip') ?? this.presetList.querySelector('input'))?.focus();
  }

  // The engine's names and limits, for the menus and number inputs ({names, limits}).
  setCatalog(catalog) {
    this.fields.setCatalog(catalog);
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
    this.sample.value = SAMPLES.includes(settings.image) ? settings.image : '';
    this.fields.show(settings);
    for (const box of this.presetList.querySelectorAll('input'))
      box.checked = settings.filters.includes(box.value);
    this.customBox.checked = settings.filters.includes('custom');
    if (settings.custom) this.kernelEditor.set(settings.custom);
    this.#showBank();
  }

  // Settings the element changed without a control (the image of a file): the base of the next
  // change, shown nowhere else.
  update(settings) {
    this.settings = settings;
    this.fields.update(settings);
  }

  // A message next to the control a setting (attribute or key) belongs to, or in a slot by its
  // name ('' clears it).
  message(name, text) {
    showMessage(this.fields.slotOf(name), text);
  }

  // Shows text to copy (a link, embed code or Python code), selected, in case the clipboard is
  // unavailable; `copied`: whether it is on the clipboard already.
  showShare(text, copied) {
    const what = { '<': 'Embed code', '#': 'Python code' }[text[0]] ?? 'Link';
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
    if (this.sample.value !== sample) this.sample.value = sample;
    this.webcamButton.textContent = running ? 'Stop webcam' : 'Start webcam';
    this.pauseButton.hidden = !running;
    this.pauseButton.textContent = paused ? 'Resume' : 'Pause';
    this.pauseButton.setAttribute('aria-pressed', String(paused));
    this.fps.hidden = !running;
    this.fps.textContent = running ? `${fps.toFixed(1)} frames/s` : '';
  }
}
