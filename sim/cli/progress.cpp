#include "cli/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace lambdasim::cli {
namespace {

// At most 4 redraws a second.
constexpr std::chrono::milliseconds kRefresh{250};

// "4.2M", "850k", "12".
std::string short_count(double x) {
  if (x >= 1e9) return fmt::format("{:.1f}G", x / 1e9);
  if (x >= 1e6) return fmt::format("{:.1f}M", x / 1e6);
  if (x >= 1e3) return fmt::format("{:.0f}k", x / 1e3);
  return fmt::format("{:.0f}", x);
}

// "12s", "3m05s", "1h02m".
std::string short_duration(double s) {
  const auto whole = static_cast<long long>(std::ceil(s));
  if (whole < 60) return fmt::format("{}s", whole);
  if (whole < 3600) return fmt::format("{}m{:02}s", whole / 60, whole % 60);
  return fmt::format("{}h{:02}m", whole / 3600, (whole % 3600) / 60);
}

}  // namespace

void add_quiet_option(CLI::App& cmd, bool& quiet) {
  cmd.add_flag("--quiet,-q", quiet,
               "no progress line on stderr (shown only when stderr is a terminal, and not "
               "with -v)");
}

bool progress_wanted(bool quiet) {
  return !quiet && isatty(STDERR_FILENO) == 1 && !spdlog::should_log(spdlog::level::info);
}

ProgressLine::ProgressLine(bool enabled, std::size_t runs, SimTime simulated)
    : enabled_(enabled),
      runs_(runs),
      simulated_ns_(static_cast<double>(simulated.count())),
      start_(std::chrono::steady_clock::now()) {
  if (!enabled_) return;
  draw();  // at once, so that even a short run shows what it does
  thread_ = std::thread([this] { loop(); });
}

ProgressLine::~ProgressLine() {
  finish();
}

void ProgressLine::loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!wake_.wait_for(lock, kRefresh, [this] { return stop_; })) draw();
}

std::string ProgressLine::text(std::uint64_t runs_done, std::size_t runs, double events_per_s,
                               double fraction, double elapsed_s) {
  std::string eta = "--";
  if (fraction >= 1) {
    eta = "0s";
  } else if (fraction > 0) {
    eta = short_duration(elapsed_s * (1 - fraction) / fraction);
  }
  return fmt::format("lambdasim: runs {}/{} | {} events/s | {:.0f}% simulated | ETA {}", runs_done,
                     runs, short_count(events_per_s), 100 * fraction, eta);
}

void ProgressLine::draw() {
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const auto events = static_cast<double>(counters_.events.load(std::memory_order_relaxed));
  const auto simulated =
      static_cast<double>(counters_.simulated_ns.load(std::memory_order_relaxed));
  const double fraction = simulated_ns_ > 0 ? std::clamp(simulated / simulated_ns_, 0.0, 1.0) : 0;
  const std::string line = text(counters_.runs.load(std::memory_order_relaxed), runs_,
                                elapsed > 0 ? events / elapsed : 0, fraction, elapsed);
  // Padded over the previous line; stdio's stderr is unbuffered, one write.
  const std::string out =
      "\r" + line + std::string(width_ > line.size() ? width_ - line.size() : 0, ' ');
  width_ = std::max(width_, line.size());
  std::fwrite(out.data(), 1, out.size(), stderr);
}

void ProgressLine::finish() {
  if (!enabled_) return;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (stop_) return;
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  const std::string blank = "\r" + std::string(width_, ' ') + "\r";
  std::fwrite(blank.data(), 1, blank.size(), stderr);
  std::fflush(stderr);
}

}  // namespace lambdasim::cli
