// The one seam between the engine and JavaScript. Only web/convscope.js calls it.
//
// A Session owns every buffer JS exchanges with the engine and keeps them across calls, so the
// live path allocates nothing once warmed up: JS asks for room (a pointer into the wasm heap),
// writes its input there, runs, and copies the results out into arrays it owns.
//
// Errors: no exception crosses into JS (one would skip Embind's frees of the string and struct
// arguments and leak them). Each entry point catches, records the message and returns a status;
// convscope.js turns status 1 into a JS RangeError and 2 into a JS TypeError.
#include <emscripten/bind.h>
#include <malloc.h>

#include <array>
#include <cstdint>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "convscope/cnn.hpp"
#include "convscope/convolve.hpp"
#include "convscope/errors.hpp"
#include "convscope/filters.hpp"
#include "convscope/image.hpp"
#include "convscope/output_size.hpp"
#include "convscope/render.hpp"
#include "convscope/window.hpp"

namespace convscope {
namespace {

enum Status { kOk = 0, kRangeError = 1, kTypeError = 2, kError = 3 };

// A ConvSpec as JS spells it; names are parsed by the engine, so an unknown one is a TypeError.
struct JsSpec {
  int stride_y = 1, stride_x = 1, dilation_y = 1, dilation_x = 1;
  std::string padding = "same";
  int top = 0, bottom = 0, left = 0, right = 0;  // for padding "explicit"
  std::string border = "zero";
  float border_value = 0.0f;
  std::string op = "correlation";
  std::string method = "auto";
};

ConvSpec to_spec(const JsSpec& js) {
  ConvSpec spec;
  spec.stride = {js.stride_y, js.stride_x};
  spec.dilation = {js.dilation_y, js.dilation_x};
  spec.padding = parse_padding_mode(js.padding);
  spec.pad = {js.top, js.bottom, js.left, js.right};
  spec.border = parse_border_mode(js.border);
  spec.border_value = js.border_value;
  spec.op = parse_operation(js.op);
  spec.method = parse_method(js.method);
  validate(spec);
  return spec;
}

// A WindowView without its base pointer: strides in elements.
struct WindowShape {
  std::array<int, 4> shape;
  std::array<int, 4> strides;
};

// Pointers into the wasm heap travel to JS as plain numbers.
std::uintptr_t address(const void* p) { return reinterpret_cast<std::uintptr_t>(p); }

// Where a result lies in the wasm heap: height x width values (floats, or RGBA8 for a render) at
// data, owned by the Session until its next call of the same kind. JS copies them out.
struct Buffer {
  int height = 0;
  int width = 0;
  std::uintptr_t data = 0;
};
Buffer buffer(const Plane& plane) {
  return {plane.height, plane.width, address(plane.data.data())};
}

// A filter preset for JS: its name and description, and its kernel in the Session.
struct JsFilter {
  std::string name;
  std::string description;
  Buffer kernel;
};

// A render for JS: the RGBA8 pixels in the Session and the value range they span.
struct JsRender {
  Buffer rgba;
  float lo = 0.0f;
  float hi = 0.0f;
};

// Bytes malloc has handed out and not taken back: the tests' leak check.
int allocated_bytes() { return static_cast<int>(mallinfo().uordblks); }

class Session {
 public:
  std::string error_message() const { return error_; }

  // Checks the whole request (sizes, spec) before anything is allocated, then makes room for an
  // image of h x w (float32 plane, or RGBA8 when rgba) and n kernels of kh x kw, which JS writes at
  // image_data() and kernel_data(i).
  int prepare(int h, int w, bool rgba, int n, int kh, int kw, const JsSpec& js) {
    return guarded([&] {
      spec_ = to_spec(js);
      output_geometry(h, w, kh, kw, spec_);
      if (n < 1 || n > kMaxBankSize) {
        throw RangeError("kernels must hold 1 to " + std::to_string(kMaxBankSize) +
                         " kernels, got " + std::to_string(n));
      }
      if (rgba) {
        rgba_.resize(static_cast<std::size_t>(h) * w * 4);
        rgba_height_ = h;
        rgba_width_ = w;
      } else {
        image_.resize(h, w);
      }
      kernels_.resize(n);
      for (Plane& k : kernels_) k.resize(kh, kw);
    });
  }
  std::uintptr_t image_data() const { return address(image_.data.data()); }
  std::uintptr_t rgba_data() const { return address(rgba_.data()); }
  std::uintptr_t kernel_data(int i) const { return address(kernels_.at(i).data.data()); }

