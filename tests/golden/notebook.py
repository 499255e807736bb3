"""The notebook's own data and filters, written once for every script that needs them
(cases_conv.py, tests/browser/make_golden.py, assets/make_samples.py)."""
import numpy as np
from scipy import signal

# The notebook's 8x8 digit zero, verbatim.
NOTEBOOK_ZERO = np.array([
    [0, 0, 5, 13, 9, 1, 0, 0],
    [0, 0, 13, 15, 10, 15, 5, 0],
    [0, 3, 15, 2, 0, 11, 8, 0],
    [0, 4, 12, 0, 0, 8, 8, 0],
    [0, 5, 8, 0, 0, 9, 8, 0],
    [0, 4, 11, 0, 1, 12, 7, 0],
    [0, 2, 14, 5, 10, 12, 0, 0],
    [0, 0, 6, 13, 10, 0, 0, 0],
])


def gaussian(size, sigma):
    """The notebook's gaussian preset: outer product of scipy.signal.windows.gaussian, peak 1."""
    window = signal.windows.gaussian(size, sigma)
    return np.outer(window, window)


def vertical(size):
    """The notebook's vertical preset, a generalized Sobel: k = j' / (i'^2 + j'^2) for offsets
    (i', j') from the centre pixel c = (size - 1) // 2, and 0 at the centre."""
    c = (size - 1) // 2
    i, j = np.mgrid[0:size, 0:size] - c
    r2 = i * i + j * j
    return np.where(r2 == 0, 0.0, j / np.where(r2 == 0, 1, r2))
