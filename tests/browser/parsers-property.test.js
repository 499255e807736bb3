// Property-based tests (fast-check) of the page's text parsers: the URL hash and the attributes
// (app/settings.js) and the matrix text (app/matrix.js), in Node (the modules use no DOM). For any
// text up to 64 KB, each returns a result or a clean error (TypeError / RangeError with a
// message) within 50 ms, and a matrix it formats reads back to itself (issue 17).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatMatrix, parseMatrix } from '../../web/app/matrix.js';
import { SETTINGS, hashToGetter, readSettings, settingsToHash } from '../../web/app/settings.js';

const CATALOG = {
  names: {
    padding: ['valid', 'same', 'full', 'explicit'],
    border: ['zero', 'constant', 'replicate', 'reflect', 'mirror', 'wrap'],
    op: ['correlation', 'convolution'],
    method: ['auto', 'direct', 'im2col', 'fft', 'separable'],
    colormap: ['gray', 'viridis'],
    negative: ['clip', 'abs', 'diverging'],
    range: ['map', 'shared'],
    channels: ['luminance', 'rgb'],
    filter: ['vertical', 'gaussian'],
  },
  limits: { maxFilterSize: 63, maxStride: 64, maxDilation: 16, maxPadding: 256 },
};
const BUDGET_MS = 50;

// Text a parser may meet: its own syntax repeated (the shapes that make a backtracking parser
// slow), mixed with any characters, up to 64 KB.
const PIECES = ['array(', '[', ']', ',', ' ', '+', 'x', '1', '-2.5e3', '\n', ';', ')', '&', '=', '%'];
const hostile = fc
  .tuple(fc.array(fc.constantFrom(...PIECES), { maxLength: 200 }), fc.string({ maxLength: 200 }), fc.nat(320))
  .map(([pieces, tail, repeat]) => (pieces.join('') + tail).repeat(repeat + 1).slice(0, 65536));

// Runs fn, which must return or throw a TypeError / RangeError with a message, within the budget.
// The machine is shared: an input over the budget is timed once more and the faster run counts,
// so a garbage collection or a compile in the middle does not fail it, a slow parser does.
function timed(what, fn) {
  const once = () => {
    const t0 = performance.now();
    let outcome;
    try {
      outcome = fn();
    } catch (error) {
      assert.ok(error instanceof TypeError || error instanceof RangeError, `${what}: ${error}`);
      assert.ok(error.message.length > 0);
    }
    return { outcome, elapsed: performance.now() - t0 };
  };
  const first = once();
  if (first.elapsed < BUDGET_MS) return first.outcome;
  const { outcome, elapsed } = once();
  assert.ok(elapsed < BUDGET_MS, `${what} took ${first.elapsed.toFixed(1)} and ${elapsed.toFixed(1)} ms`);
  return outcome;
}

test('any matrix text up to 64 KB: a matrix or a clean error, within 50 ms', () => {
  fc.assert(fc.property(hostile, (text) => void timed('parseMatrix', () => parseMatrix(text))), { numRuns: 300 });
});

test('any URL hash up to 64 KB: settings and errors, within 50 ms, every value of a known kind', () => {
  fc.assert(
    fc.property(hostile, fc.constantFrom(...SETTINGS.map((row) => row.attribute)), (text, key) => {
      const hash = `#${key}=${encodeURIComponent(text)}&filters=${text.slice(0, 1000)}`;
      const { settings, errors } = timed('readSettings', () => readSettings(hashToGetter(hash), CATALOG));
      assert.equal(typeof settings, 'object');
      for (const message of Object.values(errors)) assert.equal(typeof message, 'string');
      // What was read writes back to a hash that reads the same settings.
      const again = readSettings(hashToGetter(settingsToHash(settings)), CATALOG);
      assert.deepEqual(again.settings, settings);
    }),
    { numRuns: 300 },
  );
});

test('any attribute value up to 64 KB: read within 50 ms', () => {
  fc.assert(
    fc.property(hostile, fc.constantFrom(...SETTINGS.map((row) => row.attribute)), (text, name) => {
      timed('readSettings', () => readSettings((attribute) => (attribute === name ? text : null), CATALOG));
    }),
    { numRuns: 300 },
  );
});

test('a matrix formatted reads back to itself', () => {
  const matrix = fc
    .tuple(fc.integer({ min: 1, max: 15 }), fc.integer({ min: 1, max: 15 }))
    .chain(([height, width]) =>
      fc
        .array(fc.float({ noNaN: true, noDefaultInfinity: true }), { minLength: height * width, maxLength: height * width })
        .map((data) => ({ height, width, data: data.map((v) => Math.fround(v) + 0) })),
    );
  fc.assert(fc.property(matrix, (m) => void assert.deepEqual(parseMatrix(formatMatrix(m)), m)), { numRuns: 200 });
});

test('a value beyond float32 is refused naming it, not turned into an infinity', () => {
  assert.throws(() => parseMatrix('[[1e308]]'), { name: 'RangeError', message: "1e308 at row 1, column 1 is beyond float32's range (±3.4e38)" });
  assert.deepEqual(parseMatrix('[[3e38]]'), { height: 1, width: 1, data: [3e38] });
});
