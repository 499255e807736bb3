"""The convscope command line against NumPy and SciPy.

Run with Debian's Python (it has NumPy and SciPy):  /usr/bin/python3 tests/cli/test_cli.py BINARY
Each case writes random .npy inputs to a temporary folder, runs the binary, and compares its
output with values computed here by SciPy / numpy.pad, never by the engine. Prints one line per
case and "N passed, M failed"; exits 1 if any case failed.
"""

import os
import subprocess
import sys
import tempfile
import traceback

import numpy as np
from scipy import signal
from scipy.signal import windows

BINARY = None
WORKDIR = None
RNG = np.random.default_rng(20261125)
CASES = []


def case(function):
    CASES.append(function)
    return function


def run(*args):
    """Runs the binary; returns (exit code, stdout, stderr)."""
    done = subprocess.run([BINARY, *map(str, args)], capture_output=True, text=True, timeout=60)
    return done.returncode, done.stdout, done.stderr


def save(name, array):
    path = os.path.join(WORKDIR, name)
    np.save(path, array)
    return path


def random(*shape, dtype=np.float32):
    return RNG.uniform(-1.0, 1.0, size=shape).astype(dtype)


def conv(image, kernel, *options):
    """Runs `convscope conv` on the two arrays; returns (output array, stdout)."""
    out = os.path.join(WORKDIR, "out.npy")
    if os.path.exists(out):
        os.remove(out)
    code, stdout, stderr = run(
        "conv", "--image", save("image.npy", image), "--kernel", save("kernel.npy", kernel),
        "--out", out, *options)
    assert code == 0, f"exit {code}: {stderr}"
    result = np.load(out)
    assert result.dtype == np.float32, result.dtype
    assert f"shape: {result.shape}" in stdout, stdout
    return result, stdout


def assert_agrees(actual, expected, image, kernel):
    """The team's tolerance: 1e-4 x sum|kernel| x max|image| (per kernel of a bank)."""
    assert actual.shape == expected.shape, f"shape {actual.shape}, expected {expected.shape}"
    kernels = kernel.reshape(-1, *kernel.shape[-2:])
    tolerance = 1e-4 * max(np.abs(k).sum() for k in kernels) * np.abs(image).max()
    error = np.abs(actual.astype(np.float64) - expected).max()
    assert error <= tolerance, f"max abs error {error:.3g} > {tolerance:.3g}"


def spread(kernel, dy, dx):
    """The kernel with dy-1 (dx-1) zeros between taps: what dilation correlates with."""
    kh, kw = kernel.shape
    out = np.zeros((dy * (kh - 1) + 1, dx * (kw - 1) + 1), kernel.dtype)
    out[::dy, ::dx] = kernel
    return out


def padded_valid(image, kernel, pad, np_mode, **pad_args):
    """numpy.pad by pad = (top, bottom, left, right) with np_mode, then a 'valid' correlation.

    np_mode "periodic" indexes modulo the size instead: NumPy 1.24's 'wrap' is not periodic when
    one side's pad is wider than the image and the two sides differ (numpy/numpy#24436).
    """
    top, bottom, left, right = pad
    source = image.astype(np.float64)
    if np_mode == "periodic":
        (h, w) = source.shape
        source = source[np.ix_(np.arange(-top, h + bottom) % h, np.arange(-left, w + right) % w)]
    else:
        source = np.pad(source, ((top, bottom), (left, right)), np_mode, **pad_args)
    return signal.correlate2d(source, kernel.astype(np.float64), "valid")


@case
def same_zero_correlation_is_correlate2d_with_even_kernel():
    image, kernel = random(23, 31), random(4, 5)
    result, stdout = conv(image, kernel, "--padding", "same", "--method", "direct")
    assert_agrees(result, signal.correlate2d(image, kernel, "same"), image, kernel)
    assert "method: direct" in stdout, stdout


@case
def full_convolution_is_convolve2d():
    image, kernel = random(17, 12), random(3, 6)
    result, stdout = conv(image, kernel, "--padding", "full", "--op", "convolution",
                          "--method", "im2col")
    assert_agrees(result, signal.convolve2d(image, kernel, "full"), image, kernel)
    assert "method: im2col" in stdout, stdout


@case
def same_convolution_even_kernel_is_convolve2d():
    image, kernel = random(20, 19), random(4, 4)
    result, _ = conv(image, kernel, "--padding", "same", "--op", "convolution")
    assert_agrees(result, signal.convolve2d(image, kernel, "same"), image, kernel)


