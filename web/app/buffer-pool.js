// Arrays for the worker engine's `out` options while the webcam runs: a frame's maps are written
// into the arrays of an earlier frame that is no longer on show (the worker engine transfers them
// there and back), so a live frame allocates nothing. Fresh arrays for four 1280 x 720 maps and
// their pixels cost Chromium about 11 ms a frame. One shape at a time: a new shape (working size,
// filters, stride) drops the arrays kept for the old one.

export class BufferPool {
  #key = '';
  #free = []; // [{out: Float32Array[], rgba: Uint8ClampedArray[]}], at most two

  // Arrays for `count` maps of `length` values each and their RGBA pixels.
  take(count, length) {
    const key = `${count} x ${length}`;
    if (key === this.#key && this.#free.length) return this.#free.pop();
    return {
      out: Array.from({ length: count }, () => new Float32Array(length)),
      rgba: Array.from({ length: count }, () => new Uint8ClampedArray(length * 4)),
    };
  }

  // Takes back arrays no longer on show. Detached ones (their call failed or was discarded while
  // the worker held them) are dropped.
  give({ out, rgba }) {
    if ([...out, ...rgba].some((array) => array.length === 0)) return;
    const key = `${out.length} x ${out[0].length}`;
    if (key !== this.#key) {
      this.#key = key;
      this.#free = [];
    }
    if (this.#free.length < 2) this.#free.push({ out, rgba });
  }
}
