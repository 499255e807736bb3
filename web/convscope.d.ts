// Types for convscope.js, the engine's JavaScript API (an ES module). Hand-written; the module is
// the only code that talks to the WebAssembly build. Every result is a plain object that owns its
// typed arrays: nothing needs .delete(), and results stay valid after later calls.
//
// Errors: a bad argument throws TypeError (wrong type, unknown name: the message lists the known
// names) or RangeError (a size, stride, NaN... : the message names the argument and its limit),
// each with `argument` (ArgumentError). The engine stays usable after any error.

/**
 * The errors the API throws (and the worker engine rejects with) are TypeError / RangeError
 * (Error for a worker that died or was terminated) carrying the argument at fault.
 */
export interface ArgumentError extends Error {
  /**
   * The argument or option at fault as the API spells it: 'image', 'kernel', 'kernels', 'map',
   * 'options', 'stride', 'dilation', 'padding', 'border', 'borderValue', 'op', 'method',
   * 'channels', 'out', 'render', 'colormap', 'range', 'negative', 'size', 'sigma', 'theta',
   * 'wavelength', 'pool' (any of pool()'s options), 'n', 'index', 'signal', 'wasmUrl',
   * 'wasmBinary'; '' when no single argument is to blame (memory, a worker failure).
   */
  argument: string;
}

/** Every name the engine takes, from the engine itself (build menus from these). */
export interface Names {
  padding: string[];
  border: string[];
  op: string[];
  method: string[];
  colormap: string[];
  negative: string[];
  /** The render ranges; 'fixed' is written as [lo, hi]. */
  range: string[];
  /** Pool modes. */
  pool: string[];
  /** The filter presets, in filters()' order. */
  filter: string[];
  channels: string[];
}

/** The engine's limits, from the engine itself; the messages of the errors they raise name them. */
export interface Limits {
  maxImageSide: number;
  maxImagePixels: number;
  maxKernelSide: number;
  maxStride: number;
  maxDilation: number;
  maxPadding: number;
  maxBankSize: number;
  maxPaddedPixels: number;
  maxBankOutputValues: number;
  maxFilterSize: number;
  maxChannels: number;
  [name: string]: number;
}

/** A single-channel float32 image, row-major: element (y, x) is data[y * width + x]. */
export interface Plane {
  width: number;
  height: number;
  data: Float32Array;
}

/** A feature map: a Plane plus the algorithm that actually computed it (never 'auto'). */
export interface FeatureMap extends Plane {
  method: Exclude<Method, 'auto'>;
}

/** Per-channel maps of convolveImageData with channels: 'rgb' also say which channel they are. */
export interface ImageFeatureMap extends FeatureMap {
  /** Index of the kernel in the kernels argument. */
  kernel: number;
  /** 'luminance' (Rec. 601 weights), or the colour channel the map was computed from. */
  channel: 'luminance' | 'r' | 'g' | 'b';
  /** Present when options.render was given. */
  rendered?: Rendered;
}

export type PaddingMode = 'valid' | 'same' | 'full';
/** A named mode, or explicit [top, bottom, left, right] pixels. */
export type Padding = PaddingMode | [number, number, number, number];
export type Border = 'zero' | 'constant' | 'replicate' | 'reflect' | 'mirror' | 'wrap';
export type Operation = 'correlation' | 'convolution';
export type Method = 'auto' | 'direct' | 'im2col' | 'fft' | 'separable' | 'fft_kiss';
/** One number for both axes, or [y, x]. */
export type Pair = number | [number, number];

export interface ConvOptions {
  /** Default 1. */
  stride?: Pair;
  /** Default 1. */
  dilation?: Pair;
  /** Default 'same' (SciPy's centring, also for even kernels). */
  padding?: Padding;
  /** What padded pixels hold. Default 'zero'. */
  border?: Border;
  /** The value of padded pixels when border is 'constant'. Default 0. */
  borderValue?: number;
  /** Default 'correlation' (what CNNs compute); 'convolution' turns the kernel 180 degrees. */
  op?: Operation;
  /** Default 'auto' (a cost model picks); an explicit method that cannot run the spec throws. */
  method?: Method;
}

