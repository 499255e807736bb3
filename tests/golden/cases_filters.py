"""Golden cases for the filter presets, the CNN stages, the canvas channels and the colormap
rendering. Expected values come from SciPy and NumPy (the notebook's load_sample_filters, pooling
with NaN padding and np.nanmax / np.nanmean, correlate2d summed over channels, Rec. 601 luma, and
render.hpp's rule written again here in NumPy), never from the engine.

Writes out_dir/filters/: five manifests and the .npy files they name (all '<f4', C order). Each
manifest line is whitespace-separated columns in the order its '#' header line gives; .npy paths
are relative to out_dir/filters/.

  kernels.txt       file size sigma theta wavelength names   file: (len(names), K, K), names
                                                             comma-separated, in stack order
  pool.txt          input expected size_y size_x stride_y stride_x top bottom left right mode
  multichannel.txt  image kernel expected padding border stride_y stride_x op tolerance
                    image: (C, H, W); kernel: (C, kh, kw); expected: 2-D
  image.txt         rgba luminance red green blue            rgba: (H, W, 4) holding 0..255
  render.txt        map expected colormap range lo hi negative used_lo used_hi
                    expected: (H, W, 4) holding 0..255; used_lo / used_hi: the range render()
                    reports, as float32 written with repr (exact)
"""
import pathlib
import re

import numpy as np
from scipy import signal

ROOT = pathlib.Path(__file__).resolve().parents[2]
COLORMAP_TABLES = ROOT / "cpp" / "src" / "colormap_tables.inc"

# ---------------------------------------------------------------------------------------------
# Filter presets: the ones with a SciPy / NumPy definition (the fixed 3x3 classics are asserted
# against their textbook matrices in tests/engine/test_filters.cpp).


def centre_pixel(size):
    """The notebook's sobel() centre: (size - 1) // 2, upper-left of the middle four if even."""
    return (size - 1) // 2


def generalized_sobel(size, axis):
    """The notebook's sobel(size, axis): for column offset i' and row offset j' from the centre
    pixel, i' / (i'^2 + j'^2) (axis 0, vertical) or j' / (i'^2 + j'^2) (axis 1), 0 at the
    centre."""
    rows, cols = np.indices((size, size)) - centre_pixel(size)
    norm = cols * cols + rows * rows
    numerator = cols if axis == 0 else rows
    with np.errstate(invalid="ignore", divide="ignore"):
        k = np.where(norm == 0, 0.0, numerator / np.where(norm == 0, 1, norm))
    return k


def offsets(size):
    """(x, u): x to the right, u upwards on screen, from the continuous centre (size - 1) / 2."""
    m = (size - 1) / 2.0
    rows, cols = np.indices((size, size), dtype=np.float64)
    return cols - m, m - rows


def impulse(size):
    k = np.zeros((size, size))
    k[centre_pixel(size), centre_pixel(size)] = 1.0
    return k


def gaussian_blur(size, sigma):
    g = np.outer(signal.windows.gaussian(size, sigma), signal.windows.gaussian(size, sigma))
    return g / g.sum()


def laplacian_of_gaussian(size, sigma):
    """Laplacian of the normalized 2-D gaussian, sampled, minus its mean (sums to 0)."""
    x, u = offsets(size)
    r2, s2 = x * x + u * u, sigma * sigma
    k = (r2 - 2 * s2) / (s2 * s2) * np.exp(-r2 / (2 * s2)) / (2 * np.pi * s2)
    return k - k.mean()


def gabor(size, sigma, theta, wavelength):
    """exp(-(x^2 + u^2) / (2 sigma^2)) cos(2 pi (x cos theta + u sin theta) / wavelength)."""
    x, u = offsets(size)
    t = np.deg2rad(theta)
    envelope = np.exp(-(x * x + u * u) / (2 * sigma * sigma))
    return envelope * np.cos(2 * np.pi / wavelength * (x * np.cos(t) + u * np.sin(t)))


def motion_blur(size, theta):
    """An anti-aliased line through the centre: max(0, 1 - distance from the line) where the
    projection on the line is within size / 2, normalized to sum 1."""
    x, u = offsets(size)
    t = np.deg2rad(theta)
    along = x * np.cos(t) + u * np.sin(t)
    across = -x * np.sin(t) + u * np.cos(t)
    k = np.where(np.abs(along) <= size / 2.0, np.maximum(0.0, 1 - np.abs(across)), 0.0)
    return k / k.sum()