  // Runs the prepared plane request; map i is then output(0, i).
  int convolve() {
    return guarded([&] { run_bank(image_.view(), outputs_[0]); });
  }
  // Runs the prepared RGBA request on its luminance (maps in output(0, i)) or on each of its
  // r, g, b planes (maps in output(c, i)).
  int convolve_rgba(const std::string& channels) {
    return guarded([&] {
      if (channels == "luminance") {
        rgba_to_luminance(rgba_.data(), rgba_height_, rgba_width_, planes_[0]);
        run_bank(planes_[0].view(), outputs_[0]);
      } else if (channels == "rgb") {
        rgba_to_rgb_planes(rgba_.data(), rgba_height_, rgba_width_, planes_[0], planes_[1],
                           planes_[2]);
        for (int c = 0; c < 3; ++c) run_bank(planes_[c].view(), outputs_[c]);
      } else {
        throw TypeError("channels must be one of 'luminance', 'rgb', got '" + channels + "'");
      }
    });
  }
  // The method that computed kernel i's map in the last convolution (a mixed bank under auto may
  // run its rank-1 kernels separable and the rest otherwise).
  std::string method(int i) const { return to_string(convolver_.methods().at(i)); }
  Buffer output(int channel, int i) const { return buffer(outputs_.at(channel).at(i)); }

  // A map from JS for relu, pool or render: JS writes h x w floats at map_data().
  int prepare_map(int h, int w) {
    return guarded([&] { map_.resize(h, w); });
  }
  std::uintptr_t map_data() const { return address(map_.data.data()); }

  // Results of relu and pool: result().
  int relu_map() {
    return guarded([&] { result_ = relu(map_.view()); });
  }
  int pool_map(int size_y, int size_x, int stride_y, int stride_x, int top, int bottom, int left,
               int right, const std::string& mode) {
    return guarded([&] {
      PoolSpec spec;
      spec.size = {size_y, size_x};
      spec.stride = {stride_y, stride_x};
      spec.pad = {top, bottom, left, right};
      spec.mode = parse_pool_mode(mode);
      result_ = pool(map_.view(), spec);
    });
  }
  Buffer result() const { return buffer(result_); }

  // As RGBA8, then in rendered(): the prepared map (channel -1), or output(channel, i) of the
  // last convolution (the live path, which so skips a copy of each map back in). range "fixed"
  // uses lo and hi.
  int render_map(int channel, int i, const std::string& colormap, const std::string& range,
                 float lo, float hi, const std::string& negative) {
    return guarded([&] {
      const Plane& source = channel < 0 ? map_ : outputs_.at(channel).at(i);
      RenderSpec spec;
      spec.colormap = parse_colormap(colormap);
      spec.range = parse_range_mode(range);
      spec.lo = lo;
      spec.hi = hi;
      spec.negative = parse_negative_mode(negative);
      const RenderResult used = render(source.view(), spec, rgba_out_);
      rendered_ = {{source.height, source.width, address(rgba_out_.data())}, used.lo, used.hi};
    });
  }
  JsRender rendered() const { return rendered_; }

  int measure(int h, int w, int kh, int kw, const JsSpec& js) {
    return guarded([&] { geometry_ = output_geometry(h, w, kh, kw, to_spec(js)); });
  }
  OutputGeometry geometry() const { return geometry_; }

  // Shape and strides only: the view's pixels are JS's own array, so no image crosses over.
  int window(int h, int w, int kh, int kw, int stride_y, int stride_x, int dilation_y,
             int dilation_x) {
    return guarded([&] {
      window_ = sliding_window_view(PlaneView{nullptr, h, w}, kh, kw, {stride_y, stride_x},
                                    {dilation_y, dilation_x});
    });
  }
  int tiles(int h, int w, int n) {
    return guarded([&] { window_ = tiles_view(PlaneView{nullptr, h, w}, n); });
  }
  WindowShape window_shape() const {
    WindowShape out;
    for (int i = 0; i < 4; ++i) {
      out.shape[i] = window_.shape[i];
      out.strides[i] = static_cast<int>(window_.strides[i]);  // < kMaxImagePixels: fits an int
    }
    return out;
  }

  int make_filters(const FilterParams& params) {
    return guarded([&] { filters_ = filter_bank(params); });
  }
  int filter_count() const { return static_cast<int>(filters_.size()); }
  JsFilter filter(int i) const {
    const Filter& f = filters_.at(i);
    return {f.name, f.description, buffer(f.kernel)};
  }

