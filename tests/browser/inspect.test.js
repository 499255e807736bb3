// The inspector and the stepper in Chromium: the numbers the page shows for an output pixel (its
// window, products and sum), pointed at with the mouse or moved to with the keys, equal a
// computation made here from the image's pixels and the kernel (not the engine's explain); the
// stepper advances in raster order and the map it fills in is the engine's map; no console
// errors; axe-core finds no violations with either view open; screenshots at 1280 x 800 and
// 390 x 844 in tests/artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, ROOT, openPage, useBrowser } from './harness.js';

const env = useBrowser();

// A kernel whose flip shows: op=convolution turns it 180 degrees.
const KERNEL = [
  [1, 2, 0],
  [0, -1, 3],
  [2, 0, 1],
];
const STRIDE = 2;
const HASH =
  `image=zero&filters=[[1,2,0],[0,-1,3],[2,0,1]]&stride=${STRIDE}` +
  '&border=reflect&op=convolution';

// The 8 x 8 digit's luminance, (0.299 R + 0.587 G + 0.114 B) / 255, from the sample PNG drawn on a
// canvas of the test's own.
async function digitLuminance(page) {
  const rgba = await page.evaluate(async () => {
    const image = new Image();
    image.src = 'assets/zero.png';
    await image.decode();
    const canvas = new OffscreenCanvas(image.width, image.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(image, 0, 0);
    return Array.from(ctx.getImageData(0, 0, image.width, image.height).data);
  });
  const n = rgba.length / 4;
  const side = Math.sqrt(n);
  const lum = [];
  for (let y = 0; y < side; y++) {
    lum.push([]);
    for (let x = 0; x < side; x++) {
      const i = (y * side + x) * 4;
      lum[y].push((0.299 * rgba[i] + 0.587 * rgba[i + 1] + 0.114 * rgba[i + 2]) / 255);
    }
  }
  return lum;
}

// Output pixel (y, x) of a 'same', reflect-bordered convolution with stride 2, computed here:
// reflect ('symmetric') padding of 1, the kernel turned 180 degrees, the window at y*2, x*2.
function expected(lum, y, x) {
  const n = lum.length;
  const reflect = (i) => (i < 0 ? -i - 1 : i >= n ? 2 * n - 1 - i : i);
  const window = [];
  const products = [];
  let sum = 0;
  for (let k = 0; k < 3; k++) {
    for (let l = 0; l < 3; l++) {
      const value = lum[reflect(y * STRIDE + k - 1)][reflect(x * STRIDE + l - 1)];
      const weight = KERNEL[2 - k][2 - l];
      window.push(value);
      products.push(value * weight);
      sum += value * weight;
    }
  }
  return { window, products, sum };
}

const panel = (page) => page.locator('conv-scope .explain-panel');

// The numbers of a table of the panel (by its caption), as numbers.
async function tableNumbers(page, caption) {
  const table = panel(page).locator('table.taps', { hasText: caption });
  return (await table.locator('td').allTextContents()).map(Number);
}

function assertClose(actual, wanted, what) {
  assert.equal(actual.length, wanted.length, what);
  actual.forEach((v, i) =>
    assert.ok(Math.abs(v - wanted[i]) <= 1e-3 * (1 + Math.abs(wanted[i])), `${what}[${i}]: ${v} vs ${wanted[i]}`),
  );
}

async function assertPixel(page, lum, y, x) {
  await page.waitForFunction(
    ([y, x]) =>
      document
        .querySelector('conv-scope')
        .shadowRoot.querySelector('.explain-panel')
        ?.textContent.includes(`the map’s value at (${y}, ${x})`),
    [y, x],
  );
  const want = expected(lum, y, x);
  assertClose(await tableNumbers(page, 'Window A'), want.window, `window at (${y}, ${x})`);
  assertClose(await tableNumbers(page, 'Products'), want.products, `products at (${y}, ${x})`);
  assertClose(await tableNumbers(page, 'Kernel K as written'), KERNEL.flat(), 'kernel');
  assertClose(await tableNumbers(page, 'turned 180°'), KERNEL.flat().reverse(), 'flipped kernel');
  const sum = Number(await panel(page).locator('output.sum').textContent());
  const mapValue = Number(await panel(page).locator('output.map-value').textContent());
  assertClose([sum, mapValue], [want.sum, want.sum], `sum and map value at (${y}, ${x})`);
}

async function screenshot(page, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.locator('conv-scope .teaching-view').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(ARTIFACTS, name) });
}

