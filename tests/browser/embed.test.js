// <conv-scope> embedded in course pages (dist/examples/): two configured instances on one page
// and one engine, attribute changes from script, style isolation both ways, the iframe and slide
// examples, the copy-embed snippet, and a strict Content-Security-Policy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startBrowser, openPage, nextRender, mapPixels, screenshotPath, FIXTURES } from './harness.js';

const golden = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'golden.json'), 'utf8'));

// The policy a course site could set: no inline script or style, no eval; the module may compile
// WebAssembly ('wasm-unsafe-eval'); its worker, samples and downloads are same-origin or blob:.
export const STRICT_CSP = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "frame-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

let env;
let strict;
before(async () => {
  env = await startBrowser();
  strict = await startBrowser({ headers: { 'Content-Security-Policy': STRICT_CSP } });
});
after(async () => {
  await env?.close();
  await strict?.close();
});

// Function predicates, not strings: a string would be eval'd, which the strict CSP forbids.
async function waitForMaps(page, selector, count) {
  await page.waitForFunction(
    ([s, n]) => document.querySelector(s)?.maps.length === n,
    [selector, count],
    { timeout: 20_000 },
  );
}

// Two instances, each with its own settings, drawing the right maps.
async function checkCoursePage(page) {
  await waitForMaps(page, '#zero-demo', 1);
  await waitForMaps(page, '#edges-demo', 2);
  const zero = await mapPixels(page, 1, '#zero-demo');
  assert.equal(zero.title, 'gaussian 3×3');
  assert.deepEqual([zero.width, zero.height], [6, 6]);
  const levels = zero.data.filter((_, i) => i % 4 === 0);
  const worst = levels.reduce((w, v, i) => Math.max(w, Math.abs(v - golden.zero_gaussian3_valid_gray_r[i])), 0);
  assert.ok(worst <= 1, `zero-demo vs SciPy: ${worst} grey levels`);
  const edges = await mapPixels(page, 1, '#edges-demo');
  assert.deepEqual([edges.width, edges.height], [128, 128]); // ascent at 256, stride 2
  assert.ok(edges.data.some((v, i) => i % 4 === 2 && v > edges.data[i - 2] + 40), 'RdBu shows blue');
}

test('course example: two instances, their own maps, one shared worker', async () => {
  const page = await openPage(env, 'examples/course.html');
  await checkCoursePage(page);
  assert.equal(page.workers().length, 1);
  // controls="minimal": image and filters only; controls="none": no panel.
  const visible = (selector, inner) =>
    page.evaluate(([s, i]) => {
      const element = document.querySelector(s).shadowRoot.querySelector(i);
      return Boolean(element && element.offsetParent !== null);
    }, [selector, inner]);
  assert.equal(await visible('#zero-demo', '.filters-section'), true);
  assert.equal(await visible('#zero-demo', '.conv-section'), false);
  assert.equal(await visible('#edges-demo', '.controls'), false);
  assert.deepEqual(page.problems, []);
});

test('an attribute set from script re-renders only that instance', async () => {
  const page = await openPage(env, 'examples/course.html');
  await checkCoursePage(page);
  await page.evaluate(() => {
    window.__renders = { zero: 0, edges: 0 };
    document.querySelector('#zero-demo').addEventListener('render', () => window.__renders.zero++);
    document.querySelector('#edges-demo').addEventListener('render', () => window.__renders.edges++);
  });
  await nextRender(page, () => page.click('#stride-one'), '#edges-demo');
  assert.equal((await mapPixels(page, 1, '#edges-demo')).width, 256);
  await nextRender(page, () => page.evaluate(() => document.querySelector('#edges-demo').setAttribute('filters', 'sobel_x')), '#edges-demo');
  assert.match((await mapPixels(page, 1, '#edges-demo')).title, /^sobel_x 3×3/);
  await page.waitForTimeout(300);
  assert.deepEqual(await page.evaluate(() => window.__renders), { zero: 0, edges: 2 });
  assert.deepEqual(page.problems, []);
});

