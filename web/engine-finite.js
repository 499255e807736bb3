// No silent wrong output: a convolution whose values overflow float32 (an image of 3.4e38 and a
// kernel of 10s) is an error naming the first value that is not finite, never a map of infinities.
// A map can only hold one when (largest |input value|) x (largest sum of |kernel values|) comes
// near float32's largest value (the FFT's sums run over a tile, hence the margin of 2^24), so the
// maps are scanned only then: the page's images (values 0..1) and kernels never pay for it.

import { argumentError } from './engine-args.js';

const FLOAT32_MAX = 3.4028234663852886e38;
const SCAN_ABOVE = FLOAT32_MAX / 2 ** 24;

export function largestAbs(data) {
  let largest = 0;
  for (let i = 0; i < data.length; ++i) largest = Math.max(largest, Math.abs(data[i]));
  return largest;
}

function sumAbs(data) {
  let sum = 0;
  for (let i = 0; i < data.length; ++i) sum += Math.abs(data[i]);
  return sum;
}

// maps: the API's maps [{width, data}]; inputBound: the largest |value| the image holds;
// kernels: the checked bank's data arrays; spec: the binding's spec (its border value pads too).
export function checkFinite(maps, inputBound, kernels, spec) {
  const input = Math.max(inputBound, spec.border === 'constant' ? Math.abs(spec.borderValue) : 0);
  if (input * Math.max(...kernels.map(sumAbs)) <= SCAN_ABOVE) return;
  maps.forEach(({ width, data }, n) => {
    for (let i = 0; i < data.length; ++i) {
      if (Number.isFinite(data[i])) continue;
      const at = `row ${Math.floor(i / width) + 1}, column ${(i % width) + 1}`;
      const message =
        `map ${n + 1} is not finite (${data[i]} at ${at}): the image and kernel values ` +
        `overflow float32, whose largest value is 3.4e38; scale them down`;
      throw argumentError(RangeError, '', message);
    }
  });
}
