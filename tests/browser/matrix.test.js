// The page's matrix and settings parsing, in Node (the modules use no DOM): every form a kernel is
// pasted in, errors naming the entry at fault, and hostile text bounded and read in linear time
// (issue 17: `#filters=array(` + 8000 `+` (spaces, in a hash) + `x` took 79 s in a backtracking
// regular expression; 3000 spaces took 15 s).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_MATRIX_TEXT, parseMatrix, formatMatrix } from '../../web/app/matrix.js';
import {
  MAX_SETTING_TEXT,
  defaultSettings,
  hashToGetter,
  readSettings,
  settingsToHash,
} from '../../web/app/settings.js';

const SOBEL = { height: 3, width: 3, data: [1, 0, -1, 2, 0, -2, 1, 0, -1] };
// A catalog of the shape the engine gives (engine.names, engine.limits), with only the lists
// these cases read, short ones of our own: the settings take the names from it.
const CATALOG = {
  names: { padding: ['valid', 'same', 'full', 'explicit'], border: ['zero', 'constant', 'wrap'] },
  limits: { maxFilterSize: 9 },
};

test('a matrix as NumPy prints it, as JSON, as CSV or whitespace rows', () => {
  for (const text of [
    'array([[ 1.,  0., -1.],\n       [ 2.,  0., -2.],\n       [ 1.,  0., -1.]])',
    'np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]], dtype=float32)',
    '[[1,0,-1],[2,0,-2],[1,0,-1]]',
    '1,0,-1\n2,0,-2\n1,0,-1',
    '1 0 -1\r\n2 0 -2\r\n1 0 -1\n',
    '1 0 -1; 2 0 -2; 1 0 -1',
  ]) {
    assert.deepEqual(parseMatrix(text), SOBEL, text);
  }
  assert.deepEqual(parseMatrix('[1, 2, 3]'), { height: 1, width: 3, data: [1, 2, 3] });
  assert.deepEqual(parseMatrix(formatMatrix(SOBEL)), SOBEL);
});

test('a bad matrix: the message names the entry, the row or the limit', () => {
  const cases = [
    ['1, 2\n3, oops', /"oops" at row 2, column 2 is not a number/],
    ['[[1,2],[3]]', /row 2 has 1 numbers, row 1 has 2/],
    ['[[1,2],[3,4]', /brackets do not match/],
    ['[[1,2]],[3,4]]', /closes no "\["/],
    ['[[1,2] x [3,4]]', /unexpected "x" at character 8/],
    ['array([[1,2]]', /no closing "\)"/],
    ['array([[1,2]], order="C")', /unexpected ", order="C"" after the matrix/],
    ['', /no numbers found/],
    [`[${'1,'.repeat(15)}1]`, /a kernel is 1 to 15 on each side, got 1 x 16/],
  ];
  for (const [text, message] of cases) assert.throws(() => parseMatrix(text), message, text);
});

test('the issue-17 hashes return at once with an error', { timeout: 5000 }, () => {
  const spaces = readSettings(hashToGetter(`#filters=array(${'+'.repeat(8000)}x`), CATALOG);
  assert.equal(spaces.errors.filters, 'filters: "array(" has no closing ")"');
  const long = readSettings(hashToGetter(`#filters=array(${'+x'.repeat(8000)}`), CATALOG);
  assert.equal(
    long.errors.filters,
    `filters: the text is 16006 characters long; the limit is ${MAX_SETTING_TEXT}`,
  );
  for (const { settings } of [spaces, long]) {
    assert.deepEqual(settings.filters, defaultSettings().filters);
  }
});

test('hostile matrix text within the limit is read in one pass', { timeout: 5000 }, () => {
  // Each would make a backtracking pattern try every split of the text; all are rejected.
  const fill = (start, unit) =>
    start + unit.repeat(Math.floor((MAX_MATRIX_TEXT - start.length) / unit.length));
  for (const text of [
    fill('array(', '+x'),
    `${fill('array(', ' ').slice(0, -1)}x`,
    `${fill('array([[1]]', ' ').slice(0, -2)}x)`,
    fill('array([', '['),
    fill('array([[1]]', ', '),
    fill('', '[]'),
  ]) {
    assert.ok(text.length <= MAX_MATRIX_TEXT);
    assert.throws(() => parseMatrix(text), /./);
  }
  const over = MAX_MATRIX_TEXT + 1;
  assert.throws(() => parseMatrix('1'.repeat(over)), {
    message: `the matrix is ${over} characters long; the limit is ${MAX_MATRIX_TEXT}`,
  });
});

test('settings: a hash round trip, bad values kept out with the limit in the message', () => {
  const hash =
    '#image=zero&filters=gaussian,[[1,0],[0,-1]],vertical&size=3&padding=1,1,2,2' +
    '&border=constant&border-value=0.5&range=shared&work=256';
  const { settings, errors } = readSettings(hashToGetter(hash), CATALOG);
  assert.deepEqual(errors, {});
  assert.deepEqual(settings.filters, ['gaussian', 'custom', 'vertical']);
  assert.deepEqual(settings.custom, { height: 2, width: 2, data: [1, 0, 0, -1] });
  assert.deepEqual(settings.padding, [1, 1, 2, 2]);
  assert.equal(settings.borderValue, 0.5);
  assert.equal(settings.work, 256);
  assert.equal(settingsToHash(settings), hash);

  const bad = readSettings(hashToGetter('#size=64&border=nearest&padding=explicit'), CATALOG);
  assert.deepEqual(bad.errors, {
    size: 'size: must be between 1 and 9, got 64',
    border: 'border: "nearest" is not one of zero, constant, wrap',
    padding: 'padding: "explicit" is not valid, same, full, one number or four numbers',
  });
  assert.deepEqual(bad.settings, defaultSettings());
});
