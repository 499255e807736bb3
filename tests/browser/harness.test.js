// The harness itself: what happens in the engine's worker counts as a problem of the page, as
// the page's own console errors, uncaught errors and off-machine requests do, and once each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPage, firstRender } from './harness.js';

const env = useBrowser();

test("the worker's console errors, uncaught errors and requests elsewhere are problems", async () => {
  const page = await openPage(env, 'index.html#image=zero&filters=gaussian&size=3');
  await firstRender(page);
  assert.deepEqual(page.problems, []);
  const [worker] = page.workers();
  assert.match(worker.url(), /convscope-worker\.js$/);
  await worker.evaluate(() => console.error('worker console error'));
  await worker.evaluate(() => console.warn('a warning is not a problem'));
  await worker.evaluate(() => fetch('http://127.0.0.2:9/elsewhere').catch(() => {}));
  // Last: the engine replaces a worker that throws an uncaught error.
  await worker.evaluate(() =>
    setTimeout(() => {
      throw new Error('worker uncaught error');
    }),
  );
  const expected = [
    'console error: worker console error',
    'page error: worker uncaught error',
    'network request: http://127.0.0.2:9/elsewhere',
  ];
  // The events arrive asynchronously: wait for them, then a little longer for any duplicate.
  for (let i = 0; i < 100 && page.problems.length < expected.length; i++) {
    await page.waitForTimeout(20);
  }
  await page.waitForTimeout(100);
  assert.deepEqual([...page.problems].sort(), [...expected].sort());
  // A fresh worker took the failed one's place.
  await page.waitForFunction(() => true);
  assert.ok(page.workers().some((w) => w !== worker && /convscope-worker\.js$/.test(w.url())));
});
