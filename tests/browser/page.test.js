// The demo page in Chromium: a fixture uploaded through the file input, two filters checked, the
// feature-map pixels equal to SciPy's (through render.hpp's documented rule) within 1 grey level;
// then each control changes the output as it should.
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
  messageText,
  firstRender,
  FIXTURES,
} from './harness.js';
import { encodePng } from './png.js';

const golden = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'golden.json'), 'utf8'));
const fixture = path.join(FIXTURES, golden.fixture);

const env = useBrowser();

// Grey level of every pixel (R channel), after checking the map is grey (R = G = B, A = 255).
function greyLevels({ data }) {
  const out = [];
  for (let i = 0; i < data.length; i += 4) {
    assert.ok(
      data[i] === data[i + 1] && data[i] === data[i + 2] && data[i + 3] === 255,
      `pixel ${i / 4} is not grey`,
    );
    out.push(data[i]);
  }
  return out;
}

function maxDifference(a, b) {
  assert.equal(a.length, b.length);
  return a.reduce((worst, v, i) => Math.max(worst, Math.abs(v - b[i])), 0);
}

// Opens the page on the fixture with `hash` settings and waits for the first maps.
async function openOnFixture(hash) {
  const page = await openPage(env, `index.html#image=&${hash}`);
  const event = await nextRender(page, () => control(page, 'file').setInputFiles(fixture));
  assert.equal(event.type, 'render');
  return page;
}

test('uploaded fixture, two filters checked: maps equal SciPy within 1 grey level', async () => {
  const page = await openPage(
    env,
    `index.html#image=&filters=&size=${golden.size}&sigma=${golden.sigma}`,
  );
  await control(page, 'file').setInputFiles(fixture);
  await page.waitForFunction(() =>
    document
      .querySelector('conv-scope')
      .shadowRoot.getElementById('filters-message')
      .textContent.includes('Check at least one'),
  );
  await nextRender(page, () => control(page, 'f-vertical').check());
  await nextRender(page, () => control(page, 'f-gaussian').check());

  const vertical = await mapPixels(page, 1);
  const gaussian = await mapPixels(page, 2);
  assert.match(vertical.title, /^vertical 5×5/);
  assert.match(gaussian.title, /^gaussian 5×5/);
  assert.equal(vertical.width, golden.width);
  assert.equal(vertical.height, golden.height);
  assert.ok(maxDifference(greyLevels(vertical), golden.gray_clip.vertical) <= 1, 'vertical, clip');
  assert.ok(maxDifference(greyLevels(gaussian), golden.gray_clip.gaussian) <= 1, 'gaussian, clip');

  await nextRender(page, () => control(page, 'negative').selectOption('diverging'));
  const divergingVertical = greyLevels(await mapPixels(page, 1));
  assert.ok(
    maxDifference(divergingVertical, golden.gray_diverging.vertical) <= 1,
    'vertical, diverging',
  );
  assert.ok(
    maxDifference(greyLevels(await mapPixels(page, 2)), golden.gray_diverging.gaussian) <= 1,
    'gaussian, diverging',
  );
  assert.deepEqual(page.problems, []);
});

