// <conv-scope> embedded in course pages (dist/examples/): two configured instances on one page and
// one engine, attribute changes from script, style isolation both ways and the theming properties,
// the iframe and slide examples, the copy-link / copy-embed round trips, and a page on another
// origin. The strict Content-Security-Policy is csp.test.js.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useBrowser, openPage, nextRender, mapPixels, screenshotPath, DIST } from './harness.js';
import { serveFolder } from './server.js';
import { EDGES_HASH, checkCoursePage, waitForMaps } from './course-page.js';

const env = useBrowser();

// The maps of the element at `selector` in `target` (a page or a frame), input excluded.
async function allMaps(target, selector = 'conv-scope') {
  const count = await target.evaluate((s) => document.querySelector(s).maps.length, selector);
  const maps = [];
  for (let i = 1; i <= count; i++) maps.push(await mapPixels(target, i, selector));
  return maps;
}

// The full page opened at `hash`, alone: the maps one instance draws for that setup.
async function singleInstance(hash, count) {
  const page = await openPage(env, `index.html${hash}`);
  await waitForMaps(page, 'conv-scope', count);
  const maps = await allMaps(page);
  assert.deepEqual(page.problems, []);
  await page.context().close();
  return maps;
}

test('course example: two instances, each its configured maps and its own worker', async () => {
  const page = await openPage(env, 'examples/course.html');
  const { edges } = await checkCoursePage(page);
  assert.deepEqual(edges, await singleInstance(EDGES_HASH, 2));
  assert.equal(page.workers().length, 2);
  // controls="minimal": image and filters only; controls="none": no panel.
  const visible = (selector, inner) =>
    page.evaluate(
      ([s, i]) => {
        const element = document.querySelector(s).shadowRoot.querySelector(i);
        return Boolean(element && element.offsetParent !== null);
      },
      [selector, inner],
    );
  assert.equal(await visible('#zero-demo', '.filters-section'), true);
  assert.equal(await visible('#zero-demo', '.conv-section'), false);
  assert.equal(await visible('#edges-demo', '.controls'), false);
  await page.screenshot({ path: screenshotPath('course-1280x800.png'), fullPage: true });
  assert.deepEqual(page.problems, []);
});

test('course example on a 360 px phone: both figures, nothing wider than the screen', async () => {
  const page = await openPage(env, 'examples/course.html', {
    viewport: { width: 360, height: 740 },
  });
  await checkCoursePage(page);
  assert.equal(await page.evaluate(() => document.scrollingElement.scrollWidth), 360);
  await page.screenshot({ path: screenshotPath('course-360x740.png'), fullPage: true });
  assert.deepEqual(page.problems, []);
});

test('an attribute set from script re-renders only that instance', async () => {
  const page = await openPage(env, 'examples/course.html');
  const before = await checkCoursePage(page);
  await page.evaluate(() => {
    window.__renders = { zero: 0, edges: 0 };
    document.querySelector('#zero-demo').addEventListener('render', () => window.__renders.zero++);
    document
      .querySelector('#edges-demo')
      .addEventListener('render', () => window.__renders.edges++);
  });
  await nextRender(page, () => page.click('#stride-one'), '#edges-demo');
  assert.equal((await mapPixels(page, 1, '#edges-demo')).width, 256);
  const setFilters = () =>
    page.evaluate(() => document.querySelector('#edges-demo').setAttribute('filters', 'sobel_x'));
  await nextRender(page, setFilters, '#edges-demo');
  assert.deepEqual(
    (await allMaps(page, '#edges-demo')).map((m) => m.title),
    ['sobel_x 3×3'],
  );
  await page.waitForTimeout(300);
  assert.deepEqual(await page.evaluate(() => window.__renders), { zero: 0, edges: 2 });
  assert.deepEqual(await mapPixels(page, 1, '#zero-demo'), before.zero);
  assert.deepEqual(page.problems, []);
});

