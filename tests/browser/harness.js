// Shared setup of the browser tests: serve dist/ on loopback, open it in Debian's Chromium through
// playwright-core, and collect console errors and any request that leaves the local server.
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { serveFolder } from './server.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '../..');
export const DIST = process.env.CONVSCOPE_DIST ?? path.join(ROOT, 'dist');
export const ARTIFACTS = path.join(ROOT, 'tests/artifacts');
export const FIXTURES = path.join(here, 'fixtures');

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const FAKE_CAMERA = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];

// Starts the server and the browser once per test file. Returns {url, browser, close()}.
export async function startBrowser({ fakeCamera = false, headers = {} } = {}) {
  if (!fs.existsSync(path.join(DIST, 'convscope.js'))) {
    throw new Error(`${DIST}/convscope.js is missing: run bash scripts/build-web.sh first`);
  }
  const server = await serveFolder(DIST, headers);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: fakeCamera ? [...ARGS, ...FAKE_CAMERA] : ARGS,
  });
  return {
    url: server.url,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

// The server and browser of one test file, started before its tests and closed after them:
// `const env = useBrowser();` at the top level, then `openPage(env, ...)` inside the tests.
export function useBrowser(options) {
  const env = {};
  before(async () => {
    Object.assign(env, await startBrowser(options));
  });
  after(async () => {
    await env.close?.();
  });
  return env;
}

// A control inside the element's shadow root, by id (Playwright's CSS pierces shadow roots).
export const control = (page, id, selector = 'conv-scope') => page.locator(`${selector} #${id}`);

// A new page at `url` + `path`; page.problems collects console errors, page errors and requests
// to anything but the local server (data: and blob: URLs are the page's own). Playwright 1.65
// dispatches a worker's console messages, uncaught errors and requests on its page too (frames
// on other origins included), so the engine's worker is covered without a listener of its own,
// which would report each of them twice (harness.test.js holds it to that).
export async function openPage(
  env,
  pagePath = '',
  { viewport = { width: 1280, height: 800 }, beforeLoad = async () => {} } = {},
) {
  const context = await env.browser.newContext({ viewport });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') page.problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => page.problems.push(`page error: ${error.message}`));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(env.url) && !/^(data|blob):/.test(url))
      page.problems.push(`network request: ${url}`);
  });
  await beforeLoad(page); // e.g. page.route(...) for a request the test answers itself
  await page.goto(env.url + pagePath);
  return page;
}

// Runs `action` and resolves with the next 'render' or 'render-error' event of the element
// (the first by default): {type, detail}.
export async function nextRender(page, action, selector = 'conv-scope') {
  await page.evaluate((sel) => {
    const element = document.querySelector(sel);
    window.__nextRender = new Promise((resolve) => {
      const done = (event) => {
        element.removeEventListener('render', done);
        element.removeEventListener('render-error', done);
        resolve({ type: event.type, detail: event.detail });
      };
      element.addEventListener('render', done);
      element.addEventListener('render-error', done);
    });
  }, selector);
  await action();
  return page.evaluate(() => window.__nextRender);
}

// Waits until the element has shown maps at least once.
export async function firstRender(page, selector = 'conv-scope') {
  await page.waitForFunction(
    (sel) => document.querySelector(sel)?.shadowRoot?.querySelectorAll('.map-canvas').length > 1,
    selector,
    { timeout: 20_000 },
  );
}

// The pixels of feature map `index` (0 is the input) as {width, height, title, data: number[]}.
export function mapPixels(page, index, selector = 'conv-scope') {
  return page.evaluate(
    ([sel, i]) => {
      const root = document.querySelector(sel).shadowRoot;
      const canvas = root.querySelectorAll('.map-canvas')[i];
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      const title = root.querySelectorAll('.map-title')[i].textContent;
      return { width: canvas.width, height: canvas.height, title, data: Array.from(data) };
    },
    [selector, index],
  );
}

// The text of a message slot (hidden slots give '').
export function messageText(page, id, selector = 'conv-scope') {
  return page.evaluate(
    ([sel, slot]) => {
      const element = document.querySelector(sel).shadowRoot.getElementById(slot);
      return element.hidden ? '' : element.textContent;
    },
    [selector, id],
  );
}

export function screenshotPath(name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}
