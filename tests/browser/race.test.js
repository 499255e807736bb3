// The race view (web/app/views/race.js) in Chromium, under a strict CSP: on a small image with
// few runs and sizes, every method's row with its difference from direct, auto's pick, the
// crossover plot whose data table equals the downloaded CSV, a PNG download, the keyboard (run,
// cancel, focus kept) and axe-core; and a method made wrong on purpose (an engine whose fft maps
// are off by 0.5 at one pixel) shows its difference, computed from the maps it returned.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { useBrowser, ROOT, ARTIFACTS } from './harness.js';

const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; img-src 'self' data: blob:";
const env = useBrowser({ headers: { 'Content-Security-Policy': CSP } });
const AXE = fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

const ELEMENT_PAGE = `<!doctype html><html lang="en"><head><title>race</title><link rel="icon" href="data:,">
<script type="module" src="convscope-element.js"></script></head>
<body><main><h1>The race</h1><conv-scope image="ascent" work="64" filters="gaussian,vertical" size="5" view="race"
race-runs="1" race-sizes="3,7,11"></conv-scope></main></body></html>`;

// The view alone, fed by a worker engine whose fft maps are wrong at one pixel.
const WRONG_PAGE = `<!doctype html><html lang="en"><head><title>wrong</title><link rel="icon" href="data:,">
<script type="module" src="race-wrong.js"></script></head><body></body></html>`;
const WRONG_SCRIPT = `
import { createWorkerEngine } from './convscope.js';
import { createRaceView } from './app/views/race.js';
import { defaultSettings } from './app/settings.js';
const real = await createWorkerEngine();
const engine = {
  names: real.names, limits: real.limits,
  filters: (...a) => real.filters(...a), estimate: (...a) => real.estimate(...a),
  convolveImageData: (...a) => real.convolveImageData(...a),
  async timeBank(image, kernels, options) {
    const maps = await real.timeBank(image, kernels, options);
    if (options.method === 'fft') maps[0].data[10] += 0.5;
    return maps;
  },
};
const size = 40;
const pixels = new Uint8ClampedArray(size * size * 4).map((_, i) => (i % 4 === 3 ? 255 : (i * 37) % 251));
const imageData = new ImageData(pixels, size, size);
const kernel = { width: 5, height: 5, data: Float32Array.from({ length: 25 }, (_, i) => Math.sin(i)) };
const view = createRaceView({ engine, host: document.body });
document.body.append(view.element);
const settings = { ...defaultSettings(), filters: ['custom'], raceRuns: 1, raceSizes: [3] };
view.update({ maps: [{ kernel, title: 'custom 5×5' }] }, { imageData, width: size, height: size }, settings);
`;

async function open(pagePath, body, extra = {}) {
  const page = await env.browser.newPage({ acceptDownloads: true });
  page.problems = [];
  page.on('console', (m) => m.type() === 'error' && page.problems.push(m.text()));
  page.on('pageerror', (e) => page.problems.push(e.message));
  const headers = { 'Content-Security-Policy': CSP };
  await page.route(`${env.url}${pagePath}`, (route) =>
    route.fulfill({ contentType: 'text/html', body, headers }),
  );
  for (const [file, text] of Object.entries(extra)) {
    await page.route(`${env.url}${file}`, (route) =>
      route.fulfill({ contentType: 'text/javascript', body: text, headers }),
    );
  }
  await page.goto(`${env.url}${pagePath}`);
  return page;
}

const state = (page, root = 'conv-scope') =>
  page.locator(`${root} section.race`).getAttribute('data-state');

async function waitState(page, wanted, root) {
  await page.waitForFunction(
    ([selector, value]) => {
      const host = document.querySelector(selector.split(' ')[0]);
      const scope = host?.shadowRoot ?? document;
      return scope.querySelector('section.race')?.dataset.state === value;
    },
    [root, wanted],
    { timeout: 60_000 },
  );
}

// The race table's rows: {method, time, difference, estimate, note}.
async function raceRows(page, root = 'conv-scope') {
  return page.locator(`${root} table.race-table:not(.race-plot-data) tbody tr`).evaluateAll((rows) =>
    rows.map((row) => {
      const cells = [...row.querySelectorAll('td')].map((td) => td.textContent);
      const [time, samples, difference, estimate, note] = cells;
      return { method: row.dataset.method, time, samples, difference, estimate, note };
    }),
  );
}

