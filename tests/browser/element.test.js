// <conv-scope> on a bare page of its own (served by the test through Playwright's router, so it
// depends on no example): bad attribute values from script keep the last maps, say why in the
// element (also with controls="none"), and warn the page's author in the console.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, nextRender, mapPixels } from './harness.js';

const env = useBrowser();

const PAGE = `<!doctype html><html lang="en"><head><link rel="icon" href="data:,">
<script type="module" src="convscope-element.js"></script></head>
<body><conv-scope image="zero" filters="gaussian" size="3" controls="none"></conv-scope></body></html>`;

test('a bad attribute from script: a message (also with controls="none"), the maps kept', async () => {
  const page = await env.browser.newPage();
  const problems = [];
  const warnings = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
    // (Chromium's own readback hint, caused by this test reading canvases, is not the element's.)
    if (message.type() === 'warning' && message.text().startsWith('<conv-scope>'))
      warnings.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.route(`${env.url}element.html`, (route) =>
    route.fulfill({ contentType: 'text/html', body: PAGE }),
  );
  await page.goto(`${env.url}element.html`);
  await page.waitForFunction(() => document.querySelector('conv-scope')?.maps?.length === 1);
  const before = await mapPixels(page, 1);

  const event = await nextRender(page, () =>
    page.evaluate(() => document.querySelector('conv-scope').setAttribute('filters', 'gausian')),
  );
  assert.equal(event.type, 'render-error');
  assert.match(
    event.detail.message,
    /unknown filter "gausian"; the filters are vertical, horizontal/,
  );
  assert.match(
    await page.locator('conv-scope #status').textContent(),
    /^Not updated: unknown filter "gausian"/,
  );
  assert.deepEqual(await mapPixels(page, 1), before);

  await page.evaluate(() => document.querySelector('conv-scope').setAttribute('stride', '0'));
  await page.waitForTimeout(100);
  assert.equal(await page.evaluate(() => document.querySelector('conv-scope').settings.stride), 1);
  assert.deepEqual(warnings, [
    '<conv-scope> stride: must be between 1 and 64, got 0; keeping stride as it was',
  ]);

  // A good value again: the maps follow.
  await nextRender(page, () =>
    page.evaluate(() => document.querySelector('conv-scope').setAttribute('filters', 'sobel_x')),
  );
  assert.match((await mapPixels(page, 1)).title, /^sobel_x 3×3/);
  assert.deepEqual(problems, []);
  await page.close();
});
