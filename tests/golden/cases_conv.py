"""Golden cases for the convolution engine: every border mode x padding x stride x dilation x op,
odd / even / rectangular kernels, images from 1x1 up, kernels larger than the image, a few larger
images, the notebook's digit, and the cases that must fail. Expected values come from SciPy and
NumPy exactly as issue 2 defines the engine's semantics (see reference() below), never from the
engine. Writes out_dir/conv/: manifest.txt, inputs/*.npy, expected/*.npy (format: README.md).
"""
import numpy as np
from scipy import signal

from notebook import NOTEBOOK_ZERO, gaussian

BORDERS = ["zero", "constant", "replicate", "reflect", "mirror", "wrap"]
# numpy.pad's names for the engine's border modes (spec.hpp draws them).
NUMPY_PAD_MODE = {"replicate": "edge", "reflect": "symmetric", "mirror": "reflect", "wrap": "wrap"}
OPS = ["correlation", "convolution"]
STRIDES = [(1, 1), (2, 2), (3, 3), (2, 1), (1, 3)]
DILATIONS = [(1, 1), (2, 2), (1, 2)]
BORDER_VALUES = [0.5, -1.25, 2.0]
# "Agrees" (the team's tolerance): max abs error <= 1e-4 x sum|kernel| x max|padded image|.
RELATIVE_TOLERANCE = 1e-4


def random_plane(h, w, tag):
    """Uniform in [-1, 1), float32; seeded by the shape and tag so every plane is reproducible on
    its own, whatever order the cases are generated in."""
    rng = np.random.default_rng([h, w, ord(tag)])
    return rng.uniform(-1.0, 1.0, size=(h, w)).astype(np.float32)


def spread(kernel, dilation):
    """The kernel with dilation - 1 zeros between taps: K_eff = dilation * (K - 1) + 1."""
    (kh, kw), (dy, dx) = kernel.shape, dilation
    out = np.zeros(((kh - 1) * dy + 1, (kw - 1) * dx + 1), dtype=kernel.dtype)
    out[::dy, ::dx] = kernel
    return out


def resolve_padding(padding, k_eff, op):
    """(top, bottom, left, right), as output_size.hpp's resolve_padding: for 'same' with an even
    K_eff SciPy puts the odd pixel after for correlation, before for convolution."""
    if isinstance(padding, tuple):
        return padding
    pads = []
    for k in k_eff:
        if padding == "valid":
            pads += [0, 0]
        elif padding == "full":
            pads += [k - 1, k - 1]
        else:
            before = (k - 1) // 2 if op == "correlation" else k // 2
            pads += [before, k - 1 - before]
    return tuple(pads)


def pad_indices(n, before, after, border):
    """Source index of each position along a padded axis of n pixels: numpy.pad's patterns,
    repeated however wide the padding is (spec.hpp draws them).

    NumPy 1.24's np.pad is only right while each side's padding is at most n: wider and uneven
    padding breaks the period in 'wrap' (numpy#22464, numpy#24436) and in 'reflect'/'symmetric'
    (numpy#25926), fixed upstream in NumPy 2 (numpy PRs #22575, #25963). So the index is computed
    here, and reference() checks it against np.pad wherever np.pad is right."""
    i = np.arange(-before, n + after)
    if border == "replicate":  # numpy 'edge'
        return np.clip(i, 0, n - 1)
    if border == "wrap":
        return i % n
    if border == "reflect":  # numpy 'symmetric', period 2n: a b c d d c b a
        m = i % (2 * n)
        return np.where(m < n, m, 2 * n - 1 - m)
    if n == 1:  # mirror of a single pixel repeats it
        return np.zeros_like(i)
    m = i % (2 * n - 2)  # mirror, numpy 'reflect', period 2n - 2: a b c d c b
    return np.where(m < n, m, 2 * n - 2 - m)


def output_size(n, k, stride, dilation, before, after):
    """Issue 2's formula, independent of how the expected array was computed."""
    return (n + before + after - dilation * (k - 1) - 1) // stride + 1


