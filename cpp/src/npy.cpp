// .npy reading and writing (format in npy.hpp). The header dict is parsed by hand: it is the
// fixed literal numpy.save writes, but other writers space and quote it differently, so the parser
// accepts any whitespace, either quote and the keys in any order.
#include "convscope/npy.hpp"

#include <cerrno>
#include <climits>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "convscope/errors.hpp"

namespace convscope {
namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr std::size_t kMagicLen = 6;
constexpr std::size_t kAlign = 64;             // numpy.lib.format.ARRAY_ALIGN
constexpr std::size_t kGrowthAxisDigits = 21;  // numpy.lib.format.GROWTH_AXIS_MAX_DIGITS

std::string shape_repr(const std::vector<long long>& shape) {
  std::string s = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) s += ", ";
    s += std::to_string(shape[i]);
  }
  if (shape.size() == 1) s += ",";
  return s + ")";
}

// The header dict: {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }
struct Header {
  std::string descr;
  bool fortran_order = false;
  std::vector<long long> shape;
};

class HeaderParser {
 public:
  explicit HeaderParser(const std::string& text) : text_(text) {}

  Header parse() {
    Header header;
    bool has_descr = false, has_order = false, has_shape = false;
    expect('{');
    while (peek() != '}') {
      const std::string key = quoted();
      expect(':');
      if (key == "descr") {
        header.descr = quoted();
        has_descr = true;
      } else if (key == "fortran_order") {
        header.fortran_order = boolean();
        has_order = true;
      } else if (key == "shape") {
        header.shape = tuple();
        has_shape = true;
      } else {
        fail("unknown key '" + key + "'");
      }
      if (peek() == ',') ++pos_;
    }
    if (!has_descr || !has_order || !has_shape) {
      fail("it needs the keys 'descr', 'fortran_order' and 'shape'");
    }
    return header;
  }

 private:
  [[noreturn]] void fail(const std::string& why) const {
    throw TypeError("file", "npy: malformed header (" + why + "): " + text_);
  }

  char peek() {
    while (pos_ < text_.size() && std::strchr(" \t\r\n", text_[pos_]) != nullptr) ++pos_;
    if (pos_ == text_.size()) fail("it ends early");
    return text_[pos_];
  }

  void expect(char c) {
    if (peek() != c) fail(std::string("expected '") + c + "' at offset " + std::to_string(pos_));
    ++pos_;
  }

  std::string quoted() {
    const char quote = peek();
    if (quote != '\'' && quote != '"') fail("expected a string at offset " + std::to_string(pos_));
    const std::size_t end = text_.find(quote, pos_ + 1);
    if (end == std::string::npos) fail("unterminated string");
    std::string s = text_.substr(pos_ + 1, end - pos_ - 1);
    pos_ = end + 1;
    return s;
  }

  bool boolean() {
    peek();
    for (const char* word : {"True", "False"}) {
      if (text_.compare(pos_, std::strlen(word), word) == 0) {
        pos_ += std::strlen(word);
        return word[0] == 'T';
      }
    }
    fail("fortran_order must be True or False");
  }

  // (), (5,), (2, 3), (2, 3, 4,): non-negative decimal integers.
  std::vector<long long> tuple() {
    std::vector<long long> values;
    expect('(');
    while (peek() != ')') {
      if (text_[pos_] < '0' || text_[pos_] > '9') {
        fail("shape holds a non-integer at offset " + std::to_string(pos_));
      }
      long long v = 0;
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
        if (v > (LLONG_MAX - 9) / 10) fail("a shape dimension overflows");
        v = v * 10 + (text_[pos_++] - '0');
      }
      values.push_back(v);
      if (peek() == ',') {
        ++pos_;
      } else if (peek() != ')') {
        fail("expected ',' or ')' in shape at offset " + std::to_string(pos_));
      }
    }
    ++pos_;
    return values;
  }

  const std::string& text_;
  std::size_t pos_ = 0;
};

std::uint64_t read_le(const std::uint8_t* p, int bytes) {
  std::uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

// Elements in a shape; RangeError when a dimension does not fit an int or the byte count of the
// data (count * item_size) does not fit a size_t.
std::size_t element_count(const std::vector<long long>& shape, std::size_t item_size,
                          const char* argument) {
  std::size_t count = 1;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] > INT_MAX) {
      throw RangeError(argument, "npy: dimension " + std::to_string(i) + " of shape " +
                                     shape_repr(shape) + " is above the limit " +
                                     std::to_string(INT_MAX));
    }
    const auto d = static_cast<std::size_t>(shape[i]);
    if (d != 0 && count > SIZE_MAX / item_size / d) {
      throw RangeError(argument,
                       "npy: shape " + shape_repr(shape) + " has more elements than memory holds");
    }
    count *= d;
  }
  return count;
}

}  // namespace

