// The parts the inspector (inspect.js) and the stepper (step.js) share: the engine calls behind
// them, the input drawn as cells around one output pixel's window, the map with its cursor, and the
// panel that writes equation (2) out for that pixel. Every number shown comes from the engine:
// engine.explain for the window, the kernel as applied, the products and their sum; and the padded
// plane (the input as the engine padded it) from a convolution with the 1 x 1 kernel [1] under the
// map's own padding and border, so cells outside the window show the engine's values too.
//
// Per frame, the worker engine gives the padded plane; per pointer move, an engine in this thread
// explains the pixel from the unpadded plane (the one the map was made from: luminance or a
// channel), so no image crosses to the worker on a move (2048 x 2048 RGBA is 16 MB: a copy to the
// worker and its conversion alone would take longer than a frame).

import { formatValue, h } from '../dom.js';
import { convOptions } from '../settings.js';

// A picture up to this many cells a side is drawn whole as numbered cells (the 8 x 8 digit with
// its padding ring); a larger one as a crop around the window.
export const SMALL_SIDE = 32;
// Kernels of up to this many taps get number tables; larger ones a heat grid of the products.
const TABLE_TAPS = 49;
// The largest cell drawn, in canvas pixels: an 8 x 8 picture stays a figure, not a poster.
const CELL_MAX = 40;
const IDENTITY = { width: 1, height: 1, data: new Float32Array([1]) };

// The options of engine.explain: the settings' convolution (the plane passed is already the map's
// channel).
function explainOptions(settings) {
  const { channels, ...options } = convOptions(settings);
  return options;
}

// The engine in this thread that explains pixels, one for every view on the page. Imported when
// first needed: the settings table (which lists the views) is read in Node too, where web/ has
// no wasm glue beside it.
let local = null;
function localEngine() {
  if (!local) {
    local = import('../../engine-sync.js').then(({ createEngine }) => createEngine());
    local.catch(() => {
      local = null;
    });
  }
  return local;
}

// An output pixel {y, x} moved into a map of geometry's size.
export function clampAt(at, geometry) {
  const clamp = (v, n) => Math.min(Math.max(v, 0), n - 1);
  return { y: clamp(at.y, geometry.height), x: clamp(at.x, geometry.width) };
}

// The input of a map, {plane, padded}: the plane the map was made from ({width, height, data}),
// and as the engine padded it ({data, width, height, top, left, lo, hi}).
async function inputPlanes(engine, input, settings, kernel, channel) {
  const geometry = await engine.outputSize(input, kernel, explainOptions(settings));
  const [top, bottom, left, right] = geometry.padding;
  const { border, borderValue } = settings;
  const channels = channel === 'luminance' ? 'luminance' : 'rgb';
  const options = {
    padding: [top, bottom, left, right], border, borderValue, channels, method: 'direct',
  };
  const maps = await engine.convolveImageData(input.imageData, [IDENTITY], options);
  const { data, width, height } = maps.find((m) => m.channel === channel);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of data) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const plane = { width: input.width, height: input.height, data: new Float32Array(input.width * input.height) };
  for (let y = 0; y < input.height; y++) {
    const from = (y + top) * width + left;
    plane.data.set(data.subarray(from, from + input.width), y * input.width);
  }
  return { plane, padded: { data, width, height, top, left, lo, hi } };
}

// A canvas for rows x cols cells fitting `pixels` across: the cell's size (from `least` up to
// CELL_MAX) and the canvas sized to them.
function cellCanvas(canvas, rows, cols, pixels, least) {
  const size = Math.min(CELL_MAX, Math.max(least, Math.floor(pixels / Math.max(rows, cols))));
  const width = size * cols;
  const height = size * rows;
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  return { ctx: canvas.getContext('2d'), size, width, height };
}

// Returns refresh(): runs draw() now, or once more when the run in progress ends ("latest wins":
// a pointer moving faster than the engine answers skips to where it is now). Errors go to
// onError.
export function latestWins(draw, onError) {
  let running = false;
  let again = false;
  return async function refresh() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await draw();
      } while (again);
    } catch (error) {
      onError(error);
    } finally {
      running = false;
    }
  };
}

