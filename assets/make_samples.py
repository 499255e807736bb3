#!/usr/bin/python3
"""Writes the page's bundled sample images into assets/ (run with Debian's /usr/bin/python3).

  ascent.png  512 x 512 8-bit grayscale: scipy.misc.ascent(), the notebook's sample image
  face.png    1024 x 768 8-bit RGB:      scipy.misc.face(), a colour image for the RGB channels mode
  zero.png    8 x 8 8-bit grayscale:     the notebook's digit zero (values 0..15), times 17 so that
                                         15 becomes 255 exactly (lossless: divide by 17 to get back)
"""
import pathlib
import warnings

import numpy as np
from PIL import Image

with warnings.catch_warnings():
    # scipy.misc's datasets are deprecated in SciPy 1.10 but are the ones Debian ships offline.
    warnings.simplefilter("ignore", DeprecationWarning)
    from scipy import misc

    ascent = misc.ascent()
    face = misc.face()

# The notebook's zero, verbatim.
ZERO = np.array([
    [0, 0, 5, 13, 9, 1, 0, 0],
    [0, 0, 13, 15, 10, 15, 5, 0],
    [0, 3, 15, 2, 0, 11, 8, 0],
    [0, 4, 12, 0, 0, 8, 8, 0],
    [0, 5, 8, 0, 0, 9, 8, 0],
    [0, 4, 11, 0, 1, 12, 7, 0],
    [0, 2, 14, 5, 10, 12, 0, 0],
    [0, 0, 6, 13, 10, 0, 0, 0],
])

out = pathlib.Path(__file__).resolve().parent
Image.fromarray(ascent.astype(np.uint8), mode="L").save(out / "ascent.png", optimize=True)
Image.fromarray(face.astype(np.uint8), mode="RGB").save(out / "face.png", optimize=True)
Image.fromarray((ZERO * 17).astype(np.uint8), mode="L").save(out / "zero.png")
for name in ("ascent.png", "face.png", "zero.png"):
    print(name, Image.open(out / name).size, (out / name).stat().st_size, "bytes")
