// The element's views: the feature maps (always shown) and the teaching views, one module each in
// app/views/, chosen by the `view` setting (attribute and hash key `view`) or its tab strip.
//
// A teaching view is a row of VIEWS: {name, label, create(context)}. create returns
//   {element, update(frame, input, settings), destroy()}
// where context is {engine, host}: the worker engine (with engine.names and engine.limits) and the
// <conv-scope> element (for events). `update` runs after every frame the element shows, with the
// pipeline's frame (app/frame.js: entries, maps, kernels...), the input drawn (app/source.js:
// imageData, width, height, live...) and the settings; and when the view is opened. A view does
// its own engine calls; it never blocks the maps (its errors are its own to show).
//
// A new view is one module and one row here.

import { h } from './dom.js';
import { createInspect } from './views/inspect.js';
import { createStep } from './views/step.js';
import { createStridesView } from './views/strides.js';
import { createRaceView } from './views/race.js';

export const VIEWS = [
  { name: 'maps', label: 'Feature maps' },
  { name: 'inspect', label: 'Inspector', create: createInspect },
  { name: 'step', label: 'Stepper', create: createStep },
  { name: 'strides', label: 'Strides', create: createStridesView },
  { name: 'race', label: 'Method race', create: createRaceView },
];

export const VIEW_NAMES = VIEWS.map((view) => view.name);

// The tab strip (hidden while only the maps exist) and the panel of the open teaching view.
export class Views {
  #context;
  #onSelect;
  #open = null; // {name, view}
  #last = null; // the last update's arguments, for a view opened between frames
  #tabs = new Map(); // name -> tab button

  constructor(context, onSelect) {
    this.#context = context;
    this.#onSelect = onSelect;
    this.tabs = h('div', { class: 'view-tabs', role: 'tablist', 'aria-label': 'Views' });
    for (const { name, label } of VIEWS) {
      const tab = h(
        'button',
        { type: 'button', role: 'tab', id: `view-${name}`, onclick: () => this.#onSelect(name) },
        label,
      );
      tab.addEventListener('keydown', (event) => this.#arrowKeys(event, name));
      this.#tabs.set(name, tab);
      this.tabs.append(tab);
    }
    this.tabs.hidden = VIEWS.length < 2;
    this.panel = h('div', { class: 'view-panel', role: 'tabpanel', hidden: true });
    this.show('maps');
  }

  // Opens the view named (a VIEWS name: the settings check it).
  show(name) {
    if (this.#open?.name === name) return;
    this.#open?.view?.destroy();
    const row = VIEWS.find((view) => view.name === name);
    const view = row.create ? row.create(this.#context) : null;
    this.#open = { name, view };
    this.panel.replaceChildren(...(view ? [view.element] : []));
    this.panel.hidden = !view;
    this.panel.setAttribute('aria-labelledby', `view-${name}`);
    for (const [tabName, tab] of this.#tabs) {
      const selected = tabName === name;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
    }
    if (view && this.#last) view.update(...this.#last);
  }

  update(frame, input, settings) {
    this.#last = [frame, input, settings];
    this.#open?.view?.update(frame, input, settings);
  }

  // Left / Right move between tabs (the WAI-ARIA tabs pattern), Home / End to the ends.
  #arrowKeys(event, name) {
    const index = VIEW_NAMES.indexOf(name);
    const last = VIEW_NAMES.length - 1;
    const to = {
      ArrowLeft: index === 0 ? last : index - 1,
      ArrowRight: index === last ? 0 : index + 1,
      Home: 0,
      End: last,
    }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    this.#onSelect(VIEW_NAMES[to]);
    this.#tabs.get(VIEW_NAMES[to]).focus();
  }
}