// A view's update: the frame, the input and the settings kept, the settings' map taken when it
// changed. Returns the settings' `at` when it changed (an attribute, the hash), else null.
export function takeUpdate(view, frame, input, settings) {
  Object.assign(view, { frame, input, settings });
  if (view.lastMap !== settings.map) view.index = settings.map;
  const at = view.lastAt !== settings.at ? settings.at : null;
  view.lastMap = settings.map;
  view.lastAt = settings.at;
  return at;
}

// The open map of a view and its pixel explained. view: {frame, input, settings, index, picker,
// planes, planesFor} (planes kept per map entry); place(map) gives the output pixel {y, x}.
// Returns {entry, map, e}, or null before the first frame.
export async function explainPixel(engine, view, place) {
  const { frame, input, settings } = view;
  if (!frame?.maps?.length) return null;
  view.index = Math.min(view.index, frame.maps.length - 1);
  view.picker.set(frame.maps, view.index);
  const entry = frame.maps[view.index];
  const { map } = entry;
  if (view.planesFor !== entry) {
    view.planes = await inputPlanes(engine, input, settings, entry.kernel, map.channel);
    view.planesFor = entry;
  }
  const local = await localEngine();
  const e = local.explain(view.planes.plane, entry.kernel, explainOptions(settings), place(map));
  return { entry, map, e };
}

// Grey of a value within [lo, hi], and a text colour that reads on it.
function grey(value, lo, hi) {
  const g = Math.round(hi > lo ? (255 * (value - lo)) / (hi - lo) : 128);
  return { fill: `rgb(${g},${g},${g})`, text: g > 140 ? '#000' : '#fff' };
}

const COLOURS = { tap: '#ff7a00', pad: 'rgba(40,110,255,0.9)', unused: 'rgba(220,30,30,0.45)' };

// Which cells of the padded plane to draw: all of it when small, else a square crop of `span`
// cells centred on the window (more when the window reaches further; clamped to the plane).
export function cellRange(padded, explanation, span) {
  if (padded.width <= SMALL_SIDE + 8 && padded.height <= SMALL_SIDE + 8) {
    return { r0: 0, c0: 0, rows: padded.height, cols: padded.width };
  }
  const { rows, cols } = explanation;
  const reach = Math.max(rows[rows.length - 1] - rows[0], cols[cols.length - 1] - cols[0]) + 1;
  span = Math.min(Math.max(span, reach + 6), 100);
  const centre = (taps, offset) => Math.round((taps[0] + taps[taps.length - 1]) / 2) + offset;
  const crop = (c, n) => {
    const size = Math.min(span, n);
    return [Math.min(Math.max(c - Math.floor(size / 2), 0), n - size), size];
  };
  const [r0, nr] = crop(centre(rows, padded.top), padded.height);
  const [c0, nc] = crop(centre(cols, padded.left), padded.width);
  return { r0, c0, rows: nr, cols: nc };
}