@case
def separable_method_runs_rank_1_kernels_and_refuses_others():
    image = random(45, 38)
    kernel = np.outer(windows.gaussian(9, 2.0), random(7, dtype=np.float64)).astype(np.float32)
    result, stdout = conv(image, kernel, "--method", "separable", "--padding", "full")
    assert "method: separable" in stdout, stdout
    assert_agrees(result, signal.correlate2d(image, kernel, "full"), image, kernel)
    code, _, stderr = run("conv", "--image", save("image.npy", image), "--kernel",
                          save("kernel.npy", random(5, 5)), "--out",
                          os.path.join(WORKDIR, "refused.npy"), "--method", "separable")
    assert code == 1 and "rank-1" in stderr, (code, stderr)


@case
def kernel_bank_3d_gives_one_map_per_kernel():
    image, bank = random(40, 33), random(3, 5, 5)
    result, _ = conv(image, bank, "--padding", "valid", "--method", "fft")
    expected = np.stack([signal.correlate2d(image, k, "valid") for k in bank])
    assert result.shape == (3, 36, 29), result.shape
    assert_agrees(result, expected, image, bank)


@case
def float64_inputs_are_read_and_converted():
    image, kernel = random(31, 28, dtype=np.float64), random(7, 7, dtype=np.float64)
    result, stdout = conv(image, kernel, "--padding", "same", "--method", "fft")
    assert_agrees(result, signal.correlate2d(image, kernel, "same"), image, kernel)
    assert "method: fft" in stdout, stdout


@case
def stride_y_x_samples_the_same_result():
    image, kernel = random(29, 37), random(3, 3)
    result, _ = conv(image, kernel, "--stride", "2,3", "--padding", "same")
    expected = signal.correlate2d(image, kernel, "same")[::2, ::3]
    assert result.shape == (15, 13), result.shape
    assert_agrees(result, expected, image, kernel)


@case
def explicit_padding_with_reflect_border_is_numpy_pad_symmetric():
    image, kernel = random(16, 21), random(5, 3)
    result, _ = conv(image, kernel, "--padding", "1,2,3,4", "--border", "reflect")
    expected = padded_valid(image, kernel, (1, 2, 3, 4), "symmetric")
    assert result.shape == (16 + 3 - 4, 21 + 7 - 2), result.shape
    assert_agrees(result, expected, image, kernel)


@case
def other_borders_match_numpy_pad_even_wider_than_the_image():
    image, kernel = random(5, 6), random(3, 3)
    pad = (7, 2, 1, 8)  # 7 and 8 are wider than the image
    for border, np_mode, pad_args in [("constant", "constant", {"constant_values": -1.5}),
                                      ("replicate", "edge", {}), ("mirror", "reflect", {}),
                                      ("wrap", "periodic", {})]:
        result, _ = conv(image, kernel, "--padding", ",".join(map(str, pad)), "--border", border,
                         "--border-value", "-1.5", "--stride", "2")
        expected = padded_valid(image, kernel, pad, np_mode, **pad_args)[::2, ::2]
        try:
            assert_agrees(result, expected, image, kernel)
        except AssertionError as error:
            raise AssertionError(f"border {border}: {error}") from None


@case
def dilation_y_x_correlates_with_the_spread_kernel():
    image, kernel = random(26, 24), random(3, 4)
    result, _ = conv(image, kernel, "--dilation", "2,1", "--padding", "valid",
                     "--method", "direct")
    expected = signal.correlate2d(image, spread(kernel, 2, 1), "valid")
    assert result.shape == (22, 21), result.shape
    assert_agrees(result, expected, image, kernel)


@case
def image_channels_are_convolved_separately_channel_major():
    image, bank = random(2, 18, 15), random(3, 3, 3)
    result, _ = conv(image, bank, "--padding", "same", "--border", "replicate")
    expected = np.stack([padded_valid(channel, k, (1, 1, 1, 1), "edge")
                         for channel in image for k in bank])
    assert result.shape == (6, 18, 15), result.shape
    assert_agrees(result, expected, image, bank)


@case
def sum_channels_is_a_cnn_layer_correlate2d_summed_over_channels():
    image, kernel = random(3, 12, 10), random(3, 3, 3)
    for method in ["direct", "fft"]:
        result, stdout = conv(image, kernel, "--padding", "valid", "--sum-channels", "yes",
                              "--method", method)
        expected = sum(signal.correlate2d(c, k, "valid") for c, k in zip(image, kernel))
        assert result.shape == (10, 8), result.shape
        assert f"method: {method}" in stdout, stdout
        assert_agrees(result, expected, image, kernel)