test('stride shrinks the map, and the formula shows the numbers', async () => {
  const page = await openOnFixture('filters=gaussian&size=5');
  await nextRender(page, () => control(page, 'stride').fill('2'));
  const map = await mapPixels(page, 1);
  // 'same' with stride 2: floor((23 + 2 + 2 - 5) / 2) + 1 = 12 columns,
  // floor((17 + 4 - 5) / 2) + 1 = 9 rows.
  assert.deepEqual([map.width, map.height], [12, 9]);
  const summary = await control(page, 'summary').textContent();
  assert.match(summary, /out_w = \(W − K \+ 2P\) \/\/ S \+ 1 = \(23 − 5 \+ 2·2\) \/\/ 2 \+ 1 = 12/);
  assert.match(summary, /out_h = .* = \(17 − 5 \+ 2·2\) \/\/ 2 \+ 1 = 9/);

  await nextRender(page, () => control(page, 'padding').selectOption('valid'));
  const valid = await mapPixels(page, 1);
  // floor((23 - 5) / 2) + 1, floor((17 - 5) / 2) + 1
  assert.deepEqual([valid.width, valid.height], [10, 7]);
  assert.doesNotMatch(await control(page, 'summary').textContent(), /not reached/);
  // Stride 4: (23 - 5) / 4 leaves 2 columns no window reaches; (17 - 5) / 4 is exact.
  await nextRender(page, () => control(page, 'stride').fill('4'));
  assert.deepEqual([(await mapPixels(page, 1)).width, (await mapPixels(page, 1)).height], [5, 4]);
  const uneven = await control(page, 'summary').textContent();
  assert.match(
    uneven,
    /out_w = .* = 5 +\(2 right columns not reached: the division is not exact, tinted red in the input\)/,
  );
  assert.doesNotMatch(uneven, /bottom rows not reached/);
  // The input shows the 2 skipped columns tinted red; the rest stays grey.
  const input = await mapPixels(page, 0);
  const tinted = (x, y) => {
    const i = (y * input.width + x) * 4;
    return input.data[i] > input.data[i + 1];
  };
  assert.ok(
    [21, 22].every((x) => tinted(x, 5)),
    'columns 21 and 22 tinted',
  );
  assert.ok(
    [0, 10, 20].every((x) => !tinted(x, 5)),
    'columns 0 to 20 not tinted',
  );
  // Stride 11: (17 - 5) / 11 leaves one row, in the singular.
  await nextRender(page, () => control(page, 'stride').fill('11'));
  assert.match(await control(page, 'summary').textContent(), /\(1 bottom row not reached/);
  assert.deepEqual(page.problems, []);
});

test('dilation widens the kernel reach: K_eff in the formula, a smaller valid map', async () => {
  const page = await openOnFixture('filters=gaussian&size=5&padding=valid');
  await nextRender(page, () => control(page, 'dilation').fill('2'));
  const map = await mapPixels(page, 1);
  assert.deepEqual([map.width, map.height], [23 - 9 + 1, 17 - 9 + 1]);
  assert.match(await control(page, 'summary').textContent(), /K_eff = 2·\(5 − 1\) \+ 1 = 9/);
  assert.deepEqual(page.problems, []);
});

test('border mode changes the edges and only the edges', async () => {
  const page = await openOnFixture('filters=gaussian&size=5');
  const values = () =>
    page.evaluate(() => {
      const [map] = document.querySelector('conv-scope').maps;
      return { width: map.width, height: map.height, data: Array.from(map.data) };
    });
  const zero = await values();
  await nextRender(page, () => control(page, 'border').selectOption('reflect'));
  const reflect = await values();
  const { width, height } = zero;
  let edgeChanged = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      // A 5 x 5 kernel with 'same' padding reaches 2 pixels past the image from the outer 2 rings.
      if (y < 2 || x < 2 || y >= height - 2 || x >= width - 2)
        edgeChanged += zero.data[i] !== reflect.data[i];
      else
        assert.ok(
          Math.abs(zero.data[i] - reflect.data[i]) <= 1e-4 * Math.abs(zero.data[i]),
          `interior (${y}, ${x})`,
        );
    }
  }
  const ring = width * height - (width - 4) * (height - 4);
  assert.ok(edgeChanged > ring / 2, `edge values changed: ${edgeChanged} of ${ring}`);
  assert.deepEqual(page.problems, []);
});

test('convolution turns the kernel: an impulse shows the kernel, correlation shows it flipped', async () => {
  const page = await openPage(env, 'index.html#image=&filters=[[1,2,3],[4,5,6],[7,8,9]]');
  const impulse = new Uint8Array(9 * 9);
  impulse[4 * 9 + 4] = 255;
  const file = { name: 'impulse.png', mimeType: 'image/png', buffer: encodePng(9, 9, 1, impulse) };
  await nextRender(page, () => control(page, 'file').setInputFiles(file));
  const patch = async () => {
    const map = await mapPixels(page, 1);
    const levels = [];
    for (let y = 3; y <= 5; y++)
      for (let x = 3; x <= 5; x++) levels.push(map.data[(y * 9 + x) * 4]);
    return levels;
  };
  const correlation = await patch();
  await nextRender(page, () => control(page, 'op').selectOption('convolution'));
  const convolution = await patch();
  // Correlation: out(c - k, c - l) = w(k, l), so the 9 lands top-left; convolution puts it
  // bottom-right, as the kernel is written.
  assert.equal(correlation.indexOf(Math.max(...correlation)), 0);
  assert.equal(convolution.indexOf(Math.max(...convolution)), 8);
  assert.deepEqual(convolution, [...correlation].reverse());
  assert.deepEqual(page.problems, []);
});

