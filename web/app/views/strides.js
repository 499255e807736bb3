// The strides view: the notebook's stride tricks in memory. An array (the notebook's
// np.arange(25).reshape(5, 5), or an n x n crop of the input's luminance) drawn as its flat buffer,
// a row of cells wrapped with each image row marked, above the same array in 2-D; then the 4-D
// sliding-window view (or the notebook's n x n tiles) with its shape and strides printed as NumPy
// prints them for the chosen dtype (bytes), the element strides beside them, and why each stride
// is what it is. Selecting a window (i, j) by pointer or keyboard highlights the elements it reads
// in both drawings and writes offset = i*s0 + j*s1 + k*s2 + l*s3 with its numbers.
//
// One engine call draws it: windowView or tilesView (a crop's luminance first, through
// convolveImageData with a 1 x 1 identity kernel). Its settings (dtype, window, tiles, crop; the
// stride and dilation are the convolution's) are the element's attributes: its controls set them.

import { h, messageSlot, plural, select as menu, showMessage } from '../dom.js';
import { DTYPES } from '../../engine-args.js';

const NOTEBOOK_SIDE = 5; // np.arange(25).reshape(5, 5)
const MAX_NUMBERED_CELLS = 100; // beyond this the cells are grey levels without their numbers

const tuple = (values) => `(${values.join(', ')})`;

function numberInput(id, min, max) {
  return h('input', { id, name: id, type: 'number', min, max, step: 1, inputmode: 'numeric' });
}

function labelled(id, label, control) {
  return h('span', { class: 'strides-field' }, h('label', { for: id }, label), control);
}

// The array the view shows, {plane, code}: the notebook's np.arange(25).reshape(5, 5), or the
// settings' n x n crop from the middle of the input (its luminance, as the engine makes it).
async function arrayOf(engine, settings, input) {
  if (!settings.crop || !input) {
    const n = NOTEBOOK_SIDE;
    const data = Float32Array.from({ length: n * n }, (_, i) => i);
    const dtype = settings.dtype === 'int64' ? '' : `, dtype=np.${settings.dtype}`;
    const code = `x = np.arange(${n * n}${dtype}).reshape(${n}, ${n})`;
    return { plane: { width: n, height: n, data }, code };
  }
  const side = Math.min(settings.crop, input.width, input.height);
  const top = Math.floor((input.height - side) / 2);
  const left = Math.floor((input.width - side) / 2);
  const rgba = new Uint8ClampedArray(side * side * 4);
  for (let y = 0; y < side; y++) {
    const start = ((top + y) * input.width + left) * 4;
    rgba.set(input.imageData.data.subarray(start, start + side * 4), y * side * 4);
  }
  const identity = { width: 1, height: 1, data: Float32Array.of(1) };
  const [luminance] = await engine.convolveImageData(
    { width: side, height: side, data: rgba },
    [identity],
    { channels: 'luminance', padding: 'valid' },
  );
  const slice = `luminance[${top}:${top + side}, ${left}:${left + side}]`;
  return {
    plane: { width: side, height: side, data: luminance.data },
    code: `x = ${slice}.astype(np.${settings.dtype})  # a ${side} × ${side} crop of the luminance`,
  };
}