test('a figure moved in the page, or made by a script, renders its attributes', async () => {
  const page = await openPage(env, 'examples/course.html');
  await checkCoursePage(page);
  const result = await page.evaluate(async () => {
    const rendered = (element) =>
      new Promise((resolve) => element.addEventListener('render', resolve, { once: true }));
    const edges = document.querySelector('#edges-demo');
    const place = [edges.parentNode, edges.nextSibling];
    edges.remove();
    edges.setAttribute('stride', '4'); // while out of the page
    place[0].insertBefore(edges, place[1]);
    await rendered(edges);
    const made = document.createElement('conv-scope');
    made.setAttribute('image', 'zero');
    made.setAttribute('filters', 'sobel_x');
    made.setAttribute('controls', 'none');
    document.querySelector('main').append(made);
    await rendered(made);
    return {
      edges: edges.maps.map((m) => m.width),
      made: made.maps.map((m) => [m.title, m.width]),
    };
  });
  assert.deepEqual(result, { edges: [64, 64], made: [['sobel_x 3×3', 8]] });
  // The moved figure keeps its worker; the new one has its own.
  assert.equal(page.workers().length, 3);
  assert.deepEqual(page.problems, []);
});

test("the page's CSS does not reach the element, nor the element's the page; --cs-* theme it", async () => {
  const page = await openPage(env, 'examples/course.html');
  await checkCoursePage(page);
  const styles = await page.evaluate(() => {
    const root = document.querySelector('#zero-demo').shadowRoot;
    const inner = (selector) => getComputedStyle(root.querySelector(selector));
    const outer = (selector) => getComputedStyle(document.querySelector(selector));
    return {
      button: inner('#download-grid').textTransform,
      buttonBg: inner('#download-grid').backgroundColor,
      canvasBorder: inner('.map-canvas').borderTopWidth,
      font: inner('.layout').fontFamily,
      label: inner('label').fontStyle,
      align: inner('.hint').textAlign,
      wordSpacing: inner('.hint').wordSpacing,
      hyphens: inner('.hint').hyphens,
      panel: inner('fieldset').backgroundColor,
      accent: inner('input[type="checkbox"]').accentColor,
      pageButton: outer('#stride-one').textTransform,
      pageFont: outer('p').fontFamily,
      pageFieldsets: document.querySelectorAll('fieldset').length,
    };
  });
  // course.css styles buttons, canvases, labels and text; none of it shows inside.
  assert.equal(styles.button, 'none');
  assert.notEqual(styles.buttonBg, 'rgb(122, 46, 14)');
  assert.equal(styles.canvasBorder, '0px');
  assert.doesNotMatch(styles.font, /Georgia/);
  assert.equal(styles.label, 'normal');
  assert.equal(styles.align, 'start');
  assert.equal(styles.wordSpacing, '0px');
  assert.equal(styles.hyphens, 'manual');
  // Its --cs-panel and --cs-accent do.
  assert.equal(styles.panel, 'rgb(243, 236, 223)');
  assert.equal(styles.accent, 'rgb(122, 46, 14)');
  // The element's own rules stay in its shadow root.
  assert.equal(styles.pageButton, 'uppercase');
  assert.match(styles.pageFont, /Georgia/);
  assert.equal(styles.pageFieldsets, 0);
  // The course sets the whole palette, so a reader in dark mode still gets its colours.
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = await page.evaluate(() => {
    const root = document.querySelector('#zero-demo').shadowRoot;
    return ['legend', '.hint', 'select'].map((s) => getComputedStyle(root.querySelector(s)).color);
  });
  assert.deepEqual(dark, ['rgb(43, 33, 24)', 'rgb(107, 90, 72)', 'rgb(43, 33, 24)']);
  assert.deepEqual(page.problems, []);
});

