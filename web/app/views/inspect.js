// The inspector: point at (hover, tap) or move to (arrow keys) an output pixel of a map and see
// how it was made: its window on the input (padding hatched with its border values, the stride's
// unused rows tinted), the kernel as written and as applied, the products, their sum beside the
// map's value, and equation (2) with this pixel's indices. One engine.explain call per pixel.

import { formatValue, h, messageSlot, showMessage } from '../dom.js';
import {
  SMALL_SIDE, cellAt, cellLegend, cellRange, clampAt, drawCells, drawMap, explainPixel, explanationPanel, latestWins,
  markReaders, pixelAt, readersOf, takeUpdate,
} from './window-parts.js';

const INPUT_PIXELS = 360;
const MAP_PIXELS = 360;

// Where a key moves the cursor in a map of height x width: arrows by one pixel, Home / End to the
// row's ends, PageUp / PageDown a tenth of the rows (at least one).
function moveKey(key, at, height, width) {
  const page = Math.max(1, Math.round(height / 10));
  const to = {
    ArrowLeft: { y: at.y, x: at.x - 1 },
    ArrowRight: { y: at.y, x: at.x + 1 },
    ArrowUp: { y: at.y - 1, x: at.x },
    ArrowDown: { y: at.y + 1, x: at.x },
    Home: { y: at.y, x: 0 },
    End: { y: at.y, x: width - 1 },
    PageUp: { y: at.y - page, x: at.x },
    PageDown: { y: at.y + page, x: at.x },
  }[key];
  return to && clampAt(to, { height, width });
}

// A map picker over the frame's maps; onChange(index).
export function mapPicker(id, onChange) {
  const menu = h('select', { id, onchange: () => onChange(Number(menu.value)) });
  const element = h('label', { class: 'map-picker' }, 'Map ', menu);
  return {
    element,
    set(maps, index) {
      const titles = maps.map((m) => m.title);
      if (titles.join('\n') !== [...menu.options].map((o) => o.text).join('\n')) {
        menu.replaceChildren(...titles.map((t, i) => h('option', { value: String(i) }, t)));
      }
      menu.value = String(index);
    },
  };
}

export function createInspect({ engine }) {
  const inputCanvas = h('canvas', { class: 'cells', role: 'img', 'aria-label': 'input window' });
  const mapCanvas = h('canvas', {
    class: 'cells map-cursor',
    tabindex: '0',
    role: 'img',
    'aria-label': 'output map: point at a pixel, or use the arrow keys, Home, End, PageUp, PageDown',
  });
  const mapCaption = h('figcaption', {});
  const inputCaption = h('figcaption', {});
  const reverse = h('p', { class: 'hint reverse', 'aria-live': 'polite' });
  const panel = h('div', { class: 'explain-panel' });
  const message = messageSlot('inspect-message');
  const status = h('p', { class: 'visually-hidden', role: 'status' });
  const state = {
    frame: null, input: null, settings: null, index: 0, at: { y: 0, x: 0 },
    planes: null, planesFor: null, lastAt: null, lastMap: null,
  };
  state.picker = mapPicker('inspect-map', (index) => {
    state.index = index;
    refresh();
  });

  const element = h(
    'section',
    { class: 'teaching-view inspect', 'aria-label': 'Inspector' },
    h(
      'div',
      { class: 'view-head' },
      state.picker.element,
      h('p', { class: 'hint' }, 'Point at an output pixel, or focus the map and use the arrow keys.'),
    ),
    message,
    h(
      'div',
      { class: 'view-body' },
      h('figure', { class: 'view-figure' }, inputCaption, inputCanvas, cellLegend(), reverse),
      h('figure', { class: 'view-figure' }, mapCaption, mapCanvas),
    ),
    panel,
    status,
  );

  const refresh = latestWins(draw, (error) =>
    showMessage(message, `The inspector could not explain this pixel: ${error.message}`),
  );

  async function draw() {
    const found = await explainPixel(engine, state, (map) => {
      state.at = clampAt(state.at, map);
      return state.at;
    });
    if (!found) return;
    const { entry, map, e } = found;
    const { settings } = state;
    const unused = { rows: e.geometry.y.unused, cols: e.geometry.x.unused };
    state.range = cellRange(state.planes.padded, e, 40);
    drawCells(inputCanvas, state.planes.padded, state.range, e, unused, INPUT_PIXELS);
    state.mapCell = drawMap(mapCanvas, map, e, MAP_PIXELS);
    reverse.textContent = small(map) ? 'Point at an input cell to see which outputs read it.' : '';
    const value = map.data[e.y * map.width + e.x];
    inputCaption.textContent =
      `Input ${e.geometry.x.in} × ${e.geometry.y.in}, padded ` +
      `${e.geometry.padding.join(', ')} (top, bottom, left, right) · ` +
      `window of (${e.y}, ${e.x}): rows ${e.rows[0]}…${e.rows[e.rows.length - 1]}, ` +
      `columns ${e.cols[0]}…${e.cols[e.cols.length - 1]}`;
    mapCaption.textContent = `${entry.title}: ${map.width} × ${map.height} · cursor (${e.y}, ${e.x})`;
    panel.replaceChildren(explanationPanel(e, settings, value, map.channel));
    status.textContent = `Output (${e.y}, ${e.x}) = ${formatValue(value)}`;
    showMessage(message, '');
  }

  function moveTo(at) {
    if (!at || (at.y === state.at.y && at.x === state.at.x)) return;
    state.at = at;
    refresh();
  }

  // The reverse: the output pixels that read the input cell pointed at, with their weights (for
  // pictures drawn whole: small inputs).
  const small = (map) => state.planes.padded.width <= SMALL_SIDE + 8 && map.width * map.height <= 4096;
  async function showReaders(event) {
    const map = state.frame?.maps?.[state.index]?.map;
    if (!map || !state.range || !small(map)) return;
    const at = cellAt(event, inputCanvas, state.planes.padded, state.range);
    if (!at) return;
    const readers = await readersOf(state, at);
    drawMap(mapCanvas, map, state.at, MAP_PIXELS);
    markReaders(mapCanvas, state.mapCell, readers);
    const list = readers.map(({ y, x, weight }) => `(${y}, ${x}) × ${formatValue(weight)}`);
    reverse.textContent =
      `Input (${at.y}, ${at.x}) is read by ${readers.length} output pixel` +
      `${readers.length === 1 ? '' : 's'}${list.length ? `: ${list.join(', ')}` : ''}.`;
  }
  inputCanvas.addEventListener('pointermove', (event) =>
    showReaders(event).catch((error) =>
      showMessage(message, `The inspector could not find the readers: ${error.message}`),
    ),
  );
  inputCanvas.addEventListener('pointerleave', () => refresh());

  // Hover with a mouse, tap or drag with a finger or pen.
  for (const type of ['pointermove', 'pointerdown']) {
    mapCanvas.addEventListener(type, (event) => {
      const map = state.frame?.maps?.[state.index]?.map;
      if (map) moveTo(pixelAt(event, mapCanvas, map));
    });
  }
  mapCanvas.addEventListener('keydown', (event) => {
    const map = state.frame?.maps?.[state.index]?.map;
    const to = map && moveKey(event.key, state.at, map.height, map.width);
    if (!to) return;
    event.preventDefault();
    moveTo(to);
  });

  return {
    element,
    // A new frame, or the settings' map / at changed (an attribute, the hash).
    update(frame, input, settings) {
      const at = takeUpdate(state, frame, input, settings);
      if (at) state.at = { ...at };
      refresh();
    },
    destroy() {},
  };
}
