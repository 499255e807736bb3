// The one seam between the engine and JavaScript. Only web/engine-sync.js calls it.
//
// One call per operation: plain JS values in (numbers, typed arrays, and plain objects the JS API
// built after checking each value's type), one result object out, its arrays copied into arrays JS
// owns (or written into the caller's `out` arrays, whose lengths are checked before anything is
// written). A failure returns {error: {kind, message, argument}} instead: kind 'RangeError',
// 'TypeError' or 'Error', argument the engine's ArgumentError::argument(). No exception crosses
// into JS (one would skip Embind's frees of the arguments). The Engine keeps its buffers across
// calls, so the live path allocates nothing in wasm once warmed up.
#include <emscripten/bind.h>
#include <malloc.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "convscope/catalog.hpp"
#include "convscope/cnn.hpp"
#include "convscope/convolve.hpp"
#include "convscope/errors.hpp"
#include "convscope/estimate.hpp"
#include "convscope/explain.hpp"
#include "convscope/filters.hpp"
#include "convscope/image.hpp"
#include "convscope/render.hpp"
#include "convscope/window.hpp"

namespace convscope {
namespace {

using emscripten::typed_memory_view;
using emscripten::val;

// The ConvSpec, PoolSpec and RenderSpec as JS spells them. Names are parsed by the engine (an
// unknown one is a TypeError listing the known); render range 'shared' is this seam's own.
struct JsSpec {
  int stride_y, stride_x, dilation_y, dilation_x;
  std::string padding;  // "explicit": top, bottom, left, right
  int top, bottom, left, right;
  std::string border;
  float border_value;
  std::string op, method;
};
struct JsPool {
  int size_y, size_x, stride_y, stride_x, top, bottom, left, right;
  std::string mode;
};
struct JsRender {
  std::string colormap, range, negative;
  float lo, hi;  // range "fixed"
};
// The most samples of one time_bank call, and a sample's least time: a browser's clock ticks in
// 0.1 ms steps (performance.now() without cross-origin isolation), so a sample of faster runs
// repeats them back to back and takes their mean.
constexpr int kMaxRepeat = 1000;
constexpr double kMinSampleMs = 2.0;
// The channels convolve_rgba takes: one map per kernel, or three.
const std::vector<std::string> kChannels = {"luminance", "rgb"};

ConvSpec to_spec(const JsSpec& js) {
  return {{js.stride_y, js.stride_x},     {js.dilation_y, js.dilation_x},
          parse_padding_mode(js.padding), {js.top, js.bottom, js.left, js.right},
          parse_border_mode(js.border),   js.border_value,
          parse_operation(js.op),         parse_method(js.method)};
}

// The JS API's plane {height, width, data} (and for kernels, data: one array per kernel).
BankShape bank_shape(const val& image, const val& kernels) {
  return {image["height"].as<int>(), image["width"].as<int>(), kernels["height"].as<int>(),
          kernels["width"].as<int>(), kernels["data"]["length"].as<int>()};
}

// target.set(source) for typed arrays. Not through val::call: Debian's wasm-ld 14 refuses the
// thread_local it caches its method caller in ("'atomics' feature must be used").
void set_all(const val& target, const val& source) {
  static const val apply = val::global("Reflect")["apply"];
  val arguments = val::array();
  arguments.set(0, source);
  apply(target["set"], target, arguments);
}

template <typename T>
void copy_in(const val& from, std::vector<T>& to, std::size_t n) {
  to.resize(n);
  set_all(val(typed_memory_view(n, to.data())), from);
}
void copy_in(const val& plane, Plane& to) {
  to.resize(plane["height"].as<int>(), plane["width"].as<int>());
  set_all(val(typed_memory_view(to.data.size(), to.data.data())), plane["data"]);
}

// The arrays JS may give for results: a map, and its render (RGBA8).
struct ArrayKind {
  const char* type;
  const char* unit;
  int depth;  // values per pixel
};
constexpr ArrayKind kMapArray{"Float32Array", "values", 1};
constexpr ArrayKind kRgbaArray{"Uint8ClampedArray", "bytes", 4};

// Throws RangeError unless out (an array of `kind` the JS API checked, or undefined) holds the
// values of width x height pixels.
void check_out(const val& out, int width, int height, ArrayKind kind, const std::string& what) {
  if (out.isUndefined()) return;
  const std::size_t n = static_cast<std::size_t>(width) * height * kind.depth;
  const auto length = out["length"].as<std::size_t>();
  if (length != n) {
    throw RangeError("out", what + " must be a " + kind.type + " of " + std::to_string(width) +
                                " x " + std::to_string(height) + (kind.depth > 1 ? " x 4" : "") +
                                " = " + std::to_string(n) + " " + kind.unit + ", got " +
                                std::to_string(length));
  }
}
// The same for each array of outs (an Array, or undefined).
void check_outs(const val& outs, const OutputGeometry& g, ArrayKind kind, const std::string& what) {
  const int count = outs.isUndefined() ? 0 : outs["length"].as<int>();
  for (int i = 0; i < count; ++i) {
    check_out(outs[i], g.width(), g.height(), kind, what + "[" + std::to_string(i) + "]");
  }
}

// n values at `from`, written into `out`, or copied into a new `type` array when out is undefined.
template <typename T>
val copy_out(const T* from, std::size_t n, const val& out, ArrayKind kind) {
  const val view(typed_memory_view(n, from));
  if (out.isUndefined()) return val::global(kind.type).new_(view);
  set_all(out, view);
  return out;
}
val plane_object(const Plane& plane) {
  val o = val::object();
  o.set("width", plane.width);
  o.set("height", plane.height);
  o.set("data", copy_out(plane.data.data(), plane.data.size(), val::undefined(), kMapArray));
  return o;
}
template <typename T>
val typed_array(const char* type, const std::vector<T>& values) {
  return val::global(type).new_(val(typed_memory_view(values.size(), values.data())));
}
val geometry_object(const OutputGeometry& g) {
  val o = val::object();
  o.set("width", g.width());
  o.set("height", g.height());
  o.set("y", g.y);
  o.set("x", g.x);
  o.set("padding", std::array<int, 4>{g.pad.top, g.pad.bottom, g.pad.left, g.pad.right});
  return o;
}
val window_object(const WindowView& view) {
  val o = val::object();
  o.set("shape", view.shape);
  o.set("strides",
        std::array<int, 4>{static_cast<int>(view.strides[0]),  // < kMaxImagePixels
                           static_cast<int>(view.strides[1]), static_cast<int>(view.strides[2]),
                           static_cast<int>(view.strides[3])});
  return o;
}

val error_object(const char* kind, const std::string& message, const std::string& argument) {
  val error = val::object();
  error.set("kind", kind);
  error.set("message", message);
  error.set("argument", argument);
  val o = val::object();
  o.set("error", error);
  return o;
}
template <typename Body>
val guarded(Body&& body) {
  const char* memory =
      "not enough memory: the request needs more than the 2 GiB a wasm module can hold";
  try {
    return body();
  } catch (const RangeError& e) {
    return error_object("RangeError", e.what(), e.argument());
  } catch (const TypeError& e) {
    return error_object("TypeError", e.what(), e.argument());
  } catch (const std::bad_alloc&) {
    return error_object("RangeError", memory, "");
  } catch (const std::length_error&) {  // a buffer larger than a 32-bit size_t can count
    return error_object("RangeError", memory, "");
  } catch (const std::exception& e) {
    return error_object("Error", e.what(), "");
  }
}

// A render request: the spec, and whether every map of the call shares one range.
struct Draw {
  RenderSpec spec;
  bool shared = false;
};
Draw to_draw(const JsRender& js) {
  const bool shared = js.range == "shared";
  const RangeMode range = shared ? RangeMode::minmax : parse_range_mode(js.range);
  return {{parse_colormap(js.colormap), range, js.lo, js.hi, parse_negative_mode(js.negative)},
          shared};
}

int parse_channels(const std::string& name) {
  if (name == kChannels[0]) return 1;
  if (name == kChannels[1]) return 3;
  throw TypeError("channels", "channels must be one of '" + kChannels[0] + "', '" + kChannels[1] +
                                  "', got '" + name + "'");
}

// The plane explain reads: "" for a plane given as is, else a channel of an RGBA image.
const std::vector<std::string> kExplainChannels = {"luminance", "r", "g", "b"};

val explanation_object(const Explanation& e) {
  val o = val::object();
  o.set("y", e.y);
  o.set("x", e.x);
  o.set("height", e.written.height);
  o.set("width", e.written.width);
  o.set("rows", typed_array("Int32Array", e.rows));
  o.set("cols", typed_array("Int32Array", e.cols));
  o.set("sourceRows", typed_array("Int32Array", e.source_rows));
  o.set("sourceCols", typed_array("Int32Array", e.source_cols));
  o.set("padding", typed_array("Uint8Array", e.padding));
  o.set("window", typed_array("Float32Array", e.window.data));
  o.set("kernel", typed_array("Float32Array", e.written.data));
  o.set("applied", typed_array("Float32Array", e.applied.data));
  o.set("products", typed_array("Float32Array", e.products.data));
  o.set("sum", e.sum);
  o.set("geometry", geometry_object(e.geometry));
  return o;
}

class Engine {
 public:
  // image: plane; kernels: {height, width, data: [Float32Array]}; out: undefined or one
  // Float32Array per map. -> {maps: [Float32Array], methods: [one per kernel], geometry}
  val convolve(const val& image, const val& kernels, const JsSpec& spec, const val& out) {
    return guarded([&] {
      const CheckedBank bank = check_bank(bank_shape(image, kernels), to_spec(spec));
      check_outs(out, bank.geometry, kMapArray, "out");
      copy_in(image, planes_[0]);
      run(bank, kernels, 1);
      return maps_result(bank, 1, out);
    });
  }