test('iframe example: embed.html draws the lesson its hash describes', async () => {
  const page = await openPage(env, 'examples/iframe.html');
  const frame = await (await page.$('#frame')).contentFrame();
  await waitForMaps(frame, 'conv-scope', 2);
  const maps = await allMaps(frame);
  assert.deepEqual(
    maps.map((m) => [m.title, m.width, m.height]),
    [
      ['sobel_x 3×3', 256, 192],
      ['sobel_y 3×3', 256, 192],
    ],
  );
  const hash = new URL(frame.url()).hash;
  assert.match(hash, /image=face&filters=sobel_x,sobel_y/);
  assert.deepEqual(maps, await singleInstance(hash, 2));
  assert.deepEqual(page.problems, []);
});

test('slide example: an instance per slide, as wide as a centring flex slide, arrow keys move', async () => {
  const page = await openPage(env, 'examples/slides.html');
  await page.keyboard.press('ArrowRight');
  const slide = '.slide:nth-of-type(2)';
  await waitForMaps(page, `${slide} conv-scope`, 2);
  const first = await mapPixels(page, 1, `${slide} conv-scope`);
  assert.deepEqual([first.title, first.width, first.height], ['gaussian 3×3', 10, 10]); // 'full': 8 + 3 - 1
  const [element, inside] = await page.evaluate((s) => {
    const box = (node) => node.getBoundingClientRect().width;
    const slideElement = document.querySelector(s);
    const padding = parseFloat(getComputedStyle(slideElement).paddingLeft) * 2;
    return [box(slideElement.querySelector('conv-scope')), box(slideElement) - padding];
  }, slide);
  assert.ok(
    Math.abs(element - inside) < 1,
    `conv-scope ${element} px wide in a ${inside} px slide`,
  );
  await page.screenshot({ path: screenshotPath('slides-1280x800.png') });
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.locator('#position').textContent(), '3 / 3');
  await waitForMaps(page, '.slide:nth-of-type(3) conv-scope', 2);
  assert.deepEqual(page.problems, []);
});

