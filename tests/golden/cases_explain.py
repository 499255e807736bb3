"""Golden cases for explain (one output pixel taken apart): for the SciPy-made convolution cases
(data/conv/, written first by make_golden.py), the input coordinates of every tap and the image
pixel each reads, from numpy.pad of an image of pixel indices, and the map value SciPy computed
there. Writes out_dir/explain/manifest.txt (format: README.md).
"""
import numpy as np

from cases_conv import NUMPY_PAD_MODE, resolve_padding

# Output pixels per case: the last one (padding after, a stride's unused rows) and one at random.
SEED = 11


def parse_manifest(path):
    cases = []
    for line in path.read_text().splitlines():
        if line.startswith("#"):
            continue
        fields = dict(field.split("=", 1) for field in line.split())
        if fields["error"] == "-":
            cases.append(fields)
    return cases


def ints(text):
    return tuple(int(v) for v in text.split(","))


def taps(case, conv_dir, rng):
    """(y, x, rows, cols, sources, value) for each chosen pixel of a case, or [] when a side's
    padding is wider than the image (numpy.pad 1.x breaks its pattern there: cases_conv.py)."""
    image = np.load(conv_dir / case["image"])
    kernel = np.load(conv_dir / case["kernel"])
    expected = np.load(conv_dir / case["expected"])
    (h, w), (kh, kw) = image.shape, kernel.shape
    (sy, sx), (dy, dx) = ints(case["stride"]), ints(case["dilation"])
    padding = case["padding"]
    padding = ints(padding) if "," in padding else padding
    top, bottom, left, right = resolve_padding(padding, (dy * (kh - 1) + 1, dx * (kw - 1) + 1),
                                               case["op"])
    if max(top, bottom) > h or max(left, right) > w:
        return []
    # Each image pixel holds its flat index; padding reads -1 for zero and constant borders.
    index = np.arange(h * w, dtype=np.int64).reshape(h, w)
    pads = ((top, bottom), (left, right))
    border = case["border"]
    if border in ("zero", "constant"):
        padded = np.pad(index, pads, mode="constant", constant_values=-1)
    else:
        padded = np.pad(index, pads, mode=NUMPY_PAD_MODE[border])
    oh, ow = expected.shape
    pixels = {(oh - 1, ow - 1), (int(rng.integers(oh)), int(rng.integers(ow)))}
    found = []
    for y, x in sorted(pixels):
        # The window's place in the padded image, then back to input coordinates.
        py = y * sy + dy * np.arange(kh)
        px = x * sx + dx * np.arange(kw)
        sources = padded[np.ix_(py, px)]
        found.append((y, x, py - top, px - left, sources, float(expected[y, x])))
    return found


def text(values):
    return ",".join(str(int(v)) for v in np.ravel(values))


def generate(out_dir):
    conv_dir = out_dir / "conv"
    rng = np.random.default_rng(SEED)
    lines = []
    for case in parse_manifest(conv_dir / "manifest.txt"):
        for y, x, rows, cols, sources, value in taps(case, conv_dir, rng):
            lines.append(f"case={case['name']} y={y} x={x} rows={text(rows)} cols={text(cols)} "
                         f"sources={text(sources)} value={value!r}")
    header = [
        "# convscope golden explain cases: tap coordinates from numpy.pad of an index image,",
        "# the map value from SciPy (tests/golden/cases_explain.py). case names a line of",
        "# ../conv/manifest.txt; sources: the flat image index each tap reads, -1 for a fill.",
        f"# {len(lines)} pixels.",
    ]
    (out_dir / "explain").mkdir(parents=True, exist_ok=True)
    (out_dir / "explain" / "manifest.txt").write_text("\n".join(header + lines) + "\n")