async function axeViolations(page) {
  await page.addScriptTag({ path: path.join(ROOT, 'node_modules/axe-core/axe.min.js') });
  const result = await page.evaluate(() => globalThis.axe.run(document));
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('the inspector shows the numbers of the pixel pointed at and moved to', async () => {
  const page = await openPage(env, `index.html#${HASH}&view=inspect&at=1,2`);
  const lum = await digitLuminance(page);
  await assertPixel(page, lum, 1, 2);

  // Hover: the centre of map pixel (3, 0) (a 4 x 4 map).
  const canvas = page.locator('conv-scope .inspect canvas.map-cursor');
  const box = await canvas.boundingBox();
  await page.mouse.move(box.x + box.width * (0.5 / 4), box.y + box.height * (3.5 / 4));
  await assertPixel(page, lum, 3, 0);

  // Keys: right, up, End, Home, PageUp (a tenth of 4 rows: one).
  await canvas.focus();
  await page.keyboard.press('ArrowRight');
  await assertPixel(page, lum, 3, 1);
  await page.keyboard.press('ArrowUp');
  await assertPixel(page, lum, 2, 1);
  await page.keyboard.press('End');
  await assertPixel(page, lum, 2, 3);
  await page.keyboard.press('PageUp');
  await assertPixel(page, lum, 1, 3);
  await page.keyboard.press('Home');
  await assertPixel(page, lum, 1, 0);
  assert.match(await panel(page).locator('pre.equation').textContent(), /Z\[1, 0\] = .*A\[1·2 \+ k − 1, 0·2 \+ l − 1\]/);
  assert.match(await panel(page).locator('pre.equation').textContent(), /K turned 180°/);

  // The reverse: point at input pixel (3, 4); the outputs that read it, computed here: y * 2 +
  // k - 1 = 3 and x * 2 + l - 1 = 4 for some tap (k, l), weight the flipped kernel's there.
  await page.locator('conv-scope .teaching-view').scrollIntoViewIfNeeded();
  const input = page.locator('conv-scope .inspect canvas.cells').first();
  const inputBox = await input.boundingBox();
  const cells = 10; // 8 x 8 and its padding ring
  await page.mouse.move(inputBox.x + inputBox.width * ((4 + 1.5) / cells), inputBox.y + inputBox.height * ((3 + 1.5) / cells));
  const readers = [];
  for (let y = 0; y < 4; y++) {
    for (let x = 0; x < 4; x++) {
      for (let k = 0; k < 3; k++) {
        for (let l = 0; l < 3; l++) {
          if (y * STRIDE + k - 1 === 3 && x * STRIDE + l - 1 === 4) readers.push(`(${y}, ${x}) × ${KERNEL[2 - k][2 - l]}`);
        }
      }
    }
  }
  await page.waitForFunction(() =>
    document.querySelector('conv-scope').shadowRoot.querySelector('.reverse')?.textContent.startsWith('Input (3, 4)'),
  );
  assert.equal(
    await page.locator('conv-scope .reverse').textContent(),
    `Input (3, 4) is read by ${readers.length} output pixels: ${readers.join(', ')}.`,
  );
  await page.screenshot({ path: path.join(ARTIFACTS, 'inspect-reverse-1280x800.png') });
  await page.mouse.move(0, 0);
  await page.waitForFunction(() =>
    document.querySelector('conv-scope').shadowRoot.querySelector('.reverse')?.textContent.startsWith('Point at'),
  );

  await screenshot(page, 'inspect-1280x800.png');
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the stepper advances in raster order and fills in the engine map', async () => {
  const page = await openPage(env, `index.html#${HASH}&view=step`, {
    viewport: { width: 390, height: 844 },
    beforeLoad: (p) => p.emulateMedia({ reducedMotion: 'reduce' }),
  });
  const lum = await digitLuminance(page);
  // Reduced motion: paused at the first pixel.
  await assertPixel(page, lum, 0, 0);
  const play = page.locator('conv-scope .step [data-step="play"]');
  assert.equal(await play.textContent(), 'Play');
  const map = await page.evaluate(() => Array.from(document.querySelector('conv-scope').maps[0].data));
  assert.equal(map.length, 16);

  // The partial map: the cells made so far drawn in the map's colours, the rest blank.
  const filledCells = () =>
    page.evaluate(() => {
      const canvas = document.querySelector('conv-scope').shadowRoot.querySelector('.step canvas[aria-label="the map so far"]');
      const ctx = canvas.getContext('2d');
      const size = canvas.width / 4;
      const blank = [];
      for (let i = 0; i < 16; i++) {
        const x = (i % 4) * size + 3;
        const y = Math.floor(i / 4) * size + size - 3; // below the cell's number
        const [r, g, b] = ctx.getImageData(x, y, 1, 1).data;
        blank.push(r === 231 && g === 234 && b === 238);
      }
      return { filled: Number(canvas.dataset.filled), blank };
    });

  for (let step = 1; step < 6; step++) {
    await page.locator('conv-scope .step [data-step="forward"]').click();
    const y = Math.floor(step / 4);
    const x = step % 4;
    await assertPixel(page, lum, y, x);
    const mapValue = Number(await panel(page).locator('output.map-value').textContent());
    assert.ok(Math.abs(mapValue - map[step]) <= 1e-3 * (1 + Math.abs(map[step])));
    const { filled, blank } = await filledCells();
    assert.equal(filled, step + 1);
    assert.deepEqual(blank, Array.from({ length: 16 }, (_, i) => i > step));
  }
  await page.locator('conv-scope .step [data-step="back"]').click();
  await assertPixel(page, lum, 1, 0);

  // Space plays and pauses while the stage has focus; the arrow keys step.
  const stage = page.locator('conv-scope .step-stage');
  await stage.focus();
  await page.keyboard.press('ArrowRight');
  await assertPixel(page, lum, 1, 1);
  await page.keyboard.press(' ');
  assert.equal(await play.textContent(), 'Pause');
  await page.waitForFunction(() =>
    document.querySelector('conv-scope').shadowRoot.querySelector('.explain-panel')?.textContent.includes('at (1, 2)'),
  );
  await page.keyboard.press(' ');
  assert.equal(await play.textContent(), 'Play');

  await screenshot(page, 'step-390x844.png');
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('screenshots of each view at the other size; a bad at keeps the previous one', async () => {
  const wide = await openPage(env, `index.html#${HASH}&view=step&at=2,1`, {
    beforeLoad: (p) => p.emulateMedia({ reducedMotion: 'reduce' }),
  });
  const lum = await digitLuminance(wide);
  await assertPixel(wide, lum, 2, 1);
  await screenshot(wide, 'step-1280x800.png');
  await wide.evaluate(() => document.querySelector('conv-scope').setAttribute('at', '3'));
  assert.match(await wide.locator('conv-scope').evaluate((e) => e.shadowRoot.textContent), /at: "3" is not y,x/);
  assert.deepEqual((await wide.evaluate(() => document.querySelector('conv-scope').settings.at)), { y: 2, x: 1 });
  assert.deepEqual(wide.problems, []);
  await wide.context().close();

  const narrow = await openPage(env, 'index.html#image=ascent&filters=gaussian&size=31&dilation=2&view=inspect&at=10,200', {
    viewport: { width: 390, height: 844 },
  });
  await narrow.waitForSelector('conv-scope .explain-panel canvas.heat');
  await screenshot(narrow, 'inspect-390x844.png');
  assert.deepEqual(narrow.problems, []);
  await narrow.context().close();
});

test('the sliding-window example: the stepper on the digit, stride 2, same padding', async () => {
  const page = await openPage(env, 'examples/sliding-window.html', {
    beforeLoad: (p) => p.emulateMedia({ reducedMotion: 'reduce' }),
  });
  await page.waitForSelector('conv-scope .step .explain-panel output.sum');
  assert.match(await page.locator('conv-scope .step-position').textContent(), /pixel 1 of 16: \(0, 0\)/);
  await page.locator('conv-scope .step [data-step="forward"]').click();
  await page.waitForFunction(() =>
    document.querySelector('conv-scope').shadowRoot.querySelector('.step-position')?.textContent.includes('pixel 2 of 16: (0, 1)'),
  );
  assert.match(await panel(page).locator('pre.equation').textContent(), /A\[0·2 \+ k − 1, 1·2 \+ l − 1\]/);
  await screenshot(page, 'example-sliding-window-1280x800.png');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
