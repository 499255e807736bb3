// A frame's work estimated before it starts, so the page can say when it will take seconds: output
// pixels x kernel taps x maps, at the rate of the method the reader asked for. Only `direct` and
// `im2col` grow so (auto's choice, fft and separable stay fast, see choose_method.cpp); their
// rates were measured in Node 20 on this project's 2-core VM on 2026-12-04 (a bank of two kernels
// 7 to 63 a side on 512 x 512): direct 0.32-0.47, im2col 1.7-2.4 billion taps a second.
const TAPS_PER_SECOND = { direct: 0.45e9, im2col: 2.2e9 };
export const SLOW_METHODS = Object.keys(TAPS_PER_SECOND);
// Below this the page says nothing: the frame is quick enough to wait for.
const NOTE_ABOVE_SECONDS = 1;

// The seconds the call will take, or 0 when the method's time does not grow so.
// geometry: engine.outputSize's {width, height}; kernel: {width, height}; maps: kernels x channels.
export function estimateSeconds(method, geometry, kernel, maps) {
  const rate = TAPS_PER_SECOND[method];
  if (!rate) return 0;
  return (geometry.width * geometry.height * kernel.width * kernel.height * maps) / rate;
}

// The page's note for a call of `seconds`, or '' for a quick one.
export function heavyWorkNote(seconds, method) {
  if (seconds < NOTE_ABOVE_SECONDS) return '';
  const about = seconds < 60 ? `${Math.round(seconds)} s` : `${Math.round(seconds / 60)} min`;
  return (
    `Computing: the ${method} method needs about ${about} for these settings; the maps show ` +
    'the previous settings until it is done (auto or fft is much faster).'
  );
}