// Draws cells of the padded plane on canvas (sized to fit `pixels` across): real pixels in grey,
// padded ones hatched in blue with their border value, the stride's unused input rows and columns
// tinted red, the window's reach (K_eff x K_eff) shaded and each tap outlined in orange.
// unused: {rows, cols} of the input the stride never reaches (geometry.y.unused, x.unused).
export function drawCells(canvas, padded, range, explanation, unused, pixels) {
  const { ctx, size } = cellCanvas(canvas, range.rows, range.cols, pixels, 2);
  const inH = explanation.geometry.y.in;
  const inW = explanation.geometry.x.in;
  const tapRows = new Set(explanation.rows);
  const tapCols = new Set(explanation.cols);
  const [firstRow, lastRow] = [explanation.rows[0], explanation.rows[explanation.rows.length - 1]];
  const [firstCol, lastCol] = [explanation.cols[0], explanation.cols[explanation.cols.length - 1]];
  const numbers = size >= 26;
  ctx.font = `${Math.min(13, Math.floor(size / 2.6))}px system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (let r = 0; r < range.rows; r++) {
    for (let c = 0; c < range.cols; c++) {
      const pr = range.r0 + r;
      const pc = range.c0 + c;
      const iy = pr - padded.top;
      const ix = pc - padded.left;
      const value = padded.data[pr * padded.width + pc];
      const x = c * size;
      const y = r * size;
      const { fill, text } = grey(value, padded.lo, padded.hi);
      ctx.fillStyle = fill;
      ctx.fillRect(x, y, size, size);
      const inside = iy >= 0 && iy < inH && ix >= 0 && ix < inW;
      if (!inside) hatch(ctx, x, y, size);
      else if (iy >= inH - unused.rows || ix >= inW - unused.cols) {
        ctx.fillStyle = COLOURS.unused;
        ctx.fillRect(x, y, size, size);
      }
      const inReach = iy >= firstRow && iy <= lastRow && ix >= firstCol && ix <= lastCol;
      if (inReach && !(tapRows.has(iy) && tapCols.has(ix))) {
        ctx.fillStyle = 'rgba(255,176,102,0.25)';
        ctx.fillRect(x, y, size, size);
      }
      if (numbers) {
        ctx.fillStyle = inside ? text : '#fff';
        if (!inside) {
          ctx.fillStyle = 'rgba(20,50,140,0.85)';
          ctx.fillRect(x + 3, y + size / 2 - 8, size - 6, 16);
          ctx.fillStyle = '#fff';
        }
        ctx.fillText(formatValue(value), x + size / 2, y + size / 2, size - 4);
      }
      if (size >= 6) {
        ctx.strokeStyle = 'rgba(128,128,128,0.5)';
        ctx.lineWidth = 1;
        ctx.strokeRect(x + 0.5, y + 0.5, size - 1, size - 1);
      }
    }
  }
  // Each tap, outlined.
  ctx.strokeStyle = COLOURS.tap;
  ctx.lineWidth = Math.max(1, Math.min(3, Math.floor(size / 8)));
  for (const iy of explanation.rows) {
    for (const ix of explanation.cols) {
      const r = iy + padded.top - range.r0;
      const c = ix + padded.left - range.c0;
      if (r < 0 || c < 0 || r >= range.rows || c >= range.cols) continue;
      if (size < 8) {
        // Too small for an outline: a dot in the cell.
        ctx.fillStyle = COLOURS.tap;
        ctx.fillRect(c * size + size / 4, r * size + size / 4, size / 2, size / 2);
        continue;
      }
      const inset = ctx.lineWidth / 2;
      ctx.strokeRect(c * size + inset, r * size + inset, size - 2 * inset, size - 2 * inset);
    }
  }
  return size;
}

// Blue diagonal stripes: a padded cell, not a pixel of the image.
function hatch(ctx, x, y, size) {
  ctx.save();
  ctx.beginPath();
  ctx.rect(x, y, size, size);
  ctx.clip();
  ctx.strokeStyle = COLOURS.pad;
  ctx.lineWidth = Math.max(1, size / 10);
  const step = Math.max(4, size / 4);
  for (let d = -size; d < size; d += step) {
    ctx.beginPath();
    ctx.moveTo(x + d, y + size);
    ctx.lineTo(x + d + size, y);
    ctx.stroke();
  }
  ctx.restore();
}

// The legend under the input's cells.
export function cellLegend() {
  const item = (cls, text) => h('span', { class: `legend-item ${cls}` }, text);
  return h(
    'p',
    { class: 'hint cell-legend' },
    item('legend-tap', 'tap (multiplied)'),
    item('legend-pad', 'padding (border value)'),
    item('legend-unused', 'never reached (stride)'),
  );
}

// A map's rendered pixels on a canvas of their own, drawn once per map.
const pictures = new WeakMap();
function picture(map) {
  if (!pictures.has(map)) {
    const source = new OffscreenCanvas(map.width, map.height);
    source.getContext('2d').putImageData(new ImageData(map.rendered.data, map.width, map.height), 0, 0);
    pictures.set(map, source);
  }
  return pictures.get(map);
}

// The map drawn at `pixels` across (nearest-neighbour), the first `filled` pixels in raster order
// only (all when undefined), with a cursor around (y, x). Small maps get numbered cells. A large
// whole map is drawn once; a move then repaints only where the cursor was.
export function drawMap(canvas, map, at, pixels, filled = map.width * map.height) {
  const { ctx, size, width, height } = cellCanvas(canvas, map.height, map.width, pixels, 1);
  const rgba = map.rendered.data;
  const total = map.width * map.height;
  const last = drawnMaps.get(canvas);
  if (filled >= total && size <= 2) {
    ctx.imageSmoothingEnabled = false;
    if (last?.map === map) {
      const [x, y, w, h] = last.cursor;
      ctx.drawImage(picture(map), x / size, y / size, w / size, h / size, x, y, w, h);
    } else {
      ctx.drawImage(picture(map), 0, 0, width, height);
    }
  } else {
    ctx.fillStyle = '#e7eaee';
    ctx.fillRect(0, 0, width, height);
    const numbers = size >= 26;
    ctx.font = `${Math.min(13, Math.floor(size / 2.6))}px system-ui, sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (let i = 0; i < Math.min(filled, total); i++) {
      const y = Math.floor(i / map.width);
      const x = i % map.width;
      const [r, g, b] = rgba.subarray(i * 4, i * 4 + 3);
      ctx.fillStyle = `rgb(${r},${g},${b})`;
      ctx.fillRect(x * size, y * size, size, size);
      if (numbers) {
        ctx.fillStyle = 0.299 * r + 0.587 * g + 0.114 * b > 140 ? '#000' : '#fff';
        ctx.fillText(formatValue(map.data[i]), x * size + size / 2, y * size + size / 2, size - 4);
      }
    }
  }
  // A large map is drawn a canvas pixel per map pixel and shrunk on the page: its cursor grows.
  const cursor = Math.max(size, 6, Math.ceil(width / 32));
  ctx.strokeStyle = COLOURS.tap;
  ctx.lineWidth = size <= 2 ? Math.max(2, cursor / 6) : Math.max(2, Math.min(3, size / 8));
  const inset = ctx.lineWidth / 2;
  const cx = Math.round(at.x * size + size / 2 - cursor / 2);
  const cy = Math.round(at.y * size + size / 2 - cursor / 2);
  ctx.strokeRect(cx + inset, cy + inset, cursor - 2 * inset, cursor - 2 * inset);
  const x0 = Math.max(0, cx - 1);
  const y0 = Math.max(0, cy - 1);
  const box = [x0, y0, Math.min(width, cx + cursor + 1) - x0, Math.min(height, cy + cursor + 1) - y0];
  drawnMaps.set(canvas, { map, cursor: box });
  return size;
}
// What each map canvas shows: {map, cursor: [x, y, w, h] to repaint on the next move}.
const drawnMaps = new WeakMap();