@case
def filters_match_the_scipy_definitions_of_the_notebook_four():
    out = os.path.join(WORKDIR, "bank.npy")
    names = ["gaussian", "flattop", "vertical", "horizontal"]
    code, stdout, stderr = run("filters", "--size", 7, "--sigma", 1.5, "--names", ",".join(names),
                               "--out", out)
    assert code == 0, f"exit {code}: {stderr}"
    printed = [line.split("\t")[0] for line in stdout.splitlines()]
    assert printed == names, printed
    assert all(len(line.split("\t")) == 2 and line.split("\t")[1] for line in
               stdout.splitlines()), "each name needs a description:\n" + stdout
    bank = np.load(out)
    assert bank.shape == (4, 7, 7) and bank.dtype == np.float32, (bank.shape, bank.dtype)
    g, f = windows.gaussian(7, 1.5), windows.flattop(7)
    i, j = np.mgrid[-3:4, -3:4].astype(np.float64)  # row and column offsets from the centre
    r2 = np.where(i * i + j * j == 0, 1.0, i * i + j * j)
    expected = {"gaussian": np.outer(g, g), "flattop": np.outer(f, f),
                "vertical": j / r2, "horizontal": i / r2}
    for name, kernel in zip(names, bank):
        error = np.abs(kernel - expected[name]).max()
        assert error <= 1e-6, f"{name}: max abs error {error:.3g}\n{kernel}"


@case
def filters_without_names_lists_the_whole_bank_in_file_order():
    out = os.path.join(WORKDIR, "all.npy")
    code, stdout, stderr = run("filters", "--size", 5, "--out", out)
    assert code == 0, f"exit {code}: {stderr}"
    names = [line.split("\t")[0] for line in stdout.splitlines()]
    bank = np.load(out)
    assert bank.shape == (len(names), 5, 5), (bank.shape, names)
    assert {"gaussian", "flattop", "vertical", "horizontal"} <= set(names), names
    assert len(set(names)) == len(names), names
    assert "sobel_x" not in names and "sobel_x" in stderr, "the 3 x 3 Sobel must be left out, " \
        "saying so on stderr:\n" + stderr
    code, stdout_again, _ = run("filters", "--size", 5, "--names", names[-1])
    assert code == 0 and stdout_again.split("\t")[0] == names[-1], stdout_again


def expected_axis(n, k, stride, dilation, before, after):
    """The issue's formula, and the input rows no window reaches (counted from the far edge)."""
    span = dilation * (k - 1) + 1
    out = (n + before + after - span) // stride + 1
    reached = (out - 1) * stride + span  # padded rows up to the last window's end
    return out, max(0, n + before - reached)


@case
def output_size_prints_the_formula_numbers():
    # 'same' with an even effective kernel 4 (dilation 1) on y: correlation pads 1 before, 2 after.
    code, stdout, stderr = run("output-size", "--height", 30, "--width", 29, "--kernel", "4,3",
                               "--stride", "4,3", "--dilation", "1,2", "--padding", "same")
    assert code == 0, f"exit {code}: {stderr}"
    oy, uy = expected_axis(30, 4, 4, 1, 1, 2)
    ox, ux = expected_axis(29, 3, 3, 2, 2, 2)
    assert f"output: {oy} x {ox}" in stdout, stdout
    assert "padding: top 1, bottom 2, left 2, right 2" in stdout, stdout
    assert f"unused: {uy} rows, {ux} columns" in stdout, stdout
    # explicit padding, uneven division: the last 3 rows are left over, every column is reached
    code, stdout, stderr = run("output-size", "--height", 20, "--width", 17, "--kernel", 3,
                               "--stride", 5, "--padding", "1,0,0,2")
    assert code == 0, f"exit {code}: {stderr}"
    oy, uy = expected_axis(20, 3, 5, 1, 1, 0)
    ox, ux = expected_axis(17, 3, 5, 1, 0, 2)
    assert (oy, uy, ox, ux) == (4, 3, 4, 0), (oy, uy, ox, ux)
    assert f"output: {oy} x {ox}" in stdout and f"unused: {uy} rows, {ux} columns" in stdout, \
        stdout
    assert "height: floor((20 + 1 + 0 - 1 * (3 - 1) - 1) / 5) + 1 = 4" in stdout, stdout


def assert_fails(args, code, *needles):
    got, stdout, stderr = run(*args)
    assert got == code, f"{args}: exit {got}, expected {code}; stderr: {stderr}"
    for needle in needles:
        assert needle in stderr, f"{args}: {needle!r} not in stderr: {stderr!r}"
    assert stderr.count("\n") == 1, f"expected a one-line message, got {stderr!r}"