/** Render options for each map of convolveImageData, with arrays to reuse for the pixels. */
export interface RenderEachOptions extends Omit<RenderOptions, 'out'> {
  /** One Uint8ClampedArray of width * height * 4 bytes per map, in result order. */
  out?: Uint8ClampedArray[];
}

export interface ImageConvOptions extends ConvOptions {
  /**
   * Also render every map (the live path's convolve + render in one call, without copying each
   * map back into wasm): each result then has `rendered`, as render(map, options) would give.
   * With range 'shared' every map is drawn over one range, the union of the maps' own (after the
   * negative rule), and each `rendered.range` is that range.
   */
  render?: RenderEachOptions;
  /**
   * 'luminance' (default, Rec. 601 weights, values in [0, 1]): one map per kernel; 'rgb': three
   * maps per kernel (R / 255, G / 255, B / 255), ordered [k0 r, k0 g, k0 b, k1 r, ...].
   */
  channels?: 'luminance' | 'rgb';
}

/** Canvas pixels: ImageData, or anything shaped like it (RGBA, 4 bytes per pixel). */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray | Uint8Array;
}

/** Options of the filter presets (the notebook's load_sample_filters(size, sigma), and more). */
export interface FilterOptions {
  /** Kernel side, default 7 (presets with a fixed size, e.g. 3x3 Sobel, ignore it). */
  size?: number;
  /** Gaussian width in pixels, default 1. */
  sigma?: number;
  /** Gabor and motion-blur orientation in degrees, default 0. */
  theta?: number;
  /** Gabor wavelength in pixels, default 4. */
  wavelength?: number;
}

export interface Filter extends Plane {
  name: string;
  /** One line: what the filter responds to. */
  description: string;
}

export interface AxisSize {
  in: number;
  kernel: number;
  padBefore: number;
  padAfter: number;
  out: number;
  /** Input rows/columns (from the far edge) that no window reaches: the division was not exact. */
  unused: number;
}

export interface OutputSize {
  width: number;
  height: number;
  y: AxisSize;
  x: AxisSize;
  /** The padding the spec resolved to: [top, bottom, left, right]. */
  padding: [number, number, number, number];
}

export interface Size {
  width: number;
  height: number;
}

/** The NumPy dtypes a window view gives byte strides for (itemsize 4, 8, 8, 1 bytes). */
export type Dtype = 'float32' | 'float64' | 'int64' | 'uint8';

/** Each dtype's itemsize in bytes: {float32: 4, float64: 8, int64: 8, uint8: 1}. */
export const DTYPES: Readonly<Record<Dtype, number>>;

/** The dtype whose byte strides a window view reports; default 'float32' (the engine's data). */
export interface ViewOptions {
  dtype?: Dtype;
}

/**
 * A zero-copy (out_h, out_w, kh, kw) view over image.data, like numpy's sliding_window_view:
 * element (i, j, k, l) is data[i*strides[0] + j*strides[1] + k*strides[2] + l*strides[3]].
 */
export interface WindowView {
  shape: [number, number, number, number];
  /** In elements of data (what indexes the Float32Array). */
  strides: [number, number, number, number];
  /**
   * In bytes, as NumPy's `.strides` prints them for an array of `dtype`: strides * itemsize. For
   * np.arange(25).reshape(5, 5) (int64) with a 3 x 3 window: strides [5, 1, 5, 1], byteStrides
   * [40, 8, 40, 8].
   */
  byteStrides: [number, number, number, number];
  dtype: Dtype;
  /** Bytes per element of dtype. */
  itemsize: number;
  /** The image's own array (not a copy). */
  data: Float32Array;
  at(i: number, j: number, k: number, l: number): number;
}