// The output pixel under a pointer event on a map canvas drawn by drawMap.
export function pixelAt(event, canvas, map) {
  const box = canvas.getBoundingClientRect();
  const x = Math.floor(((event.clientX - box.left) / box.width) * map.width);
  const y = Math.floor(((event.clientY - box.top) / box.height) * map.height);
  if (x < 0 || y < 0 || x >= map.width || y >= map.height) return null;
  return { y, x };
}

// The input position under a pointer on a canvas drawn by drawCells over `range` of the padded
// plane: {y, x} in input coordinates (negative or past the edge in the padding), or null.
export function cellAt(event, canvas, padded, range) {
  const box = canvas.getBoundingClientRect();
  const c = Math.floor(((event.clientX - box.left) / box.width) * range.cols);
  const r = Math.floor(((event.clientY - box.top) / box.height) * range.rows);
  if (r < 0 || c < 0 || r >= range.rows || c >= range.cols) return null;
  return { y: range.r0 + r - padded.top, x: range.c0 + c - padded.left };
}

// The reverse view: every output pixel of the view's map that reads input position `at` (a
// padding position too), with the weight it multiplies it by, [{y, x, weight}]. Each output pixel
// explained by the engine, so the cost grows with the map: the inspector asks only for pictures
// drawn whole (up to SMALL_SIDE a side and their padding).
export async function readersOf(view, at) {
  const { map, kernel } = view.frame.maps[view.index];
  const local = await localEngine();
  const options = explainOptions(view.settings);
  const readers = [];
  for (let y = 0; y < map.height; y++) {
    for (let x = 0; x < map.width; x++) {
      const e = local.explain(view.planes.plane, kernel, options, { y, x });
      const k = e.rows.indexOf(at.y);
      const l = e.cols.indexOf(at.x);
      if (k >= 0 && l >= 0) readers.push({ y, x, weight: e.applied[k * e.width + l] });
    }
  }
  return readers;
}

