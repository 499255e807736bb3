// The page's race, timed in Debian's Chromium: <conv-scope> on the 512 x 512 ascent with the
// notebook's 4-filter bank (7 x 7) opens on view="race" at its defaults (5 samples per method,
// the crossover over 9 kernel sizes, 3 to 63), and this script reports how long the race on the
// bank (its table) and the whole run (with the crossover plot) take, from the view's own clock
// (its "Done in" line) and from here. A benchmark, not a test.
//
//   node bench/race.mjs [--repeat N]        (needs dist/: bash scripts/build-web.sh)
import { chromium } from 'playwright-core';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveFolder } from '../tests/browser/server.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const at = process.argv.indexOf('--repeat');
const repeat = at > 0 ? Number(process.argv[at + 1]) : 3;

const PAGE = `<!doctype html><html lang="en"><head><title>race</title><link rel="icon" href="data:,">
<script type="module" src="convscope-element.js"></script></head>
<body><conv-scope image="ascent" work="512" filters="vertical,horizontal,flattop,gaussian"
size="7" controls="none"></conv-scope></body></html>`;

const server = await serveFolder(join(root, 'dist'));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const raceDone = () =>
  document.querySelector('conv-scope').shadowRoot.querySelector('section.race')?.dataset.state ===
  'done';
const tableShown = () =>
  !document.querySelector('conv-scope').shadowRoot.querySelector('table.race-table').hidden;

console.log('the race on 512 x 512 ascent, the notebook bank 7 x 7, in Chromium (wall clock, s)');
console.log('run  table  whole (here)  whole (view)');
for (let run = 1; run <= repeat; run++) {
  const page = await browser.newPage();
  await page.route(`${server.url}race.html`, (route) =>
    route.fulfill({ contentType: 'text/html', body: PAGE }),
  );
  await page.goto(`${server.url}race.html`);
  await page.waitForFunction(() => document.querySelector('conv-scope')?.maps?.length === 4, null, {
    timeout: 60_000,
  });
  const start = Date.now();
  await page.evaluate(() => document.querySelector('conv-scope').setAttribute('view', 'race'));
  await page.waitForFunction(tableShown, null, { timeout: 120_000, polling: 10 });
  const table = (Date.now() - start) / 1000;
  await page.waitForFunction(raceDone, null, { timeout: 120_000, polling: 10 });
  const whole = (Date.now() - start) / 1000;
  const status = await page.locator('conv-scope .race-status').textContent();
  const view = status.match(/Done in ([\d.]+) s/)[1];
  console.log(
    `${String(run).padStart(3)}  ${table.toFixed(1).padStart(5)}  ${whole.toFixed(1).padStart(12)}` +
      `  ${view.padStart(12)}`,
  );
  if (run === repeat) {
    const data = await page.locator('conv-scope table.race-plot-data').evaluate((table) =>
      [...table.querySelectorAll('tr')].map((tr) =>
        [...tr.children].map((cell) => cell.textContent.padStart(9)).join(' '),
      ),
    );
    console.log(`\nthe crossover (median ms) of run ${run}:\n${data.join('\n')}`);
  }
  await page.close();
}
await browser.close();
await server.close();