export interface PoolOptions {
  /** Window side, default 2. */
  size?: Pair;
  /** Default: the size. */
  stride?: Pair;
  /**
   * 'valid' (default: none), p pixels on every side, or [top, bottom, left, right]; each < size.
   * Padded cells are not values: max ignores them, mean divides by the map cells in the window.
   */
  padding?: 'valid' | number | [number, number, number, number];
  /** Default 'max'. */
  mode?: 'max' | 'mean';
}

export type Colormap = 'gray' | 'gray_r' | 'viridis' | 'magma' | 'RdBu';

export interface RenderOptions {
  /** Default 'gray'. */
  colormap?: Colormap;
  /**
   * 'minmax' (default), 'symmetric' ([-m, m] with m = max |value|), fixed [lo, hi], or
   * 'shared': the union of the minmax ranges of every map of the call (for one map, 'minmax').
   */
  range?: 'minmax' | 'symmetric' | 'shared' | [number, number];
  /** 'clip' (default: negatives count as 0), 'abs', or 'diverging' (0 at mid-scale). */
  negative?: 'clip' | 'abs' | 'diverging';
  /** Optional output buffer of width * height * 4 bytes, reused instead of a new array. */
  out?: Uint8ClampedArray;
}

export interface Rendered {
  width: number;
  height: number;
  /** RGBA, ready for new ImageData(data, width, height). */
  data: Uint8ClampedArray;
  /** The values mapped to the two ends of the colormap (for a colour bar). */
  range: [number, number];
}

/**
 * Arrays to write the maps into instead of new ones (each result's data is then that array):
 * one Float32Array of the output's width * height per map, in result order. The live path uses
 * them so a frame allocates nothing; a wrong count or length is a TypeError / RangeError.
 */
export interface ReuseOutput {
  out?: Float32Array[];
}

/** The maps of a bank, carrying the geometry they share (what outputSize() gives). */
export type Maps<M> = M[] & { geometry: OutputSize };

/** timeBank's options: a convolution's, and how many timed samples. */
export interface TimeOptions extends ConvOptions {
  /** Samples, 1 to 1000; default 1. */
  repeat?: number;
}

/**
 * timeBank's maps (the last run's), with each sample's time per run in ms, measured in the engine:
 * a sample is the mean of back-to-back runs filling at least 2 ms (a browser's clock ticks in
 * 0.1 ms steps).
 */
export type TimedMaps = Maps<FeatureMap> & { ms: number[] };

/** Each method auto compares and the cost model's time for it on this build, in ms. */
export interface MethodEstimates {
  direct: number;
  im2col: number;
  fft: number;
  /** Only when every kernel (of the bank or part) is rank 1. */
  separable?: number;
}

/** Some kernels of a mixed bank, as auto plans them. */
export interface EstimatePart {
  /** The kernels' indices in the bank. */
  kernels: number[];
  methods: MethodEstimates;
  /** The cheapest of methods (the first listed of equals): what auto runs for them. */
  pick: string;
}

/**
 * What auto would run for a bank, and why: the numbers its cost model compares
 * (cpp/src/choose_method.cpp), constants measured on the project's machine, scaled for wasm.
 */
export interface Estimate {
  /** A method, or 'im2col+separable' (say) when auto splits a mixed bank. */
  auto: string;
  /** The model's time for what auto runs, in ms. */
  ms: number;
  /** The whole bank: each method auto compares (fft_kiss never is). */
  methods: MethodEstimates;
  /**
   * A mixed bank (some kernels rank 1, some not) whose rank-1 kernels are cheapest by separable:
   * those run separable (split.separable.pick), the others by split.other.pick. Else null.
   */
  split: { separable: EstimatePart; other: EstimatePart } | null;
}

/** Options of a method that has none but the worker engine's `signal`. */
export type NoOptions = Record<string, never>;

/**
 * One output pixel taken apart (engine.explain): what the engine multiplied and added to make it,
 * equation (2) at (y, x). K-sized arrays are row-major over the taps (k, l), k < height, l < width.
 */
