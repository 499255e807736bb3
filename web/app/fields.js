// The settings' controls, made from the settings table (settings.js): a labelled input or menu per
// row with a `control`, grouped as the rows' `group` says, each group with its hint (the rows'
// help texts) and its message slots. A control's text is parsed by the same rules as attributes
// and the hash; a bad one shows its message and changes nothing.

import { h, messageSlot, showMessage } from './dom.js';
import {
  SETTINGS,
  ROW,
  boundsOf,
  choicesOf,
  formatSetting,
  readSettings,
  rowOfAttribute,
} from './settings.js';

// The padding menu's extra choice, for numbers typed in the field beside it.
const EXPLICIT = 'explicit';

function field(id, label, control, ...after) {
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, ...after);
}

// A control's label for a choice: the row's labels (an object or a function) or the choice.
function labelOf(row, choice) {
  const { labels } = row.control;
  const label = typeof labels === 'function' ? labels(choice) : labels?.[choice];
  return label ?? String(choice);
}

function options(row, choices) {
  return choices.map((choice) => h('option', { value: String(choice) }, labelOf(row, choice)));
}

// The input or menu of one row (without its label), and for padding the field for numbers.
function makeInput(row) {
  const id = row.attribute;
  const { kind, step } = row.control;
  if (kind === 'number') {
    return h('input', { id, name: id, type: 'number', step, inputmode: 'decimal' });
  }
  const menu = h('select', { id, name: id });
  if (typeof row.choices !== 'string' && row.choices) menu.append(...options(row, row.choices));
  return menu;
}

export class SettingFields {
  #catalog = null;
  #inputs = {}; // attribute -> <input> / <select>
  #inline = {}; // attribute -> the span holding an inline row's control
  #settings = null;
  #onRead;

  // onRead(settings): a control was changed to a valid value; `settings` hold it.
  constructor(onRead) {
    this.#onRead = onRead;
    this.slots = {};
    for (const row of SETTINGS) this.slots[row.slot] ??= messageSlot(`${row.slot}-message`);
    for (const row of SETTINGS.filter((r) => r.control)) {
      this.#inputs[row.attribute] = makeInput(row);
    }
    // Padding: the engine's names, or numbers typed in a field beside the menu.
    this.pad = h('input', {
      id: 'pad',
      name: 'pad',
      type: 'text',
      inputmode: 'numeric',
      placeholder: '2 or 1,1,2,2',
    });
    this.#inline.pad = h(
      'span',
      { class: 'pad-field', id: 'pad-field' },
      h('label', { for: 'pad' }, 'Pixels'),
      this.pad,
    );
    this.#wire();
  }

  input(attribute) {
    return this.#inputs[attribute];
  }

  // A group's fields (in table order, an inline row inside the field it belongs to), the hint
  // made of their help texts, and the message slots they use: [fields, hint, slots].
  group(name) {
    const rows = SETTINGS.filter((row) => row.group === name);
    const fields = rows.filter((row) => row.control && !row.inline).map((row) => this.#field(row));
    const help = rows.filter((row) => row.help).map((row) => row.help);
    const hint = help.length ? h('p', { class: 'hint' }, help.join(' ')) : null;
    const slots = [...new Set(rows.map((row) => row.slot))].map((slot) => this.slots[slot]);
    return [fields, hint, slots];
  }

  #field(row) {
    const id = row.attribute;
    const after = SETTINGS.filter((r) => r.inline?.within === row.key).map((r) => {
      this.#inline[r.attribute] = h(
        'span',
        { class: 'pad-field', id: `${r.attribute}-field` },
        h('label', { for: r.attribute }, r.label),
        this.#inputs[r.attribute],
      );
      return this.#inline[r.attribute];
    });
    if (row.control.kind === 'padding') after.push(this.#inline.pad);
    return field(id, row.label, this.#inputs[id], ...after);
  }

  // The engine's names and limits: the menus' choices and the number inputs' bounds.
  setCatalog(catalog) {
    this.#catalog = catalog;
    for (const row of SETTINGS.filter((r) => r.control)) {
      const input = this.#inputs[row.attribute];
      if (row.control.kind === 'number') {
        [input.min, input.max] = boundsOf(row, catalog);
      } else if (typeof row.choices === 'string') {
        input.replaceChildren(...options(row, choicesOf(row, catalog)));
      } else if (row.control.kind === 'padding') {
        const names = catalog.names.padding.filter((name) => name !== EXPLICIT);
        const labels = { [EXPLICIT]: 'explicit P pixels' };
        input.replaceChildren(
          ...[...names, EXPLICIT].map((name) => h('option', { value: name }, labels[name] ?? name)),
        );
      }
    }
  }

  #wire() {
    for (const row of SETTINGS.filter((r) => r.control && r.control.kind !== 'padding')) {
      const input = this.#inputs[row.attribute];
      const event = input.tagName === 'SELECT' ? 'change' : 'input';
      input.addEventListener(event, () => this.#read(row.attribute, input.value));
    }
    const menu = this.#inputs.padding;
    const readPadding = () => {
      const explicit = menu.value === EXPLICIT;
      if (explicit && this.pad.value.trim() === '') this.pad.value = '1';
      this.#inline.pad.hidden = !explicit;
      this.#read('padding', explicit ? this.pad.value : menu.value);
    };
    menu.addEventListener('change', readPadding);
    this.pad.addEventListener('input', readPadding);
  }

  #read(attribute, text) {
    if (!this.#catalog) return; // the engine, and with it the names, is not there yet
    const { settings, errors } = readSettings(
      (a) => (a === attribute ? text : null),
      this.#catalog,
      this.#settings,
    );
    const padNumbers = attribute === 'padding' && this.#inputs.padding.value === EXPLICIT;
    const input = padNumbers ? this.pad : this.#inputs[attribute];
    input.setAttribute('aria-invalid', String(Boolean(errors[attribute])));
    const slot = this.slotOf(attribute);
    if (errors[attribute]) {
      showMessage(slot, `${errors[attribute]}; the maps keep the last valid value.`);
      return;
    }
    showMessage(slot, '');
    this.#onRead(settings);
  }

  // The message slot of a setting (by attribute or key) or a slot by its own name.
  slotOf(name) {
    const row = rowOfAttribute(name) ?? ROW[name];
    return this.slots[row ? row.slot : name];
  }

  // Shows `settings` in every control, without reading them back.
  show(settings) {
    this.#settings = settings;
    for (const row of SETTINGS.filter((r) => r.control)) {
      const input = this.#inputs[row.attribute];
      input.removeAttribute('aria-invalid');
      input.value = formatSetting(row, settings);
    }
    this.pad.removeAttribute('aria-invalid');
    if (typeof settings.padding !== 'string') {
      this.#inputs.padding.value = EXPLICIT;
      this.pad.value = formatSetting(ROW.padding, settings);
    }
    this.showDependent(settings);
  }

  // Settings changed elsewhere (a checkbox, the kernel editor): the base the next read starts from.
  update(settings) {
    this.#settings = settings;
    this.showDependent(settings);
  }

  // Inline fields shown only when their row's `when` holds; the padding numbers for explicit
  // padding only.
  showDependent(settings) {
    for (const row of SETTINGS.filter((r) => r.inline)) {
      this.#inline[row.attribute].hidden = !row.inline.when(settings);
    }
    this.#inline.pad.hidden = typeof settings.padding === 'string';
  }
}
