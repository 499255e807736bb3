// .npy reading and writing (format in npy.hpp). The header dict is parsed by hand: it is the
// fixed literal numpy.save writes, but other writers space and quote it differently, so the parser
// accepts any whitespace, either quote and the keys in any order.
#include "convscope/npy.hpp"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <fstream>
#include <istream>
#include <stdexcept>

#include "convscope/errors.hpp"

namespace convscope {
namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr std::size_t kMagicLen = 6;
constexpr std::size_t kVersionEnd = kMagicLen + 2;  // the magic, then major and minor version
// numpy.save writes headers of 128 bytes for 2-D and 3-D arrays; numpy.load refuses those over
// 10000 unless told otherwise. Larger ones are refused before they are read.
constexpr std::size_t kMaxHeaderBytes = 65536;
constexpr std::size_t kFirstReadBytes = 1 << 16;
// Text from a file that an error message quotes is cut after this many characters.
constexpr std::size_t kExcerptChars = 200;
constexpr std::size_t kAlign = 64;             // numpy.lib.format.ARRAY_ALIGN
constexpr std::size_t kGrowthAxisDigits = 21;  // numpy.lib.format.GROWTH_AXIS_MAX_DIGITS

// text as an error message quotes it: printable ASCII as is, other bytes as \xNN, at most
// kExcerptChars of it, then "..." and the full length.
std::string excerpt(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size() && i < kExcerptChars; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      const char hex[] = "0123456789abcdef";
      out += std::string("\\x") + hex[c >> 4] + hex[c & 15];
    }
  }
  if (text.size() > kExcerptChars) out += "... (" + std::to_string(text.size()) + " bytes)";
  return out;
}

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
        fail("unknown key '" + excerpt(key) + "'");
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
    throw TypeError("file", "npy: malformed header (" + why + "): " + excerpt(text_));
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

// The first bytes of a file: the magic and the version (n bytes of them). Returns the size of the
// header length field that follows: 2 bytes in format 1.0, 4 in 2.0 and 3.0.
std::size_t length_field_size(const std::uint8_t* bytes, std::size_t n) {
  if (n < kVersionEnd || std::memcmp(bytes, kMagic, kMagicLen) != 0) {
    throw TypeError("file", "npy: not a .npy file (no \\x93NUMPY magic at the start)");
  }
  const int major = bytes[6];
  const int minor = bytes[7];
  if (major < 1 || major > 3 || minor != 0) {
    throw TypeError("file", "npy: format version " + std::to_string(major) + "." +
                                std::to_string(minor) + " is not supported (1.0, 2.0 and 3.0 are)");
  }
  return major == 1 ? 2 : 4;
}

// The header length in the field_size bytes at field; TypeError above kMaxHeaderBytes.
std::size_t header_length(const std::uint8_t* field, std::size_t field_size) {
  const std::uint64_t length = read_le(field, static_cast<int>(field_size));
  if (length > kMaxHeaderBytes) {
    throw TypeError("file", "npy: header of " + std::to_string(length) +
                                " bytes is above the limit " + std::to_string(kMaxHeaderBytes));
  }
  return static_cast<std::size_t>(length);
}

[[noreturn]] void header_cut(std::size_t header_len, std::size_t left) {
  throw TypeError("file", "npy: header of " + std::to_string(header_len) +
                              " bytes is longer than the " + std::to_string(left) +
                              " bytes left in the file");
}

// What a header declares, checked: a float32 or float64 C-order array of 2 or 3 dimensions whose
// data_bytes = count * item_size fit a size_t.
struct Layout {
  Header header;
  std::size_t item_size = 0;
  std::size_t count = 0;
  std::size_t data_bytes = 0;
};

Layout parse_layout(const std::string& text) {
  Layout layout;
  layout.header = HeaderParser(text).parse();
  const Header& header = layout.header;
  if (header.descr != "<f4" && header.descr != "<f8") {
    throw TypeError("file",
                    "npy: dtype '" + excerpt(header.descr) +
                        "' is not supported (little-endian float32 '<f4' or float64 '<f8' are)");
  }
  if (header.fortran_order) {
    throw TypeError("file",
                    "npy: Fortran-order arrays are not supported (save with C order, e.g. "
                    "numpy.ascontiguousarray)");
  }
  if (header.shape.size() != 2 && header.shape.size() != 3) {
    throw TypeError(
        "file", "npy: expected a 2-D or 3-D array, got shape " + excerpt(shape_repr(header.shape)));
  }
  layout.item_size = header.descr == "<f4" ? 4 : 8;
  layout.count = element_count(header.shape, layout.item_size, "file");
  layout.data_bytes = layout.count * layout.item_size;
  return layout;
}

