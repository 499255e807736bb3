// The page's settings: one table, one row per setting. A lesson is one flat object of them; the
// element's attributes, the full page's URL hash (`#image=ascent&filters=gaussian,vertical`), the
// controls and the defaults all derive from the rows, so a new setting is one row here.
//
// A row:
//   key        the settings object's key, spelled as the JS API spells the option (borderValue)
//   attribute  the element's attribute, which is also the URL hash key (border-value)
//   value      the default
//   parse      (text, catalog) -> value; throws TypeError / RangeError naming the value and limit.
//              Made from `bounds` [min, max] (and `integer`) for a number, from `choices` (a page
//              list, or the name of an engine list: catalog.names[choices]) for a choice
//   format     value -> text, the inverse of parse (String when absent)
//   get, set   how the value is read from / stored in the settings object (its `key` when absent)
//   control    how the control panel shows it: {kind: 'number', step} | {kind: 'select', labels}
//              | {kind: 'padding'}; absent for a setting with a control of its own (image,
//              filters) or none (controls)
//   label, help  the control's label and the hint under its group of controls
//   group      the group of controls it is placed in (controls.js lays the groups out)
//   slot       the message slot its errors are shown in (its group's when absent)
// The table's order is the order the URL hash and the embed code write the keys in.
//
// `catalog` is the engine's {names, limits} (engine.names, engine.limits): the names of borders,
// methods, colormaps... and the engine's limits come from there, never from a copy here. The
// ranges written here are the page's own, tighter than the engine's, for a lesson's controls.

import { checkTextLength, formatMatrix, parseMatrix } from './matrix.js';
import { VIEW_NAMES } from './views.js';
import { parseSizes } from './views/race.js';
import { DTYPES } from '../engine-args.js';

// The longest text any setting is read from (a URL hash or attribute): a custom matrix is the
// longest a setting needs (matrix.js MAX_MATRIX_TEXT) plus the preset names beside it.
export const MAX_SETTING_TEXT = 12_000;

// A number row's [min, max]: numbers, or functions of the catalog for the engine's limits.
export function boundsOf(row, catalog) {
  return row.bounds.map((bound) => (typeof bound === 'function' ? bound(catalog) : bound));
}

// A number in [min, max], a whole one if `integer`.
function number(row) {
  return (text, catalog) => {
    const [min, max] = boundsOf(row, catalog);
    const { integer } = row;
    const trimmed = String(text).trim();
    const value = Number(trimmed);
    if (trimmed === '' || !Number.isFinite(value)) throw new TypeError(`"${text}" is not a number`);
    if (integer && !Number.isInteger(value))
      throw new RangeError(`must be a whole number, got ${text}`);
    if (value < min || value > max)
      throw new RangeError(`must be between ${min} and ${max}, got ${text}`);
    return value;
  };
}

// One of the row's choices: a page list, or the name of one of the engine's (catalog.names).
function choice(row) {
  return (text, catalog) => {
    const choices = choicesOf(row, catalog).map(String);
    const value = String(text).trim();
    if (!choices.includes(value)) {
      throw new TypeError(`"${value}" is not one of ${choices.join(', ')}`);
    }
    return typeof row.choices[0] === 'number' ? Number(value) : value;
  };
}

// A row's choices: its own list, or the engine's list it names.
export function choicesOf(row, catalog) {
  return typeof row.choices === 'string' ? catalog.names[row.choices] : row.choices;
}

const PADDING_SIDE = number({ bounds: [0, 256], integer: true });

// "same" | "valid" | "full" | "2" (all sides) | "1,1,2,2" (top, bottom, left, right). The engine's
// name 'explicit' is written as the numbers themselves.
function parsePadding(text, catalog) {
  const value = String(text).trim();
  const names = catalog.names.padding.filter((name) => name !== 'explicit');
  if (names.includes(value)) return value;
  const parts = value.split(',');
  const numbers = parts.every((p) => p.trim() !== '' && !Number.isNaN(Number(p)));
  if (!numbers || (parts.length !== 1 && parts.length !== 4)) {
    throw new TypeError(`"${value}" is not ${names.join(', ')}, one number or four numbers`);
  }
  const pads = parts.map((p) => PADDING_SIDE(p));
  return parts.length === 1 ? [pads[0], pads[0], pads[0], pads[0]] : pads;
}

export function formatPadding(padding) {
  if (typeof padding === 'string') return padding;
  return padding.every((p) => p === padding[0]) ? String(padding[0]) : padding.join(',');
}

