#!/usr/bin/python3
"""Writes the page's bundled sample images into assets/ (run with Debian's /usr/bin/python3).

  ascent.png  512 x 512 8-bit grayscale: scipy.misc.ascent(), the notebook's sample image
  face.png    1024 x 768 8-bit RGB:      scipy.misc.face(), a colour image for the RGB channels mode
  zero.png    8 x 8 8-bit grayscale:     the notebook's digit zero (values 0..15), times 17 so that
                                         15 becomes 255 exactly (lossless: divide by 17 to get back)
"""
import pathlib
import sys
import warnings

import numpy as np
from PIL import Image

with warnings.catch_warnings():
    # scipy.misc's datasets are deprecated in SciPy 1.10 but are the ones Debian ships offline.
    warnings.simplefilter("ignore", DeprecationWarning)
    from scipy import misc

    ascent = misc.ascent()
    face = misc.face()


out = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(out.parent / "tests" / "golden"))
from notebook import NOTEBOOK_ZERO as ZERO  # noqa: E402
Image.fromarray(ascent.astype(np.uint8), mode="L").save(out / "ascent.png", optimize=True)
Image.fromarray(face.astype(np.uint8), mode="RGB").save(out / "face.png", optimize=True)
Image.fromarray((ZERO * 17).astype(np.uint8), mode="L").save(out / "zero.png")
for name in ("ascent.png", "face.png", "zero.png"):
    print(name, Image.open(out / name).size, (out / name).stat().st_size, "bytes")
