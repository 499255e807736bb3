// The element's settings: defaults, parsing from attributes or the URL hash, and serializing back.
//
// One flat object describes a lesson; the same keys are the element's attributes and the full
// page's URL hash (`#image=ascent&filters=gaussian,vertical&size=7`), so a link reproduces a setup.

export const PADDINGS = ['valid', 'same', 'full'];
export const BORDERS = ['zero', 'constant', 'replicate', 'reflect', 'mirror', 'wrap'];
export const OPS = ['correlation', 'convolution'];
export const METHODS = ['auto', 'direct', 'im2col', 'fft', 'separable'];
export const COLORMAPS = ['gray', 'gray_r', 'viridis', 'magma', 'RdBu'];
export const NEGATIVES = ['clip', 'abs', 'diverging'];
export const RANGES = ['map', 'shared'];
export const CHANNELS = ['luminance', 'rgb'];
export const WORK_SIZES = [64, 128, 256, 512, 1024, 2048];
export const CONTROLS = ['full', 'minimal', 'none'];
export const SAMPLES = ['ascent', 'face', 'zero'];

export const LIMITS = {
  size: [1, 63],
  sigma: [0.1, 32],
  theta: [-360, 360],
  wavelength: [2, 64],
  stride: [1, 64],
  dilation: [1, 16],
  pad: [0, 256],
  kernelSide: [1, 15],
};

// The notebook's setup: ascent, its four filters at 7 x 7 with sigma 1; the API's defaults else.
export function defaultSettings() {
  return {
    image: 'ascent',
    filters: ['vertical', 'horizontal', 'flattop', 'gaussian'],
    custom: null, // {height, width, data: number[]} when the custom kernel has been set
    size: 7,
    sigma: 1,
    theta: 0,
    wavelength: 4,
    stride: 1,
    padding: 'same', // 'valid' | 'same' | 'full' | [top, bottom, left, right]
    border: 'zero',
    borderValue: 0,
    dilation: 1,
    op: 'correlation',
    method: 'auto',
    channels: 'luminance',
    colormap: 'gray',
    negative: 'clip',
    range: 'map',
    work: 512,
    controls: 'full',
  };
}

// The keys a lesson is written with, in the order a URL shows them.
export const KEYS = [
  'image',
  'filters',
  'size',
  'sigma',
  'theta',
  'wavelength',
  'stride',
  'padding',
  'border',
  'border-value',
  'dilation',
  'op',
  'method',
  'channels',
  'colormap',
  'negative',
  'range',
  'work',
  'controls',
];

function parseNumber(text, [lo, hi], { integer }) {
  const value = Number(String(text).trim());
  if (String(text).trim() === '' || !Number.isFinite(value)) {
    throw new TypeError(`"${text}" is not a number`);
  }
  if (integer && !Number.isInteger(value))
    throw new RangeError(`must be a whole number, got ${text}`);
  if (value < lo || value > hi)
    throw new RangeError(`must be between ${lo} and ${hi}, got ${text}`);
  return value;
}

function parseChoice(text, choices) {
  const value = String(text).trim();
  if (!choices.includes(value)) {
    throw new TypeError(`"${value}" is not one of ${choices.join(', ')}`);
  }
  return value;
}

// "same" | "valid" | "full" | "2" (all sides) | "1,1,2,2" (top, bottom, left, right).
export function parsePadding(text) {
  const value = String(text).trim();
  if (PADDINGS.includes(value)) return value;
  const parts = value.split(',');
  if (parts.length !== 1 && parts.length !== 4) {
    throw new TypeError(`"${value}" is not valid, same, full, one number or four numbers`);
  }
  const pads = parts.map((p) => parseNumber(p, LIMITS.pad, { integer: true }));
  return parts.length === 1 ? [pads[0], pads[0], pads[0], pads[0]] : pads;
}

export function formatPadding(padding) {
  if (typeof padding === 'string') return padding;
  return padding.every((p) => p === padding[0]) ? String(padding[0]) : padding.join(',');
}

// A matrix as NumPy prints it, as a nested JS/JSON list, or as CSV / whitespace-separated rows:
//   array([[1., 0.], [0., 1.]])   [[1,0],[0,1]]   "1,0\n0,1"   "1 0\n0 1"
// Returns {height, width, data}; throws naming the first bad entry and where it is.
export function parseMatrix(text) {
  let body = String(text).trim();
  const wrapped = /^(?:np\.|numpy\.)?array\(\s*([\s\S]*?)\s*(?:,\s*dtype\s*=[^)]*)?\)$/.exec(body);
  if (wrapped) body = wrapped[1];
  let rows;
  if (body.startsWith('[')) {
    // Nested list: each innermost [...] is a row; a flat [...] is one row.
    const inner = body.slice(1, -1).trim();
    const found = inner.includes('[') ? inner.match(/\[[^[\]]*\]/g) : [`[${inner}]`];
    if (!body.endsWith(']') || !found) throw new TypeError('brackets do not match');
    rows = found.map((r) => r.slice(1, -1));
  } else {
    rows = body.split(/\r?\n|;/);
  }
  rows = rows.map((r) => r.trim()).filter((r) => r !== '');
  if (rows.length === 0) throw new TypeError('no numbers found');
  const cells = rows.map((r) => r.split(/[\s,]+/).filter((c) => c !== ''));
  const width = cells[0].length;
  const data = [];
  cells.forEach((row, y) => {
    if (row.length !== width) {
      throw new RangeError(`row ${y + 1} has ${row.length} numbers, row 1 has ${width}`);
    }
    row.forEach((cell, x) => {
      const value = Number(cell);
      if (!Number.isFinite(value)) {
        throw new TypeError(`"${cell}" at row ${y + 1}, column ${x + 1} is not a number`);
      }
      data.push(value);
    });
  });
  const [lo, hi] = LIMITS.kernelSide;
  if (rows.length > hi || width > hi || rows.length < lo || width < lo) {
    throw new RangeError(`a kernel is ${lo} to ${hi} on each side, got ${rows.length} x ${width}`);
  }
  return { height: rows.length, width, data };
}