export interface Explanation {
  /** The output pixel. */
  y: number;
  x: number;
  /** The kernel's size. */
  height: number;
  width: number;
  /** Input row of tap row k: y * strideY + k * dilationY - padTop (negative or >= the image's
   * height where it reads padding); cols likewise for tap column l. */
  rows: Int32Array;
  cols: Int32Array;
  /** The image row / column each of rows / cols reads under the border mode; -1 for zero and
   * constant padding. */
  sourceRows: Int32Array;
  sourceCols: Int32Array;
  /** 1 where the tap lies outside the image (it reads padding), else 0. */
  padding: Uint8Array;
  /** The padded input at each tap: the values the engine multiplied. */
  window: Float32Array;
  /** The kernel as given. */
  kernel: Float32Array;
  /** The kernel as applied: as given for correlation, turned 180 degrees for convolution. */
  applied: Float32Array;
  /** window * applied, tap by tap. */
  products: Float32Array;
  /** The products summed: the map's value at (y, x) to float rounding, whichever method ran. */
  sum: number;
  /** The convolution's output geometry, as outputSize gives it. */
  geometry: OutputSize;
}

/** explain's options: the convolution's, and for an RGBA image the plane a map was made from. */
export interface ExplainOptions extends ConvOptions {
  /** RGBA images only: 'luminance' (Rec. 601, the plane convolveImageData convolves; default),
   * 'r', 'g' or 'b', as an ImageFeatureMap's channel names it. */
  channel?: 'luminance' | 'r' | 'g' | 'b';
}

export interface Engine {
  /** Every name the engine takes. */
  readonly names: Readonly<Names>;
  /** Every limit the engine enforces. */
  readonly limits: Readonly<Limits>;
  conv2d(image: Plane, kernel: Plane, options?: ConvOptions & { out?: Float32Array }): FeatureMap;
  /** One map per kernel (all the same size), computed in one pass. */
  conv2dBank(image: Plane, kernels: Plane[], options?: ConvOptions & ReuseOutput): Maps<FeatureMap>;
  /** Every preset, in the engine's order. */
  filters(options?: FilterOptions): Filter[];
  /** The output geometry of a convolution, without running it. */
  outputSize(image: Size, kernel: Size, options?: ConvOptions): OutputSize;
  /** Windows of kernel size at every stride step ('valid': no padding). */
  windowView(
    image: Plane,
    kernel: Size,
    options?: { stride?: Pair; dilation?: Pair } & ViewOptions,
  ): WindowView;
  /** The notebook's n x n tiles view (tile step floor(H / n), the last tile reaching the edge). */
  tilesView(image: Plane, n: number, options?: ViewOptions): WindowView;
  relu(map: Plane, options?: NoOptions): Plane;
  pool(map: Plane, options?: PoolOptions): Plane;
  /**
   * Canvas path: RGBA pixels to luminance (or r, g, b planes), then the kernels, and with
   * options.render each map drawn. Input and output buffers inside the engine are reused across
   * calls (the live path allocates nothing in wasm). The maps carry their `geometry`.
   */
  convolveImageData(
    image: RgbaImage,
    kernels: Plane[],
    options?: ImageConvOptions & ReuseOutput,
  ): Maps<ImageFeatureMap>;
  render(map: Plane, options?: RenderOptions): Rendered;
  /**
   * conv2dBank timed inside the engine (no copying in or out), `repeat` samples: the race between
   * methods (give `method`).
   */
  timeBank(image: Plane, kernels: Plane[], options?: TimeOptions & ReuseOutput): TimedMaps;
  /** What auto would run for this bank, and the cost model's estimates; reads the image's size only. */
  estimate(image: Size, kernels: Plane[], options?: Omit<ConvOptions, 'method'>): Estimate;
   * Output pixel `at` of image (a plane, or RGBA pixels read as options.channel) convolved with
   * kernel: the window, the kernel as applied, the products and their sum. RangeError with
   * argument 'at' for a pixel outside the output.
   */
  explain(image: Plane | RgbaImage, kernel: Plane, options: ExplainOptions | undefined,
    at: { y: number; x: number }): Explanation;
  /** Diagnostics: the wasm memory's size and the bytes malloc holds (flat once warmed up). */
  memoryStats(): { heapBytes: number; allocatedBytes: number };
}

