// Arrays for the worker engine's `out` options while the webcam runs: a frame's maps are written
// into the arrays of an earlier frame that is no longer on show (the worker engine transfers them
// there and back), so a live frame allocates nothing. Fresh arrays for four 1280 x 720 maps and
// their pixels cost Chromium about 11 ms a frame. One call shape at a time: the first frame of a
// new shape (working size, filters, stride...) gets fresh arrays from the engine, which the pool
// then keeps for the frames after it.

export class BufferPool {
  #key = '';
  #free = []; // [{key, out: Float32Array[], rgba: Uint8ClampedArray[]}], at most two

  // Arrays given back for calls of shape `key` (a string naming the call's sizes and options),
  // or null.
  take(key) {
    return key === this.#key ? (this.#free.pop() ?? null) : null;
  }

  // Takes back arrays no longer on show: {key, out, rgba}. Detached ones (their call failed or
  // was discarded while the worker held them) are dropped.
  give(buffers) {
    const { key, out, rgba } = buffers;
    if ([...out, ...rgba].some((array) => array.length === 0)) return;
    if (key !== this.#key) {
      this.#key = key;
      this.#free = [];
    }
    if (this.#free.length < 2) this.#free.push(buffers);
  }
}
