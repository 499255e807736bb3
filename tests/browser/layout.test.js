// The page as a whole: screenshots at 1280x800 and 360x740 (saved to tests/artifacts/), no
// overflow at 360 px, every control labelled and reachable by keyboard, the enlarge dialog,
// downloads (.npy, CSV, PNG), colour scheme and reduced motion, and a URL hash that reproduces
// the maps in a new page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  useBrowser,
  control,
  openPage,
  nextRender,
  mapPixels,
  firstRender,
  screenshotPath,
} from './harness.js';

const env = useBrowser();

for (const [width, height] of [
  [1280, 800],
  [360, 740],
  [1920, 1080],
]) {
  test(`screenshot at ${width}x${height}, nothing wider than the screen`, async () => {
    const page = await openPage(env, 'index.html', { viewport: { width, height } });
    await firstRender(page);
    await page.screenshot({ path: screenshotPath(`page-${width}x${height}.png`) });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the viewport`);
    const maps = await page.locator('conv-scope .map-canvas').count();
    assert.equal(maps, 5); // the input and the notebook's four filters
    assert.deepEqual(page.problems, []);
  });
}

test('every control has a label, and Tab reaches them with a visible focus ring', async () => {
  const page = await openPage(env, 'index.html');
  await firstRender(page);
  const unlabelled = await page.evaluate(() => {
    const root = document.querySelector('conv-scope').shadowRoot;
    return [...root.querySelectorAll('input, select, textarea, button')]
      .filter((e) => !(e.labels?.length || e.getAttribute('aria-label') || e.textContent.trim()))
      .map((e) => e.outerHTML.slice(0, 80));
  });
  assert.deepEqual(unlabelled, []);
  // A map's download buttons say which map they save.
  assert.equal(
    await page
      .locator('conv-scope .map')
      .nth(1)
      .locator('[data-download="npy"]')
      .getAttribute('aria-label'),
    'Download vertical 7×7 as .npy',
  );
  // The labels name the formula's symbols: (H − K + 2P) // S + 1.
  const symbols = await page.evaluate(() =>
    ['size', 'padding', 'stride'].map(
      (id) =>
        document.querySelector('conv-scope').shadowRoot.getElementById(id).labels[0].textContent,
    ),
  );
  assert.deepEqual(symbols, ['Size K', 'Padding P', 'Stride S']);
  // Tab from the page start reaches the sample picker, then the file input, with an outline.
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => {
    const active = document.querySelector('conv-scope').shadowRoot.activeElement;
    return { id: active?.id, outline: active && getComputedStyle(active).outlineStyle };
  });
  assert.equal(focused.id, 'sample');
  assert.notEqual(focused.outline, 'none');
  await page.keyboard.press('Tab');
  assert.equal(
    await page.evaluate(() => document.querySelector('conv-scope').shadowRoot.activeElement.id),
    'file',
  );
  assert.deepEqual(page.problems, []);
});

test('at 360 px, Tab goes down the page as it looks: image controls, maps, then the rest', async () => {
  const page = await openPage(env, 'index.html#image=zero&filters=gaussian,vertical&size=3', {
    viewport: { width: 360, height: 740 },
  });
  await firstRender(page);
  // Each Tab stop inside the element: its id or class and its top edge in the document; inside a
  // box of its own that scrolls (the preset list), the top edge of that box.
  const stops = [];
  for (let i = 0; i < 200; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const active = document.querySelector('conv-scope').shadowRoot.activeElement;
      if (!active) return null;
      const scroller = active.closest('.presets');
      const top = (scroller ?? active).getBoundingClientRect().top + window.scrollY;
      return { name: active.id || active.className, top };
    });
    if (!stop) {
      if (stops.length) break;
      continue;
    }
    stops.push(stop);
  }
  const names = stops.map((s) => s.name);
  assert.ok(names.indexOf('file') < names.indexOf('map-button'), names.join(' '));
  assert.ok(names.indexOf('map-button') < names.indexOf('size'), names.join(' '));
  const backwards = stops.filter((s, i) => i > 0 && s.top < stops[i - 1].top - 8);
  assert.deepEqual(backwards, [], 'a Tab stop above the one before it');
  assert.deepEqual(page.problems, []);
});

test('a map opens large on click and closes with Escape, focus back on it', async () => {
  const page = await openPage(env, 'index.html#image=zero&filters=gaussian&size=3');
  await firstRender(page);
  const button = page.locator('conv-scope .map-button').nth(1);
  await button.focus();
  await page.keyboard.press('Enter');
  const dialog = page.locator('conv-scope dialog.enlarged');
  assert.equal(await dialog.getAttribute('open'), '');
  assert.equal(await page.locator('conv-scope #dialog-title').textContent(), 'gaussian 3×3');
  const box = await page.locator('conv-scope .dialog-canvas').boundingBox();
  assert.ok(box.width > 300, `enlarged to ${box.width}px`);
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
  assert.match(await page.locator('conv-scope .dialog-value').textContent(), /^\(y 4, x 4\) = /);
  // The enlarged map keeps its figure's range and detail line, and all of it fits the screen.
  const shown = await page.evaluate(() => {
    const root = document.querySelector('conv-scope').shadowRoot;
    const text = (scope, selector) => root.querySelector(`${scope} ${selector}`).textContent;
    const figure = '.grid .map:nth-child(2)';
    return {
      dialog: [text('dialog', '.bar-lo'), text('dialog', '.bar-hi'), text('dialog', '.map-detail')],
      figure: [text(figure, '.bar-lo'), text(figure, '.bar-hi'), text(figure, '.map-detail')],
      bottom: root.querySelector('.dialog-value').getBoundingClientRect().bottom,
    };
  });
  assert.deepEqual(shown.dialog, shown.figure);
  assert.match(shown.figure[2], /≈\d+\.\d\u00a0ms$/, 'a time never wraps before its unit');
  assert.ok(shown.bottom <= 800, `the value line ends at ${shown.bottom}px of 800`);
  await page.keyboard.press('Escape');
  assert.equal(await dialog.getAttribute('open'), null);
  assert.equal(
    await page.evaluate(
      () => document.querySelector('conv-scope').shadowRoot.activeElement?.className,
    ),
    'map-button',
  );
  assert.deepEqual(page.problems, []);
});

test('downloads: .npy holds the float32 map, CSV its rows, PNG the canvas', async () => {
  const page = await openPage(env, 'index.html#image=zero&filters=vertical&size=3');
  await firstRender(page);
  const values = await page.evaluate(() =>
    Array.from(document.querySelector('conv-scope').maps[0].data),
  );
  const save = async (kind) => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator(`conv-scope .map [data-download="${kind}"]`).nth(1).click(),
    ]);
    return { name: download.suggestedFilename(), bytes: fs.readFileSync(await download.path()) };
  };
  const npy = await save('npy');
  assert.equal(npy.name, 'vertical-3x3.npy');
  const headerLength = npy.bytes.readUInt16LE(8);
  const header = npy.bytes.subarray(10, 10 + headerLength).toString('latin1');
  assert.match(header, /'descr': '<f4', 'fortran_order': False, 'shape': \(8, 8\)/);
  assert.equal((10 + headerLength) % 64, 0);
  const data = new Float32Array(
    npy.bytes.buffer.slice(
      npy.bytes.byteOffset + 10 + headerLength,
      npy.bytes.byteOffset + npy.bytes.length,
    ),
  );
  assert.deepEqual(Array.from(data), values);

  const csv = await save('csv');
  const rows = csv.bytes.toString('utf8').trim().split('\n');
  assert.equal(rows.length, 8);
  assert.deepEqual(rows.flatMap((r) => r.split(',').map(Number)).map(Math.fround), values);

  const png = await save('png');
  assert.equal(png.name, 'vertical-3x3.png');
  assert.equal(png.bytes.readUInt32BE(16), 8); // IHDR width

  // The whole grid: the input and the map side by side, each scaled up to at least 128 px.
  const [grid] = await Promise.all([
    page.waitForEvent('download'),
    control(page, 'download-grid').click(),
  ]);
  const gridBytes = fs.readFileSync(await grid.path());
  assert.equal(grid.suggestedFilename(), 'convscope-grid.png');
  assert.equal(gridBytes.readUInt32BE(16), 2 * 128 + 3 * 12); // two cells and three gaps
  assert.equal(gridBytes.readUInt32BE(20), 128 + 22 + 2 * 12); // a title row, one cell, two gaps
  assert.deepEqual(page.problems, []);
});

test('dark colour scheme and reduced motion are honoured', async () => {
  const context = await env.browser.newContext({
    colorScheme: 'dark',
    reducedMotion: 'reduce',
    viewport: { width: 1280, height: 800 },
  });
  const page = await context.newPage();
  await page.goto(
    `${env.url}index.html#image=face&filters=sobel_x,gaussian_blur,custom&channels=rgb&colormap=viridis`,
  );
  await firstRender(page);
  await page.locator('conv-scope .kernel-details summary').click();
  await page.screenshot({ path: screenshotPath('page-dark-1280x800.png') });
  const style = await page.evaluate(() => {
    const root = document.querySelector('conv-scope').shadowRoot;
    const host = getComputedStyle(document.querySelector('conv-scope'));
    return {
      bg: host.backgroundColor,
      transition: getComputedStyle(root.getElementById('grid')).transitionDuration,
    };
  });
  assert.equal(style.bg, 'rgb(21, 24, 28)');
  assert.equal(style.transition, '0s');
  await context.close();
});

test('the URL hash reproduces the setup in a new page', async () => {
  const page = await openPage(env, 'index.html#image=zero&filters=gaussian,vertical&size=3');
  await firstRender(page);
  await nextRender(page, () => control(page, 'stride').fill('2'));
  await nextRender(page, () => control(page, 'colormap').selectOption('viridis'));
  const url = page.url();
  assert.match(url, /stride=2/);
  assert.match(url, /colormap=viridis/);
  const maps = [await mapPixels(page, 1), await mapPixels(page, 2)];

  const copy = await openPage(env, url.slice(env.url.length));
  await firstRender(copy);
  assert.deepEqual([await mapPixels(copy, 1), await mapPixels(copy, 2)], maps);
  assert.equal(await control(copy, 'stride').inputValue(), '2');
  assert.deepEqual([...page.problems, ...copy.problems], []);
});
