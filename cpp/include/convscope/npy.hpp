// NumPy's .npy files: how the CLI, the golden tests and the page exchange arrays with NumPy.
//
// A file is  "\x93NUMPY" major minor | header length (2 bytes LE in 1.0, 4 in 2.0/3.0) |
// a Python dict literal  {'descr': '<f4', 'fortran_order': False, 'shape': (H, W), }  padded
// with spaces and '\n' to a multiple of 64 bytes | the elements, C order.
// Read: little-endian float32 ('<f4') or float64 ('<f8', converted to float), C order, 2-D or
// 3-D. Written: '<f4', C order, byte for byte what numpy.save writes for the same array.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace convscope {

// shape: 2 or 3 dimensions (H, W) or (N, H, W); data: product(shape) floats, C order (last
// index fastest), owned.
struct NpyArray {
  std::vector<int> shape;
  std::vector<float> data;
};

// Parses the n bytes of a .npy file (borrowed, not kept). Throws TypeError for anything that is
// not such a file or has another dtype or order (naming it), RangeError for a dimension above
// INT_MAX or a shape whose element count overflows. A message quotes at most 200 characters of
// the header.
NpyArray parse_npy(const std::uint8_t* bytes, std::size_t n);

// Reads a .npy file from in, in order: the magic and version (a stream that does not start with
// them is refused after 8 bytes), the header (refused above 64 KiB before it is read), then
// exactly the data the header declares, and checks that the stream ends there. Memory grows with
// the bytes actually read, at most twice them, never with the shape a header claims. Errors as
// parse_npy; a failed read throws std::runtime_error.
NpyArray read_npy(std::istream& in);

// read_npy on the file at path, errors naming the path (std::runtime_error when it cannot be
// opened or read).
NpyArray read_npy(const std::string& path);

// Encodes product(shape) floats from data (borrowed, C order) as a '<f4' .npy file, format 1.0
// (2.0 if the header would not fit). shape: 2 or 3 dimensions, each >= 0.
std::vector<std::uint8_t> encode_npy(const std::vector<int>& shape, const float* data);

// Writes encode_npy(shape, data) to path; a failed write throws std::runtime_error naming the path.
void write_npy(const std::string& path, const std::vector<int>& shape, const float* data);

}  // namespace convscope
