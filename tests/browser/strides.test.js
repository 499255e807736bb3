// The strides view (view="strides") in Chromium: the shape, strides and offsets it shows against
// NumPy's for the same settings (Debian's python3, one run for all cases), keyboard-only use,
// axe-core with the view open, screenshots at 1280 x 800 and 390 x 844; and "Copy as NumPy": the
// copied code, run as copied on the input's PNG download, gives the element's maps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useBrowser, openPage, screenshotPath, ROOT } from './harness.js';

const env = useBrowser();

const python = (code, input) =>
  JSON.parse(
    execFileSync('/usr/bin/python3', ['-c', code], {
      input: JSON.stringify(input),
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    }),
  );

// Each case: the hash, the window selected, and what NumPy makes of it on an index array of the
// same shape (index values are element offsets). crop 8 of the 8 x 8 digit is the whole digit.
const CASES = [
  { hash: '', window: [1, 2], numpy: { side: 5, dtype: 'int64', k: 3, s: 1, d: 1 } },
  { hash: '&dtype=float32&stride=2', window: [1, 0], numpy: { side: 5, dtype: 'float32', k: 3, s: 2, d: 1 } },
  { hash: '&dtype=uint8&dilation=2&window=2', window: [2, 1], numpy: { side: 5, dtype: 'uint8', k: 2, s: 1, d: 2 } },
  { hash: '&dtype=float64&tiles=2', window: [1, 1], numpy: { side: 5, dtype: 'float64', tiles: 2 } },
  { hash: '&dtype=float32&crop=8&stride=3&window=2', window: [2, 1], numpy: { side: 8, dtype: 'float32', k: 2, s: 3, d: 1 } },
];

const EXPECTED = python(
  `import json, sys
import numpy as np
from numpy.lib.stride_tricks import as_strided, sliding_window_view
out = []
for c in json.loads(sys.stdin.read()):
    n, (i, j) = c['side'], c['window']
    x = np.arange(n * n).reshape(n, n).astype(c['dtype'])
    index = np.arange(n * n).reshape(n, n)
    def view(a):
        if 'tiles' in c:
            t = c['tiles']
            step, side = n // t, n - (n // t) * (t - 1)
            sh, sw = a.strides
            return as_strided(a, shape=(t, t, side, side), strides=(step * sh, step * sw, sh, sw))
        k, s, d = c['k'], c['s'], c['d']
        return sliding_window_view(a, (d * (k - 1) + 1,) * 2)[::s, ::s, ::d, ::d]
    y = view(x)
    start = y[i, j].__array_interface__['data'][0] - x.__array_interface__['data'][0]
    out.append({'shape': str(y.shape), 'strides': str(y.strides),
                'elements': str(tuple(s // x.itemsize for s in y.strides)),
                'start': start, 'reads': sorted(view(index)[i, j].ravel().tolist())})
print(json.dumps(out))`,
  CASES.map((c) => ({ ...c.numpy, window: c.window })),
);

