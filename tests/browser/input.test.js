// Ways in for an image: the bundled samples, the working size (downscaled, never cropped), EXIF
// orientation, drag-and-drop and paste.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  useBrowser,
  control,
  openPage,
  nextRender,
  mapPixels,
  firstRender,
  FIXTURES,
} from './harness.js';

const env = useBrowser();

test('samples: ascent, the colour face at the working size, and the 8x8 zero', async () => {
  const page = await openPage(env, 'index.html#filters=gaussian&size=3');
  await firstRender(page);
  assert.equal((await mapPixels(page, 0)).title, 'input 512 × 512');

  await nextRender(page, () => control(page, 'sample').selectOption('face'));
  const face = await mapPixels(page, 0);
  assert.equal(face.title, 'input 512 × 384'); // 1024 x 768 scaled to a longest side of 512
  assert.match(await control(page, 'image-size').textContent(), /512 × 384 \(from 1024 × 768\)/);
  assert.ok(
    face.data.some((v, i) => i % 4 === 0 && v !== face.data[i + 2]),
    'the input is in colour',
  );

  await nextRender(page, () => control(page, 'work').selectOption('2048'));
  assert.equal((await mapPixels(page, 0)).title, 'input 1024 × 768'); // never enlarged
  await nextRender(page, () => control(page, 'work').selectOption('128'));
  assert.equal((await mapPixels(page, 1)).width, 128);

  await nextRender(page, () => control(page, 'sample').selectOption('zero'));
  const zero = await mapPixels(page, 0);
  assert.deepEqual([zero.width, zero.height], [8, 8]);
  // The notebook's zero times 17: its top row is 0 0 5 13 9 1 0 0.
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5, 6, 7].map((x) => zero.data[x * 4]),
    [0, 0, 85, 221, 153, 17, 0, 0],
  );
  assert.deepEqual(page.problems, []);
});

test('EXIF orientation is applied', async () => {
  const page = await openPage(env, 'index.html#image=&filters=gaussian&size=3');
  await nextRender(page, () =>
    control(page, 'file').setInputFiles(path.join(FIXTURES, 'rotated.jpg')),
  );
  const input = await mapPixels(page, 0);
  assert.deepEqual([input.width, input.height], [8, 16]);
  assert.ok(input.data[(2 * 8 + 4) * 4] > 200, 'top half white');
  assert.ok(input.data[(13 * 8 + 4) * 4] < 50, 'bottom half black');
  assert.deepEqual(page.problems, []);
});

// Sends a synthetic drop or paste event carrying the fixture PNG.
async function sendFile(page, kind) {
  const bytes = [...fs.readFileSync(path.join(FIXTURES, 'pattern.png'))];
  await page.evaluate(
    ([type, data]) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], 'pattern.png', { type: 'image/png' }));
      const element = document.querySelector('conv-scope');
      if (type === 'drop') {
        element.dispatchEvent(
          new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }),
        );
        element.dispatchEvent(
          new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }),
        );
      } else {
        document.body.dispatchEvent(
          new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }),
        );
      }
    },
    [kind, bytes],
  );
}

for (const kind of ['drop', 'paste']) {
  test(`an image by ${kind}`, async () => {
    const page = await openPage(env, 'index.html#image=zero&filters=gaussian&size=3');
    await firstRender(page);
    await nextRender(page, () => sendFile(page, kind));
    assert.equal((await mapPixels(page, 0)).title, 'input 23 × 17');
    assert.match(await control(page, 'image-size').textContent(), /pattern\.png/);
    assert.equal(
      await page.evaluate(() =>
        document.querySelector('conv-scope').classList.contains('dropping'),
      ),
      false,
    );
    // A file of one's own is not in the link: the hash says no sample.
    assert.match(page.url(), /#image=(&|$)/);
    assert.deepEqual(page.problems, []);
  });
}
