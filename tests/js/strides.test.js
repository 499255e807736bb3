// Window views in memory, as NumPy reports them: shape, strides in bytes for a dtype (what
// `.strides` prints) and in elements. Expected values come from Debian's python3: NumPy's own
// sliding_window_view sliced for stride and dilation, and the notebook's as_strided tiles, on an
// np.arange of each dtype; all cases in one python run.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { loadApi, python } from './support.js';

const { createEngine, DTYPES } = await loadApi();
const engine = await createEngine();

const DTYPE_NAMES = ['float32', 'float64', 'int64', 'uint8'];
const windowCases = [];
for (const dtype of DTYPE_NAMES) {
  for (const [height, width, kh, kw, stride, dilation] of [
    [5, 5, 3, 3, 1, 1], // the notebook's np.arange(25).reshape(5, 5) with a 3 x 3 window
    [5, 5, 3, 3, 2, 1],
    [5, 5, 2, 2, 1, 2],
    [9, 7, 3, 2, [2, 3], [1, 2]],
    [32, 32, 5, 5, 3, 2],
  ]) {
    windowCases.push({ dtype, height, width, kh, kw, stride, dilation });
  }
}
const tileCases = DTYPE_NAMES.flatMap((dtype) =>
  [[5, 5, 2], [13, 10, 3], [32, 32, 4]].map(([height, width, n]) => ({ dtype, height, width, n })),
);

const pair = (v) => (Array.isArray(v) ? v : [v, v]);

const expected = python(
  `# The view of an np.arange of the case's dtype; 'last' (its last element) read from an int64
# arange through the same view, since uint8 wraps at 256.
def report(make, c):
    x, index = (np.arange(c['height'] * c['width'], dtype=d).reshape(c['height'], c['width'])
                for d in (c['dtype'], np.int64))
    v = make(x, c)
    return {'shape': list(v.shape), 'strides': list(v.strides), 'itemsize': x.itemsize,
            'last': int(make(index, c)[-1, -1, -1, -1])}

def window(x, c):
    (sy, sx), (dy, dx) = c['stride'], c['dilation']
    reach = (dy * (c['kh'] - 1) + 1, dx * (c['kw'] - 1) + 1)
    # stride by slicing the windows, dilation by slicing the window itself
    return np.lib.stride_tricks.sliding_window_view(x, reach)[::sy, ::sx, ::dy, ::dx]

def tiles(x, c):
    n = c['n']
    height, width = x.shape
    sh, sw = x.strides
    fh, fw = height - (height // n) * (n - 1), width - (width // n) * (n - 1)
    return np.lib.stride_tricks.as_strided(
        x, shape=(n, n, fh, fw), strides=((height // n) * sh, (width // n) * sw, sh, sw))

print(json.dumps({'windows': [report(window, c) for c in INPUTS['windows']],
                  'tiles': [report(tiles, c) for c in INPUTS['tiles']]}))`,
  {
    windows: windowCases.map((c) => ({ ...c, stride: pair(c.stride), dilation: pair(c.dilation) })),
    tiles: tileCases,
  },
);

const arange = (height, width) => ({
  width,
  height,
  data: Float32Array.from({ length: width * height }, (_, i) => i),
});

// A view against NumPy's: shape, byte strides, element strides, dtype and the last element.
function checkView(view, want, dtype, name) {
  assert.deepEqual(view.shape, want.shape, name);
  assert.deepEqual(view.byteStrides, want.strides, name);
  assert.equal(view.itemsize, want.itemsize, name);
  assert.equal(view.dtype, dtype, name);
  assert.deepEqual(view.strides, want.strides.map((s) => s / want.itemsize), name);
  const [a, b, k, l] = view.shape;
  assert.equal(view.at(a - 1, b - 1, k - 1, l - 1), want.last, name);
}

test("windowView's byteStrides are NumPy's .strides for each dtype; strides are in elements", () => {
  windowCases.forEach((c, i) => {
    const { stride, dilation, dtype } = c;
    const kernel = { width: c.kw, height: c.kh };
    const view = engine.windowView(arange(c.height, c.width), kernel, { stride, dilation, dtype });
    checkView(view, expected.windows[i], dtype, JSON.stringify(c));
  });
});

test("tilesView's byteStrides are the notebook's as_strided tiles' strides for each dtype", () => {
  tileCases.forEach((c, i) => {
    const view = engine.tilesView(arange(c.height, c.width), c.n, { dtype: c.dtype });
    checkView(view, expected.tiles[i], c.dtype, JSON.stringify(c));
  });
});

test('the dtype defaults to float32, the engine\'s own; DTYPES lists the itemsizes', () => {
  const view = engine.windowView(arange(5, 5), { width: 3, height: 3 });
  assert.equal(view.dtype, 'float32');
  assert.deepEqual(view.byteStrides, [20, 4, 20, 4]);
  assert.deepEqual(Object.keys(DTYPES), DTYPE_NAMES);
  const itemsizes = python(
    `print(json.dumps([np.dtype(d).itemsize for d in INPUTS['names']]))`,
    { names: DTYPE_NAMES },
  );
  assert.deepEqual(Object.values(DTYPES), itemsizes);
});

test('an unknown dtype is a TypeError naming dtype and the known ones', () => {
  const image = arange(5, 5);
  assert.throws(
    () => engine.windowView(image, { width: 3, height: 3 }, { dtype: 'int32' }),
    (error) =>
      error instanceof TypeError &&
      error.argument === 'dtype' &&
      /dtype must be one of float32, float64, int64, uint8, got 'int32'/.test(error.message),
  );
  assert.throws(() => engine.tilesView(image, 2, { dtype: 8 }), (e) => e.argument === 'dtype');
});