def reference_filters(size, sigma, theta, wavelength):
    """name -> kernel (float64), in the engine's filter_names() order."""
    return {
        "vertical": generalized_sobel(size, 0),
        "horizontal": generalized_sobel(size, 1),
        "flattop": np.outer(signal.windows.flattop(size), signal.windows.flattop(size)),
        "gaussian": np.outer(signal.windows.gaussian(size, sigma),
                             signal.windows.gaussian(size, sigma)),
        "identity": impulse(size),
        "box_blur": np.full((size, size), 1.0 / (size * size)),
        "gaussian_blur": gaussian_blur(size, sigma),
        "unsharp_mask": 2 * impulse(size) - gaussian_blur(size, sigma),
        "diagonal": generalized_sobel(size, 0) + generalized_sobel(size, 1),
        "laplacian_of_gaussian": laplacian_of_gaussian(size, sigma),
        "gabor": gabor(size, sigma, theta, wavelength),
        "motion_blur": motion_blur(size, theta),
    }


# (size, sigma, theta, wavelength): every size class (1, even, odd, the 63 limit) at the defaults,
# then other sigmas, angles and wavelengths on odd and even sizes.
KERNEL_PARAMS = [(s, 1.0, 0.0, 4.0) for s in (1, 2, 3, 4, 5, 7, 8, 15, 32, 63)] + [
    (7, 0.5, 30.0, 6.5),
    (8, 2.5, 90.0, 5.0),
    (9, 1.75, 45.0, 2.0),
    (6, 3.0, 135.0, 4.0),
    (15, 2.0, 200.0, 8.0),
    (31, 5.0, -60.0, 12.0),
]


def number(value):
    """A float as the manifest writes it: repr, exact for the float32 values used here."""
    return repr(float(value))


def write(path, array):
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, np.ascontiguousarray(array, dtype=np.float32))


def generate_kernels(out):
    lines = ["# file size sigma theta wavelength names"]
    for size, sigma, theta, wavelength in KERNEL_PARAMS:
        bank = reference_filters(size, sigma, theta, wavelength)
        name = f"kernels/size{size}_sigma{sigma:g}_theta{theta:g}_wl{wavelength:g}.npy"
        write(out / name, np.stack(list(bank.values())))
        lines.append(" ".join([name, str(size), number(sigma), number(theta), number(wavelength),
                               ",".join(bank)]))
    return lines


# ---------------------------------------------------------------------------------------------
# CNN stages


def random_array(shape, seed, lo=-1.0, hi=1.0):
    """float32, uniform in [lo, hi), seeded per array so each is reproducible on its own."""
    return np.random.default_rng(seed).uniform(lo, hi, size=shape).astype(np.float32)


def pool_reference(image, size, stride, pad, mode):
    """The notebook's pooling: pad with NaN (so padded cells are not values), slide windows of
    size at stride, reduce with np.nanmax / np.nanmean."""
    top, bottom, left, right = pad
    padded = np.pad(image.astype(np.float64), ((top, bottom), (left, right)),
                    constant_values=np.nan)
    windows = np.lib.stride_tricks.sliding_window_view(padded, size)[::stride[0], ::stride[1]]
    reduce = np.nanmax if mode == "max" else np.nanmean
    return reduce(windows, axis=(2, 3))


POOL_CASES = [  # (image shape, size, stride, (top, bottom, left, right), mode)
    ((8, 8), (2, 2), (2, 2), (0, 0, 0, 0), "max"),
    ((8, 8), (2, 2), (2, 2), (0, 0, 0, 0), "mean"),
    ((7, 9), (2, 2), (2, 2), (0, 0, 0, 0), "max"),  # odd sides: last row/column unused
    ((7, 9), (3, 3), (2, 2), (1, 1, 1, 1), "max"),  # overlapping windows, padded border
    ((7, 9), (3, 3), (2, 2), (1, 1, 1, 1), "mean"),  # mean over the map cells only
    ((6, 10), (3, 2), (1, 3), (2, 0, 0, 1), "mean"),  # rectangular, uneven padding
    ((6, 10), (3, 2), (1, 3), (2, 0, 0, 1), "max"),
    ((1, 1), (1, 1), (1, 1), (0, 0, 0, 0), "max"),
    ((5, 5), (5, 5), (1, 1), (4, 4, 4, 4), "mean"),  # padding of size - 1: corner windows
    ((12, 5), (4, 1), (3, 1), (0, 3, 0, 0), "max"),
]


def generate_pool(out):
    lines = ["# input expected size_y size_x stride_y stride_x top bottom left right mode"]
    for n, (shape, size, stride, pad, mode) in enumerate(POOL_CASES):
        image = random_array(shape, [1, n], -2.0, 2.0)
        input_name, expected_name = f"pool/input_{n}.npy", f"pool/expected_{n}_{mode}.npy"
        write(out / input_name, image)
        write(out / expected_name, pool_reference(image, size, stride, pad, mode))
        lines.append(" ".join([input_name, expected_name, *map(str, size + stride + pad), mode]))
    return lines