test('copy link and copy embed code: each, opened elsewhere, shows the same maps', async () => {
  const page = await openPage(env, 'index.html#image=zero&filters=gaussian&size=3');
  await waitForMaps(page, 'conv-scope', 1);
  // A lesson set in the page's controls, then shared.
  const custom = () =>
    page.evaluate(() => {
      const element = document.querySelector('conv-scope');
      element.setAttribute('filters', 'gaussian,[[1,0],[0,-1]]');
    });
  await nextRender(page, custom);
  await nextRender(page, () => page.locator('conv-scope #stride').fill('2'));
  await nextRender(page, () => page.locator('conv-scope #colormap').selectOption('magma'));
  const original = await allMaps(page);
  assert.deepEqual(
    original.map((m) => [m.title, m.width, m.height]),
    [
      ['gaussian 3×3', 4, 4],
      ['custom 2×2', 4, 4],
    ],
  );

  await page.locator('conv-scope #copy-link').click();
  const link = await page.locator('conv-scope #share-text').inputValue();
  // The box has a visible label saying where the text is: on the clipboard, or selected to copy.
  assert.match(
    await page.locator('conv-scope #share-label').textContent(),
    /^Link (copied to the clipboard|\(selected: press Ctrl\+C to copy it\)):$/,
  );
  assert.equal(await page.locator('conv-scope #share-label').isVisible(), true);
  assert.equal(link, page.url());
  assert.match(
    link,
    /#image=zero&filters=gaussian,\[\[1,0\],\[0,-1\]\]&size=3&stride=2&colormap=magma$/,
  );
  const linked = await openPage(env, link.slice(env.url.length));
  await waitForMaps(linked, 'conv-scope', 2);
  assert.deepEqual(await allMaps(linked), original);

  await page.locator('conv-scope #copy-embed').click();
  const snippet = await page.locator('conv-scope #share-text').inputValue();
  const [tag, iframe] = snippet.split('\n\n');
  const script = `<script type="module" src="${env.url}convscope-element.js"></script>`;
  const element =
    '<conv-scope image="zero" filters="gaussian,[[1,0],[0,-1]]" size="3" stride="2" colormap="magma"></conv-scope>';
  assert.equal(tag, `${script}\n${element}`);
  const frameSrc = /^<iframe src="([^"]+)"/.exec(iframe)?.[1];
  assert.equal(frameSrc, `${env.url}embed.html${new URL(link).hash}`);

  // The tag, pasted in a page of the same site (Playwright answers that request itself).
  const pasted = await openPage(env, 'index.html');
  await pasted.route(`${env.url}pasted.html`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><link rel="icon" href="data:,">${tag}`,
    }),
  );
  await pasted.goto(`${env.url}pasted.html`);
  await waitForMaps(pasted, 'conv-scope', 2);
  assert.deepEqual(await allMaps(pasted), original);

  // The iframe's page on its own.
  const embedded = await openPage(env, frameSrc.slice(env.url.length));
  await waitForMaps(embedded, 'conv-scope', 2);
  assert.deepEqual(await allMaps(embedded), original);
  // Its Copy link leads to the full page, not to the bare embed.
  await embedded.locator('conv-scope #copy-link').click();
  assert.equal(await embedded.locator('conv-scope #share-text').inputValue(), link);
  assert.deepEqual(
    [...page.problems, ...linked.problems, ...pasted.problems, ...embedded.problems],
    [],
  );
});

test('the tag pasted in a page on another origin with a strict CSP works when dist/ is served with CORS', async () => {
  // dist/ on one origin (as GitHub Pages or a CDN serves it, Access-Control-Allow-Origin: *), the
  // course page on another (localhost vs 127.0.0.1): module scripts load with CORS, and the engine's
  // worker must still start, though a Worker script must be same-origin with the page.
  const host = await serveFolder(DIST, { 'Access-Control-Allow-Origin': '*' });
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'convscope-course-'));
  fs.writeFileSync(
    path.join(folder, 'lesson.html'),
    '<!doctype html><link rel="icon" href="data:,">' +
      `<script type="module" src="${host.url}convscope-element.js"></script>` +
      '<conv-scope image="zero" filters="gaussian" size="3" padding="valid" colormap="gray_r"></conv-scope>',
  );
  // The course site's strict policy, opened to the convscope host: the engine's worker is then a
  // blob: module (worker-src blob:) under this same policy, whose imports are worker-src requests.
  const origin = host.url.slice(0, -1);
  const site = await serveFolder(folder, {
    'Content-Security-Policy':
      `default-src 'self'; script-src 'self' ${origin} 'wasm-unsafe-eval'; ` +
      `connect-src 'self' ${origin}; worker-src 'self' blob: ${origin}; img-src 'self' data:`,
  });
  try {
    const page = await openPage(
      { ...env, url: site.url.replace('127.0.0.1', 'localhost') },
      'lesson.html',
    );
    await page.waitForFunction(
      () => {
        const element = document.querySelector('conv-scope');
        return (
          element?.maps?.length === 1 || /could not start/.test(element?.shadowRoot.textContent)
        );
      },
      null,
      { timeout: 20_000 },
    );
    const status = await page.evaluate(
      () => document.querySelector('conv-scope').shadowRoot.querySelector('.status').textContent,
    );
    assert.doesNotMatch(status, /could not start/);
    const map = await mapPixels(page, 1);
    const golden = await singleInstance(
      '#image=zero&filters=gaussian&size=3&padding=valid&colormap=gray_r',
      1,
    );
    assert.deepEqual(map, golden[0]);
    // Its only requests beyond its own origin went to the convscope host.
    assert.deepEqual(
      page.problems.filter((p) => !p.startsWith(`network request: ${host.url}`)),
      [],
    );
    await page.context().close();
  } finally {
    await site.close();
    await host.close();
    fs.rmSync(folder, { recursive: true });
  }
});
