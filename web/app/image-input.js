// Image loading: files, URLs and bundled samples, decoded by the browser, checked for size, and
// drawn at the working size (longest side <= work; never enlarged, never cropped).

// The browser holds the whole decoded image (4 bytes a pixel) before downscaling, so the page
// refuses an image over the engine's limits (engine.limits: maxImageSide 16384, Chromium's canvas
// limit too, and maxImagePixels, 64 megapixels or 256 MiB decoded), with a message, before
// decoding.

const SAMPLE_FILES = { ascent: 'ascent.png', face: 'face.png', zero: 'zero.png' };
export const SAMPLES = Object.keys(SAMPLE_FILES);

// The URL of a bundled sample (assets/ next to the module's folder), or null.
export function sampleUrl(name) {
  const file = SAMPLE_FILES[name];
  return file ? new URL(`../assets/${file}`, import.meta.url).href : null;
}

// Why an image named in a link (the URL hash) may not load, or '' when it may: a link loads only
// bundled samples and images of the page's own origin or of an origin the page lists in its
// `image-origins` attribute (space-separated), so no link can track its readers or probe their
// network. The `image` attribute, set by the page's author, loads from anywhere CORS allows.
export function linkedImageRefusal(image, allowedOrigins) {
  if (!image || sampleUrl(image)) return '';
  const allowed = [location.origin, ...allowedOrigins.split(/\s+/).filter(Boolean)];
  if (allowed.includes(originOf(image))) return '';
  return (
    `image "${image.slice(0, 200)}" is not loaded: a link may name only images of this page's ` +
    `origin (${location.origin}) or of the origins the page allows`
  );
}

function originOf(image) {
  try {
    return new URL(image, document.baseURI).origin;
  } catch {
    return null;
  }
}

function u16be(b, i) {
  return (b[i] << 8) | b[i + 1];
}
function u32be(b, i) {
  return ((b[i] << 24) >>> 0) + (b[i + 1] << 16) + (b[i + 2] << 8) + b[i + 3];
}
function u16le(b, i) {
  return b[i] | (b[i + 1] << 8);
}
function i32le(b, i) {
  return b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
}

// Width and height of a PNG, GIF, BMP, JPEG or WebP file, without decoding it; null when the
// format is not one of those (the decoder then has the last word). The first four keep their
// size in their first 30 bytes; a JPEG's frame header may come after segments of any length.
async function readImageHeader(blob) {
  const b = new Uint8Array(await blob.slice(0, 30).arrayBuffer());
  const ascii = (i, n) => String.fromCharCode(...b.subarray(i, i + n));
  if (b.length >= 24 && b[0] === 0x89 && ascii(1, 3) === 'PNG' && ascii(12, 4) === 'IHDR') {
    return { format: 'PNG', width: u32be(b, 16), height: u32be(b, 20) };
  }
  if (b.length >= 10 && ascii(0, 3) === 'GIF') {
    return { format: 'GIF', width: u16le(b, 6), height: u16le(b, 8) };
  }
  if (b.length >= 26 && ascii(0, 2) === 'BM') {
    return { format: 'BMP', width: Math.abs(i32le(b, 18)), height: Math.abs(i32le(b, 22)) };
  }
  if (b.length >= 30 && ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WEBP') {
    const chunk = ascii(12, 4);
    if (chunk === 'VP8X') {
      const w = 1 + (b[24] | (b[25] << 8) | (b[26] << 16));
      const h = 1 + (b[27] | (b[28] << 8) | (b[29] << 16));
      return { format: 'WebP', width: w, height: h };
    }
    if (chunk === 'VP8 ')
      return { format: 'WebP', width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
    if (chunk === 'VP8L') {
      const bits = b[21] | (b[22] << 8) | (b[23] << 16) | (b[24] << 24);
      return { format: 'WebP', width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
    }
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) return jpegFrameSize(blob);
  return null;
}

// Walks the JPEG segments of a blob to the first start-of-frame marker (C0..CF but C4, C8, CC),
// however far it is: each segment's header is read, its body skipped.
async function jpegFrameSize(blob) {
  let i = 2;
  while (i + 9 <= blob.size) {
    const b = new Uint8Array(await blob.slice(i, i + 9).arrayBuffer());
    if (b[0] !== 0xff) return null;
    const marker = b[1];
    if (marker === 0xff) {
      i += 1; // a fill byte before a marker
      continue;
    }
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return { format: 'JPEG', width: u16be(b, 7), height: u16be(b, 5) };
    }
    i += 2 + u16be(b, 2);
  }
  return null;
}

function describeSize(width, height) {
  return `${width} x ${height} (${((width * height) / 1e6).toFixed(1)} megapixels)`;
}

// Throws a RangeError a person can act on when an image is empty or too large to decode.
// limits: {maxImageSide, maxImagePixels}.
export function checkImageSize(width, height, what, { maxImageSide, maxImagePixels }) {
  if (width === 0 || height === 0) {
    throw new RangeError(`${what} has zero size (${width} x ${height}): nothing to convolve`);
  }
  if (width > maxImageSide || height > maxImageSide || width * height > maxImagePixels) {
    throw new RangeError(
      `${what} is ${describeSize(width, height)}: too large to decode here; the limit is ` +
        `${maxImageSide} px a side and ${maxImagePixels / (1 << 20)} megapixels. ` +
        'Scale it down first.',
    );
  }
}

// Decodes a Blob/File into an ImageBitmap with its EXIF orientation applied. Throws with a
// message naming the file when it is not an image, is corrupt, empty or too large for `limits`.
export async function decodeImage(blob, name, limits) {
  const what = `"${name}"`;
  if (blob.size === 0) throw new TypeError(`${what} is an empty file (0 bytes)`);
  const header = await readImageHeader(blob);
  if (header) checkImageSize(header.width, header.height, what, limits);
  let bitmap;
  try {
    bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
  } catch {
    const kind = header ? `a corrupt ${header.format} file` : `not an image this browser can read`;
    const type = blob.type ? ` (${blob.type})` : '';
    throw new TypeError(`${what}${type} is ${kind}; use PNG, JPEG, WebP, GIF or BMP`);
  }
  try {
    checkImageSize(bitmap.width, bitmap.height, what, limits);
  } catch (error) {
    bitmap.close();
    throw error;
  }
  return bitmap;
}

export async function loadImageUrl(url, limits) {
  let response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new TypeError(`could not load ${url}: ${error.message}`);
  }
  if (!response.ok) throw new TypeError(`could not load ${url}: HTTP ${response.status}`);
  const name = decodeURIComponent(new URL(url, document.baseURI).pathname.split('/').pop() || url);
  return decodeImage(await response.blob(), name, limits);
}

// The size an image of width x height is processed at: longest side at most `work`.
export function workingSize(width, height, work) {
  const scale = Math.min(1, work / Math.max(width, height));
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
    scaled: scale < 1,
  };
}

// Draws `source` (ImageBitmap, video, canvas) into `canvas` at the working size and returns its
// ImageData. `canvas` is reused between calls (frames of a webcam), so nothing is allocated per
// frame but the ImageData the 2-D context returns.
export function drawWorking(source, sourceWidth, sourceHeight, work, canvas) {
  const size = workingSize(sourceWidth, sourceHeight, work);
  if (canvas.width !== size.width) canvas.width = size.width;
  if (canvas.height !== size.height) canvas.height = size.height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  context.imageSmoothingEnabled = size.scaled;
  context.imageSmoothingQuality = 'high';
  context.drawImage(source, 0, 0, size.width, size.height);
  return { imageData: context.getImageData(0, 0, size.width, size.height), ...size };
}