def multichannel_reference(image, kernel, padding, border, stride, op):
    """sum over channels c of the engine's conv2d(image[c], kernel[c]): zero border through
    scipy.signal.correlate2d / convolve2d with the padding as mode; reflect through numpy.pad
    'symmetric' by the 'same' split, then a valid correlation; stride samples [::s, ::s]."""
    total = 0
    for img, k in zip(image.astype(np.float64), kernel.astype(np.float64)):
        if border == "zero":
            f = signal.correlate2d if op == "correlation" else signal.convolve2d
            total = total + f(img, k, mode=padding, boundary="fill")
        else:
            kk = k if op == "correlation" else k[::-1, ::-1]
            kh, kw = k.shape
            top = (kh - 1) // 2 if op == "correlation" else kh // 2
            left = (kw - 1) // 2 if op == "correlation" else kw // 2
            padded = np.pad(img, ((top, kh - 1 - top), (left, kw - 1 - left)), mode="symmetric")
            total = total + signal.correlate2d(padded, kk, mode="valid")
    return total[::stride[0], ::stride[1]]


MULTICHANNEL_CASES = [  # (channels, image hw, kernel hw, padding, border, stride, op)
    (3, (9, 11), (3, 3), "same", "zero", (1, 1), "correlation"),
    (3, (9, 11), (3, 3), "valid", "zero", (1, 1), "correlation"),
    (3, (9, 11), (4, 2), "full", "zero", (2, 1), "convolution"),
    (2, (10, 8), (5, 5), "same", "reflect", (2, 2), "correlation"),
    (4, (6, 7), (4, 4), "same", "zero", (1, 2), "convolution"),
    (1, (8, 8), (3, 5), "same", "zero", (1, 1), "correlation"),
]


def generate_multichannel(out):
    lines = ["# image kernel expected padding border stride_y stride_x op tolerance"]

    def add(tag, image, kernel, padding, border, stride, op):
        expected = multichannel_reference(image, kernel, padding, border, stride, op)
        names = [f"multichannel/{tag}_{part}.npy" for part in ("image", "kernel", "expected")]
        for name, array in zip(names, (image, kernel, expected)):
            write(out / name, array)
        # The team's "agrees": 1e-4 x sum |kernel| x max |image|, over all channels.
        tolerance = 1e-4 * float(np.abs(kernel).sum()) * float(np.abs(image).max())
        lines.append(" ".join([*names, padding, border, str(stride[0]), str(stride[1]), op,
                               number(np.float32(tolerance))]))

    for n, (c, hw, khw, padding, border, stride, op) in enumerate(MULTICHANNEL_CASES):
        add(f"case{n}", random_array((c, *hw), [2, n]), random_array((c, *khw), [3, n]), padding,
            border, stride, op)
    # The notebook's load_sample_filters(size=7, channel=3): each filter repeated per channel, on
    # a colour image, 'valid' as the notebook's sliding-window product.
    image = random_array((3, 16, 20), [4], 0.0, 1.0)
    for name in ("vertical", "gaussian"):
        kernel = reference_filters(7, 1.0, 0.0, 4.0)[name]
        add(f"notebook_{name}", image, np.repeat(kernel[None], 3, axis=0), "valid", "zero",
            (1, 1), "correlation")
    return lines


# ---------------------------------------------------------------------------------------------
# Canvas channels


def generate_image(out):
    lines = ["# rgba luminance red green blue"]
    rng = np.random.default_rng([5])
    cases = {
        "random": rng.integers(0, 256, size=(6, 9, 4)),
        # The extremes: black, white, pure R, G, B, one of each channel at full scale.
        "extremes": np.array([[[0, 0, 0, 255], [255, 255, 255, 0], [255, 0, 0, 7]],
                              [[0, 255, 0, 255], [0, 0, 255, 255], [1, 2, 3, 4]]]),
    }
    for tag, rgba in cases.items():
        rgb = rgba[..., :3].astype(np.float64)
        luma = (0.299 * rgb[..., 0] + 0.587 * rgb[..., 1] + 0.114 * rgb[..., 2]) / 255
        names = [f"image/{tag}_{part}.npy" for part in ("rgba", "luminance", "red", "green",
                                                        "blue")]
        arrays = [rgba, luma, rgb[..., 0] / 255, rgb[..., 1] / 255, rgb[..., 2] / 255]
        for name, array in zip(names, arrays):
            write(out / name, array)
        lines.append(" ".join(names))
    return lines


