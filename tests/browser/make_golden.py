#!/usr/bin/python3
"""Makes the page test's fixture and its expected pixels, independently of the engine (run with
Debian's /usr/bin/python3; commit both outputs):

  fixtures/pattern.png    23 x 17 8-bit grey: a ramp, a bright block and seeded noise (no symmetry)
  fixtures/rotated.jpg    16 wide x 8 high JPEG, left half white, with EXIF orientation 6 (turn
                          90 degrees clockwise to view): a browser that honours it shows 8 x 16
                          with the white half on top
  fixtures/golden.json    for 5 x 5 'vertical' and 'gaussian' (sigma 1): the SciPy feature map
                          (correlate2d, mode 'same', zero fill) mapped to grey levels by the rule
                          documented in cpp/include/convscope/render.hpp; and the course example's
                          first figure: assets/zero.png (the notebook's zero x 17), 3 x 3 gaussian,
                          'valid', colormap gray_r

Presets as issue 2 defines them: vertical k = j' / (i'^2 + j'^2) (0 at the centre pixel
c = (size - 1) // 2); gaussian = outer(windows.gaussian(size, sigma)), peak 1, not normalized.
"""
import json
import pathlib
import sys

import numpy as np
from PIL import Image
from scipy import signal

SIZE, SIGMA = 5, 1.0
HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "golden"))
from notebook import NOTEBOOK_ZERO, gaussian, vertical  # noqa: E402




def grey_levels(v, negative):
    """render.hpp steps 1-4 for colormap gray, range minmax (gray_r is 255 minus it)."""
    v = v.astype(np.float32).astype(np.float64)
    if negative == "clip":
        v = np.maximum(v, 0)
        lo, hi = v.min(), v.max()
    else:  # diverging: symmetric around 0
        m = max(abs(v.min()), abs(v.max()))
        lo, hi = -m, m
    if hi == lo:
        return np.full(v.shape, 128, dtype=np.uint8)
    i = np.floor((v - lo) * (255 / (hi - lo)) + 0.5)
    return np.clip(i, 0, 255).astype(np.uint8)


rng = np.random.default_rng(4)
h, w = 17, 23
img = np.tile(np.linspace(0, 120, w), (h, 1))
img[3:9, 4:11] = 230
img += rng.integers(0, 25, size=(h, w))
img = np.clip(np.round(img), 0, 255).astype(np.uint8)
(HERE / "fixtures").mkdir(exist_ok=True)
Image.fromarray(img, mode="L").save(HERE / "fixtures" / "pattern.png")

rotated = np.zeros((8, 16), dtype=np.uint8)
rotated[:, :8] = 255
exif = Image.Exif()
exif[0x0112] = 6  # Orientation: the stored image must be turned 90 degrees clockwise
Image.fromarray(rotated, mode="L").save(HERE / "fixtures" / "rotated.jpg", quality=95, exif=exif)

x = img.astype(np.float64)
maps = {
    "vertical": signal.correlate2d(x, vertical(SIZE), mode="same", boundary="fill"),
    "gaussian": signal.correlate2d(x, gaussian(SIZE, SIGMA), mode="same", boundary="fill"),
}
ZERO = NOTEBOOK_ZERO * 17
zero_map = signal.correlate2d(ZERO.astype(np.float64), gaussian(3, 1.0), mode="valid")

golden = {
    "fixture": "pattern.png",
    "width": w,
    "height": h,
    "size": SIZE,
    "sigma": SIGMA,
    "gray_clip": {name: grey_levels(m, "clip").ravel().tolist() for name, m in maps.items()},
    "gray_diverging": {name: grey_levels(m, "diverging").ravel().tolist() for name, m in maps.items()},
    "zero_gaussian3_valid_gray_r": (255 - grey_levels(zero_map, "clip")).ravel().tolist(),
}
(HERE / "fixtures" / "golden.json").write_text(json.dumps(golden) + "\n")
print("wrote fixtures/pattern.png and fixtures/golden.json", img.shape)