export function createStridesView({ engine, host }) {
  const inputs = {
    array: menu('strides-array', ['arange', 'crop'], {
      arange: 'np.arange(25).reshape(5, 5)',
      crop: 'a crop of the image',
    }),
    crop: numberInput('strides-crop', 2, 32),
    window: numberInput('strides-window', 1, 15),
    dtype: menu('strides-dtype', Object.keys(DTYPES)),
    layout: menu('strides-layout', ['windows', 'tiles'], {
      windows: 'sliding windows',
      tiles: 'n × n tiles',
    }),
    tiles: numberInput('strides-tiles', 1, 32),
    i: numberInput('strides-i', 0, 0),
    j: numberInput('strides-j', 0, 0),
  };
  const fields = {
    crop: labelled('strides-crop', 'Side', inputs.crop),
    window: labelled('strides-window', 'Window K', inputs.window),
    tiles: labelled('strides-tiles', 'n', inputs.tiles),
  };
  const out = {
    array: h('code', { id: 'strides-array-code' }),
    rowStrides: h('code', { id: 'strides-x' }),
    view: h('code', { id: 'strides-view-code' }),
    shape: h('output', { id: 'strides-shape' }),
    bytes: h('output', { id: 'strides-bytes' }),
    elements: h('output', { id: 'strides-elements' }),
    why: h('ul', { class: 'strides-why', id: 'strides-why' }),
    offset: h('p', { class: 'strides-offset', id: 'strides-offset', 'aria-live': 'polite' }),
    reads: h('p', { class: 'hint', id: 'strides-reads' }),
  };
  const flat = h('div', { class: 'strides-flat', id: 'strides-flat' });
  const grid = h('div', { class: 'strides-grid', id: 'strides-grid' });
  const message = messageSlot('strides-message');
  const element = h(
    'section',
    { class: 'strides', 'aria-label': 'Strides in memory' },
    h('h2', { class: 'strides-title' }, 'Strides: one flat buffer, a 4-D view of its windows'),
    h(
      'div',
      { class: 'strides-controls' },
      labelled('strides-array', 'Array', inputs.array),
      fields.crop,
      labelled('strides-dtype', 'dtype', inputs.dtype),
      labelled('strides-layout', 'View', inputs.layout),
      fields.window,
      fields.tiles,
    ),
    h(
      'p',
      { class: 'hint' },
      'Stride S and dilation D are the convolution’s (Convolution controls).',
    ),
    message,
    h('p', { class: 'strides-code' }, out.array, h('br'), out.rowStrides),
    h('h3', {}, 'The flat buffer (memory, one cell per element; a bar starts each row)'),
    flat,
    h('h3', {}, 'The same buffer as a 2-D array'),
    grid,
    h('h3', {}, 'The 4-D view'),
    h(
      'p',
      { class: 'strides-code' },
      out.view,
      h('br'),
      h('code', {}, 'y.shape   = ', out.shape),
      h('br'),
      h('code', {}, 'y.strides = ', out.bytes),
      h('span', { class: 'hint' }, ' bytes; in elements ', out.elements),
    ),
    out.why,
    h(
      'p',
      { class: 'hint' },
      'Stride S multiplies s0 and s1 (how far apart the windows start); dilation D multiplies s2 ' +
        'and s3 (how far apart a window’s taps are). Nothing is copied: y reads x’s buffer.',
    ),
    h(
      'div',
      { class: 'strides-controls' },
      h('span', { class: 'hint' }, 'Window (i, j), or click a cell:'),
      h(
        'span',
        { class: 'strides-field' },
        labelled('strides-i', 'i', inputs.i),
        labelled('strides-j', 'j', inputs.j),
      ),
    ),
    out.offset,
    out.reads,
  );

  let settings = null;
  let input = null;
  let shown = null; // {key, input, plane, view}: what is drawn
  let run = 0;
  const selected = { i: 0, j: 0 };

  // A control sets the element's attribute (the setting, its URL hash key and the embed code).
  const set = (attribute, value) => host.setAttribute(attribute, String(value));
  inputs.dtype.addEventListener('change', () => set('dtype', inputs.dtype.value));
  inputs.array.addEventListener('change', () =>
    set('crop', inputs.array.value === 'crop' ? Number(inputs.crop.value) || 16 : 0),
  );
  inputs.layout.addEventListener('change', () =>
    set('tiles', inputs.layout.value === 'tiles' ? Number(inputs.tiles.value) || 2 : 0),
  );
  for (const name of ['crop', 'window', 'tiles']) {
    inputs[name].addEventListener('change', () => {
      if (inputs[name].checkValidity() && inputs[name].value !== '') set(name, inputs[name].value);
    });
  }
  for (const axis of ['i', 'j']) {
    inputs[axis].addEventListener('input', () => {
      if (!inputs[axis].checkValidity() || inputs[axis].value === '') return;
      selected[axis] = Number(inputs[axis].value);
      select();
    });
  }
  // A click on a cell selects the last window starting at or before it.
  const pick = (event) => {
    const cell = event.target.closest('[data-index]');
    if (!cell || !shown?.view) return;
    const index = Number(cell.dataset.index);
    const [s0, s1] = shown.view.strides;
    const { width } = shown.plane;
    const [rows, columns] = shown.view.shape;
    selected.i = Math.min(rows - 1, Math.floor(Math.floor(index / width) / (s0 / width)));
    selected.j = Math.min(columns - 1, Math.floor((index % width) / s1));
    select();
  };
  flat.addEventListener('click', pick);
  grid.addEventListener('click', pick);

  function showControls() {
    inputs.dtype.value = settings.dtype;
    inputs.array.value = settings.crop ? 'crop' : 'arange';
    if (settings.crop) inputs.crop.value = settings.crop;
    fields.crop.hidden = !settings.crop;
    inputs.layout.value = settings.tiles ? 'tiles' : 'windows';
    if (settings.tiles) inputs.tiles.value = settings.tiles;
    fields.tiles.hidden = !settings.tiles;
    inputs.window.value = settings.window;
    fields.window.hidden = Boolean(settings.tiles);
  }

  async function update(frame, frameInput, frameSettings) {
    settings = frameSettings;
    input = frameInput;
    showControls();
    const { dtype, window, tiles, crop, stride, dilation } = settings;
    const key = JSON.stringify([dtype, window, tiles, crop, stride, dilation]);
    // The crop follows the input; the notebook's array does not.
    if (shown?.key === key && (!crop || shown.input === input.imageData)) return;
    const mine = ++run;
    try {
      const array = await arrayOf(engine, settings, input);
      const view = tiles
        ? await engine.tilesView(array.plane, tiles, { dtype })
        : await engine.windowView(array.plane, { width: window, height: window }, {
            stride,
            dilation,
            dtype,
          });
      if (mine !== run) return;
      shown = { key, input: input.imageData, plane: array.plane, view };
      showMessage(message, '');
      draw(array);
    } catch (error) {
      if (mine !== run) return;
      shown = null;
      showMessage(message, `${error.message}. Make the window, stride or dilation smaller.`);
    }
  }

  function draw(array) {
    const { plane, view } = shown;
    const { itemsize } = view;
    const numbered = plane.width * plane.height <= MAX_NUMBERED_CELLS;
    out.array.textContent = array.code;
    const row = plane.width * itemsize;
    out.rowStrides.textContent =
      `x.shape = ${tuple([plane.height, plane.width])}; x.strides = ${tuple([row, itemsize])}` +
      `  # a row is W·itemsize = ${plane.width}·${itemsize} = ${row} bytes`;
    out.view.textContent = viewCode(plane, view, settings);
    out.shape.textContent = tuple(view.shape);
    out.bytes.textContent = tuple(view.byteStrides);
    out.elements.textContent = tuple(view.strides);
    out.why.replaceChildren(...whyLines(plane, view, settings).map((line) => h('li', {}, line)));
    const cells = (container, wrapRows) => {
      const children = [];
      for (let index = 0; index < plane.width * plane.height; index++) {
        const value = plane.data[index];
        if (wrapRows && index % plane.width === 0) {
          const r = index / plane.width;
          children.push(h('span', { class: 'strides-row-mark', 'aria-hidden': 'true' }, `${r}`));
        }
        const cell = h(
          'span',
          {
            class: 'strides-cell',
            'data-index': index,
            title: `element ${index}, byte ${index * itemsize}`,
          },
          numbered ? (Number.isInteger(value) ? String(value) : value.toFixed(2)) : '',
        );
        if (!numbered) {
          const grey = Math.round(Math.min(1, Math.max(0, value)) * 255);
          cell.style.backgroundColor = `rgb(${grey}, ${grey}, ${grey})`;
        }
        children.push(cell);
      }
      container.replaceChildren(...children);
      container.classList.toggle('numbered', numbered);
    };
    cells(flat, true);
    cells(grid, false);
    grid.style.setProperty('--columns', plane.width);
    const [rows, columns] = view.shape;
    selected.i = Math.min(selected.i, rows - 1);
    selected.j = Math.min(selected.j, columns - 1);
    inputs.i.max = rows - 1;
    inputs.j.max = columns - 1;
    select();
  }

  // The selected window: its offsets written out, its elements highlighted in both drawings.
  function select() {
    if (!shown?.view) return;
    const { view } = shown;
    const { i, j } = selected;
    inputs.i.value = i;
    inputs.j.value = j;
    const [b0, b1, b2, b3] = view.byteStrides;
    const [e0, e1, e2, e3] = view.strides;
    const start = i * b0 + j * b1;
    out.offset.textContent =
      `offset = i·s0 + j·s1 + k·s2 + l·s3 = ${i}·${b0} + ${j}·${b1} + k·${b2} + l·${b3}` +
      ` = ${start} + k·${b2} + l·${b3} bytes` +
      ` (element ${start / view.itemsize} + k·${e2} + l·${e3})`;
    const [, , kh, kw] = view.shape;
    const read = new Set();
    const rows = [];
    for (let k = 0; k < kh; k++) {
      const line = [];
      for (let l = 0; l < kw; l++) {
        const index = i * e0 + j * e1 + k * e2 + l * e3;
        read.add(index);
        line.push(index);
      }
      rows.push(line.join(' '));
    }
    out.reads.textContent =
      `window (${i}, ${j}) reads the ${kh} × ${kw} elements ${rows.join(' | ')}` +
      ` (k = 0…${kh - 1} rows, l = 0…${kw - 1} columns)`;
    const origin = i * e0 + j * e1;
    for (const container of [flat, grid]) {
      for (const cell of container.querySelectorAll('[data-index]')) {
        const index = Number(cell.dataset.index);
        cell.classList.toggle('read', read.has(index));
        cell.classList.toggle('origin', index === origin);
      }
    }
  }

  return {
    element,
    update,
    destroy() {
      run++;
    },
  };
}

