// "Copy as NumPy": Python code that reproduces the page's feature maps from its input, twice: the
// notebook's way (np.pad in the border's mode, sliding_window_view, stride and dilation by
// slicing, einsum) and SciPy's (scipy.signal.correlate2d / convolve2d for a zero or constant
// border, scipy.ndimage.correlate / convolve with the README's mode for the others, then the
// stride's slice), with an np.allclose check between the two. Where SciPy has no equivalent the
// code says why and uses the NumPy way alone. Plain text, no DOM: Node's tests run what it writes.

import { plural } from './dom.js';
import { fileStem } from './downloads.js';

// Each border's np.pad mode and scipy.ndimage mode (the README's border table).
const BORDERS = {
  zero: { pad: 'constant', ndimage: 'constant' },
  constant: { pad: 'constant', ndimage: 'constant' },
  replicate: { pad: 'edge', ndimage: 'nearest' },
  reflect: { pad: 'symmetric', ndimage: 'reflect' },
  mirror: { pad: 'reflect', ndimage: 'mirror' },
  wrap: { pad: 'wrap', ndimage: 'grid-wrap' },
};

const pair = (value) => (Array.isArray(value) ? value : [value, value]);

// The shortest decimal that reads back as the same float32 (np.float32 of it is exact).
function float32Text(value) {
  for (let digits = 1; digits < 9; digits++) {
    const text = Number(value.toPrecision(digits));
    if (Math.fround(text) === value) return String(text);
  }
  return String(Number(value.toPrecision(9)));
}

// Text for a comment line (a file name may hold a line break).
const oneLine = (text) => String(text).replace(/\s+/g, ' ');

// A Python string literal.
const quote = (text) => JSON.stringify(String(text));

function kernelLiteral({ width, height, data }) {
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = Array.from(data.subarray(y * width, (y + 1) * width), float32Text);
    rows.push(`        [${row.join(', ')}],`);
  }
  return `np.array([\n${rows.join('\n')}\n    ], dtype=np.float32).astype(np.float64)`;
}

// Does SciPy give this kernel's padding? scipy.ndimage keeps the input's size, so it covers at
// most K_eff - 1 rows of padding per axis in all; scipy.signal's 'full' output covers up to
// K_eff - 1 on each side. Returns null when it does, else the reason.
function scipyGap(kernel, padding, border, dilation) {
  const [dy, dx] = dilation;
  const reach = [dy * (kernel.height - 1) + 1, dx * (kernel.width - 1) + 1];
  const [top, bottom, left, right] = padding;
  const sides = [
    [top, bottom, reach[0]],
    [left, right, reach[1]],
  ];
  if (BORDERS[border].ndimage === 'constant') {
    if (sides.every(([a, b, k]) => a <= k - 1 && b <= k - 1)) return null;
    return 'scipy.signal pads at most K_eff - 1 on a side (its "full" mode)';
  }
  if (sides.every(([a, b, k]) => a + b <= k - 1)) return null;
  return 'scipy.ndimage keeps the input\'s size, so it pads at most K_eff - 1 per axis in all';
}

