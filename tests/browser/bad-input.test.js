// Bad input in the page: each gives a clear message next to the control concerned, and the image,
// filters, settings and maps stay as they were; nothing reaches the console.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  useBrowser,
  control,
  openPage,
  nextRender,
  mapPixels,
  messageText,
  firstRender,
  FIXTURES,
} from './harness.js';
import { encodePng, pngHeaderOnly } from './png.js';

const env = useBrowser();

async function openOnFixture(hash) {
  const page = await openPage(env, `index.html#image=&${hash}`);
  const event = await nextRender(page, () =>
    control(page, 'file').setInputFiles(path.join(FIXTURES, 'pattern.png')),
  );
  assert.equal(event.type, 'render');
  return page;
}

// The maps' pixels and the settings, to show nothing moved.
async function snapshot(page) {
  const count = await page.locator('conv-scope .map-canvas').count();
  const maps = [];
  for (let i = 0; i < count; i++) maps.push(await mapPixels(page, i));
  const settings = await page.evaluate(() => document.querySelector('conv-scope').settings);
  return { maps, settings };
}

async function waitForMessage(page, id, pattern) {
  await page.waitForFunction(
    ([slot, source]) => {
      const element = document.querySelector('conv-scope').shadowRoot.getElementById(slot);
      return !element.hidden && new RegExp(source).test(element.textContent);
    },
    [id, pattern.source],
    { timeout: 10_000 },
  );
  return messageText(page, id);
}

const files = {
  text: {
    name: 'notes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('this is not an image\n'),
  },
  corrupt: {
    name: 'broken.png',
    mimeType: 'image/png',
    buffer: Buffer.concat([
      encodePng(4, 4, 1, new Uint8Array(16)).subarray(0, 33),
      Buffer.from('garbage garbage garbage'),
    ]),
  },
  zero: { name: 'empty.png', mimeType: 'image/png', buffer: pngHeaderOnly(0, 8) },
  huge: { name: 'huge.png', mimeType: 'image/png', buffer: pngHeaderOnly(30000, 30000) },
};

test('bad files: a message next to the file input, the image and maps kept', async () => {
  const page = await openOnFixture('filters=gaussian,vertical&size=5');
  const before = await snapshot(page);
  const expected = {
    text: /"notes\.txt" \(text\/plain\) is not an image this browser can read/,
    corrupt: /"broken\.png" \(image\/png\) is a corrupt PNG file/,
    zero: /"empty\.png" has zero size \(0 x 8\)/,
    huge: /"huge\.png" is 30000 x 30000 \(900\.0 megapixels\): too large .* limit is 16384 px a side/,
  };
  for (const [kind, file] of Object.entries(files)) {
    await control(page, 'file').setInputFiles(file);
    const message = await waitForMessage(page, 'image-message', expected[kind]);
    assert.match(message, /The current image is kept/);
    assert.deepEqual(await snapshot(page), before, `${kind}: the page changed`);
  }
  // The next good file clears the message.
  await nextRender(page, () =>
    control(page, 'file').setInputFiles(path.join(FIXTURES, 'pattern.png')),
  );
  assert.equal(await messageText(page, 'image-message'), '');
  assert.deepEqual(page.problems, []);
});

test('a kernel entry that is not a number: message by the editor, last valid kernel kept', async () => {
  const page = await openOnFixture('filters=[[0,1,0],[1,-4,1],[0,1,0]]');
  await page.locator('conv-scope .kernel-details summary').click();
  const before = await snapshot(page);
  await page.locator('conv-scope .kernel-grid input').nth(4).fill('4x');
  const message = await waitForMessage(page, 'kernel-message', /not a number/);
  assert.match(
    message,
    /"4x" at row 2, column 2 is not a number; the maps keep the last valid kernel/,
  );
  assert.equal(
    await page.locator('conv-scope .kernel-grid input').nth(4).getAttribute('aria-invalid'),
    'true',
  );
  assert.deepEqual(await snapshot(page), before);

  await control(page, 'kernel-paste').fill('1, 2\n3, oops');
  await control(page, 'kernel-paste').press('Tab');
  await page.locator('conv-scope button', { hasText: 'Use pasted matrix' }).click();
  assert.match(
    await waitForMessage(page, 'kernel-message', /Pasted/),
    /"oops" at row 2, column 2 is not a number/,
  );
  assert.deepEqual(await snapshot(page), before);

  // Fixing the cell renders again, with the sum shown.
  await nextRender(page, () => page.locator('conv-scope .kernel-grid input').nth(4).fill('-4'));
  assert.equal(await control(page, 'kernel-sum').textContent(), '0');
  assert.deepEqual(page.problems, []);
});

test('a combination with an empty output: message by the geometry controls, maps kept', async () => {
  const page = await openPage(env, 'index.html#image=zero&filters=gaussian&size=7&padding=valid');
  await firstRender(page);
  const before = await snapshot(page);
  const event = await nextRender(page, () => control(page, 'size').fill('15'));
  assert.equal(event.type, 'render-error');
  const message = await waitForMessage(page, 'geometry-message', /./);
  assert.match(message, /15/);
  assert.match(message, /8/);
  assert.match(message, /The maps show the last valid settings/);
  // The setting the user chose stays in its control; the maps stay as they were.
  assert.equal(await control(page, 'size').inputValue(), '15');
  assert.deepEqual((await snapshot(page)).maps, before.maps);
  assert.ok(await page.locator('conv-scope #grid.stale').count(), 'maps marked stale');

  // Back to a size that fits: the message goes, the maps update.
  await nextRender(page, () => control(page, 'size').fill('3'));
  assert.equal(await messageText(page, 'geometry-message'), '');
  assert.deepEqual(page.problems, []);
});

test('out-of-range numbers: a message by the control, the setting unchanged', async () => {
  const page = await openOnFixture('filters=gaussian&size=5');
  const before = await snapshot(page);
  await control(page, 'stride').fill('0');
  assert.match(
    await waitForMessage(page, 'geometry-message', /stride/),
    /stride: must be between 1 and 64, got 0/,
  );
  await control(page, 'size').fill('');
  assert.match(await waitForMessage(page, 'size-message', /size/), /size: "" is not a number/);
  assert.deepEqual(await snapshot(page), before);
  assert.equal(before.settings.stride, 1);
  assert.deepEqual(page.problems, []);
});

test('an explicit method that cannot run the spec: message by the method control', async () => {
  const page = await openOnFixture('filters=[[1,2],[3,5]]');
  const before = await snapshot(page);
  const event = await nextRender(page, () => control(page, 'method').selectOption('separable'));
  assert.equal(event.type, 'render-error');
  assert.match(await waitForMessage(page, 'method-message', /separable/), /separable/);
  assert.deepEqual((await snapshot(page)).maps, before.maps);
  assert.deepEqual(page.problems, []);
});

test('an engine that cannot start says so in the status, without Emscripten build advice', async () => {
  const page = await openPage(env, 'index.html#image=zero&filters=gaussian&size=3', {
    beforeLoad: (p) =>
      p.route('**/convscope.wasm', (route) =>
        route.fulfill({ contentType: 'application/wasm', body: 'not a wasm module' }),
      ),
  });
  const status = control(page, 'status');
  await page.waitForFunction(() =>
    document
      .querySelector('conv-scope')
      .shadowRoot.getElementById('status')
      .textContent.startsWith('The engine could not start'),
  );
  const text = await status.textContent();
  assert.match(text, /^The engine could not start: .*expected magic word/);
  assert.doesNotMatch(text, /ASSERTIONS|for more info/);
  assert.deepEqual(page.problems, []);
});
