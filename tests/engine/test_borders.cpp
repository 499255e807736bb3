// Border modes against numpy.pad: each expected row below was printed by NumPy 1.24
//   np.pad(np.arange(n), p, mode=m)   for m in edge, symmetric, reflect, wrap
// (replicate = 'edge', reflect = 'symmetric', mirror = 'reflect'), including padding wider than
// the image and the one-pixel image.
#include <catch2/catch.hpp>
#include <limits>
#include <vector>

#include "convscope/borders.hpp"

using convscope::BorderMode;

namespace {

std::vector<int> padded_indices(int n, int p, BorderMode mode) {
  std::vector<int> out;
  for (int i = -p; i < n + p; ++i) out.push_back(convscope::border_index(i, n, mode));
  return out;
}

}  // namespace

TEST_CASE("border modes repeat like numpy.pad, even when padding is wider than the image") {
  CHECK(padded_indices(4, 6, BorderMode::replicate) ==
        std::vector<int>{0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 3, 3, 3, 3, 3, 3});
  CHECK(padded_indices(4, 6, BorderMode::reflect) ==
        std::vector<int>{2, 3, 3, 2, 1, 0, 0, 1, 2, 3, 3, 2, 1, 0, 0, 1});
  CHECK(padded_indices(4, 6, BorderMode::mirror) ==
        std::vector<int>{0, 1, 2, 3, 2, 1, 0, 1, 2, 3, 2, 1, 0, 1, 2, 3});
  CHECK(padded_indices(4, 6, BorderMode::wrap) ==
        std::vector<int>{2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1});
}

TEST_CASE("two-pixel rows: mirror and wrap coincide, reflect doubles each end") {
  CHECK(padded_indices(2, 5, BorderMode::reflect) ==
        std::vector<int>{0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1});
  CHECK(padded_indices(2, 5, BorderMode::mirror) ==
        std::vector<int>{1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0});
  CHECK(padded_indices(2, 5, BorderMode::wrap) ==
        std::vector<int>{1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0});
}

TEST_CASE("a one-pixel image pads to itself in every mode but zero and constant") {
  for (BorderMode mode :
       {BorderMode::replicate, BorderMode::reflect, BorderMode::mirror, BorderMode::wrap}) {
    CHECK(padded_indices(1, 3, mode) == std::vector<int>(7, 0));
  }
  CHECK(padded_indices(1, 2, BorderMode::zero) == std::vector<int>{-1, -1, 0, -1, -1});
}

TEST_CASE("pad_plane fills zero and constant borders and copies the image into the middle") {
  const std::vector<float> pixels{1, 2, 3, 4, 5, 6};  // 2 x 3
  const convscope::PlaneView image{pixels.data(), 2, 3};
  convscope::Plane out;
  convscope::pad_plane(image, {1, 0, 2, 1}, BorderMode::constant, 9.0f, out);
  REQUIRE(out.height == 3);
  REQUIRE(out.width == 6);
  CHECK(out.data == std::vector<float>{9, 9, 9, 9, 9, 9,  //
                                       9, 9, 1, 2, 3, 9,  //
                                       9, 9, 4, 5, 6, 9});
  CHECK(convscope::pad_plane(image, {1, 1, 1, 1}, BorderMode::replicate, 0.0f, out));
  CHECK(out.data == std::vector<float>{1, 1, 2, 3, 3,  //
                                       1, 1, 2, 3, 3,  //
                                       4, 4, 5, 6, 6,  //
                                       4, 4, 5, 6, 6});
  // It reports a non-finite value it copied.
  std::vector<float> with_inf = pixels;
  with_inf[4] = std::numeric_limits<float>::infinity();
  CHECK_FALSE(
      convscope::pad_plane({with_inf.data(), 2, 3}, {1, 1, 1, 1}, BorderMode::zero, 0.0f, out));
}