test('the method shown is the method requested', async () => {
  const page = await openOnFixture('filters=gaussian&size=5');
  for (const method of ['direct', 'im2col', 'fft', 'separable']) {
    await nextRender(page, () => control(page, 'method').selectOption(method));
    const detail = await page.locator('conv-scope .map-detail').nth(1).textContent();
    assert.match(detail, new RegExp(`· ${method} ·`), `map detail for ${method}: ${detail}`);
    assert.match(
      await control(page, 'summary').textContent(),
      new RegExp(`method: ${method} \\(requested ${method}\\)`),
    );
  }
  await nextRender(page, () => control(page, 'method').selectOption('auto'));
  assert.match(
    await control(page, 'summary').textContent(),
    /method: (direct|im2col|fft|separable) \(requested auto\)/,
  );
  assert.equal(await messageText(page, 'method-message'), '');
  assert.deepEqual(page.problems, []);
});

test('size, colormap and channels change the maps', async () => {
  const page = await openOnFixture('filters=gaussian,vertical&size=5');
  await nextRender(page, () => control(page, 'size').fill('3'));
  assert.match((await mapPixels(page, 1)).title, /^gaussian 3×3/);

  await nextRender(page, () => control(page, 'colormap').selectOption('viridis'));
  const viridis = await mapPixels(page, 2);
  assert.ok(
    viridis.data.some((v, i) => i % 4 === 0 && v !== viridis.data[i + 1]),
    'viridis is not grey',
  );

  await nextRender(page, () => control(page, 'channels').selectOption('rgb'));
  const titles = await page.locator('conv-scope .map-title').allTextContents();
  assert.deepEqual(titles.slice(1), [
    'gaussian 3×3 · R',
    'gaussian 3×3 · G',
    'gaussian 3×3 · B',
    'vertical 3×3 · R',
    'vertical 3×3 · G',
    'vertical 3×3 · B',
  ]);
  assert.deepEqual(page.problems, []);
});

test('maps show in the order the filters are written, then the order they are checked', async () => {
  const page = await openOnFixture('filters=gaussian,[[1,0],[0,-1]],vertical&size=3');
  const titles = async () =>
    (await page.locator('conv-scope .map-title').allTextContents())
      .slice(1)
      .map((t) => t.split(' ')[0]);
  assert.deepEqual(await titles(), ['gaussian', 'custom', 'vertical']);
  await nextRender(page, () => control(page, 'f-box_blur').check());
  assert.deepEqual(await titles(), ['gaussian', 'custom', 'vertical', 'box_blur']);
  await nextRender(page, () => control(page, 'f-custom').uncheck());
  assert.deepEqual(await titles(), ['gaussian', 'vertical', 'box_blur']);
  assert.match(page.url(), /filters=gaussian,vertical,box_blur&/);
  await nextRender(page, () => control(page, 'f-custom').check());
  assert.deepEqual(await titles(), ['gaussian', 'vertical', 'box_blur', 'custom']);
  assert.deepEqual(page.problems, []);
});