function scipyFunction({ border, op, padding }, borderValue) {
  const correlate = op === 'correlation';
  if (BORDERS[border].ndimage === 'constant') {
    const call = correlate ? 'scipy.signal.correlate2d' : 'scipy.signal.convolve2d';
    const mode = typeof padding === 'string' ? padding : 'full';
    const fill = `boundary="fill", fillvalue=${borderValue}`;
    const lines = [`    out = ${call}(x, dilated(kernel), mode=${quote(mode)}, ${fill})`];
    if (mode === 'full' && typeof padding !== 'string') {
      lines.push(
        '    # the padding asked for is a slice of the "full" output (K_eff - 1 on every side)',
        '    top, bottom, left, right = padding',
        '    kh, kw = dilated(kernel).shape',
        '    out = out[kh - 1 - top : out.shape[0] - (kh - 1 - bottom),',
        '              kw - 1 - left : out.shape[1] - (kw - 1 - right)]',
      );
    }
    return lines;
  }
  const mode = BORDERS[border].ndimage;
  const lines = [
    '    top, bottom, left, right = padding',
    '    k = dilated(kernel)',
    '    kh, kw = k.shape',
    '    # ndimage centres the kernel at K // 2 + origin: the origin puts `top` rows before it',
    '    origin = (top - kh // 2, left - kw // 2)',
  ];
  if (correlate) {
    lines.push(`    out = scipy.ndimage.correlate(x, k, mode=${quote(mode)}, origin=origin)`);
  } else {
    lines.push(
      '    # convolve turns the kernel and mirrors the origin (one further for an even side)',
      '    origin = (-origin[0] - (1 - kh % 2), -origin[1] - (1 - kw % 2))',
      `    out = scipy.ndimage.convolve(x, k, mode=${quote(mode)}, origin=origin)`,
    );
  }
  lines.push(
    '    # the output keeps the input\'s size; the padding asked for may give fewer rows',
    '    out = out[: x.shape[0] + top + bottom - kh + 1, : x.shape[1] + left + right - kw + 1]',
  );
  return lines;
}

