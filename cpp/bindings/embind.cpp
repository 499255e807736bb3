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

#include <array>
#include <cstdint>
#include <new>
#include <string>
#include <vector>

#include "convscope/convolve.hpp"
#include "convscope/errors.hpp"
#include "convscope/filters.hpp"
#include "convscope/output_size.hpp"
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

class Session {
 public:
  std::string error_message() const { return error_; }

  // Checks the whole request (sizes, spec) before anything is allocated, then makes room for an
  // image of h x w and n kernels of kh x kw, which JS writes at image_data() and kernel_data(i).
  int prepare(int h, int w, int n, int kh, int kw, const JsSpec& js) {
    return guarded([&] {
      spec_ = to_spec(js);
      output_geometry(h, w, kh, kw, spec_);
      if (n < 1 || n > kMaxBankSize) {
        throw RangeError("kernels must hold 1 to " + std::to_string(kMaxBankSize) +
                         " kernels, got " + std::to_string(n));
      }
      image_.resize(h, w);
      kernels_.resize(n);
      for (Plane& k : kernels_) k.resize(kh, kw);
    });
  }
  std::uintptr_t image_data() const { return address(image_.data.data()); }
  std::uintptr_t kernel_data(int i) const { return address(kernels_.at(i).data.data()); }

  // Runs the prepared request; the maps are then at output_data(i), output_height x output_width.
  int convolve() {
    return guarded([&] {
      views_.clear();
      for (const Plane& k : kernels_) views_.push_back(k.view());
      method_ = convolver_.run(image_.view(), views_, spec_, outputs_);
    });
  }
  std::string method() const { return to_string(method_); }
  int output_height() const { return outputs_.front().height; }
  int output_width() const { return outputs_.front().width; }
  std::uintptr_t output_data(int i) const { return address(outputs_.at(i).data.data()); }

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
  std::string filter_name(int i) const { return filters_.at(i).name; }
  std::string filter_description(int i) const { return filters_.at(i).description; }
  int filter_height(int i) const { return filters_.at(i).kernel.height; }
  int filter_width(int i) const { return filters_.at(i).kernel.width; }
  std::uintptr_t filter_data(int i) const { return address(filters_.at(i).kernel.data.data()); }

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
    } catch (const std::exception& e) {
      error_ = e.what();
      return kError;
    }
  }

  std::string error_;
  ConvSpec spec_;
  Convolver convolver_;
  Plane image_;
  std::vector<Plane> kernels_;
  std::vector<PlaneView> views_;
  std::vector<Plane> outputs_;
  Method method_ = Method::direct;
  OutputGeometry geometry_;
  WindowView window_;
  std::vector<Filter> filters_;
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
  emscripten::value_array<std::array<int, 4>>("Int4")
      .element(emscripten::index<0>())
      .element(emscripten::index<1>())
      .element(emscripten::index<2>())
      .element(emscripten::index<3>());
  value_object<WindowShape>("WindowShape")
      .field("shape", &WindowShape::shape)
      .field("strides", &WindowShape::strides);

  emscripten::class_<Session>("Session")
      .constructor<>()
      .function("errorMessage", &Session::error_message)
      .function("prepare", &Session::prepare)
      .function("imageData", &Session::image_data)
      .function("kernelData", &Session::kernel_data)
      .function("convolve", &Session::convolve)
      .function("method", &Session::method)
      .function("outputHeight", &Session::output_height)
      .function("outputWidth", &Session::output_width)
      .function("outputData", &Session::output_data)
      .function("measure", &Session::measure)
      .function("geometry", &Session::geometry)
      .function("window", &Session::window)
      .function("tiles", &Session::tiles)
      .function("windowShape", &Session::window_shape)
      .function("makeFilters", &Session::make_filters)
      .function("filterCount", &Session::filter_count)
      .function("filterName", &Session::filter_name)
      .function("filterDescription", &Session::filter_description)
      .function("filterHeight", &Session::filter_height)
      .function("filterWidth", &Session::filter_width)
      .function("filterData", &Session::filter_data);
}