export function formatMatrix({ height, width, data }) {
  const rows = [];
  for (let y = 0; y < height; y++)
    rows.push(`[${data.slice(y * width, (y + 1) * width).join(',')}]`);
  return `[${rows.join(',')}]`;
}

// Splits "gaussian,[[1,0],[0,1]],vertical" at the commas outside brackets.
function splitFilters(text) {
  const parts = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '[') depth++;
    else if (text[i] === ']') depth--;
    else if (text[i] === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

// Reads one key's text into settings. Throws TypeError/RangeError naming the value and the limit.
function applyKey(settings, key, text) {
  switch (key) {
    case 'image':
      settings.image = String(text).trim();
      break;
    case 'filters': {
      const names = [];
      for (const part of splitFilters(String(text))) {
        if (part.startsWith('[') || part.startsWith('array')) {
          settings.custom = parseMatrix(part);
          names.push('custom');
        } else {
          names.push(part);
        }
      }
      settings.filters = names;
      break;
    }
    case 'size':
      settings.size = parseNumber(text, LIMITS.size, { integer: true });
      break;
    case 'sigma':
      settings.sigma = parseNumber(text, LIMITS.sigma, { integer: false });
      break;
    case 'theta':
      settings.theta = parseNumber(text, LIMITS.theta, { integer: false });
      break;
    case 'wavelength':
      settings.wavelength = parseNumber(text, LIMITS.wavelength, { integer: false });
      break;
    case 'stride':
      settings.stride = parseNumber(text, LIMITS.stride, { integer: true });
      break;
    case 'dilation':
      settings.dilation = parseNumber(text, LIMITS.dilation, { integer: true });
      break;
    case 'padding':
      settings.padding = parsePadding(text);
      break;
    case 'border':
      settings.border = parseChoice(text, BORDERS);
      break;
    case 'border-value':
      settings.borderValue = parseNumber(text, [-1e6, 1e6], { integer: false });
      break;
    case 'op':
      settings.op = parseChoice(text, OPS);
      break;
    case 'method':
      settings.method = parseChoice(text, METHODS);
      break;
    case 'channels':
      settings.channels = parseChoice(text, CHANNELS);
      break;
    case 'colormap':
      settings.colormap = parseChoice(text, COLORMAPS);
      break;
    case 'negative':
      settings.negative = parseChoice(text, NEGATIVES);
      break;
    case 'range':
      settings.range = parseChoice(text, RANGES);
      break;
    case 'work':
      settings.work = Number(parseChoice(text, WORK_SIZES.map(String)));
      break;
    case 'controls':
      settings.controls = parseChoice(text, CONTROLS);
      break;
    default:
      throw new TypeError(`unknown setting "${key}"`);
  }
}

// Applies every present key of `get` (an attribute or URLSearchParams getter) over `base`.
// Returns {settings, errors}: a bad key keeps its previous value and gets a message.
export function readSettings(get, base = defaultSettings()) {
  const settings = { ...base, filters: [...base.filters] };
  const errors = {};
  for (const key of KEYS) {
    const text = get(key);
    if (text === null || text === undefined) continue;
    try {
      applyKey(settings, key, text);
    } catch (error) {
      errors[key] = `${key}: ${error.message}`;
    }
  }
  return { settings, errors };
}

// The settings as key/value text, each key once.
function writeAll(settings) {
  const filters = settings.filters.map((name) =>
    name === 'custom' && settings.custom ? formatMatrix(settings.custom) : name,
  );
  return {
    image: settings.image,
    filters: filters.join(','),
    size: String(settings.size),
    sigma: String(settings.sigma),
    theta: String(settings.theta),
    wavelength: String(settings.wavelength),
    stride: String(settings.stride),
    padding: formatPadding(settings.padding),
    border: settings.border,
    'border-value': String(settings.borderValue),
    dilation: String(settings.dilation),
    op: settings.op,
    method: settings.method,
    channels: settings.channels,
    colormap: settings.colormap,
    negative: settings.negative,
    range: settings.range,
    work: String(settings.work),
    controls: settings.controls,
  };
}

// [key, text] pairs where the settings differ from the defaults (short links); the image always.
export function writeSettings(settings) {
  const text = writeAll(settings);
  const defaults = writeAll(defaultSettings());
  return KEYS.filter((key) => key === 'image' || text[key] !== defaults[key]).map((key) => [
    key,
    text[key],
  ]);
}

// "#image=ascent&filters=gaussian,[[1,0],[0,1]]": commas and brackets are legal in a fragment, so
// they stay readable; everything else is percent-encoded.
export function settingsToHash(settings) {
  const encode = (text) =>
    encodeURIComponent(text).replace(/%2C/g, ',').replace(/%5B/g, '[').replace(/%5D/g, ']');
  return `#${writeSettings(settings)
    .map(([key, text]) => `${key}=${encode(text)}`)
    .join('&')}`;
}

export function hashToGetter(hash) {
  const params = new URLSearchParams(String(hash).replace(/^#/, ''));
  return (key) => params.get(key);
}

// The options object of the JS API's conv2d / outputSize for these settings (convolveImageData
// takes `channels` besides).
export function convOptions(settings) {
  return {
    stride: settings.stride,
    dilation: settings.dilation,
    padding: settings.padding,
    border: settings.border,
    borderValue: settings.borderValue,
    op: settings.op,
    method: settings.method,
  };
}