  // As convolve, timed: `repeat` samples, each the mean time of back-to-back runs filling at
  // least kMinSampleMs (the engine's work only: no copy in or out). -> as convolve (the last
  // run's maps), plus ms: [repeat sample times, in milliseconds].
  val time_bank(const val& image, const val& kernels, const JsSpec& spec, int repeat,
                const val& out) {
    return guarded([&] {
      if (repeat < 1 || repeat > kMaxRepeat) {
        throw RangeError("repeat", "repeat must be between 1 and " + std::to_string(kMaxRepeat) +
                                       ", got " + std::to_string(repeat));
      }
      const CheckedBank bank = check_bank(bank_shape(image, kernels), to_spec(spec));
      check_outs(out, bank.geometry, kMapArray, "out");
      copy_in(image, planes_[0]);
      copy_kernels(bank, kernels);
      val ms = val::array();
      for (int r = 0; r < repeat; ++r) {
        const auto start = std::chrono::steady_clock::now();
        std::chrono::duration<double, std::milli> took{};
        int runs = 0;
        do {
          convolver_.run(bank, planes_[0].view(), views_, outputs_[0]);
          ++runs;
          took = std::chrono::steady_clock::now() - start;
        } while (took.count() < kMinSampleMs);
        ms.set(r, took.count() / runs);
      }
      val result = maps_result(bank, 1, out);
      result.set("ms", ms);
      return result;
    });
  }

