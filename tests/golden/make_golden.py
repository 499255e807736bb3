#!/usr/bin/python3
"""Makes the SciPy golden data the engine's tests read: tests/golden/data/<suffix>/ for every
cases_<suffix>.py next to this script.

Run with Debian's /usr/bin/python3 (it has NumPy and SciPy):
    /usr/bin/python3 tests/golden/make_golden.py           rewrite tests/golden/data/
    /usr/bin/python3 tests/golden/make_golden.py --check   regenerate into a temporary folder and
                                                           fail, listing the files, on any drift

Protocol for a cases module: cases_<suffix>.py defines generate(out_dir) that writes its files
under out_dir/<suffix>/ (out_dir is the data root; the folder exists when it is called) and returns
nothing. Its data must be deterministic (fixed seeds), so that --check compares byte for byte.
"""
import argparse
import importlib
import pathlib
import shutil
import sys
import tempfile

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
DATA = HERE / "data"


def case_modules():
    """(suffix, module) for every cases_*.py next to this script, in name order."""
    sys.path.insert(0, str(HERE))
    modules = []
    for path in sorted(HERE.glob("cases_*.py")):
        suffix = path.stem[len("cases_"):]
        modules.append((suffix, importlib.import_module(path.stem)))
    return modules


def generate_all(out_dir):
    for suffix, module in case_modules():
        (out_dir / suffix).mkdir(parents=True, exist_ok=True)
        module.generate(out_dir)
    strays = [p for p in out_dir.iterdir()
              if not (p.is_dir() and (HERE / f"cases_{p.name}.py").exists())]
    if strays:
        sys.exit("make_golden: a cases module wrote outside its out_dir/<suffix>/ folder: "
                 + ", ".join(str(p.relative_to(out_dir)) for p in strays))


def relative_files(root):
    return {p.relative_to(root) for p in root.rglob("*") if p.is_file()}


def same_file(a, b):
    """Byte-equal, or for .npy files the same dtype, shape and values (headers may be spaced
    differently by another NumPy)."""
    if a.read_bytes() == b.read_bytes():
        return True
    if a.suffix != ".npy":
        return False
    x, y = np.load(a), np.load(b)
    return x.dtype == y.dtype and x.shape == y.shape and np.array_equal(x, y, equal_nan=True)


def check():
    with tempfile.TemporaryDirectory() as tmp:
        fresh = pathlib.Path(tmp)
        generate_all(fresh)
        committed, regenerated = relative_files(DATA), relative_files(fresh)
        drift = [f"missing from the committed data: {f}" for f in sorted(regenerated - committed)]
        drift += [f"no longer generated: {f}" for f in sorted(committed - regenerated)]
        drift += [f"differs from SciPy's values: {f}" for f in sorted(committed & regenerated)
                  if not same_file(DATA / f, fresh / f)]
    if drift:
        print(f"golden data in {DATA} drifted from what the cases modules generate:")
        for line in drift:
            print("  " + line)
        print("regenerate with: /usr/bin/python3 tests/golden/make_golden.py")
        return 1
    print(f"golden data matches: {len(committed)} files in {DATA}")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="compare a fresh generation with the committed data; exit 1 on drift")
    args = parser.parse_args()
    if args.check:
        return check()
    with tempfile.TemporaryDirectory() as tmp:
        fresh = pathlib.Path(tmp) / "data"
        fresh.mkdir()
        generate_all(fresh)
        shutil.rmtree(DATA, ignore_errors=True)
        shutil.copytree(fresh, DATA)
    files = relative_files(DATA)
    size = sum((DATA / f).stat().st_size for f in files)
    print(f"wrote {len(files)} files, {size / 1e6:.2f} MB, to {DATA}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