# ---------------------------------------------------------------------------------------------
# Rendering: render.hpp's rule, written again in NumPy.


def colormap_tables():
    """name -> (256, 3) uint8: gray and gray_r by definition, the rest parsed from the committed
    colormap_tables.inc (tools/make_colormaps.py checks that file against matplotlib)."""
    text = COLORMAP_TABLES.read_text()
    tables = {"gray": np.repeat(np.arange(256)[:, None], 3, axis=1),
              "gray_r": np.repeat(255 - np.arange(256)[:, None], 3, axis=1)}
    for cpp_name, name in (("kViridis", "viridis"), ("kMagma", "magma"), ("kRdBu", "RdBu")):
        body = re.search(cpp_name + r"\[256\]\[3\] = \{(.*?)\n\};", text, re.S).group(1)
        values = np.array([int(v) for v in re.findall(r"\d+", body)])
        assert values.size == 768, f"{cpp_name} has {values.size} values"
        tables[name] = values.reshape(256, 3)
    return tables


def render_reference(values, table, range_mode, lo, hi, negative):
    """(rgba (H, W, 4), used_lo, used_hi) for a float32 map, per render.hpp's four steps."""
    v = values.astype(np.float64)
    if negative == "clip":
        v = np.maximum(v, 0.0)
    elif negative == "abs":
        v = np.abs(v)
    if range_mode == "minmax":
        lo, hi = v.min(), v.max()
    elif range_mode == "symmetric":
        m = np.abs(v).max()
        lo, hi = -m, m
    if negative == "diverging":
        m = max(abs(lo), abs(hi))
        lo, hi = -m, m
    lo, hi = np.float32(lo), np.float32(hi)
    if hi > lo:
        mid = np.float32((float(lo) + float(hi)) / 2)
        scale = np.float32(255.0 / (float(hi) - float(lo)))
        # float32 arithmetic, one rounding per operation (v holds float32 values exactly).
        x = (v.astype(np.float32) - mid) * scale + np.float32(128)
        assert x.dtype == np.float32
        index = np.clip(np.floor(x), 0, 255).astype(int)
    else:
        index = np.full(v.shape, 128)
    rgba = np.concatenate([table[index], np.full(v.shape + (1,), 255)], axis=-1)
    return rgba, lo, hi


def generate_render(out):
    lines = ["# map expected colormap range lo hi negative used_lo used_hi"]
    tables = colormap_tables()
    maps = {
        "random": random_array((9, 11), [6], -2.0, 3.0),
        "flat": np.full((3, 4), 0.7, dtype=np.float32),
        "zeros": np.zeros((2, 5), dtype=np.float32),
        "negative": random_array((4, 6), [7], -5.0, -1.0),
    }
    for tag, values in maps.items():
        write(out / f"render/{tag}_map.npy", values)
    cases = [("random", c, r, n) for c in tables for r in ("minmax", "symmetric", "fixed")
             for n in ("clip", "abs", "diverging")]
    cases += [("flat", "gray", r, n) for r in ("minmax", "symmetric") for n in ("clip", "abs",
                                                                              "diverging")]
    cases += [("zeros", "RdBu", "minmax", "diverging"), ("negative", "gray", "minmax", "clip"),
              ("negative", "viridis", "minmax", "abs"), ("flat", "magma", "fixed", "clip")]
    for tag, cmap, range_mode, negative in cases:
        # A fixed range of [-1, 2], or [0.7, 0.7] (flat) for the flat map.
        lo, hi = (0.7, 0.7) if tag == "flat" else (-1.0, 2.0)
        lo, hi = float(np.float32(lo)), float(np.float32(hi))
        rgba, used_lo, used_hi = render_reference(maps[tag], tables[cmap], range_mode, lo, hi,
                                                  negative)
        name = f"render/{tag}_{cmap}_{range_mode}_{negative}.npy"
        write(out / name, rgba)
        lines.append(" ".join([f"render/{tag}_map.npy", name, cmap, range_mode, number(lo),
                               number(hi), negative, number(used_lo), number(used_hi)]))
    return lines


def generate(out_dir):
    out = pathlib.Path(out_dir) / "filters"
    for manifest, make in (("kernels.txt", generate_kernels), ("pool.txt", generate_pool),
                           ("multichannel.txt", generate_multichannel),
                           ("image.txt", generate_image), ("render.txt", generate_render)):
        (out / manifest).write_text("\n".join(make(out)) + "\n")


if __name__ == "__main__":
    generate(pathlib.Path(__file__).resolve().parent / "data")
