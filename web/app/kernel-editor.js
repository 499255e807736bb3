// The custom kernel editor: a grid of numbers (1 to 15 a side), a box to paste a matrix from NumPy
// or CSV, Normalize, and the sum. A bad entry shows a message and keeps the last good kernel.

import { h, messageSlot, showMessage, formatValue } from './dom.js';
import { KERNEL_SIDE, parseMatrix } from './matrix.js';

// A 3 x 3 kernel with no symmetry, so correlation and convolution differ visibly.
export const DEFAULT_KERNEL = { height: 3, width: 3, data: [1, 2, 0, 0, 0, 0, 0, -1, -2] };

export class KernelEditor {
  #kernel;
  #onChange;
  #rows;
  #cols;
  #grid;
  #sum;
  #paste;
  #message;

  // id: a prefix for element ids (unique inside one shadow root).
  // onChange(kernel): called with {height, width, data: number[]} after every valid edit.
  constructor({ id, onChange }) {
    this.#kernel = DEFAULT_KERNEL;
    this.#onChange = onChange;
    const [lo, hi] = KERNEL_SIDE;
    this.#rows = h('input', { id: `${id}-rows`, type: 'number', min: lo, max: hi, step: 1 });
    this.#cols = h('input', { id: `${id}-cols`, type: 'number', min: lo, max: hi, step: 1 });
    this.#rows.addEventListener('change', () => this.#resize());
    this.#cols.addEventListener('change', () => this.#resize());
    this.#grid = h('div', { class: 'kernel-grid', role: 'group', 'aria-label': 'Kernel values' });
    this.#grid.addEventListener('input', () => this.#readGrid());
    this.#sum = h('output', { id: `${id}-sum`, 'aria-live': 'polite' });
    this.#paste = h('textarea', {
      id: `${id}-paste`,
      rows: 3,
      spellcheck: 'false',
      placeholder: 'array([[1, 0, -1], [2, 0, -2], [1, 0, -1]])  or CSV rows',
    });
    this.#message = messageSlot(`${id}-message`);
    this.element = h(
      'div',
      { class: 'kernel-editor' },
      h(
        'div',
        { class: 'row' },
        h('label', { for: `${id}-rows` }, 'Rows'),
        this.#rows,
        h('label', { for: `${id}-cols` }, 'Columns'),
        this.#cols,
      ),
      this.#grid,
      h(
        'div',
        { class: 'row' },
        h('button', { type: 'button', onclick: () => this.#normalize() }, 'Normalize'),
        h('span', {}, 'Sum: ', this.#sum),
      ),
      h('label', { for: `${id}-paste` }, 'Paste a matrix (NumPy, nested list or CSV)'),
      this.#paste,
      h('button', { type: 'button', onclick: () => this.#applyPaste() }, 'Use pasted matrix'),
      this.#message,
    );
    this.#paste.addEventListener('paste', () => setTimeout(() => this.#applyPaste(), 0));
    this.#draw();
  }

  get kernel() {
    return this.#kernel;
  }

  // Shows `kernel` without calling onChange (the element sets it from attributes or the hash).
  set(kernel) {
    this.#kernel = kernel;
    showMessage(this.#message, '');
    this.#draw();
  }

  #draw() {
    const { height, width, data } = this.#kernel;
    this.#rows.value = height;
    this.#cols.value = width;
    this.#grid.style.setProperty('--columns', width);
    const cells = [];
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        cells.push(
          h('input', {
            type: 'text',
            inputmode: 'decimal',
            'aria-label': `row ${y + 1}, column ${x + 1}`,
            value: String(data[y * width + x]),
          }),
        );
      }
    }
    this.#grid.replaceChildren(...cells);
    this.#showSum();
  }

  #showSum() {
    this.#sum.textContent = formatValue(this.#kernel.data.reduce((a, b) => a + b, 0));
  }

  #commit(kernel) {
    this.#kernel = kernel;
    showMessage(this.#message, '');
    this.#showSum();
    this.#onChange(kernel);
  }

  #readGrid() {
    const { height, width } = this.#kernel;
    const inputs = [...this.#grid.querySelectorAll('input')];
    const data = [];
    let bad = null;
    inputs.forEach((input, i) => {
      const text = input.value.trim();
      const value = Number(text);
      const ok = text !== '' && Number.isFinite(value);
      input.setAttribute('aria-invalid', String(!ok));
      if (!ok && !bad) bad = { text: input.value, y: Math.floor(i / width), x: i % width };
      data.push(value);
    });
    if (bad) {
      showMessage(
        this.#message,
        `"${bad.text}" at row ${bad.y + 1}, column ${bad.x + 1} is not a number; ` +
          'the maps keep the last valid kernel.',
      );
      return;
    }
    this.#commit({ height, width, data });
  }

  #resize() {
    const [lo, hi] = KERNEL_SIDE;
    const rows = Number(this.#rows.value);
    const cols = Number(this.#cols.value);
    const fits = (n) => Number.isInteger(n) && n >= lo && n <= hi;
    if (!fits(rows) || !fits(cols)) {
      const bad = fits(rows) ? this.#cols.value : this.#rows.value;
      showMessage(this.#message, `a kernel side is ${lo} to ${hi}, got "${bad}"`);
      return;
    }
    const old = this.#kernel;
    const data = [];
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < cols; x++)
        data.push(y < old.height && x < old.width ? old.data[y * old.width + x] : 0);
    }
    this.#commit({ height: rows, width: cols, data });
    this.#draw();
  }

  #applyPaste() {
    try {
      this.#commit(parseMatrix(this.#paste.value));
      this.#draw();
    } catch (error) {
      showMessage(this.#message, `Pasted matrix: ${error.message}; the kernel is unchanged.`);
    }
  }

  // Divides by the sum so the kernel keeps the mean brightness; a kernel summing to 0 (an edge
  // detector) is divided by the sum of absolute values instead, keeping its zero sum.
  #normalize() {
    const { height, width, data } = this.#kernel;
    const sum = data.reduce((a, b) => a + b, 0);
    const absSum = data.reduce((a, b) => a + Math.abs(b), 0);
    if (absSum === 0) {
      showMessage(this.#message, 'All values are 0: nothing to normalize.');
      return;
    }
    const divisor = Math.abs(sum) > 1e-9 * absSum ? sum : absSum;
    const round = (v) => Number((v / divisor).toPrecision(6));
    this.#commit({ height, width, data: data.map(round) });
    this.#draw();
  }
}