test('the race on the page: rows, auto, a plot whose data are the CSV, PNG, keyboard, axe', async () => {
  const page = await open('race.html', ELEMENT_PAGE);
  await waitState(page, 'done', 'conv-scope');

  const rows = await raceRows(page);
  const methods = rows.map((r) => r.method);
  assert.deepEqual(methods.slice(0, 4), ['direct', 'im2col', 'fft', 'fft_kiss']);
  for (const row of rows) {
    assert.match(row.time, /^\d+\.\d+\u00a0ms$/, row.method);
    assert.equal(row.samples, '1', row.method); // race-runs="1"
    assert.ok(Number(row.difference) < 1e-3, `${row.method}: ${row.difference}`);
  }
  assert.equal(rows[0].difference, '0');
  assert.equal(rows.find((r) => r.method === 'fft_kiss').estimate, 'not compared');
  const picks = rows.filter((r) => r.note === "auto's pick");
  assert.ok(picks.length >= 1, 'auto picks a raced method');
  const auto = await page.locator('conv-scope .race-auto').textContent();
  assert.match(auto, /^auto (picks|splits)/);
  for (const pick of picks) assert.ok(auto.includes(pick.method), `${auto} names ${pick.method}`);

  // The plot's data table and the CSV download hold the same numbers.
  const plotData = await page.locator('conv-scope table.race-plot-data').evaluate((table) => [
    [...table.querySelectorAll('thead th')].map((th) => th.textContent),
    ...[...table.querySelectorAll('tbody tr')].map((tr) =>
      [...tr.children].map((cell) => cell.textContent),
    ),
  ]);
  assert.deepEqual(plotData.slice(1).map((r) => r[0]), ['3', '7', '11']);
  const [csvDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('conv-scope button', { hasText: 'Download data (CSV)' }).click(),
  ]);
  assert.equal(csvDownload.suggestedFilename(), 'crossover.csv');
  const csv = fs.readFileSync(await csvDownload.path(), 'utf8').trim().split('\n').map((l) => l.split(','));
  assert.deepEqual(csv[0], ['kernel_size', 'direct_ms', 'im2col_ms', 'fft_ms', 'fft_kiss_ms', 'separable_ms', 'auto']);
  assert.deepEqual(csv.slice(1), plotData.slice(1));
  for (const line of csv.slice(1)) {
    for (const value of line.slice(1, 5)) assert.ok(Number(value) > 0, `a time: ${line}`);
  }
  const [pngDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('conv-scope button', { hasText: 'Download plot (PNG)' }).click(),
  ]);
  const png = fs.readFileSync(await pngDownload.path());
  assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]); // "PNG"
  assert.ok(png.readUInt32BE(16) >= 640 && png.readUInt32BE(20) >= 360, 'the plot at 640 x 360');
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.writeFileSync(path.join(ARTIFACTS, 'race-crossover.png'), png);
  await page.locator('conv-scope section.race').screenshot({ path: path.join(ARTIFACTS, 'race-view.png') });

  // Keyboard: the tabs by arrow keys, Run by Enter, focus on Cancel while it runs, Enter cancels.
  await page.locator('conv-scope #view-race').focus();
  await page.keyboard.press('Home');
  assert.equal(await page.locator('conv-scope #view-maps').getAttribute('aria-selected'), 'true');
  assert.equal(await page.locator('conv-scope section.race').count(), 0);
  await page.keyboard.press('End'); // the race is the last view
  await waitState(page, 'done', 'conv-scope'); // a view opened on a frame runs at once
  await page.evaluate(() => document.querySelector('conv-scope').setAttribute('race-runs', '40'));
  await page.locator('conv-scope button', { hasText: 'Run the race' }).focus();
  await page.keyboard.press('Enter');
  assert.equal(await state(page), 'running');
  assert.equal(
    await page.evaluate(() => document.querySelector('conv-scope').shadowRoot.activeElement?.textContent),
    'Cancel',
  );
  await page.keyboard.press('Enter');
  await waitState(page, 'cancelled', 'conv-scope');
  assert.equal(await page.locator('conv-scope .race-status').textContent(), 'Cancelled.');
  assert.equal(
    await page.evaluate(() => document.querySelector('conv-scope').shadowRoot.activeElement?.textContent),
    'Run the race',
  );

  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => (await globalThis.axe.run(document)).violations);
  assert.deepEqual(
    violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`),
    [],
  );
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a method made wrong on purpose shows its difference from direct', async () => {
  const page = await open('race-wrong.html', WRONG_PAGE, { 'race-wrong.js': WRONG_SCRIPT });
  await waitState(page, 'done', 'body');
  const rows = await raceRows(page, 'body');
  const fft = rows.find((r) => r.method === 'fft');
  assert.ok(Math.abs(Number(fft.difference) - 0.5) < 1e-3, fft.difference);
  for (const row of rows.filter((r) => r.method !== 'fft')) {
    assert.ok(Number(row.difference) < 1e-3, `${row.method}: ${row.difference}`);
  }
  assert.deepEqual(page.problems, []);
  await page.close();
});