  // image: {height, width}; kernels as convolve. -> what auto does with the bank and the cost
  // model's time for each method it compares (convscope/estimate.hpp): {whole, split, separable,
  // other}, each part {kernels: [index], methods: [name], ms: [estimate], pick}.
  val estimate(const val& image, const val& kernels, const JsSpec& spec) {
    return guarded([&] {
      const CheckedBank bank = check_bank(bank_shape(image, kernels), to_spec(spec));
      copy_kernels(bank, kernels);
      const BankEstimate estimate = convolver_.estimate(bank, views_);
      val result = val::object();
      result.set("whole", part_object(estimate.whole));
      result.set("split", estimate.split);
      if (estimate.split) {
        result.set("separable", part_object(estimate.separable));
        result.set("other", part_object(estimate.other));
      }
      return result;
    });
  }

  // image: RGBA8 plane; channels "luminance" (a map per kernel) or "rgb" (r, g, b maps per
  // kernel); render: undefined or a JsRender drawing every map (render_out as out). -> as
  // convolve, plus with render: rendered: [Uint8ClampedArray] and ranges: [[lo, hi]], per map.
  val convolve_rgba(const val& image, const val& kernels, const JsSpec& spec,
                    const std::string& channels, const val& render, const val& out,
                    const val& render_out) {
    return guarded([&] {
      const CheckedBank bank = check_bank(bank_shape(image, kernels), to_spec(spec));
      const int count = parse_channels(channels);
      const Draw draw = render.isUndefined() ? Draw{} : to_draw(render.as<JsRender>());
      check_outs(out, bank.geometry, kMapArray, "out");
      check_outs(render_out, bank.geometry, kRgbaArray, "render.out");
      const int h = bank.shape.image_h, w = bank.shape.image_w;
      copy_in(image["data"], rgba_, static_cast<std::size_t>(h) * w * 4);
      if (count == 1) rgba_to_luminance(rgba_.data(), h, w, planes_[0]);
      if (count == 3) rgba_to_rgb_planes(rgba_.data(), h, w, planes_[0], planes_[1], planes_[2]);
      run(bank, kernels, count);
      val result = maps_result(bank, count, out);
      if (!render.isUndefined()) {
        maps_.clear();
        for (int i = 0; i < bank.shape.kernel_count; ++i) {
          for (int c = 0; c < count; ++c) maps_.push_back(outputs_[c][i].view());
        }
        render_maps(draw, render_out, result);
      }
      return result;
    });
  }

