// The stepper: the window slides over the input in raster order, jumping by the stride, and the
// map fills in pixel by pixel, each step's products and sum shown as in the inspector (the
// notebook's sliding_steps.gif and convolution_steps.gif). Play / pause / step / back / scrub /
// speed; Space plays or pauses and the arrow keys step while the stage has focus. With
// prefers-reduced-motion it starts paused.

import { h, messageSlot, showMessage } from '../dom.js';
import { mapPicker } from './inspect.js';
import {
  cellLegend, cellRange, drawCells, drawMap, explainPixel, explanationPanel, latestWins,
  takeUpdate,
} from './window-parts.js';

const SPEEDS = [1, 2, 4, 8, 16, 60]; // steps a second
const PIXELS = 340;

export function createStep({ engine }) {
  const reduced = globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
  const state = {
    frame: null, input: null, settings: null, index: 0, step: 0, playing: !reduced,
    planes: null, planesFor: null, lastAt: null, lastMap: null, timer: 0, speed: 2,
  };
  const inputCanvas = h('canvas', { class: 'cells', role: 'img', 'aria-label': 'input window' });
  const mapCanvas = h('canvas', { class: 'cells', role: 'img', 'aria-label': 'the map so far' });
  const inputCaption = h('figcaption', {});
  const mapCaption = h('figcaption', {});
  const panel = h('div', { class: 'explain-panel' });
  const message = messageSlot('step-message');
  const position = h('output', { class: 'step-position', 'aria-live': 'off' });
  const button = (label, name, onclick) =>
    h('button', { type: 'button', 'data-step': name, 'aria-label': label, onclick }, label);
  const play = h('button', { type: 'button', 'data-step': 'play', onclick: () => setPlaying(!state.playing) });
  const back = button('Step back', 'back', () => goTo(state.step - 1));
  const forward = button('Step', 'forward', () => goTo(state.step + 1));
  const first = button('Start', 'start', () => goTo(0));
  const scrub = h('input', {
    type: 'range', min: '0', max: '0', value: '0', 'aria-label': 'Output pixel (raster order)',
    oninput: () => goTo(Number(scrub.value)),
  });
  const speed = h(
    'select',
    { 'aria-label': 'Speed', onchange: () => { state.speed = Number(speed.value); schedule(); } },
    SPEEDS.map((s) => h('option', { value: String(s) }, `${s} / s`)),
  );
  speed.value = String(state.speed);
  state.picker = mapPicker('step-map', (index) => {
    state.index = index;
    refresh();
  });
  const stage = h(
    'div',
    {
      class: 'view-body step-stage',
      tabindex: '0',
      role: 'group',
      'aria-label': 'Stepper: Space plays or pauses, the arrow keys step',
    },
    h('figure', { class: 'view-figure' }, inputCaption, inputCanvas, cellLegend()),
    h('figure', { class: 'view-figure' }, mapCaption, mapCanvas),
  );
  const element = h(
    'section',
    { class: 'teaching-view step', 'aria-label': 'Stepper' },
    h(
      'div',
      { class: 'view-head step-controls' },
      state.picker.element,
      first, back, play, forward,
      scrub,
      h('label', {}, 'Speed ', speed),
      position,
    ),
    message,
    stage,
    panel,
  );

  const total = () => {
    const map = state.frame?.maps?.[state.index]?.map;
    return map ? map.width * map.height : 0;
  };

  function setPlaying(playing) {
    state.playing = playing;
    if (playing && state.step >= total() - 1) state.step = -1;
    play.textContent = playing ? 'Pause' : 'Play';
    play.setAttribute('aria-pressed', String(playing));
    schedule();
  }

  function schedule() {
    clearTimeout(state.timer);
    if (!state.playing) return;
    state.timer = setTimeout(() => {
      const n = total(); // 0 until the first frame
      if (n > 0 && state.step >= n - 1) {
        setPlaying(false);
        return;
      }
      if (n > 0) goTo(state.step + 1);
      schedule();
    }, 1000 / state.speed);
  }

  function goTo(step) {
    const n = total();
    if (n === 0) return;
    state.step = Math.min(Math.max(step, 0), n - 1);
    refresh();
  }

  const refresh = latestWins(draw, (error) =>
    showMessage(message, `The stepper could not explain this pixel: ${error.message}`),
  );

  async function draw() {
    const found = await explainPixel(engine, state, (map) => {
      state.step = Math.min(Math.max(state.step, 0), map.width * map.height - 1);
      return { y: Math.floor(state.step / map.width), x: state.step % map.width };
    });
    if (!found) return;
    const { entry, map, e } = found;
    const { settings } = state;
    const n = map.width * map.height;
    const unused = { rows: e.geometry.y.unused, cols: e.geometry.x.unused };
    drawCells(inputCanvas, state.planes.padded, cellRange(state.planes.padded, e, 24), e, unused, PIXELS);
    drawMap(mapCanvas, map, e, PIXELS, state.step + 1);
    scrub.max = String(n - 1);
    scrub.value = String(state.step);
    position.textContent = `pixel ${state.step + 1} of ${n}: (${e.y}, ${e.x})`;
    inputCaption.textContent =
      `Input ${e.geometry.x.in} × ${e.geometry.y.in}, padding ${e.geometry.padding.join(', ')} · ` +
      `window rows ${e.rows[0]}…${e.rows[e.rows.length - 1]}, ` +
      `columns ${e.cols[0]}…${e.cols[e.cols.length - 1]}`;
    mapCaption.textContent = `${entry.title}: ${state.step + 1} of ${n} pixels made`;
    mapCanvas.dataset.filled = String(state.step + 1);
    const value = map.data[state.step];
    panel.replaceChildren(explanationPanel(e, settings, value, map.channel));
    showMessage(message, '');
  }

  stage.addEventListener('keydown', (event) => {
    const moves = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
    if (event.key === ' ') setPlaying(!state.playing);
    else if (event.key in moves) {
      setPlaying(false);
      goTo(state.step + moves[event.key]);
    } else return;
    event.preventDefault();
  });

  setPlaying(state.playing);
  return {
    element,
    update(frame, input, settings) {
      const at = takeUpdate(state, frame, input, settings);
      const map = frame.maps?.[Math.min(state.index, frame.maps.length - 1)]?.map;
      if (at && map) {
        state.step = Math.min(at.y, map.height - 1) * map.width + Math.min(at.x, map.width - 1);
      }
      refresh();
    },
    destroy() {
      clearTimeout(state.timer);
      state.playing = false;
    },
  };
}
