// convscope: the engine from the command line, reading and writing NumPy .npy files, so results
// can be checked against NumPy/SciPy from a notebook. Subcommands: conv, filters, output-size,
// bench. Exit codes: 0 success; 2 a mistake on the command line; 1 a failure while running.
#include <algorithm>
#include <climits>
#include <exception>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "args.hpp"
#include "bench.hpp"
#include "convscope/catalog.hpp"
#include "convscope/cnn.hpp"
#include "convscope/convolve.hpp"
#include "convscope/errors.hpp"
#include "convscope/filters.hpp"
#include "convscope/npy.hpp"
#include "convscope/output_size.hpp"

namespace convscope {
namespace {

// The engine's names for an argument ("border", "method": catalog.hpp), as "a, b or c".
std::string names_text(const std::string& what) {
  for (const NameList& list : name_lists()) {
    if (list.what != what) continue;
    std::string text;
    for (std::size_t i = 0; i < list.names.size(); ++i)
      text += (i == 0 ? "" : i + 1 == list.names.size() ? " or " : ", ") + list.names[i];
    return text;
  }
  return what;
}

const char* kExitCodes =
    "exit codes: 0 success; 2 a mistake on the command line (unknown option, malformed or\n"
    "out-of-range value: stride, dilation, padding, border value and filter params are checked\n"
    "against the engine's limits before any file is read); 1 a failure while running (a file\n"
    "missing, unreadable or not a float32/float64 .npy, or the engine refusing the sizes or the\n"
    "data, e.g. an empty output or NaN).\n"
    "Every error is one line on stderr naming the bad value.\n";

std::string shape_text(const std::vector<int>& shape) {
  std::string text = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    text += (i ? ", " : "") + std::to_string(shape[i]);
  }
  return text + (shape.size() == 1 ? ",)" : ")");
}

std::string number_text(double value) {
  std::ostringstream text;
  text << value;
  return text.str();
}

// The planes of a 2-D (H, W) array (one) or a 3-D (N, H, W) array (N), borrowing array.data.
std::vector<PlaneView> planes_of(const NpyArray& array) {
  const bool stack = array.shape.size() == 3;
  const int count = stack ? array.shape[0] : 1;
  const int height = array.shape[stack ? 1 : 0], width = array.shape[stack ? 2 : 1];
  std::vector<PlaneView> planes;
  for (int n = 0; n < count; ++n) {
    planes.push_back(
        {array.data.data() + static_cast<std::size_t>(n) * height * width, height, width});
  }
  return planes;
}

// The geometry part of the spec, shared by conv and output-size.
ConvSpec geometry_spec(const Arguments& args) {
  ConvSpec spec;
  spec.stride = parse_pair("--stride", args.value("--stride"));
  spec.dilation = parse_pair("--dilation", args.value("--dilation"));
  parse_padding("--padding", args.value("--padding"), spec);
  spec.op = parse_name("--op", args.value("--op"), parse_operation);
  return spec;
}

// Checks the spec against the engine's limits before any file is read, so an out-of-range
// stride is a command-line mistake (exit 2) like a malformed one.
void check_spec(const ConvSpec& spec) {
  try {
    validate(spec);
  } catch (const RangeError& error) {
    throw UsageError(error.what());
  }
}

std::vector<OptionInfo> geometry_options() {
  const ConvSpec defaults;
  return {
      {"--stride", "S|Y,X", "step between output pixels, or y,x", false,
       std::to_string(defaults.stride.y)},
      {"--dilation", "D|Y,X", "spacing between kernel taps, or y,x", false,
       std::to_string(defaults.dilation.y)},
      {"--padding", "MODE|P|T,B,L,R",
       "valid, same (SciPy's split), full, P on every side, or top,bottom,left,right", false,
       to_string(defaults.padding)},
      {"--op", "OP", "correlation or convolution (kernel turned 180 degrees)", false,
       to_string(defaults.op)},
  };
}

Command conv_command() {
  const ConvSpec defaults;
  std::vector<OptionInfo> options = {
      {"--image", "FILE.npy", "image: (H, W), or (C, H, W) for C channels", true, ""},
      {"--kernel", "FILE.npy", "kernel: (kh, kw), or (nk, kh, kw) for a bank", true, ""},
      {"--out", "FILE.npy", "where to write the result, float32", true, ""},
  };
  for (const OptionInfo& option : geometry_options()) options.push_back(option);
  options.push_back({"--border", "MODE", "padded pixels: " + names_text("border"), false,
                     to_string(defaults.border)});
  options.push_back({"--border-value", "V", "the value of --border constant", false,
                     number_text(defaults.border_value)});
  options.push_back({"--method", "M", names_text("method"), false, to_string(defaults.method)});
  options.push_back({"--sum-channels", "yes|no",
                     "yes: the kernel's planes are one filter's channels, summed (a CNN layer)",
                     false, "no"});
  return {
      "conv",
      "convolve an image (each of its channels) with a kernel or a bank of kernels",
      "Input files are float32 or float64 .npy in C order; the output is float32.\n"
      "Output shape: a 2-D image and a 2-D kernel give (oh, ow). Otherwise the output is\n"
      "(C * nk, oh, ow): each of the C channels of a 3-D image is convolved separately with each\n"
      "of the nk kernels of a 3-D bank (C = 1 for a 2-D image, nk = 1 for a 2-D kernel), map\n"
      "c * nk + k holding channel c with kernel k. Channels are not summed, unless\n"
      "--sum-channels yes: then the (C, kh, kw) kernel is one filter with a plane per channel and\n"
      "the output is (oh, ow), the sum over c of channel c convolved with plane c.\n"
      "Prints on stdout the method that ran and the output shape:\n"
      "  method: fft\n"
      "  shape: (4, 14, 15)\n",
      options,
      [](const Arguments& args) {
        ConvSpec spec = geometry_spec(args);
        spec.border = parse_name("--border", args.value("--border"), parse_border_mode);
        spec.border_value =
            static_cast<float>(parse_finite_number("--border-value", args.value("--border-value")));
        spec.method = parse_name("--method", args.value("--method"), parse_method);
        check_spec(spec);

        const NpyArray image = read_npy(args.value("--image"));
        const NpyArray kernel = read_npy(args.value("--kernel"));
        const std::vector<PlaneView> channels = planes_of(image);
        const std::vector<PlaneView> bank = planes_of(kernel);
        if (channels.size() * bank.size() > static_cast<std::size_t>(INT_MAX)) {
          throw RangeError("image", "--image: " + std::to_string(channels.size()) + " channels x " +
                                        std::to_string(bank.size()) + " kernels is more than " +
                                        std::to_string(INT_MAX) + " output maps");
        }
        if (channels.empty()) {
          throw RangeError("image", "--image: '" + args.value("--image") + "' has shape " +
                                        shape_text(image.shape) + ": no channels");
        }

        Convolver convolver;
        if (parse_yes_no("--sum-channels", args.value("--sum-channels"))) {
          std::vector<Plane> sum, scratch;
          const Method method =
              conv2d_multichannel_bank(convolver, channels, {bank}, spec, sum, scratch);
          const std::vector<int> shape{sum.front().height, sum.front().width};
          write_npy(args.value("--out"), shape, sum.front().data.data());
          std::cout << "method: " << to_string(method) << "\nshape: " << shape_text(shape) << '\n';
          return 0;
        }
        std::vector<Plane> maps;  // one channel's nk output maps, reused across channels
        std::vector<float> out;   // all maps, channel-major: (C * nk) x oh x ow
        std::vector<Method> ran;  // distinct methods that ran, in order
        for (const PlaneView& channel : channels) {
          const Method method = convolver.run(channel, bank, spec, maps);
          if (out.empty()) out.reserve(channels.size() * maps.size() * maps.front().data.size());
          if (std::find(ran.begin(), ran.end(), method) == ran.end()) ran.push_back(method);
          for (const Plane& map : maps) out.insert(out.end(), map.data.begin(), map.data.end());
        }
        const int oh = maps.front().height, ow = maps.front().width;
        const std::vector<int> shape =
            image.shape.size() == 2 && kernel.shape.size() == 2
                ? std::vector<int>{oh, ow}
                : std::vector<int>{static_cast<int>(channels.size() * bank.size()), oh, ow};
        write_npy(args.value("--out"), shape, out.data());

        std::cout << "method: ";
        for (std::size_t i = 0; i < ran.size(); ++i)
          std::cout << (i ? "," : "") << to_string(ran[i]);
        std::cout << "\nshape: " << shape_text(shape) << '\n';
        return 0;
      },
  };
}

Command filters_command() {
  const FilterParams defaults;
  return {
      "filters",
      "write the preset filter bank as one .npy and list the names with their descriptions",
      "Prints the presets in bank order, one per line: name<TAB>description.\n"
      "With --out, the file holds (n, size, size) float32, map i being the i-th line printed.\n"
      "The fixed classics (3 x 3 Sobel and the like) keep their own size whatever --size says:\n"
      "without --names they are left out of a file of another size (their names go to stderr;\n"
      "--size 3 writes them), and --names mixing sizes with --out is an error.\n",
      {
          {"--size", "N", "side of the sized presets, 1.." + std::to_string(kMaxFilterSize), false,
           std::to_string(defaults.size)},
          {"--sigma", "S", "gaussian spread in pixels (gaussian, blurs, LoG, Gabor)", false,
           number_text(defaults.sigma)},
          {"--theta", "DEG", "angle, counterclockwise from +x (Gabor, motion blur)", false,
           number_text(defaults.theta)},
          {"--wavelength", "L", "Gabor stripe period in pixels, >= 2", false,
           number_text(defaults.wavelength)},
          {"--names", "A,B,...", "only these presets, in this order (default: all)", false, ""},
          {"--out", "FILE.npy", "where to write the bank (default: only list)", false, ""},
      },
      [](const Arguments& args) {
        FilterParams params;
        params.size = parse_positive_int("--size", args.value("--size"));
        params.sigma = parse_finite_number("--sigma", args.value("--sigma"));
        params.theta = parse_finite_number("--theta", args.value("--theta"));
        params.wavelength = parse_finite_number("--wavelength", args.value("--wavelength"));
        std::vector<Filter> bank;
        try {  // everything here came from the command line: a refused name or param is a usage
               // error
          if (args.has("--names")) {
            for (const std::string& name : parse_list("--names", args.value("--names"))) {
              bank.push_back(make_filter(name, params));
            }
          } else {
            bank = filter_bank(params);
          }
        } catch (const std::invalid_argument& error) {
          throw UsageError(error.what());
        }

        if (args.has("--out")) {
          const auto sized = [&](const Filter& f) {
            return f.kernel.height == bank.front().kernel.height &&
                   f.kernel.width == bank.front().kernel.width;
          };
          if (!args.has("--names")) {
            const auto left_out =
                std::stable_partition(bank.begin(), bank.end(), [&](const Filter& f) {
                  return f.kernel.height == params.size && f.kernel.width == params.size;
                });
            if (left_out != bank.end()) {
              std::cerr << "convscope filters: left out of the " << params.size << " x "
                        << params.size << " file (fixed size, see --help):";
              for (auto f = left_out; f != bank.end(); ++f) std::cerr << ' ' << f->name;
              std::cerr << '\n';
            }
            bank.erase(left_out, bank.end());
            if (bank.empty())
              throw UsageError("--size: no preset is " + args.value("--size") + " x " +
                               args.value("--size"));
          }
          const auto odd = std::find_if_not(bank.begin(), bank.end(), sized);
          if (odd != bank.end()) {
            const Plane &a = bank.front().kernel, &b = odd->kernel;
            throw UsageError("--names: one .npy holds one kernel size, but " + bank.front().name +
                             " is " + std::to_string(a.height) + " x " + std::to_string(a.width) +
                             " and " + odd->name + " is " + std::to_string(b.height) + " x " +
                             std::to_string(b.width));
          }
          std::vector<float> data;  // (n, size, size), C order
          for (const Filter& filter : bank) {
            data.insert(data.end(), filter.kernel.data.begin(), filter.kernel.data.end());
          }
          const Plane& first = bank.front().kernel;
          write_npy(args.value("--out"), {static_cast<int>(bank.size()), first.height, first.width},
                    data.data());
        }
        for (const Filter& filter : bank)
          std::cout << filter.name << '\t' << filter.description << '\n';
        return 0;
      },
  };
}

Command output_size_command() {
  std::vector<OptionInfo> options = {
      {"--height", "H", "image height", true, ""},
      {"--width", "W", "image width", true, ""},
      {"--kernel", "K|KY,KX", "kernel side, or height,width", true, ""},
  };
  for (const OptionInfo& option : geometry_options()) options.push_back(option);
  return {
      "output-size",
      "the output size, padding and unused rows/columns of a convolution",
      "Prints, per axis, floor((in + pad_before + pad_after - dilation * (K - 1) - 1) / stride) + "
      "1\n"
      "with the numbers filled in, then:\n"
      "  output: OH x OW\n"
      "  padding: top T, bottom B, left L, right R\n"
      "  unused: U rows, V columns   (input pixels at the far edge that no window reaches)\n"
      "--op matters only for 'same' with an even kernel: SciPy puts the odd padded pixel after\n"
      "the image for correlation and before it for convolution.\n",
      options,
      [](const Arguments& args) {
        const ConvSpec spec = geometry_spec(args);
        check_spec(spec);
        const int height = parse_positive_int("--height", args.value("--height"));
        const int width = parse_positive_int("--width", args.value("--width"));
        const Pair kernel = parse_pair("--kernel", args.value("--kernel"));
        const OutputGeometry g = output_geometry(height, width, kernel.y, kernel.x, spec);
        const auto formula = [](const char* axis, const AxisSize& a, int stride, int dilation) {
          std::cout << axis << ": floor((" << a.in << " + " << a.pad_before << " + " << a.pad_after
                    << " - " << dilation << " * (" << a.kernel << " - 1) - 1) / " << stride
                    << ") + 1 = " << a.out << '\n';
        };
        formula("height", g.y, spec.stride.y, spec.dilation.y);
        formula("width", g.x, spec.stride.x, spec.dilation.x);
        std::cout << "output: " << g.height() << " x " << g.width() << '\n'
                  << "padding: top " << g.pad.top << ", bottom " << g.pad.bottom << ", left "
                  << g.pad.left << ", right " << g.pad.right << '\n'
                  << "unused: " << g.y.unused << " rows, " << g.x.unused << " columns\n";
        return 0;
      },
  };
}

const std::vector<Command>& commands() {
  static const std::vector<Command> all = {conv_command(), filters_command(), output_size_command(),
                                           bench_command()};
  return all;
}

std::string global_help() {
  std::ostringstream out;
  out << "convscope: 2-D convolution from the command line, reading and writing NumPy .npy "
         "files.\n\nusage: convscope COMMAND [options]   (convscope COMMAND --help for its "
         "options)\n\ncommands:\n";
  for (const Command& command : commands()) {
    out << "  " << command.name << std::string(13 - command.name.size(), ' ') << command.summary
        << '\n';
  }
  out << '\n' << kExitCodes;
  return out.str();
}

int run(int argc, char** argv) {
  const std::string name = argc > 1 ? argv[1] : "";
  if (name == "--help" || name == "-h" || name == "help") {
    std::cout << global_help();
    return 0;
  }
  const auto command = std::find_if(commands().begin(), commands().end(),
                                    [&](const Command& c) { return c.name == name; });
  if (command == commands().end()) {
    std::cerr << "convscope: "
              << (name.empty() ? "missing command" : "unknown command '" + name + "'") << "\n\n"
              << global_help();
    return 2;
  }
  try {
    const Arguments args(command->options, std::vector<std::string>(argv + 2, argv + argc));
    if (args.help_requested()) {
      std::cout << "usage: convscope " << command->name << " [options]\n\n"
                << command->summary << "\n\noptions:\n"
                << describe_options(command->options) << '\n'
                << command->details << '\n'
                << kExitCodes;
      return 0;
    }
    return command->run(args);
  } catch (const UsageError& error) {
    std::cerr << "convscope " << name << ": " << error.what() << '\n';
    return 2;
  } catch (const std::exception& error) {
    std::cerr << "convscope " << name << ": " << error.what() << '\n';
    return 1;
  }
}

}  // namespace
}  // namespace convscope

int main(int argc, char** argv) { return convscope::run(argc, argv); }
