// Matrix text as people paste it, read in one pass (time linear in the text's length, so no input,
// however long or odd, can stall the page):
//   array([[1., 0.], [0., 1.]])   [[1,0],[0,1]]   "1,0\n0,1"   "1 0\n0 1"   "1 0; 0 1"
// Returns {height, width, data: number[]}; throws naming the first bad entry and where it is.

// The longest matrix text read: a 15 x 15 kernel of 17-digit numbers is about 5,000 characters.
export const MAX_MATRIX_TEXT = 10_000;
// The sides a custom kernel may have on the page (the engine takes up to maxKernelSide; a kernel
// the class edits by hand stays small).
export const KERNEL_SIDE = [1, 15];

// "array(" with an optional "np." or "numpy." before it.
const ARRAY_OPEN = /^(?:np\.|numpy\.)?array\(/;
// What may follow the matrix inside array(...): ", dtype=float32" and the like.
const DTYPE_TAIL = /^\s*(?:,\s*dtype\s*=\s*[\w.'"]+\s*)?$/;

export function checkTextLength(text, max, what) {
  if (text.length > max) {
    throw new RangeError(`${what} is ${text.length} characters long; the limit is ${max}`);
  }
}

// The text inside array(...) without its dtype, or the text itself.
function unwrapArray(text) {
  const open = ARRAY_OPEN.exec(text);
  if (!open) return text;
  if (!text.endsWith(')')) throw new TypeError('"array(" has no closing ")"');
  const inner = text.slice(open[0].length, -1);
  const end = inner.lastIndexOf(']') + 1;
  if (!DTYPE_TAIL.test(inner.slice(end))) {
    throw new TypeError(`unexpected "${inner.slice(end).trim()}" after the matrix`);
  }
  return inner.slice(0, end).trim();
}

// The rows of a nested list: each innermost [...] is a row (a flat [...] is one row). Between
// rows only commas and white space may stand.
function nestedRows(text) {
  const rows = [];
  let depth = 0;
  let start = -1; // index after the last '[' when no '[' or ']' has come since
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[') {
      depth++;
      start = i + 1;
    } else if (c === ']') {
      if (depth === 0) throw new TypeError(`a "]" at character ${i + 1} closes no "["`);
      depth--;
      if (start >= 0) rows.push(text.slice(start, i));
      start = -1;
    } else if (start < 0 && c !== ',' && c.trim() !== '') {
      throw new TypeError(`unexpected "${c}" at character ${i + 1}, between rows`);
    }
  }
  if (depth !== 0) throw new TypeError('brackets do not match: a "[" is not closed');
  return rows;
}

function readCells(rows) {
  const cells = rows.map((r) => r.split(/[\s,]+/).filter((c) => c !== ''));
  const width = cells[0].length;
  const data = [];
  cells.forEach((row, y) => {
    if (row.length !== width) {
      throw new RangeError(`row ${y + 1} has ${row.length} numbers, row 1 has ${width}`);
    }
    row.forEach((cell, x) => {
      const value = Number(cell);
      if (!Number.isFinite(value)) {
        throw new TypeError(`"${cell}" at row ${y + 1}, column ${x + 1} is not a number`);
      }
      // The engine computes in float32: a larger value would become an infinity there.
      if (!Number.isFinite(Math.fround(value))) {
        throw new RangeError(
          `${cell} at row ${y + 1}, column ${x + 1} is beyond float32's range (±3.4e38)`,
        );
      }
      data.push(value);
    });
  });
  return { height: rows.length, width, data };
}

export function parseMatrix(text) {
  const source = String(text);
  checkTextLength(source, MAX_MATRIX_TEXT, 'the matrix');
  const body = unwrapArray(source.trim());
  const rows = (body.startsWith('[') ? nestedRows(body) : body.split(/\r?\n|;/))
    .map((r) => r.trim())
    .filter((r) => r !== '');
  if (rows.length === 0) throw new TypeError('no numbers found');
  const matrix = readCells(rows);
  const [lo, hi] = KERNEL_SIDE;
  const { height, width } = matrix;
  if (height > hi || width > hi || height < lo || width < lo) {
    throw new RangeError(`a kernel is ${lo} to ${hi} on each side, got ${height} x ${width}`);
  }
  return matrix;
}

export function formatMatrix({ height, width, data }) {
  const rows = [];
  for (let y = 0; y < height; y++)
    rows.push(`[${data.slice(y * width, (y + 1) * width).join(',')}]`);
  return `[${rows.join(',')}]`;
}