// Splits "gaussian,[[1,0],[0,1]],array([[1,2]], dtype=float)" at the commas outside brackets.
function splitFilters(text) {
  const parts = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

// Filter names in map order, 'custom' where the one custom matrix stands: {filters, custom}.
// Unknown names are left to the element, which lists the engine's presets in its message.
function parseFilters(text) {
  let custom = null;
  const filters = splitFilters(String(text)).map((part) => {
    if (!part.startsWith('[') && !/^(np\.|numpy\.)?array\(/.test(part)) return part;
    custom = parseMatrix(part);
    return 'custom';
  });
  return { filters, custom };
}

// "y,x": an output pixel, two whole numbers from 0 (a view moves one past the map's edge inside).
const AT_PART = number({ bounds: [0, 16383], integer: true });
function parseAt(text) {
  const parts = String(text).split(',');
  if (parts.length !== 2) throw new TypeError(`"${text}" is not y,x (two whole numbers)`);
  const [y, x] = parts.map((part) => AT_PART(part));
  return { y, x };
}

const parseText = (value) => String(value).trim();
const DEFAULT_FILTERS = ['vertical', 'horizontal', 'flattop', 'gaussian'];

// A bound that is one of the engine's limits (catalog.limits[name]).
const limit = (name) => (catalog) => catalog.limits[name];

// A setting typed in a number input: `bounds` [min, max] (a bound may be a function of the
// catalog), the input's `step`; `integer: true` in `fields` for whole numbers.
const numberSetting = (key, value, bounds, step, fields) => ({
  key,
  value,
  bounds,
  control: { kind: 'number', step },
  ...fields,
});

// A setting chosen in a menu: `choices` a page list or the name of an engine list; `labels` the
// menu's text for some choices (an object, or a function of the choice).
const menuSetting = (key, value, choices, labels, fields) => ({
  key,
  value,
  choices,
  control: { kind: 'select', labels },
  ...fields,
});

// The notebook's setup: ascent, its four filters at 7 x 7 with sigma 1; the API's defaults else.
// Short menu labels (they fit a 360 px screen); the hints under the controls say more.
export const SETTINGS = [
  { key: 'image', value: 'ascent', parse: parseText, group: 'image', slot: 'image' },
  // Two keys of the settings: `filters` (names) and `custom` (the custom matrix, or null, kept
  // when the names no longer use it).
  {
    key: 'filters',
    value: { filters: DEFAULT_FILTERS, custom: null },
    get: ({ filters, custom }) => ({ filters, custom }),
    set: (settings, { filters, custom }) => {
      settings.filters = filters;
      if (custom || !('custom' in settings)) settings.custom = custom;
    },
    parse: parseFilters,
    format: ({ filters, custom }) =>
      filters.map((name) => (name === 'custom' && custom ? formatMatrix(custom) : name)).join(','),
    group: 'filters',
    slot: 'filters',
  },
  numberSetting('size', 7, [1, limit('maxFilterSize')], 1, {
    integer: true,
    label: 'Size K',
    group: 'params',
    slot: 'size',
  }),
  numberSetting('sigma', 1, [limit('minSigma'), limit('maxSigma')], 0.1, {
    label: 'Sigma',
    group: 'params',
    slot: 'sigma',
  }),
  numberSetting('theta', 0, [(c) => -c.limits.maxTheta, limit('maxTheta')], 15, {
    label: 'Angle°',
    help: 'Angle: Gabor and motion blur;',
    group: 'params',
    slot: 'sigma',
  }),
  numberSetting('wavelength', 4, [limit('minWavelength'), limit('maxWavelength')], 0.5, {
    label: 'Wavelength',
    help: 'wavelength (px): Gabor.',
    group: 'params',
    slot: 'sigma',
  }),
  numberSetting('stride', 1, [1, 64], 1, { integer: true, label: 'Stride S', group: 'geometry' }),
  {
    key: 'padding',
    value: 'same',
    parse: parsePadding,
    format: formatPadding,
    control: { kind: 'padding' },
    label: 'Padding P',
    group: 'geometry',
  },
  menuSetting('border', 'zero', 'border', {}, { label: 'Border', group: 'border' }),
  numberSetting('borderValue', 0, [-1e6, 1e6], 'any', {
    attribute: 'border-value',
    label: 'value',
    // Beside the border's menu, shown for a constant border only.
    inline: { within: 'border', when: (settings) => settings.border === 'constant' },
    group: 'border',
  }),
  numberSetting('dilation', 1, [1, 16], 1, { integer: true, label: 'Dilation', group: 'geometry' }),
  menuSetting('op', 'correlation', 'op', {}, { label: 'Operation', group: 'method' }),
  menuSetting('method', 'auto', 'method', { fft: 'FFT', fft_kiss: 'FFT (KissFFT)' }, {
    label: 'Method',
    help: 'Method auto lets a cost model choose; the method that ran is shown above the maps.',
    group: 'method',
  }),
  menuSetting('channels', 'luminance', 'channels', { rgb: 'R, G, B apart' }, {
    label: 'Channels',
    help: 'Luminance uses the Rec. 601 weights.',
    group: 'method',
  }),
  menuSetting('colormap', 'gray', 'colormap', { RdBu: 'RdBu (diverging)' }, {
    label: 'Colormap',
    group: 'display',
  }),
  menuSetting('negative', 'clip', 'negative', { abs: 'absolute value' }, {
    label: 'Negative values',
    help: 'Clip shows negatives as 0; diverging puts 0 at mid-scale.',
    group: 'display',
  }),
  menuSetting('range', 'map', ['map', 'shared'], { map: 'per map' }, {
    label: 'Value range',
    help: 'A shared range compares maps; per map stretches each.',
    group: 'display',
  }),
  menuSetting('work', 512, [64, 128, 256, 512, 1024, 2048], (size) => `${size} px`, {
    label: 'Working size (longest side)',
    group: 'image',
  }),
  { key: 'controls', choices: ['full', 'minimal', 'none'], value: 'full', slot: 'display' },
  // The open view (app/views.js); its tab strip is its control.
  { key: 'view', choices: VIEW_NAMES, value: 'maps', slot: 'display' },
  // The race view (app/views/race.js): timed runs per method, the crossover plot's kernel sizes.
  { key: 'raceRuns', attribute: 'race-runs', value: 5, bounds: [1, 50], integer: true, slot: 'display' },
  {
    key: 'raceSizes',
    attribute: 'race-sizes',
    value: [3, 5, 7, 11, 15, 21, 31, 45, 63],
    parse: parseSizes,
    format: (sizes) => sizes.join(','),
    slot: 'display',
  },
  // The output pixel the inspector and the stepper take apart ("y,x"), and which map (its place
  // in the maps' order, from 0); the views set them with the pointer, the keys and a menu.
  { key: 'at', value: { y: 0, x: 0 }, parse: parseAt, format: ({ y, x }) => `${y},${x}`, slot: 'display' },
  { key: 'map', value: 0, bounds: [0, 255], integer: true, slot: 'display' },
  // The strides view (app/views/strides.js), whose controls are its own: the dtype its strides
  // are printed for (int64: what np.arange gives), its window side, the notebook's n x n tiles
  // instead of sliding windows (0: windows), and an n x n crop of the image (0: np.arange(25)).
  { key: 'dtype', choices: Object.keys(DTYPES), value: 'int64', slot: 'display' },
  { key: 'window', bounds: [1, 15], integer: true, value: 3, slot: 'display' },
  { key: 'tiles', bounds: [0, 32], integer: true, value: 0, slot: 'display' },
  { key: 'crop', bounds: [0, 32], integer: true, value: 0, slot: 'display' },
].map((row) => ({
  attribute: row.key,
  slot: row.group,
  format: String,
  get: (settings) => settings[row.key],
  set: (settings, value) => {
    settings[row.key] = value;
  },
  ...row,
  parse: row.parse ?? (row.choices ? choice(row) : number(row)),
}));

export const ROW = Object.fromEntries(SETTINGS.map((row) => [row.key, row]));
const BY_ATTRIBUTE = new Map(SETTINGS.map((row) => [row.attribute, row]));

// The element's attributes (and the URL hash's keys), in the table's order.
export const ATTRIBUTES = SETTINGS.map((row) => row.attribute);

// The row an attribute or hash key names, or undefined.
export const rowOfAttribute = (attribute) => BY_ATTRIBUTE.get(attribute);

export function defaultSettings() {
  const settings = {};
  for (const row of SETTINGS) row.set(settings, structuredClone(row.value));
  return settings;
}

// Applies every present attribute of `get` (an attribute or URLSearchParams getter) over `base`.
// Returns {settings, errors}: a bad value keeps the previous one, and errors[attribute] says why.
export function readSettings(get, catalog, base = defaultSettings()) {
  const settings = { ...base, filters: [...base.filters] };
  const errors = {};
  for (const row of SETTINGS) {
    const source = get(row.attribute);
    if (source === null || source === undefined) continue;
    try {
      checkTextLength(String(source), MAX_SETTING_TEXT, 'the text');
      row.set(settings, row.parse(source, catalog));
    } catch (error) {
      errors[row.attribute] = `${row.attribute}: ${error.message}`;
    }
  }
  return { settings, errors };
}

// A row's value as text.
export const formatSetting = (row, settings) => row.format(row.get(settings));

// [attribute, text] pairs where the settings differ from the defaults (short links); the image
// always.
export function writeSettings(settings) {
  const defaults = defaultSettings();
  return SETTINGS.map((row) => [row, formatSetting(row, settings)])
    .filter(([row, text]) => row.key === 'image' || text !== formatSetting(row, defaults))
    .map(([row, text]) => [row.attribute, text]);
}

// "#image=ascent&filters=gaussian,[[1,0],[0,1]]": commas and brackets are legal in a fragment, so
// they stay readable; everything else is percent-encoded.
export function settingsToHash(settings) {
  const encode = (value) =>
    encodeURIComponent(value).replace(/%2C/g, ',').replace(/%5B/g, '[').replace(/%5D/g, ']');
  return `#${writeSettings(settings)
    .map(([attribute, value]) => `${attribute}=${encode(value)}`)
    .join('&')}`;
}

export function hashToGetter(hash) {
  const params = new URLSearchParams(String(hash).replace(/^#/, ''));
  return (attribute) => params.get(attribute);
}

// The options of the JS API's convolution calls for these settings: the rows of the groups that
// set the convolution (geometry, border, method), by their keys, which are the API's names.
export function convOptions(settings) {
  const groups = ['geometry', 'border', 'method'];
  return Object.fromEntries(
    SETTINGS.filter((row) => groups.includes(row.group)).map((row) => [row.key, settings[row.key]]),
  );
}
