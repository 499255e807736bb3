// What the embedding tests (embed.test.js, csp.test.js) check on dist/examples/course.html, the
// course-page example: its two <conv-scope> instances, each drawing the maps its attributes ask for.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { mapPixels, FIXTURES } from './harness.js';

const golden = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'golden.json'), 'utf8'));

// The second figure's attributes as a URL hash: the full page opened with it must draw the same maps.
export const EDGES_HASH =
  '#image=ascent&filters=vertical,horizontal&size=7&stride=2&negative=diverging&colormap=RdBu&work=256';

// Waits until the element matching `selector` shows `count` feature maps. A function predicate,
// not a string: a string would be eval'd, which a strict CSP forbids.
export async function waitForMaps(page, selector, count) {
  await page.waitForFunction(
    ([s, n]) => document.querySelector(s)?.maps?.length === n,
    [selector, count],
    { timeout: 20_000 },
  );
}

// #zero-demo: the 8 x 8 digit zero, 3 x 3 gaussian, 'valid', gray_r: 6 x 6 grey levels within 1 of
// the SciPy golden. #edges-demo: ascent at 256, two 7 x 7 edge maps at stride 2 (128 x 128), RdBu.
// Returns the pixels of both figures' maps.
export async function checkCoursePage(page) {
  await waitForMaps(page, '#zero-demo', 1);
  await waitForMaps(page, '#edges-demo', 2);
  const zero = await mapPixels(page, 1, '#zero-demo');
  assert.equal(zero.title, 'gaussian 3×3');
  assert.deepEqual([zero.width, zero.height], [6, 6]);
  const levels = zero.data.filter((_, i) => i % 4 === 0);
  const expected = golden.zero_gaussian3_valid_gray_r;
  const worst = levels.reduce((w, v, i) => Math.max(w, Math.abs(v - expected[i])), 0);
  assert.ok(worst <= 1, `zero-demo vs SciPy: ${worst} grey levels`);
  const edges = [await mapPixels(page, 1, '#edges-demo'), await mapPixels(page, 2, '#edges-demo')];
  assert.deepEqual(
    edges.map((m) => [m.title, m.width, m.height]),
    [
      ['vertical 7×7', 128, 128],
      ['horizontal 7×7', 128, 128],
    ],
  );
  // RdBu under 'diverging': rising brightness is blue (B well above R), falling is red.
  for (const map of edges) {
    assert.ok(
      map.data.some((v, i) => i % 4 === 2 && v > map.data[i - 2] + 40),
      `${map.title}: blue`,
    );
    assert.ok(
      map.data.some((v, i) => i % 4 === 0 && v > map.data[i + 2] + 40),
      `${map.title}: red`,
    );
  }
  return { zero, edges };
}