test('the filters on show are chips above the preset list, in map order; × removes one', async () => {
  const page = await openPage(env, 'index.html#image=zero&filters=motion_blur,gaussian&size=3');
  await firstRender(page);
  const chips = () =>
    page.locator('conv-scope .chip').evaluateAll((c) => c.map((e) => e.dataset.filter));
  assert.deepEqual(await chips(), ['motion_blur', 'gaussian']);
  // motion_blur is last in the bank, out of sight in the scrolled list; its chip is in sight.
  const list = await control(page, 'presets').boundingBox();
  const box = await control(page, 'f-motion_blur').boundingBox();
  assert.ok(box.y > list.y + list.height, 'motion_blur is below the list box');
  const chip = await page.locator('conv-scope .chip[data-filter="motion_blur"]').boundingBox();
  assert.ok(chip.y + chip.height <= list.y, 'its chip is above the list');
  await nextRender(page, () => page.locator('conv-scope .chip[data-filter="motion_blur"]').click());
  assert.deepEqual(await chips(), ['gaussian']);
  assert.equal(await control(page, 'f-motion_blur').isChecked(), false);
  assert.deepEqual((await page.locator('conv-scope .map-title').allTextContents()).slice(1), [
    'gaussian 3×3',
  ]);
  await nextRender(page, () => control(page, 'f-sobel_x').check());
  assert.deepEqual(await chips(), ['gaussian', 'sobel_x']);
  assert.deepEqual(page.problems, []);
});

test('latest wins: quick changes end on the last one, stale results never shown', async () => {
  const page = await openPage(
    env,
    'index.html#image=ascent&filters=vertical,horizontal,flattop,gaussian&size=15',
  );
  await page.waitForFunction(() => document.querySelector('conv-scope').maps.length === 4);
  // Count what gets drawn, and check each drawn frame against the stride the controls showed.
  await page.evaluate(() => {
    const element = document.querySelector('conv-scope');
    window.__drawn = [];
    element.addEventListener('render', () => {
      window.__drawn.push({ width: element.maps[0].width, stride: element.settings.stride });
    });
  });
  // Six changes 5 ms apart, each in its own task: faster than a run, so runs overlap.
  await page.evaluate(async () => {
    const input = document.querySelector('conv-scope').shadowRoot.getElementById('stride');
    for (const stride of ['2', '3', '4', '5', '6', '7']) {
      input.value = stride;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  });
  await page.waitForFunction(() => window.__drawn.some((d) => d.stride === 7), null, {
    timeout: 20_000,
  });
  await page.waitForTimeout(300);
  const drawn = await page.evaluate(() => window.__drawn);
  assert.deepEqual(drawn.at(-1), { width: Math.floor((512 + 14 - 15) / 7) + 1, stride: 7 });
  // Every frame shown matched the settings of its moment: no stale result landed on a newer one.
  for (const frame of drawn)
    assert.equal(frame.width, Math.floor((512 + 14 - 15) / frame.stride) + 1);
  assert.ok(drawn.length < 6, `superseded runs dropped: ${drawn.length} frames for 6 changes`);
  assert.equal((await mapPixels(page, 1)).width, 74); // (512 - 15 + 14) // 7 + 1
  assert.deepEqual(page.problems, []);
});

test('explicit padding: one number or four, in the formula', async () => {
  const page = await openOnFixture('filters=gaussian&size=5');
  await nextRender(page, () => control(page, 'padding').selectOption('explicit'));
  await nextRender(page, () => control(page, 'pad').fill('0,0,3,1'));
  const map = await mapPixels(page, 1);
  assert.deepEqual([map.width, map.height], [23 + 4 - 5 + 1, 17 - 5 + 1]);
  assert.match(
    await control(page, 'summary').textContent(),
    /out_w = \(W − K \+ P_before \+ P_after\) \/\/ S \+ 1 = \(23 − 5 \+ 3 \+ 1\) \/\/ 1 \+ 1 = 23/,
  );
  assert.match(page.url(), /padding=0,0,3,1/);
  assert.deepEqual(page.problems, []);
});

test('padding after the edge leaves the last input row and column unreached: said and tinted', async () => {
  // 512 x 512, 7 x 7, stride 4, padding 0,1,0,1: (512 − 7 + 0 + 1) // 4 + 1 = 127 windows reach
  // rows 0 to 510, so of the padded 513 the last input row (511) and the padding row after it
  // are not reached. The engine's `unused` counts input pixels only: 1 row, 1 column.
  const page = await openPage(
    env,
    'index.html#image=ascent&filters=gaussian&size=7&stride=4&padding=0,1,0,1&work=512',
  );
  await firstRender(page);
  const summary = await control(page, 'summary').textContent();
  assert.match(
    summary,
    /out_h = .* = \(512 − 7 \+ 0 \+ 1\) \/\/ 4 \+ 1 = 127 +\(1 bottom row not reached: [^)]*, tinted red in the input\)/,
  );
  assert.match(summary, /= 127 +\(1 right column not reached: [^)]*, tinted red in the input\)/);
  const input = await mapPixels(page, 0);
  assert.deepEqual([input.width, input.height], [512, 512]);
  const tinted = (x, y) => {
    const i = (y * input.width + x) * 4;
    return input.data[i] > input.data[i + 1];
  };
  assert.ok(
    [0, 200, 510, 511].every((x) => tinted(x, 511)),
    'row 511 tinted',
  );
  assert.ok(
    [0, 200, 510].every((y) => tinted(511, y)),
    'column 511 tinted',
  );
  assert.ok(
    [0, 200, 510].every((v) => !tinted(v, 510) && !tinted(510, v)),
    'rows and columns 0 to 510 not tinted',
  );
  assert.deepEqual(page.problems, []);
});