// has: how many bytes of data the file holds, or "more" when it goes on past data_bytes.
[[noreturn]] void data_size_mismatch(const Layout& layout, const std::string& has) {
  throw TypeError("file", "npy: shape " + shape_repr(layout.header.shape) + " of '" +
                              layout.header.descr + "' needs " + std::to_string(layout.data_bytes) +
                              " bytes of data, the file has " + has);
}

// The array from layout.data_bytes little-endian bytes at data.
NpyArray decode(const Layout& layout, const std::uint8_t* data) {
  NpyArray array;
  array.shape.assign(layout.header.shape.begin(), layout.header.shape.end());
  array.data.resize(layout.count);
  if (layout.item_size == 4) {
    for (std::size_t i = 0; i < layout.count; ++i) {
      const auto bits = static_cast<std::uint32_t>(read_le(data + 4 * i, 4));
      std::memcpy(&array.data[i], &bits, 4);
    }
  } else {
    for (std::size_t i = 0; i < layout.count; ++i) {
      const std::uint64_t bits = read_le(data + 8 * i, 8);
      double value;
      std::memcpy(&value, &bits, 8);
      array.data[i] = static_cast<float>(value);
    }
  }
  return array;
}

// Up to n bytes from in into out; returns how many came (fewer at the end of the stream).
std::size_t read_bytes(std::istream& in, void* out, std::size_t n) {
  in.read(static_cast<char*>(out), static_cast<std::streamsize>(n));
  if (in.bad()) throw std::runtime_error("npy: the read failed");
  return static_cast<std::size_t>(in.gcount());
}

}  // namespace

NpyArray parse_npy(const std::uint8_t* bytes, std::size_t n) {
  const std::size_t field_size = length_field_size(bytes, n);
  const std::size_t prefix = kVersionEnd + field_size;
  if (n < prefix) throw TypeError("file", "npy: file ends inside the header length");
  const std::size_t header_len = header_length(bytes + kVersionEnd, field_size);
  if (header_len > n - prefix) header_cut(header_len, n - prefix);
  const Layout layout =
      parse_layout(std::string(reinterpret_cast<const char*>(bytes + prefix), header_len));
  const std::size_t data_bytes = n - prefix - header_len;
  if (data_bytes != layout.data_bytes) data_size_mismatch(layout, std::to_string(data_bytes));
  return decode(layout, bytes + prefix + header_len);
}

NpyArray read_npy(std::istream& in) {
  std::uint8_t start[kVersionEnd + 4];
  const std::size_t field_size = length_field_size(start, read_bytes(in, start, kVersionEnd));
  if (read_bytes(in, start + kVersionEnd, field_size) < field_size) {
    throw TypeError("file", "npy: file ends inside the header length");
  }
  const std::size_t header_len = header_length(start + kVersionEnd, field_size);
  std::string text(header_len, '\0');
  const std::size_t header_got = read_bytes(in, text.data(), header_len);
  if (header_got < header_len) header_cut(header_len, header_got);
  const Layout layout = parse_layout(text);

  // The data in steps that double, so what is held stays within twice what the file has given,
  // however large the shape it declares.
  std::vector<std::uint8_t> data;
  while (data.size() < layout.data_bytes) {
    const std::size_t held = data.size();
    const std::size_t step = std::min(layout.data_bytes - held, std::max(kFirstReadBytes, held));
    data.resize(held + step);
    const std::size_t got = read_bytes(in, data.data() + held, step);
    if (got < step) data_size_mismatch(layout, std::to_string(held + got));
  }
  if (in.peek() != std::istream::traits_type::eof()) data_size_mismatch(layout, "more");
  return decode(layout, data.data());
}

NpyArray read_npy(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open '" + path + "': " + std::strerror(errno));
  try {
    return read_npy(in);
  } catch (const TypeError& e) {
    throw TypeError(e.argument(), std::string(e.what()) + " (in '" + path + "')");
  } catch (const RangeError& e) {
    throw RangeError(e.argument(), std::string(e.what()) + " (in '" + path + "')");
  } catch (const std::runtime_error&) {
    throw std::runtime_error("cannot read '" + path + "': " + std::strerror(errno));
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