  // image: a plane (channel "") or an RGBA8 plane read as channel "luminance" (Rec. 601, as
  // convolve_rgba) or "r", "g", "b"; kernel: plane. -> explanation_object of pixel (y, x).
  val explain(const val& image, const val& kernel, const JsSpec& spec, const std::string& channel,
              int y, int x) {
    return guarded([&] {
      const int h = image["height"].as<int>(), w = image["width"].as<int>();
      check_bank({h, w, kernel["height"].as<int>(), kernel["width"].as<int>(), 1}, to_spec(spec));
      copy_in(kernel, map_);
      if (channel.empty()) {
        copy_in(image, planes_[0]);
        return explanation_object(
            convscope::explain(planes_[0].view(), map_.view(), to_spec(spec), y, x));
      }
      const auto found = std::find(kExplainChannels.begin(), kExplainChannels.end(), channel);
      if (found == kExplainChannels.end()) {
        throw TypeError("channel",
                        "channel must be one of 'luminance', 'r', 'g', 'b', got '" + channel + "'");
      }
      copy_in(image["data"], rgba_, static_cast<std::size_t>(h) * w * 4);
      const std::size_t c = found - kExplainChannels.begin();
      if (c == 0) rgba_to_luminance(rgba_.data(), h, w, planes_[0]);
      if (c > 0) rgba_to_rgb_planes(rgba_.data(), h, w, planes_[0], planes_[1], planes_[2]);
      const Plane& plane = planes_[c == 0 ? 0 : c - 1];
      return explanation_object(convscope::explain(plane.view(), map_.view(), to_spec(spec), y, x));
    });
  }

  // map: plane; out: undefined or a Uint8ClampedArray. -> {rendered: [data], ranges: [[lo, hi]]}
  val render(const val& map, const JsRender& render, const val& out) {
    return guarded([&] {
      const Draw draw = to_draw(render);
      copy_in(map, map_);
      check_out(out, map_.width, map_.height, kRgbaArray, "out");
      maps_.assign(1, map_.view());
      val outs = val::array();
      outs.set(0, out);
      val result = val::object();
      render_maps(draw, outs, result);
      return result;
    });
  }

  val relu(const val& map) {
    return guarded([&] {
      copy_in(map, map_);
      return plane_object(convscope::relu(map_.view()));
    });
  }
  val pool(const val& map, const JsPool& js) {
    return guarded([&] {
      const PoolSpec spec{{js.size_y, js.size_x},
                          {js.stride_y, js.stride_x},
                          {js.top, js.bottom, js.left, js.right},
                          parse_pool_mode(js.mode)};
      copy_in(map, map_);
      return plane_object(convscope::pool(map_.view(), spec));
    });
  }

  val output_size(int h, int w, int kh, int kw, const JsSpec& spec) {
    return guarded([&] { return geometry_object(output_geometry(h, w, kh, kw, to_spec(spec))); });
  }
  // Shape and strides only: the view's pixels are JS's own array, so no image crosses over.
  val window(int h, int w, int kh, int kw, int sy, int sx, int dy, int dx) {
    return guarded([&] {
      return window_object(sliding_window_view({nullptr, h, w}, kh, kw, {sy, sx}, {dy, dx}));
    });
  }
  val tiles(int h, int w, int n) {
    return guarded([&] { return window_object(tiles_view({nullptr, h, w}, n)); });
  }