NpyArray parse_npy(const std::uint8_t* bytes, std::size_t n) {
  if (n < kMagicLen + 4 || std::memcmp(bytes, kMagic, kMagicLen) != 0) {
    throw TypeError("file", "npy: not a .npy file (no \\x93NUMPY magic at the start)");
  }
  const int major = bytes[6];
  const int minor = bytes[7];
  if (major < 1 || major > 3 || minor != 0) {
    throw TypeError("file", "npy: format version " + std::to_string(major) + "." +
                                std::to_string(minor) + " is not supported (1.0, 2.0 and 3.0 are)");
  }
  const int length_bytes = major == 1 ? 2 : 4;
  const std::size_t prefix = kMagicLen + 2 + length_bytes;
  if (n < prefix) throw TypeError("file", "npy: file ends inside the header length");
  const std::uint64_t header_len = read_le(bytes + 8, length_bytes);
  if (header_len > n - prefix) {
    throw TypeError("file", "npy: header of " + std::to_string(header_len) +
                                " bytes is longer than the " + std::to_string(n - prefix) +
                                " bytes left in the file");
  }
  const std::string text(reinterpret_cast<const char*>(bytes + prefix), header_len);
  const Header header = HeaderParser(text).parse();

  if (header.descr != "<f4" && header.descr != "<f8") {
    throw TypeError("file",
                    "npy: dtype '" + header.descr +
                        "' is not supported (little-endian float32 '<f4' or float64 '<f8' are)");
  }
  if (header.fortran_order) {
    throw TypeError("file",
                    "npy: Fortran-order arrays are not supported (save with C order, e.g. "
                    "numpy.ascontiguousarray)");
  }
  if (header.shape.size() != 2 && header.shape.size() != 3) {
    throw TypeError("file",
                    "npy: expected a 2-D or 3-D array, got shape " + shape_repr(header.shape));
  }
  const std::size_t item_size = header.descr == "<f4" ? 4 : 8;
  const std::size_t count = element_count(header.shape, item_size, "file");
  const std::size_t data_bytes = n - prefix - header_len;
  if (data_bytes != count * item_size) {
    throw TypeError("file", "npy: shape " + shape_repr(header.shape) + " of '" + header.descr +
                                "' needs " + std::to_string(count * item_size) +
                                " bytes of data, the file has " + std::to_string(data_bytes));
  }

  NpyArray array;
  array.shape.assign(header.shape.begin(), header.shape.end());
  array.data.resize(count);
  const std::uint8_t* p = bytes + prefix + header_len;
  if (item_size == 4) {
    for (std::size_t i = 0; i < count; ++i) {
      const auto bits = static_cast<std::uint32_t>(read_le(p + 4 * i, 4));
      std::memcpy(&array.data[i], &bits, 4);
    }
  } else {
    for (std::size_t i = 0; i < count; ++i) {
      const std::uint64_t bits = read_le(p + 8 * i, 8);
      double value;
      std::memcpy(&value, &bits, 8);
      array.data[i] = static_cast<float>(value);
    }
  }
  return array;
}

NpyArray read_npy(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open '" + path + "': " + std::strerror(errno));
  const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                        std::istreambuf_iterator<char>());
  if (in.bad()) throw std::runtime_error("cannot read '" + path + "'");
  try {
    return parse_npy(bytes.data(), bytes.size());
  } catch (const TypeError& e) {
    throw TypeError(e.argument(), std::string(e.what()) + " (in '" + path + "')");
  } catch (const RangeError& e) {
    throw RangeError(e.argument(), std::string(e.what()) + " (in '" + path + "')");
  }
}

std::vector<std::uint8_t> encode_npy(const std::vector<int>& shape, const float* data) {
  const std::vector<long long> dims(shape.begin(), shape.end());
  if (dims.size() != 2 && dims.size() != 3) {
    throw RangeError("shape", "npy: can write 2-D or 3-D arrays, got shape " + shape_repr(dims));
  }
  for (long long d : dims) {
    if (d < 0)
      throw RangeError("shape", "npy: shape " + shape_repr(dims) + " has a negative dimension");
  }
  const std::size_t count = element_count(dims, 4, "shape");

  // As numpy.lib.format._write_array_header: the dict, room for the first axis to grow to 21
  // digits, then spaces and '\n' up to a multiple of 64 bytes.
  std::string header =
      "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape_repr(dims) + ", }";
  header.append(kGrowthAxisDigits - std::to_string(dims[0]).size(), ' ');
  int major = 1;
  std::size_t prefix = kMagicLen + 2 + 2;
  if (header.size() + 1 + prefix > 65535) {
    major = 2;
    prefix = kMagicLen + 2 + 4;
  }
  header.append(kAlign - (prefix + header.size() + 1) % kAlign, ' ');
  header += '\n';

  // Sized once and filled by index: the file is prefix + header + 4 * count bytes.
  std::vector<std::uint8_t> out(prefix + header.size() + 4 * count);
  std::memcpy(out.data(), kMagic, kMagicLen);
  out[6] = static_cast<std::uint8_t>(major);
  out[7] = 0;
  for (std::size_t i = 0; i < prefix - 8; ++i) {
    out[8 + i] = static_cast<std::uint8_t>(header.size() >> (8 * i));
  }
  std::memcpy(out.data() + prefix, header.data(), header.size());
  std::uint8_t* p = out.data() + prefix + header.size();
  for (std::size_t i = 0; i < count; ++i) {
    std::uint32_t bits;
    std::memcpy(&bits, &data[i], 4);
    for (int b = 0; b < 4; ++b) p[4 * i + b] = static_cast<std::uint8_t>(bits >> (8 * b));
  }
  return out;
}

void write_npy(const std::string& path, const std::vector<int>& shape, const float* data) {
  const std::vector<std::uint8_t> bytes = encode_npy(shape, data);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out)
    throw std::runtime_error("cannot open '" + path + "' for writing: " + std::strerror(errno));
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) throw std::runtime_error("cannot write '" + path + "'");
}

}  // namespace convscope
