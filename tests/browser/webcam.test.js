// The webcam with Chromium's fake camera: frames are processed continuously (the maps change over
// time), the FPS readout counts, and Pause stops the updates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, control, openPage, nextRender, mapPixels, firstRender } from './harness.js';

const env = useBrowser({ fakeCamera: true });

test('webcam frames update the maps over time; pause stops them', async () => {
  const page = await openPage(
    env,
    'index.html#image=zero&filters=gaussian,vertical&size=5&work=128',
  );
  await firstRender(page);
  await nextRender(page, () => control(page, 'webcam').click());
  const first = await mapPixels(page, 1);
  assert.match((await mapPixels(page, 0)).title, /^input 128 × 72/); // the fake camera is 16:9
  assert.equal(await control(page, 'sample').inputValue(), '', 'the sample picker says webcam');
  // Chromium's fake camera draws a moving pattern: within a few frames the map differs.
  let changed = false;
  for (let i = 0; i < 30 && !changed; i++) {
    await nextRender(page, async () => {});
    changed = (await mapPixels(page, 1)).data.some((v, j) => v !== first.data[j]);
  }
  assert.ok(changed, 'the map changed as the camera frames moved');
  await page.waitForFunction(() =>
    /[1-9][0-9.]* frames\/s/.test(
      document.querySelector('conv-scope').shadowRoot.getElementById('fps').textContent,
    ),
  );

  await control(page, 'pause').click();
  assert.equal(await control(page, 'pause').getAttribute('aria-pressed'), 'true');
  await page.waitForTimeout(200); // a frame in flight when Pause was pressed may still land
  const paused = await mapPixels(page, 1);
  await page.waitForTimeout(600);
  assert.deepEqual((await mapPixels(page, 1)).data, paused.data, 'no update while paused');
  // A control change while paused re-renders the frozen frame.
  await nextRender(page, () => control(page, 'stride').fill('2'));
  assert.equal((await mapPixels(page, 1)).width, Math.ceil(paused.width / 2));
  await nextRender(page, () => control(page, 'stride').fill('1'));
  assert.deepEqual((await mapPixels(page, 1)).data, paused.data, 'the same frame as before');

  await control(page, 'pause').click();
  await nextRender(page, async () => {});
  await control(page, 'webcam').click();
  assert.equal(await control(page, 'webcam').textContent(), 'Start webcam');
  assert.equal(await control(page, 'sample').inputValue(), 'zero', 'back to the sample');
  assert.deepEqual(page.problems, []);
});