// Marks the readers on a map canvas drawn by drawMap with cells of `size`: outlined in blue, each
// with its weight.
export function markReaders(canvas, size, readers) {
  const ctx = canvas.getContext('2d');
  ctx.strokeStyle = COLOURS.pad;
  ctx.lineWidth = 3;
  ctx.font = `bold ${Math.min(13, Math.max(9, Math.floor(size / 3)))}px system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const { y, x, weight } of readers) {
    ctx.strokeRect(x * size + 1.5, y * size + 1.5, size - 3, size - 3);
    if (size < 20) continue;
    ctx.fillStyle = 'rgba(20,50,140,0.85)';
    ctx.fillRect(x * size + 3, y * size + 3, size - 6, 14);
    ctx.fillStyle = '#fff';
    ctx.fillText(`×${formatValue(weight)}`, x * size + size / 2, y * size + 4, size - 8);
  }
}

// One number table (kh x kw) with a caption; cells of padding taps marked.
function numberTable(caption, values, e, marked) {
  const rows = [];
  for (let k = 0; k < e.height; k++) {
    const cells = [];
    for (let l = 0; l < e.width; l++) {
      const i = k * e.width + l;
      const padded = marked && e.padding[i] === 1;
      cells.push(h('td', { class: padded ? 'pad' : null }, formatValue(values[i])));
    }
    rows.push(h('tr', {}, cells));
  }
  return h('table', { class: 'taps' }, h('caption', {}, caption), h('tbody', {}, rows));
}

// Products as a heat grid (blue negative, red positive), for kernels too large for tables; the
// numbers of the tap under the pointer are written beside it.
function heatGrid(e, readout) {
  const scale = Math.max(1e-12, ...Array.from(e.products, Math.abs));
  const cell = Math.max(3, Math.floor(248 / Math.max(e.width, e.height)));
  const canvas = h('canvas', {
    class: 'heat',
    width: cell * e.width,
    height: cell * e.height,
    role: 'img',
    'aria-label': `the ${e.height} × ${e.width} products as a heat grid: red positive, blue negative`,
  });
  const ctx = canvas.getContext('2d');
  for (let i = 0; i < e.products.length; i++) {
    const t = e.products[i] / scale;
    const a = Math.round(255 * (1 - Math.abs(t)));
    ctx.fillStyle = t >= 0 ? `rgb(255,${a},${a})` : `rgb(${a},${a},255)`;
    ctx.fillRect((i % e.width) * cell, Math.floor(i / e.width) * cell, cell, cell);
  }
  canvas.addEventListener('pointermove', (event) => {
    const box = canvas.getBoundingClientRect();
    const l = Math.floor(((event.clientX - box.left) / box.width) * e.width);
    const k = Math.floor(((event.clientY - box.top) / box.height) * e.height);
    if (k < 0 || l < 0 || k >= e.height || l >= e.width) return;
    readout.textContent = tapText(e, k, l);
  });
  return canvas;
}

function tapText(e, k, l) {
  const i = k * e.width + l;
  const where = e.padding[i] ? ' (padding)' : '';
  return (
    `tap (${k}, ${l}): A[${e.rows[k]}, ${e.cols[l]}]${where} = ${formatValue(e.window[i])} × ` +
    `W[${k}, ${l}] = ${formatValue(e.applied[i])} → ${formatValue(e.products[i])}`
  );
}

// Equation (2) with this pixel's indices, and with the terms when they are few.
function equation(e, settings) {
  const [top, , left] = e.geometry.padding;
  const { stride: s, dilation: d } = settings;
  const row = (i, v, p) => `${i}·${s}${d > 1 ? ` + ${v}·${d}` : ` + ${v}`}${p ? ` − ${p}` : ''}`;
  const lines = [
    'Z[i, j] = Σ_k Σ_l A[i·S + k·D − P_top, j·S + l·D − P_left] · W[k, l]',
    `Z[${e.y}, ${e.x}] = Σ_{k=0..${e.height - 1}} Σ_{l=0..${e.width - 1}} ` +
      `A[${row(e.y, 'k', top)}, ${row(e.x, 'l', left)}] · W[k, l]`,
  ];
  if (settings.op === 'convolution') {
    lines.push(`convolution: W[k, l] = K[${e.height - 1} − k, ${e.width - 1} − l] (K turned 180°)`);
  }
  if (e.products.length <= 9) {
    const term = (v) => (v < 0 ? `(${formatValue(v)})` : formatValue(v));
    const terms = Array.from(e.window, (v, i) => `${term(v)}·${term(e.applied[i])}`);
    lines.push(`= ${terms.join(' + ')}`);
  }
  lines.push(`= ${formatValue(e.sum)}`);
  return lines;
}

// The numbers of one output pixel: window, kernel as written and as applied, products, the
// equation and the sum beside the map's value.
export function explanationPanel(e, settings, mapValue, channel) {
  const channelText =
    channel === 'luminance' ? 'luminance (Rec. 601: 0.299 R + 0.587 G + 0.114 B, over 255)'
      : `channel ${channel.toUpperCase()} (over 255)`;
  const readout = h('p', { class: 'hint tap-readout', 'aria-live': 'polite' });
  let grids;
  if (e.products.length <= TABLE_TAPS) {
    const flip = settings.op === 'convolution';
    grids = [
      numberTable('Window A (input at each tap)', e.window, e, true),
      numberTable('Kernel K as written', e.kernel, e, false),
      flip ? numberTable('W = K turned 180° (as applied)', e.applied, e, false) : null,
      numberTable('Products A · W', e.products, e, true),
    ];
  } else {
    readout.textContent = 'Point at the heat grid for a tap’s numbers.';
    const all = h('details', { class: 'all-numbers' }, h('summary', {}, 'All numbers'));
    all.addEventListener('toggle', () => {
      if (!all.open || all.children.length > 1) return;
      all.append(
        numberTable('Window A', e.window, e, true),
        numberTable('W as applied', e.applied, e, false),
        numberTable('Products A · W', e.products, e, true),
      );
    });
    const caption = h('figcaption', {}, `Products A · W, ${e.height} × ${e.width}: red positive, blue negative`);
    grids = [h('figure', { class: 'heat-figure' }, caption, heatGrid(e, readout)), all];
  }
  const agree = Math.abs(e.sum - mapValue) <= 1e-4 * (1 + Math.abs(mapValue));
  return h(
    'div',
    { class: 'explanation' },
    h('p', { class: 'hint' }, `Input values: ${channelText}.`),
    h('div', { class: 'tap-grids' }, grids),
    readout,
    h('pre', { class: 'equation' }, equation(e, settings).join('\n')),
    h(
      'p',
      { class: 'sum-line' },
      'Sum of the products: ',
      h('output', { class: 'sum' }, formatValue(e.sum)),
      ' · the map’s value at ',
      `(${e.y}, ${e.x}): `,
      h('output', { class: 'map-value' }, formatValue(mapValue)),
      agree ? ' ✓ they agree' : ' ✗ they differ',
    ),
  );
}
