// The stepper: the window slides over the input in raster order, jumping by the stride, and the
// map fills in pixel by pixel, each step's products and sum shown as in the inspector (the
// notebook's sliding_steps.gif and convolution_steps.gif). Play / pause / step / back / scrub /
// speed; Space plays or pauses and the arrow keys step while the stage has focus. With
// prefers-reduced-motion it starts paused.

import { h, messageSlot, showMessage } from '../dom.js';
import { mapPicker } from './inspect.js';
import {
  cellLegend, cellRange, drawCells, drawMap, explainOptions, explanationPanel, inputPlanes,
  localEngine,
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
  const picker = mapPicker('step-map', (index) => {
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
      picker.element,
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

  let running = false;
  let again = false;
  async function refresh() {
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
      showMessage(message, `The stepper could not explain this pixel: ${error.message}`);
    } finally {
      running = false;
    }
  }

  async function draw() {
    const { frame, input, settings } = state;
    if (!frame?.maps?.length) return;
    state.index = Math.min(state.index, frame.maps.length - 1);
    picker.set(frame.maps, state.index);
    const entry = frame.maps[state.index];
    const map = entry.map;
    const n = map.width * map.height;
    state.step = Math.min(Math.max(state.step, 0), n - 1);
    const at = { y: Math.floor(state.step / map.width), x: state.step % map.width };
    if (state.planesFor !== entry) {
      state.planes = await inputPlanes(engine, input, settings, entry.kernel, map.channel);
      state.planesFor = entry;
    }
    const local = await localEngine();
    const e = local.explain(state.planes.plane, entry.kernel, explainOptions(settings), at);
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
      state.frame = frame;
      state.input = input;
      state.settings = settings;
      if (state.lastMap !== settings.map) state.index = settings.map;
      const map = frame.maps?.[Math.min(state.index, frame.maps.length - 1)]?.map;
      if (state.lastAt !== settings.at && map) {
        state.step = Math.min(settings.at.y, map.height - 1) * map.width +
          Math.min(settings.at.x, map.width - 1);
      }
      state.lastMap = settings.map;
      state.lastAt = settings.at;
      refresh();
    },
    destroy() {
      clearTimeout(state.timer);
      state.playing = false;
    },
  };
}
