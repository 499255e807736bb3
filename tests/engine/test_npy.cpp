// .npy files: what numpy.save writes reads back, what we write is what numpy.save writes, and
// anything else is refused with its name.
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

#include "convscope/errors.hpp"
#include "convscope/npy.hpp"
#include "golden.hpp"

using namespace convscope;
using golden::MessageContains;

namespace {

// The raw bytes of values as this (little-endian) host stores them: the '<f4' / '<f8' payload.
template <typename T>
std::vector<std::uint8_t> payload(const std::vector<T>& values) {
  std::vector<std::uint8_t> bytes(values.size() * sizeof(T));
  std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

// A .npy file with the given header dict text, padded as the format asks, then data.
std::vector<std::uint8_t> npy_file(const std::string& dict, const std::vector<std::uint8_t>& data,
                                   int major = 1) {
  const std::size_t prefix = major == 1 ? 10 : 12;
  std::string header = dict;
  while ((prefix + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::vector<std::uint8_t> file = {0x93, 'N', 'U', 'M', 'P', 'Y', static_cast<std::uint8_t>(major),
                                    0};
  for (std::size_t i = 0; i < prefix - 8; ++i) file.push_back((header.size() >> (8 * i)) & 0xff);
  file.insert(file.end(), header.begin(), header.end());
  file.insert(file.end(), data.begin(), data.end());
  return file;
}

NpyArray parse(const std::vector<std::uint8_t>& file) {
  return parse_npy(file.data(), file.size());
}

std::vector<std::uint8_t> file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A stream that never ends: the bytes of start, then zeros forever. Counts the bytes it hands
// out, which is how far a reader went.
class EndlessStream : public std::streambuf {
 public:
  explicit EndlessStream(std::vector<std::uint8_t> start) : start_(std::move(start)) {}
  std::size_t served() const { return served_; }

 protected:
  int_type underflow() override {
    for (char& c : buffer_) c = static_cast<char>(next_ < start_.size() ? start_[next_++] : 0);
    served_ += sizeof buffer_;
    setg(buffer_, buffer_, buffer_ + sizeof buffer_);
    return traits_type::to_int_type(buffer_[0]);
  }

 private:
  std::vector<std::uint8_t> start_;
  std::size_t next_ = 0;
  std::size_t served_ = 0;
  char buffer_[64];
};

NpyArray read_stream(const std::vector<std::uint8_t>& file) {
  std::istringstream in(std::string(file.begin(), file.end()));
  return read_npy(in);
}

std::string message_of(const std::vector<std::uint8_t>& file) {
  try {
    parse(file);
  } catch (const TypeError& e) {
    CHECK(e.argument() == "file");
    return e.what();
  }
  FAIL("no TypeError");
  return "";
}

const std::vector<float> kSix = {0.5f, -1.0f, 2.25f, 1e-3f, 3.0f, -7.5f};

}  // namespace

TEST_CASE("npy: a numpy.save float32 file reads as its shape and values") {
  const NpyArray zero = read_npy(golden::data_path("conv/inputs/notebook_zero.npy"));
  REQUIRE(zero.shape == std::vector<int>{8, 8});
  CHECK(zero.data[2] == 5.0f);       // zero[0, 2]
  CHECK(zero.data[8 + 3] == 15.0f);  // zero[1, 3]
  CHECK(zero.data[63] == 0.0f);
}

TEST_CASE("npy: encode_npy writes byte for byte what numpy.save writes") {
  for (const char* file : {"conv/inputs/notebook_zero.npy", "conv/inputs/k_3x3a.npy",
                           "conv/inputs/img_64x48c.npy", "conv/inputs/img_1x5b.npy"}) {
    INFO(file);
    const std::vector<std::uint8_t> numpy_bytes = file_bytes(golden::data_path(file));
    const NpyArray array = parse(numpy_bytes);
    CHECK(encode_npy(array.shape, array.data.data()) == numpy_bytes);
  }
}

TEST_CASE("npy: 3-D arrays round-trip through encode and parse") {
  std::vector<float> values(2 * 3 * 4);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = 0.25f * i - 2.0f;
  const NpyArray back = parse(encode_npy({2, 3, 4}, values.data()));
  CHECK(back.shape == std::vector<int>{2, 3, 4});
  CHECK(back.data == values);
}

TEST_CASE("npy: empty dimensions are a valid file") {
  const NpyArray back = parse(encode_npy({0, 3}, nullptr));
  CHECK(back.shape == std::vector<int>{0, 3});
  CHECK(back.data.empty());
}

TEST_CASE("npy: float64 files are read and converted to float") {
  const std::vector<double> values = {0.5, -1.0, 2.25, 1e-3, 3.0, -7.5};
  const NpyArray array = parse(
      npy_file("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", payload(values)));
  CHECK(array.shape == std::vector<int>{2, 3});
  CHECK(array.data == kSix);
}

TEST_CASE("npy: format 2.0 headers, other spacing and quoting, keys in any order") {
  const NpyArray v2 = parse(
      npy_file("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }", payload(kSix), 2));
  CHECK(v2.shape == std::vector<int>{3, 2});
  CHECK(v2.data == kSix);
  const NpyArray loose = parse(
      npy_file("{ \"shape\":(1,2,3,) ,\"fortran_order\" :False,'descr':'<f4'}", payload(kSix)));
  CHECK(loose.shape == std::vector<int>{1, 2, 3});
  CHECK(loose.data == kSix);
}

TEST_CASE("npy: write_npy and read_npy round-trip through a file") {
  const std::string path = "convscope_test_npy_roundtrip.npy";
  write_npy(path, {3, 2}, kSix.data());
  const NpyArray back = read_npy(path);
  std::remove(path.c_str());
  CHECK(back.shape == std::vector<int>{3, 2});
  CHECK(back.data == kSix);
}

TEST_CASE("npy: other dtypes, byte orders and Fortran order are TypeErrors naming them") {
  const std::vector<std::uint8_t> data = payload(kSix);
  REQUIRE_THROWS_MATCHES(
      parse(npy_file("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3), }", data)),
      TypeError, MessageContains("'<i4'"));
  REQUIRE_THROWS_MATCHES(
      parse(npy_file("{'descr': '>f4', 'fortran_order': False, 'shape': (2, 3), }", data)),
      TypeError, MessageContains("'>f4'"));
  REQUIRE_THROWS_MATCHES(
      parse(npy_file("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", data)),
      TypeError, MessageContains("Fortran"));
}

TEST_CASE("npy: only 2-D and 3-D arrays are read or written") {
  REQUIRE_THROWS_MATCHES(
      parse(npy_file("{'descr': '<f4', 'fortran_order': False, 'shape': (6,), }", payload(kSix))),
      TypeError, MessageContains("got shape (6,)"));
  REQUIRE_THROWS_MATCHES(encode_npy({6}, kSix.data()), RangeError,
                         MessageContains("got shape (6,)"));
  REQUIRE_THROWS_MATCHES(encode_npy({2, -3}, kSix.data()), RangeError, MessageContains("negative"));
}

TEST_CASE("npy: malformed and truncated files are TypeErrors saying what is wrong") {
  const std::vector<std::uint8_t> good =
      npy_file("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", payload(kSix));
  std::vector<std::uint8_t> bad_magic = good;
  bad_magic[1] = 'X';
  REQUIRE_THROWS_MATCHES(parse(bad_magic), TypeError, MessageContains("magic"));

  std::vector<std::uint8_t> version4 = good;
  version4[6] = 4;
  REQUIRE_THROWS_MATCHES(parse(version4), TypeError, MessageContains("version 4.0"));

  const std::vector<std::uint8_t> truncated(good.begin(), good.end() - 1);
  REQUIRE_THROWS_MATCHES(parse(truncated), TypeError,
                         MessageContains("needs 24 bytes of data, the file has 23"));

  const std::vector<std::uint8_t> header_cut(good.begin(), good.begin() + 40);
  REQUIRE_THROWS_MATCHES(parse(header_cut), TypeError, MessageContains("header of 118 bytes"));

  REQUIRE_THROWS_MATCHES(
      parse(npy_file("{'descr': '<f4', 'fortran_order': False, 'shape': (2, x), }", {})), TypeError,
      MessageContains("non-integer"));
  REQUIRE_THROWS_MATCHES(parse(npy_file("{'descr': '<f4', 'shape': (2, 3), }", payload(kSix))),
                         TypeError, MessageContains("'fortran_order'"));
}

TEST_CASE("npy: dimensions beyond int and element counts beyond memory are RangeErrors") {
  REQUIRE_THROWS_MATCHES(
      parse(npy_file("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3000000000), }", {})),
      RangeError, MessageContains("dimension 1 of shape (2, 3000000000) is above the limit"));
  REQUIRE_THROWS_MATCHES(parse(npy_file("{'descr': '<f8', 'fortran_order': False, "
                                        "'shape': (2147483647, 2147483647, 2147483647), }",
                                        {})),
                         RangeError, MessageContains("more elements than memory holds"));
}

TEST_CASE("npy: a missing file names its path") {
  REQUIRE_THROWS_WITH(read_npy("no/such/file.npy"), Catch::Contains("no/such/file.npy"));
}

TEST_CASE("npy: a stream reads as the same bytes in memory do, and its errors are the same") {
  const std::vector<std::uint8_t> good =
      npy_file("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", payload(kSix));
  const NpyArray array = read_stream(good);
  CHECK(array.shape == std::vector<int>{2, 3});
  CHECK(array.data == kSix);
  const std::vector<std::uint8_t> truncated(good.begin(), good.end() - 1);
  REQUIRE_THROWS_MATCHES(read_stream(truncated), TypeError,
                         MessageContains("needs 24 bytes of data, the file has 23"));
  const std::vector<std::uint8_t> header_cut(good.begin(), good.begin() + 40);
  REQUIRE_THROWS_MATCHES(read_stream(header_cut), TypeError,
                         MessageContains("header of 118 bytes is longer than the 30 bytes left"));
  const std::vector<std::uint8_t> length_cut(good.begin(), good.begin() + 9);
  REQUIRE_THROWS_MATCHES(read_stream(length_cut), TypeError, MessageContains("header length"));
  std::vector<std::uint8_t> longer = good;
  longer.push_back(0);
  REQUIRE_THROWS_MATCHES(read_stream(longer), TypeError,
                         MessageContains("needs 24 bytes of data, the file has more"));
}

TEST_CASE("npy: an endless stream is refused after its first bytes, not read to the end") {
  EndlessStream zeros({});
  std::istream zero_stream(&zeros);
  REQUIRE_THROWS_MATCHES(read_npy(zero_stream), TypeError, MessageContains("not a .npy file"));
  CHECK(zeros.served() <= 64);

  // A good header, then more data than it declares, without end.
  EndlessStream tail(
      npy_file("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", payload(kSix)));
  std::istream tail_stream(&tail);
  REQUIRE_THROWS_MATCHES(read_npy(tail_stream), TypeError,
                         MessageContains("needs 24 bytes of data, the file has more"));
  CHECK(tail.served() <= 128 + 24 + 64);

  // /dev/zero as the CLI's --image: no magic, so the first bytes end it.
  REQUIRE_THROWS_MATCHES(read_npy("/dev/zero"), TypeError,
                         MessageContains("not a .npy file") && MessageContains("'/dev/zero'"));
}

TEST_CASE("npy: a header that declares more data than the file holds reports what the file has") {
  // 2 GiB declared, 10 bytes present: read in steps that grow with what arrives.
  std::vector<std::uint8_t> file =
      npy_file("{'descr': '<f8', 'fortran_order': False, 'shape': (16384, 16384), }", {});
  file.resize(file.size() + 10, 0);
  REQUIRE_THROWS_MATCHES(read_stream(file), TypeError,
                         MessageContains("needs 2147483648 bytes of data, the file has 10"));
}

TEST_CASE("npy: headers above 64 KiB are refused before they are read") {
  const std::vector<std::uint8_t> file =
      npy_file("{'descr': '<f4', " + std::string(70000, ' ') + "}", {}, 2);
  REQUIRE_THROWS_MATCHES(parse(file), TypeError, MessageContains("is above the limit 65536"));
  EndlessStream stream(std::vector<std::uint8_t>(file.begin(), file.begin() + 12));
  std::istream in(&stream);
  REQUIRE_THROWS_MATCHES(read_npy(in), TypeError, MessageContains("is above the limit 65536"));
  CHECK(stream.served() <= 64);
}

TEST_CASE("npy: an error quotes at most 200 characters of a long header, bytes escaped") {
  const std::string long_dtype(60000, 'a');
  const std::string dtype_message = message_of(
      npy_file("{'descr': '" + long_dtype + "', 'fortran_order': False, 'shape': (2, 3), }", {}));
  CHECK_THAT(dtype_message, Catch::Contains(std::string(200, 'a') + "... (60000 bytes)"));
  CHECK(dtype_message.size() < 400);

  const std::string malformed = message_of(npy_file("{" + std::string(60000, ' ') + "\x01}", {}));
  CHECK_THAT(malformed, Catch::Contains("expected a string at offset 60001"));
  CHECK_THAT(malformed, Catch::Contains("..."));
  CHECK(malformed.size() < 400);

  const std::string control =
      message_of(npy_file("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), \x01}", {}));
  CHECK_THAT(control, Catch::Contains("\\x01"));
}

TEST_CASE("npy: a directory is a read error naming its path") {
  REQUIRE_THROWS_WITH(read_npy(std::string(".")), Catch::Contains("cannot read '.'"));
}