// How NumPy makes this view: the notebook's sliding_window_view (stride and dilation by
// slicing), or its as_strided tiles (tile step H // n rows, W // n columns).
function viewCode(plane, view, { tiles, stride, dilation }) {
  const [rows, columns, kh, kw] = view.shape;
  if (tiles) {
    const [s0, s1, s2, s3] = view.byteStrides;
    const shape = tuple([rows, columns, kh, kw]);
    return `y = as_strided(x, shape=${shape}, strides=${tuple([s0, s1, s2, s3])})`;
  }
  const reach = [dilation * (kh - 1) + 1, dilation * (kw - 1) + 1];
  const slice =
    stride === 1 && dilation === 1
      ? ''
      : `[::${stride}, ::${stride}, ::${dilation}, ::${dilation}]`;
  return `y = sliding_window_view(x, ${tuple(reach)})${slice}`;
}

// Why each stride is what it is, with this view's numbers: stride S multiplies s0 and s1,
// dilation D multiplies s2 and s3 (windows: S = stride, D = dilation; tiles: S = H // n or W // n,
// D = 1).
function whyLines(plane, view, { tiles }) {
  const { itemsize, byteStrides: b } = view;
  const row = plane.width * itemsize;
  const [sy, sx] = [view.strides[0] / plane.width, view.strides[1]];
  const [dy, dx] = [view.strides[2] / plane.width, view.strides[3]];
  const unit = tiles ? 'tile' : 'window';
  const step = tiles ? `the tile step (H // n = ${sy})` : `stride S = ${sy}`;
  const stepX = tiles ? `the tile step (W // n = ${sx})` : `stride S = ${sx}`;
  const gap = tiles ? 'a tile reads every element' : `dilation D = ${dy}`;
  const gapX = tiles ? 'a tile reads every element' : `dilation D = ${dx}`;
  return [
    `s0 = ${sy}·${row} = ${b[0]}: ${step} times a row ` +
      `(W·itemsize = ${plane.width}·${itemsize} = ${row} bytes): ` +
      `${unit} (i + 1, j) starts ${plural(sy, 'row')} further down`,
    `s1 = ${sx}·${itemsize} = ${b[1]}: ${stepX} times the itemsize: ` +
      `${unit} (i, j + 1) starts ${plural(sx, 'element')} to the right`,
    `s2 = ${dy}·${row} = ${b[2]}: ${gap} times a row: ` +
      `element (k + 1, l) is ${plural(dy, 'row')} below (k, l)`,
    `s3 = ${dx}·${itemsize} = ${b[3]}: ${gapX} times the itemsize: ` +
      `element (k, l + 1) is ${plural(dx, 'element')} to the right`,
  ];
}