async function openStrides(hash, viewport) {
  const page = await openPage(env, `index.html#image=zero&filters=gaussian&size=3&view=strides${hash}`, {
    viewport,
  });
  await page.locator('conv-scope #strides-shape').filter({ hasText: /\(/ }).waitFor();
  return page;
}

// What the view shows: shape, strides, the offset line's start and the cells marked as read.
function shown(page) {
  return page.evaluate(() => {
    const root = document.querySelector('conv-scope').shadowRoot;
    const text = (id) => root.getElementById(id).textContent;
    const read = (id) =>
      [...root.querySelectorAll(`#${id} .read`)].map((cell) => Number(cell.dataset.index));
    return {
      shape: text('strides-shape'),
      strides: text('strides-bytes'),
      elements: text('strides-elements'),
      offset: text('strides-offset'),
      flat: read('strides-flat').sort((a, b) => a - b),
      grid: read('strides-grid').sort((a, b) => a - b),
    };
  });
}

test("the view shows NumPy's shape, byte strides and offsets for each setting", async () => {
  for (const [n, c] of CASES.entries()) {
    const page = await openStrides(c.hash);
    const [i, j] = c.window;
    await page.locator('conv-scope #strides-i').fill(String(i));
    await page.locator('conv-scope #strides-j').fill(String(j));
    const want = EXPECTED[n];
    const got = await shown(page);
    assert.equal(got.shape, want.shape, c.hash);
    assert.equal(got.strides, want.strides, c.hash);
    assert.equal(got.elements, want.elements, c.hash);
    assert.match(got.offset, new RegExp(`= ${i}·\\d+ \\+ ${j}·\\d+ \\+ k·\\d+ \\+ l·\\d+ = ${want.start} \\+ k`), c.hash);
    assert.deepEqual(got.flat, want.reads, c.hash);
    assert.deepEqual(got.grid, want.reads, c.hash);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});

test('keyboard only: open the view, change the dtype, move the window; axe-core finds nothing', async () => {
  const page = await openPage(env, 'index.html#image=zero&filters=gaussian&size=3');
  await page.locator('conv-scope #view-maps').waitFor();
  const focused = () =>
    page.evaluate(() => document.querySelector('conv-scope').shadowRoot.activeElement?.id ?? '');
  const tabTo = async (id) => {
    for (let n = 0; n < 80 && (await focused()) !== id; n++) await page.keyboard.press('Tab');
    assert.equal(await focused(), id);
  };
  await tabTo('view-maps');
  // Right arrow along the tab strip to the strides tab (the views' order is app/views.js's).
  for (let n = 0; n < 8 && (await focused()) !== 'view-strides'; n++) {
    await page.keyboard.press('ArrowRight');
  }
  assert.equal(await focused(), 'view-strides');
  await page.locator('conv-scope #strides-shape').filter({ hasText: /\(/ }).waitFor();
  await tabTo('strides-dtype');
  await page.keyboard.press('Home'); // float32, the first
  await page.locator('conv-scope #strides-bytes').filter({ hasText: '(20, 4, 20, 4)' }).waitFor();
  assert.match(await page.evaluate(() => location.hash), /dtype=float32/);
  await tabTo('strides-i');
  await page.keyboard.press('ArrowUp');
  await tabTo('strides-j');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  const got = await shown(page);
  assert.match(got.offset, /= 1·20 \+ 2·4 \+ k·20 \+ l·4 = 28 \+ k·20 \+ l·4 bytes \(element 7 /);
  assert.deepEqual(got.flat, [7, 8, 9, 12, 13, 14, 17, 18, 19]);

  await page.addScriptTag({ path: path.join(ROOT, 'node_modules/axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => (await window.axe.run()).violations);
  assert.deepEqual(
    violations.map((v) => `${v.id}: ${v.nodes.map((node) => node.target.join(' ')).join(', ')}`),
    [],
  );
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('screenshots of the view at 1280 x 800 and 390 x 844', async () => {
  for (const [width, height] of [
    [1280, 800],
    [390, 844],
  ]) {
    const page = await openStrides('&window=3&stride=1', { width, height });
    await page.locator('conv-scope #strides-i').fill('1');
    const panel = page.locator('conv-scope .view-panel');
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath(`strides-${width}x${height}.png`) });
    await panel.screenshot({ path: screenshotPath(`strides-panel-${width}x${height}.png`) });
    // Nothing wider than the screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(overflow <= width, `page ${overflow} px wide at ${width}`);
    await page.context().close();
  }
});

test('Copy as NumPy: the code, run as copied on the input PNG, gives the element\'s maps', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'convscope-copy-'));
  try {
    const page = await openPage(
      env,
      'index.html#image=face&work=64&filters=sobel_x,gaussian&size=4&stride=2&dilation=2&border=mirror&channels=rgb&op=convolution',
    );
    await page.waitForFunction(() => document.querySelector('conv-scope')?.maps?.length === 6);
    await page.locator('conv-scope #copy-numpy').click();
    const text = page.locator('conv-scope #share-text');
    await page.waitForFunction(() =>
      document.querySelector('conv-scope').shadowRoot.getElementById('share-text').value.includes('import numpy'),
    );
    const code = await text.inputValue();
    assert.match(await page.locator('conv-scope #share-label').textContent(), /^Python code/);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('conv-scope .map [data-download="png"]').first().click(),
    ]);
    const file = download.suggestedFilename();
    assert.ok(code.includes(`plt.imread("${file}")`), `the code reads ${file}`);
    await download.saveAs(path.join(dir, file));
    writeFileSync(path.join(dir, 'copied.py'), code);
    const maps = await page.evaluate(() =>
      document.querySelector('conv-scope').maps.map((m) => ({ ...m, data: [...m.data] })),
    );
    const kernels = await page.evaluate(async () => {
      const { createWorkerEngine } = await import('./convscope.js');
      const engine = await createWorkerEngine();
      return (await engine.filters({ size: 4 }))
        .filter((f) => ['sobel_x', 'gaussian'].includes(f.name))
        .map((f) => ({ name: f.name, sum: f.data.reduce((s, v) => s + Math.abs(v), 0) }));
    });
    // As copied: python3 copied.py in the folder of the download, then its maps for comparison.
    const printed = execFileSync('/usr/bin/python3', ['copied.py'], { cwd: dir, encoding: 'utf8' });
    assert.match(printed, /NumPy and SciPy agree on 6 maps/);
    const got = python(
      `import contextlib, io, json, os, runpy, sys
os.chdir(json.loads(sys.stdin.read()))
with contextlib.redirect_stdout(io.StringIO()):
    maps = runpy.run_path("copied.py")["maps"]
print(json.dumps([m.tolist() for m in maps]))`,
      dir,
    );
    assert.equal(got.length, maps.length);
    maps.forEach((map, m) => {
      const rows = got[m];
      assert.deepEqual([rows.length, rows[0].length], [map.height, map.width], map.title);
      const sum = kernels.find((k) => map.title.startsWith(k.name)).sum;
      const worst = Math.max(...rows.flat().map((v, j) => Math.abs(v - map.data[j])));
      assert.ok(worst <= 1e-4 * sum, `${map.title}: max |error| ${worst}`);
    });
    assert.deepEqual(page.problems, []);
    await page.context().close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('examples/strides.html opens two figures on the strides view, with NumPy\'s strides', async () => {
  const want = python(
    `import json, sys
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
x, y = np.arange(25).reshape(5, 5), np.zeros((12, 12), np.float32)
print(json.dumps([str(sliding_window_view(x, (3, 3)).strides),
                  str(sliding_window_view(y, (5, 5))[::2, ::2, ::2, ::2].strides)]))`,
    null,
  );
  const page = await openPage(env, 'examples/strides.html');
  for (const [n, id] of ['strides-demo', 'dilated-demo'].entries()) {
    const bytes = page.locator(`#${id} #strides-bytes`);
    await bytes.filter({ hasText: /\(/ }).waitFor();
    assert.equal(await bytes.textContent(), want[n], id);
  }
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