def reference(image, kernel, padding, border, border_value, stride, dilation, op):
    """The expected output in float64, or None when the output would be empty (an error case)."""
    img, k = image.astype(np.float64), spread(kernel.astype(np.float64), dilation)
    top, bottom, left, right = resolve_padding(padding, k.shape, op)
    if img.shape[0] + top + bottom < k.shape[0] or img.shape[1] + left + right < k.shape[1]:
        return None
    # The general route: pad with numpy.pad's patterns (pad_indices), then a 'valid' correlation
    # (correlate2d never swaps its inputs here: the padded image is at least as large as the
    # kernel on both axes).
    if border in ("zero", "constant"):
        value = border_value if border == "constant" else 0.0
        padded = np.pad(img, ((top, bottom), (left, right)), mode="constant",
                        constant_values=value)
    else:
        rows = pad_indices(img.shape[0], top, bottom, border)
        cols = pad_indices(img.shape[1], left, right, border)
        padded = img[np.ix_(rows, cols)]
        if max(top, bottom) <= img.shape[0] and max(left, right) <= img.shape[1]:
            assert np.array_equal(padded, np.pad(img, ((top, bottom), (left, right)),
                                                 mode=NUMPY_PAD_MODE[border]))
    oriented = k if op == "correlation" else k[::-1, ::-1]
    result = signal.correlate2d(padded, oriented, mode="valid")
    if border == "zero" and not isinstance(padding, tuple):
        # Issue 2 defines zero borders by SciPy's own modes; the general route must agree with
        # them, which also proves the 'same' split above.
        scipy_op = signal.correlate2d if op == "correlation" else signal.convolve2d
        direct = scipy_op(img, k, mode=padding, boundary="fill", fillvalue=0)
        assert direct.shape == result.shape and np.allclose(direct, result, rtol=0, atol=1e-12), (
            f"numpy.pad route disagrees with scipy {scipy_op.__name__} mode={padding}")
        result = direct
    result = result[::stride[0], ::stride[1]]
    expected_shape = (
        output_size(img.shape[0], kernel.shape[0], stride[0], dilation[0], top, bottom),
        output_size(img.shape[1], kernel.shape[1], stride[1], dilation[1], left, right))
    assert result.shape == expected_shape, (result.shape, expected_shape)
    return result


class Table:
    """Collects cases; writes each input once and one expected file per case."""

    def __init__(self):
        self.inputs = {}  # file name -> float32 array
        self.lines = []
        self.names = set()
        self.expected_arrays = []  # (file name, float32 array), one per case that has an output

    def add_input(self, name, array):
        file = f"inputs/{name}.npy"
        assert file not in self.inputs or np.array_equal(self.inputs[file], array), name
        self.inputs[file] = np.asarray(array, dtype=np.float32)
        return file

    def add(self, group, image_file, kernel_file, padding="same", border="zero", border_value=0.0,
            stride=(1, 1), dilation=(1, 1), op="correlation", name=None):
        image, kernel = self.inputs[image_file], self.inputs[kernel_file]
        if border != "constant":
            border_value = 0.0
        pad_text = ",".join(map(str, padding)) if isinstance(padding, tuple) else padding
        if name is None:
            (h, w), (kh, kw) = image.shape, kernel.shape
            name = (f"{group}_{border}_{pad_text.replace(',', '-')}_s{stride[0]}x{stride[1]}"
                    f"_d{dilation[0]}x{dilation[1]}_{op[:4]}_{h}x{w}_k{kh}x{kw}")
        assert name not in self.names, f"duplicate case name {name}"
        self.names.add(name)
        result = reference(image, kernel, padding, border, border_value, stride, dilation, op)
        if result is None:
            expected, tolerance, error = "-", "0", "RangeError"
        else:
            expected, error = f"expected/{name}.npy", "-"
            self.expected_arrays.append((expected, result.astype(np.float32)))
            peak = max(float(np.abs(image).max()), abs(border_value))
            tolerance = f"{RELATIVE_TOLERANCE * float(np.abs(kernel).sum()) * peak:.3g}"
        self.lines.append(
            f"name={name} image={image_file} kernel={kernel_file} padding={pad_text} "
            f"border={border} border_value={border_value!r} stride={stride[0]},{stride[1]} "
            f"dilation={dilation[0]},{dilation[1]} op={op} expected={expected} "
            f"tolerance={tolerance} error={error}")


def random_input(table, h, w, tag, prefix):
    return table.add_input(f"{prefix}_{h}x{w}{tag}", random_plane(h, w, tag))


def add_exhaustive(table):
    """Every border x padding x stride x dilation x op, on images up to 16x16; the image/kernel
    pair rotates through odd, even, rectangular and 1-wide kernels."""
    pairs = [((7, 9), (3, 3)), ((12, 12), (4, 4)), ((11, 13), (2, 5)), ((13, 10), (5, 3)),
             ((16, 16), (6, 2)), ((9, 14), (1, 4)), ((14, 11), (4, 3)), ((15, 15), (5, 5))]
    explicit = [(2, 0, 1, 3), (0, 3, 2, 0), (1, 1, 0, 4), (3, 2, 2, 1)]
    i = 0
    for border in BORDERS:
        for padding in ["valid", "same", "full", "explicit"]:
            for stride in STRIDES:
                for dilation in DILATIONS:
                    for op in OPS:
                        pad = explicit[i % len(explicit)] if padding == "explicit" else padding
                        for j in range(len(pairs)):  # the next pair a 'valid' window fits in
                            (h, w), (kh, kw) = pairs[(i + j) % len(pairs)]
                            if (h >= dilation[0] * (kh - 1) + 1
                                    and w >= dilation[1] * (kw - 1) + 1):
                                break
                        table.add("grid", random_input(table, h, w, "a", "img"),
                                  random_input(table, kh, kw, "a", "k"), pad, border,
                                  BORDER_VALUES[i % len(BORDER_VALUES)], stride, dilation, op)
                        i += 1


