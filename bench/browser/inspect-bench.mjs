// The inspector's update time in Chromium: from a pointer move over the map to the panel drawn,
// on a 2048 x 2048 image with a 31 x 31 kernel. A benchmark, not a test: it prints the medians.
//
//   node bench/browser/inspect-bench.mjs [moves]     (needs dist/: bash scripts/build-web.sh)
//
// The image is a 2048 x 2048 random-grey PNG made here; the page is index.html with view=inspect,
// work=2048, the gaussian preset at size 31 (its map is computed once, before timing). Each of
// `moves` (default 40) pointer moves goes to a new output pixel; timed from the dispatch of the
// pointermove to (a) the panel's contents replaced (every engine call done, the input's cells and
// the map drawn) and (b) the next animation frame after that (the panel on screen). Moves run one
// after the other, each after the previous one is drawn. Wall-clock time on a shared machine:
// run it a few times.
import { encodePng } from '../../tests/browser/png.js';
import { openPage, startBrowser } from '../../tests/browser/harness.js';

const moves = Number(process.argv[2] ?? 40);
const side = 2048;
let seed = 7;
const pixels = Buffer.alloc(side * side);
for (let i = 0; i < pixels.length; i++) {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  pixels[i] = seed >>> 24;
}
const png = encodePng(side, side, 1, pixels);

const env = await startBrowser();
const page = await openPage(env, '', {
  beforeLoad: (p) =>
    p.route(`${env.url}bench-2048.png`, (route) => route.fulfill({ contentType: 'image/png', body: png })),
});
await page.goto(
  `${env.url}index.html#image=bench-2048.png&work=2048&filters=gaussian&size=31&view=inspect`,
);
await page.waitForSelector('conv-scope .inspect .explain-panel output.sum', { timeout: 120_000 });
const caption = await page.locator('conv-scope .inspect figcaption').first().textContent();
if (!caption.startsWith(`Input ${side} × ${side}`)) throw new Error(`not a ${side}² input: ${caption}`);

const times = await page.evaluate(async (count) => {
  const root = document.querySelector('conv-scope').shadowRoot;
  const canvas = root.querySelector('.inspect canvas.map-cursor');
  const panel = root.querySelector('.inspect .explain-panel');
  const box = canvas.getBoundingClientRect();
  const drawn = [];
  const shown = [];
  for (let i = 0; i < count; i++) {
    const fx = (0.05 + 0.9 * ((i * 0.618) % 1));
    const fy = (0.05 + 0.9 * ((i * 0.382) % 1));
    const replaced = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        observer.disconnect();
        resolve(performance.now());
      });
      observer.observe(panel, { childList: true });
    });
    const t0 = performance.now();
    canvas.dispatchEvent(
      new PointerEvent('pointermove', {
        clientX: box.left + fx * box.width,
        clientY: box.top + fy * box.height,
        bubbles: true,
      }),
    );
    const t1 = await replaced;
    const t2 = await new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));
    drawn.push(t1 - t0);
    shown.push(t2 - t0);
  }
  return { drawn, shown };
}, moves);

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const line = (name, values) =>
  `${name}: median ${median(values).toFixed(1)} ms, min ${Math.min(...values).toFixed(1)}, ` +
  `max ${Math.max(...values).toFixed(1)} (${values.length} moves)`;
console.log(`inspector, ${side} x ${side} image, 31 x 31 kernel, Chromium (${page.context().browser().version()})`);
console.log(line('pointer move -> panel drawn', times.drawn));
console.log(line('pointer move -> next frame ', times.shown));
if (page.problems.length) console.log('page problems:', page.problems);
await env.close();
