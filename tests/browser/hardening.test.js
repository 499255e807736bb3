// Issue 17's page findings, each with its reproducer: a link cannot reach off the machine, a
// superseded heavy call stops and the page says before it starts one, a killed worker heals with
// the uploaded image kept, a JPEG whose size sits past 64 KiB is refused before decoding, and the
// messages stay where they belong until the value is corrected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { useBrowser, control, openPage, nextRender, firstRender, messageText, FIXTURES } from './harness.js';

const env = useBrowser();

async function waitForText(page, id, pattern, timeout = 10_000) {
  await page.waitForFunction(
    ([slot, source]) => {
      const element = document.querySelector('conv-scope').shadowRoot.getElementById(slot);
      return !element.hidden && new RegExp(source).test(element.textContent);
    },
    [id, pattern.source],
    { timeout },
  );
  return messageText(page, id);
}

const settingsOf = (page) => page.evaluate(() => document.querySelector('conv-scope').settings);

test('an image named in the hash loads only from the page origin; others are refused, never fetched', async () => {
  for (const image of ['https://example.com/tracker.png', '//evil.example/x.png', 'http://192.168.1.1/router.png']) {
    const page = await openPage(env, `index.html#filters=gaussian&size=3&image=${encodeURIComponent(image)}`);
    const message = await waitForText(page, 'image-message', /is not loaded/);
    assert.match(message, /a link may name only images of this page's origin/);
    await firstRender(page); // the page's own image (the attribute's) instead
    assert.equal((await settingsOf(page)).image, 'ascent');
    assert.deepEqual(page.problems, [], image); // no request left the local server
    await page.context().close();
  }
});

test('a heavy link: the page says it will take long, and a new setting stops it at once', { timeout: 60_000 }, async () => {
  const heavy =
    'index.html#image=ascent&filters=vertical,horizontal,flattop,gaussian,identity,box_blur&size=63&' +
    'dilation=16&padding=full&method=direct&work=1024&channels=rgb';
  const page = await openPage(env, heavy);
  await waitForText(page, 'status', /^Computing: the direct method needs about \d+ (s|min) for these settings/, 20_000);
  const t0 = Date.now();
  const event = await nextRender(page, () =>
    page.evaluate(() => {
      location.hash = '#image=ascent&filters=gaussian&size=3&work=256';
    }),
  );
  assert.equal(event.type, 'render');
  // The heavy frame alone runs for minutes here; the light one is drawn within seconds.
  assert.ok(Date.now() - t0 < 15_000, `the new frame came after ${Date.now() - t0} ms`);
  assert.equal((await settingsOf(page)).method, 'auto');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a worker that dies is replaced: the next frame is drawn, the uploaded image kept', async () => {
  const page = await openPage(env, 'index.html#image=&filters=gaussian&size=5', {
    beforeLoad: (p) =>
      p.addInitScript(() => {
        window.__workers = [];
        const Native = window.Worker;
        window.Worker = class extends Native {
          constructor(...args) {
            super(...args);
            window.__workers.push(this);
          }
        };
      }),
  });
  await page.waitForFunction(() => window.__workers.length > 0);
  await nextRender(page, () => control(page, 'file').setInputFiles(path.join(FIXTURES, 'pattern.png')));
  // A crash as the page sees it: the worker gone, its error event fired.
  await page.evaluate(() => {
    const worker = window.__workers[window.__workers.length - 1];
    worker.terminate();
    worker.dispatchEvent(new ErrorEvent('error', { message: 'killed by the test' }));
  });
  const event = await nextRender(page, () => control(page, 'size').fill('7'));
  assert.equal(event.type, 'render');
  assert.ok((await page.evaluate(() => window.__workers.length)) >= 2, 'a fresh worker');
  const size = await page.locator('conv-scope #image-size').textContent();
  assert.match(size, /pattern\.png/);
  assert.equal((await settingsOf(page)).size, 7);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

// A baseline JPEG header whose frame (20000 x 20000) comes after two 64 KB comment segments.
function jpegWithFarFrame() {
  const comment = Buffer.alloc(65535 + 2, 0x20);
  comment.writeUInt16BE(0xfffe, 0);
  comment.writeUInt16BE(65535, 2);
  const frame = Buffer.from([0xff, 0xc0, 0, 17, 8, 0x4e, 0x20, 0x4e, 0x20, 3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), comment, comment, frame, Buffer.from([0xff, 0xd9])]);
}

test('a JPEG whose size marker sits past the first 64 KiB is refused before decoding', async () => {
  const page = await openPage(env, 'index.html#image=zero&filters=gaussian&size=3');
  await firstRender(page);
  await control(page, 'file').setInputFiles({ name: 'far.jpg', mimeType: 'image/jpeg', buffer: jpegWithFarFrame() });
  const message = await waitForText(page, 'image-message', /far\.jpg/);
  assert.match(message, /^"far\.jpg" is 20000 x 20000 \(400\.0 megapixels\): too large to decode here; .* Scale it down first\. The current image is kept\.$/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a bad value in the hash keeps its message through later renders until corrected', async () => {
  const page = await openPage(env, 'index.html#image=zero&filters=gaussian&size=3&stride=0&border=nearest');
  await firstRender(page);
  const stride = /stride: must be between 1 and 64, got 0/;
  const border = /border: .*nearest/;
  assert.match(await waitForText(page, 'geometry-message', /stride/), stride);
  assert.match(await waitForText(page, 'border-message', /nearest/), border);
  await nextRender(page, () => control(page, 'colormap').selectOption('viridis'));
  assert.match(await messageText(page, 'geometry-message'), stride);
  assert.match(await messageText(page, 'border-message'), border);
  await nextRender(page, () => control(page, 'stride').fill('2'));
  assert.doesNotMatch(await messageText(page, 'geometry-message'), stride);
  await page.context().close();
});

test('a chip whose name holds CSS syntax can be removed; [[1e308]] is named, not "+inf"', async () => {
  const page = await openPage(env, 'index.html#image=zero&filters=gaussian,a(b&size=3');
  assert.match(await waitForText(page, 'filters-message', /a\(b/), /unknown filter "a\(b"/);
  const event = await nextRender(page, () => page.getByRole('button', { name: 'Remove a(b' }).click());
  assert.equal(event.type, 'render');
  assert.deepEqual((await settingsOf(page)).filters, ['gaussian']);
  assert.equal(await messageText(page, 'filters-message'), '');

  await page.evaluate(() => {
    location.hash = '#image=zero&filters=[[1e308]]';
  });
  const message = await waitForText(page, 'filters-message', /1e308/);
  assert.match(message, /1e308 at row 1, column 1 is beyond float32's range/);
  assert.equal(await messageText(page, 'geometry-message'), '');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
