// <conv-scope> under the Content-Security-Policy a course site may set: no 'unsafe-inline', no
// 'unsafe-eval', only 'wasm-unsafe-eval' for the module. The policies are the server's response
// headers on every file (the page, the worker script, the glue), as a real site would send them.
// docs/embedding.md quotes COURSE_CSP and MINIMUM_CSP; the 'without ...' tests show that the
// minimum's parts are each needed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBrowser, openPage, nextRender, screenshotPath, DIST } from './harness.js';
import { serveFolder } from './server.js';
import { checkCoursePage, waitForMaps } from './course-page.js';

// A strict policy for a whole course site: its own files only, no inline script or style, no eval.
const COURSE_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
  "img-src 'self' blob: data:; worker-src 'self'; connect-src 'self'";

// What the element itself needs, nothing else allowed: its module and worker scripts, compiling
// WebAssembly, and fetching the .wasm and the sample images. Its styles are a constructed
// stylesheet, which style-src does not govern.
const MINIMUM_CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'";

// The element alone on a page: no stylesheet, no favicon (default-src 'none' would refuse both).
const BARE_PAGE =
  '<!doctype html><html lang="en"><head><title>bare</title>' +
  '<script type="module" src="convscope-element.js"></script></head><body>' +
  '<conv-scope image="zero" filters="gaussian,vertical" size="3"></conv-scope></body></html>';

let env; // the browser, and dist/ served with COURSE_CSP
let bareSite; // a folder: BARE_PAGE as bare.html beside links to dist/'s files
const servers = [];
before(async () => {
  env = await startBrowser({ headers: { 'Content-Security-Policy': COURSE_CSP } });
  bareSite = fs.mkdtempSync(path.join(os.tmpdir(), 'convscope-bare-'));
  for (const name of fs.readdirSync(DIST))
    fs.symlinkSync(path.join(DIST, name), path.join(bareSite, name));
  fs.writeFileSync(path.join(bareSite, 'bare.html'), BARE_PAGE);
});
after(async () => {
  for (const server of servers) await server.close();
  await env?.close();
  if (bareSite) fs.rmSync(bareSite, { recursive: true });
});

// The bare page, every file served with `policy`, in the same browser.
async function openBare(policy) {
  const server = await serveFolder(bareSite, { 'Content-Security-Policy': policy });
  servers.push(server);
  return openPage({ browser: env.browser, url: server.url }, 'bare.html');
}

const status = (page) =>
  page.evaluate(
    () => document.querySelector('conv-scope').shadowRoot.querySelector('.status').textContent,
  );

test('course example under a strict site policy: both figures, their styles, no violation', async () => {
  const page = await openPage(env, 'examples/course.html');
  await checkCoursePage(page);
  const found = await page.evaluate(async () => ({
    policy: (await fetch(location.href)).headers.get('content-security-policy'),
    display: getComputedStyle(
      document.querySelector('#zero-demo').shadowRoot.querySelector('.layout'),
    ).display,
    isolated: crossOriginIsolated,
    shared: typeof SharedArrayBuffer,
  }));
  assert.equal(found.policy, COURSE_CSP);
  // The element's constructed stylesheet applies where a <style> element would be refused.
  assert.equal(found.display, 'grid');
  // No cross-origin isolation, so no SharedArrayBuffer: the engine does not need it.
  assert.equal(found.isolated, false);
  assert.equal(found.shared, 'undefined');
  await page.screenshot({ path: screenshotPath('course-strict-csp.png'), fullPage: true });
  assert.deepEqual(page.problems, []);
});

test('the full page under it: controls, custom kernel, enlarged map, downloads', async () => {
  const page = await openPage(env, 'index.html#image=zero&filters=gaussian&size=3');
  await waitForMaps(page, 'conv-scope', 1);
  await nextRender(page, () => page.locator('conv-scope #stride').fill('2'));
  await nextRender(page, () =>
    page.evaluate(() =>
      document.querySelector('conv-scope').setAttribute('filters', 'gaussian,[[1,0],[0,-1]]'),
    ),
  );
  await waitForMaps(page, 'conv-scope', 2);
  await page.locator('conv-scope .map-button').nth(1).click();
  await page.locator('conv-scope dialog[open]').waitFor();
  await page.keyboard.press('Escape');
  for (const kind of ['npy', 'csv', 'png']) {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('conv-scope .map').nth(1).locator(`[data-download="${kind}"]`).click(),
    ]);
    assert.ok((await fs.promises.stat(await download.path())).size > 0, `${kind} download`);
  }
  assert.deepEqual(page.problems, []);
});

test('iframe example under it: embed.html renders in the frame', async () => {
  const page = await openPage(env, 'examples/iframe.html');
  const frame = await (await page.$('#frame')).contentFrame();
  await waitForMaps(frame, 'conv-scope', 2);
  assert.deepEqual(page.problems, []);
});

test('the minimum policy: the element alone needs script-src, wasm-unsafe-eval and connect-src', async () => {
  const page = await openBare(MINIMUM_CSP);
  await waitForMaps(page, 'conv-scope', 2);
  assert.equal(await page.evaluate(() => crossOriginIsolated), false);
  assert.deepEqual(page.problems, []);
});

for (const [missing, policy, refused] of [
  [
    "'wasm-unsafe-eval'",
    "default-src 'none'; script-src 'self'; connect-src 'self'",
    /WebAssembly.*violates/,
  ],
  ['connect-src', "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'", /Failed to fetch/],
]) {
  test(`without ${missing} the engine cannot start, and the element says so`, async () => {
    const page = await openBare(policy);
    await page.waitForFunction(
      () =>
        /could not start/.test(
          document.querySelector('conv-scope')?.shadowRoot.querySelector('.status')?.textContent,
        ),
      null,
      { timeout: 20_000 },
    );
    // The refusal happens in the engine's worker, whose console page.problems does not see; the
    // element shows it. (So in the other tests, maps on show mean the worker was refused nothing.)
    assert.match(await status(page), refused);
    await page.context().close();
  });
}

test("embed.html in an iframe from another origin: the course page's policy needs only frame-src", async () => {
  const origin = env.url.slice(0, -1); // dist/, served with COURSE_CSP
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'convscope-course-'));
  fs.writeFileSync(
    path.join(folder, 'lesson.html'),
    '<!doctype html><link rel="icon" href="data:,">' +
      `<iframe id="frame" src="${origin}/embed.html#image=zero&filters=gaussian&size=3" title="convscope"></iframe>`,
  );
  const site = await serveFolder(folder, {
    'Content-Security-Policy': `default-src 'self'; img-src 'self' data:; frame-src ${origin}`,
  });
  try {
    const page = await openPage(
      { ...env, url: site.url.replace('127.0.0.1', 'localhost') },
      'lesson.html',
    );
    const frame = await (await page.$('#frame')).contentFrame();
    await waitForMaps(frame, 'conv-scope', 1);
    assert.deepEqual(
      page.problems.filter((p) => !p.startsWith(`network request: ${origin}/`)),
      [],
    );
    await page.context().close();
  } finally {
    await site.close();
    fs.rmSync(folder, { recursive: true });
  }
});