export interface CreateEngineOptions {
  /**
   * Where convscope.wasm is; default: next to convscope.js. A relative string is resolved against
   * the page in a browser, against convscope.js's own URL in Node (where file: URLs are read).
   */
  wasmUrl?: string | URL;
  /** The module's bytes, if you already have them (no fetch, no file read). */
  wasmBinary?: ArrayBuffer | Uint8Array;
}

export function createEngine(options?: CreateEngineOptions): Promise<Engine>;

/** Options every WorkerEngine call accepts in its options argument. */
export interface CallOptions {
  /**
   * "Latest wins": abort the controller of a superseded request. A call still waiting is dropped
   * (never runs); a call already running completes but its result is discarded. Either way its
   * promise rejects with a DOMException named 'AbortError'.
   */
  signal?: AbortSignal;
}

/**
 * The same API in a Web Worker (worker_threads under Node): every method returns a Promise, calls
 * run one at a time in order, and the page never blocks. Every method's options may carry a
 * `signal` (relu takes options for it alone). names and limits are fetched once, at
 * creation.
 * Arrays passed as `out` / `render.out` are transferred to the worker with the call and come back
 * as the result's arrays (detached, length 0, until then; kept by the worker if the call fails or
 * its result is discarded): handing a frame's arrays to a later call makes a live loop allocate
 * nothing.
 */
export interface WorkerEngine {
  readonly names: Readonly<Names>;
  readonly limits: Readonly<Limits>;
  conv2d(
    image: Plane,
    kernel: Plane,
    options?: ConvOptions & { out?: Float32Array } & CallOptions,
  ): Promise<FeatureMap>;
  conv2dBank(
    image: Plane,
    kernels: Plane[],
    options?: ConvOptions & ReuseOutput & CallOptions,
  ): Promise<Maps<FeatureMap>>;
  filters(options?: FilterOptions & CallOptions): Promise<Filter[]>;
  outputSize(image: Size, kernel: Size, options?: ConvOptions & CallOptions): Promise<OutputSize>;
  windowView(
    image: Plane,
    kernel: Size,
    options?: { stride?: Pair; dilation?: Pair } & ViewOptions & CallOptions,
  ): Promise<Omit<WindowView, 'at'>>;
  tilesView(
    image: Plane,
    n: number,
    options?: ViewOptions & CallOptions,
  ): Promise<Omit<WindowView, 'at'>>;
  relu(map: Plane, options?: CallOptions): Promise<Plane>;
  pool(map: Plane, options?: PoolOptions & CallOptions): Promise<Plane>;
  convolveImageData(
    image: RgbaImage,
    kernels: Plane[],
    options?: ImageConvOptions & ReuseOutput & CallOptions,
  ): Promise<Maps<ImageFeatureMap>>;
  render(map: Plane, options?: RenderOptions & CallOptions): Promise<Rendered>;
  timeBank(
    image: Plane,
    kernels: Plane[],
    options?: TimeOptions & ReuseOutput & CallOptions,
  ): Promise<TimedMaps>;
  estimate(
    image: Size,
    kernels: Plane[],
    options?: Omit<ConvOptions, 'method'> & CallOptions,
  ): Promise<Estimate>;
  explain(
    image: Plane | RgbaImage,
    kernel: Plane,
    options: (ExplainOptions & CallOptions) | undefined,
    at: { y: number; x: number },
  ): Promise<Explanation>;
  /** Ends the worker; later calls reject. */
  terminate(): void;
}

export function createWorkerEngine(options?: CreateEngineOptions): Promise<WorkerEngine>;