test("each map's title shows its kernel: grey levels with 0 at mid-grey", async () => {
  const page = await openOnFixture('filters=[[1,0,0],[0,0,0],[0,0,-0.5]]');
  const thumb = await page.evaluate(() => {
    const canvas = document
      .querySelector('conv-scope')
      .shadowRoot.querySelectorAll('.kernel-thumb')[1];
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    return {
      width: canvas.width,
      height: canvas.height,
      levels: Array.from(data).filter((_, i) => i % 4 === 0),
    };
  });
  // Diverging over [-1, 1]: 1 -> 255, 0 -> floor(127.5 + 0.5) = 128, -0.5 -> floor(63.75 + 0.5) = 64.
  assert.deepEqual(thumb, {
    width: 3,
    height: 3,
    levels: [255, 128, 128, 128, 128, 128, 128, 128, 64],
  });
  assert.equal(await page.locator('conv-scope .kernel-thumb').first().isHidden(), true); // the input has none
  assert.deepEqual(page.problems, []);
});

test('shared range, sigma, constant border value and absolute values change the maps', async () => {
  const page = await openOnFixture('filters=vertical,gaussian&size=5');
  const bars = () =>
    page
      .locator('conv-scope .map')
      .evaluateAll((figures) =>
        figures
          .slice(1)
          .map((f) => [
            f.querySelector('.bar-lo').textContent,
            f.querySelector('.bar-hi').textContent,
          ]),
      );
  const own = await bars();
  assert.notDeepEqual(own[0], own[1]);
  await nextRender(page, () => control(page, 'range').selectOption('shared'));
  const shared = await bars();
  assert.deepEqual(shared[0], shared[1], 'one colour bar range for both maps');

  const values = () =>
    page.evaluate(() => document.querySelector('conv-scope').maps.map((m) => Array.from(m.data)));
  const [, gaussian1] = await values();
  await nextRender(page, () => control(page, 'sigma').fill('2'));
  const [, gaussian2] = await values();
  assert.ok(gaussian2[100] > gaussian1[100], 'a wider gaussian (peak 1, not normalized) sums more');

  await nextRender(page, () => control(page, 'border').selectOption('constant'));
  const zeroValue = await values();
  // Luminance is in [0, 1]: a border of 1 is white around the image.
  await nextRender(page, () => control(page, 'border-value').fill('1'));
  const white = await values();
  assert.ok(white[1][0] > zeroValue[1][0], 'a corner sees the padded 1s');
  assert.equal(white[1][8 * 23 + 11], zeroValue[1][8 * 23 + 11], 'the centre does not');

  await nextRender(page, () => control(page, 'range').selectOption('map'));
  await nextRender(page, () => control(page, 'border').selectOption('zero'));
  const blacks = async () =>
    (await mapPixels(page, 1)).data.filter((v, i) => i % 4 === 0 && v === 0).length;
  const clipped = await blacks();
  await nextRender(page, () => control(page, 'negative').selectOption('abs'));
  const absolute = await blacks();
  assert.ok(absolute < clipped / 4, `falling edges light up under abs: ${clipped} -> ${absolute}`);
  assert.deepEqual(page.problems, []);
});
