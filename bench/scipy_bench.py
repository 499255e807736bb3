#!/usr/bin/python3
"""SciPy on `convscope bench`'s workloads, in the same table format (bench/README.md).

Run with Debian's /usr/bin/python3 (NumPy 1.24, SciPy 1.10). For each workload it times
scipy.signal.correlate2d(image, kernel, 'same') and scipy.signal.fftconvolve(image, flipped
kernel, 'same') (the same correlation), median of N runs after a warm-up; a strided workload is
computed whole and sampled [::s, ::s], which is what SciPy offers. float32 inputs, as convscope's.
Times are the thread's CPU time (steady on a shared machine), or wall-clock time with --wall.

With --convscope FILE (the output of `convscope bench --json`), it then prints one Markdown table
with both tools side by side, the one the README shows.
"""
import argparse
import json
import sys
import time

import numpy as np
import scipy
from scipy import signal

SLOW_RUN_MS = 1000.0  # as convscope bench: a method whose warm-up takes longer is timed once


def gaussian(size, sigma):
    """The notebook's gaussian: outer product of scipy.signal.windows.gaussian (peak 1)."""
    w = signal.windows.gaussian(size, sigma)
    return np.outer(w, w)


def flattop(size):
    w = signal.windows.flattop(size)
    return np.outer(w, w)


def sobel(size, vertical):
    """The notebook's generalized Sobel: offset / squared distance from the centre pixel."""
    c = (size - 1) // 2
    j, i = np.mgrid[0:size, 0:size] - c  # j: row offset, i: column offset
    d2 = i * i + j * j
    d2[c, c] = 1
    k = (i if vertical else j) / d2
    k[c, c] = 0
    return k


def workloads(quick):
    """The same names, shapes and kinds of kernel as cpp/cli/bench.cpp (values drawn here)."""
    rng = np.random.default_rng(2026)
    out = []
    for k in (3, 7, 15, 31):
        out.append((f"512x512 {k}x{k}", 512, [rng.uniform(-1, 1, (k, k))], 1))
    out.append(("512x512 31x31 gaussian", 512, [gaussian(31, 5.0)], 1))
    bank = [sobel(7, True), sobel(7, False), flattop(7), gaussian(7, 1.0)]
    out.append(("512x512 7x7 bank of 4", 512, bank, 1))
    out.append(("512x512 15x15 stride 2", 512, [rng.uniform(-1, 1, (15, 15))], 2))
    if not quick:
        out.append(("2048x2048 31x31", 2048, [rng.uniform(-1, 1, (31, 31))], 1))
    return out


def time_method(run, repeat, clock):
    """Median ms of `repeat` runs after a warm-up (one run if the warm-up is slow)."""
    start = clock()
    result = run()
    runs = 1 if (clock() - start) * 1e3 > SLOW_RUN_MS else repeat
    times = []
    for _ in range(runs):
        start = clock()
        result = run()
        times.append((clock() - start) * 1e3)
    return float(np.median(times)), runs, result


def side_by_side(convscope, scipy_results):
    """A Markdown table: per workload, each convscope method's ms, auto's choice, SciPy's ms."""
    ms = {(r["workload"], r["method"]): r for r in convscope["results"] + scipy_results}
    names = list(dict.fromkeys(r["workload"] for r in scipy_results))
    cols = ["direct", "im2col", "fft", "separable", "auto", "correlate2d", "fftconvolve"]
    print(f"\nms, median of {convscope['repeat']} runs ({convscope.get('clock', 'cpu')} time); "
          "auto: the method it chose and its time over the best convscope method's")
    print("| workload | " + " | ".join(cols) + " | auto vs fftconvolve |")
    print("|" + "---|" * (len(cols) + 2))
    for name in names:
        cells = []
        for col in cols:
            r = ms.get((name, col))
            if r is None:
                cells.append("-")
            elif col == "auto":
                cells.append(f"{r['ms']:.2f} {r['chosen']} ({r['vs_best']:.2f}x)")
            else:
                cells.append(f"{r['ms']:.2f}")
        auto, fftconv = ms.get((name, "auto")), ms.get((name, "fftconvolve"))
        speedup = f"{fftconv['ms'] / auto['ms']:.1f}x faster" if auto and fftconv else "-"
        print(f"| {name} | " + " | ".join(cells) + f" | {speedup} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=None,
                        help="timed runs per method (default 7; 3 with --quick)")
    parser.add_argument("--quick", action="store_true", help="the 512x512 workloads only")
    parser.add_argument("--json", action="store_true", help="one JSON object instead of the table")
    parser.add_argument("--wall", action="store_true", help="wall-clock time instead of CPU time")
    parser.add_argument("--convscope", metavar="FILE",
                        help="`convscope bench --json` output: also print both side by side")
    args = parser.parse_args()
    convscope = None
    if args.convscope:
        with open(args.convscope) as f:
            convscope = json.load(f)
    clock = time.perf_counter if args.wall else time.thread_time
    repeat = args.repeat or (3 if args.quick else 7)
    if not 1 <= repeat <= 1000:
        parser.error(f"--repeat must be a whole number from 1 to 1000, got {repeat}")

    methods = {
        "correlate2d": lambda img, k, s: signal.correlate2d(img, k, "same")[::s, ::s],
        "fftconvolve": lambda img, k, s: signal.fftconvolve(img, k[::-1, ::-1], "same")[::s, ::s],
    }
    results = []
    if not args.json:
        print(f"# scipy {scipy.__version__} bench: median of {repeat} runs after a warm-up, "
              f"{'wall-clock' if args.wall else 'thread CPU'} time; Mpix*taps/s = output pixels x "
              "taps x kernels / s")
        print(f"{'workload':<24} {'method':<11} {'ms':>10} {'Mpix*taps/s':>14} {'runs':>5}")
    for name, side, kernels, stride in workloads(args.quick):
        image = np.random.default_rng(7).uniform(0, 1, (side, side)).astype(np.float32)
        kernels = [k.astype(np.float32) for k in kernels]
        for method, fn in methods.items():
            ms, runs, out = time_method(lambda: [fn(image, k, stride) for k in kernels], repeat,
                                        clock)
            work = out[0].size * kernels[0].size * len(kernels)
            row = {"workload": name, "method": method, "ms": round(ms, 4),
                   "mpix_taps_per_s": round(work / (ms * 1e-3) / 1e6, 2), "runs": runs}
            results.append(row)
            if not args.json:
                print(f"{name:<24} {method:<11} {ms:10.3f} {row['mpix_taps_per_s']:14.1f} {runs:5d}",
                      flush=True)
    if args.json:
        json.dump({"tool": "scipy", "repeat": repeat, "clock": "wall" if args.wall else "cpu",
                   "results": results}, sys.stdout, indent=1)
        print()
    if convscope:
        side_by_side(convscope, results)


if __name__ == "__main__":
    main()