// Python code reproducing the page's maps.
//   image     {file, width, height, name}: the PNG the code reads (the page's input download)
//   channels  'luminance' | 'rgb'
//   maps      [{title, kernel: 'its name', channel: 'luminance' | 'r' | 'g' | 'b'}] in page order
//   kernels   [{name, kernel: {width, height, data}, padding: [top, bottom, left, right]}]: each
//             filter once, its padding as the engine resolved it (outputSize's padding)
//   options   {stride, dilation (a number or [y, x]), padding (a name or [t, b, l, r]), border,
//             borderValue, op}
export function numpyCode({ image, channels, maps, kernels, options }) {
  const { border, op, padding } = options;
  const borderValue = border === 'constant' ? Number(options.borderValue) : 0;
  const stride = pair(options.stride);
  const dilation = pair(options.dilation);
  const gaps = kernels
    .map((k) => scipyGap(k.kernel, k.padding, border, dilation))
    .filter((gap) => gap);
  const padText = typeof padding === 'string' ? padding : `(${padding.join(', ')})`;
  const lines = [
    `# convscope: ${plural(maps.length, 'feature map')} of ${oneLine(image.name)}, ` +
      `${image.width} x ${image.height}, reproduced with NumPy and SciPy`,
    `# ${op}, stride ${stride.join(' x ')}, dilation ${dilation.join(' x ')}, ` +
      `padding ${padText}, ` +
      `border ${border}${border === 'constant' ? ` ${borderValue}` : ''}, ${channels}`,
    'import matplotlib.pyplot as plt',
    'import numpy as np',
    'import scipy.ndimage',
    'import scipy.signal',
    'from numpy.lib.stride_tricks import sliding_window_view',
    '',
    '# The input as the page drew it: its "PNG" download (8-bit RGBA; imread gives [0, 1]).',
    `rgba = plt.imread(${quote(image.file)})`,
    `assert rgba.shape[:2] == (${image.height}, ${image.width}), rgba.shape`,
    'r, g, b = (rgba[..., c].astype(np.float64) for c in range(3))',
    channels === 'rgb'
      ? 'planes = {"r": r, "g": g, "b": b}  # each channel apart'
      : 'planes = {"luminance": 0.299 * r + 0.587 * g + 0.114 * b}  # Rec. 601 luminance',
    '',
    '# The kernels, exactly (float32 values), and the padding (top, bottom, left, right) of each.',
    'kernels = {',
    ...kernels.map((k) => `    ${quote(k.name)}: ${kernelLiteral(k.kernel)},`),
    '}',
    'padding = {',
    ...kernels.map((k) => `    ${quote(k.name)}: (${k.padding.join(', ')}),`),
    '}',
    `stride = (${stride.join(', ')})  # (y, x)`,
    `dilation = (${dilation.join(', ')})  # (y, x)`,
    '',
    '',
    'def conv_numpy(x, kernel, padding):',
    '    """The notebook\'s way: pad, view every window without copying, multiply and sum."""',
    ...(op === 'convolution'
      ? ['    kernel = kernel[::-1, ::-1]  # convolution: the kernel turned 180°']
      : []),
    '    top, bottom, left, right = padding',
    `    # border ${border}: np.pad mode "${BORDERS[border].pad}"`,
    `    x = np.pad(x, ((top, bottom), (left, right)), mode=${quote(BORDERS[border].pad)}` +
      `${BORDERS[border].pad === 'constant' ? `, constant_values=${borderValue}` : ''})`,
    '    kh, kw = kernel.shape',
    '    dy, dx = dilation',
    '    windows = sliding_window_view(x, (dy * (kh - 1) + 1, dx * (kw - 1) + 1))',
    '    # stride: every S-th window; dilation: every D-th tap inside a window',
    '    windows = windows[:: stride[0], :: stride[1], ::dy, ::dx]',
    '    return np.einsum("ijkl,kl->ij", windows, kernel)',
    '',
    '',
    'maps = [conv_numpy(planes[channel], kernels[name], padding[name])',
    '        for title, name, channel in MAPS]',
  ];
  const order = [
    '# The maps in the page\'s order: (title, kernel, channel).',
    'MAPS = [',
    ...maps.map((m) => `    (${quote(m.title)}, ${quote(m.kernel)}, ${quote(m.channel)}),`),
    ']',
    '',
  ];
  lines.splice(lines.indexOf('') + 1, 0, ...order);
  if (gaps.length) {
    lines.push(
      '',
      `# No SciPy one-liner for these settings: ${gaps[0]}; the NumPy way alone.`,
    );
    return `${lines.join('\n')}\n`;
  }
  lines.push(
    '',
    '',
    'def dilated(kernel):',
    '    """SciPy has no dilation: the same taps spread out with zeros between them."""',
    '    dy, dx = dilation',
    '    kh, kw = kernel.shape',
    '    spread = np.zeros((dy * (kh - 1) + 1, dx * (kw - 1) + 1))',
    '    spread[::dy, ::dx] = kernel',
    '    return spread',
    '',
    '',
    'def conv_scipy(x, kernel, padding):',
    '    """The library one-liner, then the stride\'s slice."""',
    ...scipyFunction({ border, op, padding }, borderValue),
    '    return out[:: stride[0], :: stride[1]]',
    '',
    '',
    'maps_scipy = [conv_scipy(planes[channel], kernels[name], padding[name])',
    '              for title, name, channel in MAPS]',
    'for (title, _, _), a, b in zip(MAPS, maps, maps_scipy):',
    '    assert a.shape == b.shape and np.allclose(a, b), title',
    'print("NumPy and SciPy agree on", len(maps), "maps")',
  );
  return `${lines.join('\n')}\n`;
}

// The code for the frame on show (app/frame.js) and its input (app/source.js): each filter once,
// with the padding the engine resolves for it; the input read from its PNG download.
export async function frameNumpyCode(engine, frame, input, settings) {
  const { stride, dilation, padding, border, borderValue, op } = settings;
  const options = { stride, dilation, padding, border, borderValue, op };
  const kernels = [];
  for (const { name, kernel } of frame.maps) {
    if (kernels.some((k) => k.name === name)) continue;
    const size = await engine.outputSize(input, kernel, options);
    kernels.push({ name, kernel, padding: size.padding });
  }
  const { width, height, name } = input;
  return numpyCode({
    image: { file: `${fileStem(frame.entries[0].title)}.png`, width, height, name },
    channels: settings.channels,
    maps: frame.maps.map((m) => ({ title: m.title, kernel: m.name, channel: m.map.channel })),
    kernels,
    options,
  });
}