def add_small_images(table):
    """Images from 1x1 up, kernels as large as or larger than the image, padding wider than the
    image (numpy.pad repeats the pattern), in every border mode."""
    images = [(1, 1), (1, 5), (4, 1), (2, 2), (3, 4)]
    kernels = [(1, 1), (3, 3), (2, 4), (5, 5), (7, 6)]
    paddings = ["valid", "same", "full", (6, 2, 0, 9)]
    i = 0
    for h, w in images:
        for kh, kw in kernels:
            for padding in paddings:
                for border in BORDERS:
                    stride = [(1, 1), (2, 3)][i % 2]
                    dilation = [(1, 1), (2, 1), (1, 1)][i % 3]
                    table.add("small", random_input(table, h, w, "b", "img"),
                              random_input(table, kh, kw, "b", "k"), padding, border,
                              BORDER_VALUES[i % len(BORDER_VALUES)], stride, dilation,
                              OPS[(i // 2) % 2])
                    i += 1


def add_wide_padding(table):
    """Uneven padding many times wider than the image: the patterns must stay periodic (where
    NumPy 1.24's np.pad breaks them; see pad_indices)."""
    i = 0
    for h, w in [(2, 3), (3, 2), (1, 4)]:
        for padding in [(1, 12, 13, 0), (11, 0, 2, 14)]:
            for border in ["replicate", "reflect", "mirror", "wrap"]:
                for op in OPS:
                    table.add("wide", random_input(table, h, w, "e", "img"),
                              random_input(table, 3, 2, "e", "k"), padding, border,
                              stride=[(1, 1), (2, 3)][i % 2], op=op)
                    i += 1


def add_large_images(table):
    """A 64x48 image with 7x7 and 15x15 kernels in a spread of specs."""
    image = random_input(table, 64, 48, "c", "img")
    specs = [
        dict(padding="same"),
        dict(padding="same", op="convolution"),
        dict(padding="valid"),
        dict(padding="full", op="convolution"),
        dict(padding="same", border="reflect", stride=(2, 2)),
        dict(padding="same", border="mirror", dilation=(2, 2), op="convolution"),
        dict(padding=(3, 7, 0, 5), border="wrap", stride=(2, 3)),
        dict(padding="same", border="replicate"),
        dict(padding="same", border="constant", border_value=0.75, op="convolution"),
        dict(padding="full", border="wrap", stride=(3, 3)),
        dict(padding="valid", dilation=(2, 2)),
    ]
    for size in (7, 15):
        kernel = random_input(table, size, size, "c", "k")
        for spec in specs:
            table.add("large", image, kernel, **spec)


def add_errors(table):
    """'valid' (or too little explicit padding) with a kernel larger than the image: RangeError."""
    cases = [((3, 4), (5, 5), "valid", (1, 1)),
             ((5, 5), (3, 7), "valid", (1, 1)),
             ((4, 4), (3, 3), "valid", (2, 2)),
             ((1, 1), (2, 2), "valid", (1, 1)),
             ((3, 3), (6, 6), (1, 1, 0, 0), (1, 1))]
    for (h, w), (kh, kw), padding, dilation in cases:
        table.add("error", random_input(table, h, w, "d", "img"),
                  random_input(table, kh, kw, "d", "k"), padding, dilation=dilation)


def add_notebook(table):
    """The notebook's feature map of the digit zero with its 5x5 gaussian (sigma 1): 'valid',
    4x4, as the notebook computes it, and 'same'."""
    zero = table.add_input("notebook_zero", NOTEBOOK_ZERO)
    g5 = table.add_input("notebook_gaussian5_sigma1", gaussian(5, 1.0))
    table.add("notebook", zero, g5, "valid", name="notebook_zero_gaussian5_valid")
    table.add("notebook", zero, g5, "same", name="notebook_zero_gaussian5_same")


def write(path, array):
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, np.ascontiguousarray(array, dtype="<f4"))


def generate(out_dir):
    root = out_dir / "conv"
    table = Table()
    add_notebook(table)
    add_exhaustive(table)
    add_small_images(table)
    add_wide_padding(table)
    add_large_images(table)
    add_errors(table)
    for file, array in sorted(table.inputs.items()):
        write(root / file, array)
    for file, array in table.expected_arrays:
        write(root / file, array)
    header = [
        "# convscope golden cases: expected values from SciPy/NumPy (tests/golden/cases_conv.py).",
        "# One case a line, whitespace-separated key=value fields; paths relative to this file.",
        f"# {len(table.lines)} cases.",
    ]
    (root / "manifest.txt").write_text("\n".join(header + table.lines) + "\n")