 private:
  template <typename Body>
  int guarded(Body&& body) {
    try {
      body();
      return kOk;
    } catch (const RangeError& e) {
      error_ = e.what();
      return kRangeError;
    } catch (const TypeError& e) {
      error_ = e.what();
      return kTypeError;
    } catch (const std::bad_alloc&) {
      error_ = "not enough memory: the request needs more than the 2 GiB a wasm module can hold";
      return kRangeError;
    } catch (const std::length_error&) {  // a buffer larger than a 32-bit size_t can count
      error_ = "not enough memory: the request needs more than the 2 GiB a wasm module can hold";
      return kRangeError;
    } catch (const std::exception& e) {
      error_ = e.what();
      return kError;
    }
  }

  void run_bank(const PlaneView& image, std::vector<Plane>& outputs) {
    views_.clear();
    for (const Plane& k : kernels_) views_.push_back(k.view());
    convolver_.run(image, views_, spec_, outputs);
  }

  std::string error_;
  ConvSpec spec_;
  Convolver convolver_;
  Plane image_;
  std::vector<std::uint8_t> rgba_;  // rgba_height_ x rgba_width_ x 4, as canvas ImageData
  int rgba_height_ = 0, rgba_width_ = 0;
  std::array<Plane, 3> planes_;  // the canvas image as luminance, or as r, g, b
  std::vector<Plane> kernels_;
  std::vector<PlaneView> views_;
  std::array<std::vector<Plane>, 3> outputs_;  // [channel][kernel]; only [0] for luminance
  OutputGeometry geometry_;
  WindowView window_;
  std::vector<Filter> filters_;
  Plane map_;                           // a map from JS, for relu, pool and render
  Plane result_;                        // relu's or pool's output
  std::vector<std::uint8_t> rgba_out_;  // the last render: height x width x 4
  JsRender rendered_;
};

}  // namespace
}  // namespace convscope

EMSCRIPTEN_BINDINGS(convscope) {
  using namespace convscope;
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
  value_object<AxisSize>("AxisSize")
      .field("in", &AxisSize::in)
      .field("kernel", &AxisSize::kernel)
      .field("padBefore", &AxisSize::pad_before)
      .field("padAfter", &AxisSize::pad_after)
      .field("out", &AxisSize::out)
      .field("unused", &AxisSize::unused);
  value_object<Padding>("Padding")
      .field("top", &Padding::top)
      .field("bottom", &Padding::bottom)
      .field("left", &Padding::left)
      .field("right", &Padding::right);
  value_object<OutputGeometry>("OutputGeometry")
      .field("y", &OutputGeometry::y)
      .field("x", &OutputGeometry::x)
      .field("pad", &OutputGeometry::pad);
  value_object<FilterParams>("FilterParams")
      .field("size", &FilterParams::size)
      .field("sigma", &FilterParams::sigma)
      .field("theta", &FilterParams::theta)
      .field("wavelength", &FilterParams::wavelength);
  value_object<Buffer>("Buffer")
      .field("height", &Buffer::height)
      .field("width", &Buffer::width)
      .field("data", &Buffer::data);
  value_object<JsFilter>("Filter")
      .field("name", &JsFilter::name)
      .field("description", &JsFilter::description)
      .field("kernel", &JsFilter::kernel);
  value_object<JsRender>("Render")
      .field("rgba", &JsRender::rgba)
      .field("lo", &JsRender::lo)
      .field("hi", &JsRender::hi);
  emscripten::value_array<std::array<int, 4>>("Int4")
      .element(emscripten::index<0>())
      .element(emscripten::index<1>())
      .element(emscripten::index<2>())
      .element(emscripten::index<3>());
  value_object<WindowShape>("WindowShape")
      .field("shape", &WindowShape::shape)
      .field("strides", &WindowShape::strides);

  emscripten::function("allocatedBytes", &allocated_bytes);
  emscripten::class_<Session>("Session")
      .constructor<>()
      .function("errorMessage", &Session::error_message)
      .function("prepare", &Session::prepare)
      .function("imageData", &Session::image_data)
      .function("rgbaData", &Session::rgba_data)
      .function("kernelData", &Session::kernel_data)
      .function("convolve", &Session::convolve)
      .function("convolveRgba", &Session::convolve_rgba)
      .function("method", &Session::method)
      .function("output", &Session::output)
      .function("prepareMap", &Session::prepare_map)
      .function("mapData", &Session::map_data)
      .function("reluMap", &Session::relu_map)
      .function("poolMap", &Session::pool_map)
      .function("result", &Session::result)
      .function("renderMap", &Session::render_map)
      .function("rendered", &Session::rendered)
      .function("measure", &Session::measure)
      .function("geometry", &Session::geometry)
      .function("window", &Session::window)
      .function("tiles", &Session::tiles)
      .function("windowShape", &Session::window_shape)
      .function("makeFilters", &Session::make_filters)
      .function("filterCount", &Session::filter_count)
      .function("filter", &Session::filter);
}
