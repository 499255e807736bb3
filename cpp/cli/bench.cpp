// `convscope bench`: every method on the workloads, median of N timed runs after a warm-up,
// with auto beside them showing what it chose. bench/scipy_bench.py prints SciPy's numbers for the
// same workloads in the same table format.
#include "bench.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include "convscope/convolve.hpp"
#include "convscope/filters.hpp"

namespace convscope {
namespace {

const char* const kDetails =
    "Times direct, im2col, fft, fft_kiss (the same correlator over KissFFT), separable (rank-1\n"
    "kernels only) and auto on the standard workloads ('same' padding, zero border,\n"
    "correlation) and prints, per method, the median of N runs after one warm-up run, in ms and\n"
    "in Mpix*taps/s (output pixels x kernel taps x kernels per second). Runs go round-robin over\n"
    "the methods; a method whose warm-up run takes over 1 s is timed once more, not N times.\n"
    "Times are the thread's CPU time unless --wall.\n";

constexpr double kSlowRunMs = 1000.0;

struct Workload {
  std::string name;  // as bench/scipy_bench.py spells it: the two tables line up by name
  int height = 0;
  int width = 0;
  std::vector<Plane> kernels;
  Pair stride;
  bool rank_one = false;  // every kernel separable: separable joins the methods
};

struct Result {
  std::string workload;
  std::string method;
  std::string chosen;  // what auto ran; empty for the explicit methods
  double ms = 0.0;
  double mpix_taps_per_s = 0.0;
  int runs = 0;
  double vs_best = 0.0;  // auto's time over the best explicit method's; 0 for the others
};

Plane random_plane(int h, int w, float low, std::mt19937& rng) {
  std::uniform_real_distribution<float> value(low, 1.0f);
  Plane plane(h, w);
  for (float& v : plane.data) v = value(rng);
  return plane;
}

// The workloads. Random kernels are non-separable (full rank with probability 1).
std::vector<Workload> make_workloads(bool quick) {
  std::mt19937 rng(2026);
  std::vector<Workload> workloads;
  for (int k : {3, 7, 15, 31}) {
    const std::string size = std::to_string(k) + "x" + std::to_string(k);
    workloads.push_back({"512x512 " + size, 512, 512, {random_plane(k, k, -1.0f, rng)}, {}, false});
  }
  FilterParams gaussian_params;
  gaussian_params.size = 31;
  gaussian_params.sigma = 5.0;
  const Plane gaussian = make_filter("gaussian", gaussian_params).kernel;
  workloads.push_back({"512x512 31x31 gaussian", 512, 512, {gaussian}, {}, true});
  FilterParams notebook_params;  // load_sample_filters(size=7, sigma=1)
  notebook_params.size = 7;
  notebook_params.sigma = 1.0;
  std::vector<Plane> bank;
  for (const char* name : {"vertical", "horizontal", "flattop", "gaussian"}) {
    bank.push_back(make_filter(name, notebook_params).kernel);
  }
  workloads.push_back({"512x512 7x7 bank of 4", 512, 512, bank, {}, false});
  workloads.push_back(
      {"512x512 15x15 stride 2", 512, 512, {random_plane(15, 15, -1.0f, rng)}, {2, 2}, false});
  if (!quick) {
    workloads.push_back(
        {"2048x2048 31x31", 2048, 2048, {random_plane(31, 31, -1.0f, rng)}, {}, false});
  }
  return workloads;
}

// Milliseconds on the chosen clock. The thread's CPU clock (user + system time, page faults
// included) leaves out the time other processes take the core: on a shared 2-core VM it is far
// steadier than the wall clock, and for this single-threaded engine the two agree when the machine
// is idle.
double now_ms(bool wall) {
  if (wall) {
    return std::chrono::duration<double, std::milli>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec * 1e-6;
}

// The methods a run used, in kernel order without repeats: "im2col", or "im2col+separable" when
// auto split a mixed bank (its rank-1 kernels separable, the rest by the cost model).
std::string methods_run(const std::vector<Method>& methods) {
  std::string names;
  std::vector<Method> seen;
  for (Method m : methods) {
    if (std::find(seen.begin(), seen.end(), m) != seen.end()) continue;
    seen.push_back(m);
    names += (names.empty() ? "" : "+") + std::string(to_string(m));
  }
  return names;
}

// One method on one workload, with its own Convolver so its buffers, plans and spectra stay warm
// between runs, as on the live path.
struct Contender {
  Method method;
  Convolver convolver;
  std::vector<Plane> outputs;
  std::string chosen;  // what auto ran: one method, or one per part of a mixed bank
  double warm_up_ms = 0.0;
  std::vector<double> times;
};

double median(std::vector<double> times) {
  std::sort(times.begin(), times.end());
  const std::size_t n = times.size();
  return n % 2 ? times[n / 2] : (times[n / 2 - 1] + times[n / 2]) / 2;
}

// Every method warms up once, then the timed runs go round-robin (one run of each method per
// round), so a burst of load from elsewhere hits all methods alike rather than one.
std::vector<Result> run_workload(const Workload& workload, int repeat, bool wall) {
  std::mt19937 rng(7);
  const Plane image = random_plane(workload.height, workload.width, 0.0f, rng);
  std::vector<PlaneView> kernels;
  for (const Plane& k : workload.kernels) kernels.push_back(k.view());
  ConvSpec spec;
  spec.stride = workload.stride;

  std::vector<Method> methods = {Method::direct, Method::im2col, Method::fft, Method::fft_kiss};
  if (workload.rank_one) methods.push_back(Method::separable);
  methods.push_back(Method::auto_);
  std::vector<Contender> contenders(methods.size());
  for (std::size_t m = 0; m < methods.size(); ++m) {
    Contender& c = contenders[m];
    c.method = spec.method = methods[m];
    const double start = now_ms(wall);
    c.convolver.run(image.view(), kernels, spec, c.outputs);
    c.chosen = methods_run(c.convolver.methods());
    c.warm_up_ms = now_ms(wall) - start;
  }
  for (int round = 0; round < repeat; ++round) {
    for (Contender& c : contenders) {
      if (round > 0 && c.warm_up_ms > kSlowRunMs) continue;
      spec.method = c.method;
      const double start = now_ms(wall);
      c.convolver.run(image.view(), kernels, spec, c.outputs);
      c.times.push_back(now_ms(wall) - start);
    }
  }

  const double work = static_cast<double>(contenders.front().outputs.front().data.size()) *
                      workload.kernels.front().data.size() * workload.kernels.size();
  std::vector<Result> results;
  double best = 0.0;
  for (const Contender& c : contenders) {
    Result r;
    r.workload = workload.name;
    r.method = to_string(c.method);
    r.ms = median(c.times);
    r.mpix_taps_per_s = work / (r.ms * 1e-3) / 1e6;
    r.runs = static_cast<int>(c.times.size());
    if (c.method == Method::auto_) {
      r.chosen = c.chosen;
      r.vs_best = r.ms / best;
    } else {
      best = best == 0.0 ? r.ms : std::min(best, r.ms);
    }
    results.push_back(r);
  }
  return results;
}

void print_header() {
  std::printf("%-24s %-11s %10s %14s %5s  %s\n", "workload", "method", "ms", "Mpix*taps/s", "runs",
              "auto chose (time / best)");
}

void print_row(const Result& r) {
  std::printf("%-24s %-11s %10.3f %14.1f %5d", r.workload.c_str(), r.method.c_str(), r.ms,
              r.mpix_taps_per_s, r.runs);
  if (!r.chosen.empty()) std::printf("  %s (%.2fx)", r.chosen.c_str(), r.vs_best);
  std::printf("\n");
  std::fflush(stdout);
}

void print_json(const std::vector<Result>& results, int repeat, bool wall) {
  std::printf(
      "{\"tool\": \"convscope\", \"repeat\": %d, \"clock\": \"%s\", "
      "\"results\": [",
      repeat, wall ? "wall" : "cpu");
  for (std::size_t i = 0; i < results.size(); ++i) {
    const Result& r = results[i];
    std::printf(
        "%s\n  {\"workload\": \"%s\", \"method\": \"%s\", \"ms\": %.4f, "
        "\"mpix_taps_per_s\": %.2f, \"runs\": %d",
        i ? "," : "", r.workload.c_str(), r.method.c_str(), r.ms, r.mpix_taps_per_s, r.runs);
    if (!r.chosen.empty()) {
      std::printf(", \"chosen\": \"%s\", \"vs_best\": %.3f", r.chosen.c_str(), r.vs_best);
    }
    std::printf("}");
  }
  std::printf("\n]}\n");
}

int run_bench(const Arguments& args) {
  const bool quick = args.has("--quick"), json = args.has("--json"), wall = args.has("--wall");
  int repeat = quick ? 3 : 7;
  if (args.has("--repeat")) {
    repeat = parse_positive_int("--repeat", args.value("--repeat"));
    if (repeat > 1000)
      throw UsageError("--repeat: must be at most 1000, got " + std::to_string(repeat));
  }

  std::vector<Result> all;
  if (!json) {
    std::printf(
        "# convscope bench: median of %d runs after a warm-up, %s "
        "time; Mpix*taps/s = output"
        " pixels x taps x kernels / s\n",
        repeat, wall ? "wall-clock" : "thread CPU");
    print_header();
  }
  for (const Workload& workload : make_workloads(quick)) {
    for (const Result& r : run_workload(workload, repeat, wall)) {
      if (!json) print_row(r);
      all.push_back(r);
    }
  }
  if (json) print_json(all, repeat, wall);
  return 0;
}

}  // namespace

Command bench_command() {
  return {"bench",
          "time every method on the standard workloads",
          kDetails,
          {
              {"--repeat", "N", "timed runs per method, 1..1000 (default 7; 3 with --quick)"},
              {"--quick", "", "the 512x512 workloads only"},
              {"--wall", "", "wall-clock time instead of CPU time (includes time lost to others)"},
              {"--json", "", "one JSON object instead of the table"},
          },
          run_bench};
}

}  // namespace convscope
