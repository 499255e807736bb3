// The element's Shadow DOM styles, as a constructed stylesheet (adoptedStyleSheets): nothing leaks
// in or out, and no inline <style> is needed, so a strict CSP without 'unsafe-inline' allows it.
//
// Theming: a page sets these custom properties on conv-scope (or any ancestor):
//   --cs-bg, --cs-fg, --cs-muted, --cs-panel, --cs-border, --cs-accent, --cs-error,
//   --cs-font, --cs-mono, --cs-radius
// Unset ones follow prefers-color-scheme.

const css = String.raw`
:host {
  --_bg: var(--cs-bg, #ffffff);
  --_fg: var(--cs-fg, #1b1f24);
  --_muted: var(--cs-muted, #57606a);
  --_panel: var(--cs-panel, #f4f6f8);
  --_border: var(--cs-border, #c8cdd3);
  --_accent: var(--cs-accent, #0b63c9);
  --_error: var(--cs-error, #b3261e);
  --_radius: var(--cs-radius, 6px);
  --cs-bg-resolved: var(--_bg);
  --cs-fg-resolved: var(--_fg);
  display: block;
  container-type: inline-size;
  /* Inline-size containment gives the element no intrinsic width, so in a shrink-to-fit parent (a
     centring flex column, a flex row, a grid with justify-items: center, an inline-block) it would
     collapse to 0 px. It fills the line like a block instead (margins kept), and falls back on
     40rem where the parent takes its width from its content. A page rule on conv-scope wins. */
  width: -webkit-fill-available;
  width: -moz-available;
  width: stretch;
  contain-intrinsic-inline-size: 40rem;
  color: var(--_fg);
  background: var(--_bg);
  font: 15px/1.45 var(--cs-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  box-sizing: border-box;
}
@media (prefers-color-scheme: dark) {
  :host {
    --_bg: var(--cs-bg, #15181c);
    --_fg: var(--cs-fg, #e6e8eb);
    --_muted: var(--cs-muted, #9aa4af);
    --_panel: var(--cs-panel, #1f242a);
    --_border: var(--cs-border, #3a424b);
    --_accent: var(--cs-accent, #5ca8ff);
    --_error: var(--cs-error, #ff8a80);
  }
}
:host([hidden]) { display: none; }
*, *::before, *::after { box-sizing: border-box; }

.layout {
  /* Colours, font and every inherited text property are set here, not only on :host: a page rule
     such as conv-scope { color: red } outranks :host, and must not reach inside (nor a course
     page's main { word-spacing: 0.05em; hyphens: auto }). */
  color: var(--_fg);
  background: var(--_bg);
  font: 15px/1.45 var(--cs-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  letter-spacing: normal;
  word-spacing: normal;
  text-align: start;
  text-indent: 0;
  text-transform: none;
  text-shadow: none;
  white-space: normal;
  hyphens: manual;
  display: grid;
  /* Two columns: the image panel above the settings panel on the left, the maps on the right
     across both rows and a last flexible row, which takes the maps' extra height (so it never
     spreads the panels apart). DOM order: image panel, maps, settings panel. */
  grid-template-columns: minmax(17rem, 21rem) minmax(0, 1fr);
  grid-template-rows: auto auto 1fr;
  gap: 0.75rem 1rem;
  align-items: start;
}
#image-controls { grid-area: 1 / 1; }
#settings-controls { grid-area: 2 / 1; }
/* Beside the controls, the maps stay in view while the page scrolls down the (longer) controls:
   they stick to the top and scroll on their own when taller than the window. */
.output {
  grid-area: 1 / 2 / 4 / 3;
  position: sticky;
  top: 0;
  max-height: 100vh;
  overflow-y: auto;
}
.layout.no-controls { grid-template-columns: minmax(0, 1fr); }
.layout.no-controls .output { grid-area: auto; position: static; max-height: none; overflow: visible; }
@container (max-width: 760px) {
  /* One column in DOM order: the image controls, then the maps, then the other controls. */
  .layout { grid-template-columns: minmax(0, 1fr); grid-template-rows: none; }
  #image-controls, #settings-controls, .output { grid-area: auto; }
  .output { position: static; max-height: none; overflow: visible; }
}
@container (max-width: 420px) {
  .field { grid-template-columns: 6.5rem minmax(0, 1fr); }
}

.controls { display: grid; gap: 0.75rem; min-width: 0; }
fieldset {
  margin: 0;
  padding: 0.5rem 0.75rem 0.75rem;
  border: 1px solid var(--_border);
  border-radius: var(--_radius);
  background: var(--_panel);
  min-width: 0;
}
legend { font-weight: 600; padding: 0 0.25rem; }
.field {
  display: grid;
  grid-template-columns: 8.5rem minmax(0, 1fr);
  align-items: center;
  gap: 0.25rem 0.5rem;
  margin: 0.3rem 0;
}
.field > :nth-child(n + 3) { grid-column: 2; }
.row { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem 0.75rem; margin: 0.3rem 0; }
.row .field { grid-template-columns: auto 5rem; margin: 0; }
.pad-field { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem; }
.pad-field[hidden] { display: none; }
.pad-field input { width: 6rem; }

input, select, textarea, button {
  font: inherit;
  color: inherit;
  background: var(--_bg);
  border: 1px solid var(--_border);
  border-radius: calc(var(--_radius) - 2px);
  padding: 0.25rem 0.4rem;
  min-height: 2rem;
  max-width: 100%;
}
input[type="file"] { padding: 0.2rem; min-width: 0; }
input[type="checkbox"] { min-height: auto; width: 1.05rem; height: 1.05rem; margin: 0.15rem 0 0; accent-color: var(--_accent); }
textarea { width: 100%; font-family: var(--cs-mono, ui-monospace, "DejaVu Sans Mono", monospace); font-size: 0.85rem; }
button, label.button { cursor: pointer; background: var(--_panel); }
label.button {
  display: inline-flex;
  align-items: center;
  min-height: 2rem;
  padding: 0.25rem 0.6rem;
  border: 1px solid var(--_border);
  border-radius: calc(var(--_radius) - 2px);
  background: var(--_bg);
}
button:hover, label.button:hover { border-color: var(--_accent); }
.visually-hidden {
  position: absolute;
  width: 1px;
  height: 1px;
  margin: -1px;
  padding: 0;
  overflow: hidden;
  clip: rect(0 0 0 0);
  white-space: nowrap;
  border: 0;
}
.visually-hidden:focus-visible + label { outline: 3px solid var(--_accent); outline-offset: 2px; }
button.small { min-height: 1.6rem; padding: 0.05rem 0.45rem; font-size: 0.8rem; }

/* The views' tab strip (app/views.js) and the open teaching view's panel. */
.view-tabs { display: flex; flex-wrap: wrap; gap: 0.25rem; border-bottom: 1px solid var(--_border); margin-bottom: 0.5rem; }
.view-tabs [role="tab"] { border-bottom-left-radius: 0; border-bottom-right-radius: 0; }
.view-tabs [role="tab"][aria-selected="true"] { background: var(--_bg); border-color: var(--_accent); font-weight: 600; }
.view-panel { margin-bottom: 0.75rem; }
[aria-invalid="true"] { border-color: var(--_error); outline: 2px solid var(--_error); outline-offset: 0; }
:focus-visible { outline: 3px solid var(--_accent); outline-offset: 2px; }
[hidden] { display: none !important; }

.hint { margin: 0.2rem 0; color: var(--_muted); font-size: 0.88rem; }
.message {
  margin: 0.35rem 0;
  padding: 0.35rem 0.5rem;
  border-left: 4px solid var(--_error);
  color: var(--_error);
  background: color-mix(in srgb, var(--_error) 8%, transparent);
  font-size: 0.9rem;
}

.bank-label { margin-top: 0.5rem; }
.bank { list-style: none; display: flex; flex-wrap: wrap; gap: 0.3rem; margin: 0.25rem 0 0.4rem; padding: 0; }
.chip {
  display: inline-flex;
  align-items: center;
  gap: 0.3rem;
  min-height: 1.75rem;
  padding: 0.05rem 0.5rem;
  border-color: var(--_accent);
  border-radius: 999px;
  font-size: 0.85rem;
  font-weight: 600;
}
.chip-x { color: var(--_muted); font-weight: 400; }
.chip:hover .chip-x { color: var(--_error); }
.presets { list-style: none; margin: 0.4rem 0; padding: 0; max-height: 19rem; overflow: auto; }
.preset { display: grid; grid-template-columns: auto minmax(0, 1fr); gap: 0.5rem; padding: 0.2rem 0; }
.preset label { display: grid; cursor: pointer; }
.preset .description { color: var(--_muted); font-size: 0.82rem; line-height: 1.3; }
.kernel-details summary { cursor: pointer; margin: 0.3rem 0; }
.kernel-editor .row input[type="number"] { width: 4rem; }
.kernel-grid {
  display: grid;
  grid-template-columns: repeat(var(--columns, 3), minmax(2.2rem, 3.5rem));
  gap: 2px;
  margin: 0.4rem 0;
  overflow-x: auto;
}
.kernel-grid input {
  width: 100%;
  min-width: 0;
  min-height: 1.8rem;
  padding: 0.1rem 0.2rem;
  text-align: center;
  font-family: var(--cs-mono, ui-monospace, "DejaVu Sans Mono", monospace);
  font-size: 0.8rem;
}

.output { min-width: 0; }
.output-head { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: 0.5rem; }
.status { margin: 0; font-weight: 600; }
.summary {
  margin: 0.5rem 0;
  font-family: var(--cs-mono, ui-monospace, "DejaVu Sans Mono", monospace);
  font-size: 0.82rem;
  color: var(--_muted);
  overflow-wrap: anywhere;
}
.summary p { margin: 0.1rem 0; }
.grid {
  display: grid;
  --_map-default: 14rem;
  grid-template-columns: repeat(auto-fill, minmax(min(100%, var(--map-size, var(--_map-default))), 1fr));
  gap: 0.9rem;
  transition: opacity 0.2s;
}
.grid.stale { opacity: 0.45; }
.map { margin: 0; min-width: 0; }
.map-caption { display: flex; align-items: center; gap: 0.4rem; min-height: 2rem; margin-bottom: 0.25rem; }
.map-title { font-weight: 600; overflow-wrap: anywhere; }
.kernel-thumb { width: 2rem; height: 2rem; border: 1px solid var(--_border); flex: none; }
.map-button {
  display: block;
  width: 100%;
  padding: 0;
  border: 1px solid var(--_border);
  background: repeating-conic-gradient(var(--_panel) 0 25%, var(--_bg) 0 50%) 0 0 / 16px 16px;
  cursor: zoom-in;
  line-height: 0;
}
.map-canvas, .dialog-canvas { width: 100%; height: auto; display: block; }
.pixelated { image-rendering: pixelated; }
.bar-row { display: grid; grid-template-columns: auto minmax(0, 1fr) auto; align-items: center; gap: 0.35rem; margin-top: 0.3rem; font-size: 0.78rem; font-variant-numeric: tabular-nums; }
.colour-bar { width: 100%; height: 0.7rem; border: 1px solid var(--_border); image-rendering: pixelated; }
.map-detail { margin: 0.15rem 0; font-size: 0.78rem; color: var(--_muted); }
.downloads { display: flex; gap: 0.3rem; flex-wrap: wrap; }

dialog.enlarged {
  width: min(96vw, 60rem);
  max-height: 96vh;
  padding: 0.75rem;
  color: var(--_fg);
  background: var(--_bg);
  border: 1px solid var(--_border);
  border-radius: var(--_radius);
}
dialog.enlarged::backdrop { background: rgb(0 0 0 / 0.6); }
.dialog-head { display: flex; justify-content: space-between; align-items: center; gap: 1rem; }
.dialog-head h2 { margin: 0; font-size: 1.1rem; }
.dialog-kernel { width: 3rem; height: 3rem; }
.dialog-canvas { max-height: calc(96vh - 10rem); object-fit: contain; cursor: crosshair; margin-top: 0.5rem; }
.dialog-value { display: block; margin-top: 0.4rem; font-family: var(--cs-mono, ui-monospace, monospace); font-size: 0.85rem; }

:host(.dropping) .layout { outline: 3px dashed var(--_accent); outline-offset: 4px; }
.webcam-video { display: none; }

/* Wide screens (a projector): larger maps by default; the Map size slider overrides. */
@container (min-width: 1500px) {
  .grid { --_map-default: 20rem; }
}

/* Size, sigma, angle, wavelength: label-input pairs on a shared grid. */
.params {
  display: grid;
  grid-template-columns: auto minmax(3.5rem, 5rem) auto minmax(3.5rem, 5rem);
  align-items: center;
  gap: 0.35rem 0.5rem;
  margin: 0.3rem 0;
}
.params .field { display: contents; }

/* The strides view (app/views/strides.js): the flat buffer wrapped, a bar and the row number at
   each row's start; the 2-D array as a grid; the selected window's elements tinted, its first
   element outlined. */
.strides h2 { font-size: 1.05rem; margin: 0.3rem 0; }
.strides h3 { font-size: 0.95rem; margin: 0.6rem 0 0.25rem; }
.strides-controls { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem 0.9rem; margin: 0.3rem 0; }
.strides-field { display: inline-flex; align-items: center; gap: 0.35rem; }
.strides-field input { width: 4.2rem; }
.strides-code, .strides-offset { font-family: var(--cs-mono, ui-monospace, "DejaVu Sans Mono", monospace); font-size: 0.85rem; overflow-wrap: anywhere; }
.strides-why { margin: 0.3rem 0; padding-left: 1.2rem; font-size: 0.88rem; }
.strides-flat { display: flex; flex-wrap: wrap; gap: 2px; }
.strides-grid { display: grid; grid-template-columns: repeat(var(--columns, 5), max-content); gap: 2px; }
.strides-cell {
  min-width: 0.8rem; height: 0.8rem; border: 1px solid var(--_border); cursor: pointer;
  font-family: var(--cs-mono, ui-monospace, monospace); font-size: 0.8rem; text-align: center;
}
.numbered .strides-cell { min-width: 2.3rem; height: auto; padding: 0.1rem 0.15rem; background: var(--_panel); }
.strides-row-mark {
  border-left: 3px solid var(--_fg); padding: 0 0.15rem 0 0.2rem; margin-left: 0.3rem;
  font-size: 0.7rem; color: var(--_muted); align-self: center;
}
.strides-cell.read { outline: 2px solid var(--_accent); outline-offset: -2px; }
.numbered .strides-cell.read { background: color-mix(in srgb, var(--_accent) 22%, var(--_bg)); }
.strides-cell.origin { outline: 3px solid var(--_error); outline-offset: -3px; }

@media (prefers-reduced-motion: reduce) {
  * { transition: none !important; animation: none !important; scroll-behavior: auto !important; }
}

/* The race view (app/views/race.js). */
.race-intro, .race-auto { max-width: 48rem; }
.race-actions, .race-downloads { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; margin: 0.5rem 0; }
.race-progress { width: 12rem; }
.race-status { min-height: 1.4em; color: var(--_muted); }
.race-table { border-collapse: collapse; margin: 0.5rem 0; font-variant-numeric: tabular-nums; }
.race-table caption { text-align: left; color: var(--_muted); padding-bottom: 0.25rem; }
.race-table th, .race-table td { border-bottom: 1px solid var(--_border); padding: 0.25rem 0.6rem; text-align: right; }
.race-table th[scope="row"], .race-table th:first-child { text-align: left; }
.race-table .race-pick { background: var(--_panel); font-weight: 600; }
.race-heading { font-size: 1rem; margin: 1rem 0 0.25rem; }
.race-plot { display: block; width: 100%; max-width: 40rem; height: auto; border: 1px solid var(--_border); border-radius: var(--_radius); }
/* The inspector and the stepper (app/views/inspect.js, step.js, window-parts.js). */
.teaching-view .view-head { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem 0.75rem; margin-bottom: 0.4rem; }
.teaching-view .view-head .hint { flex: 1 1 14rem; }
.teaching-view .view-body { display: flex; flex-wrap: wrap; gap: 0.75rem 1.25rem; align-items: flex-start; }
.step-stage:focus-visible { outline: 3px solid var(--_accent); outline-offset: 4px; }
.view-figure { margin: 0; max-width: 100%; }
.view-figure figcaption { font-size: 0.85rem; color: var(--_muted); max-width: 23rem; margin-bottom: 0.25rem; }
canvas.cells { display: block; max-width: min(100%, 360px); height: auto; image-rendering: pixelated; }
.map-cursor { cursor: crosshair; touch-action: none; }
.cell-legend { display: flex; flex-wrap: wrap; gap: 0.2rem 0.9rem; }
.legend-item::before { content: ""; display: inline-block; width: 0.9em; height: 0.9em; margin-right: 0.3em; vertical-align: -0.1em; border: 2px solid transparent; }
.legend-tap::before { border-color: #ff7a00; }
.legend-pad::before { background: repeating-linear-gradient(135deg, rgba(40, 110, 255, 0.9) 0 2px, transparent 2px 5px); }
.legend-unused::before { background: rgba(220, 30, 30, 0.45); }
.explain-panel { margin-top: 0.6rem; }
.tap-grids { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: flex-start; }
table.taps { border-collapse: collapse; font: 0.8rem/1.25 var(--cs-mono, ui-monospace, "DejaVu Sans Mono", monospace); }
table.taps caption { font: 600 0.8rem/1.3 var(--cs-font, system-ui, sans-serif); text-align: start; padding-bottom: 0.2rem; }
table.taps td { border: 1px solid var(--_border); padding: 0.12rem 0.3rem; text-align: right; min-width: 3rem; }
table.taps td.pad { background: repeating-linear-gradient(135deg, rgba(40, 110, 255, 0.16) 0 3px, transparent 3px 7px); font-style: italic; }
.heat { display: block; width: 15.5rem; max-width: 100%; height: auto; image-rendering: pixelated; }
.heat-figure { margin: 0; }
.heat-figure figcaption { font-weight: 600; font-size: 0.8rem; }
.heat { border: 1px solid var(--_border); }
.all-numbers { flex: 1 1 100%; min-width: 0; overflow-x: auto; }
pre.equation { white-space: pre-wrap; overflow-wrap: anywhere; font: 0.82rem/1.4 var(--cs-mono, ui-monospace, "DejaVu Sans Mono", monospace); background: var(--_panel); padding: 0.5rem; border-radius: var(--_radius); margin: 0.5rem 0; }
.sum-line output { font-weight: 700; }
.step-controls input[type="range"] { flex: 1 1 8rem; min-width: 6rem; }
`;

export const sheet = new CSSStyleSheet();
sheet.replaceSync(css);