  val filters(const FilterParams& params) {
    return guarded([&] {
      const std::vector<Filter> filters = filter_bank(params);
      val bank = val::array();
      for (std::size_t i = 0; i < filters.size(); ++i) {
        val filter = plane_object(filters[i].kernel);
        filter.set("name", filters[i].name);
        filter.set("description", filters[i].description);
        bank.set(i, filter);
      }
      return bank;
    });
  }

 private:
  // The bank's kernels into kernels_, viewed by views_.
  void copy_kernels(const CheckedBank& bank, const val& kernels) {
    kernels_.resize(bank.shape.kernel_count);
    views_.clear();
    for (int i = 0; i < bank.shape.kernel_count; ++i) {
      kernels_[i].resize(bank.shape.kernel_h, bank.shape.kernel_w);
      copy_in(kernels["data"][i], kernels_[i].data, kernels_[i].data.size());
      views_.push_back(kernels_[i].view());
    }
  }

  void run(const CheckedBank& bank, const val& kernels, int channels) {
    copy_kernels(bank, kernels);
    for (int c = 0; c < channels; ++c) convolver_.run(bank, planes_[c].view(), views_, outputs_[c]);
  }

  static val part_object(const PartEstimate& part) {
    val kernels = val::array();
    for (std::size_t i = 0; i < part.kernels.size(); ++i) kernels.set(i, part.kernels[i]);
    val methods = val::array();
    val ms = val::array();
    for (std::size_t i = 0; i < part.methods.size(); ++i) {
      methods.set(i, std::string(to_string(part.methods[i].method)));
      ms.set(i, part.methods[i].ms);
    }
    val o = val::object();
    o.set("kernels", kernels);
    o.set("methods", methods);
    o.set("ms", ms);
    o.set("pick", std::string(to_string(part.pick)));
    return o;
  }

  // Map n of the result is channel n % channels of kernel n / channels.
  val maps_result(const CheckedBank& bank, int channels, const val& out) {
    val maps = val::array();
    val methods = val::array();
    for (int i = 0; i < bank.shape.kernel_count; ++i) {
      for (int c = 0; c < channels; ++c) {
        const int n = i * channels + c;
        const std::vector<float>& map = outputs_[c][i].data;
        const val to = out.isUndefined() ? out : out[n];
        maps.set(n, copy_out(map.data(), map.size(), to, kMapArray));
      }
      methods.set(i, std::string(to_string(convolver_.methods()[i])));
    }
    val result = val::object();
    result.set("maps", maps);
    result.set("methods", methods);
    result.set("geometry", geometry_object(bank.geometry));
    return result;
  }

  // Draws each of maps_ (into outs[n] when given) as result.rendered[n], with the range it used
  // as result.ranges[n]. A shared range is the union of the maps' own ranges under the spec
  // (render.hpp steps 1 and 2), then every map is drawn over the union.
  void render_maps(Draw draw, const val& outs, val& result) {
    if (draw.shared) {
      RenderResult all = render_range(maps_[0], draw.spec);
      for (std::size_t n = 1; n < maps_.size(); ++n) {
        const RenderResult one = render_range(maps_[n], draw.spec);
        all = {std::min(all.lo, one.lo), std::max(all.hi, one.hi)};
      }
      draw.spec.range = RangeMode::fixed;
      draw.spec.lo = all.lo;
      draw.spec.hi = all.hi;
    }
    val rendered = val::array();
    val ranges = val::array();
    for (std::size_t n = 0; n < maps_.size(); ++n) {
      const RenderResult used = convscope::render(maps_[n], draw.spec, rgba_out_);
      const val to = outs.isUndefined() ? outs : outs[n];
      rendered.set(n, copy_out(rgba_out_.data(), rgba_out_.size(), to, kRgbaArray));
      ranges.set(n, std::array<float, 2>{used.lo, used.hi});
    }
    result.set("rendered", rendered);
    result.set("ranges", ranges);
  }