@case
def bad_command_line_values_exit_2_naming_the_value():
    image, kernel = save("e_image.npy", random(8, 8)), save("e_kernel.npy", random(3, 3))
    out = os.path.join(WORKDIR, "e_out.npy")
    base = ["conv", "--image", image, "--kernel", kernel, "--out", out]
    assert_fails(base + ["--stride", "abc"], 2,
                 "--stride: expected a positive integer or y,x, got 'abc'")
    assert_fails(base + ["--stride", "0,1"], 2, "--stride", "'0,1'")
    assert_fails(base + ["--dilation", "1,2,3"], 2, "--dilation", "'1,2,3'")
    assert_fails(base + ["--border", "reflekt"], 2, "--border", "'reflekt'")
    assert_fails(base + ["--padding", "1,2,3"], 2, "--padding", "'1,2,3'")
    assert_fails(base + ["--method", "magic"], 2, "--method", "'magic'")
    assert_fails(base + ["--border-value", "nan"], 2, "--border-value", "'nan'")
    assert_fails(base + ["--stride", "5000"], 2, "stride", "5000")
    assert_fails(base + ["--strid", "2"], 2, "unknown option '--strid'")
    assert_fails(["conv", "--image", image, "--out", out], 2, "--kernel")
    assert_fails(["filters", "--size", "-3"], 2, "--size", "'-3'")
    assert_fails(["filters", "--names", "gaussian,nosuch"], 2, "'nosuch'")
    assert_fails(["filters", "--sigma", "0"], 2, "sigma", "0")
    assert_fails(base + ["--border-value", "1e39"], 2, "border value", "inf")
    got, _, stderr = run("nonsense")
    assert got == 2 and "unknown command 'nonsense'" in stderr, (got, stderr)
    assert not os.path.exists(out), "no output may be written after an error"


@case
def bad_files_and_engine_errors_exit_1_naming_the_file():
    image, kernel = save("f_image.npy", random(8, 8)), save("f_kernel.npy", random(3, 3))
    out = os.path.join(WORKDIR, "f_out.npy")
    missing = os.path.join(WORKDIR, "missing.npy")
    assert_fails(["conv", "--image", missing, "--kernel", kernel, "--out", out], 1, missing)
    text = os.path.join(WORKDIR, "not.npy")
    with open(text, "w") as f:
        f.write("1 2 3\n4 5 6\n")
    assert_fails(["conv", "--image", image, "--kernel", text, "--out", out], 1, "not a .npy", text)
    ints = save("ints.npy", np.arange(9, dtype=np.int32).reshape(3, 3))
    assert_fails(["conv", "--image", ints, "--kernel", kernel, "--out", out], 1, "<i4")
    big = save("f_big.npy", random(9, 9))
    assert_fails(["conv", "--image", image, "--kernel", big, "--out", out, "--padding", "valid"],
                 1, "8", "9")
    nan_image = random(8, 8)
    nan_image[2, 5] = np.nan
    nan = save("f_nan.npy", nan_image)
    assert_fails(["conv", "--image", nan, "--kernel", kernel, "--out", out], 1, "NaN", "(2, 5)")
    assert not os.path.exists(out), "no output may be written after an error"


@case
def help_documents_every_option():
    code, stdout, _ = run("--help")
    assert code == 0 and all(c in stdout for c in ["conv", "filters", "output-size", "bench"]), \
        stdout
    options = {
        "conv": ["--image", "--kernel", "--out", "--padding", "--border", "--border-value",
                 "--stride", "--dilation", "--op", "--method"],
        "filters": ["--size", "--sigma", "--names", "--out"],
        "output-size": ["--height", "--width", "--kernel", "--stride", "--dilation",
                        "--padding", "--op"],
    }
    for command, names in options.items():
        code, stdout, stderr = run(command, "--help")
        assert code == 0, f"{command} --help: exit {code}: {stderr}"
        for name in names:
            assert f"  {name} " in stdout, f"{command} --help lacks {name}:\n{stdout}"
        assert "exit codes" in stdout, stdout
    code, stdout, stderr = run("bench", "--help")  # forwarded to bench's own help
    assert code == 0 and "--repeat" in stdout, f"bench --help: exit {code}: {stdout}{stderr}"
    assert_fails(["bench", "--repaet"], 2, "--repaet")


def main():
    global BINARY, WORKDIR
    if len(sys.argv) != 2 or not os.access(sys.argv[1], os.X_OK):
        print("usage: /usr/bin/python3 tests/cli/test_cli.py PATH_TO_CONVSCOPE", file=sys.stderr)
        return 2
    BINARY = os.path.abspath(sys.argv[1])
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="convscope_cli_") as WORKDIR:
        for test in CASES:
            try:
                test()
            except Exception:  # a failed assert or a crash: report it and go on
                failed += 1
                print(f"FAIL {test.__name__}\n" + traceback.format_exc(limit=1), flush=True)
            else:
                passed += 1
                print(f"PASS {test.__name__}", flush=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