test("the page's CSS does not reach the element, nor the element's the page", async () => {
  const page = await openPage(env, 'examples/course.html');
  await checkCoursePage(page);
  const styles = await page.evaluate(() => {
    const root = document.querySelector('#zero-demo').shadowRoot;
    const inner = (selector) => getComputedStyle(root.querySelector(selector));
    const outer = (selector) => getComputedStyle(document.querySelector(selector));
    return {
      innerButton: inner('#download-grid').textTransform,
      innerButtonBg: inner('#download-grid').backgroundColor,
      innerCanvasBorder: inner('.map-canvas').borderTopWidth,
      innerFont: inner('.layout').fontFamily,
      innerLabel: inner('label').fontStyle,
      pageButton: outer('#stride-one').textTransform,
      pageFont: outer('p').fontFamily,
    };
  });
  assert.equal(styles.innerButton, 'none');
  assert.notEqual(styles.innerButtonBg, 'rgb(122, 46, 14)');
  assert.equal(styles.innerCanvasBorder, '0px');
  assert.doesNotMatch(styles.innerFont, /Georgia/);
  assert.equal(styles.innerLabel, 'normal');
  assert.equal(styles.pageButton, 'uppercase');
  assert.match(styles.pageFont, /Georgia/);
  assert.deepEqual(page.problems, []);
});

test('iframe example renders its hash-configured lesson', async () => {
  const page = await openPage(env, 'examples/iframe.html');
  const frame = page.frameLocator('#frame');
  await frame.locator('conv-scope .map-canvas').nth(2).waitFor({ timeout: 20_000 });
  const titles = await frame.locator('conv-scope .map-title').allTextContents();
  assert.deepEqual(titles, ['input 256 × 192', 'sobel_x 3×3', 'sobel_y 3×3']);
  assert.deepEqual(page.problems, []);
});

test('slide example: each slide its own instance, arrow keys move', async () => {
  const page = await openPage(env, 'examples/slides.html');
  await page.keyboard.press('ArrowRight');
  await page.screenshot({ path: screenshotPath('slides-1280x800.png') });
  await waitForMaps(page, '.slide:nth-of-type(2) conv-scope', 2);
  const identity = await mapPixels(page, 1, '.slide:nth-of-type(2) conv-scope');
  assert.deepEqual([identity.width, identity.height], [10, 10]); // 'full': 8 + 3 - 1
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.locator('#position').textContent(), '3 / 3');
  await waitForMaps(page, '.slide:nth-of-type(3) conv-scope', 2);
  assert.deepEqual(page.problems, []);
});

test('copy embed code: the snippet, pasted in another page, shows the same maps', async () => {
  const page = await openPage(env, 'index.html#image=zero&filters=gaussian,[[1,0],[0,-1]]&size=3&stride=2&colormap=magma');
  await waitForMaps(page, 'conv-scope', 2);
  await page.locator('conv-scope #copy-embed').click();
  const snippet = await page.locator('conv-scope #share-text').inputValue();
  assert.match(snippet, /<script type="module" src="http:\/\/127\.0\.0\.1:\d+\/convscope-element\.js"><\/script>/);
  assert.match(snippet, /<conv-scope image="zero" filters="gaussian,\[\[1,0\],\[0,-1\]\]" size="3" stride="2" colormap="magma"><\/conv-scope>/);
  assert.match(snippet, /<iframe src="http:\/\/127\.0\.0\.1:\d+\/embed\.html#image=zero&filters=gaussian,\[\[1,0\],\[0,-1\]\]&size=3&stride=2&colormap=magma"/);
  const original = [await mapPixels(page, 1), await mapPixels(page, 2)];

  // Served by the test as a page of the same site (Playwright answers the request itself).
  const pasted = await env.browser.newPage();
  await pasted.route(`${env.url}pasted.html`, (route) =>
    route.fulfill({ contentType: 'text/html', body: `<!doctype html><link rel="icon" href="data:,">${snippet.split('\n\n')[0]}` }),
  );
  await pasted.goto(`${env.url}pasted.html`);
  await waitForMaps(pasted, 'conv-scope', 2);
  assert.deepEqual([await mapPixels(pasted, 1), await mapPixels(pasted, 2)], original);

  await page.locator('conv-scope #copy-link').click();
  assert.equal(await page.locator('conv-scope #share-text').inputValue(), page.url());
  assert.deepEqual(page.problems, []);
});

test('under a strict Content-Security-Policy the examples and the page still work', async () => {
  const course = await openPage(strict, 'examples/course.html');
  await checkCoursePage(course);
  // The page came with the policy, and the element's styles (a constructed sheet) still apply.
  const policy = await course.evaluate(async () => (await fetch(location.href)).headers.get('content-security-policy'));
  assert.equal(policy, STRICT_CSP);
  const display = await course.evaluate(() => getComputedStyle(document.querySelector('#zero-demo').shadowRoot.querySelector('.layout')).display);
  assert.equal(display, 'grid');
  await course.screenshot({ path: screenshotPath('course-strict-csp.png'), fullPage: true });
  assert.deepEqual(course.problems, []);
  const full = await openPage(strict, 'index.html#image=zero&filters=gaussian&size=3');
  await waitForMaps(full, 'conv-scope', 1);
  assert.deepEqual(full.problems, []);
});