  Convolver convolver_;
  std::vector<std::uint8_t> rgba_;  // the canvas image: height x width x 4, as ImageData
  std::array<Plane, 3> planes_;     // the image: a plane, its luminance, or its r, g, b
  std::vector<Plane> kernels_;
  std::vector<PlaneView> views_;
  std::array<std::vector<Plane>, 3> outputs_;  // [channel][kernel]; only [0] for one channel
  Plane map_;                                  // a map from JS, for relu, pool and render
  std::vector<PlaneView> maps_;                // the maps to render
  std::vector<std::uint8_t> rgba_out_;         // the last render: height x width x 4
};

val string_array(const std::vector<std::string>& strings) {
  val array = val::array();
  for (std::size_t i = 0; i < strings.size(); ++i) array.set(i, strings[i]);
  return array;
}
// {padding: [...], border: [...], ..., channels: [...]}: every name the API takes; render range
// also takes 'shared'.
val names() {
  val o = val::object();
  for (NameList list : name_lists()) {
    if (list.what == "range") list.names.push_back("shared");
    o.set(list.what, string_array(list.names));
  }
  o.set("channels", string_array(kChannels));
  return o;
}
val limit_values() {
  val o = val::object();
  for (const Limit& limit : limits()) o.set(limit.name, limit.value);
  return o;
}

// Bytes malloc has handed out and not taken back: the tests' leak check.
int allocated_bytes() { return static_cast<int>(mallinfo().uordblks); }

}  // namespace
}  // namespace convscope

EMSCRIPTEN_BINDINGS(convscope) {
  using namespace convscope;
  using emscripten::value_array;
  using emscripten::value_object;

  value_object<JsSpec>("Spec")
      .field("strideY", &JsSpec::stride_y)
      .field("strideX", &JsSpec::stride_x)
      .field("dilationY", &JsSpec::dilation_y)
      .field("dilationX", &JsSpec::dilation_x)
      .field("padding", &JsSpec::padding)
      .field("top", &JsSpec::top)
      .field("bottom", &JsSpec::bottom)
      .field("left", &JsSpec::left)
      .field("right", &JsSpec::right)
      .field("border", &JsSpec::border)
      .field("borderValue", &JsSpec::border_value)
      .field("op", &JsSpec::op)
      .field("method", &JsSpec::method);
  value_object<JsPool>("Pool")
      .field("sizeY", &JsPool::size_y)
      .field("sizeX", &JsPool::size_x)
      .field("strideY", &JsPool::stride_y)
      .field("strideX", &JsPool::stride_x)
      .field("top", &JsPool::top)
      .field("bottom", &JsPool::bottom)
      .field("left", &JsPool::left)
      .field("right", &JsPool::right)
      .field("mode", &JsPool::mode);
  value_object<JsRender>("Render")
      .field("colormap", &JsRender::colormap)
      .field("range", &JsRender::range)
      .field("lo", &JsRender::lo)
      .field("hi", &JsRender::hi)
      .field("negative", &JsRender::negative);
  value_object<FilterParams>("FilterParams")
      .field("size", &FilterParams::size)
      .field("sigma", &FilterParams::sigma)
      .field("theta", &FilterParams::theta)
      .field("wavelength", &FilterParams::wavelength);
  value_object<AxisSize>("AxisSize")
      .field("in", &AxisSize::in)
      .field("kernel", &AxisSize::kernel)
      .field("padBefore", &AxisSize::pad_before)
      .field("padAfter", &AxisSize::pad_after)
      .field("out", &AxisSize::out)
      .field("unused", &AxisSize::unused);
  value_array<std::array<int, 4>>("Int4")
      .element(emscripten::index<0>())
      .element(emscripten::index<1>())
      .element(emscripten::index<2>())
      .element(emscripten::index<3>());
  value_array<std::array<float, 2>>("Range")
      .element(emscripten::index<0>())
      .element(emscripten::index<1>());

  emscripten::function("names", &names);
  emscripten::function("limits", &limit_values);
  emscripten::function("allocatedBytes", &allocated_bytes);
  emscripten::class_<Engine>("Engine")
      .constructor<>()
      .function("convolve", &Engine::convolve)
      .function("convolveRgba", &Engine::convolve_rgba)
      .function("timeBank", &Engine::time_bank)
      .function("estimate", &Engine::estimate)
      .function("explain", &Engine::explain)
      .function("render", &Engine::render)
      .function("relu", &Engine::relu)
      .function("pool", &Engine::pool)
      .function("outputSize", &Engine::output_size)
      .function("window", &Engine::window)
      .function("tiles", &Engine::tiles)
      .function("filters", &Engine::filters);
}
